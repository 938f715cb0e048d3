//! The model form: code, unit, kind, title first (CONTRACT.md), the registration's texts,
//! and a row per criterion. A new model may start at a later step; a saved one moves its
//! step only by an action.

use chrono::NaiveDate;

use super::{choice, long, opt_date, text, unit_opts};
use crate::api::{Api, ApiResult, Request};
use crate::domain::text::date_dmy;
use crate::domain::validate::{self, MAX_NAME, MAX_SHORT};
use crate::domain::*;
use crate::i18n::Lang;
use crate::tui::form::{CritPart, Field, FieldKey as K, Form, Kind, Opt, Target};
use crate::tui::i18n::S;
use crate::tui::records::{Base, Reader, coded};

/// The fields of the registration, in the order they are shown.
fn registration_texts(r: &mut Registration) -> [(K, S, &mut String); 9] {
    [
        (K::Problem, S::Problem, &mut r.problem),
        (K::Goals, S::Goals, &mut r.goals),
        (K::Activities, S::Activities, &mut r.activities),
        (K::Area, S::Area, &mut r.area),
        (K::Beneficiaries, S::Beneficiaries, &mut r.beneficiaries),
        (K::LeadForces, S::LeadForces, &mut r.lead_forces),
        (K::Partners, S::Partners, &mut r.partners),
        (K::Resources, S::Resources, &mut r.resources),
        (K::Outputs, S::Outputs, &mut r.outputs),
    ]
}

/// A code's pattern: what comes before its number, the number, and its digits.
fn split_code(code: &str) -> Option<(&str, u64, usize)> {
    let digits = code.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 12 {
        return None;
    }
    let (prefix, num) = code.split_at(code.len() - digits);
    Some((prefix, num.parse().ok()?, digits))
}

/// The code suggested for a new model: the next number in the pattern the period's codes
/// follow (`MH-27` after `MH-26`, `MH007` after `MH006`), the pattern of `unit`'s own codes
/// when it has some among `rows` (the period's models as (code, unit)), and not one of
/// `taken`. Empty when the period has no numbered codes to follow.
pub fn next_code(rows: &[(String, Id)], unit: Option<Id>, taken: impl Fn(&str) -> bool) -> String {
    let numbered: Vec<(&str, u64, usize, Id)> = rows
        .iter()
        .filter_map(|(c, u)| split_code(c).map(|(p, n, d)| (p, n, d, *u)))
        .collect();
    let own: Vec<_> = numbered.iter().filter(|x| Some(x.3) == unit).collect();
    let pool: Vec<_> = if own.is_empty() {
        numbered.iter().collect()
    } else {
        own
    };
    // The pattern most codes follow; among equals, the one that has gone furthest.
    let mut counts: std::collections::HashMap<&str, (usize, u64)> = Default::default();
    for (p, n, _, _) in &pool {
        let e = counts.entry(p).or_default();
        e.0 += 1;
        e.1 = e.1.max(*n);
    }
    let Some((prefix, _)) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
    else {
        return String::new();
    };
    let (last, digits) = numbered
        .iter()
        .filter(|x| x.0 == prefix)
        .map(|x| (x.1, x.2))
        .max()
        .unwrap_or((0, 1));
    (last + 1..last + 101)
        .map(|n| format!("{prefix}{n:0digits$}"))
        .find(|code| !rows.iter().any(|(c, _)| c == code) && !taken(code))
        .unwrap_or_default()
}

/// The codes a new model's code follows on from: the last of the period's codes, and of
/// `unit`'s, in code order (as (code, unit)) — two windows of the server's, not the
/// period's rows, which may number a million.
fn last_codes(
    api: &Api,
    period: &str,
    unit: Option<Id>,
    today: NaiveDate,
) -> ApiResult<Vec<(String, Id)>> {
    use crate::api::{SortBy, TableKind, ViewSpec, WindowRows};
    const LAST: u32 = 200;
    let mut out = Vec::new();
    for unit in [unit, None]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
    {
        let mut spec = ViewSpec::of(TableKind::Models);
        spec.sort = SortBy::Code;
        spec.descending = true;
        spec.filters.unit = unit;
        let w = api.window(Some(period.to_string()), today, spec, 0, LAST, None)?;
        if let WindowRows::Models(rows) = w.rows {
            out.extend(rows.into_iter().map(|r| (r.code, r.unit)));
        }
    }
    Ok(out)
}

/// `id == 0`: a new model, in the latest period.
pub fn open(api: &Api, id: Id, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    open_in(api, id, None, lang, today)
}

/// A new model, of `unit` when given, with the next free code suggested.
pub fn open_new(api: &Api, unit: Option<Id>, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    open_in(api, 0, unit, lang, today)
}

