//! The writes of the in-memory backend: saves with the same validation and revision checks
//! as the store, deletes, model actions with a reason, an audit log with the record before
//! and after as JSON, undo of the caller's latest change, and history. Kept simple: every
//! write rebuilds the indexes, and undoing a model's deletion brings back the model only.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Mem, USER};
use crate::api::*;
use crate::domain::*;

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("records serialise")
}

fn from<T: DeserializeOwned>(s: &str) -> ApiResult<T> {
    serde_json::from_str(s).map_err(|e| {
        ApiError::Msg(Msg::Corrupt {
            detail: e.to_string(),
        })
    })
}

/// A fixed clock: one minute per audit entry from the sample's day, so snapshots are stable.
fn clock(seq: u64) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2020, 10, 20)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("valid time")
        .and_utc()
        + Duration::minutes(seq as i64)
}

fn invalid(field: &str, msg: Msg) -> ApiError {
    ApiError::Invalid(vec![Problem {
        line: None,
        field: field.into(),
        msg,
    }])
}

/// Index of a record by id, or `NotFound`.
fn find<T>(v: &[T], id: Id, key: impl Fn(&T) -> Id) -> ApiResult<usize> {
    v.iter()
        .position(|x| key(x) == id)
        .ok_or(ApiError::Msg(Msg::NotFound))
}

impl Mem {
    fn reindex(&mut self) {
        let d = std::mem::take(&mut self.d);
        let undone = std::mem::take(&mut self.undone);
        *self = Mem::new(d);
        self.undone = undone;
    }

    fn audit(
        &mut self,
        action: Action,
        record: RecordRef,
        before: Option<String>,
        after: Option<String>,
        note: &str,
    ) {
        let seq = self.d.audit.last().map_or(1, |e| e.seq + 1);
        self.d.audit.push(AuditEntry {
            seq,
            at: clock(seq),
            user: USER.into(),
            action,
            record,
            before,
            after,
            note: note.into(),
        });
    }

    pub(super) fn history(&self, record: &RecordRef, limit: u32) -> Vec<AuditEntry> {
        self.d
            .audit
            .iter()
            .rev()
            .filter(|e| &e.record == record)
            .take(limit as usize)
            .cloned()
            .collect()
    }

    /// Refuse a save based on an older revision, naming who changed the record and when.
    fn check_rev(&self, record: &RecordRef, stored: u64, given: u64) -> ApiResult<()> {
        if stored == given {
            return Ok(());
        }
        let last = self.d.audit.iter().rev().find(|e| &e.record == record);
        Err(ApiError::Msg(Msg::Conflict {
            user: last.map_or(USER.into(), |e| e.user.clone()),
            at: last.map_or(String::new(), |e| e.at.format("%d/%m/%Y %H:%M").to_string()),
        }))
    }

    fn steps_of(&self, period: &str) -> ApiResult<u8> {
        self.d
            .periods
            .iter()
            .find(|p| p.code == period)
            .map(|p| p.steps.len() as u8)
            .ok_or_else(|| {
                invalid(
                    "period",
                    Msg::UnknownPeriod {
                        code: period.into(),
                    },
                )
            })
    }

    fn model_of(&self, id: Id) -> ApiResult<&Model> {
        self.d
            .models
            .iter()
            .find(|m| m.id == id)
            .ok_or(ApiError::Msg(Msg::NotFound))
    }

    pub(super) fn write(&mut self, req: Request) -> ApiResult<Response> {
        let r = self.write_inner(req);
        self.reindex();
        r
    }

