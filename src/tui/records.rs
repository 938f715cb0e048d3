//! From a form's fields to the record it edits, and the problems of each field: dates and
//! numbers are parsed here, then the record goes through the same `domain::validate`
//! function the backend runs, so a field's message is the one a save would give. Rows of
//! criteria and steps are checked one by one, so the message lands on the row at fault.

use chrono::NaiveDate;

use super::form::{ActionKind, Field, Form, Kind, Label};
use super::i18n::S;
use crate::api::{ModelAction, Request};
use crate::domain::text;
use crate::domain::validate::{self, FieldError};
use crate::domain::*;

/// The record a form started from, and what its checks need to know.
// One per open form; boxing the model would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Base {
    Unit(Unit),
    Model {
        model: Model,
        /// Every period with its number of steps.
        periods: Vec<(String, u8)>,
    },
    CheckIn {
        checkin: CheckIn,
        registered_on: NaiveDate,
        criteria: usize,
        steps: u8,
        today: NaiveDate,
    },
    Award {
        award: Award,
        registered_on: NaiveDate,
        today: NaiveDate,
    },
    Replication {
        replication: Replication,
        registered_on: NaiveDate,
    },
    Period(Period),
    Field(FieldDef),
    AwardForm(AwardForm),
    Action {
        model: Id,
        rev: u64,
        what: ActionKind,
        /// An outcome is not decided after today.
        today: NaiveDate,
    },
    /// The report form: not a record; its request is the report it writes.
    Report {
        period: Option<String>,
        as_of: NaiveDate,
    },
}

impl Base {
    /// The revision a save is based on (`0` for a new record or a catalogue entry).
    pub fn rev(&self) -> u64 {
        match self {
            Base::Unit(u) => u.rev,
            Base::Model { model, .. } => model.rev,
            Base::CheckIn { checkin, .. } => checkin.rev,
            Base::Award { award, .. } => award.rev,
            Base::Replication { replication, .. } => replication.rev,
            Base::Action { rev, .. } => *rev,
            _ => 0,
        }
    }

    /// Base a new save on another revision (overwrite after a conflict, a restored draft).
    pub fn set_rev(&mut self, r: u64) {
        match self {
            Base::Unit(u) => u.rev = r,
            Base::Model { model, .. } => model.rev = r,
            Base::CheckIn { checkin, .. } => checkin.rev = r,
            Base::Award { award, .. } => award.rev = r,
            Base::Replication { replication, .. } => replication.rev = r,
            Base::Action { rev, .. } => *rev = r,
            _ => {}
        }
    }
}

/// The fields of a new row: a criterion of a model, a step of a period; none elsewhere.
pub fn row_fields(base: &Base, row: usize) -> Vec<Field> {
    match base {
        Base::Model { .. } => criterion_fields(row, None),
        Base::Period(_) => step_fields(row, None),
        _ => vec![],
    }
}

pub fn criterion_fields(row: usize, c: Option<&Criterion>) -> Vec<Field> {
    let g = S::Criterion;
    let num = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            x.to_string()
        }
    };
    let text = |max| Kind::Text {
        max,
        multiline: false,
    };
    vec![
        Field::new(
            "criteria",
            S::CritName,
            text(validate::MAX_NAME),
            c.map_or("", |c| &c.name),
        )
        .required()
        .in_row(g, row, S::CritName),
        Field::new(
            "criteria",
            S::CritMeasure,
            text(30),
            c.map_or("", |c| &c.measure),
        )
        .in_row(g, row, S::CritMeasure),
        Field::new(
            "criteria",
            S::CritTarget,
            Kind::Number,
            &c.map_or(String::new(), |c| num(c.target)),
        )
        .in_row(g, row, S::CritTarget),
        Field::new(
            "criteria",
            S::CritActual,
            Kind::Number,
            &c.map_or(String::new(), |c| num(c.actual)),
        )
        .in_row(g, row, S::CritActual),
        Field::new(
            "criteria",
            S::Due,
            Kind::Date,
            &c.and_then(|c| c.due)
                .map(text::date_dmy)
                .unwrap_or_default(),
        )
        .in_row(g, row, S::Due),
    ]
}

pub fn step_fields(row: usize, s: Option<&StepDef>) -> Vec<Field> {
    let kind = || Kind::Text {
        max: validate::MAX_NAME,
        multiline: false,
    };
    vec![
        Field::new("steps", S::StepVi, kind(), s.map_or("", |s| &s.vi))
            .required()
            .in_row(S::ColStep, row, S::StepVi),
        Field::new("steps", S::StepEn, kind(), s.map_or("", |s| &s.en))
            .required()
            .in_row(S::ColStep, row, S::StepEn),
    ]
}

