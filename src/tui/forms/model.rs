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

/// `id == 0`: a new model, in the latest period.
pub fn open(api: &Api, id: Id, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
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
            unit: 0,
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
    let mut fields = vec![
        Field::new(K::Code, S::ColCode, Kind::Code, &m.code).required(),
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
    Ok(Form::new(
        Target::Model { id },
        base,
        title,
        subject,
        fields,
    ))
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
