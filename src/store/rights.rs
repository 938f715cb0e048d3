//! A unit editor's right to the records a write touches, checked inside the write (through
//! its [`Tx`], under the write lock) on each record as stored and as it would be written.
//! What a unit editor may do is described in [`crate::server::auth`]; which kinds of request
//! a role may make at all is decided there too, before the write.
//!
//! Only what a check needs is read: a unit by id, a model by id.

use std::collections::BTreeSet;

use super::T;
use super::keys;
use super::tx::Tx;
use crate::api::{ApiResult, ModelAction};
use crate::domain::*;
use crate::server::auth::{Role, forbidden};

/// The units of a unit editor; `None` for a role that may write every unit's records.
/// Viewers and nobodies are refused here too, so a write never relies on an earlier check.
fn scope(role: &Role) -> ApiResult<Option<&BTreeSet<String>>> {
    match role {
        Role::Admin | Role::Editor => Ok(None),
        Role::UnitEditor(units) => Ok(Some(units)),
        Role::Viewer | Role::Nobody => Err(forbidden("editor").into()),
    }
}

/// Writes that are an editor's whatever the records: removing units, awards, imports.
pub fn editor(role: &Role) -> ApiResult<()> {
    match role {
        Role::Admin | Role::Editor => Ok(()),
        _ => Err(forbidden("editor").into()),
    }
}

/// Catalogues, periods, restore.
pub fn admin(role: &Role) -> ApiResult<()> {
    match role {
        Role::Admin => Ok(()),
        _ => Err(forbidden("admin").into()),
    }
}

fn refused(unit: String) -> crate::api::ApiError {
    Msg::ForbiddenUnit {
        right: "editor".into(),
        unit,
    }
    .into()
}

/// The code of a unit that must be one of `units`.
fn own_unit(tx: &Tx, units: &BTreeSet<String>, id: Id) -> ApiResult<()> {
    match tx.get::<Unit>(T::Units, &keys::id(id))? {
        Some(u) if units.contains(&u.code) => Ok(()),
        Some(u) => Err(refused(u.code)),
        // An unknown unit is no unit of theirs.
        None => Err(refused(format!("#{id}"))),
    }
}

/// A stored model whose unit must be one of `units`.
fn own_model(tx: &Tx, units: &BTreeSet<String>, id: Id) -> ApiResult<Model> {
    let m = tx.model(id)?.ok_or(Msg::UnknownModel {
        code: id.to_string(),
    })?;
    own_unit(tx, units, m.unit)?;
    Ok(m)
}

fn editable(m: &Model) -> bool {
    matches!(m.status, RegStatus::Draft | RegStatus::Returned)
}

fn not_draft(m: &Model) -> crate::api::ApiError {
    Msg::NotDraft {
        code: m.code.clone(),
        right: "editor".into(),
    }
    .into()
}

/// Saving a unit: a unit editor changes only the name and kind of one of its units.
pub fn save_unit(tx: &Tx, role: &Role, u: &Unit) -> ApiResult<()> {
    let Some(units) = scope(role)? else {
        return Ok(());
    };
    if u.id == 0 {
        return Err(forbidden("editor").into());
    }
    let stored = tx
        .get::<Unit>(T::Units, &keys::id(u.id))?
        .ok_or(Msg::NotFound)?;
    if !units.contains(&stored.code) {
        return Err(refused(stored.code));
    }
    if u.code != stored.code || u.parent != stored.parent || u.active != stored.active {
        return Err(refused(stored.code));
    }
    Ok(())
}

/// Saving a model: a unit editor registers in its units, and edits or submits
/// its drafts and returned registrations, without moving them to another unit or touching
/// the outcome; a period is not created on the way.
pub fn save_model(tx: &Tx, role: &Role, m: &Model) -> ApiResult<()> {
    let Some(units) = scope(role)? else {
        return Ok(());
    };
    let stored = if m.id != 0 {
        let s = tx.model(m.id)?.ok_or(Msg::NotFound)?;
        own_unit(tx, units, s.unit)?;
        if !editable(&s) {
            return Err(not_draft(&s));
        }
        Some(s)
    } else {
        None
    };
    own_unit(tx, units, m.unit)?;
    let status_ok = matches!(m.status, RegStatus::Draft | RegStatus::Submitted)
        || stored.as_ref().is_some_and(|s| s.status == m.status);
    let outcome = stored.as_ref().map_or(Outcome::Pending, |s| s.outcome);
    if !status_ok || m.outcome != outcome {
        return Err(forbidden("editor").into());
    }
    let period = validate::clean_period_code(&m.period).unwrap_or_else(|_| m.period.clone());
    if !tx.contains(T::Periods, period.as_bytes())? {
        return Err(forbidden("admin").into());
    }
    Ok(())
}

/// Removing a model: a unit editor removes its own drafts and returned registrations that
/// carry no award or replication (those are the committee's).
pub fn delete_model(tx: &Tx, role: &Role, id: Id) -> ApiResult<()> {
    let Some(units) = scope(role)? else {
        return Ok(());
    };
    let m = own_model(tx, units, id)?;
    if !editable(&m) {
        return Err(not_draft(&m));
    }
    let awards = !tx.scan_keys(T::AwardsByModel, &keys::id(id))?.is_empty();
    let repls = !tx.scan_keys(T::ReplsByModel, &keys::id(id))?.is_empty();
    if awards || repls {
        return Err(forbidden("editor").into());
    }
    Ok(())
}