    fn write_inner(&mut self, req: Request) -> ApiResult<Response> {
        match req {
            Request::SaveUnit(mut u) => {
                validate::unit(&mut u).map_err(ApiError::fields)?;
                if self
                    .d
                    .units
                    .iter()
                    .any(|x| x.code == u.code && x.id != u.id)
                {
                    return Err(invalid("code", Msg::DuplicateCode { code: u.code }));
                }
                let next = self.d.units.iter().map(|x| x.id).max().unwrap_or(0) + 1;
                self.save(
                    u,
                    next,
                    |x| &mut x.units,
                    |x| x.id,
                    |x, id, rev| {
                        x.id = id;
                        x.rev = rev;
                    },
                    |x| x.rev,
                    RecordRef::Unit,
                )
            }
            Request::SaveModel(mut m) => {
                let steps = self.steps_of(&m.period)?;
                validate::model(&mut m, steps).map_err(ApiError::fields)?;
                if !self.d.units.iter().any(|u| u.id == m.unit) {
                    return Err(invalid(
                        "unit_code",
                        Msg::UnknownUnit {
                            code: m.unit.to_string(),
                        },
                    ));
                }
                if !self.d.fields.iter().any(|f| f.code == m.field) {
                    return Err(invalid("field", Msg::UnknownField { code: m.field }));
                }
                if self
                    .d
                    .models
                    .iter()
                    .any(|x| x.code == m.code && x.id != m.id)
                {
                    return Err(invalid("code", Msg::DuplicateCode { code: m.code }));
                }
                let next = self.d.models.iter().map(|x| x.id).max().unwrap_or(0) + 1;
                self.save(
                    m,
                    next,
                    |x| &mut x.models,
                    |x| x.id,
                    |x, id, rev| {
                        x.id = id;
                        x.rev = rev;
                    },
                    |x| x.rev,
                    RecordRef::Model,
                )
            }
            Request::SaveCheckIn(mut c) => {
                let m = self.model_of(c.model)?.clone();
                let steps = self.steps_of(&m.period)?;
                validate::checkin(&mut c, m.registered_on, m.criteria.len(), steps, None)
                    .map_err(ApiError::fields)?;
                let next = self.d.checkins.iter().map(|x| x.id).max().unwrap_or(0) + 1;
                self.save(
                    c,
                    next,
                    |x| &mut x.checkins,
                    |x| x.id,
                    |x, id, rev| {
                        x.id = id;
                        x.rev = rev;
                    },
                    |x| x.rev,
                    RecordRef::CheckIn,
                )
            }
            Request::SaveAward(mut a) => {
                let reg = self.model_of(a.model)?.registered_on;
                validate::award(&mut a, reg, None).map_err(ApiError::fields)?;
                if !self.d.forms.iter().any(|f| f.code == a.form) {
                    return Err(invalid("form", Msg::UnknownForm { code: a.form }));
                }
                let key = text::name_key(&a.body);
                match self.d.bodies.iter().find(|b| b.key == key) {
                    Some(b) => a.body = b.name.clone(),
                    None => {
                        let rank = self.d.bodies.iter().map(|b| b.rank).max().unwrap_or(0) + 1;
                        self.d.bodies.push(Body {
                            key,
                            name: a.body.clone(),
                            rank,
                        });
                    }
                }
                let next = self.d.awards.iter().map(|x| x.id).max().unwrap_or(0) + 1;
                self.save(
                    a,
                    next,
                    |x| &mut x.awards,
                    |x| x.id,
                    |x, id, rev| {
                        x.id = id;
                        x.rev = rev;
                    },
                    |x| x.rev,
                    RecordRef::Award,
                )
            }
            Request::SaveReplication(mut r) => {
                let reg = self.model_of(r.model)?.registered_on;
                validate::replication(&mut r, reg).map_err(ApiError::fields)?;
                let next = self.d.replications.iter().map(|x| x.id).max().unwrap_or(0) + 1;
                self.save(
                    r,
                    next,
                    |x| &mut x.replications,
                    |x| x.id,
                    |x, id, rev| {
                        x.id = id;
                        x.rev = rev;
                    },
                    |x| x.rev,
                    RecordRef::Replication,
                )
            }
            Request::SavePeriod(mut p) => {
                validate::period(&mut p).map_err(ApiError::fields)?;
                let r = RecordRef::Period(p.code.clone());
                let code = p.code.clone();
                self.upsert(r, p, |x| &mut x.periods, move |x| x.code == code)
            }
            Request::SaveField(mut f) => {
                validate::field_def(&mut f).map_err(ApiError::fields)?;
                let r = RecordRef::Field(f.code.clone());
                let code = f.code.clone();
                self.upsert(r, f, |x| &mut x.fields, move |x| x.code == code)
            }
            Request::SaveForm(mut f) => {
                validate::award_form(&mut f).map_err(ApiError::fields)?;
                let r = RecordRef::Form(f.code.clone());
                let code = f.code.clone();
                self.upsert(r, f, |x| &mut x.forms, move |x| x.code == code)
            }
            Request::DeleteUnit { id } => {
                let u = self.d.units[find(&self.d.units, id, |u| u.id)?].clone();
                let models = self.d.models.iter().filter(|m| m.unit == id).count() as u64;
                if models > 0 {
                    return Err(ApiError::Msg(Msg::UnitHasModels {
                        code: u.code,
                        count: models,
                    }));
                }
                let kids = self.d.units.iter().filter(|x| x.parent == Some(id)).count() as u64;
                if kids > 0 {
                    return Err(ApiError::Msg(Msg::UnitHasChildren {
                        code: u.code,
                        count: kids,
                    }));
                }
                self.remove(&RecordRef::Unit(id))?;
                self.audit(
                    Action::Delete,
                    RecordRef::Unit(id),
                    Some(json(&u)),
                    None,
                    "",
                );
                Ok(Response::Deleted)
            }
            Request::DeleteModel { id } => {
                let m = self.model_of(id)?.clone();
                self.d.checkins.retain(|c| c.model != id);
                self.d.awards.retain(|c| c.model != id);
                self.d.replications.retain(|c| c.model != id);
                self.remove(&RecordRef::Model(id))?;
                self.audit(
                    Action::Delete,
                    RecordRef::Model(id),
                    Some(json(&m)),
                    None,
                    "",
                );
                Ok(Response::Deleted)
            }
            Request::DeleteCheckIn { id, .. } => self.delete_one(RecordRef::CheckIn(id)),
            Request::DeleteAward { id } => self.delete_one(RecordRef::Award(id)),
            Request::DeleteReplication { id } => self.delete_one(RecordRef::Replication(id)),
            Request::ModelAction {
                id,
                rev,
                action,
                reason,
            } => {
                let before = self.model_of(id)?.clone();
                self.check_rev(&RecordRef::Model(id), before.rev, rev)?;
                let reason = text::clean(&reason, validate::MAX_LONG, true)
                    .map_err(|p| invalid("reason", p.into()))?;
                let mut m = before.clone();
                match action {
                    ModelAction::Step(s) => {
                        let steps = self.steps_of(&m.period)?;
                        if s == 0 || s > steps {
                            return Err(invalid(
                                "step",
                                Msg::StepOutOfRange {
                                    step: s as i64,
                                    max: steps,
                                },
                            ));
                        }
                        m.step = s;
                    }
                    ModelAction::Status(s) => m.status = s,
                    ModelAction::Outcome(o) => m.outcome = o,
                    ModelAction::Decide {
                        outcome,
                        on,
                        decision,
                    } => {
                        m.outcome = outcome;
                        m.outcome_on = on;
                        m.outcome_decision = decision;
                    }
                }
                m.rev += 1;
                let i = find(&self.d.models, id, |m| m.id)?;
                self.d.models[i] = m.clone();
                self.audit(
                    Action::Update,
                    RecordRef::Model(id),
                    Some(json(&before)),
                    Some(json(&m)),
                    &reason,
                );
                Ok(Response::Saved { id, rev: m.rev })
            }
            Request::Undo => self.undo(),
            other => Err(ApiError::Msg(Msg::Other(format!(
                "not answered in memory: {other:?}"
            )))),
        }
    }

