//! Every read and write the program makes, as data. A [`Request`] goes to a [`Backend`] and
//! comes back as a [`Response`] or an [`ApiError`]. The embedded store answers in-process;
//! `dvk serve` answers the same values over a Unix socket. The interface and the commands use
//! nothing else: they never hold a database handle.
//!
//! Identity is not part of a request: the embedded backend is built with the login name of
//! the process, the server with the peer credentials of the connection.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::*;

/// Raised when a request or response changes shape; client and server must agree.
pub const PROTOCOL_VERSION: u32 = 4;

// A request is built once and sent at once; boxing the large records would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    // --- reads -------------------------------------------------------------------------
    Periods,
    Fields,
    Forms,
    Bodies,
    Units,
    /// Figures of a period (default: the latest period), from counters: never a scan.
    Status {
        period: Option<String>,
        as_of: NaiveDate,
    },
    /// Status plus what the written report lists (overdue models, catalogues).
    Report {
        period: Option<String>,
        as_of: NaiveDate,
        /// List at most this many overdue models (most overdue first); `None`: all.
        overdue_limit: Option<u32>,
    },
    /// One row per model of the period (all periods when `None`), for tables.
    ModelRows {
        period: Option<String>,
        as_of: NaiveDate,
    },
    /// One row per unit, in tree order, with its models in the period.
    UnitRows {
        period: Option<String>,
    },
    /// Awards of the period (all when `None`) with their recipients.
    AwardRows {
        period: Option<String>,
    },
    /// A model with its unit, period, check-ins, awards, replications and history.
    Model {
        id: Id,
    },
    ModelByCode {
        code: String,
    },
    /// The audit entries of one record, newest first.
    History {
        record: RecordRef,
        limit: u32,
    },
    /// Everything, for export and backup.
    Dataset,
    /// Verify the database: decoding, references, counters.
    Check,
    /// Who the backend believes the caller is.
    Whoami,
    /// The unit that owns a record (a unit, or the unit of the model a record belongs to).
    UnitOf {
        record: RecordRef,
    },

    // --- writes (each one transaction, flushed before the answer) ----------------------
    SavePeriod(Period),
    SaveField(FieldDef),
    SaveForm(AwardForm),
    /// `id == 0` creates.
    SaveUnit(Unit),
    DeleteUnit {
        id: Id,
    },
    /// `id == 0` creates; otherwise `rev` must be the stored revision.
    SaveModel(Model),
    DeleteModel {
        id: Id,
    },
    SaveCheckIn(CheckIn),
    /// A check-in is named with its model, under which it is stored.
    DeleteCheckIn {
        model: Id,
        id: Id,
    },
    SaveAward(Award),
    DeleteAward {
        id: Id,
    },
    SaveReplication(Replication),
    DeleteReplication {
        id: Id,
    },
    /// All rows or none. With `dry_run` everything is checked and nothing written.
    Import {
        batch: ImportBatch,
        dry_run: bool,
    },
    /// Load a whole dataset (restore, demo). Refused on a database with data unless
    /// `replace`, which first removes everything.
    Load {
        dataset: Box<Dataset>,
        replace: bool,
    },
    /// Undo the caller's latest change that is not undone yet.
    Undo,
    /// Move a model to another step, change its registration status or its outcome, with
    /// the reason kept in the model's history (the audit entry's note).
    ModelAction {
        id: Id,
        rev: u64,
        action: ModelAction,
        reason: String,
    },
    /// Keep the caller's unfinished form (an opaque text; empty removes it).
    SaveDraft {
        text: String,
    },
    /// The caller's unfinished form, if any.
    Draft,
    /// What the caller's next `Undo` would do, said in words (`Response::Preview` with
    /// `Msg::UndoPreview`); nothing is changed. Refused as the undo would be.
    UndoPreview,
    /// Make again the caller's latest undone change, unless a change of theirs came after
    /// the undo. Refused like an undo when its records changed since.
    Redo,
    /// What the caller's next `Redo` would do (`Msg::RedoPreview`); nothing is changed.
    RedoPreview,
    /// One award decision for many models, as one change: `award`'s body, form, decision
    /// number, date and note for each model named (its `model`, `id` and `rev` are not
    /// used). All or nothing: a problem with one model refuses it, naming the model.
    AwardMany {
        award: Award,
        models: Vec<Id>,
    },
    /// One check-in for many models, as one change (`checkin`'s date, kind, by, note, step
    /// and next due; no actuals). All or nothing, as `AwardMany`.
    CheckInMany {
        checkin: CheckIn,
        models: Vec<Id>,
    },
    /// One workflow action on many models, as one change: applied to every model that
    /// allows it (checked against the model as stored); the others are answered as skipped,
    /// with why. Refused when no model allows it.
    ModelActionMany {
        models: Vec<Id>,
        action: ModelAction,
        reason: String,
    },
    /// Rows `start..start + len` of one table of a period as the interface shows it (sorted,
    /// filtered, searched), with the table's row count; see [`WindowData`] and
    /// `store::window` for how to use it and keep it fresh.
    Window {
        /// `None`: the latest period.
        period: Option<String>,
        /// The day `overdue` is measured on (the interface's today).
        as_of: NaiveDate,
        view: ViewSpec,
        start: u64,
        /// At most [`WINDOW_MAX`] rows are sent, whatever is asked.
        len: u32,
        /// Also say where this record (a unit, model or award id, by table) is in the view.
        locate: Option<Id>,
    },
    /// One part of a file too large for one request, in file order: `first` begins the
    /// file (forgetting any part kept before), `last` ends it. The parts are kept aside until
    /// the last, then the file is imported as [`Request::Import`] would: all rows or none.
    /// Every part answers [`Response::ImportPartTaken`], the last one
    /// [`Response::Imported`] (or the file's problems).
    ImportPart {
        batch: ImportBatch,
        first: bool,
        last: bool,
        dry_run: bool,
    },
}

