//! One change made for many models at once: one award decision, one check-in, one workflow
//! action. Each is one write (one transaction) of the single-record writes, every model's
//! right checked inside it as for one record, and its entries marked as one change, so that
//! undo takes it back whole and redo makes it again whole ([`super::undo`]).
//!
//! The rule for a model that does not allow the change:
//! - an award and a check-in are facts about every model named (one decision, one visit):
//!   a problem with any model refuses the whole write, the problem naming the model;
//! - a workflow action is applied to the models that allow it; the others are returned as
//!   skipped, each with its code and the reason. When no model allows it, the write is
//!   refused with every model's reason. Problems that are not about a model (the disk, the
//!   database) refuse the whole write.
//!
//! The models are named by id; the same model named twice counts once.

use super::tx::Tx;
use super::undo::mark_since;
use super::{rights, writes};
use crate::api::{ApiError, ApiResult, ModelAction, Problem};
use crate::domain::*;
use crate::server::auth::Role;

/// The records a change for many models saved (id, new revision) and the models it skipped.
pub type BatchResult = (Vec<(Id, u64)>, Vec<Problem>);

/// Models one request may change at once.
pub const MAX_BATCH: usize = 1000;

/// The models named, each once, in the order given.
fn model_list(models: Vec<Id>) -> ApiResult<Vec<Id>> {
    let mut out: Vec<Id> = Vec::with_capacity(models.len());
    for m in models {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    if out.is_empty() {
        return Err(ApiError::Invalid(vec![Problem {
            line: None,
            field: "models".into(),
            msg: Msg::Required,
        }]));
    }
    if out.len() > MAX_BATCH {
        return Err(Msg::TooManyModels {
            count: out.len() as u64,
            max: MAX_BATCH as u64,
        }
        .into());
    }
    Ok(out)
}

fn code_of(tx: &Tx, id: Id) -> String {
    match tx.model(id) {
        Ok(Some(m)) => m.code,
        _ => id.to_string(),
    }
}

/// A refusal about one record (not the disk or the database).
fn is_refusal(e: &ApiError) -> bool {
    e.exit_code() == 2
}

/// The problems of `e` as problems of the model `code`.
fn in_model(code: &str, e: ApiError) -> Vec<Problem> {
    let one = |field: String, m: Msg| Problem {
        line: None,
        field: String::new(),
        msg: Msg::InModel {
            code: code.to_string(),
            field,
            problem: Box::new(m),
        },
    };
    match e {
        ApiError::Msg(m) => vec![one(String::new(), m)],
        ApiError::Invalid(ps) => ps.into_iter().map(|p| one(p.field, p.msg)).collect(),
    }
}

/// Refuse the whole write for a problem with one model.
fn refuse_for(tx: &Tx, id: Id, e: ApiError) -> ApiError {
    if is_refusal(&e) {
        ApiError::Invalid(in_model(&code_of(tx, id), e))
    } else {
        e
    }
}

/// One record saved for every model named, as one change: `save` checks the right on the
/// model and saves; a refusal names the model. Returns each new record's id and revision, in
/// the order of the models.
fn save_each(
    tx: &mut Tx,
    models: Vec<Id>,
    mut save: impl FnMut(&mut Tx, Id) -> ApiResult<(Id, u64)>,
) -> ApiResult<Vec<(Id, u64)>> {
    let models = model_list(models)?;
    let first = tx.peek_seq()?;
    let mut saved = vec![];
    for id in models {
        let r = save(tx, id);
        saved.push(r.map_err(|e| refuse_for(tx, id, e))?);
    }
    mark_since(tx, first, false)?;
    Ok(saved)
}

/// One award decision (body, form, number, date, note of `award`) for every model named.
pub fn award_many(
    tx: &mut Tx,
    user: &str,
    role: &Role,
    award: Award,
    models: Vec<Id>,
) -> ApiResult<Vec<(Id, u64)>> {
    save_each(tx, models, |tx, id| {
        let a = Award {
            id: 0,
            rev: 0,
            model: id,
            ..award.clone()
        };
        rights::editor(role).and_then(|()| writes::save_award(tx, user, a))
    })
}

/// One check-in (date, kind, by, note, step, next due of `checkin`) for every model named;
/// actuals, which are per criterion of one model, are not carried.
pub fn checkin_many(
    tx: &mut Tx,
    user: &str,
    role: &Role,
    checkin: CheckIn,
    models: Vec<Id>,
) -> ApiResult<Vec<(Id, u64)>> {
    save_each(tx, models, |tx, id| {
        let c = CheckIn {
            id: 0,
            rev: 0,
            model: id,
            actuals: vec![],
            ..checkin.clone()
        };
        rights::checkin(tx, role, id).and_then(|()| writes::save_checkin(tx, user, c))
    })
}

/// One workflow action on every model named that allows it, from the model as stored. The
/// models saved (id, new revision) and those skipped (`field`: the model's code, `msg`: why).
pub fn action_many(
    tx: &mut Tx,
    user: &str,
    role: &Role,
    models: Vec<Id>,
    action: ModelAction,
    reason: String,
) -> ApiResult<BatchResult> {
    let models = model_list(models)?;
    let first = tx.peek_seq()?;
    let (mut saved, mut skipped) = (vec![], vec![]);
    for id in models {
        let Some(m) = tx.model(id)? else {
            skipped.push(Problem {
                line: None,
                field: id.to_string(),
                msg: Msg::UnknownModel {
                    code: id.to_string(),
                },
            });
            continue;
        };
        let r = rights::model_action(tx, role, id, &action).and_then(|()| {
            writes::model_action(tx, user, id, m.rev, action.clone(), reason.clone())
        });
        match r {
            Ok(s) => saved.push(s),
            Err(e) if is_refusal(&e) => {
                // A refused move writes nothing; its reason must not go to the next entry.
                tx.note.clear();
                for mut p in in_model(&m.code, e) {
                    if let Msg::InModel { problem, field, .. } = p.msg {
                        p.msg = if field.is_empty() {
                            *problem
                        } else {
                            Msg::InModel {
                                code: m.code.clone(),
                                field,
                                problem,
                            }
                        };
                    }
                    p.field = m.code.clone();
                    skipped.push(p);
                }
            }
            Err(e) => return Err(e),
        }
    }
    if saved.is_empty() {
        return Err(ApiError::Invalid(skipped));
    }
    mark_since(tx, first, false)?;
    Ok((saved, skipped))
}
