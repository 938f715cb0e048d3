//! The award form: who awarded, the form of award, the decision's number and day, a note.

use chrono::NaiveDate;

use super::{existing, long, text};
use crate::api::{Api, ApiResult, Request};
use crate::domain::text::date_dmy;
use crate::domain::validate::{self, MAX_SHORT};
use crate::domain::*;
use crate::i18n::Lang;
use crate::tui::form::{Field, FieldKey as K, Form, Kind, Opt, Target};
use crate::tui::i18n::S;
use crate::tui::records::{Base, Reader};

/// `id == 0`: a new award (a certificate of merit) decided today.
pub fn open(api: &Api, model: Id, id: Id, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    let d = api.model(model)?;
    let a = existing(
        &d.awards,
        id,
        |a| a.id,
        || Award {
            id: 0,
            model,
            body: String::new(),
            form: "giay_khen".into(),
            decision_no: String::new(),
            decided_on: today,
            note: String::new(),
            rev: 0,
        },
    )?;
    let bodies = api.bodies()?.into_iter().map(|b| b.name).collect();
    let forms = api
        .forms()?
        .into_iter()
        .map(|f| Opt::new(f.code.clone(), lang.pick(f.vi, f.en)))
        .collect();
    let fields = vec![
        Field::new(K::Body, S::ColBody, Kind::Suggest(bodies), &a.body).required(),
        Field::new(K::Form, S::ColForm, Kind::Choice(forms), &a.form).required(),
        Field::new(
            K::DecisionNo,
            S::ColDecision,
            text(MAX_SHORT),
            &a.decision_no,
        )
        .required(),
        Field::new(
            K::DecidedOn,
            S::DecidedOn,
            Kind::Date,
            &date_dmy(a.decided_on),
        )
        .required(),
        Field::new(K::Note, S::ColNote, long(), &a.note),
    ];
    let title = if id == 0 { S::NewAward } else { S::EditAward };
    let base = Base::Award {
        award: a,
        registered_on: d.model.registered_on,
        today,
    };
    let target = Target::Award { model, id };
    Ok(Form::new(target, base, title, d.model.code.clone(), fields))
}

/// One award decision for every model of `models` (the form is the first model's; each
/// model's own dates are checked when it is saved).
pub fn open_many(api: &Api, models: &[Id], lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    let one = open(api, super::first(models)?, 0, lang, today)?;
    let target = Target::AwardMany {
        models: models.to_vec(),
    };
    Ok(super::for_many(one, target, |_| true, lang))
}

/// `registered_on` is the model's; an award is not decided after `today`.
pub(crate) fn build(
    r: &mut Reader,
    base: &Award,
    registered_on: NaiveDate,
    today: NaiveDate,
) -> Request {
    let mut a = base.clone();
    a.body = r.s(K::Body);
    a.form = r.chosen(K::Form);
    a.decision_no = r.s(K::DecisionNo);
    if let Some(d) = r.date(K::DecidedOn) {
        a.decided_on = d;
    }
    a.note = r.s(K::Note);
    let v = validate::award(&mut a, registered_on, Some(today));
    r.validated(v, &[]);
    Request::SaveAward(a)
}