impl Request {
    /// Writes change data; everything else reads. (Drafts are the caller's own scratch
    /// space, not records, so keeping one counts as a read for rights.) Every variant is
    /// named here, so a new request cannot be classed by default.
    pub fn is_write(&self) -> bool {
        use Request as Q;
        match self {
            // Catalogues, figures and tables.
            Q::Periods | Q::Fields | Q::Forms | Q::Bodies | Q::Units => false,
            Q::Status { .. } | Q::Report { .. } => false,
            Q::ModelRows { .. } | Q::UnitRows { .. } | Q::AwardRows { .. } => false,
            // One record, its history, everything.
            Q::Model { .. } | Q::ModelByCode { .. } | Q::History { .. } => false,
            Q::Dataset | Q::Check => false,
            // The caller, and the caller's own scratch space.
            Q::Whoami | Q::UnitOf { .. } | Q::Draft | Q::SaveDraft { .. } => false,
            // A window of a table.
            Q::Window { .. } => false,
            // Catalogues.
            Q::SavePeriod(_) | Q::SaveField(_) | Q::SaveForm(_) => true,
            // Records.
            Q::SaveUnit(_) | Q::SaveModel(_) | Q::SaveCheckIn(_) => true,
            Q::SaveAward(_) | Q::SaveReplication(_) => true,
            Q::DeleteUnit { .. } | Q::DeleteModel { .. } | Q::DeleteCheckIn { .. } => true,
            Q::DeleteAward { .. } | Q::DeleteReplication { .. } => true,
            Q::ModelAction { .. } | Q::Import { .. } | Q::Load { .. } | Q::Undo => true,
            // What an undo or a redo would do.
            Q::UndoPreview | Q::RedoPreview => false,
            Q::Redo | Q::AwardMany { .. } | Q::CheckInMany { .. } => true,
            Q::ModelActionMany { .. } => true,
            Q::ImportPart { .. } => true,
        }
    }
}

