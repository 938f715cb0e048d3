//! Undo of the caller's latest change, and Load of a whole dataset (restore, demo).
//!
//! Undo reads the audit log backwards: the caller's latest entry that is neither an undo
//! nor already undone is reversed from its `before`/`after` JSON, marked in the `undone`
//! tree, and logged as `Action::Undo`. A restore is a wall: nothing before it is undone.
//!
//! Undo never discards someone else's later change: a change is taken back only while its
//! record is as that change left it — no later entry in the record's history, still there
//! (still gone, for a delete) — otherwise it is refused with the conflict message naming who
//! changed the record and when. Undoing a model's creation is refused while the model has
//! check-ins, awards or replications (the caller's own later ones are undone first, so these
//! are someone else's); likewise for the models of an import.
//!
//! A change may be several entries: a change made for many models at once ([`super::batch`]),
//! and the undo or redo of one. Its entries are numbered one after the other, and the
//! `undone` tree marks the last of them with the first (`c` + the last one's number, see
//! [`mark_change`]); an undo takes back every entry of the change, and logs one undo entry
//! per record, marked as one change in turn.
//!
//! Redo makes again the caller's latest undone change: the caller's latest undo, unless a
//! change of theirs came after it (a new change clears what there was to redo; a redo does
//! not). A redo is logged with the action it makes again (create, update, delete), each of
//! its entries marked as a redo; the undo it takes back is marked in the `undone` tree as an
//! undone entry is. It follows the rules of undo: refused with the conflict message when
//! someone changed the record since the undo, and the caller's rights are those of an undo.

use serde::de::DeserializeOwned;

use super::index::ModelBundle;
use super::keys;
use super::records::{CheckInChunk, Envelope};
use super::tx::Tx;
use super::writes::{self, conflict, json};
use super::{T, io, rights};
use crate::api::*;
use crate::domain::*;
use crate::server::auth::Role;

pub use super::redo::{preview_redo, redo};

pub(super) fn from_json<V: DeserializeOwned>(s: &Option<String>) -> ApiResult<V> {
    let s = s.as_deref().ok_or_else(|| Msg::Corrupt {
        detail: "audit entry without its record".into(),
    })?;
    serde_json::from_str(s).map_err(|e| {
        Msg::Corrupt {
            detail: format!("audit entry: {e}"),
        }
        .into()
    })
}

/// The key marking the last entry of a change of several entries, or of a redo.
fn mark_key(last: u64) -> Vec<u8> {
    keys::cat(&[b"c", &keys::id(last)])
}

/// The shape of a mark's value: this version, redo (1) or not (0), the first entry's number.
const MARK_V1: u8 = 1;

/// Mark the entries `first..=last` as one change (`redo`: a redo's). A change of one entry
/// that is not a redo needs no mark.
pub fn mark_change(tx: &mut Tx, first: u64, last: u64, redo: bool) {
    if first > last || (first == last && !redo) {
        return;
    }
    let mut v = vec![MARK_V1, u8::from(redo)];
    v.extend_from_slice(&keys::id(first));
    tx.put(T::Undone, mark_key(last), v);
}

/// Mark the entries this write logged from `first` on as one change.
pub fn mark_since(tx: &mut Tx, first: u64, redo: bool) -> ApiResult<()> {
    let next = tx.peek_seq()?;
    if next > first {
        mark_change(tx, first, next - 1, redo);
    }
    Ok(())
}

/// The mark on an entry that ends a change: its first entry's number and whether it is a
/// redo.
pub(super) fn change_mark(tx: &Tx, last: u64) -> ApiResult<Option<(u64, bool)>> {
    let Some(v) = tx.get_raw(T::Undone, &mark_key(last))? else {
        return Ok(None);
    };
    if v.len() != 10 || v[0] != MARK_V1 {
        return Err(Msg::Corrupt {
            detail: format!("undone: the mark of entry {last} is not one this dvk reads"),
        }
        .into());
    }
    Ok(Some((keys::id_at(&v, 2, T::Undone.name())?, v[1] == 1)))
}

/// Every entry of the change `last` ends, oldest first.
pub(super) fn change_of(tx: &Tx, last: AuditEntry) -> ApiResult<Vec<AuditEntry>> {
    let Some((first, _)) = change_mark(tx, last.seq)? else {
        return Ok(vec![last]);
    };
    let mut out = vec![];
    for seq in first..last.seq {
        if let Some(e) = tx.get::<AuditEntry>(T::Audit, &keys::id(seq))? {
            out.push(e);
        }
    }
    out.push(last);
    Ok(out)
}

