//! Running an import: file → parse → backend → problems placed back in the file.

use std::path::Path;

use super::table::column_of;
use super::{CsvProblem, ImportKind, parse};
use crate::api::{Api, ApiError, Problem};
use crate::domain::Msg;
use crate::domain::text::printable;
use crate::i18n::Lang;

/// At most this many problems are printed; the rest are counted (CONTRACT.md).
pub const MAX_SHOWN: usize = 50;

/// Why an import wrote nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// The file has problems: `FILE:LINE:COLUMN: …` lines, already in the user's language,
    /// at most [`MAX_SHOWN`] of them and then one “… and N more problems” line.
    Problems(Vec<String>),
    /// The file could not be read, or the backend failed for another reason.
    Api(ApiError),
}

impl ImportError {
    /// The exit code of CONTRACT.md: 2 for a rejected file, the backend's code otherwise
    /// (1 for an unreadable file: a run-time I/O failure).
    pub fn exit_code(&self) -> i32 {
        match self {
            ImportError::Problems(_) => 2,
            ImportError::Api(e) => e.exit_code(),
        }
    }

    /// What to print, one problem per line.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        match self {
            ImportError::Problems(ls) => ls.clone(),
            ImportError::Api(e) => e.text(lang).lines().map(printable).collect(),
        }
    }
}

impl std::fmt::Display for ImportError {
    /// The lines as rendered; an [`ImportError::Api`] in Vietnamese, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.lines(Lang::default()).join("\n"))
    }
}

impl std::error::Error for ImportError {}

/// Render problems for printing: at most [`MAX_SHOWN`], then a line counting the others.
pub fn render_all(problems: &[CsvProblem], file: &str, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = problems
        .iter()
        .take(MAX_SHOWN)
        .map(|p| p.render(file, lang))
        .collect();
    if problems.len() > MAX_SHOWN {
        out.push(
            Msg::MoreProblems {
                count: (problems.len() - MAX_SHOWN) as u64,
            }
            .text(lang),
        );
    }
    out
}

/// Place the backend's problems in the file: `field` is a column name; a field the file has
/// no column for goes to the row's key column (`code` or `model_code`) or to column 1. A
/// problem without a line is about the file as a whole and is shown at line 1.
pub fn locate(problems: &[Problem], columns: &[String]) -> Vec<CsvProblem> {
    let mut out: Vec<CsvProblem> = problems
        .iter()
        .map(|p| CsvProblem {
            line: p.line.unwrap_or(1),
            column: column_of(&p.field, columns),
            msg: p.msg.clone(),
        })
        .collect();
    out.sort_by_key(|p| (p.line, p.column));
    out
}

/// Import the file at `path` as `kind`: all rows or none; with `dry_run` everything is
/// checked and nothing written. Returns the number of rows and, of those, the rows skipped
/// because they equal records already stored. `progress(done, total)` is
/// called while the file is parsed, in bytes of the file, every few hundred rows and once
/// at the end.
pub fn run_import(
    api: &Api,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
    lang: Lang,
    progress: &dyn Fn(u64, u64),
) -> Result<(u64, u64), ImportError> {
    let file = crate::domain::text::shown_path(path);
    let data = std::fs::read(path).map_err(|e| {
        ImportError::Api(ApiError::Msg(Msg::Io {
            detail: format!("{file}: {e}"),
        }))
    })?;
    let (fields, forms) = match kind {
        ImportKind::Models => (api.fields().map_err(ImportError::Api)?, vec![]),
        ImportKind::Awards => (vec![], api.forms().map_err(ImportError::Api)?),
        _ => (vec![], vec![]),
    };
    let parsed = parse::parse_with(kind, &data, &fields, &forms, progress)
        .map_err(|ps| ImportError::Problems(render_all(&ps, &file, lang)))?;
    match api.import_counted(parsed.batch, dry_run) {
        Ok(counts) => Ok(counts),
        Err(ApiError::Invalid(ps)) => Err(ImportError::Problems(render_all(
            &locate(&ps, &parsed.columns),
            &file,
            lang,
        ))),
        Err(e) => Err(ImportError::Api(e)),
    }
}