/// What [`Request::ModelAction`] changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ModelAction {
    Step(u8),
    Status(RegStatus),
    Outcome(Outcome),
    /// An outcome with the day it was decided and the decision's number (both cleared when
    /// the outcome goes back to pending).
    Decide {
        outcome: Outcome,
        on: Option<NaiveDate>,
        decision: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Periods(Vec<Period>),
    Fields(Vec<FieldDef>),
    Forms(Vec<AwardForm>),
    Bodies(Vec<Body>),
    Units(Vec<Unit>),
    Status(Box<StatusData>),
    Report(Box<ReportData>),
    ModelRows(Vec<ModelRow>),
    UnitRows(Vec<UnitRow>),
    AwardRows(Vec<AwardRow>),
    Model(Box<ModelDetail>),
    History(Vec<AuditEntry>),
    Dataset(Box<Dataset>),
    Check(CheckReport),
    Whoami {
        user: String,
    },
    UnitOf(Option<Id>),
    /// A write succeeded and is on disk: the record's id and new revision.
    Saved {
        id: Id,
        rev: u64,
    },
    Deleted,
    /// `rows` of the batch, of which `skipped` were equal to records already stored.
    Imported {
        rows: u64,
        skipped: u64,
    },
    Loaded,
    Undone {
        record: RecordRef,
        action: Action,
    },
    Draft(Option<String>),
    /// What an undo or a redo would do (`Msg::UndoPreview`, `Msg::RedoPreview`).
    Preview(Msg),
    /// A redo is on disk: the record made again (for a change of several records, an
    /// `Import` reference named `batch` with their number) and what was made.
    Redone {
        record: RecordRef,
        action: Action,
    },
    /// A change for many models is on disk: the records saved (id, new revision), and the
    /// models skipped (`field`: the model's code, `msg`: why).
    Batch {
        saved: Vec<(Id, u64)>,
        skipped: Vec<Problem>,
    },
    Window(Box<WindowData>),
    /// A part of an import that is not its last was kept: the rows received so far.
    ImportPartTaken {
        rows: u64,
    },
}

/// A problem found in a request. `line` is set for import rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub line: Option<u64>,
    pub field: String,
    pub msg: Msg,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    /// One problem, not tied to a field.
    #[error("{0}")]
    Msg(Msg),
    /// The request's data is invalid; nothing was written.
    #[error("invalid")]
    Invalid(Vec<Problem>),
}

impl From<Msg> for ApiError {
    fn from(m: Msg) -> Self {
        ApiError::Msg(m)
    }
}