fn open_in(api: &Api, id: Id, unit: Option<Id>, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    let units = api.units()?;
    let periods = api.periods()?;
    let fields_cat = api.fields()?;
    let latest = periods
        .iter()
        .max_by_key(|p| p.start_year)
        .map(|p| p.code.clone());
    let mut m = match id {
        0 => Model {
            outcome_on: None,
            outcome_decision: String::new(),
            id: 0,
            code: String::new(),
            unit: unit.unwrap_or(0),
            kind: ModelKind::Collective,
            title: String::new(),
            person: String::new(),
            position: String::new(),
            leader: String::new(),
            field: String::new(),
            period: latest.unwrap_or_default(),
            registered_on: today,
            status: RegStatus::Draft,
            step: 1,
            outcome: Outcome::Pending,
            summary: String::new(),
            registration: Registration::default(),
            criteria: vec![],
            rev: 0,
        },
        id => api.model(id)?.model,
    };
    if id == 0 && !m.period.is_empty() {
        // A suggestion only: the code field holds it, to keep or type over.
        let rows = last_codes(api, &m.period, unit, today)?;
        m.code = next_code(&rows, unit, |c| api.model_by_code(c.to_string()).is_ok());
    }
    let code = Field::new(K::Code, S::ColCode, Kind::Code, &m.code).required();
    let mut fields = vec![
        if id == 0 { code.suggested() } else { code },
        Field::new(
            K::UnitCode,
            S::ColUnit,
            Kind::Choice(unit_opts(&units, 0)),
            &if m.unit == 0 {
                String::new()
            } else {
                m.unit.to_string()
            },
        )
        .required(),
        Field::new(
            K::Kind,
            S::ColKind,
            choice::<ModelKind>(lang),
            m.kind.code(),
        ),
        Field::new(K::Title, S::ColTitle, text(MAX_NAME), &m.title).required(),
        Field::new(K::Person, S::Person, text(MAX_SHORT), &m.person),
        Field::new(K::Position, S::Position, text(MAX_NAME), &m.position),
        Field::new(
            K::Field,
            S::ColField,
            Kind::Choice(
                fields_cat
                    .iter()
                    .map(|f| Opt::new(f.code.clone(), lang.pick(&f.vi, &f.en).clone()))
                    .collect(),
            ),
            &m.field,
        )
        .required(),
        Field::new(
            K::Period,
            S::Period,
            Kind::Choice(
                periods
                    .iter()
                    .map(|p| Opt::new(p.code.clone(), p.code.clone()))
                    .collect(),
            ),
            &m.period,
        )
        .required(),
        Field::new(
            K::RegisteredOn,
            S::Registered,
            Kind::Date,
            &date_dmy(m.registered_on),
        )
        .required(),
    ];
    // A new model may start at a later step (a registration made on paper); once saved, its
    // step moves only by an action with a reason.
    if id == 0 {
        fields.push(Field::new(K::Step, S::ColStep, Kind::Int, &m.step.to_string()).required());
    }
    fields.extend([
        Field::new(K::Leader, S::Leader, text(MAX_SHORT), &m.leader),
        Field::new(K::Summary, S::Summary, long(), &m.summary),
    ]);
    if m.outcome != Outcome::Pending {
        fields.extend([
            Field::new(
                K::OutcomeOn,
                S::OutcomeOn,
                Kind::Date,
                &opt_date(m.outcome_on),
            ),
            Field::new(
                K::OutcomeDecision,
                S::OutcomeDecision,
                text(MAX_SHORT),
                &m.outcome_decision,
            ),
        ]);
    }
    let (start_on, end_on) = (m.registration.start_on, m.registration.end_on);
    let texts = registration_texts(&mut m.registration);
    // The outputs come after the dates the work runs between.
    let (before, after) = texts.split_at(8);
    let text_field = |(k, s, v): &(K, S, &mut String)| Field::new(*k, *s, long(), v);
    fields.extend(before.iter().map(text_field));
    fields.extend([
        Field::new(K::StartOn, S::StartOn, Kind::Date, &opt_date(start_on)),
        Field::new(K::EndOn, S::EndOn, Kind::Date, &opt_date(end_on)),
    ]);
    fields.extend(after.iter().map(text_field));
    for (i, c) in m.criteria.iter().enumerate() {
        fields.extend(criterion_fields(i, Some(c)));
    }
    let steps = periods
        .iter()
        .map(|p| (p.code.clone(), p.steps.len() as u8))
        .collect();
    let title = [S::NewModel, S::EditModel][(id != 0) as usize];
    let subject = if id == 0 {
        String::new()
    } else {
        m.code.clone()
    };
    let base = Base::Model {
        model: m,
        periods: steps,
    };
    // Reopened (a draft, a reload), the form of a unit's new model keeps its unit.
    let target = match unit {
        Some(unit) if id == 0 => Target::NewModel { unit },
        _ => Target::Model { id },
    };
    Ok(Form::new(target, base, title, subject, fields))
}

