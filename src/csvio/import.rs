//! Running an import: file → parse → backend → problems placed back in the file.

use std::path::Path;

use super::table::column_of;
use super::{CsvProblem, ImportKind, parse};
use crate::api::{Api, ApiError, ImportBatch, Problem};
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
    run_import_listing(api, kind, path, dry_run, lang, progress).map(|(r, s, _)| (r, s))
}

/// What an import would add to the catalogues besides its rows: new periods, awarding
/// bodies, forms and fields, each under the spelling it would be stored with (a body whose
/// name folds to a known body is that body and is not new).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WouldCreate {
    pub periods: Vec<String>,
    pub bodies: Vec<String>,
    pub forms: Vec<String>,
    pub fields: Vec<String>,
}

impl WouldCreate {
    pub fn is_empty(&self) -> bool {
        self.periods.is_empty()
            && self.bodies.is_empty()
            && self.forms.is_empty()
            && self.fields.is_empty()
    }

    /// One line: “sẽ tạo giai đoạn mới: 2021-2052; cơ quan khen thưởng mới: …” before a dry
    /// run's summary, “đã tạo …” once `done`.
    pub fn line(&self, lang: Lang, done: bool) -> String {
        let parts: Vec<String> = [
            (&self.periods, "giai đoạn mới", "new periods"),
            (
                &self.bodies,
                "cơ quan khen thưởng mới",
                "new awarding bodies",
            ),
            (&self.forms, "hình thức khen thưởng mới", "new award forms"),
            (&self.fields, "lĩnh vực mới", "new fields"),
        ]
        .iter()
        .filter(|(v, _, _)| !v.is_empty())
        .map(|(v, vi, en)| {
            let list = v
                .iter()
                .map(|x| printable(x))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {list}", lang.pick(*vi, *en))
        })
        .collect();
        match done {
            false => lang.pick(
                format!("sẽ tạo {}", parts.join("; ")),
                format!("would create {}", parts.join("; ")),
            ),
            true => lang.pick(
                format!("đã tạo {}", parts.join("; ")),
                format!("created {}", parts.join("; ")),
            ),
        }
    }
}

/// Compare a batch with the catalogues as they are.
pub fn would_create(api: &Api, batch: &ImportBatch) -> Result<WouldCreate, ApiError> {
    use crate::domain::text::fold;
    use crate::domain::validate::clean_period_code;
    fn push_new(list: &mut Vec<String>, known: &mut Vec<String>, key: String, shown: String) {
        if !known.contains(&key) {
            known.push(key);
            list.push(shown);
        }
    }
    let mut w = WouldCreate::default();
    match batch {
        ImportBatch::Models(rows) => {
            let mut known: Vec<String> = api.periods()?.into_iter().map(|p| p.code).collect();
            for r in rows {
                if let Ok(c) = clean_period_code(&r.model.period) {
                    push_new(&mut w.periods, &mut known, c.clone(), c);
                }
            }
        }
        ImportBatch::Awards(rows) => {
            let mut known: Vec<String> = api.bodies()?.iter().map(|b| fold(&b.name)).collect();
            for r in rows {
                let name = r.award.body.trim();
                if !name.is_empty() {
                    push_new(&mut w.bodies, &mut known, fold(name), name.to_string());
                }
            }
        }
        ImportBatch::Periods(rows) => {
            let mut known: Vec<String> = api.periods()?.into_iter().map(|p| p.code).collect();
            for r in rows {
                let c = r.record.code.trim().to_string();
                push_new(&mut w.periods, &mut known, c.clone(), c);
            }
        }
        ImportBatch::Forms(rows) => {
            let mut known: Vec<String> = api.forms()?.into_iter().map(|f| f.code).collect();
            for r in rows {
                let c = r.record.code.trim().to_string();
                push_new(&mut w.forms, &mut known, c.clone(), c);
            }
        }
        ImportBatch::Fields(rows) => {
            let mut known: Vec<String> = api.fields()?.into_iter().map(|f| f.code).collect();
            for r in rows {
                let c = r.record.code.trim().to_string();
                push_new(&mut w.fields, &mut known, c.clone(), c);
            }
        }
        _ => {}
    }
    Ok(w)
}

/// [`run_import`], also saying what the import adds (or with `dry_run` would add) to the
/// catalogues, so that a typo in a period or a body shows — before anything is written when
/// it is a dry run.
pub fn run_import_listing(
    api: &Api,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
    lang: Lang,
    progress: &dyn Fn(u64, u64),
) -> Result<(u64, u64, WouldCreate), ImportError> {
    let file = crate::domain::text::shown_path(path);
    run_import_located(api, kind, path, dry_run, progress).map_err(|f| match f {
        ImportFailure::Problems(ps) => ImportError::Problems(render_all(&ps, &file, lang)),
        ImportFailure::Api(e) => ImportError::Api(e),
    })
}

/// Why an import did not happen, the file's problems still as data (every one of them, for
/// `dvk import --json`).
#[derive(Debug)]
pub enum ImportFailure {
    Problems(Vec<CsvProblem>),
    Api(ApiError),
}

/// [`run_import_listing`] with the problems placed in the file but not rendered.
pub fn run_import_located(
    api: &Api,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
    progress: &dyn Fn(u64, u64),
) -> Result<(u64, u64, WouldCreate), ImportFailure> {
    let file = crate::domain::text::shown_path(path);
    let data = std::fs::read(path).map_err(|e| {
        ImportFailure::Api(ApiError::Msg(Msg::Io {
            detail: format!("{file}: {e}"),
        }))
    })?;
    let (fields, forms) = match kind {
        ImportKind::Models => (api.fields().map_err(ImportFailure::Api)?, vec![]),
        ImportKind::Awards => (vec![], api.forms().map_err(ImportFailure::Api)?),
        _ => (vec![], vec![]),
    };
    let parsed = parse::parse_with(kind, &data, &fields, &forms, progress)
        .map_err(ImportFailure::Problems)?;
    let created = would_create(api, &parsed.batch).map_err(ImportFailure::Api)?;
    match api.import_counted(parsed.batch, dry_run) {
        Ok((rows, skipped)) => Ok((rows, skipped, created)),
        Err(ApiError::Invalid(ps)) => Err(ImportFailure::Problems(locate(&ps, &parsed.columns))),
        Err(e) => Err(ImportFailure::Api(e)),
    }
}