impl ApiError {
    /// The exit code of CONTRACT.md for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            ApiError::Msg(Msg::DbLocked { .. }) => 3,
            ApiError::Msg(
                Msg::Io { .. }
                | Msg::Corrupt { .. }
                | Msg::DbNewer { .. }
                | Msg::Other(_)
                | Msg::ServerGone { .. }
                | Msg::ConnectionLost { .. },
            ) => 1,
            ApiError::Msg(
                Msg::DiskFull { .. }
                | Msg::DbDamaged { .. }
                | Msg::JournalDamaged { .. }
                | Msg::SocketPathTaken { .. },
            ) => 1,
            _ => 2,
        }
    }

    /// Build from field errors of validation, for a record without a line.
    pub fn fields(errs: Vec<validate::FieldError>) -> Self {
        ApiError::Invalid(
            errs.into_iter()
                .map(|e| Problem {
                    line: None,
                    field: e.field,
                    msg: e.msg,
                })
                .collect(),
        )
    }

    /// One line per problem, in the user's language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        match self {
            ApiError::Msg(m) => m.text(lang),
            ApiError::Invalid(ps) => ps
                .iter()
                .map(|p| match p.line {
                    Some(l) => format!("{l}: {}: {}", p.field, p.msg.text(lang)),
                    None if p.field.is_empty() => p.msg.text(lang),
                    None => format!("{}: {}", p.field, p.msg.text(lang)),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Who answers requests: the embedded store or a server connection.
pub trait Backend: Send + Sync {
    fn call(&self, req: Request) -> ApiResult<Response>;

    /// Notices of changes made by others, where there can be others (a server). The
    /// embedded database has no other writers while this process holds it.
    fn subscribe(&self) -> Option<std::sync::mpsc::Receiver<Notice>> {
        None
    }

    /// The server's number for the connection this backend's calls go through, when there
    /// is a server: a notice carrying it is about a change made through this backend.
    fn connection(&self) -> Option<u64> {
        None
    }

    /// The largest request body the other side accepts, when there is one (a server): an
    /// import larger than that goes in parts ([`Request::ImportPart`]).
    fn max_request(&self) -> Option<u64> {
        None
    }
}

/// Something changed on the server: what, and who changed it. A client refetches only the
/// data that shows these records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub seq: u64,
    pub user: String,
    pub records: Vec<RecordRef>,
    /// The server's number of the connection that made the change (see
    /// [`Backend::connection`]). Many offices share one login, so a client ignores only the
    /// notices of its own connection, never those of its user.
    pub conn: u64,
}

// --- data carried by responses -------------------------------------------------------------

/// Awards of one body and form, split by kind of recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwardTally {
    pub body: String,
    pub form: String,
    pub collective: u64,
    pub individual: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusData {
    pub period: Period,
    pub as_of: NaiveDate,
    /// Active units.
    pub units_total: u64,
    /// Units owning at least one counted model of the period.
    pub units_registered: u64,
    /// Counted models (submitted or approved).
    pub collective: u64,
    pub individual: u64,
    /// Every field of the catalogue, in catalogue order, zero included.
    pub by_field: Vec<(String, u64)>,
    /// Index 0 is step 1.
    pub by_step: Vec<u64>,
    pub by_outcome: Vec<(Outcome, u64)>,
    /// Registrations not counted: drafts and returned.
    pub drafts: u64,
    pub returned: u64,
    pub overdue: u64,
    pub awards_total: u64,
    /// In the catalogue order of bodies, then forms.
    pub awards_by: Vec<AwardTally>,
    pub checkins: u64,
    pub replications: u64,
    /// Counted models with no quantified criterion (no criterion with a target).
    pub without_criteria: u64,
    /// Counted models whose registration lacks goals or activities.
    pub without_content: u64,
}

impl StatusData {
    pub fn models_total(&self) -> u64 {
        self.collective + self.individual
    }

    /// Counted models with this outcome.
    pub fn outcome(&self, o: Outcome) -> u64 {
        self.by_outcome
            .iter()
            .filter(|(x, _)| *x == o)
            .map(|(_, n)| n)
            .sum()
    }
}

/// A model with no recent check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueRow {
    pub id: Id,
    pub code: String,
    pub title: String,
    pub kind: ModelKind,
    pub person: String,
    pub unit_name: String,
    /// Latest check-in, or the registration date when there is none.
    pub last: NaiveDate,
    pub days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    pub status: StatusData,
    pub fields: Vec<FieldDef>,
    pub forms: Vec<AwardForm>,
    /// Most overdue first.
    pub overdue: Vec<OverdueRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelRow {
    pub id: Id,
    pub code: String,
    pub kind: ModelKind,
    pub title: String,
    pub person: String,
    pub unit: Id,
    pub unit_code: String,
    pub unit_name: String,
    pub field: String,
    pub period: String,
    pub registered_on: NaiveDate,
    pub step: u8,
    pub steps: u8,
    pub status: RegStatus,
    pub outcome: Outcome,
    /// Mean of actual/target over the criteria with a target, 0.0–1.0 (capped), if any.
    pub progress: Option<f32>,
    pub criteria: u16,
    pub last_checkin: Option<NaiveDate>,
    pub checkins: u32,
    pub awards: u32,
    pub overdue: bool,
    /// The registration states both its goals and its activities.
    pub has_content: bool,
    /// Criteria with a target whose actual has reached it.
    pub criteria_met: u16,
    /// Replications of the model (other units adopting it).
    pub replications: u32,
    /// The exemplar's position; empty for a collective model.
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    pub unit: Unit,
    /// 0 for a root.
    pub depth: u16,
    /// Counted models of the period owned by the unit.
    pub models: u32,
    pub drafts: u32,
    pub last_checkin: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwardRow {
    pub award: Award,
    pub model_code: String,
    pub model_title: String,
    pub kind: ModelKind,
    /// The person for an exemplar, the unit for a collective.
    pub recipient: String,
    pub unit_name: String,
    pub period: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelDetail {
    pub model: Model,
    pub unit: Unit,
    pub period: Period,
    /// Oldest first.
    pub checkins: Vec<CheckIn>,
    pub awards: Vec<Award>,
    pub replications: Vec<Replication>,
    /// Newest first.
    pub history: Vec<AuditEntry>,
}

/// The whole database as records, ids included (backup, restore, export, demo).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub periods: Vec<Period>,
    pub fields: Vec<FieldDef>,
    pub forms: Vec<AwardForm>,
    pub bodies: Vec<Body>,
    pub units: Vec<Unit>,
    pub models: Vec<Model>,
    pub checkins: Vec<CheckIn>,
    pub awards: Vec<Award>,
    pub replications: Vec<Replication>,
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Records read, by kind.
    pub records: Vec<(String, u64)>,
    /// Everything wrong, one line each (empty: the database is sound).
    pub problems: Vec<String>,
}

// --- windows of tables ---------------------------------------------------------------------

/// The most rows one [`Request::Window`] answers with.
pub const WINDOW_MAX: u32 = 1_000;
/// The longest search a window is narrowed by, in bytes; a longer one is cut there.
pub const QUERY_MAX: usize = 400;

/// The tables of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TableKind {
    /// The unit tree, in tree order (sort and filters do not apply).
    Units,
    /// The models of the period, in the order of `sort`, narrowed by `filters`.
    Models,
    /// The models with the overdue ones first (longest without a check-in first), then the
    /// others by their latest check-in (or registration), ties by code; `filters` apply.
    Progress,
    /// The awards of the period, in the order they were recorded (sort and filters do not
    /// apply).
    Awards,
}

/// The column the Models table is sorted by (ties in code order); `s` in the interface
/// moves through them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::VariantArray)]
pub enum SortBy {
    Code,
    Kind,
    /// Vietnamese alphabetical order.
    Title,
    /// The unit's name, in Vietnamese alphabetical order.
    Unit,
    /// The field's name in `ViewSpec::lang`, in Vietnamese alphabetical order.
    Field,
    Step,
    Status,
    Outcome,
    /// Criteria progress; models without a quantified criterion first.
    Progress,
}

/// What counted registrations lack (the quality filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lack {
    /// No criterion with a target.
    Criteria,
    /// No goals or no activities.
    Content,
}

