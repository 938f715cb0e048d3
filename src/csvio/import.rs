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
    let mut w = WouldCreate::default();
    would_create_into(api, batch, &mut w, &mut None)?;
    Ok(w)
}

/// [`would_create`] for one part of a file after others: `known` holds the catalogue's keys
/// and those of the earlier parts (read from the backend at the first part).
fn would_create_into(
    api: &Api,
    batch: &ImportBatch,
    w: &mut WouldCreate,
    known: &mut Option<Vec<String>>,
) -> Result<(), ApiError> {
    use crate::domain::text::fold;
    use crate::domain::validate::clean_period_code;
    fn push_new(list: &mut Vec<String>, known: &mut Vec<String>, key: String, shown: String) {
        if !known.contains(&key) {
            known.push(key);
            list.push(shown);
        }
    }
    let known = match (known.as_mut(), batch) {
        (Some(k), _) => k,
        (None, ImportBatch::Models(_) | ImportBatch::Periods(_)) => {
            known.insert(api.periods()?.into_iter().map(|p| p.code).collect())
        }
        (None, ImportBatch::Awards(_)) => {
            known.insert(api.bodies()?.iter().map(|b| fold(&b.name)).collect())
        }
        (None, ImportBatch::Forms(_)) => {
            known.insert(api.forms()?.into_iter().map(|f| f.code).collect())
        }
        (None, ImportBatch::Fields(_)) => {
            known.insert(api.fields()?.into_iter().map(|f| f.code).collect())
        }
        (None, _) => return Ok(()),
    };
    match batch {
        ImportBatch::Models(rows) => {
            for r in rows {
                if let Ok(c) = clean_period_code(&r.model.period) {
                    push_new(&mut w.periods, known, c.clone(), c);
                }
            }
        }
        ImportBatch::Awards(rows) => {
            for r in rows {
                let name = r.award.body.trim();
                if !name.is_empty() {
                    push_new(&mut w.bodies, known, fold(name), name.to_string());
                }
            }
        }
        ImportBatch::Periods(rows) => {
            for r in rows {
                let c = r.record.code.trim().to_string();
                push_new(&mut w.periods, known, c.clone(), c);
            }
        }
        ImportBatch::Forms(rows) => {
            for r in rows {
                let c = r.record.code.trim().to_string();
                push_new(&mut w.forms, known, c.clone(), c);
            }
        }
        ImportBatch::Fields(rows) => {
            for r in rows {
                let c = r.record.code.trim().to_string();
                push_new(&mut w.fields, known, c.clone(), c);
            }
        }
        _ => {}
    }
    Ok(())
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

/// Bytes of the file read, parsed and sent at a time: the file is never held whole, and a
/// part's request stays far below the server's frame limit.
pub const PART_BYTES: usize = 8 << 20;

/// [`run_import_listing`] with the problems placed in the file but not rendered.
pub fn run_import_located(
    api: &Api,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
    progress: &dyn Fn(u64, u64),
) -> Result<(u64, u64, WouldCreate), ImportFailure> {
    run_import_in_parts(api, kind, path, dry_run, progress, PART_BYTES)
}

/// [`run_import_located`], reading the file `part_bytes` at a time. A file of one part is
/// sent in one request ([`crate::api::Request::Import`]); a larger one, or one whose
/// request would pass the backend's limit, in parts ([`crate::api::Request::ImportPart`]),
/// each split again while it is too large to send. The file is parsed whole first in the
/// sense that counts: a file with a problem of format anywhere has nothing imported, and
/// every such problem is reported; the backend then checks all parts before writing any.
#[doc(hidden)]
pub fn run_import_in_parts(
    api: &Api,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
    progress: &dyn Fn(u64, u64),
    part_bytes: usize,
) -> Result<(u64, u64, WouldCreate), ImportFailure> {
    let file = crate::domain::text::shown_path(path);
    let io_err = |e: std::io::Error| {
        ImportFailure::Api(ApiError::Msg(Msg::Io {
            detail: format!("{file}: {e}"),
        }))
    };
    let f = std::fs::File::open(path).map_err(io_err)?;
    let total = f.metadata().map_err(io_err)?.len();
    let (fields, forms) = match kind {
        ImportKind::Models => (api.fields().map_err(ImportFailure::Api)?, vec![]),
        ImportKind::Awards => (vec![], api.forms().map_err(ImportFailure::Api)?),
        _ => (vec![], vec![]),
    };
    let mut parts = super::table::Parts::new(f, part_bytes);
    let mut parser = parse::PartParser::new(kind, &fields, &forms);
    let mut problems: Vec<CsvProblem> = Vec::new();
    let mut created = WouldCreate::default();
    let mut known = None;
    let mut sender = Sender {
        api,
        dry_run,
        max: api.0.max_request(),
        first: true,
    };
    // One part is held back, so that the last one goes out marked as the last.
    let mut held: Option<ImportBatch> = None;
    let mut read_any = false;
    loop {
        let (data, at) = match parts.next_part().map_err(io_err)? {
            Some(p) => p,
            // An empty file is one empty part: its header is missing.
            None if !read_any => (Vec::new(), Default::default()),
            None => break,
        };
        read_any = true;
        let (batch, found) = parser.part(&data, at, total, progress);
        drop(data);
        problems.extend(found);
        if !problems.is_empty() {
            // Keep reading for the file's other problems; nothing more is sent.
            held = None;
            continue;
        }
        would_create_into(api, &batch, &mut created, &mut known).map_err(ImportFailure::Api)?;
        if let Some(before) = held.replace(batch) {
            sender
                .send(before, false)
                .map_err(|e| fail(e, parser.columns()))?;
        }
    }
    progress(total, total);
    if !problems.is_empty() {
        // Header problems first, then in file order, whatever order the checks ran in.
        problems.sort_by_key(|p| (p.line, p.column));
        return Err(ImportFailure::Problems(problems));
    }
    let last = held.unwrap_or_else(|| parse::empty_batch(kind));
    match sender.send(last, true) {
        Ok(Some((rows, skipped))) => Ok((rows, skipped, created)),
        Ok(None) => Err(ImportFailure::Api(ApiError::Msg(Msg::ImportStreamBroken))),
        Err(e) => Err(fail(e, parser.columns())),
    }
}

fn fail(e: ApiError, columns: &[String]) -> ImportFailure {
    match e {
        ApiError::Invalid(ps) => ImportFailure::Problems(locate(&ps, columns)),
        e => ImportFailure::Api(e),
    }
}

/// Sends the parts of one file.
struct Sender<'a, 'b> {
    api: &'a Api<'b>,
    dry_run: bool,
    /// The backend's largest request, if it has one.
    max: Option<u64>,
    /// Nothing is sent yet.
    first: bool,
}

/// Room left in a request for what surrounds the rows.
const FRAME_SLACK: u64 = 1 << 10;

impl Sender<'_, '_> {
    /// Send a part (`last`: the file's last); the last answers with the rows and skipped
    /// rows. A whole file of one part goes as one [`crate::api::Request::Import`].
    fn send(&mut self, batch: ImportBatch, last: bool) -> Result<Option<(u64, u64)>, ApiError> {
        if self.too_large(&batch) && batch.len() > 1 {
            let (a, b) = split(batch);
            self.send(a, false)?;
            return self.send(b, last);
        }
        if self.first && last {
            return self.api.import_counted(batch, self.dry_run).map(Some);
        }
        let first = std::mem::replace(&mut self.first, false);
        self.api.import_part(batch, first, last, self.dry_run)
    }

    /// Too large for one request: over the backend's limit, or more than the server lets a
    /// request of its size take in memory once decoded. The server decodes a request with the
    /// limit of the first of its tiers ([`crate::server::proto::TIERS`]) that holds the
    /// request's bytes, and counts against it what the rows take in memory (every row's
    /// whole size, not its bytes): a part of 8 MiB of models would take more than 16 MiB.
    fn too_large(&self, batch: &ImportBatch) -> bool {
        let Some(max) = self.max else {
            return false;
        };
        let mut c = Count(0);
        let _ = bincode::serde::encode_into_std_write(batch, &mut c, bincode::config::standard());
        let bytes = c.0 + FRAME_SLACK;
        if bytes > max {
            return true;
        }
        let tier = crate::server::proto::TIERS
            .iter()
            .map(|t| *t as u64)
            .find(|t| *t >= bytes)
            .unwrap_or(u64::MAX);
        // Twice the estimate: the rows' own lists (criteria, actuals) are counted too.
        let in_memory = 2 * (bytes + batch.len() as u64 * row_size(batch));
        in_memory > tier
    }
}

/// The size in memory of one row of a batch, without what its texts and lists hold.
fn row_size(batch: &ImportBatch) -> u64 {
    use std::mem::size_of;
    let n = match batch {
        ImportBatch::Units(_) => size_of::<crate::api::UnitImport>(),
        ImportBatch::Models(_) => size_of::<crate::api::ModelImport>(),
        ImportBatch::CheckIns(_) => size_of::<crate::api::CheckInImport>(),
        ImportBatch::Awards(_) => size_of::<crate::api::AwardImport>(),
        ImportBatch::Replications(_) => size_of::<crate::api::ReplicationImport>(),
        ImportBatch::Periods(_) => size_of::<crate::api::Row<crate::domain::Period>>(),
        ImportBatch::Fields(_) => size_of::<crate::api::Row<crate::domain::FieldDef>>(),
        ImportBatch::Forms(_) => size_of::<crate::api::Row<crate::domain::AwardForm>>(),
        ImportBatch::Reviews(_) => size_of::<crate::api::ReviewImport>(),
    };
    n as u64
}

/// Counts the bytes written to it.
struct Count(u64);

impl std::io::Write for Count {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first half of a batch's rows and the second.
fn split(batch: ImportBatch) -> (ImportBatch, ImportBatch) {
    use ImportBatch as B;
    fn halves<T>(mut v: Vec<T>) -> (Vec<T>, Vec<T>) {
        let b = v.split_off(v.len() / 2);
        (v, b)
    }
    match batch {
        B::Units(v) => {
            let (a, b) = halves(v);
            (B::Units(a), B::Units(b))
        }
        B::Models(v) => {
            let (a, b) = halves(v);
            (B::Models(a), B::Models(b))
        }
        B::CheckIns(v) => {
            let (a, b) = halves(v);
            (B::CheckIns(a), B::CheckIns(b))
        }
        B::Awards(v) => {
            let (a, b) = halves(v);
            (B::Awards(a), B::Awards(b))
        }
        B::Replications(v) => {
            let (a, b) = halves(v);
            (B::Replications(a), B::Replications(b))
        }
        B::Periods(v) => {
            let (a, b) = halves(v);
            (B::Periods(a), B::Periods(b))
        }
        B::Fields(v) => {
            let (a, b) = halves(v);
            (B::Fields(a), B::Fields(b))
        }
        B::Forms(v) => {
            let (a, b) = halves(v);
            (B::Forms(a), B::Forms(b))
        }
        B::Reviews(v) => {
            let (a, b) = halves(v);
            (B::Reviews(a), B::Reviews(b))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Backend, Request, Response};
    use crate::server::proto::{self, ClientFrame};

    /// A server's side of the wire: every request is decoded as the server decodes it.
    struct Wire(std::sync::Mutex<Vec<u64>>);

    impl Backend for Wire {
        fn call(&self, req: Request) -> crate::api::ApiResult<Response> {
            let mut framed = Vec::new();
            proto::write_frame(&mut framed, &ClientFrame::Call(req)).unwrap();
            let f: ClientFrame = proto::decode_body(&framed[4..]).expect("the server decodes it");
            let ClientFrame::Call(Request::ImportPart { batch, last, .. }) = f else {
                panic!("a part")
            };
            let mut got = self.0.lock().unwrap();
            got.push(batch.len() as u64);
            Ok(match last {
                true => Response::Imported {
                    rows: got.iter().sum(),
                    skipped: 0,
                },
                false => Response::ImportPartTaken { rows: 0 },
            })
        }
        fn max_request(&self) -> Option<u64> {
            Some(u64::from(proto::MAX_REQUEST))
        }
    }

    #[test]
    fn a_large_part_goes_in_requests_the_server_can_decode() {
        let mut csv = String::from("code,unit_code,kind,title,field,period,registered_on\n");
        for i in 0..30_000 {
            csv.push_str(&format!(
                "M{i:07},U00001,collective,Mô hình {i},economy,2021-2025,2021-03-01\n"
            ));
        }
        let fields = crate::domain::codes::default_fields();
        let parsed =
            parse::parse_with(ImportKind::Models, csv.as_bytes(), &fields, &[], &|_, _| {})
                .unwrap();
        let wire = Wire(Default::default());
        let api = Api(&wire);
        let mut sender = Sender {
            api: &api,
            dry_run: false,
            max: wire.max_request(),
            first: true,
        };
        assert_eq!(sender.send(parsed.batch, true).unwrap(), Some((30_000, 0)));
        assert!(wire.0.lock().unwrap().len() > 1, "sent in several requests");
    }
}