/// The message a field shows, from the problems found: its own (by row) first, else one
/// that names its key.
pub fn error_for(f: &Field, errs: &[FieldError]) -> Option<Msg> {
    let key = f.draft_key();
    errs.iter()
        .find(|e| e.field == key)
        .or_else(|| {
            let alias = match f.key {
                "unit_code" => "unit",
                "parent_code" => "parent",
                k => k,
            };
            (f.row.is_none())
                .then(|| errs.iter().find(|e| e.field == f.key || e.field == alias))
                .flatten()
        })
        .map(|e| e.msg.clone())
}

/// Reads typed values, collecting what cannot be read.
struct Reader<'a> {
    form: &'a Form,
    errs: Vec<FieldError>,
}

impl Reader<'_> {
    fn err(&mut self, field: String, msg: Msg) {
        self.errs.push(FieldError { field, msg });
    }

    fn s(&self, key: &str) -> String {
        self.form.get(key).to_string()
    }

    fn date_of(&mut self, f: &Field) -> Option<NaiveDate> {
        let t = f.text().trim();
        if t.is_empty() {
            if f.required {
                self.err(f.draft_key(), Msg::Required);
            }
            return None;
        }
        let d = text::parse_typed_date(t);
        if d.is_none() {
            self.err(f.draft_key(), text::date_problem(t, true));
        }
        d
    }

    /// The reviews of the period form, one a line: `kind | date | title | doc_no`.
    fn reviews(&mut self, key: &str) -> Vec<Review> {
        let Some(f) = self.field(key).cloned() else {
            return vec![];
        };
        let mut out = vec![];
        for line in f.text().lines().filter(|l| !l.trim().is_empty()) {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            if parts.len() < 2 || parts.len() > 4 {
                self.err(
                    f.draft_key(),
                    Msg::BadFormat {
                        text: text::printable(line),
                        expected: "kind | date | title | doc_no".into(),
                    },
                );
                continue;
            }
            let Some(kind) = ReviewKind::parse(parts[0]) else {
                let allowed: Vec<&str> = ReviewKind::ALL.iter().map(|k| k.code()).collect();
                self.err(
                    f.draft_key(),
                    Msg::UnknownValue {
                        text: text::printable(parts[0]),
                        allowed: allowed.join(", "),
                    },
                );
                continue;
            };
            let Some(date) = text::parse_typed_date(parts[1]) else {
                self.err(f.draft_key(), text::date_problem(parts[1], true));
                continue;
            };
            out.push(Review {
                kind,
                date,
                title: parts.get(2).unwrap_or(&"").to_string(),
                doc_no: parts.get(3).unwrap_or(&"").to_string(),
            });
        }
        out
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.form
            .fields
            .iter()
            .find(|f| f.key == key && f.row.is_none())
    }

    fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let f = self.field(key)?.clone();
        self.date_of(&f)
    }

    /// A number as people type it; a decimal comma is accepted (`12,5`).
    fn num_of(&mut self, f: &Field) -> Option<f64> {
        let t = f.text().trim().replace(',', ".");
        if t.is_empty() {
            if f.required {
                self.err(f.draft_key(), Msg::Required);
            }
            return None;
        }
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() && v < 0.0 => {
                self.err(f.draft_key(), Msg::Negative);
                None
            }
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                self.err(
                    f.draft_key(),
                    Msg::BadNumber {
                        text: text::printable(f.text().trim()),
                    },
                );
                None
            }
        }
    }

    fn int(&mut self, key: &str) -> Option<i64> {
        let f = self.field(key)?.clone();
        let t = f.text().trim();
        if t.is_empty() {
            if f.required {
                self.err(f.draft_key(), Msg::Required);
            }
            return None;
        }
        match t.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.err(
                    f.draft_key(),
                    Msg::BadNumber {
                        text: text::printable(t),
                    },
                );
                None
            }
        }
    }

    /// A choice that must be made.
    fn chosen(&mut self, key: &str) -> String {
        let v = self.s(key);
        if v.is_empty() && self.field(key).is_some_and(|f| f.required) {
            self.err(key.into(), Msg::Required);
        }
        v
    }

    fn rows(&self, key: &str) -> Vec<Vec<Field>> {
        let mut out: Vec<Vec<Field>> = Vec::new();
        for f in self.form.fields.iter().filter(|f| f.key == key) {
            let r = f.row.unwrap_or(0);
            if out.len() <= r {
                out.resize(r + 1, Vec::new());
            }
            out[r].push(f.clone());
        }
        out
    }

    /// A text of a row, checked as validation checks it, the message on that row's field.
    fn row_text(&mut self, f: &Field, max: usize) -> String {
        let r = if f.required {
            text::clean_required(f.text(), max, false)
        } else {
            text::clean(f.text(), max, false)
        };
        match r {
            Ok(s) if s.contains('|') => {
                self.err(f.draft_key(), Msg::BadCsv { detail: "|".into() });
                s
            }
            Ok(s) => s,
            Err(p) => {
                self.err(f.draft_key(), p.into());
                String::new()
            }
        }
    }

    /// Add validation's problems, except those of rows (already checked row by row).
    fn validated(&mut self, r: Result<(), Vec<FieldError>>, row_keys: &[&str]) {
        for e in r.err().unwrap_or_default() {
            if !row_keys.contains(&e.field.as_str()) {
                self.errs.push(e);
            }
        }
    }
}