    /// Create (`id == 0`) or update a record with an id and a revision.
    #[allow(clippy::too_many_arguments)]
    fn save<T: Clone + Serialize>(
        &mut self,
        mut rec: T,
        next: Id,
        list: impl Fn(&mut Dataset) -> &mut Vec<T>,
        id_of: impl Fn(&T) -> Id,
        set: impl Fn(&mut T, Id, u64),
        rev_of: impl Fn(&T) -> u64,
        r: impl Fn(Id) -> RecordRef,
    ) -> ApiResult<Response> {
        let id = id_of(&rec);
        if id == 0 {
            set(&mut rec, next, 1);
            list(&mut self.d).push(rec.clone());
            self.audit(Action::Create, r(next), None, Some(json(&rec)), "");
            return Ok(Response::Saved { id: next, rev: 1 });
        }
        let i = find(list(&mut self.d), id, &id_of)?;
        let old = list(&mut self.d)[i].clone();
        self.check_rev(&r(id), rev_of(&old), rev_of(&rec))?;
        let rev = rev_of(&old) + 1;
        set(&mut rec, id, rev);
        list(&mut self.d)[i] = rec.clone();
        self.audit(
            Action::Update,
            r(id),
            Some(json(&old)),
            Some(json(&rec)),
            "",
        );
        Ok(Response::Saved { id, rev })
    }