/// `user`'s latest change not undone yet: its entries, oldest first.
fn latest_change(tx: &Tx, user: &str) -> ApiResult<Vec<AuditEntry>> {
    for kv in tx.s.tree(T::Audit).iter().rev() {
        let (k, v) = kv.map_err(io)?;
        let e = AuditEntry::decode(&v)?;
        if e.action == Action::Restore {
            break;
        }
        if e.user != user || e.action == Action::Undo || tx.contains(T::Undone, &k)? {
            continue;
        }
        return change_of(tx, e);
    }
    Err(Msg::NothingToUndo.into())
}

/// What the answer names: the record of a change of one record; for a change of several,
/// an import-like reference (every table shows it) with their number.
pub(super) fn answer(change: &[AuditEntry], action: Action) -> (RecordRef, Action) {
    match change {
        [e] => (e.record.clone(), action),
        _ => (
            RecordRef::Import {
                file: "batch".into(),
                rows: change.len() as u64,
            },
            action,
        ),
    }
}

/// Undo `user`'s latest change, if `role` allows it and nobody changed its records since.
pub fn undo(tx: &mut Tx, user: &str, role: &Role) -> ApiResult<(RecordRef, Action)> {
    let change = latest_change(tx, user)?;
    take_back(tx, user, role, &change)
}

fn take_back(
    tx: &mut Tx,
    user: &str,
    role: &Role,
    change: &[AuditEntry],
) -> ApiResult<(RecordRef, Action)> {
    let first = tx.peek_seq()?;
    for e in change.iter().rev() {
        unchanged_since(tx, e)?;
        rights::undo(tx, role, e)?;
        let restored = reverse(tx, e)?;
        tx.put(T::Undone, keys::id(e.seq).to_vec(), vec![]);
        tx.audit(
            user,
            Action::Undo,
            e.record.clone(),
            e.after.clone(),
            restored,
        )?;
    }
    mark_since(tx, first, false)?;
    let action = change.first().map_or(Action::Undo, |e| e.action);
    Ok(answer(change, action))
}

/// What `user`'s next undo would do, said as a message; `tx` is changed as the undo would
/// change it, so the caller drops it. Refused as the undo would be (nothing to undo, a
/// conflict, no right).
pub fn preview_undo(tx: &mut Tx, user: &str, role: &Role) -> ApiResult<Msg> {
    let change = latest_change(tx, user)?;
    let e = &change[0];
    let verb = match (e.action, &e.before, &e.after) {
        (Action::Import, _, _) => ChangeVerb::Import,
        (_, None, _) => ChangeVerb::Create,
        (_, _, None) => ChangeVerb::Delete,
        _ => ChangeVerb::Edit,
    };
    let change_desc = describe(tx, &e.record, verb, &e.after, &e.before, change.len())?;
    take_back(tx, user, role, &change)?;
    Ok(Msg::UndoPreview {
        change: change_desc,
    })
}

// --- what a change is, in words -----------------------------------------------------------

/// The fields shown of each kind of record, in the order of its form.
fn fields_of(record: &str) -> &'static [&'static str] {
    match record {
        "model" => &[
            "code",
            "unit",
            "kind",
            "title",
            "person",
            "position",
            "leader",
            "field",
            "period",
            "registered_on",
            "status",
            "step",
            "outcome",
            "outcome_on",
            "outcome_decision",
            "summary",
            "registration",
            "criteria",
        ],
        "unit" => &["code", "name", "parent", "kind", "active"],
        "checkin" => &["date", "kind", "by", "note", "step", "actuals", "next_due"],
        "award" => &["body", "form", "decision_no", "decided_on", "note"],
        "replication" => &["unit", "date", "note"],
        "period" => &[
            "start_year",
            "end_year",
            "guidance",
            "guidance_date",
            "steps",
            "checkin_interval_days",
            "reviews",
        ],
        "field" | "form" => &["vi", "en"],
        _ => &[],
    }
}

/// A unit's code from its id (a unit removed since: its number).
fn unit_code(tx: &Tx, id: Id) -> ApiResult<String> {
    Ok(tx
        .get::<Unit>(T::Units, &keys::id(id))?
        .map_or_else(|| format!("#{id}"), |u| u.code))
}

/// A field's value as the user reads it.
fn shown(tx: &Tx, record: &str, field: &str, v: &serde_json::Value) -> ApiResult<Shown> {
    use serde_json::Value as V;
    fn enum_of<E: DeserializeOwned>(v: &serde_json::Value) -> Option<E> {
        serde_json::from_value(v.clone()).ok()
    }
    Ok(match (record, field, v) {
        (_, _, V::Null) => Shown::Empty,
        (_, _, V::String(s)) if s.is_empty() => Shown::Empty,
        ("model", "status", v) => enum_of(v).map_or(Shown::Elided, Shown::Status),
        ("model", "outcome", v) => enum_of(v).map_or(Shown::Elided, Shown::Outcome),
        ("model", "kind", v) => enum_of(v).map_or(Shown::Elided, Shown::Kind),
        ("unit", "kind", v) => enum_of(v).map_or(Shown::Elided, Shown::UnitKind),
        ("checkin", "kind", v) => enum_of(v).map_or(Shown::Elided, Shown::CheckInKind),
        (_, "unit" | "parent", V::Number(n)) => match n.as_u64() {
            Some(id) => Shown::Text(unit_code(tx, id)?),
            None => Shown::Elided,
        },
        (_, _, V::Bool(b)) => Shown::Bool(*b),
        (_, _, V::Number(n)) => Shown::Text(n.to_string()),
        (_, _, V::String(s)) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Shown::Text(text::date_dmy(d)),
            Err(_) => Shown::Text(s.clone()),
        },
        _ => Shown::Elided,
    })
}

