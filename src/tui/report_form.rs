//! `r` on the overview: a small form — the format and the file — that writes the period's
//! report (the Word document by default) and says in the status line where it went.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::app::{App, Flash, Popup};
use super::form::{Field, FieldKey, Form, Kind, Note, Opt, Target};
use super::i18n::S;
use super::records::{Base, Reader};
use crate::api::{Api, ApiError, Request};
use crate::cli::ReportFormat;
use crate::domain::Msg;
use crate::domain::text::shown_path;
use crate::i18n::Lang;

/// The formats the form offers, with their file extensions, the first being the default.
/// (The workbook joins them when dvk writes one.)
const FORMATS: &[(ReportFormat, &str, &str, &str)] = &[
    (ReportFormat::Docx, "docx", "Word (.docx)", "Word (.docx)"),
    (ReportFormat::Xlsx, "xlsx", "Excel (.xlsx)", "Excel (.xlsx)"),
    (ReportFormat::Md, "md", "Markdown (.md)", "Markdown (.md)"),
    (
        ReportFormat::Text,
        "txt",
        "Văn bản (.txt)",
        "Plain text (.txt)",
    ),
];

fn format_of(code: &str) -> (ReportFormat, &'static str) {
    FORMATS
        .iter()
        .find(|f| f.1 == code)
        .map_or((ReportFormat::Docx, "docx"), |f| (f.0, f.1))
}

/// The form, for the period shown (`None`: the latest).
pub fn open(period: Option<String>, as_of: NaiveDate, lang: Lang) -> Form {
    let opts = FORMATS
        .iter()
        .map(|(_, ext, vi, en)| Opt::new(*ext, lang.pick(*vi, *en)))
        .collect();
    let name = match &period {
        Some(p) => format!("bao-cao-{p}.docx"),
        None => "bao-cao.docx".to_string(),
    };
    let fields = vec![
        Field::new(
            FieldKey::Format,
            S::ReportFormat,
            Kind::Choice(opts),
            "docx",
        )
        .required(),
        Field::new(
            FieldKey::Path,
            S::ReportFile,
            Kind::Text {
                max: 4096,
                multiline: false,
            },
            &name,
        )
        .required(),
    ];
    let subject = period.clone().unwrap_or_default();
    Form::new(
        Target::Report {
            period: period.clone(),
        },
        Base::Report { period, as_of },
        S::WriteReport,
        subject,
        fields,
    )
}

/// The report the form asks for, once a format is chosen and a file named.
pub(super) fn build(r: &mut Reader, period: &Option<String>, as_of: NaiveDate) -> Request {
    if r.s(FieldKey::Path).trim().is_empty() {
        r.err(FieldKey::Path, Msg::Required);
    }
    r.chosen(FieldKey::Format);
    Request::Report {
        period: period.clone(),
        as_of,
        overdue_limit: None,
    }
}

/// The file as typed, its extension made the format's when it names another known format
/// (so switching docx → md does not write Markdown into `bao-cao.docx`).
fn file_for(typed: &str, ext: &str) -> PathBuf {
    let p = PathBuf::from(typed.trim());
    let known = p
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| FORMATS.iter().any(|f| f.1 == e));
    if known { p.with_extension(ext) } else { p }
}

/// Write the report the top form asks for; the form closes once the file is on disk.
pub(super) fn write(app: &mut App, api: &Api, as_of: NaiveDate) {
    let Some(Popup::Form(form)) = app.popups.last() else {
        return;
    };
    let Base::Report { period, .. } = &form.base else {
        return;
    };
    let (format, ext) = format_of(form.get(FieldKey::Format));
    let path = file_for(form.get(FieldKey::Path), ext);
    let job = crate::cli::ReportJob {
        period: period.clone(),
        day: as_of,
        format,
        unit: None,
        appendix: true,
        letterhead: &app.letterhead,
    };
    let result = crate::cli::report_bytes(api.0, &job, app.lang)
        .map_err(|e| match e {
            ApiError::Msg(m) => m,
            e => Msg::Io {
                detail: e.text(app.lang),
            },
        })
        .and_then(|bytes| {
            crate::cli::write_atomic(&path, &bytes).map_err(|e| crate::store::file_msg(&path, &e))
        });
    match result {
        Ok(()) => {
            app.popups.pop();
            let shown = shown_path(&absolute(&path));
            app.notice = Some(Flash::Done(
                Msg::ReportWritten { path: shown }.text(app.lang),
            ));
        }
        Err(m) => {
            if let Some(Popup::Form(f)) = app.popups.last_mut() {
                f.note = Some(Note::Failed(m));
            }
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_follows_the_format() {
        assert_eq!(file_for("bao-cao.docx", "md"), PathBuf::from("bao-cao.md"));
        assert_eq!(file_for(" a/b.txt ", "docx"), PathBuf::from("a/b.docx"));
        // A name of the user's own is kept.
        assert_eq!(file_for("bao-cao.v2", "docx"), PathBuf::from("bao-cao.v2"));
        assert_eq!(file_for("bao-cao", "docx"), PathBuf::from("bao-cao"));
    }
}
