//! From a CSV file to an [`ImportBatch`]: the columns of each kind of file and the builder of
//! its records. References stay codes (the backend resolves them inside the import's
//! transaction); every record is checked with `domain::validate`, with the checks that need
//! the database (a step against the period's steps, dates against the model's registration)
//! relaxed here and made by the store.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::table::{self, Cells, Col, opt, req};
use super::{CsvProblem, ImportKind, Parsed, cells};
use crate::api::*;
use crate::domain::codes::{self, DEFAULT_CHECKIN_INTERVAL_DAYS};
use crate::domain::validate;
use crate::domain::*;

/// `units.csv`: the contract's columns only.
pub const UNITS: &[Col] = &[
    req("code"),
    req("name"),
    opt("parent_code"),
    opt("kind"),
    opt("active"),
];

/// `models.csv`. Beyond the contract's columns, optional extensions so an export carries the
/// whole model:
/// - `problem`, `goals`, `activities`, `area`, `beneficiaries`, `lead_forces`, `partners`,
///   `resources`, `outputs`: the registration content (multi-line text);
/// - `start_on`, `end_on`: the planned dates of the registration;
/// - `outcome_on`, `outcome_decision`: the day the outcome was decided and the decision's
///   number (a registration with no date counts its outcome at every date);
/// - `criteria`: one criterion per line, `name | measure | target | actual | due`, numbers with
///   a decimal point or comma, `actual` and `due` may be empty.
pub const MODELS: &[Col] = &[
    req("code"),
    req("unit_code"),
    req("kind"),
    req("title"),
    req("field"),
    req("period"),
    req("registered_on"),
    opt("person"),
    opt("position"),
    opt("leader"),
    opt("step"),
    opt("status"),
    opt("outcome"),
    opt("outcome_on"),
    opt("outcome_decision"),
    opt("summary"),
    opt("problem"),
    opt("goals"),
    opt("activities"),
    opt("area"),
    opt("beneficiaries"),
    opt("lead_forces"),
    opt("partners"),
    opt("resources"),
    opt("start_on"),
    opt("end_on"),
    opt("outputs"),
    opt("criteria"),
];

/// `awards.csv`: the contract's columns only.
pub const AWARDS: &[Col] = &[
    req("model_code"),
    req("body"),
    req("form"),
    req("decision_no"),
    req("decided_on"),
    opt("note"),
];

/// `checkins.csv`. Extension: `actuals`, the criterion values found, as `1=5; 2=8`
/// (1-based criterion numbers of the model, decimal point or comma).
pub const CHECKINS: &[Col] = &[
    req("model_code"),
    req("date"),
    req("kind"),
    opt("by"),
    opt("note"),
    opt("step"),
    opt("next_due"),
    opt("actuals"),
];

/// `periods.csv` (extension): `code` `YYYY-YYYY`; `guidance` the guiding document's number;
/// `guidance_date`; `checkin_interval_days` (default 90); `final_review` the date of the
/// final review conference; `steps` one step per line, `Vietnamese | English` (default: the
/// five steps of the glossary).
pub const PERIODS: &[Col] = &[
    req("code"),
    opt("guidance"),
    opt("guidance_date"),
    opt("checkin_interval_days"),
    opt("final_review"),
    opt("steps"),
];

/// `fields.csv` and `forms.csv` (extensions): a catalogue entry, its code and its names.
pub const CATALOGUE: &[Col] = &[req("code"), req("vi"), req("en")];

/// `replications.csv` (extension): another unit (`unit_code`) adopting a model on `date`.
pub const REPLICATIONS: &[Col] = &[
    req("model_code"),
    req("unit_code"),
    req("date"),
    opt("note"),
];

/// `reviews.csv` (extension): the reviews of a period — `period` `YYYY-YYYY`, `kind`
/// (`interim` = sơ kết, `final` = tổng kết), `date`, `title`, `doc_no` (the report's number).
/// A period named in the file gets exactly the reviews of its rows.
pub const REVIEWS: &[Col] = &[
    req("period"),
    req("kind"),
    req("date"),
    opt("title"),
    opt("doc_no"),
];

