//! Validation and normalisation of every record before it is stored. Each function cleans
//! the record in place (NFC, trimmed) and returns every problem found, each naming its field
//! by the field's code name (the CSV column where there is one).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::msg::Msg;
use super::text::{self, date_dmy};
use super::types::*;

/// A problem with one field of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

pub const MAX_CODE: usize = 32;
pub const MAX_NAME: usize = 200;
pub const MAX_SHORT: usize = 100;
pub const MAX_LONG: usize = 4000;

struct Check(Vec<FieldError>);

impl Check {
    fn err(&mut self, field: &str, msg: Msg) {
        self.0.push(FieldError {
            field: field.into(),
            msg,
        });
    }
    fn text(&mut self, field: &str, v: &mut String, max: usize, required: bool, multiline: bool) {
        let r = if required {
            text::clean_required(v, max, multiline)
        } else {
            text::clean(v, max, multiline)
        };
        match r {
            Ok(s) => *v = s,
            Err(p) => self.err(field, p.into()),
        }
    }
    fn code(&mut self, field: &str, v: &mut String) {
        match clean_code(v) {
            Ok(s) => *v = s,
            Err(m) => self.err(field, m),
        }
    }
    fn number(&mut self, field: &str, v: f64) {
        if !v.is_finite() {
            self.err(
                field,
                Msg::BadNumber {
                    text: v.to_string(),
                },
            );
        } else if v < 0.0 {
            self.err(field, Msg::Negative);
        }
    }
}

/// A code as people type it: unaccented letters, digits and `- _ . /`, 1 to 32 characters.
pub fn clean_code(v: &str) -> Result<String, Msg> {
    let s = text::clean(v, 1000, false)?;
    if s.is_empty() {
        return Err(Msg::Required);
    }
    let ok = s.len() <= MAX_CODE
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if ok {
        Ok(s)
    } else {
        Err(Msg::BadCode {
            text: text::printable(&s),
        })
    }
}

/// A period code `YYYY-YYYY`, normalised (spaces around the dash removed).
pub fn clean_period_code(v: &str) -> Result<String, Msg> {
    super::codes::default_period(v)
        .map(|p| p.code)
        .ok_or_else(|| Msg::BadPeriod {
            text: text::printable(v.trim()),
        })
}

fn finish(c: Check) -> Result<(), Vec<FieldError>> {
    if c.0.is_empty() { Ok(()) } else { Err(c.0) }
}

pub fn period(p: &mut Period) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    match super::codes::default_period(&p.code) {
        Some(d) => {
            p.code = d.code;
            p.start_year = d.start_year;
            p.end_year = d.end_year;
        }
        None => c.err(
            "code",
            Msg::BadPeriod {
                text: text::printable(&p.code),
            },
        ),
    }
    c.text("guidance", &mut p.guidance, MAX_SHORT, false, false);
    if p.steps.is_empty() {
        c.err("steps", Msg::Required);
    }
    if p.steps.len() > 12 {
        c.err("steps", Msg::TooLong { max: 12 });
    }
    for s in &mut p.steps {
        c.text("steps", &mut s.vi, MAX_NAME, true, false);
        c.text("steps", &mut s.en, MAX_NAME, true, false);
    }
    for r in &mut p.reviews {
        review_texts(&mut c, r);
    }
    p.sort_reviews();
    if p.checkin_interval_days == 0 || p.checkin_interval_days > 3650 {
        c.err(
            "checkin_interval_days",
            Msg::BadNumber {
                text: p.checkin_interval_days.to_string(),
            },
        );
    }
    finish(c)
}

fn review_texts(c: &mut Check, r: &mut Review) {
    c.text("title", &mut r.title, MAX_NAME, false, false);
    c.text("doc_no", &mut r.doc_no, MAX_SHORT, false, false);
}

/// A review of a period on its own (a row of `reviews.csv`).
pub fn review(r: &mut Review) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    review_texts(&mut c, r);
    finish(c)
}

pub fn field_def(f: &mut FieldDef) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    c.code("code", &mut f.code);
    c.text("vi", &mut f.vi, MAX_NAME, true, false);
    c.text("en", &mut f.en, MAX_NAME, true, false);
    finish(c)
}

pub fn award_form(f: &mut AwardForm) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    c.code("code", &mut f.code);
    c.text("vi", &mut f.vi, MAX_NAME, true, false);
    c.text("en", &mut f.en, MAX_NAME, true, false);
    finish(c)
}

pub fn unit(u: &mut Unit) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    c.code("code", &mut u.code);
    c.text("name", &mut u.name, MAX_NAME, true, false);
    if u.parent == Some(u.id) && u.id != 0 {
        c.err(
            "parent_code",
            Msg::ParentCycle {
                code: u.code.clone(),
            },
        );
    }
    finish(c)
}

