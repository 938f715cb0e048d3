//! The workflow's actions on a model: move its step, change its registration's status,
//! decide its outcome — each with a reason kept in its history.

use chrono::NaiveDate;

use super::{choice, long, text};
use crate::api::{Api, ApiResult, ModelAction, Request};
use crate::domain::text::{date_dmy, printable};
use crate::domain::validate::{MAX_LONG, MAX_SHORT};
use crate::domain::*;
use crate::i18n::Lang;
use crate::tui::form::{ActionKind, Field, FieldKey as K, Form, Kind, Opt, Target};
use crate::tui::i18n::S;
use crate::tui::records::{Base, Reader, coded};

pub fn open(
    api: &Api,
    model: Id,
    what: ActionKind,
    lang: Lang,
    today: NaiveDate,
) -> ApiResult<Form> {
    let d = api.model(model)?;
    let m = &d.model;
    let n = d.period.steps.len() as u8;
    // The one step or status the action moves to (the workflow allows no other); an
    // outcome is chosen among all.
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
    let mut fields = vec![Field::new(K::Value, S::NewValue, kind, &value).required()];
    // An outcome is decided on a day, usually by a numbered decision.
    if what == ActionKind::Outcome {
        fields.extend([
            Field::new(
                K::OutcomeOn,
                S::OutcomeOn,
                Kind::Date,
                &date_dmy(m.outcome_on.unwrap_or(today)),
            ),
            Field::new(
                K::OutcomeDecision,
                S::OutcomeDecision,
                text(MAX_SHORT),
                &m.outcome_decision,
            ),
        ]);
    }
    fields.push(Field::new(K::Reason, S::Reason, long(), ""));
    let base = Base::Action {
        model: m.id,
        rev: m.rev,
        what,
        today,
    };
    let target = Target::Action { model, what };
    Ok(Form::new(target, base, title, m.code.clone(), fields))
}

/// One workflow move for every model of `models`, laid out from the first (which allows
/// it). A step move may go to any step of the period: each model that cannot move there
/// from where it is is skipped, with why.
pub fn open_many(
    api: &Api,
    models: &[Id],
    what: ActionKind,
    lang: Lang,
    today: NaiveDate,
) -> ApiResult<Form> {
    let first = super::first(models)?;
    let mut one = open(api, first, what, lang, today)?;
    if matches!(what, ActionKind::StepNext | ActionKind::StepBack) {
        let d = api.model(first)?;
        let opts = d
            .period
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Opt::new(
                    (i + 1).to_string(),
                    printable(&format!("{}. {}", i + 1, lang.pick(&s.vi, &s.en))),
                )
            })
            .collect();
        for f in &mut one.fields {
            if f.key == K::Value {
                f.kind = Kind::Choice(opts);
                break;
            }
        }
    }
    let target = Target::ActionMany {
        models: models.to_vec(),
        what,
    };
    Ok(super::for_many(one, target, |_| true, lang))
}

/// The action on `model` at revision `rev`; an outcome is not decided after `today`.
pub(crate) fn build(
    r: &mut Reader,
    model: Id,
    rev: u64,
    what: ActionKind,
    today: NaiveDate,
) -> Request {
    let value = r.chosen(K::Value);
    let reason = r.cleaned(K::Reason, MAX_LONG, true);
    // Going back and returning a registration are explained to the unit.
    if reason.is_empty() && matches!(what, ActionKind::StepBack | ActionKind::Return) {
        r.err(K::Reason, Msg::Required);
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
            let on = r.date(K::OutcomeOn);
            if let Some(d) = on
                && d > today
            {
                r.err(K::OutcomeOn, Msg::InFuture { date: date_dmy(d) });
            }
            let decision = r.cleaned(K::OutcomeDecision, MAX_SHORT, false);
            ModelAction::Decide {
                outcome,
                on,
                decision,
            }
        }
    };
    Request::ModelAction {
        id: model,
        rev,
        action,
        reason,
    }
}
