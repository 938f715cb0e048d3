//! The in-process [`Backend`]: answers every request from a [`Store`]. Writes hold the
//! store's write lock — one for the whole store, shared by every `Embedded` on it (the server
//! makes one per connection); reads run concurrently on sled. The whole-database reads
//! `Dataset` (export, backup) and `Check` see one consistent state without taking the lock,
//! so a backup of a large database never holds up a write ([`super::snapshot`]). Writes that
//! arrive together are committed and flushed together ([`super::group`]).
//!
//!
//! Each `Embedded` answers for one person: a login name and a role. The program opened on
//! its own database is that database's admin; the server builds one per connection with the
//! role of the peer. Every request is first checked against the role
//! ([`crate::server::auth::authorize`]); a unit editor's right to the records is then checked
//! inside the write itself ([`super::rights`]).

use std::sync::{Arc, MutexGuard};

use super::tx::Tx;
use super::{Store, batch, check, import, rights, undo, writes};
use crate::api::*;
use crate::domain::RecordRef;
use crate::server::auth::{self, Role};

pub struct Embedded {
    store: Arc<Store>,
    user: String,
    role: Role,
    /// The parts of a large import received so far ([`Request::ImportPart`]).
    spool: std::sync::Mutex<Option<super::spool::Spool>>,
}

impl Embedded {
    /// The database's own user: admin.
    pub fn new(store: Arc<Store>, user: String) -> Embedded {
        Embedded::with_role(store, user, Role::Admin)
    }

    /// Someone with `role` (a server's connection).
    pub fn with_role(store: Arc<Store>, user: String, role: Role) -> Embedded {
        Embedded {
            store,
            user,
            role,
            spool: Default::default(),
        }
    }

    pub fn role(&self) -> &Role {
        &self.role
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    fn lock(&self) -> MutexGuard<'_, ()> {
        // A panic in another write leaves nothing half-written (the Tx is dropped), so a
        // poisoned lock is safe to take.
        self.store.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Run a write: prepared in a Tx, committed (in one transaction, possibly shared with
    /// other writes) and flushed before its answer returns, unless refused. `alone`: the write
    /// reads the database other than through its Tx, so it gets a transaction of its own.
    fn write(
        &self,
        alone: bool,
        f: impl for<'a> FnOnce(&mut Tx<'a>, &str) -> ApiResult<Response> + Send + 'static,
    ) -> ApiResult<Response> {
        self.store
            .commits
            .write(&self.store, &self.user, alone, Box::new(f))
    }

    fn saved(
        &self,
        f: impl for<'a> FnOnce(&mut Tx<'a>, &str) -> ApiResult<(u64, u64)> + Send + 'static,
    ) -> ApiResult<Response> {
        self.write(false, move |tx, u| {
            let (id, rev) = f(tx, u)?;
            Ok(Response::Saved { id, rev })
        })
    }

    fn deleted(
        &self,
        f: impl for<'a> FnOnce(&mut Tx<'a>, &str) -> ApiResult<()> + Send + 'static,
    ) -> ApiResult<Response> {
        self.write(false, move |tx, u| {
            f(tx, u)?;
            Ok(Response::Deleted)
        })
    }
}

impl Backend for Embedded {
    /// After a failed write the store is reopened first (see [`Store::ready`]); errors name
    /// the database.
    fn call(&self, req: Request) -> ApiResult<Response> {
        auth::authorize(&self.role, &req)?;
        let s = &*self.store;
        if !matches!(req, Request::Whoami) {
            s.ready()?;
        }
        self.dispatch(req).map_err(|e| s.locate(e))
    }
}

