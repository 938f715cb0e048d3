//! The records of the movement. Plain data: no I/O. Ids are assigned by the store; codes are
//! what people type and what CSV files carry.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub type Id = u64;

/// One step of a period's process, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepDef {
    pub vi: String,
    pub en: String,
}

/// A multi-year round of the movement, e.g. `2017-2020`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// `YYYY-YYYY`; the key of the period.
    pub code: String,
    pub start_year: u16,
    pub end_year: u16,
    /// Guiding document's number, e.g. `04-HD/BDVTU`.
    pub guidance: String,
    pub guidance_date: Option<NaiveDate>,
    pub steps: Vec<StepDef>,
    /// A model with no check-in for longer than this is overdue.
    pub checkin_interval_days: u32,
    /// The period's reviews (sơ kết, tổng kết), in date order.
    #[serde(default)]
    pub reviews: Vec<Review>,
}

impl Period {
    /// Date of the (latest) final review conference, once held.
    pub fn final_review(&self) -> Option<NaiveDate> {
        self.reviews
            .iter()
            .filter(|r| r.kind == ReviewKind::Final)
            .map(|r| r.date)
            .max()
    }

    /// Keep the reviews in date order (final after interim on the same day).
    pub fn sort_reviews(&mut self) {
        self.reviews.sort_by(|a, b| {
            (a.date, a.kind, &a.title, &a.doc_no).cmp(&(b.date, b.kind, &b.title, &b.doc_no))
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReviewKind {
    /// Sơ kết: a 6-month, yearly or mid-period review.
    Interim,
    /// Tổng kết: the end-of-period review.
    Final,
}

impl Review {
    /// A final review known only by its date (the `final_review` of a period's CSV row).
    pub fn final_on(date: NaiveDate) -> Review {
        Review {
            kind: ReviewKind::Final,
            date,
            title: String::new(),
            doc_no: String::new(),
        }
    }
}

/// A review conference of a period; its date is the point in time its figures are as of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub kind: ReviewKind,
    pub date: NaiveDate,
    pub title: String,
    /// The report's document number, e.g. `45-BC/ĐUK`.
    pub doc_no: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnitKind {
    PartyCell,
    PartyCommittee,
    Agency,
    MassOrg,
    Other,
}

/// A grassroots unit. Units form a tree through `parent`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: Id,
    pub code: String,
    pub name: String,
    pub parent: Option<Id>,
    pub kind: UnitKind,
    pub active: bool,
    /// Revision, raised by the store on every save.
    pub rev: u64,
}

/// An entry of the catalogue of fields (lĩnh vực).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    pub code: String,
    pub vi: String,
    pub en: String,
}

/// An entry of the catalogue of award forms (giấy khen, bằng khen, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwardForm {
    pub code: String,
    pub vi: String,
    pub en: String,
}

/// An awarding body; `key` is [`crate::domain::text::name_key`] of the name, so names typed
/// with other spacing, case or Unicode form are the same body. Catalogue order is the order
/// reports list bodies in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Body {
    pub key: String,
    pub name: String,
    pub rank: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ModelKind {
    /// Mô hình (tập thể).
    Collective,
    /// Điển hình (cá nhân).
    Individual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RegStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl RegStatus {
    /// Submitted and approved registrations are counted in the period's figures.
    pub fn counted(self) -> bool {
        matches!(self, RegStatus::Submitted | RegStatus::Approved)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    Pending,
    Recognized,
    Outstanding,
    NotRecognized,
    Dropped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CheckInKind {
    SelfReport,
    Inspection,
    Supervision,
    Survey,
}

/// The registration content of a model: what the unit commits to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub problem: String,
    pub goals: String,
    pub activities: String,
    pub area: String,
    pub beneficiaries: String,
    pub lead_forces: String,
    pub partners: String,
    pub resources: String,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub outputs: String,
}

/// A quantified target of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub name: String,
    /// What is counted: “hộ”, “buổi”, “%”.
    pub measure: String,
    pub target: f64,
    pub actual: f64,
    pub due: Option<NaiveDate>,
}

/// A collective model or an individual exemplar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub id: Id,
    pub code: String,
    pub unit: Id,
    pub kind: ModelKind,
    pub title: String,
    /// The exemplar's name (required for individuals).
    pub person: String,
    pub position: String,
    pub leader: String,
    /// A field code of the catalogue.
    pub field: String,
    /// A period code.
    pub period: String,
    pub registered_on: NaiveDate,
    pub status: RegStatus,
    /// 1-based step of the period's process.
    pub step: u8,
    pub outcome: Outcome,
    pub summary: String,
    pub registration: Registration,
    pub criteria: Vec<Criterion>,
    /// Revision, raised by the store on every save; a save based on an older one is refused.
    pub rev: u64,
    /// The day the outcome was decided; an outcome without a date counts at every date.
    #[serde(default)]
    pub outcome_on: Option<NaiveDate>,
    /// The number of the decision that recognised (or dropped) the model, when there is one.
    #[serde(default)]
    pub outcome_decision: String,
}

impl Model {
    /// The outcome as it stood on `as_of`: an outcome decided after that day was still pending.
    pub fn outcome_as_of(&self, as_of: NaiveDate) -> Outcome {
        match self.outcome_on {
            Some(d) if d > as_of => Outcome::Pending,
            _ => self.outcome,
        }
    }
}

/// A dated monitoring entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub id: Id,
    pub model: Id,
    pub date: NaiveDate,
    pub kind: CheckInKind,
    pub by: String,
    pub note: String,
    /// The step the model was found at, if recorded.
    pub step: Option<u8>,
    /// (criterion index, actual value found).
    pub actuals: Vec<(u16, f64)>,
    pub next_due: Option<NaiveDate>,
    /// Revision, raised by the store on every save.
    pub rev: u64,
}

/// A commendation given to a model or exemplar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Award {
    pub id: Id,
    pub model: Id,
    /// The body's name as in the catalogue (see [`Body`]).
    pub body: String,
    /// An award form code of the catalogue.
    pub form: String,
    pub decision_no: String,
    pub decided_on: NaiveDate,
    pub note: String,
    /// Revision, raised by the store on every save.
    pub rev: u64,
}

/// Another unit adopting a recognised model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replication {
    pub id: Id,
    pub model: Id,
    pub unit: Id,
    pub date: NaiveDate,
    pub note: String,
    /// Revision, raised by the store on every save.
    pub rev: u64,
}

/// What an audit entry is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordRef {
    Period(String),
    Field(String),
    Form(String),
    Body(String),
    Unit(Id),
    Model(Id),
    CheckIn(Id),
    Award(Id),
    Replication(Id),
    /// A whole import: the kind of file and the number of rows.
    Import {
        file: String,
        rows: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Create,
    Update,
    Delete,
    Import,
    Undo,
    Restore,
}

/// One line of the append-only audit log. `before`/`after` are the record as JSON text, so
/// the history stays readable whatever the binary encoding of the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub user: String,
    pub action: Action,
    pub record: RecordRef,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Why, when the user said (a step moved back, a registration returned).
    pub note: String,
}