    /// Catalogue entries are keyed by code: a save creates or replaces.
    fn upsert<T: Clone + Serialize>(
        &mut self,
        r: RecordRef,
        rec: T,
        list: impl Fn(&mut Dataset) -> &mut Vec<T>,
        is: impl Fn(&T) -> bool,
    ) -> ApiResult<Response> {
        let v = list(&mut self.d);
        let (action, before) = match v.iter().position(&is) {
            Some(i) => {
                let old = std::mem::replace(&mut v[i], rec.clone());
                (Action::Update, Some(json(&old)))
            }
            None => {
                v.push(rec.clone());
                (Action::Create, None)
            }
        };
        self.audit(action, r, before, Some(json(&rec)), "");
        Ok(Response::Saved { id: 0, rev: 1 })
    }

    fn delete_one(&mut self, r: RecordRef) -> ApiResult<Response> {
        let before = self.get(&r).ok_or(ApiError::Msg(Msg::NotFound))?;
        self.remove(&r)?;
        self.audit(Action::Delete, r, Some(before), None, "");
        Ok(Response::Deleted)
    }

    /// The record as JSON, if it exists.
    fn get(&self, r: &RecordRef) -> Option<String> {
        let d = &self.d;
        match r {
            RecordRef::Unit(id) => d.units.iter().find(|x| x.id == *id).map(json),
            RecordRef::Model(id) => d.models.iter().find(|x| x.id == *id).map(json),
            RecordRef::CheckIn(id) => d.checkins.iter().find(|x| x.id == *id).map(json),
            RecordRef::Award(id) => d.awards.iter().find(|x| x.id == *id).map(json),
            RecordRef::Replication(id) => d.replications.iter().find(|x| x.id == *id).map(json),
            RecordRef::Period(c) => d.periods.iter().find(|x| &x.code == c).map(json),
            RecordRef::Field(c) => d.fields.iter().find(|x| &x.code == c).map(json),
            RecordRef::Form(c) => d.forms.iter().find(|x| &x.code == c).map(json),
            _ => None,
        }
    }

    fn remove(&mut self, r: &RecordRef) -> ApiResult<()> {
        let d = &mut self.d;
        match r {
            RecordRef::Unit(id) => d.units.retain(|x| x.id != *id),
            RecordRef::Model(id) => d.models.retain(|x| x.id != *id),
            RecordRef::CheckIn(id) => d.checkins.retain(|x| x.id != *id),
            RecordRef::Award(id) => d.awards.retain(|x| x.id != *id),
            RecordRef::Replication(id) => d.replications.retain(|x| x.id != *id),
            RecordRef::Period(c) => d.periods.retain(|x| &x.code != c),
            RecordRef::Field(c) => d.fields.retain(|x| &x.code != c),
            RecordRef::Form(c) => d.forms.retain(|x| &x.code != c),
            _ => return Err(ApiError::Msg(Msg::NotFound)),
        }
        Ok(())
    }

    /// Put a record back as it was (replacing the current one, if any).
    fn put(&mut self, r: &RecordRef, text: &str) -> ApiResult<()> {
        let _ = self.remove(r);
        let d = &mut self.d;
        match r {
            RecordRef::Unit(_) => d.units.push(from(text)?),
            RecordRef::Model(_) => d.models.push(from(text)?),
            RecordRef::CheckIn(_) => d.checkins.push(from(text)?),
            RecordRef::Award(_) => d.awards.push(from(text)?),
            RecordRef::Replication(_) => d.replications.push(from(text)?),
            RecordRef::Period(_) => d.periods.push(from(text)?),
            RecordRef::Field(_) => d.fields.push(from(text)?),
            RecordRef::Form(_) => d.forms.push(from(text)?),
            _ => return Err(ApiError::Msg(Msg::NotFound)),
        }
        Ok(())
    }

    fn undo(&mut self) -> ApiResult<Response> {
        let Some(e) = self
            .d
            .audit
            .iter()
            .rev()
            .find(|e| {
                e.user == USER
                    && !self.undone.contains(&e.seq)
                    && matches!(e.action, Action::Create | Action::Update | Action::Delete)
            })
            .cloned()
        else {
            return Err(ApiError::Msg(Msg::NothingToUndo));
        };
        let now = self.get(&e.record);
        match &e.before {
            Some(b) => self.put(&e.record, b)?,
            None => self.remove(&e.record)?,
        }
        self.undone.push(e.seq);
        let after = self.get(&e.record);
        self.audit(Action::Undo, e.record.clone(), now, after, "");
        // The undo's own entry is not itself undone by the next `u`.
        let seq = self.d.audit.last().map_or(0, |x| x.seq);
        self.undone.push(seq);
        Ok(Response::Undone {
            record: e.record,
            action: e.action,
        })
    }
}