pub fn spec(kind: ImportKind) -> &'static [Col] {
    match kind {
        ImportKind::Units => UNITS,
        ImportKind::Models => MODELS,
        ImportKind::Awards => AWARDS,
        ImportKind::CheckIns => CHECKINS,
        ImportKind::Periods => PERIODS,
        ImportKind::Fields | ImportKind::Forms => CATALOGUE,
        ImportKind::Replications => REPLICATIONS,
        ImportKind::Reviews => REVIEWS,
    }
}

// Checks that need the database are passed values that always pass here; the store makes
// them with the real model and period.
const ANY_DAY: NaiveDate = NaiveDate::MIN;
const ANY_STEPS: u8 = u8::MAX;

/// Reports a code that an earlier row of the same file already used.
struct Seen(HashMap<String, u64>);

impl Seen {
    fn check(&mut self, c: &mut Cells, column: &str, code: &str) {
        if code.is_empty() {
            return;
        }
        match self.0.get(code) {
            Some(&line) => c.bad(
                column,
                Msg::DuplicateInFile {
                    code: cells::echo(code),
                    line,
                },
            ),
            None => {
                self.0.insert(code.to_string(), c.line);
            }
        }
    }
}

/// Parse with a progress callback `(bytes read, total bytes)`; see [`super::parse`].
pub fn parse_with(
    kind: ImportKind,
    data: &[u8],
    fields: &[FieldDef],
    forms: &[AwardForm],
    progress: &dyn Fn(u64, u64),
) -> Result<Parsed, Vec<CsvProblem>> {
    let spec = spec(kind);
    let t = table::read(data, spec, progress);
    let mut seen = Seen(HashMap::new());
    let (batch, mut problems) = rows_of(kind, &t, fields, forms, &mut seen);
    if problems.is_empty() {
        Ok(Parsed {
            batch,
            columns: t.columns,
        })
    } else {
        // Header problems first, then in file order, whatever order the checks ran in.
        problems.sort_by_key(|p| (p.line, p.column));
        Err(problems)
    }
}

/// The records of a table's rows, and every problem of the table and its cells.
fn rows_of(
    kind: ImportKind,
    t: &table::Table,
    fields: &[FieldDef],
    forms: &[AwardForm],
    seen: &mut Seen,
) -> (ImportBatch, Vec<CsvProblem>) {
    let spec = spec(kind);
    let mut problems = t.problems.clone();
    let mut batch = empty_batch(kind);
    for row in &t.rows {
        let mut c = Cells::new(row, t, spec, &mut problems);
        match &mut batch {
            ImportBatch::Units(v) => v.push(unit(&mut c, seen)),
            ImportBatch::Models(v) => v.push(model(&mut c, seen, fields)),
            ImportBatch::Awards(v) => v.push(award(&mut c, forms)),
            ImportBatch::CheckIns(v) => v.push(checkin(&mut c)),
            ImportBatch::Periods(v) => v.push(Row {
                line: c.line,
                record: period(&mut c, seen),
            }),
            ImportBatch::Fields(v) => v.push(Row {
                line: c.line,
                record: field(&mut c, seen),
            }),
            ImportBatch::Forms(v) => v.push(Row {
                line: c.line,
                record: form(&mut c, seen),
            }),
            ImportBatch::Replications(v) => v.push(replication(&mut c)),
            ImportBatch::Reviews(v) => v.push(review(&mut c)),
        }
    }
    (batch, problems)
}

/// A file parsed part by part ([`table::Parts`]): codes repeated across parts are found as
/// within one, the header read once, lines counted from the file's start.
pub struct PartParser<'a> {
    kind: ImportKind,
    fields: &'a [FieldDef],
    forms: &'a [AwardForm],
    seen: Seen,
    head: Option<table::Head>,
}

impl<'a> PartParser<'a> {
    pub fn new(kind: ImportKind, fields: &'a [FieldDef], forms: &'a [AwardForm]) -> Self {
        PartParser {
            kind,
            fields,
            forms,
            seen: Seen(HashMap::new()),
            head: None,
        }
    }