fn coded<T: Coded>(code: &str) -> Option<T> {
    T::ALL.iter().copied().find(|v| v.code() == code)
}

/// The request the form would send, if every field is valid, and every problem found.
pub fn build(form: &Form) -> (Option<Request>, Vec<FieldError>) {
    let mut r = Reader {
        form,
        errs: Vec::new(),
    };
    let req = match &form.base {
        Base::Unit(u) => {
            let mut u = u.clone();
            u.code = r.s("code");
            u.name = r.s("name");
            u.parent = r.s("parent_code").parse().ok();
            u.kind = coded(&r.s("kind")).unwrap_or(u.kind);
            u.active = r.s("active") != "false";
            let v = validate::unit(&mut u);
            r.validated(v, &[]);
            Request::SaveUnit(u)
        }
        Base::Model { model, periods } => {
            let mut m = model.clone();
            m.code = r.s("code");
            m.unit = r.chosen("unit_code").parse().unwrap_or(0);
            m.kind = coded(&r.s("kind")).unwrap_or(m.kind);
            m.title = r.s("title");
            m.person = r.s("person");
            m.position = r.s("position");
            m.field = r.chosen("field");
            m.period = r.chosen("period");
            if let Some(d) = r.date("registered_on") {
                m.registered_on = d;
            }
            if let Some(s) = r.int("step") {
                m.step = s.clamp(0, 255) as u8;
            }
            m.leader = r.s("leader");
            m.summary = r.s("summary");
            // A decided outcome's day and decision are corrected here; the outcome itself
            // changes by its action.
            if r.field("outcome_on").is_some() {
                m.outcome_on = r.date("outcome_on");
                m.outcome_decision = r.s("outcome_decision");
            }
            let g = &mut m.registration;
            g.problem = r.s("problem");
            g.goals = r.s("goals");
            g.activities = r.s("activities");
            g.area = r.s("area");
            g.beneficiaries = r.s("beneficiaries");
            g.lead_forces = r.s("lead_forces");
            g.partners = r.s("partners");
            g.resources = r.s("resources");
            g.outputs = r.s("outputs");
            g.start_on = r.date("start_on");
            g.end_on = r.date("end_on");
            m.criteria = r
                .rows("criteria")
                .into_iter()
                .filter(|row| row.len() == 5)
                .map(|row| Criterion {
                    name: r.row_text(&row[0], validate::MAX_NAME),
                    measure: r.row_text(&row[1], 30),
                    target: r.num_of(&row[2]).unwrap_or(0.0),
                    actual: r.num_of(&row[3]).unwrap_or(0.0),
                    due: r.date_of(&row[4]),
                })
                .collect();
            let steps = periods
                .iter()
                .find(|(c, _)| *c == m.period)
                .map_or(5, |(_, n)| *n);
            let v = validate::model(&mut m, steps);
            r.validated(v, &["criteria"]);
            Request::SaveModel(m)
        }
        Base::CheckIn {
            checkin,
            registered_on,
            criteria,
            steps,
            today,
        } => {
            let mut c = checkin.clone();
            if let Some(d) = r.date("date") {
                c.date = d;
            }
            c.kind = coded(&r.s("kind")).unwrap_or(c.kind);
            c.by = r.s("by");
            c.note = r.s("note");
            c.step = r.int("step").map(|s| s.clamp(0, 255) as u8);
            c.next_due = r.date("next_due");
            c.actuals = r
                .rows("actuals")
                .into_iter()
                .enumerate()
                .filter_map(|(i, row)| Some((i as u16, r.num_of(row.first()?)?)))
                .collect();
            let v = validate::checkin(&mut c, *registered_on, *criteria, *steps, Some(*today));
            r.validated(v, &[]);
            Request::SaveCheckIn(c)
        }
        Base::Award {
            award,
            registered_on,
            today,
        } => {
            let mut a = award.clone();
            a.body = r.s("body");
            a.form = r.chosen("form");
            a.decision_no = r.s("decision_no");
            if let Some(d) = r.date("decided_on") {
                a.decided_on = d;
            }
            a.note = r.s("note");
            let v = validate::award(&mut a, *registered_on, Some(*today));
            r.validated(v, &[]);
            Request::SaveAward(a)
        }
        Base::Replication {
            replication,
            registered_on,
        } => {
            let mut x = replication.clone();
            x.unit = r.chosen("unit_code").parse().unwrap_or(0);
            if let Some(d) = r.date("date") {
                x.date = d;
            }
            x.note = r.s("note");
            let v = validate::replication(&mut x, *registered_on);
            r.validated(v, &[]);
            Request::SaveReplication(x)
        }
        Base::Period(p) => {
            let mut p = p.clone();
            p.code = r.s("code");
            p.guidance = r.s("guidance");
            p.guidance_date = r.date("guidance_date");
            p.reviews = r.reviews("reviews");
            if let Some(n) = r.int("checkin_interval_days") {
                p.checkin_interval_days = n.clamp(0, u32::MAX as i64) as u32;
            }
            p.steps = r
                .rows("steps")
                .into_iter()
                .filter(|row| row.len() == 2)
                .map(|row| StepDef {
                    vi: r.row_text(&row[0], validate::MAX_NAME),
                    en: r.row_text(&row[1], validate::MAX_NAME),
                })
                .collect();
            let empty = p.steps.is_empty();
            let v = validate::period(&mut p);
            r.validated(v, if empty { &[] } else { &["steps"] });
            Request::SavePeriod(p)
        }
        Base::Field(_) => {
            let mut f = FieldDef {
                code: r.s("code"),
                vi: r.s("vi"),
                en: r.s("en"),
            };
            let v = validate::field_def(&mut f);
            r.validated(v, &[]);
            Request::SaveField(f)
        }
        Base::AwardForm(_) => {
            let mut f = AwardForm {
                code: r.s("code"),
                vi: r.s("vi"),
                en: r.s("en"),
            };
            let v = validate::award_form(&mut f);
            r.validated(v, &[]);
            Request::SaveForm(f)
        }
        Base::Report { period, as_of } => {
            if r.s("path").trim().is_empty() {
                r.err("path".into(), Msg::Required);
            }
            r.chosen("format");
            Request::Report {
                period: period.clone(),
                as_of: *as_of,
                overdue_limit: None,
            }
        }
        Base::Action {
            model,
            rev,
            what,
            today,
        } => {
            let value = r.chosen("value");
            let reason = match text::clean(&r.s("reason"), validate::MAX_LONG, true) {
                Ok(s) => s,
                Err(p) => {
                    r.err("reason".into(), p.into());
                    String::new()
                }
            };
            // Going back and returning a registration are explained to the unit.
            if reason.is_empty() && matches!(what, ActionKind::StepBack | ActionKind::Return) {
                r.err("reason".into(), Msg::Required);
            }
            let action = match what {
                ActionKind::StepNext | ActionKind::StepBack => {
                    ModelAction::Step(value.parse().unwrap_or(0))
                }
                ActionKind::Submit | ActionKind::Approve | ActionKind::Return => {
                    ModelAction::Status(coded(&value).unwrap_or(RegStatus::Draft))
                }
                ActionKind::Outcome => {
                    let outcome = coded(&value).unwrap_or(Outcome::Pending);
                    let on = r.date("outcome_on");
                    if let Some(d) = on
                        && d > *today
                    {
                        r.err(
                            "outcome_on".into(),
                            Msg::InFuture {
                                date: text::date_dmy(d),
                            },
                        );
                    }
                    let decision =
                        match text::clean(&r.s("outcome_decision"), validate::MAX_SHORT, false) {
                            Ok(s) => s,
                            Err(p) => {
                                r.err("outcome_decision".into(), p.into());
                                String::new()
                            }
                        };
                    ModelAction::Decide {
                        outcome,
                        on,
                        decision,
                    }
                }
            };
            Request::ModelAction {
                id: *model,
                rev: *rev,
                action,
                reason,
            }
        }
    };
    let ok = r.errs.is_empty();
    (ok.then_some(req), r.errs)
}

/// The label a field's message is shown with at the foot of the form.
pub fn label_of(f: &Field, lang: crate::i18n::Lang) -> String {
    match &f.label {
        Label::S(s) => s.get(lang).to_string(),
        l => l.text(lang),
    }
}
