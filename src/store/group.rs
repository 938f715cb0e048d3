//! Group commit. Writes are serialised, and each must be on disk before it is answered; when
//! many arrive at once (a shared server), committing and flushing them one by one makes the
//! write lock the bottleneck: most of a small write's time is its sled transaction, not its
//! checks. So writes queue here, in arrival order, and one of the writing threads — the
//! leader — takes the whole queue: under the write lock it prepares each write in turn, each
//! on top of the ones before it ([`Tx::over`]) so that revisions, counters and ids are exactly
//! what they would be one by one, then commits them all in ONE sled transaction. It then
//! hands the lead to the next waiting writer, flushes, and only then are the writes of the
//! group answered. A refused write (invalid, a conflict) adds nothing to the group.
//!
//! A write that reads the database other than through its `Tx` (undo, load) runs alone: the
//! group before it is committed first and it is committed by itself.

use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::Store;
use super::tx::{Tx, Writes};
use crate::api::{ApiError, ApiResult, Response};
use crate::domain::Msg;

/// A write to prepare: it fills the `Tx` it is given (the caller's user name is the `&str`) and
/// says what to answer once its writes are on disk.
pub(crate) type Job = Box<dyn for<'a> FnOnce(&mut Tx<'a>, &str) -> ApiResult<Response> + Send>;

struct Queued {
    ticket: u64,
    user: String,
    alone: bool,
    job: Job,
    wake: Arc<Condvar>,
}

#[derive(Default)]
struct State {
    next: u64,
    /// Writes not yet taken by a leader, oldest first.
    queue: VecDeque<Queued>,
    /// A leader is preparing and committing a group (it holds the write lock meanwhile).
    leading: bool,
    /// Answers of the writes of other threads, on disk, waiting to be picked up.
    done: HashMap<u64, ApiResult<Response>>,
}

#[derive(Default)]
pub(crate) struct Committer {
    state: Mutex<State>,
}

fn internal() -> ApiError {
    ApiError::Msg(Msg::Other("internal error while writing".into()))
}