/// The fields of criterion `row`, filled from `c` or empty.
pub fn criterion_fields(row: usize, c: Option<&Criterion>) -> Vec<Field> {
    let g = S::Criterion;
    let num = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            x.to_string()
        }
    };
    let cell = |part, label, kind, value: &str| {
        Field::new(K::Criteria(part), label, kind, value).in_row(g, row, label)
    };
    vec![
        cell(
            CritPart::Name,
            S::CritName,
            text(MAX_NAME),
            c.map_or("", |c| &c.name),
        )
        .required(),
        cell(
            CritPart::Measure,
            S::CritMeasure,
            text(30),
            c.map_or("", |c| &c.measure),
        ),
        cell(
            CritPart::Target,
            S::CritTarget,
            Kind::Number,
            &c.map_or(String::new(), |c| num(c.target)),
        ),
        cell(
            CritPart::Actual,
            S::CritActual,
            Kind::Number,
            &c.map_or(String::new(), |c| num(c.actual)),
        ),
        cell(
            CritPart::Due,
            S::Due,
            Kind::Date,
            &opt_date(c.and_then(|c| c.due)),
        ),
    ]
}

/// `periods`: every period with its number of steps.
pub(crate) fn build(r: &mut Reader, base: &Model, periods: &[(String, u8)]) -> Request {
    let mut m = base.clone();
    m.code = r.s(K::Code);
    m.unit = r.chosen(K::UnitCode).parse().unwrap_or(0);
    m.kind = coded(&r.s(K::Kind)).unwrap_or(m.kind);
    m.title = r.s(K::Title);
    m.person = r.s(K::Person);
    m.position = r.s(K::Position);
    m.field = r.chosen(K::Field);
    m.period = r.chosen(K::Period);
    if let Some(d) = r.date(K::RegisteredOn) {
        m.registered_on = d;
    }
    if let Some(s) = r.int(K::Step) {
        m.step = s.clamp(0, 255) as u8;
    }
    m.leader = r.s(K::Leader);
    m.summary = r.s(K::Summary);
    // A decided outcome's day and decision are corrected here; the outcome itself changes
    // by its action.
    if r.field(K::OutcomeOn).is_some() {
        m.outcome_on = r.date(K::OutcomeOn);
        m.outcome_decision = r.s(K::OutcomeDecision);
    }
    for (k, _, v) in registration_texts(&mut m.registration) {
        *v = r.s(k);
    }
    m.registration.start_on = r.date(K::StartOn);
    m.registration.end_on = r.date(K::EndOn);
    let parts = CritPart::ALL.map(K::Criteria);
    m.criteria = r
        .rows(|k| matches!(k, K::Criteria(_)), parts)
        .into_iter()
        .map(|[name, measure, target, actual, due]| Criterion {
            name: r.row_text(&name, MAX_NAME),
            measure: r.row_text(&measure, 30),
            target: r.num_of(&target).unwrap_or(0.0),
            actual: r.num_of(&actual).unwrap_or(0.0),
            due: r.date_of(&due),
        })
        .collect();
    let steps = periods
        .iter()
        .find(|(c, _)| *c == m.period)
        .map_or(5, |(_, n)| *n);
    let v = validate::model(&mut m, steps);
    // The criteria were checked row by row.
    r.validated(v, &[K::Criteria(CritPart::Name)]);
    Request::SaveModel(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[(&str, Id)]) -> Vec<(String, Id)> {
        v.iter().map(|(c, u)| (c.to_string(), *u)).collect()
    }

    #[test]
    fn the_next_code_follows_the_pattern_of_the_period_or_the_unit() {
        let none = |_: &str| false;
        let r = rows(&[("MH-25", 1), ("MH-26", 2), ("MH-3", 1), ("DT01", 3)]);
        assert_eq!(next_code(&r, None, none), "MH-27");
        // The unit's own pattern first, numbered after every code of that pattern.
        assert_eq!(next_code(&r, Some(3), none), "DT02");
        assert_eq!(next_code(&r, Some(9), none), "MH-27");
        // Leading zeros are kept; a code taken elsewhere is skipped.
        let r = rows(&[("MH007", 1), ("MH006", 1)]);
        assert_eq!(next_code(&r, None, |c| c == "MH008"), "MH009");
        assert_eq!(next_code(&rows(&[("ABC", 1)]), None, none), "");
        assert_eq!(next_code(&[], None, none), "");
        assert_eq!(next_code(&rows(&[("DB05-09", 1)]), None, none), "DB05-10");
    }
}