/// The Models (and Progress) filters; the default keeps every row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    pub kind: Option<ModelKind>,
    pub field: Option<String>,
    pub step: Option<u8>,
    pub unit: Option<Id>,
    pub status: Option<RegStatus>,
    /// Only overdue models (as of the request's `as_of`).
    pub overdue: bool,
    /// Only counted models that lack this.
    pub lacking: Option<Lack>,
    pub outcome: Option<Outcome>,
}

/// One table as the interface shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewSpec {
    pub table: TableKind,
    /// Models only.
    pub sort: SortBy,
    /// The whole order reversed (ties too).
    pub descending: bool,
    /// The language field names are sorted in.
    pub lang: crate::i18n::Lang,
    pub filters: Filters,
    /// Search as typed: rows whose texts contain it, compared without diacritics or case
    /// (models: code, title, person, unit code and name; units: code and name; awards:
    /// decision, body, model code and title, recipient, unit).
    pub query: String,
}

impl ViewSpec {
    /// A table in its default order, nothing filtered or searched.
    pub fn of(table: TableKind) -> ViewSpec {
        ViewSpec {
            table,
            sort: SortBy::Code,
            descending: false,
            lang: crate::i18n::Lang::default(),
            filters: Filters::default(),
            query: String::new(),
        }
    }
}

/// The rows of a window, by table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WindowRows {
    Units(Vec<UnitRow>),
    /// Models and Progress.
    Models(Vec<ModelRow>),
    Awards(Vec<AwardRow>),
}