impl Committer {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queue a write and return its answer once it is committed and flushed (or refused).
    /// `alone`: the write must not share its transaction (see the module's comment).
    pub(crate) fn write(
        &self,
        store: &Store,
        user: &str,
        alone: bool,
        job: Job,
    ) -> ApiResult<Response> {
        let wake = Arc::new(Condvar::new());
        let mut st = self.lock();
        let ticket = st.next;
        st.next += 1;
        st.queue.push_back(Queued {
            ticket,
            user: user.to_string(),
            alone,
            job,
            wake: wake.clone(),
        });
        loop {
            if let Some(r) = st.done.remove(&ticket) {
                return r;
            }
            // Still queued and nobody leading: lead. (A thread whose write was taken by a
            // leader only waits for its answer.)
            if !st.leading && st.queue.iter().any(|q| q.ticket == ticket) {
                st.leading = true;
                let batch: Vec<Queued> = st.queue.drain(..).collect();
                drop(st);
                return self.lead(store, batch, ticket);
            }
            st = wake.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Prepare, commit and flush `batch` (which holds the leader's own write, `own`), answer
    /// the others, and return the leader's own answer.
    fn lead(&self, store: &Store, batch: Vec<Queued>, own: u64) -> ApiResult<Response> {
        let waiters: Vec<(u64, Arc<Condvar>)> =
            batch.iter().map(|q| (q.ticket, q.wake.clone())).collect();
        let n = batch.len();
        let prepared = catch_unwind(AssertUnwindSafe(|| commit_group(store, batch)))
            .unwrap_or_else(|_| (0..n).map(|_| (Err(internal()), true)).collect());
        let mut mine = None;
        let mut to_flush = Vec::new();
        {
            let mut st = self.lock();
            // The next group may be prepared while this one is flushed: its transaction
            // cannot commit before this flush is done (sled keeps flushes and transactions
            // apart), and a flush makes everything committed before it durable.
            st.leading = false;
            if let Some(next) = st.queue.front() {
                next.wake.notify_one();
            }
            // Refused writes changed nothing: their answers need not wait for the flush.
            for ((ticket, wake), (r, committed)) in waiters.into_iter().zip(prepared) {
                if committed {
                    to_flush.push((ticket, wake, r));
                } else if ticket == own {
                    mine = Some(r);
                } else {
                    st.done.insert(ticket, r);
                    wake.notify_one();
                }
            }
        }
        if !to_flush.is_empty()
            && let Err(e) = store.flush()
        {
            for (_, _, r) in to_flush.iter_mut() {
                *r = Err(e.clone());
            }
        }
        let mut st = self.lock();
        for (ticket, wake, r) in to_flush {
            if ticket == own {
                mine = Some(r);
            } else {
                st.done.insert(ticket, r);
                wake.notify_one();
            }
        }
        mine.unwrap_or_else(|| Err(internal()))
    }
}

/// Under the write lock: prepare every write of the batch, in order, and commit the accepted
/// ones. Returns one answer per write (not yet flushed) and whether the write was committed
/// (or its commit was tried and failed: it may have reached the disk, so it waits for the
/// flush like the others).
fn commit_group(store: &Store, batch: Vec<Queued>) -> Vec<(ApiResult<Response>, bool)> {
    let _w = store.writer.lock().unwrap_or_else(|e| e.into_inner());
    let mut results: Vec<(ApiResult<Response>, bool)> = Vec::with_capacity(batch.len());
    let mut group = Tx::new(store);
    // Indexes in `results` of the writes held by `group`.
    let mut members: Vec<usize> = Vec::new();
    let commit =
        |group: Tx, members: &mut Vec<usize>, results: &mut Vec<(ApiResult<Response>, bool)>| {
            if let Err(e) = group.commit_unflushed() {
                for i in members.iter() {
                    results[*i].0 = Err(e.clone());
                }
            }
            members.clear();
        };
    for q in batch {
        if q.alone && !members.is_empty() {
            commit(
                std::mem::replace(&mut group, Tx::new(store)),
                &mut members,
                &mut results,
            );
        }
        match prepare(&group, q.job, &q.user) {
            Ok((answer, writes)) => {
                group.absorb(writes);
                members.push(results.len());
                results.push((Ok(answer), true));
            }
            Err(e) => results.push((Err(e), false)),
        }
        if q.alone && !members.is_empty() {
            commit(
                std::mem::replace(&mut group, Tx::new(store)),
                &mut members,
                &mut results,
            );
        }
    }
    if !members.is_empty() {
        commit(group, &mut members, &mut results);
    }
    results
}

/// One write on top of the group; a panic refuses this write only.
fn prepare(group: &Tx, job: Job, user: &str) -> ApiResult<(Response, Writes)> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut tx = group.over();
        let answer = job(&mut tx, user)?;
        Ok((answer, tx.into_writes()?))
    }))
    .unwrap_or_else(|_| Err(internal()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Api, Request};
    use crate::domain::*;
    use crate::store::tests::{d, fresh, inspection as checkin};
    use crate::store::writes;

    fn queued(ticket: u64, alone: bool, job: Job) -> Queued {
        Queued {
            ticket,
            user: "canbo".into(),
            alone,
            job,
            wake: Arc::new(Condvar::new()),
        }
    }

    /// A fresh database with one unit and one approved model.
    fn one_model() -> (crate::store::tests::Fx, Model, Arc<Store>) {
        let f = fresh();
        let u = f.unit("CB-01", "Chi bộ 1", None);
        let m = f.approved("MH-01", u);
        let store = f.be.store().clone();
        (f, m, store)
    }

    /// A write that adds an inspection check-in to a model.
    fn add_checkin(model: Id, date: chrono::NaiveDate) -> Job {
        let c = checkin(model, date);
        Box::new(move |tx, u| {
            let (id, rev) = writes::save_checkin(tx, u, c)?;
            Ok(Response::Saved { id, rev })
        })
    }

    fn saved(r: &(ApiResult<Response>, bool)) -> (Id, u64) {
        match r {
            (Ok(Response::Saved { id, rev }), true) => (*id, *rev),
            other => panic!("not saved: {other:?}"),
        }
    }

    /// Writes prepared in one group see the ones before them exactly as if those were
    /// stored: revisions, ids, counters and the audit log come out as one by one.
    #[test]
    fn a_group_is_what_its_writes_one_by_one_would_be() {
        let (f, m, store) = one_model();
        let edit = |title: &'static str, rev: u64| -> Job {
            let mut m = m.clone();
            Box::new(move |tx, u| {
                m.title = title.into();
                m.rev = rev;
                let (id, rev) = writes::save_model(tx, u, m)?;
                Ok(Response::Saved { id, rev })
            })
        };
        let add = |date| add_checkin(m.id, date);
        let batch = vec![
            queued(0, false, edit("Lần một", m.rev)),
            // Edited from the same revision as the first: a conflict, as if the first were
            // stored.
            queued(1, false, edit("Lần hai", m.rev)),
            queued(2, false, edit("Lần ba", m.rev + 1)),
            queued(3, false, add(d(2019, 3, 1))),
            // Before the model's registration: refused, and nothing of it is written.
            queued(4, false, add(d(2010, 3, 1))),
            queued(5, false, add(d(2019, 4, 1))),
            // Reads the audit log itself: the group before it is committed first.
            queued(
                6,
                true,
                Box::new(|tx, u| {
                    let (record, action) =
                        crate::store::undo::undo(tx, u, &crate::server::auth::Role::Admin)?;
                    Ok(Response::Undone { record, action })
                }),
            ),
            queued(7, false, add(d(2019, 5, 1))),
        ];
        let r = commit_group(&store, batch);
        store.flush().unwrap();
        assert_eq!(saved(&r[0]).1, m.rev + 1);
        assert!(
            matches!(&r[1], (Err(ApiError::Msg(Msg::Conflict { user, .. })), false) if user == "canbo"),
            "{:?}",
            r[1]
        );
        assert_eq!(saved(&r[2]).1, m.rev + 2);
        let (c1, c2, c3) = (saved(&r[3]).0, saved(&r[5]).0, saved(&r[7]).0);
        assert!(c1 < c2 && c2 < c3, "ids {c1} {c2} {c3}");
        assert!(
            matches!(r[4], (Err(ApiError::Invalid(_)), false)),
            "{:?}",
            r[4]
        );
        assert!(
            matches!(&r[6], (Ok(Response::Undone { record: RecordRef::CheckIn(id), action: Action::Create }), true) if *id == c2),
            "{:?}",
            r[6]
        );

        let api = Api(&f.be);
        let detail = api.model(m.id).unwrap();
        assert_eq!(detail.model.title, "Lần ba");
        assert_eq!(detail.model.rev, m.rev + 2);
        let mut ids: Vec<Id> = detail.checkins.iter().map(|c| c.id).collect();
        ids.sort();
        assert_eq!(ids, vec![c1, c3]);
        // One audit entry per accepted write, in order, numbered without gaps.
        let log = api.history(RecordRef::Model(m.id), 0).unwrap();
        let titles: Vec<String> = log
            .iter()
            .take(2)
            .map(|e| e.after.clone().unwrap_or_default())
            .collect();
        assert!(titles[0].contains("Lần ba") && titles[1].contains("Lần một"));
        let all = api.dataset().unwrap().audit;
        let seqs: Vec<u64> = all.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
        assert_eq!(
            all.last().unwrap().action,
            Action::Create,
            "the check-in after the undo"
        );
        // Indexes, stats and counters equal a recount.
        f.sound();
    }

    /// A write that panics is refused alone; the rest of its group is committed.
    #[test]
    fn a_panicking_write_refuses_only_itself() {
        let (f, m, store) = one_model();
        let add = |date| add_checkin(m.id, date);
        let batch = vec![
            queued(0, false, add(d(2019, 3, 1))),
            queued(
                1,
                false,
                Box::new(|tx, u| {
                    writes::save_checkin(tx, u, checkin(1, d(2019, 3, 2)))?;
                    panic!("a bug in a write");
                }),
            ),
            queued(2, false, add(d(2019, 4, 1))),
        ];
        let r = commit_group(&store, batch);
        store.flush().unwrap();
        saved(&r[0]);
        assert!(matches!(r[1], (Err(_), false)));
        saved(&r[2]);
        assert_eq!(Api(&f.be).model(m.id).unwrap().checkins.len(), 2);
        f.sound();
    }

    /// Many threads at once through the queue: every increment and every check-in arrives,
    /// conflicts are answered as such, and the database stays sound.
    #[test]
    fn concurrent_writers_lose_nothing() {
        let (f, m, store) = one_model();
        const THREADS: usize = 8;
        const EDITS: usize = 25;
        std::thread::scope(|s| {
            for t in 0..THREADS {
                let be = crate::store::Embedded::new(store.clone(), format!("canbo{t}"));
                s.spawn(move || {
                    let api = Api(&be);
                    for i in 0..EDITS {
                        if t % 2 == 0 {
                            loop {
                                let mut cur = api.model(m.id).unwrap().model;
                                // One step forward at a time, up to the last.
                                cur.step = (cur.step + 1).min(5);
                                cur.summary = format!("{}", cur.rev + 1);
                                match api.save(Request::SaveModel(cur)) {
                                    Ok(_) => break,
                                    Err(ApiError::Msg(Msg::Conflict { .. })) => continue,
                                    Err(e) => panic!("{e:?}"),
                                }
                            }
                        } else {
                            let c = checkin(
                                m.id,
                                d(2018, 1, 2) + chrono::Days::new((t * EDITS + i) as u64),
                            );
                            api.save(Request::SaveCheckIn(c)).unwrap();
                        }
                    }
                });
            }
        });
        let after = Api(&f.be).model(m.id).unwrap();
        let saves = (THREADS / 2 * EDITS) as u64;
        assert_eq!(after.model.rev, m.rev + saves);
        assert_eq!(after.model.summary, after.model.rev.to_string());
        let rows = Api(&f.be).model_rows(None, d(2020, 10, 20)).unwrap();
        let row = rows.iter().find(|r| r.id == m.id).unwrap();
        assert_eq!(row.checkins as usize, THREADS / 2 * EDITS);
        f.sound();
    }
}
