//! Consistent whole-database reads (`Dataset` for export and backup, `Check`) that never hold
//! up a write.
//!
//! sled 0.34 has no snapshots, and iterating its trees while writes commit can see some of a
//! write and not the rest. Taking the write lock for the whole read would make every write
//! wait for a backup of a large database. Instead a reader registers a *capture* and then
//! iterates the trees it needs with no lock held. Every commit, while it holds the registry's
//! lock, first records in each capture the value each key it is about to change had before
//! (the first time that key changes: that is its value when the capture began; `None` if it
//! did not exist). When the iteration is done the reader unregisters and puts every
//! recorded key back to its recorded value: the result is exactly the database as it was at
//! registration, whatever committed meanwhile.
//!
//! Cost: a write pays one extra read per key it changes for each whole-database read in
//! progress (none at all otherwise, beyond an uncontended lock); the reader holds the raw
//! pairs of the trees it reads (sled hands out shared buffers, so mostly references) until
//! it has decoded them.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use sled::IVec;

use super::records::Envelope;
use super::{Journal, Store, T, io};
use crate::api::ApiResult;

/// Values as they were when a reader began, of the keys written since.
type Capture = Vec<Option<HashMap<Vec<u8>, Option<IVec>>>>;

#[derive(Default)]
pub(crate) struct Snapshots {
    active: Mutex<Vec<Arc<Mutex<Capture>>>>,
    /// Called after each tree a reader has read, for tests that act in the middle of a read.
    #[cfg(test)]
    pub(crate) between_trees: Mutex<Option<Box<dyn FnMut() + Send>>>,
}

/// Held by a commit while it applies its writes.
pub(crate) struct Frozen<'a>(#[allow(dead_code)] MutexGuard<'a, Vec<Arc<Mutex<Capture>>>>);

fn lock<X>(m: &Mutex<X>) -> MutexGuard<'_, X> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Snapshots {
    /// Before a commit of `writes` to the trees of `store`: record, in every capture in progress, the
    /// current value of each key not recorded yet. The commit must hold the returned guard
    /// until its writes are applied.
    pub(crate) fn before_commit<'a>(
        &'a self,
        store: &super::Store,
        writes: &Journal,
    ) -> ApiResult<Frozen<'a>> {
        let active = lock(&self.active);
        for cap in active.iter() {
            let mut cap = lock(cap);
            for (i, ws) in writes.iter().enumerate() {
                let Some(seen) = cap.get_mut(i).and_then(Option::as_mut) else {
                    continue;
                };
                for (k, _) in ws {
                    if !seen.contains_key(k) {
                        let before = store.tree(T::ALL[i]).get(k).map_err(io)?;
                        seen.insert(k.clone(), before);
                    }
                }
            }
        }
        Ok(Frozen(active))
    }
}

/// The raw contents of some trees at one moment, each in key order.
pub(crate) struct Snapshot {
    trees: Vec<Vec<(IVec, IVec)>>,
}

impl Snapshot {
    /// The keys and values of `t` in key order (nothing for a tree not taken).
    pub(crate) fn iter(&self, t: T) -> impl Iterator<Item = (&IVec, &IVec)> {
        self.trees[t as usize].iter().map(|(k, v)| (k, v))
    }

    /// Every record of a tree, in key order.
    pub(crate) fn all<R: Envelope>(&self, t: T) -> ApiResult<Vec<R>> {
        self.iter(t).map(|(_, v)| Ok(R::decode(v)?)).collect()
    }
}

