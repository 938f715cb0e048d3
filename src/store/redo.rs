//! Redo: making again the caller's latest undone change (see [`super::undo`] for the rules
//! both follow). Its entries are marked as a redo's, so a later undo takes it back as a
//! change of its own, and a new change of the caller's ends what there is to redo.

use super::index::ModelBundle;
use super::keys;
use super::records::Envelope;
use super::tx::Tx;
use super::undo::*;
use super::writes::{self, conflict, json};
use super::{T, io, rights};
use crate::api::*;
use crate::domain::*;
use crate::server::auth::Role;

/// `user`'s latest undo still to redo: its entries, oldest first. A change of the user's
/// other than a redo ends the search: nothing before it can be redone.
fn latest_undo(tx: &Tx, user: &str) -> ApiResult<Vec<AuditEntry>> {
    // Inside a redo of several entries: the number of its first.
    let mut within: Option<u64> = None;
    for kv in tx.s.tree(T::Audit).iter().rev() {
        let (k, v) = kv.map_err(io)?;
        let e = AuditEntry::decode(&v)?;
        if e.action == Action::Restore {
            break;
        }
        if within.is_some_and(|f| e.seq >= f) || e.user != user {
            continue;
        }
        within = None;
        if e.action == Action::Undo {
            if tx.contains(T::Undone, &k)? {
                continue;
            }
            return change_of(tx, e);
        }
        match change_mark(tx, e.seq)? {
            Some((first, true)) => within = Some(first),
            _ => break,
        }
    }
    Err(Msg::NothingToRedo.into())
}

/// Redo `user`'s latest undone change, if `role` allows it and nobody changed its records
/// since the undo.
pub fn redo(tx: &mut Tx, user: &str, role: &Role) -> ApiResult<(RecordRef, Action)> {
    let undos = latest_undo(tx, user)?;
    make_again(tx, user, role, &undos)
}

/// The kind of change a redo of the undo entry `u` makes.
fn redo_action(u: &AuditEntry) -> ApiResult<Action> {
    match (&u.before, &u.after) {
        (Some(_), None) => Ok(Action::Create),
        (Some(_), Some(_)) => Ok(Action::Update),
        (None, Some(_)) => Ok(Action::Delete),
        (None, None) => Err(Msg::NothingToRedo.into()),
    }
}

fn make_again(
    tx: &mut Tx,
    user: &str,
    role: &Role,
    undos: &[AuditEntry],
) -> ApiResult<(RecordRef, Action)> {
    let first = tx.peek_seq()?;
    let mut made = Action::Update;
    // The undo took back the change's entries newest first: the redo goes the other way.
    for u in undos.iter().rev() {
        if let RecordRef::Import { file, .. } = &u.record {
            return Err(Msg::RedoImport { file: file.clone() }.into());
        }
        let action = redo_action(u)?;
        unchanged_since_undo(tx, u)?;
        rights::undo(tx, role, u)?;
        let (before, after) = redo_one(tx, u, action)?;
        tx.put(T::Undone, keys::id(u.seq).to_vec(), vec![]);
        tx.audit(user, action, u.record.clone(), before, after)?;
        made = action;
    }
    mark_since(tx, first, true)?;
    Ok(answer(undos, made))
}

/// What `user`'s next redo would do, said as a message; `tx` is changed as the redo would
/// change it, so the caller drops it.
pub fn preview_redo(tx: &mut Tx, user: &str, role: &Role) -> ApiResult<Msg> {
    let undos = latest_undo(tx, user)?;
    // The change's first record: the last the undo took back.
    let u = undos.last().ok_or(Msg::NothingToRedo)?;
    let verb = match &u.record {
        RecordRef::Import { .. } => ChangeVerb::Import,
        _ => match redo_action(u)? {
            Action::Create => ChangeVerb::Create,
            Action::Delete => ChangeVerb::Delete,
            _ => ChangeVerb::Edit,
        },
    };
    let change = describe(tx, &u.record, verb, &u.after, &u.before, undos.len())?;
    make_again(tx, user, role, &undos)?;
    Ok(Msg::RedoPreview { change })
}