    /// The header's column names, once the first part is read.
    pub fn columns(&self) -> &[String] {
        self.head.as_ref().map_or(&[], |h| h.columns.as_slice())
    }

    /// The records of one part and its problems (unsorted).
    pub fn part(
        &mut self,
        data: &[u8],
        at: table::Place,
        total: u64,
        progress: &dyn Fn(u64, u64),
    ) -> (ImportBatch, Vec<CsvProblem>) {
        let spec = spec(self.kind);
        let (t, head) = table::read_part(data, spec, self.head.as_ref(), at, total, progress);
        self.head.get_or_insert(head);
        rows_of(self.kind, &t, self.fields, self.forms, &mut self.seen)
    }
}

pub fn empty_batch(kind: ImportKind) -> ImportBatch {
    match kind {
        ImportKind::Units => ImportBatch::Units(vec![]),
        ImportKind::Models => ImportBatch::Models(vec![]),
        ImportKind::Awards => ImportBatch::Awards(vec![]),
        ImportKind::CheckIns => ImportBatch::CheckIns(vec![]),
        ImportKind::Periods => ImportBatch::Periods(vec![]),
        ImportKind::Fields => ImportBatch::Fields(vec![]),
        ImportKind::Forms => ImportBatch::Forms(vec![]),
        ImportKind::Replications => ImportBatch::Replications(vec![]),
        ImportKind::Reviews => ImportBatch::Reviews(vec![]),
    }
}

fn unit(c: &mut Cells, seen: &mut Seen) -> UnitImport {
    let mut u = Unit {
        id: 0,
        code: c.text("code"),
        name: c.text("name"),
        parent: None,
        kind: c.coded("kind", Some(UnitKind::Other)),
        active: c.boolean("active", true),
        rev: 0,
    };
    let parent_code = c.opt_code("parent_code");
    c.validated(validate::unit(&mut u));
    seen.check(c, "code", &u.code);
    if parent_code.as_deref() == Some(u.code.as_str()) {
        c.bad(
            "parent_code",
            Msg::ParentCycle {
                code: u.code.clone(),
            },
        );
    }
    UnitImport {
        line: c.line,
        unit: u,
        parent_code,
    }
}

fn model(c: &mut Cells, seen: &mut Seen, fields: &[FieldDef]) -> ModelImport {
    let unit_code = c.code("unit_code");
    let field = c
        .with("field", true, |s| {
            codes::parse_field(s, fields)
                .map(|f| f.code.clone())
                .ok_or(Msg::UnknownField {
                    code: cells::echo(s),
                })
        })
        .unwrap_or_default();
    let period = c
        .with("period", true, validate::clean_period_code)
        .unwrap_or_default();
    let registration = Registration {
        problem: c.text("problem"),
        goals: c.text("goals"),
        activities: c.text("activities"),
        area: c.text("area"),
        beneficiaries: c.text("beneficiaries"),
        lead_forces: c.text("lead_forces"),
        partners: c.text("partners"),
        resources: c.text("resources"),
        start_on: c.opt_date("start_on"),
        end_on: c.opt_date("end_on"),
        outputs: c.text("outputs"),
    };
    let mut m = Model {
        outcome_on: c.opt_date("outcome_on"),
        outcome_decision: c.text("outcome_decision"),
        id: 0,
        code: c.text("code"),
        unit: 0,
        kind: c.coded("kind", None),
        title: c.text("title"),
        person: c.text("person"),
        position: c.text("position"),
        leader: c.text("leader"),
        field,
        period,
        registered_on: c.date("registered_on"),
        status: c.coded("status", Some(RegStatus::Approved)),
        step: c.whole("step", 1).unwrap_or(1),
        outcome: c.coded("outcome", Some(Outcome::Pending)),
        summary: c.text("summary"),
        registration,
        criteria: c
            .with("criteria", false, cells::criteria)
            .unwrap_or_default(),
        rev: 0,
    };
    c.validated(validate::model(&mut m, ANY_STEPS));
    seen.check(c, "code", &m.code);
    ModelImport {
        line: c.line,
        model: m,
        unit_code,
    }
}