/// `steps` is the number of steps of the model's period.
pub fn model(m: &mut Model, steps: u8) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    c.code("code", &mut m.code);
    c.text("title", &mut m.title, MAX_NAME, true, false);
    c.text("person", &mut m.person, MAX_SHORT, false, false);
    c.text("position", &mut m.position, MAX_NAME, false, false);
    c.text("leader", &mut m.leader, MAX_SHORT, false, false);
    c.text("summary", &mut m.summary, MAX_LONG, false, true);
    c.text(
        "outcome_decision",
        &mut m.outcome_decision,
        MAX_SHORT,
        false,
        false,
    );
    if let Some(d) = m.outcome_on
        && d < m.registered_on
    {
        c.err(
            "outcome_on",
            Msg::BeforeRegistration {
                date: date_dmy(d),
                registered: date_dmy(m.registered_on),
            },
        );
    }
    if m.kind == ModelKind::Individual && m.person.is_empty() {
        c.err("person", Msg::PersonRequired);
    }
    if m.step == 0 || m.step > steps {
        c.err(
            "step",
            Msg::StepOutOfRange {
                step: m.step as i64,
                max: steps,
            },
        );
    }
    let r = &mut m.registration;
    for (name, v) in [
        ("problem", &mut r.problem),
        ("goals", &mut r.goals),
        ("activities", &mut r.activities),
        ("area", &mut r.area),
        ("beneficiaries", &mut r.beneficiaries),
        ("lead_forces", &mut r.lead_forces),
        ("partners", &mut r.partners),
        ("resources", &mut r.resources),
        ("outputs", &mut r.outputs),
    ] {
        c.text(name, v, MAX_LONG, false, true);
    }
    if let (Some(s), Some(e)) = (r.start_on, r.end_on)
        && e < s
    {
        c.err("end_on", Msg::EndBeforeStart);
    }
    for cr in &mut m.criteria {
        c.text("criteria", &mut cr.name, MAX_NAME, true, false);
        c.text("criteria", &mut cr.measure, 30, false, false);
        if cr.name.contains('|') || cr.measure.contains('|') {
            c.err("criteria", Msg::BadCsv { detail: "|".into() });
        }
        c.number("criteria", cr.target);
        c.number("criteria", cr.actual);
    }
    finish(c)
}

/// `registered_on` and `criteria` are the model's; `today`, when given, refuses future dates.
pub fn checkin(
    ci: &mut CheckIn,
    registered_on: NaiveDate,
    criteria: usize,
    steps: u8,
    today: Option<NaiveDate>,
) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    c.text("by", &mut ci.by, MAX_SHORT, false, false);
    c.text("note", &mut ci.note, MAX_LONG, false, true);
    if ci.date < registered_on {
        c.err(
            "date",
            Msg::BeforeRegistration {
                date: date_dmy(ci.date),
                registered: date_dmy(registered_on),
            },
        );
    }
    if let Some(t) = today
        && ci.date > t
    {
        c.err(
            "date",
            Msg::InFuture {
                date: date_dmy(ci.date),
            },
        );
    }
    if let Some(n) = ci.next_due
        && n <= ci.date
    {
        c.err("next_due", Msg::NextDueNotAfter);
    }
    if let Some(s) = ci.step
        && (s == 0 || s > steps)
    {
        c.err(
            "step",
            Msg::StepOutOfRange {
                step: s as i64,
                max: steps,
            },
        );
    }
    for (i, v) in &ci.actuals {
        if *i as usize >= criteria {
            c.err(
                "actuals",
                Msg::NoSuchCriterion {
                    index: *i as u64 + 1,
                },
            );
        }
        c.number("actuals", *v);
    }
    finish(c)
}

/// A registration date more than a year outside its period's years (a typo in the date or
/// in the period) is refused.
pub fn registered_in_period(d: NaiveDate, p: &Period) -> Result<(), FieldError> {
    use chrono::Datelike;
    let y = d.year();
    if y < p.start_year as i32 - 1 || y > p.end_year as i32 + 1 {
        return Err(FieldError {
            field: "registered_on".into(),
            msg: Msg::RegisteredOutsidePeriod {
                date: date_dmy(d),
                period: p.code.clone(),
            },
        });
    }
    Ok(())
}

/// `registered_on` is the model's; `today`, when given, refuses a decision dated after it.
pub fn award(
    a: &mut Award,
    registered_on: NaiveDate,
    today: Option<NaiveDate>,
) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    c.text("body", &mut a.body, MAX_NAME, true, false);
    c.text("decision_no", &mut a.decision_no, MAX_SHORT, true, false);
    c.text("note", &mut a.note, MAX_LONG, false, true);
    if a.decided_on < registered_on {
        c.err(
            "decided_on",
            Msg::BeforeRegistration {
                date: date_dmy(a.decided_on),
                registered: date_dmy(registered_on),
            },
        );
    }
    if let Some(t) = today
        && a.decided_on > t
    {
        c.err(
            "decided_on",
            Msg::InFuture {
                date: date_dmy(a.decided_on),
            },
        );
    }
    finish(c)
}