/// A step, a status or an outcome: a unit editor moves its models between steps, and
/// submits its drafts and returned registrations.
pub fn model_action(tx: &Tx, role: &Role, id: Id, act: &ModelAction) -> ApiResult<()> {
    let Some(units) = scope(role)? else {
        return Ok(());
    };
    let m = own_model(tx, units, id)?;
    match act {
        ModelAction::Step(_) => Ok(()),
        ModelAction::Status(RegStatus::Draft | RegStatus::Submitted) if editable(&m) => Ok(()),
        ModelAction::Status(RegStatus::Draft | RegStatus::Submitted) => Err(not_draft(&m)),
        ModelAction::Status(_) | ModelAction::Outcome(_) | ModelAction::Decide { .. } => {
            Err(forbidden("editor").into())
        }
    }
}

/// A check-in is stored under its model: the model's unit must be the editor's.
pub fn checkin(tx: &Tx, role: &Role, model: Id) -> ApiResult<()> {
    let Some(units) = scope(role)? else {
        return Ok(());
    };
    own_model(tx, units, model).map(|_| ())
}

fn own_replication(tx: &Tx, units: &BTreeSet<String>, r: &Replication) -> ApiResult<()> {
    own_unit(tx, units, r.unit)?;
    own_model(tx, units, r.model).map(|_| ())
}

/// A replication: both the replicating unit and the model's unit must be the editor's, as
/// stored and as written.
pub fn save_replication(tx: &Tx, role: &Role, r: &Replication) -> ApiResult<()> {
    let Some(units) = scope(role)? else {
        return Ok(());
    };
    if r.id != 0 {
        let stored = tx
            .get::<Replication>(T::Replications, &keys::id(r.id))?
            .ok_or(Msg::NotFound)?;
        own_replication(tx, units, &stored)?;
    }
    own_replication(tx, units, r)
}

pub fn delete_replication(tx: &Tx, role: &Role, id: Id) -> ApiResult<()> {
    let Some(units) = scope(role)? else {
        return Ok(());
    };
    let stored = tx
        .get::<Replication>(T::Replications, &keys::id(id))?
        .ok_or(Msg::NotFound)?;
    own_replication(tx, units, &stored)
}

fn parse<V: serde::de::DeserializeOwned>(s: &Option<String>) -> Option<V> {
    s.as_deref().and_then(|s| serde_json::from_str(s).ok())
}

/// Undoing `e`: for a unit editor, the record as it is now (`e.after`) and as the undo would
/// leave it (`e.before`) must both be within its units; an undo that would approve, decide an
/// outcome, or touch awards, catalogues, imports or a restore is not a unit editor's.
pub fn undo(tx: &Tx, role: &Role, e: &AuditEntry) -> ApiResult<()> {
    let Some(units) = scope(role)? else {
        return Ok(());
    };
    if matches!(e.action, Action::Import | Action::Restore) {
        return Err(forbidden("editor").into());
    }
    let states = [&e.before, &e.after];
    match &e.record {
        RecordRef::Unit(_) => {
            for s in states.iter().filter(|s| s.is_some()) {
                let u: Unit = parse(s).ok_or_else(|| forbidden("editor"))?;
                if !units.contains(&u.code) {
                    return Err(refused(u.code));
                }
            }
            Ok(())
        }
        RecordRef::Model(_) => {
            let mut models: Vec<Model> = vec![];
            for s in states.iter().filter(|s| s.is_some()) {
                // A deleted model's `before` is the model with its children.
                match parse::<Model>(s) {
                    Some(m) => models.push(m),
                    None => {
                        let b: super::index::ModelBundle =
                            parse(s).ok_or_else(|| forbidden("editor"))?;
                        if !b.awards.is_empty() || !b.replications.is_empty() {
                            return Err(forbidden("editor").into());
                        }
                        models.push(b.model);
                    }
                }
            }
            for m in &models {
                own_unit(tx, units, m.unit)?;
                if m.status == RegStatus::Approved {
                    return Err(forbidden("editor").into());
                }
            }
            if models.windows(2).any(|w| w[0].outcome != w[1].outcome) {
                return Err(forbidden("editor").into());
            }
            Ok(())
        }
        RecordRef::CheckIn(_) => {
            for s in states.iter().filter(|s| s.is_some()) {
                let c: CheckIn = parse(s).ok_or_else(|| forbidden("editor"))?;
                own_model(tx, units, c.model)?;
            }
            Ok(())
        }
        RecordRef::Replication(_) => {
            for s in states.iter().filter(|s| s.is_some()) {
                let r: Replication = parse(s).ok_or_else(|| forbidden("editor"))?;
                own_replication(tx, units, &r)?;
            }
            Ok(())
        }
        RecordRef::Award(_) | RecordRef::Import { .. } => Err(forbidden("editor").into()),
        RecordRef::Period(_) | RecordRef::Field(_) | RecordRef::Form(_) | RecordRef::Body(_) => {
            Err(forbidden("admin").into())
        }
    }
}