/// Nobody changed the record of the undo entry `u` since: it is as the undo left it (there
/// when the undo put it back, gone when the undo removed it), and a model the redo removes
/// again has no children but those the undo put back.
fn unchanged_since_undo(tx: &Tx, u: &AuditEntry) -> ApiResult<()> {
    if let Some(later) = changed_by_others(tx, &u.record, u)? {
        return Err(conflict(Some(later)));
    }
    let state = if u.after.is_some() {
        &u.after
    } else {
        &u.before
    };
    let parent = parent_of(&u.record, state);
    let here = exists(tx, &u.record, state)?;
    let by_parent = || -> ApiResult<crate::api::ApiError> {
        Ok(match parent {
            Some(m) => conflict(tx.latest_audit(&RecordRef::Model(m))?),
            None => conflict(tx.latest_audit(&u.record)?),
        })
    };
    if u.after.is_some() && !here {
        return Err(by_parent()?);
    }
    if u.after.is_none() {
        if here {
            return Err(conflict(tx.latest_audit(&u.record)?));
        }
        if let Some(m) = parent
            && !tx.contains(T::Models, &keys::id(m))?
        {
            return Err(by_parent()?);
        }
    }
    if let (RecordRef::Model(id), None) = (&u.record, &u.before) {
        let b: ModelBundle = from_json(&u.after)?;
        let mut kept: Vec<RecordRef> = b
            .checkins
            .iter()
            .map(|c| RecordRef::CheckIn(c.id))
            .collect();
        kept.extend(b.awards.iter().map(|a| RecordRef::Award(a.id)));
        kept.extend(b.replications.iter().map(|r| RecordRef::Replication(r.id)));
        no_new_children(tx, *id, &kept)?;
    }
    Ok(())
}

/// Make again what the undo entry `u` took back; the record before and after, as JSON.
fn redo_one(
    tx: &mut Tx,
    u: &AuditEntry,
    action: Action,
) -> ApiResult<(Option<String>, Option<String>)> {
    let k = |i: &Id| keys::id(*i);
    match action {
        Action::Create => {
            // A model comes back under its code only while no other model took it.
            if let RecordRef::Model(id) = &u.record {
                let m: Model = from_json(&u.before)?;
                if let Some(other) = writes::model_id(tx, &m.code)?
                    && other != *id
                {
                    return Err(Msg::DuplicateCode { code: m.code }.into());
                }
            }
            Ok((None, put_back(tx, &u.record, &u.before, true)?))
        }
        Action::Update => Ok((u.after.clone(), put_back(tx, &u.record, &u.before, true)?)),
        _ => {
            let before = match &u.record {
                RecordRef::Model(i) => {
                    let m = tx.model(*i)?.ok_or(Msg::NotFound)?;
                    json(&tx.delete_model_cascade(&m)?)
                }
                RecordRef::CheckIn(_) => {
                    let c: CheckIn = from_json(&u.after)?;
                    let cur = tx.checkin(c.model, c.id)?.ok_or(Msg::NotFound)?;
                    tx.put_checkin(Some(&cur), None)?;
                    json(&cur)
                }
                RecordRef::Award(i) => {
                    let a = tx.get::<Award>(T::Awards, &k(i))?.ok_or(Msg::NotFound)?;
                    tx.put_award(Some(&a), None)?;
                    json(&a)
                }
                RecordRef::Replication(i) => {
                    let x = tx
                        .get::<Replication>(T::Replications, &k(i))?
                        .ok_or(Msg::NotFound)?;
                    tx.put_replication(Some(&x), None)?;
                    json(&x)
                }
                RecordRef::Unit(i) => {
                    let x = tx.get::<Unit>(T::Units, &k(i))?.ok_or(Msg::NotFound)?;
                    if let Some(m) = writes::unit_in_use(tx, &x)? {
                        return Err(m.into());
                    }
                    tx.put_unit(Some(&x), None);
                    json(&x)
                }
                r => {
                    remove(tx, r, &[])?;
                    return Ok((u.after.clone(), None));
                }
            };
            Ok((Some(before), None))
        }
    }
}