pub fn replication(r: &mut Replication, registered_on: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut c = Check(vec![]);
    c.text("note", &mut r.note, MAX_LONG, false, true);
    if r.date < registered_on {
        c.err(
            "date",
            Msg::BeforeRegistration {
                date: date_dmy(r.date),
                registered: date_dmy(registered_on),
            },
        );
    }
    finish(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub fn sample_model() -> Model {
        Model {
            outcome_on: None,
            outcome_decision: String::new(),
            id: 1,
            code: "MH-01".into(),
            unit: 1,
            kind: ModelKind::Collective,
            title: " Dân vận khéo trong xây dựng nông thôn mới ".into(),
            person: String::new(),
            position: String::new(),
            leader: String::new(),
            field: "economy".into(),
            period: "2017-2020".into(),
            registered_on: d(2017, 7, 1),
            status: RegStatus::Approved,
            step: 3,
            outcome: Outcome::Pending,
            summary: String::new(),
            registration: Registration::default(),
            criteria: vec![Criterion {
                name: "Hộ thoát nghèo".into(),
                measure: "hộ".into(),
                target: 20.0,
                actual: 5.0,
                due: None,
            }],
            rev: 0,
        }
    }

    #[test]
    fn model_is_cleaned_and_checked() {
        let mut m = sample_model();
        model(&mut m, 5).unwrap();
        assert_eq!(m.title, "Dân vận khéo trong xây dựng nông thôn mới");

        let mut m = sample_model();
        m.kind = ModelKind::Individual;
        m.step = 6;
        m.code = "MH 01".into();
        m.criteria[0].target = -1.0;
        m.registration.start_on = Some(d(2018, 1, 1));
        m.registration.end_on = Some(d(2017, 1, 1));
        let errs = model(&mut m, 5).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["code", "person", "step", "end_on", "criteria"]);
    }

    #[test]
    fn checkin_dates_make_sense() {
        let mut ci = CheckIn {
            id: 0,
            model: 1,
            date: d(2017, 6, 1),
            kind: CheckInKind::Inspection,
            by: "Đoàn kiểm tra".into(),
            note: "ổn".into(),
            step: Some(9),
            actuals: vec![(3, 1.0)],
            next_due: Some(d(2017, 5, 1)),
            rev: 0,
        };
        let errs = checkin(&mut ci, d(2017, 7, 1), 1, 5, Some(d(2017, 5, 31))).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["date", "date", "next_due", "step", "actuals"]);
        ci.date = d(2017, 8, 1);
        ci.step = Some(3);
        ci.actuals = vec![(0, 7.0)];
        ci.next_due = Some(d(2017, 11, 1));
        checkin(&mut ci, d(2017, 7, 1), 1, 5, Some(d(2020, 1, 1))).unwrap();
    }

    #[test]
    fn award_and_codes() {
        let mut a = Award {
            id: 0,
            model: 1,
            body: "Ban Dân vận Tỉnh ủy".into(),
            form: "giay_khen".into(),
            decision_no: "".into(),
            decided_on: d(2016, 1, 1),
            note: "".into(),
            rev: 0,
        };
        let errs = award(&mut a, d(2017, 7, 1), None).unwrap_err();
        assert_eq!(errs.len(), 2);
        a.decision_no = "45-QĐ/BDVTU".into();
        a.decided_on = d(2020, 10, 21);
        let errs = award(&mut a, d(2017, 7, 1), Some(d(2020, 10, 20))).unwrap_err();
        assert_eq!(
            errs[0].msg,
            Msg::InFuture {
                date: "21/10/2020".into()
            }
        );
        award(&mut a, d(2017, 7, 1), Some(d(2020, 10, 21))).unwrap();
        assert_eq!(clean_code(" CB-01 ").unwrap(), "CB-01");
        assert!(clean_code("CB-Đ1").is_err());
        assert!(clean_code(&"X".repeat(33)).is_err());
        assert_eq!(clean_period_code("2017 - 2020").unwrap(), "2017-2020");
    }

    #[test]
    fn unit_refuses_escape_sequences() {
        let mut u = Unit {
            id: 1,
            code: "CB1".into(),
            name: "Chi bộ\u{1b}[2J".into(),
            parent: None,
            kind: UnitKind::PartyCell,
            active: true,
            rev: 0,
        };
        let errs = unit(&mut u).unwrap_err();
        assert_eq!(errs[0].msg, Msg::ControlChar { code: 0x1b });
    }
}