impl Embedded {
    fn dispatch(&self, req: Request) -> ApiResult<Response> {
        let s = &*self.store;
        let role = self.role.clone();
        // Reads wait while a large write is applied. Writes are kept apart from it by the
        // write lock; the whole-database reads see the state before it (a snapshot).
        let gated = !req.is_write()
            && !matches!(
                req,
                Request::Dataset | Request::Check | Request::SaveDraft { .. }
            );
        let _gate = gated.then(|| s.read_gate());
        use Request as Q;
        use Response as R;
        match req {
            Q::Periods => Ok(R::Periods(s.periods()?)),
            Q::Fields => Ok(R::Fields(s.all(super::T::Fields)?)),
            Q::Forms => Ok(R::Forms(s.all(super::T::Forms)?)),
            Q::Bodies => Ok(R::Bodies(s.bodies_sorted()?)),
            Q::Units => Ok(R::Units(s.units_sorted()?)),
            Q::Status { period, as_of } => {
                Ok(R::Status(Box::new(s.status(period.as_deref(), as_of)?)))
            }
            Q::Report {
                period,
                as_of,
                overdue_limit,
            } => Ok(R::Report(Box::new(s.report(
                period.as_deref(),
                as_of,
                overdue_limit,
            )?))),
            Q::ModelRows { period, as_of } => {
                Ok(R::ModelRows(s.model_rows(period.as_deref(), as_of)?))
            }
            Q::UnitRows { period } => Ok(R::UnitRows(s.unit_rows(period.as_deref())?)),
            Q::AwardRows { period } => Ok(R::AwardRows(s.award_rows(period.as_deref())?)),
            Q::Model { id } => Ok(R::Model(Box::new(s.model_detail(id)?))),
            Q::ModelByCode { code } => Ok(R::Model(Box::new(
                s.model_detail(s.model_id_by_code(&code)?)?,
            ))),
            Q::History { record, limit } => Ok(R::History(s.history(&record, limit)?)),
            Q::Dataset => Ok(R::Dataset(Box::new(s.dataset()?))),
            Q::Check => Ok(R::Check(check::check(s)?)),
            Q::Whoami => Ok(R::Whoami {
                user: self.user.clone(),
            }),

            Q::SavePeriod(p) => self.saved(move |tx, u| {
                rights::admin(&role)?;
                writes::save_period(tx, u, p)
            }),
            Q::SaveField(f) => self.saved(move |tx, u| {
                rights::admin(&role)?;
                writes::save_field(tx, u, f)
            }),
            Q::SaveForm(f) => self.saved(move |tx, u| {
                rights::admin(&role)?;
                writes::save_form(tx, u, f)
            }),
            Q::SaveUnit(x) => self.saved(move |tx, u| {
                rights::save_unit(tx, &role, &x)?;
                writes::save_unit(tx, u, x)
            }),
            Q::DeleteUnit { id } => self.deleted(move |tx, u| {
                rights::editor(&role)?;
                writes::delete_unit(tx, u, id)
            }),
            Q::SaveModel(m) => self.saved(move |tx, u| {
                rights::save_model(tx, &role, &m)?;
                writes::save_model(tx, u, m)
            }),
            Q::DeleteModel { id } => self.deleted(move |tx, u| {
                rights::delete_model(tx, &role, id)?;
                writes::delete_model(tx, u, id)
            }),
            Q::SaveCheckIn(c) => self.saved(move |tx, u| {
                rights::checkin(tx, &role, c.model)?;
                writes::save_checkin(tx, u, c)
            }),
            Q::DeleteCheckIn { model, id } => self.deleted(move |tx, u| {
                rights::checkin(tx, &role, model)?;
                writes::delete_checkin(tx, u, model, id)
            }),
            Q::SaveAward(a) => self.saved(move |tx, u| {
                rights::editor(&role)?;
                writes::save_award(tx, u, a)
            }),
            Q::DeleteAward { id } => self.deleted(move |tx, u| {
                rights::editor(&role)?;
                writes::delete_child(tx, u, RecordRef::Award(id))
            }),
            Q::SaveReplication(r) => self.saved(move |tx, u| {
                rights::save_replication(tx, &role, &r)?;
                writes::save_replication(tx, u, r)
            }),
            Q::DeleteReplication { id } => self.deleted(move |tx, u| {
                rights::delete_replication(tx, &role, id)?;
                writes::delete_child(tx, u, RecordRef::Replication(id))
            }),
            Q::Import { batch, dry_run } => {
                rights::editor(&role)?;
                let _g = self.lock();
                let mut tx = Tx::new(s);
                let n = import::import(&mut tx, &self.user, batch)?;
                if !dry_run {
                    tx.commit()?;
                }
                Ok(R::Imported {
                    rows: n.rows,
                    skipped: n.skipped,
                })
            }
            Q::ImportPart {
                batch,
                first,
                last,
                dry_run,
            } => {
                rights::editor(&role)?;
                let mut slot = self.spool.lock().unwrap_or_else(|e| e.into_inner());
                if first {
                    *slot = Some(super::spool::Spool::new(s, &batch)?);
                }
                let Some(spool) = slot.as_mut() else {
                    return Err(crate::domain::Msg::ImportStreamBroken.into());
                };
                if let Err(e) = spool.push(&batch) {
                    *slot = None;
                    return Err(e);
                }
                drop(batch);
                if !last {
                    return Ok(R::ImportPartTaken { rows: spool.rows });
                }
                let Some(spool) = slot.take() else {
                    return Err(crate::domain::Msg::ImportStreamBroken.into());
                };
                drop(slot);
                let _g = self.lock();
                let n = import::import_parts(s, &self.user, &|| spool.parts(), dry_run)?;
                Ok(R::Imported {
                    rows: n.rows,
                    skipped: n.skipped,
                })
            }
            Q::Load { dataset, replace } => self.write(true, move |tx, u| {
                rights::admin(&role)?;
                undo::load(tx, u, *dataset, replace)?;
                Ok(R::Loaded)
            }),
            Q::Undo => self.write(true, move |tx, u| {
                let (record, action) = undo::undo(tx, u, &role)?;
                Ok(R::Undone { record, action })
            }),
            Q::ModelAction {
                id,
                rev,
                action,
                reason,
            } => self.saved(move |tx, u| {
                rights::model_action(tx, &role, id, &action)?;
                writes::model_action(tx, u, id, rev, action, reason)
            }),
            Q::UnitOf { record } => Ok(R::UnitOf(writes::unit_of(&Tx::new(s), &record)?)),
            Q::SaveDraft { text } => self.write(false, move |tx, u| {
                writes::save_draft(tx, u, text)?;
                Ok(R::Saved { id: 0, rev: 0 })
            }),
            Q::Draft => Ok(R::Draft(writes::draft(&Tx::new(s), &self.user)?)),
            // The undo or redo is made in a Tx that is then dropped: what it would do is
            // checked as it would be, and nothing is written.
            Q::UndoPreview => Ok(R::Preview(undo::preview_undo(
                &mut Tx::new(s),
                &self.user,
                &role,
            )?)),
            Q::RedoPreview => Ok(R::Preview(undo::preview_redo(
                &mut Tx::new(s),
                &self.user,
                &role,
            )?)),
            Q::Redo => self.write(true, move |tx, u| {
                let (record, action) = undo::redo(tx, u, &role)?;
                Ok(R::Redone { record, action })
            }),
            Q::AwardMany { award, models } => self.write(false, move |tx, u| {
                let saved = batch::award_many(tx, u, &role, award, models)?;
                Ok(R::Batch {
                    saved,
                    skipped: vec![],
                })
            }),
            Q::CheckInMany { checkin, models } => self.write(false, move |tx, u| {
                let saved = batch::checkin_many(tx, u, &role, checkin, models)?;
                Ok(R::Batch {
                    saved,
                    skipped: vec![],
                })
            }),
            Q::ModelActionMany {
                models,
                action,
                reason,
            } => self.write(false, move |tx, u| {
                let (saved, skipped) = batch::action_many(tx, u, &role, models, action, reason)?;
                Ok(R::Batch { saved, skipped })
            }),
            Q::Window {
                period,
                as_of,
                view,
                start,
                len,
                locate,
            } => Ok(R::Window(Box::new(s.window(
                period.as_deref(),
                as_of,
                &view,
                start,
                len,
                locate,
            )?))),
        }
    }
}