impl Store {
    /// The trees `which` as they are now, read without holding up writes.
    pub(crate) fn snapshot(&self, which: &[T]) -> ApiResult<Snapshot> {
        let mut want: Capture = vec![None; T::ALL.len()];
        for t in which {
            want[*t as usize] = Some(HashMap::new());
        }
        let cap = Arc::new(Mutex::new(want));
        let reg = &self.snapshots;
        lock(&reg.active).push(cap.clone());
        let read = (|| -> ApiResult<Vec<Vec<(IVec, IVec)>>> {
            let mut trees = vec![Vec::new(); T::ALL.len()];
            for t in which {
                trees[*t as usize] = self.tree(*t).iter().collect::<Result<_, _>>().map_err(io)?;
                #[cfg(test)]
                if let Some(f) = lock(&reg.between_trees).as_mut() {
                    f();
                }
            }
            Ok(trees)
        })();
        lock(&reg.active).retain(|c| !Arc::ptr_eq(c, &cap));
        let mut trees = read?;
        let cap = std::mem::take(&mut *lock(&cap));
        for (i, seen) in cap.into_iter().enumerate() {
            let seen: BTreeMap<Vec<u8>, Option<IVec>> = seen.into_iter().flatten().collect();
            if !seen.is_empty() {
                trees[i] = restore(std::mem::take(&mut trees[i]), seen);
            }
        }
        Ok(Snapshot { trees })
    }
}

/// The pairs `read` (in key order) with every key of `before` put back to its value there
/// (`None`: the key did not exist).
fn restore(read: Vec<(IVec, IVec)>, before: BTreeMap<Vec<u8>, Option<IVec>>) -> Vec<(IVec, IVec)> {
    let mut out = Vec::with_capacity(read.len() + before.len());
    let mut before = before.into_iter().peekable();
    for (k, v) in read {
        while let Some((bk, bv)) = before.next_if(|(bk, _)| bk.as_slice() < k.as_ref()) {
            if let Some(bv) = bv {
                out.push((IVec::from(bk), bv));
            }
        }
        match before.next_if(|(bk, _)| bk.as_slice() == k.as_ref()) {
            Some((_, Some(bv))) => out.push((k, bv)),
            Some((_, None)) => {}
            None => out.push((k, v)),
        }
    }
    out.extend(before.filter_map(|(bk, bv)| Some((IVec::from(bk), bv?))));
    out
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use crate::api::{Api, Backend, Request, Response};
    use crate::domain::Model;
    use crate::store::Embedded;
    use crate::store::tests::{d, fresh, inspection};

    /// Stop every whole-database read after its first tree until `go` is sent; `reached` is
    /// told when a read stops there.
    fn pause_reads(store: &crate::store::Store) -> (mpsc::Receiver<()>, mpsc::Sender<()>) {
        let (reached_tx, reached) = mpsc::channel();
        let (go, go_rx) = mpsc::channel::<()>();
        let go_rx = std::sync::Mutex::new(go_rx);
        let mut first = true;
        *super::lock(&store.snapshots.between_trees) = Some(Box::new(move || {
            if std::mem::take(&mut first) {
                let _ = reached_tx.send(());
                let _ = go_rx.lock().unwrap().recv_timeout(Duration::from_secs(20));
            }
        }));
        (reached, go)
    }

    /// Writes of every kind — a new check-in, a changed model, a deleted check-in, a new
    /// model — each answered within `limit` while a read is stopped in the middle.
    fn writes_during(store: &std::sync::Arc<crate::store::Store>, m: &Model, gone: u64) {
        let be = Embedded::new(store.clone(), "canbo".into());
        let (done_tx, done) = mpsc::channel();
        let m = m.clone();
        std::thread::spawn(move || {
            let api = Api(&be);
            let mut changed = api.model(m.id).unwrap().model;
            changed.title = "Đổi tên trong lúc sao lưu".into();
            let unit = changed.unit;
            let mut new = changed.clone();
            new.id = 0;
            new.rev = 0;
            new.code = "MH-NEW".into();
            let r = [
                api.save(Request::SaveCheckIn(inspection(m.id, d(2019, 5, 5))))
                    .map(|_| ()),
                api.save(Request::SaveModel(changed)).map(|_| ()),
                api.delete(Request::DeleteCheckIn {
                    model: m.id,
                    id: gone,
                }),
                api.save(Request::SaveModel(new)).map(|_| ()),
                api.save(Request::SaveUnit(crate::domain::Unit {
                    id: 0,
                    code: "CB-NEW".into(),
                    name: "Chi bộ mới".into(),
                    parent: Some(unit),
                    kind: crate::domain::UnitKind::PartyCell,
                    active: true,
                    rev: 0,
                }))
                .map(|_| ()),
            ];
            let _ = done_tx.send(r);
        });
        let r = done
            .recv_timeout(Duration::from_secs(10))
            .expect("the writes were answered while a whole-database read was in progress");
        for w in r {
            w.unwrap();
        }
    }

    #[test]
    fn a_dataset_read_never_holds_up_a_write_and_sees_one_moment() {
        let f = fresh();
        let u = f.unit("CB-01", "Chi bộ 1", None);
        let m = f.approved("MH-01", u);
        let gone = f.checkin(m.id, d(2018, 3, 1));
        f.checkin(m.id, d(2018, 4, 1));
        let store = f.be.store().clone();
        let before = f.api().dataset().unwrap();
        let (reached, go) = pause_reads(&store);
        let reader = {
            let be = Embedded::new(store.clone(), "canbo".into());
            std::thread::spawn(move || be.call(Request::Dataset))
        };
        reached.recv_timeout(Duration::from_secs(10)).unwrap();
        writes_during(&store, &m, gone);
        go.send(()).unwrap();
        let Ok(Response::Dataset(got)) = reader.join().unwrap() else {
            panic!("no dataset")
        };
        assert_eq!(
            *got, before,
            "the read shows the database as it was when it began"
        );
        // The writes are there for the next read.
        let after = f.api().dataset().unwrap();
        assert_ne!(after, before);
        assert!(after.models.iter().any(|x| x.code == "MH-NEW"));
        assert!(!after.checkins.iter().any(|c| c.id == gone));
    }

    #[test]
    fn a_check_during_writes_finds_the_database_sound() {
        let f = fresh();
        let u = f.unit("CB-01", "Chi bộ 1", None);
        let m = f.approved("MH-01", u);
        let gone = f.checkin(m.id, d(2018, 3, 1));
        let store = f.be.store().clone();
        let (reached, go) = pause_reads(&store);
        let reader = {
            let be = Embedded::new(store.clone(), "canbo".into());
            std::thread::spawn(move || be.call(Request::Check))
        };
        reached.recv_timeout(Duration::from_secs(10)).unwrap();
        writes_during(&store, &m, gone);
        go.send(()).unwrap();
        let Ok(Response::Check(r)) = reader.join().unwrap() else {
            panic!("no check report")
        };
        // Counters, stats and indexes read after the writes would disagree with the records
        // read before them, were the read not of one moment.
        assert!(r.problems.is_empty(), "{:#?}", r.problems);
        let models = r.records.iter().find(|(t, _)| t == "models").unwrap().1;
        assert_eq!(models, 1, "the model added meanwhile is not in the check");
        f.sound();
    }
}

