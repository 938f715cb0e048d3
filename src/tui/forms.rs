//! Opening a form: fetch the record and the lists its choices need, and lay out its fields
//! in the order people fill them in (CONTRACT.md: the unit form begins with code, then name;
//! the model form with code, unit, kind, title).

use chrono::{Days, NaiveDate};

use super::form::{ActionKind, Field, Form, Kind, Label, Opt, Target};
use super::i18n::S;
use super::records::{Base, criterion_fields, step_fields};
use crate::api::{Api, ApiError, ApiResult};
use crate::domain::codes::default_steps;
use crate::domain::text::{date_dmy, printable};
use crate::domain::validate::{MAX_LONG, MAX_NAME, MAX_SHORT};
use crate::domain::*;
use crate::i18n::Lang;

fn text(max: usize) -> Kind {
    Kind::Text {
        max,
        multiline: false,
    }
}

fn long() -> Kind {
    Kind::Text {
        max: MAX_LONG,
        multiline: true,
    }
}

/// A review as one line of the period form: `kind | date | title | doc_no`.
pub fn review_line(r: &Review, lang: Lang) -> String {
    let mut parts = vec![
        r.kind.label(lang).to_string(),
        date_dmy(r.date),
        r.title.clone(),
        r.doc_no.clone(),
    ];
    // `Tổng kết | 12/10/2020`, not `Tổng kết | 12/10/2020 |  |`.
    while parts.len() > 2 && parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts.join(" | ")
}

fn choice<T: Coded>(lang: Lang) -> Kind {
    Kind::Choice(
        T::ALL
            .iter()
            .map(|v| Opt::new(v.code(), v.label(lang)))
            .collect(),
    )
}

fn unit_opts(units: &[Unit], except: Id) -> Vec<Opt> {
    let mut v: Vec<&Unit> = units.iter().filter(|u| u.id != except).collect();
    v.sort_by(|a, b| a.code.cmp(&b.code));
    v.iter()
        .map(|u| {
            Opt::new(
                u.id.to_string(),
                printable(&format!("{} — {}", u.code, u.name)),
            )
        })
        .collect()
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date_dmy).unwrap_or_default()
}

fn not_found() -> ApiError {
    ApiError::Msg(Msg::NotFound)
}