fn award(c: &mut Cells, forms: &[AwardForm]) -> AwardImport {
    let model_code = c.code("model_code");
    let form = c
        .with("form", true, |s| {
            codes::parse_form(s, forms)
                .map(|f| f.code.clone())
                .ok_or(Msg::UnknownForm {
                    code: cells::echo(s),
                })
        })
        .unwrap_or_default();
    let mut a = Award {
        id: 0,
        model: 0,
        body: c.text("body"),
        form,
        decision_no: c.text("decision_no"),
        decided_on: c.date("decided_on"),
        note: c.text("note"),
        rev: 0,
    };
    c.validated(validate::award(&mut a, ANY_DAY, None));
    AwardImport {
        line: c.line,
        award: a,
        model_code,
    }
}

fn checkin(c: &mut Cells) -> CheckInImport {
    let model_code = c.code("model_code");
    let mut ci = CheckIn {
        id: 0,
        model: 0,
        date: c.date("date"),
        kind: c.coded("kind", None),
        by: c.text("by"),
        note: c.text("note"),
        step: c.whole("step", 1),
        actuals: c.with("actuals", false, cells::actuals).unwrap_or_default(),
        next_due: c.opt_date("next_due"),
        rev: 0,
    };
    c.validated(validate::checkin(
        &mut ci,
        ANY_DAY,
        usize::MAX,
        ANY_STEPS,
        None,
    ));
    CheckInImport {
        line: c.line,
        checkin: ci,
        model_code,
    }
}

fn period(c: &mut Cells, seen: &mut Seen) -> Period {
    let mut p = Period {
        code: c.text("code"),
        start_year: 0,
        end_year: 0,
        guidance: c.text("guidance"),
        guidance_date: c.opt_date("guidance_date"),
        steps: c
            .with("steps", false, cells::steps)
            .unwrap_or_else(codes::default_steps),
        checkin_interval_days: c
            .whole("checkin_interval_days", 1)
            .unwrap_or(DEFAULT_CHECKIN_INTERVAL_DAYS),
        reviews: c
            .opt_date("final_review")
            .map(Review::final_on)
            .into_iter()
            .collect(),
    };
    c.validated(validate::period(&mut p));
    seen.check(c, "code", &p.code);
    p
}

fn review(c: &mut Cells) -> ReviewImport {
    let period = c.text("period");
    let mut review = Review {
        kind: c.coded("kind", None),
        date: c.date("date"),
        title: c.text("title"),
        doc_no: c.text("doc_no"),
    };
    c.validated(validate::review(&mut review));
    ReviewImport {
        line: c.line,
        period: validate::clean_period_code(&period).unwrap_or(period),
        review,
    }
}

fn field(c: &mut Cells, seen: &mut Seen) -> FieldDef {
    let mut f = FieldDef {
        code: c.text("code"),
        vi: c.text("vi"),
        en: c.text("en"),
    };
    c.validated(validate::field_def(&mut f));
    seen.check(c, "code", &f.code);
    f
}

fn form(c: &mut Cells, seen: &mut Seen) -> AwardForm {
    let mut f = AwardForm {
        code: c.text("code"),
        vi: c.text("vi"),
        en: c.text("en"),
    };
    c.validated(validate::award_form(&mut f));
    seen.check(c, "code", &f.code);
    f
}

fn replication(c: &mut Cells) -> ReplicationImport {
    let model_code = c.code("model_code");
    let unit_code = c.code("unit_code");
    let mut r = Replication {
        id: 0,
        model: 0,
        unit: 0,
        date: c.date("date"),
        note: c.text("note"),
        rev: 0,
    };
    c.validated(validate::replication(&mut r, ANY_DAY));
    ReplicationImport {
        line: c.line,
        replication: r,
        model_code,
        unit_code,
    }
}