#[cfg(test)]
mod restore_tests {
    use super::*;

    #[test]
    fn keys_changed_during_a_read_are_put_back_in_order() {
        let iv = |s: &str| IVec::from(s.as_bytes());
        // Read while writes went on: b changed, c added, e removed (so not read), g changed.
        let read = vec![
            (iv("a"), iv("1")),
            (iv("b"), iv("new")),
            (iv("c"), iv("added")),
            (iv("g"), iv("new")),
        ];
        let before: BTreeMap<Vec<u8>, Option<IVec>> = [
            (b"b".to_vec(), Some(iv("2"))),
            (b"c".to_vec(), None),
            (b"e".to_vec(), Some(iv("5"))),
            (b"g".to_vec(), Some(iv("7"))),
            (b"z".to_vec(), Some(iv("26"))),
            (b"0".to_vec(), None),
        ]
        .into_iter()
        .collect();
        let got: Vec<(String, String)> = restore(read, before)
            .into_iter()
            .map(|(k, v)| {
                (
                    String::from_utf8(k.to_vec()).unwrap(),
                    String::from_utf8(v.to_vec()).unwrap(),
                )
            })
            .collect();
        let want: Vec<(String, String)> =
            [("a", "1"), ("b", "2"), ("e", "5"), ("g", "7"), ("z", "26")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        assert_eq!(got, want);
    }
}