impl WindowRows {
    pub fn len(&self) -> usize {
        match self {
            WindowRows::Units(v) => v.len(),
            WindowRows::Models(v) => v.len(),
            WindowRows::Awards(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The answer to [`Request::Window`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowData {
    /// The period's code (the latest one when none was asked for).
    pub period: String,
    /// The store's count of changes when this window was read: every change counted up to
    /// it shows in the rows. A window held with an older generation may be out of date.
    pub generation: u64,
    /// Rows in the view (after filters and search).
    pub total: u64,
    /// Rows in the table before filters and search.
    pub unfiltered: u64,
    /// The position of the first row sent (the start asked for, or less when it was past
    /// the end: the last rows are sent).
    pub start: u64,
    pub rows: WindowRows,
    /// Where the record asked for by `locate` is in the view; `None` when it is not in it.
    pub located: Option<u64>,
}

// --- imports -------------------------------------------------------------------------------

/// Rows parsed from one CSV file. Each row keeps its line; references are by code and are
/// resolved by the backend, inside the import's transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImportBatch {
    Periods(Vec<Row<Period>>),
    Fields(Vec<Row<FieldDef>>),
    Forms(Vec<Row<AwardForm>>),
    Units(Vec<UnitImport>),
    Models(Vec<ModelImport>),
    CheckIns(Vec<CheckInImport>),
    Awards(Vec<AwardImport>),
    Replications(Vec<ReplicationImport>),
    /// Rows of `reviews.csv`: each period named gets exactly the reviews its rows give.
    Reviews(Vec<ReviewImport>),
}

impl ImportBatch {
    pub fn len(&self) -> usize {
        match self {
            ImportBatch::Periods(v) => v.len(),
            ImportBatch::Fields(v) => v.len(),
            ImportBatch::Forms(v) => v.len(),
            ImportBatch::Units(v) => v.len(),
            ImportBatch::Models(v) => v.len(),
            ImportBatch::CheckIns(v) => v.len(),
            ImportBatch::Awards(v) => v.len(),
            ImportBatch::Replications(v) => v.len(),
            ImportBatch::Reviews(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row<T> {
    pub line: u64,
    pub record: T,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitImport {
    pub line: u64,
    pub unit: Unit,
    pub parent_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelImport {
    pub line: u64,
    /// `unit` is resolved from `unit_code`; a period not yet known is created with the
    /// default steps.
    pub model: Model,
    pub unit_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckInImport {
    pub line: u64,
    pub checkin: CheckIn,
    pub model_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwardImport {
    pub line: u64,
    /// `body` as written; the backend maps it to the catalogue's body (or adds one).
    pub award: Award,
    pub model_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicationImport {
    pub line: u64,
    pub replication: Replication,
    pub model_code: String,
    pub unit_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewImport {
    pub line: u64,
    /// The period's code as written (`2017-2020`).
    pub period: String,
    pub review: Review,
}

// --- typed calls ---------------------------------------------------------------------------

fn unexpected(r: Response) -> ApiError {
    ApiError::Msg(Msg::Other(format!(
        "unexpected response: {}",
        variant_name(&r)
    )))
}

fn variant_name(r: &Response) -> String {
    let s = format!("{r:?}");
    s.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_string()
}

macro_rules! typed {
    ($(#[$doc:meta])* $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty, $req:expr, $pat:pat => $val:expr) => {
        $(#[$doc])*
        pub fn $name(&self, $($arg: $ty),*) -> ApiResult<$out> {
            match self.0.call($req)? {
                $pat => Ok($val),
                other => Err(unexpected(other)),
            }
        }
    };
}

/// Typed calls over any backend: `Api(&backend).status(None, today)`.
pub struct Api<'a>(pub &'a dyn Backend);

impl Api<'_> {
    typed!(periods() -> Vec<Period>, Request::Periods, Response::Periods(v) => v);
    typed!(fields() -> Vec<FieldDef>, Request::Fields, Response::Fields(v) => v);
    typed!(forms() -> Vec<AwardForm>, Request::Forms, Response::Forms(v) => v);
    typed!(bodies() -> Vec<Body>, Request::Bodies, Response::Bodies(v) => v);
    typed!(units() -> Vec<Unit>, Request::Units, Response::Units(v) => v);
    typed!(status(period: Option<String>, as_of: NaiveDate) -> StatusData,
        Request::Status { period, as_of }, Response::Status(v) => *v);
    typed!(report(period: Option<String>, as_of: NaiveDate, overdue_limit: Option<u32>) -> ReportData,
        Request::Report { period, as_of, overdue_limit }, Response::Report(v) => *v);
    typed!(model_rows(period: Option<String>, as_of: NaiveDate) -> Vec<ModelRow>,
        Request::ModelRows { period, as_of }, Response::ModelRows(v) => v);
    typed!(unit_rows(period: Option<String>) -> Vec<UnitRow>,
        Request::UnitRows { period }, Response::UnitRows(v) => v);
    typed!(award_rows(period: Option<String>) -> Vec<AwardRow>,
        Request::AwardRows { period }, Response::AwardRows(v) => v);
    typed!(model(id: Id) -> ModelDetail, Request::Model { id }, Response::Model(v) => *v);
    typed!(model_by_code(code: String) -> ModelDetail, Request::ModelByCode { code }, Response::Model(v) => *v);
    typed!(history(record: RecordRef, limit: u32) -> Vec<AuditEntry>,
        Request::History { record, limit }, Response::History(v) => v);
    typed!(dataset() -> Dataset, Request::Dataset, Response::Dataset(v) => *v);
    typed!(check() -> CheckReport, Request::Check, Response::Check(v) => v);
    typed!(whoami() -> String, Request::Whoami, Response::Whoami { user } => user);
    typed!(unit_of(record: RecordRef) -> Option<Id>, Request::UnitOf { record }, Response::UnitOf(v) => v);
    typed!(import(batch: ImportBatch, dry_run: bool) -> u64,
        Request::Import { batch, dry_run }, Response::Imported { rows, .. } => rows);
    typed!(
        /// An import's rows and, of those, the rows skipped as already stored.
        import_counted(batch: ImportBatch, dry_run: bool) -> (u64, u64),
        Request::Import { batch, dry_run }, Response::Imported { rows, skipped } => (rows, skipped));
    /// Send one part of a large import: `None` while parts are kept, the rows and skipped
    /// rows once the last is imported.
    pub fn import_part(
        &self,
        batch: ImportBatch,
        first: bool,
        last: bool,
        dry_run: bool,
    ) -> ApiResult<Option<(u64, u64)>> {
        let req = Request::ImportPart {
            batch,
            first,
            last,
            dry_run,
        };
        match self.0.call(req)? {
            Response::ImportPartTaken { .. } if !last => Ok(None),
            Response::Imported { rows, skipped } if last => Ok(Some((rows, skipped))),
            other => Err(unexpected(other)),
        }
    }
    typed!(load(dataset: Dataset, replace: bool) -> (),
        Request::Load { dataset: Box::new(dataset), replace }, Response::Loaded => ());
    typed!(undo() -> (RecordRef, Action), Request::Undo, Response::Undone { record, action } => (record, action));
    typed!(draft() -> Option<String>, Request::Draft, Response::Draft(v) => v);
    typed!(
        /// What the next undo would do, as a message to show (`Msg::UndoPreview`).
        undo_preview() -> Msg, Request::UndoPreview, Response::Preview(m) => m);
    typed!(redo() -> (RecordRef, Action), Request::Redo, Response::Redone { record, action } => (record, action));
    typed!(
        /// What the next redo would do, as a message to show (`Msg::RedoPreview`).
        redo_preview() -> Msg, Request::RedoPreview, Response::Preview(m) => m);
    typed!(
        /// Any change for many models: the records saved and the models skipped.
        batch(req: Request) -> (Vec<(Id, u64)>, Vec<Problem>), req,
        Response::Batch { saved, skipped } => (saved, skipped));
    typed!(
        /// Rows `start..start + len` of a table (see [`Request::Window`]).
        window(period: Option<String>, as_of: NaiveDate, view: ViewSpec, start: u64, len: u32, locate: Option<Id>) -> WindowData,
        Request::Window { period, as_of, view, start, len, locate }, Response::Window(v) => *v);

    /// Any write that answers `Saved`.
    pub fn save(&self, req: Request) -> ApiResult<(Id, u64)> {
        match self.0.call(req)? {
            Response::Saved { id, rev } => Ok((id, rev)),
            other => Err(unexpected(other)),
        }
    }

    /// Any delete.
    pub fn delete(&self, req: Request) -> ApiResult<()> {
        match self.0.call(req)? {
            Response::Deleted => Ok(()),
            other => Err(unexpected(other)),
        }
    }
}