/// The form for `target`, filled from the backend.
pub fn open(api: &Api, target: &Target, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    let t = target.clone();
    Ok(match target {
        Target::Unit { id } => {
            let units = api.units()?;
            let u = match *id {
                0 => Unit {
                    id: 0,
                    code: String::new(),
                    name: String::new(),
                    parent: None,
                    kind: UnitKind::PartyCell,
                    active: true,
                    rev: 0,
                },
                id => units
                    .iter()
                    .find(|u| u.id == id)
                    .cloned()
                    .ok_or_else(not_found)?,
            };
            let mut parents = vec![Opt::new("", S::NoParent.get(lang))];
            parents.extend(unit_opts(&units, u.id));
            let fields = vec![
                Field::new("code", S::ColCode, Kind::Code, &u.code).required(),
                Field::new("name", S::ColName, text(MAX_NAME), &u.name).required(),
                Field::new(
                    "parent_code",
                    S::Parent,
                    Kind::Choice(parents),
                    &u.parent.map(|p| p.to_string()).unwrap_or_default(),
                ),
                Field::new("kind", S::ColKind, choice::<UnitKind>(lang), u.kind.code()),
                Field::new(
                    "active",
                    S::Active,
                    Kind::Choice(vec![
                        Opt::new("true", S::Yes.get(lang)),
                        Opt::new("false", S::No.get(lang)),
                    ]),
                    if u.active { "true" } else { "false" },
                ),
            ];
            let (title, subject) = if *id == 0 {
                (S::NewUnit, String::new())
            } else {
                (S::EditUnit, u.code.clone())
            };
            Form::new(t, Base::Unit(u), title, subject, fields)
        }
        Target::Model { id } => model_form(api, t.clone(), *id, lang, today)?,
        Target::CheckIn { model, id } => {
            let d = api.model(*model)?;
            let c = match *id {
                0 => CheckIn {
                    id: 0,
                    model: *model,
                    date: today,
                    kind: CheckInKind::Inspection,
                    by: String::new(),
                    note: String::new(),
                    step: Some(d.model.step),
                    actuals: vec![],
                    next_due: today
                        .checked_add_days(Days::new(d.period.checkin_interval_days as u64)),
                    rev: 0,
                },
                id => d
                    .checkins
                    .iter()
                    .find(|c| c.id == id)
                    .cloned()
                    .ok_or_else(not_found)?,
            };
            let mut fields = vec![
                Field::new("date", S::ColDate, Kind::Date, &date_dmy(c.date)).required(),
                Field::new(
                    "kind",
                    S::ColKind,
                    choice::<CheckInKind>(lang),
                    c.kind.code(),
                ),
                Field::new("by", S::ColBy, text(MAX_SHORT), &c.by),
                Field::new("note", S::ColNote, long(), &c.note),
                Field::new(
                    "step",
                    S::ColStep,
                    Kind::Int,
                    &c.step.map(|s| s.to_string()).unwrap_or_default(),
                ),
                Field::new(
                    "next_due",
                    S::NextDueLong,
                    Kind::Date,
                    &opt_date(c.next_due),
                ),
            ];
            for (i, cr) in d.model.criteria.iter().enumerate() {
                let v = c
                    .actuals
                    .iter()
                    .find(|(k, _)| *k as usize == i)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default();
                let mut f = Field::new("actuals", S::Actual, Kind::Number, &v);
                f.row = Some(i);
                f.label = Label::Actual(printable(&cr.name));
                fields.push(f);
            }
            let title = if *id == 0 {
                S::NewCheckin
            } else {
                S::EditCheckin
            };
            let base = Base::CheckIn {
                checkin: c,
                registered_on: d.model.registered_on,
                criteria: d.model.criteria.len(),
                steps: d.period.steps.len() as u8,
                today,
            };
            Form::new(t, base, title, d.model.code.clone(), fields)
        }
        Target::Award { model, id } => {
            let d = api.model(*model)?;
            let a = match *id {
                0 => Award {
                    id: 0,
                    model: *model,
                    body: String::new(),
                    form: "giay_khen".into(),
                    decision_no: String::new(),
                    decided_on: today,
                    note: String::new(),
                    rev: 0,
                },
                id => d
                    .awards
                    .iter()
                    .find(|a| a.id == id)
                    .cloned()
                    .ok_or_else(not_found)?,
            };
            let bodies = api.bodies()?.into_iter().map(|b| b.name).collect();
            let forms = api
                .forms()?
                .into_iter()
                .map(|f| Opt::new(f.code.clone(), lang.pick(f.vi, f.en)))
                .collect();
            let fields = vec![
                Field::new("body", S::ColBody, Kind::Suggest(bodies), &a.body).required(),
                Field::new("form", S::ColForm, Kind::Choice(forms), &a.form).required(),
                Field::new(
                    "decision_no",
                    S::ColDecision,
                    text(MAX_SHORT),
                    &a.decision_no,
                )
                .required(),
                Field::new(
                    "decided_on",
                    S::DecidedOn,
                    Kind::Date,
                    &date_dmy(a.decided_on),
                )
                .required(),
                Field::new("note", S::ColNote, long(), &a.note),
            ];
            let title = if *id == 0 { S::NewAward } else { S::EditAward };
            let base = Base::Award {
                award: a,
                registered_on: d.model.registered_on,
                today,
            };
            Form::new(t, base, title, d.model.code.clone(), fields)
        }
        Target::Replication { model } => {
            let d = api.model(*model)?;
            let units = api.units()?;
            let r = Replication {
                id: 0,
                model: *model,
                unit: 0,
                date: today,
                note: String::new(),
                rev: 0,
            };
            let fields = vec![
                Field::new(
                    "unit_code",
                    S::ColUnit,
                    Kind::Choice(unit_opts(&units, d.model.unit)),
                    "",
                )
                .required(),
                Field::new("date", S::ColDate, Kind::Date, &date_dmy(r.date)).required(),
                Field::new("note", S::ColNote, long(), ""),
            ];
            let base = Base::Replication {
                replication: r,
                registered_on: d.model.registered_on,
            };
            Form::new(t, base, S::NewReplication, d.model.code.clone(), fields)
        }
        Target::Period { code } => {
            let p = match code {
                None => Period {
                    code: String::new(),
                    start_year: 0,
                    end_year: 0,
                    guidance: String::new(),
                    guidance_date: None,
                    steps: default_steps(),
                    checkin_interval_days: 90,
                    reviews: vec![],
                },
                Some(c) => api
                    .periods()?
                    .into_iter()
                    .find(|p| &p.code == c)
                    .ok_or_else(not_found)?,
            };
            let mut fields = vec![
                Field::new("code", S::Period, text(20), &p.code)
                    .required()
                    .readonly(code.is_some()),
                Field::new("guidance", S::Guidance, text(MAX_SHORT), &p.guidance),
                Field::new(
                    "guidance_date",
                    S::GuidanceDate,
                    Kind::Date,
                    &opt_date(p.guidance_date),
                ),
                Field::new(
                    "checkin_interval_days",
                    S::Interval,
                    Kind::Int,
                    &p.checkin_interval_days.to_string(),
                )
                .required(),
                Field::new(
                    "reviews",
                    S::Reviews,
                    long(),
                    &p.reviews
                        .iter()
                        .map(|r| review_line(r, lang))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ];
            for (i, s) in p.steps.iter().enumerate() {
                fields.extend(step_fields(i, Some(s)));
            }
            let title = if code.is_none() {
                S::NewPeriod
            } else {
                S::EditPeriod
            };
            Form::new(t, Base::Period(p.clone()), title, p.code.clone(), fields)
        }
        Target::Field { code } | Target::AwardForm { code } => {
            let is_field = matches!(target, Target::Field { .. });
            let (c, vi, en) = match code {
                None => Default::default(),
                Some(c) if is_field => {
                    let f = api
                        .fields()?
                        .into_iter()
                        .find(|f| &f.code == c)
                        .ok_or_else(not_found)?;
                    (f.code, f.vi, f.en)
                }
                Some(c) => {
                    let f = api
                        .forms()?
                        .into_iter()
                        .find(|f| &f.code == c)
                        .ok_or_else(not_found)?;
                    (f.code, f.vi, f.en)
                }
            };
            let fields = vec![
                Field::new("code", S::ColCode, Kind::Code, &c)
                    .required()
                    .readonly(code.is_some()),
                Field::new("vi", S::NameVi, text(MAX_NAME), &vi).required(),
                Field::new("en", S::NameEn, text(MAX_NAME), &en).required(),
            ];
            let (base, title) = if is_field {
                let b = Base::Field(FieldDef {
                    code: c.clone(),
                    vi,
                    en,
                });
                (
                    b,
                    if code.is_none() {
                        S::NewField
                    } else {
                        S::EditField
                    },
                )
            } else {
                let b = Base::AwardForm(AwardForm {
                    code: c.clone(),
                    vi,
                    en,
                });
                (
                    b,
                    if code.is_none() {
                        S::NewForm
                    } else {
                        S::EditForm
                    },
                )
            };
            Form::new(t, base, title, c, fields)
        }
        Target::Action { model, what } => {
            let d = api.model(*model)?;
            let m = &d.model;
            let n = d.period.steps.len() as u8;
            // The one step or status the action moves to (the workflow allows no other);
            // an outcome is chosen among all.
            let step_to = |to: u8| {
                let opts = d
                    .period
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i + 1 == to as usize)
                    .map(|(i, s)| {
                        Opt::new(
                            (i + 1).to_string(),
                            printable(&format!("{}. {}", i + 1, lang.pick(&s.vi, &s.en))),
                        )
                    })
                    .collect();
                (Kind::Choice(opts), to.to_string())
            };
            let status_to = |st: RegStatus| {
                (
                    Kind::Choice(vec![Opt::new(st.code(), st.label(lang))]),
                    st.code().to_string(),
                )
            };
            let (title, (kind, value)) = match what {
                ActionKind::StepNext => (S::ActStepNext, step_to((m.step + 1).min(n))),
                ActionKind::StepBack => (S::ActStepBack, step_to(m.step.saturating_sub(1).max(1))),
                ActionKind::Submit => (S::ActSubmit, status_to(RegStatus::Submitted)),
                ActionKind::Approve => (S::ActApprove, status_to(RegStatus::Approved)),
                ActionKind::Return => (S::ActReturn, status_to(RegStatus::Returned)),
                ActionKind::Outcome => (
                    S::ActOutcome,
                    (choice::<Outcome>(lang), m.outcome.code().to_string()),
                ),
            };
            let mut fields = vec![Field::new("value", S::NewValue, kind, &value).required()];
            // An outcome is decided on a day, usually by a numbered decision.
            if *what == ActionKind::Outcome {
                fields.extend([
                    Field::new(
                        "outcome_on",
                        S::OutcomeOn,
                        Kind::Date,
                        &date_dmy(m.outcome_on.unwrap_or(today)),
                    ),
                    Field::new(
                        "outcome_decision",
                        S::OutcomeDecision,
                        text(MAX_SHORT),
                        &m.outcome_decision,
                    ),
                ]);
            }
            fields.push(Field::new("reason", S::Reason, long(), ""));
            let base = Base::Action {
                model: m.id,
                rev: m.rev,
                what: *what,
                today,
            };
            Form::new(t, base, title, m.code.clone(), fields)
        }
        Target::Report { period } => super::report_form::open(period.clone(), today, lang),
    })
}

