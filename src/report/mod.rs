//! Status and period report: figures computed once by the backend ([`StatusData`],
//! [`ReportData`]) rendered as text, Markdown, JSON or CSV. Pure functions: no I/O, no
//! database, no terminal library. Every string that came from storage passes through
//! [`printable`](crate::domain::text::printable) before it is rendered.
//!
//! - [`words`]: every word and sentence in both languages (the contract's sentences live here).
//! - [`status`]: the one-screen `dvk status`.
//! - [`document`]: the report as text and Markdown.
//! - [`json`], [`csv`]: the machine-readable forms.
//! - [`scan`]: the same figures computed by reading a whole dataset (the reference).
//! - [`layout`]: fitting text into terminal columns.
//! - [`appendix`]: the appendix lists (models by unit and field, counted models, recognised
//!   models, awards, replications, units not registered), through the `Api`, that every
//!   format with appendices (text, Markdown, xlsx, docx) lays out; [`appendix_words`]: their
//!   headings.
//! - [`unit`]: the figures of one unit and the units below it (`--unit`).
//! - [`docx`]: the report as a Word document.
//! - [`xlsx`]: the report as an Excel workbook.

pub mod appendix;
pub mod appendix_words;
pub mod csv;
pub mod document;
pub mod docx;
pub mod json;
pub mod layout;
pub mod scan;
pub mod status;
pub mod unit;
pub mod words;
pub mod xlsx;

#[cfg(test)]
mod docx_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_appendix;

pub use csv::{CSV_HEADER, report_csv};
pub use document::{
    Extras, OVERDUE_LISTED, report_md, report_md_with, report_text, report_text_with,
};
pub use docx::report_docx;
pub use json::{report_json, status_json};
pub use scan::report_from_dataset;
pub use status::{MAX_LINES, status_text};

use crate::api::ReportData;
use crate::i18n::Lang;

/// The formats of `dvk report --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Md,
    Json,
    Csv,
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Text, Format::Md, Format::Json, Format::Csv];

    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Md),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

/// The report in a format, ready to print or write to a file (ends with a newline).
pub fn render(r: &ReportData, format: Format, lang: Lang) -> String {
    match format {
        Format::Text => report_text(r, lang),
        Format::Md => report_md(r, lang),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report_json(r, lang))
                .expect("a JSON value serialises");
            s.push('\n');
            s
        }
        Format::Csv => report_csv(r, lang),
    }
}
