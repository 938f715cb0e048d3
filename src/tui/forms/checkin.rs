//! The check-in form: date, kind, who, note, step, next due date, and a value per
//! criterion of the model.

use chrono::{Days, NaiveDate};

use super::{choice, existing, long, opt_date, text};
use crate::api::{Api, ApiResult, Request};
use crate::domain::text::{date_dmy, printable};
use crate::domain::validate::{self, MAX_SHORT};
use crate::domain::*;
use crate::i18n::Lang;
use crate::tui::form::{Field, FieldKey as K, Form, Kind, Label, Target};
use crate::tui::i18n::S;
use crate::tui::records::{Base, Reader, coded};

/// `id == 0`: a new check-in today, at the model's step, next due after the period's
/// interval.
pub fn open(api: &Api, model: Id, id: Id, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    let d = api.model(model)?;
    let c = existing(
        &d.checkins,
        id,
        |c| c.id,
        || CheckIn {
            id: 0,
            model,
            date: today,
            kind: CheckInKind::Inspection,
            by: String::new(),
            note: String::new(),
            step: Some(d.model.step),
            actuals: vec![],
            next_due: today.checked_add_days(Days::new(d.period.checkin_interval_days as u64)),
            rev: 0,
        },
    )?;
    let mut fields = vec![
        Field::new(K::Date, S::ColDate, Kind::Date, &date_dmy(c.date)).required(),
        Field::new(
            K::Kind,
            S::ColKind,
            choice::<CheckInKind>(lang),
            c.kind.code(),
        ),
        Field::new(K::By, S::ColBy, text(MAX_SHORT), &c.by),
        Field::new(K::Note, S::ColNote, long(), &c.note),
        Field::new(
            K::Step,
            S::ColStep,
            Kind::Int,
            &c.step.map(|s| s.to_string()).unwrap_or_default(),
        ),
        Field::new(
            K::NextDue,
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
        let mut f = Field::new(K::Actuals, S::Actual, Kind::Number, &v);
        f.row = Some(i);
        f.label = Label::Actual(printable(&cr.name));
        fields.push(f);
    }
    let title = if id == 0 {
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
    let target = Target::CheckIn { model, id };
    Ok(Form::new(target, base, title, d.model.code.clone(), fields))
}

/// One check-in for every model of `models`: no values per criterion (each model has its
/// own criteria) and no step unless one is typed (the models are at different steps).
pub fn open_many(api: &Api, models: &[Id], lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    let mut one = open(api, super::first(models)?, 0, lang, today)?;
    if let Base::CheckIn {
        checkin, criteria, ..
    } = &mut one.base
    {
        checkin.step = None;
        *criteria = 0;
    }
    for f in &mut one.fields {
        if f.key == K::Step {
            f.edit.set("");
        }
    }
    let target = Target::CheckInMany {
        models: models.to_vec(),
    };
    Ok(super::for_many(one, target, |f| f.key != K::Actuals, lang))
}

/// `registered_on`, `criteria` and `steps` are the model's; a check-in is not dated after
/// `today`.
pub(crate) fn build(
    r: &mut Reader,
    base: &CheckIn,
    registered_on: NaiveDate,
    criteria: usize,
    steps: u8,
    today: NaiveDate,
) -> Request {
    let mut c = base.clone();
    if let Some(d) = r.date(K::Date) {
        c.date = d;
    }
    c.kind = coded(&r.s(K::Kind)).unwrap_or(c.kind);
    c.by = r.s(K::By);
    c.note = r.s(K::Note);
    c.step = r.int(K::Step).map(|s| s.clamp(0, 255) as u8);
    c.next_due = r.date(K::NextDue);
    c.actuals = r
        .row_fields(|k| k == K::Actuals)
        .into_iter()
        .enumerate()
        .filter_map(|(i, row)| Some((i as u16, r.num_of(row.first()?)?)))
        .collect();
    let v = validate::checkin(&mut c, registered_on, criteria, steps, Some(today));
    r.validated(v, &[]);
    Request::SaveCheckIn(c)
}