fn model_form(api: &Api, t: Target, id: Id, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    let units = api.units()?;
    let periods = api.periods()?;
    let fields_cat = api.fields()?;
    let latest = periods
        .iter()
        .max_by_key(|p| p.start_year)
        .map(|p| p.code.clone());
    let m = match id {
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
    let r = &m.registration;
    let mut fields = vec![
        Field::new("code", S::ColCode, Kind::Code, &m.code).required(),
        Field::new(
            "unit_code",
            S::ColUnit,
            Kind::Choice(unit_opts(&units, 0)),
            &if m.unit == 0 {
                String::new()
            } else {
                m.unit.to_string()
            },
        )
        .required(),
        Field::new("kind", S::ColKind, choice::<ModelKind>(lang), m.kind.code()),
        Field::new("title", S::ColTitle, text(MAX_NAME), &m.title).required(),
        Field::new("person", S::Person, text(MAX_SHORT), &m.person),
        Field::new("position", S::Position, text(MAX_NAME), &m.position),
        Field::new(
            "field",
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
            "period",
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
            "registered_on",
            S::Registered,
            Kind::Date,
            &date_dmy(m.registered_on),
        )
        .required(),
    ];
    // A new model may start at a later step (a registration made on paper); once saved, its
    // step moves only by an action with a reason.
    if id == 0 {
        fields.push(Field::new("step", S::ColStep, Kind::Int, &m.step.to_string()).required());
    }
    fields.extend([
        Field::new("leader", S::Leader, text(MAX_SHORT), &m.leader),
        Field::new("summary", S::Summary, long(), &m.summary),
    ]);
    if m.outcome != Outcome::Pending {
        fields.extend([
            Field::new(
                "outcome_on",
                S::OutcomeOn,
                Kind::Date,
                &opt_date(m.outcome_on),
            ),
            Field::new(
                "outcome_decision",
                S::OutcomeDecision,
                text(MAX_SHORT),
                &m.outcome_decision,
            ),
        ]);
    }
    fields.extend([
        Field::new("problem", S::Problem, long(), &r.problem),
        Field::new("goals", S::Goals, long(), &r.goals),
        Field::new("activities", S::Activities, long(), &r.activities),
        Field::new("area", S::Area, long(), &r.area),
        Field::new("beneficiaries", S::Beneficiaries, long(), &r.beneficiaries),
        Field::new("lead_forces", S::LeadForces, long(), &r.lead_forces),
        Field::new("partners", S::Partners, long(), &r.partners),
        Field::new("resources", S::Resources, long(), &r.resources),
        Field::new("start_on", S::StartOn, Kind::Date, &opt_date(r.start_on)),
        Field::new("end_on", S::EndOn, Kind::Date, &opt_date(r.end_on)),
        Field::new("outputs", S::Outputs, long(), &r.outputs),
    ]);
    for (i, c) in m.criteria.iter().enumerate() {
        fields.extend(criterion_fields(i, Some(c)));
    }
    let steps = periods
        .iter()
        .map(|p| (p.code.clone(), p.steps.len() as u8))
        .collect();
    let (title, subject) = if id == 0 {
        (S::NewModel, String::new())
    } else {
        (S::EditModel, m.code.clone())
    };
    Ok(Form::new(
        t,
        Base::Model {
            model: m,
            periods: steps,
        },
        title,
        subject,
        fields,
    ))
}
