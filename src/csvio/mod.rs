//! CSV import and export (CONTRACT.md, “CSV files”).
//!
//! - [`parse`] turns a file into an [`ImportBatch`] or into every problem it has, each at
//!   `FILE:LINE:COLUMN`; nothing touches the database.
//! - [`run_import`] reads a file, parses it against the backend's catalogues, sends the
//!   batch (all rows or none) and maps the backend's problems back to lines and columns.
//! - [`write_csv`] / [`write_json`] export a whole [`Dataset`](crate::api::Dataset); importing the CSV files in
//!   [`IMPORT_ORDER`] restores the same records.
//!
//! The four files of the contract (units, models, awards, check-ins) are joined by four
//! extensions (periods, fields, forms, replications) and extra optional columns (documented
//! on the column lists in `parse.rs`), so an export re-imports completely while a file with
//! the contract's columns only still imports.

mod cells;
pub mod export;
mod import;
mod parse;
mod table;

pub use table::delimiter;

#[cfg(test)]
mod tests_import;
#[cfg(test)]
mod tests_parse;
#[cfg(test)]
mod tests_parts;
#[cfg(test)]
mod tests_roundtrip;

use std::fmt;
use std::str::FromStr;

pub use cells::{guard, unguard};
pub use export::{write_csv, write_json};

/// The byte-order mark that begins every CSV file dvk writes, so that spreadsheets read it
/// as UTF-8.
pub const BOM: &str = "\u{feff}";
pub use import::{
    ImportError, ImportFailure, MAX_SHOWN, PART_BYTES, WouldCreate, locate, run_import,
    run_import_in_parts, run_import_listing, run_import_located, would_create,
};
pub use parse::{AWARDS, CATALOGUE, CHECKINS, MODELS, PERIODS, REPLICATIONS, REVIEWS, UNITS};
pub use table::Col;

use crate::api::ImportBatch;
use crate::domain::{AwardForm, FieldDef, Msg};
use crate::i18n::Lang;

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportKind {
    Units,
    Models,
    Awards,
    CheckIns,
    Periods,
    Fields,
    Forms,
    Replications,
    Reviews,
}

/// The order in which the files of an export directory must be imported: each file refers
/// only to records of the files before it.
pub const IMPORT_ORDER: &[ImportKind] = &[
    ImportKind::Periods,
    ImportKind::Reviews,
    ImportKind::Fields,
    ImportKind::Forms,
    ImportKind::Units,
    ImportKind::Models,
    ImportKind::CheckIns,
    ImportKind::Awards,
    ImportKind::Replications,
];

impl ImportKind {
    pub const ALL: &'static [ImportKind] = IMPORT_ORDER;

    /// The word of the command line (`dvk import checkins FILE`).
    pub fn word(self) -> &'static str {
        match self {
            ImportKind::Units => "units",
            ImportKind::Models => "models",
            ImportKind::Awards => "awards",
            ImportKind::CheckIns => "checkins",
            ImportKind::Periods => "periods",
            ImportKind::Fields => "fields",
            ImportKind::Forms => "forms",
            ImportKind::Replications => "replications",
            ImportKind::Reviews => "reviews",
        }
    }

    /// The file's name in an export directory (`checkins.csv`).
    pub fn file_name(self) -> String {
        format!("{}.csv", self.word())
    }

    /// The columns a file of this kind may have, in the order an export writes them.
    pub fn columns(self) -> &'static [Col] {
        parse::spec(self)
    }

    pub fn parse(s: &str) -> Option<ImportKind> {
        let w = s.trim().to_ascii_lowercase();
        // `check-ins` and `check_ins` as people write the word; the file name too.
        let w = w.strip_suffix(".csv").unwrap_or(&w).replace(['-', '_'], "");
        Self::ALL.iter().copied().find(|k| k.word() == w)
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl FromStr for ImportKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImportKind::parse(s).ok_or_else(|| {
            let words: Vec<_> = Self::ALL.iter().map(|k| k.word()).collect();
            format!(
                "{} ({})",
                crate::domain::text::printable(s),
                words.join(", ")
            )
        })
    }
}

/// A problem at a place in a CSV file. `line` is the line the row starts on (a quoted cell
/// may span lines), 1 for the header; `column` is the cell's 1-based position in the row.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvProblem {
    pub line: u64,
    pub column: usize,
    pub msg: Msg,
}

impl CsvProblem {
    /// `FILE:LINE:COLUMN: what is wrong`, on one line, safe to print: text that came from
    /// the file is already defused in the message, and the whole line is passed through
    /// `printable` again so no file name or message can carry a control sequence.
    pub fn render(&self, file: &str, lang: Lang) -> String {
        let s = format!(
            "{}:{}:{}: {}",
            file,
            self.line,
            self.column,
            self.msg.text(lang)
        );
        crate::domain::text::printable(&s)
    }
}

/// A parsed file: the rows for the backend and the header, to place the backend's problems.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub batch: ImportBatch,
    /// Header names in file order (trimmed, lower case).
    pub columns: Vec<String>,
}

/// Parse a CSV file of `kind`. `fields` and `forms` are the catalogues that `field` and
/// `form` cells are read against (by code or by name in either language). Returns every
/// problem of the file, in line and column order, or the batch.
///
/// `file_name` is not part of the problems: the caller renders them with
/// [`CsvProblem::render`] and the name as the user typed it.
pub fn parse(
    kind: ImportKind,
    file_name: &str,
    data: &[u8],
    fields: &[FieldDef],
    forms: &[AwardForm],
) -> Result<Parsed, Vec<CsvProblem>> {
    let _ = file_name;
    parse::parse_with(kind, data, fields, forms, &|_, _| {})
}