/// A change to `r` described: `now` is the record as it is, `then` as the operation leaves
/// it; `count` records change together.
pub(super) fn describe(
    tx: &Tx,
    r: &RecordRef,
    verb: ChangeVerb,
    now: &Option<String>,
    then: &Option<String>,
    count: usize,
) -> ApiResult<ChangeDesc> {
    let parse = |s: &Option<String>| -> serde_json::Value {
        s.as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    let (now, then) = (parse(now), parse(then));
    // A deleted model is kept with its children.
    let model_of = |v: &serde_json::Value| v.get("model").filter(|m| m.is_object()).cloned();
    let (now, then) = match r {
        RecordRef::Model(_) => (
            model_of(&now).unwrap_or(now),
            model_of(&then).unwrap_or(then),
        ),
        _ => (now, then),
    };
    let some = if then.is_null() { &now } else { &then };
    let text_of = |v: &serde_json::Value, f: &str| {
        v.get(f)
            .and_then(|c| c.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let model_code = |v: &serde_json::Value| -> ApiResult<String> {
        let id = v.get("model").and_then(|m| m.as_u64()).unwrap_or(0);
        Ok(tx.model(id)?.map_or_else(|| format!("#{id}"), |m| m.code))
    };
    let (record, code) = match r {
        RecordRef::Model(_) => ("model", text_of(some, "code")),
        RecordRef::Unit(_) => ("unit", text_of(some, "code")),
        RecordRef::CheckIn(_) => ("checkin", model_code(some)?),
        RecordRef::Award(_) => ("award", model_code(some)?),
        RecordRef::Replication(_) => ("replication", model_code(some)?),
        RecordRef::Period(c) => ("period", c.clone()),
        RecordRef::Field(c) => ("field", c.clone()),
        RecordRef::Form(c) => ("form", c.clone()),
        RecordRef::Body(c) => ("body", c.clone()),
        RecordRef::Import { file, .. } => ("import", file.clone()),
    };
    let mut fields = vec![];
    if verb == ChangeVerb::Edit {
        for f in fields_of(record) {
            let (a, b) = (
                now.get(*f).cloned().unwrap_or_default(),
                then.get(*f).cloned().unwrap_or_default(),
            );
            if a != b {
                fields.push(FieldChange {
                    field: (*f).to_string(),
                    from: shown(tx, record, f, &a)?,
                    to: shown(tx, record, f, &b)?,
                });
            }
        }
    }
    Ok(ChangeDesc {
        verb,
        record: record.into(),
        code,
        fields,
        others: count.saturating_sub(1) as u64,
    })
}

/// The model a check-in, an award or a replication belongs to, from its JSON.
pub(super) fn parent_of(r: &RecordRef, state: &Option<String>) -> Option<Id> {
    let model = |v: serde_json::Value| v.get("model").and_then(|m| m.as_u64());
    match r {
        RecordRef::CheckIn(_) | RecordRef::Award(_) | RecordRef::Replication(_) => {
            model(serde_json::from_str(state.as_deref()?).ok()?)
        }
        _ => None,
    }
}

/// Is the record there now? `state` is its JSON as an entry left or found it.
pub(super) fn exists(tx: &Tx, r: &RecordRef, state: &Option<String>) -> ApiResult<bool> {
    let k = |i: &Id| keys::id(*i);
    Ok(match r {
        RecordRef::Unit(i) => tx.contains(T::Units, &k(i))?,
        RecordRef::Model(i) => tx.contains(T::Models, &k(i))?,
        RecordRef::CheckIn(i) => match parent_of(r, state) {
            Some(m) => tx.checkin(m, *i)?.is_some(),
            None => false,
        },
        RecordRef::Award(i) => tx.contains(T::Awards, &k(i))?,
        RecordRef::Replication(i) => tx.contains(T::Replications, &k(i))?,
        RecordRef::Period(c) => tx.contains(T::Periods, c.as_bytes())?,
        RecordRef::Field(c) => writes::find_coded::<FieldDef>(tx, T::Fields, c, |x| &x.code)?
            .1
            .is_some(),
        RecordRef::Form(c) => writes::find_coded::<AwardForm>(tx, T::Forms, c, |x| &x.code)?
            .1
            .is_some(),
        RecordRef::Body(_) | RecordRef::Import { .. } => true,
    })
}

/// The check-ins, awards and replications a model has now.
fn children(tx: &Tx, model: Id) -> ApiResult<Vec<RecordRef>> {
    let mut out: Vec<RecordRef> = tx
        .checkins_of(model)?
        .iter()
        .map(|c| RecordRef::CheckIn(c.id))
        .collect();
    for k in tx.scan_keys(T::AwardsByModel, &keys::id(model))? {
        out.push(RecordRef::Award(keys::id_at(
            &k,
            8,
            T::AwardsByModel.name(),
        )?));
    }
    for k in tx.scan_keys(T::ReplsByModel, &keys::id(model))? {
        out.push(RecordRef::Replication(keys::id_at(
            &k,
            8,
            T::ReplsByModel.name(),
        )?));
    }
    Ok(out)
}

/// Refuse to remove a model that gained children the undo did not create: name who added
/// the latest of them and when.
pub(super) fn no_new_children(tx: &Tx, model: Id, created: &[RecordRef]) -> ApiResult<()> {
    let added: Vec<RecordRef> = children(tx, model)?
        .into_iter()
        .filter(|c| !created.contains(c))
        .collect();
    if added.is_empty() {
        return Ok(());
    }
    let mut latest: Option<AuditEntry> = None;
    for c in &added {
        if let Some(e) = tx.latest_audit(c)?
            && latest.as_ref().is_none_or(|l| l.seq < e.seq)
        {
            latest = Some(e);
        }
    }
    Err(match latest {
        Some(e) => conflict(Some(e)),
        None => Msg::UndoWouldRemove {
            count: added.len() as u64,
        }
        .into(),
    })
}

/// The latest entry about `r` after `e` made by someone other than `e`'s author. (The
/// author's own later entries about it are changes already undone, and their undos: undo
/// takes the author's changes newest first.)
pub(super) fn changed_by_others(
    tx: &Tx,
    r: &RecordRef,
    e: &AuditEntry,
) -> ApiResult<Option<AuditEntry>> {
    // Most records' latest entry is `e` itself or older: one lookup.
    match tx.latest_audit(r)? {
        None => return Ok(None),
        Some(l) if l.seq <= e.seq => return Ok(None),
        Some(l) if l.user != e.user => return Ok(Some(l)),
        Some(_) => {}
    }
    let mut keys = tx.scan_keys(T::AuditByRecord, &keys::record_ref(r))?;
    keys.reverse();
    for k in keys {
        let seq = keys::id_at(&k, k.len().saturating_sub(8), T::AuditByRecord.name())?;
        if seq <= e.seq {
            break;
        }
        if let Some(l) = tx.get::<AuditEntry>(T::Audit, &keys::id(seq))?
            && l.user != e.user
        {
            return Ok(Some(l));
        }
    }
    Ok(None)
}

/// Nobody changed the record of `e` since `e` (see the module's doc).
fn unchanged_since(tx: &Tx, e: &AuditEntry) -> ApiResult<()> {
    if e.action == Action::Import {
        let created: Vec<RecordRef> = from_json(&e.after)?;
        for r in &created {
            // An import logs one entry for the batch, not one per record.
            if let Some(later) = changed_by_others(tx, r, e)? {
                return Err(conflict(Some(later)));
            }
            if let RecordRef::Model(id) = r {
                no_new_children(tx, *id, &created)?;
            }
        }
        return Ok(());
    }
    if let Some(later) = changed_by_others(tx, &e.record, e)? {
        return Err(conflict(Some(later)));
    }
    let state = if e.action == Action::Delete {
        &e.before
    } else {
        &e.after
    };
    let parent = parent_of(&e.record, state);
    let here = exists(tx, &e.record, state)?;
    // A child removed with its model (or a model gone from under a child) has no entry of
    // its own: the model's latest entry says who.
    let by_parent = || -> ApiResult<crate::api::ApiError> {
        Ok(match parent {
            Some(m) => conflict(tx.latest_audit(&RecordRef::Model(m))?),
            None => conflict(tx.latest_audit(&e.record)?),
        })
    };
    match e.action {
        Action::Create | Action::Update if !here => return Err(by_parent()?),
        Action::Delete if here => return Err(conflict(tx.latest_audit(&e.record)?)),
        Action::Delete => {
            if let Some(m) = parent
                && !tx.contains(T::Models, &keys::id(m))?
            {
                return Err(by_parent()?);
            }
        }
        _ => {}
    }
    if let (Action::Create, RecordRef::Model(id)) = (e.action, &e.record) {
        no_new_children(tx, *id, &[])?;
    }
    Ok(())
}

/// Take back `e`; returns the record as the undo leaves it (JSON), if it is still there.
fn reverse(tx: &mut Tx, e: &AuditEntry) -> ApiResult<Option<String>> {
    match (e.action, &e.record) {
        (Action::Create, RecordRef::CheckIn(_)) => {
            let c: CheckIn = from_json(&e.after)?;
            if let Some(cur) = tx.checkin(c.model, c.id)? {
                tx.put_checkin(Some(&cur), None)?;
            }
            Ok(None)
        }
        (Action::Create, r) => remove(tx, r, &[]).map(|()| None),
        (Action::Import, _) => {
            let created: Vec<RecordRef> = from_json(&e.after)?;
            remove_checkins(tx, &created)?;
            let units: Vec<Id> = created
                .iter()
                .filter_map(|r| {
                    if let RecordRef::Unit(i) = r {
                        Some(*i)
                    } else {
                        None
                    }
                })
                .collect();
            for r in created.iter().rev() {
                remove(tx, r, &units)?;
            }
            // Units of the file may be each other's parents; none may be left with a child.
            for u in &units {
                if let Some(k) = tx.scan_keys(T::UnitChildren, &keys::id(*u))?.first() {
                    let child: Option<Unit> = tx.get(T::Units, &k[8..])?;
                    let code = child.map(|c| c.code).unwrap_or_default();
                    return Err(Msg::UnitHasChildren { code, count: 1 }.into());
                }
            }
            Ok(None)
        }
        (Action::Update, r) => put_back(tx, r, &e.before, true),
        (Action::Delete, r) => put_back(tx, r, &e.before, false),
        _ => Err(Msg::NothingToUndo.into()),
    }
}

/// Remove the check-ins an import created. The import's entry names them by id alone, so
/// the models they were filed under are found in one pass over the check-ins.
fn remove_checkins(tx: &mut Tx, created: &[RecordRef]) -> ApiResult<()> {
    let ids: std::collections::HashSet<Id> = created
        .iter()
        .filter_map(|r| match r {
            RecordRef::CheckIn(i) => Some(*i),
            _ => None,
        })
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let mut found = vec![];
    for (_, v) in tx.scan(T::CheckIns, &[])? {
        let chunk = CheckInChunk::decode(&v)?;
        found.extend(chunk.0.into_iter().filter(|c| ids.contains(&c.id)));
    }
    for c in found {
        tx.put_checkin(Some(&c), None)?;
    }
    Ok(())
}

/// Remove a created record. `siblings` are units removed together (their links are checked
/// after all are gone).
pub(super) fn remove(tx: &mut Tx, r: &RecordRef, siblings: &[Id]) -> ApiResult<()> {
    let k = |i: &Id| keys::id(*i);
    match r {
        RecordRef::Unit(i) => {
            if let Some(u) = tx.get::<Unit>(T::Units, &k(i))? {
                match writes::unit_in_use(tx, &u)? {
                    Some(Msg::UnitHasChildren { .. }) if !siblings.is_empty() => {}
                    Some(m) => return Err(m.into()),
                    None => {}
                }
                tx.put_unit(Some(&u), None);
            }
        }
        RecordRef::Model(i) => {
            if let Some(m) = tx.model(*i)? {
                tx.delete_model_cascade(&m)?;
            }
        }
        // Removed by `remove_checkins` or by their own entry's `after`.
        RecordRef::CheckIn(_) => {}
        RecordRef::Award(i) => {
            if let Some(a) = tx.get::<Award>(T::Awards, &k(i))? {
                tx.put_award(Some(&a), None)?;
            }
        }
        RecordRef::Replication(i) => {
            if let Some(x) = tx.get::<Replication>(T::Replications, &k(i))? {
                tx.put_replication(Some(&x), None)?;
            }
        }
        // A catalogue entry or period goes only when nothing uses it.
        RecordRef::Period(c) => {
            if tx
                .scan_keys(T::ModelsByPeriod, &keys::code_prefix(c))?
                .is_empty()
            {
                tx.del(T::Periods, c.as_bytes().to_vec());
            }
        }
        RecordRef::Field(c) => {
            let used = tx
                .scan(T::Models, &[])?
                .iter()
                .any(|(_, v)| Model::decode(v).is_ok_and(|m| m.field == *c));
            if !used {
                let (pos, old) = writes::find_coded::<FieldDef>(tx, T::Fields, c, |x| &x.code)?;
                if old.is_some() {
                    tx.del(T::Fields, keys::pos(pos).to_vec());
                }
            }
        }
        RecordRef::Form(c) => {
            let used = tx
                .scan(T::Awards, &[])?
                .iter()
                .any(|(_, v)| Award::decode(v).is_ok_and(|a| a.form == *c));
            if !used {
                let (pos, old) = writes::find_coded::<AwardForm>(tx, T::Forms, c, |x| &x.code)?;
                if old.is_some() {
                    tx.del(T::Forms, keys::pos(pos).to_vec());
                }
            }
        }
        RecordRef::Body(_) | RecordRef::Import { .. } => {}
    }
    Ok(())
}

/// Put a record back as it was before an update or a delete, id included; returns it as
/// JSON. Its revision goes on from the current one rather than back to the old number, so a
/// copy of the undone state still held by someone cannot later be saved over a newer change
/// that happens to reach the same number.
pub(super) fn put_back(
    tx: &mut Tx,
    r: &RecordRef,
    before: &Option<String>,
    update: bool,
) -> ApiResult<Option<String>> {
    let k = |i: &Id| keys::id(*i);
    let next = |cur: Option<u64>, old: u64| cur.map_or(old, |c| c.max(old) + 1);
    Ok(Some(match r {
        RecordRef::Unit(i) => {
            let mut u: Unit = from_json(before)?;
            if let Some(other) = writes::unit_id(tx, &u.code)?
                && other != u.id
            {
                return Err(Msg::DuplicateCode { code: u.code }.into());
            }
            let cur = tx.get::<Unit>(T::Units, &k(i))?;
            u.rev = next(cur.as_ref().map(|c| c.rev), u.rev);
            tx.put_unit(cur.as_ref(), Some(&u));
            json(&u)
        }
        RecordRef::Model(i) => {
            let cur = tx.model(*i)?;
            if update {
                let mut m: Model = from_json(before)?;
                m.rev = next(cur.as_ref().map(|c| c.rev), m.rev);
                tx.put_model(cur.as_ref(), Some(&m))?;
                json(&m)
            } else {
                let b: ModelBundle = from_json(before)?;
                if let Some(other) = writes::model_id(tx, &b.model.code)?
                    && other != b.model.id
                {
                    return Err(Msg::DuplicateCode { code: b.model.code }.into());
                }
                if let Some(c) = cur {
                    tx.delete_model_cascade(&c)?;
                }
                tx.restore_bundle(&b)?;
                json(&b)
            }
        }
        RecordRef::CheckIn(_) => {
            let mut c: CheckIn = from_json(before)?;
            let cur = tx.checkin(c.model, c.id)?;
            c.rev = next(cur.as_ref().map(|x| x.rev), c.rev);
            tx.put_checkin(cur.as_ref(), Some(&c))?;
            json(&c)
        }
        RecordRef::Award(i) => {
            let mut a: Award = from_json(before)?;
            let cur = tx.get::<Award>(T::Awards, &k(i))?;
            a.rev = next(cur.as_ref().map(|x| x.rev), a.rev);
            tx.put_award(cur.as_ref(), Some(&a))?;
            json(&a)
        }
        RecordRef::Replication(i) => {
            let mut x: Replication = from_json(before)?;
            let cur = tx.get::<Replication>(T::Replications, &k(i))?;
            x.rev = next(cur.as_ref().map(|c| c.rev), x.rev);
            tx.put_replication(cur.as_ref(), Some(&x))?;
            json(&x)
        }
        RecordRef::Period(c) => {
            let p: Period = from_json(before)?;
            tx.put_rec(T::Periods, c.as_bytes().to_vec(), &p);
            json(&p)
        }
        RecordRef::Field(c) => {
            let f: FieldDef = from_json(before)?;
            let (pos, _) = writes::find_coded::<FieldDef>(tx, T::Fields, c, |x| &x.code)?;
            tx.put_rec(T::Fields, keys::pos(pos).to_vec(), &f);
            json(&f)
        }
        RecordRef::Form(c) => {
            let f: AwardForm = from_json(before)?;
            let (pos, _) = writes::find_coded::<AwardForm>(tx, T::Forms, c, |x| &x.code)?;
            tx.put_rec(T::Forms, keys::pos(pos).to_vec(), &f);
            json(&f)
        }
        RecordRef::Body(_) | RecordRef::Import { .. } => return Ok(before.clone()),
    }))
}

/// Write a whole dataset, ids kept; indexes, stats and counters are rebuilt as it goes.
/// The texts of a dataset checked with the validation of the records' own edits and imports:
/// a control or invisible character is a problem naming the record, its code and field
/// (at most 50 problems). The records come back normalised (NFC, trimmed). Rules that are
/// not about text (dates, steps) are left to the reference checks of [`load`]: a backup
/// holds what the database held.
fn dataset_texts(ds: &mut Dataset) -> Vec<Problem> {
    let mut problems = vec![];
    let mut add = |record: &str, code: &str, errs: Vec<validate::FieldError>| {
        for e in errs {
            if matches!(e.msg, Msg::ControlChar { .. } | Msg::InvisibleChar { .. })
                && problems.len() < 50
            {
                problems.push(Problem {
                    line: None,
                    field: String::new(),
                    msg: Msg::RecordText {
                        record: record.into(),
                        code: text::printable(code),
                        field: e.field,
                        problem: Box::new(e.msg),
                    },
                });
            }
        }
    };
    // Validate a copy; keep the copy (normalised text) when its text is sound.
    fn check<R: Clone>(
        r: &mut R,
        f: impl FnOnce(&mut R) -> Result<(), Vec<validate::FieldError>>,
    ) -> Vec<validate::FieldError> {
        let mut c = r.clone();
        let errs = f(&mut c).err().unwrap_or_default();
        let bad = errs
            .iter()
            .any(|e| matches!(e.msg, Msg::ControlChar { .. } | Msg::InvisibleChar { .. }));
        if !bad {
            *r = c;
        }
        errs
    }
    let a_date = chrono::NaiveDate::MIN;
    for p in &mut ds.periods {
        let code = p.code.clone();
        let code_before = (p.code.clone(), p.start_year, p.end_year);
        let errs = check(p, validate::period);
        // A period's code and years are the backup's; only its texts are normalised.
        (p.code, p.start_year, p.end_year) = code_before;
        add("period", &code, errs);
    }
    for f in &mut ds.fields {
        let code = f.code.clone();
        let errs = check(f, validate::field_def);
        add("field", &code, errs);
    }
    for f in &mut ds.forms {
        let code = f.code.clone();
        let errs = check(f, validate::award_form);
        add("form", &code, errs);
    }
    for b in &mut ds.bodies {
        let code = b.name.clone();
        let errs = check(&mut b.name, |n| {
            text::clean_required(n, validate::MAX_NAME, false)
                .map(|c| *n = c)
                .map_err(|p| {
                    vec![validate::FieldError {
                        field: "body".into(),
                        msg: p.into(),
                    }]
                })
        });
        add("body", &code, errs);
    }
    for u in &mut ds.units {
        let code = u.code.clone();
        let errs = check(u, validate::unit);
        add("unit", &code, errs);
    }
    let mut model_codes = std::collections::HashMap::new();
    for m in &mut ds.models {
        let code = m.code.clone();
        let errs = check(m, |m| validate::model(m, u8::MAX));
        model_codes.insert(m.id, m.code.clone());
        add("model", &code, errs);
    }
    let of = |model: Id, date: chrono::NaiveDate| {
        let code = model_codes
            .get(&model)
            .cloned()
            .unwrap_or_else(|| model.to_string());
        format!("{code} ({})", text::date_dmy(date))
    };
    for c in &mut ds.checkins {
        let code = of(c.model, c.date);
        let errs = check(c, |c| {
            validate::checkin(c, a_date, usize::MAX, u8::MAX, None)
        });
        add("checkin", &code, errs);
    }
    for a in &mut ds.awards {
        let code = of(a.model, a.decided_on);
        let errs = check(a, |a| validate::award(a, a_date, None));
        add("award", &code, errs);
    }
    for r in &mut ds.replications {
        let code = of(r.model, r.date);
        let errs = check(r, |r| validate::replication(r, a_date));
        add("replication", &code, errs);
    }
    problems
}

pub fn load(tx: &mut Tx, user: &str, ds: Dataset, replace: bool) -> ApiResult<()> {
    let has_data = !tx.s.tree(T::Units).is_empty() || !tx.s.tree(T::Models).is_empty();
    if has_data && !replace {
        return Err(Msg::DbNotEmpty {
            path: text::shown_path(tx.s.path()),
        }
        .into());
    }
    // Every text is checked as an import checks it (a backup may have been made by hand):
    // control and invisible characters are refused, naming the record; text is kept in NFC.
    let mut ds = ds;
    let text_problems = dataset_texts(&mut ds);
    if !text_problems.is_empty() {
        return Err(ApiError::Invalid(text_problems));
    }
    if replace {
        for t in T::ALL {
            if t != T::Meta {
                tx.clear(t)?;
            }
        }
    }
    // References are checked first: a dataset that does not hold together is refused whole.
    let mut problems = vec![];
    let mut bad = |field: &str, msg: Msg| {
        problems.push(Problem {
            line: None,
            field: field.into(),
            msg,
        })
    };
    let units: std::collections::HashSet<Id> = ds.units.iter().map(|u| u.id).collect();
    let models: std::collections::HashMap<Id, &Model> =
        ds.models.iter().map(|m| (m.id, m)).collect();
    for u in &ds.units {
        if let Some(p) = u.parent.filter(|p| !units.contains(p)) {
            bad(
                "parent_code",
                Msg::UnknownUnit {
                    code: p.to_string(),
                },
            );
        }
    }
    for m in &ds.models {
        if !units.contains(&m.unit) {
            bad(
                "unit_code",
                Msg::UnknownUnit {
                    code: m.unit.to_string(),
                },
            );
        }
    }
    let model_refs = ds
        .checkins
        .iter()
        .map(|c| c.model)
        .chain(ds.awards.iter().map(|a| a.model));
    for id in model_refs.chain(ds.replications.iter().map(|r| r.model)) {
        if !models.contains_key(&id) {
            bad(
                "model_code",
                Msg::UnknownModel {
                    code: id.to_string(),
                },
            );
        }
    }
    for r in &ds.replications {
        if !units.contains(&r.unit) {
            bad(
                "unit_code",
                Msg::UnknownUnit {
                    code: r.unit.to_string(),
                },
            );
        }
    }
    if !problems.is_empty() {
        problems.truncate(50);
        return Err(ApiError::Invalid(problems));
    }

    for p in &ds.periods {
        tx.put_rec(T::Periods, p.code.as_bytes().to_vec(), p);
    }
    for m in &ds.models {
        if !tx.contains(T::Periods, m.period.as_bytes())?
            && let Some(p) = codes::default_period(&m.period)
        {
            tx.put_rec(T::Periods, p.code.as_bytes().to_vec(), &p);
        }
    }
    // A dataset without catalogues (a demo, an old export) gets the defaults.
    let (def_fields, def_forms) = super::default_catalogues();
    let fields = if ds.fields.is_empty() && tx.scan_keys(T::Fields, &[])?.is_empty() {
        &def_fields
    } else {
        &ds.fields
    };
    let forms = if ds.forms.is_empty() && tx.scan_keys(T::Forms, &[])?.is_empty() {
        &def_forms
    } else {
        &ds.forms
    };
    for (i, f) in fields.iter().enumerate() {
        tx.put_rec(T::Fields, keys::pos(i as u32).to_vec(), f);
    }
    for (i, f) in forms.iter().enumerate() {
        tx.put_rec(T::Forms, keys::pos(i as u32).to_vec(), f);
    }
    for b in &ds.bodies {
        tx.put_rec(T::Bodies, keys::pos(b.rank).to_vec(), b);
    }
    for u in &ds.units {
        tx.put_unit(None, Some(u));
        tx.reserve_id("unit", u.id)?;
    }
    for m in &ds.models {
        tx.put_model(None, Some(m))?;
        tx.reserve_id("model", m.id)?;
    }
    for c in &ds.checkins {
        tx.put_checkin(None, Some(c))?;
        tx.reserve_id("checkin", c.id)?;
    }
    for a in &ds.awards {
        tx.put_award(None, Some(a))?;
        tx.reserve_id("award", a.id)?;
    }
    for r in &ds.replications {
        tx.put_replication(None, Some(r))?;
        tx.reserve_id("replication", r.id)?;
    }
    for e in &ds.audit {
        tx.put_audit(e);
    }
    let rows = (ds.units.len()
        + ds.models.len()
        + ds.checkins.len()
        + ds.awards.len()
        + ds.replications.len()) as u64;
    let summary = json(&[
        ("units", ds.units.len()),
        ("models", ds.models.len()),
        ("checkins", ds.checkins.len()),
        ("awards", ds.awards.len()),
        ("replications", ds.replications.len()),
    ]);
    tx.audit(
        user,
        Action::Restore,
        RecordRef::Import {
            file: "dataset".into(),
            rows,
        },
        None,
        Some(summary),
    )?;
    Ok(())
}

#[cfg(test)]
mod load_tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_demo_passes_the_text_checks_unchanged() {
        let demo = crate::demo::dataset();
        let mut ds = demo.clone();
        assert_eq!(dataset_texts(&mut ds), vec![]);
        assert_eq!(ds, demo);
    }

    #[test]
    fn control_and_invisible_characters_are_named_with_their_record() {
        let mut ds = crate::demo::dataset();
        ds.models[0].title = "Tiêu đề\u{1b}[2J".into();
        ds.units[1].name = "Chi bộ\u{202e}".into();
        ds.checkins[0].note = "a\u{7}".into();
        ds.models[1].summary = "Dòng 1\nDòng 2 \u{0065}\u{0301}".into();
        let (model, unit) = (ds.models[0].code.clone(), ds.units[1].code.clone());
        let ps = dataset_texts(&mut ds);
        let texts: Vec<String> = ps.iter().map(|p| p.msg.text(Lang::En)).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(
            texts.contains(&format!(
                "model {model}, field title: contains the control character U+001B (not allowed)"
            )),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with(&format!("unit {unit}, field name: "))
                    && t.contains("U+202E")),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("check-in of model ") && t.contains("U+0007")),
            "{texts:?}"
        );
        // Text without a problem is kept in NFC.
        assert_eq!(ds.models[1].summary, "Dòng 1\nDòng 2 \u{e9}");
    }
}
