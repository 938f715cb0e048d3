//! A write in preparation: an overlay of puts and removals over every tree, plus counter
//! deltas and audit entries. Reads through the overlay see the write's own changes. Nothing
//! touches the database until [`Tx::commit`], which applies everything in ONE sled
//! transaction and flushes. Because writes are serialised by the store's mutex, the
//! transaction closure only copies prepared bytes and never conflicts; a dropped `Tx` (a
//! refused write, a dry run) leaves no trace.
//!
//! Writes that arrive together may be committed together: each is prepared in its own `Tx`
//! stacked on a group ([`Tx::over`]), reading through the writes of those prepared before it
//! as if they were stored; its finished writes then join the group ([`Tx::absorb`]), and the
//! group is committed as one transaction. A refused write leaves the group as it was.

use std::collections::{BTreeMap, HashMap};

use sled::IVec;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::keys::{self, tag};
use super::records::Envelope;
use super::{Store, T, io};
use crate::api::{ApiError, ApiResult};
use crate::domain::{Action, AuditEntry, Id, Msg, RecordRef};

type Overlay = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// The finished writes of a stacked [`Tx`], to be added to its group.
pub struct Writes(Vec<Overlay>);

/// Writes of more keys than this go through the journal rather than one transaction.
pub const JOURNAL_ABOVE: usize = 2_000;

pub struct Tx<'s> {
    pub s: &'s Store,
    /// The writes of a group this one is stacked on, read between `w` and the database.
    base: Option<&'s [Overlay]>,
    w: Vec<Overlay>,
    counts: HashMap<Vec<u8>, i64>,
    next_seq: Option<u64>,
    /// The reason the user gave, attached to the next audit entry.
    pub note: String,
}

impl<'s> Tx<'s> {
    pub fn new(s: &'s Store) -> Tx<'s> {
        Tx {
            s,
            base: None,
            w: vec![Overlay::new(); T::ALL.len()],
            counts: HashMap::new(),
            next_seq: None,
            note: String::new(),
        }
    }

    /// A write prepared on top of this one (a group of writes committed together): it reads
    /// this one's writes as if they were stored. Its result goes back with [`Tx::absorb`].
    pub fn over(&self) -> Tx<'_> {
        debug_assert!(self.base.is_none() && self.counts.is_empty());
        Tx {
            s: self.s,
            base: Some(&self.w),
            w: vec![Overlay::new(); T::ALL.len()],
            counts: HashMap::new(),
            next_seq: None,
            note: String::new(),
        }
    }

    /// The finished writes of a `Tx` made by [`Tx::over`], counters settled, for
    /// [`Tx::absorb`].
    pub fn into_writes(mut self) -> ApiResult<Writes> {
        self.settle_counters()?;
        Ok(Writes(std::mem::take(&mut self.w)))
    }

    /// Add the writes of a stacked `Tx` to this one; they replace earlier values of the same
    /// keys.
    pub fn absorb(&mut self, w: Writes) {
        for (mine, theirs) in self.w.iter_mut().zip(w.0) {
            mine.extend(theirs);
        }
    }

    /// The pending value of a key: this write's, else the group's below it.
    fn pending(&self, t: T, key: &[u8]) -> Option<&Option<Vec<u8>>> {
        self.w[t as usize]
            .get(key)
            .or_else(|| self.base.and_then(|b| b[t as usize].get(key)))
    }

    /// The pending overlays of a tree, the group's first.
    fn layers(&self, t: T) -> impl Iterator<Item = &Overlay> {
        self.base
            .map(|b| &b[t as usize])
            .into_iter()
            .chain(std::iter::once(&self.w[t as usize]))
    }

    // --- raw access --------------------------------------------------------------------------

    pub fn get_raw(&self, t: T, key: &[u8]) -> ApiResult<Option<Vec<u8>>> {
        if let Some(v) = self.pending(t, key) {
            return Ok(v.clone());
        }
        Ok(self.s.tree(t).get(key).map_err(io)?.map(|v| v.to_vec()))
    }

    pub fn get<R: Envelope>(&self, t: T, key: &[u8]) -> ApiResult<Option<R>> {
        match self.get_raw(t, key)? {
            Some(v) => Ok(Some(R::decode(&v)?)),
            None => Ok(None),
        }
    }

    pub fn contains(&self, t: T, key: &[u8]) -> ApiResult<bool> {
        if let Some(v) = self.pending(t, key) {
            return Ok(v.is_some());
        }
        self.s.tree(t).contains_key(key).map_err(io)
    }

    pub fn put(&mut self, t: T, key: Vec<u8>, value: Vec<u8>) {
        self.w[t as usize].insert(key, Some(value));
    }

    pub fn put_rec<R: Envelope>(&mut self, t: T, key: Vec<u8>, r: &R) {
        self.put(t, key, r.encode());
    }

    pub fn del(&mut self, t: T, key: Vec<u8>) {
        self.w[t as usize].insert(key, None);
    }

    /// Every key/value under `prefix`, the overlay merged over the database, in key order.
    pub fn scan(&self, t: T, prefix: &[u8]) -> ApiResult<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut out: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        for kv in self.s.tree(t).scan_prefix(prefix) {
            let (k, v) = kv.map_err(io)?;
            out.insert(k.to_vec(), Some(v.to_vec()));
        }
        for layer in self.layers(t) {
            for (k, v) in layer.range(prefix.to_vec()..) {
                if !k.starts_with(prefix) {
                    break;
                }
                out.insert(k.clone(), v.clone());
            }
        }
        Ok(out
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect())
    }

    /// Keys only, for indexes.
    pub fn scan_keys(&self, t: T, prefix: &[u8]) -> ApiResult<Vec<Vec<u8>>> {
        Ok(self.scan(t, prefix)?.into_iter().map(|(k, _)| k).collect())
    }

    /// Remove every key of a tree (Load with `replace`).
    pub fn clear(&mut self, t: T) -> ApiResult<()> {
        for k in self.s.tree(t).iter().keys() {
            let k = k.map_err(io)?;
            self.w[t as usize].insert(k.to_vec(), None);
        }
        if let Some(b) = self.base {
            for k in b[t as usize].keys() {
                self.w[t as usize].insert(k.clone(), None);
            }
        }
        for v in self.w[t as usize].values_mut() {
            *v = None;
        }
        Ok(())
    }

    // --- counters and ids --------------------------------------------------------------------

    pub fn count(&mut self, key: Vec<u8>, delta: i64) {
        if delta != 0 {
            *self.counts.entry(key).or_insert(0) += delta;
        }
    }

    /// Current value of a counter with this write's pending deltas.
    pub fn counter(&self, key: &[u8]) -> ApiResult<i64> {
        let base = self
            .get_raw(T::Counters, key)?
            .map(|v| keys::counter_value(&v))
            .unwrap_or(0);
        Ok(base + self.counts.get(key).copied().unwrap_or(0))
    }

    /// The next id of a kind of record; ids are never reused.
    pub fn alloc_id(&mut self, kind: &str) -> ApiResult<Id> {
        let key = format!("id:{kind}").into_bytes();
        let next = self
            .get_raw(T::Meta, &key)?
            .map(|v| keys::id_at(&v, 0, "id counter"))
            .transpose()?
            .unwrap_or(0)
            + 1;
        self.put(T::Meta, key, keys::id(next).to_vec());
        Ok(next)
    }

    /// Make later allocations start above `id` (Load keeps ids).
    pub fn reserve_id(&mut self, kind: &str, id: Id) -> ApiResult<()> {
        let key = format!("id:{kind}").into_bytes();
        let cur = self
            .get_raw(T::Meta, &key)?
            .map(|v| keys::id_at(&v, 0, "id counter"))
            .transpose()?
            .unwrap_or(0);
        if id > cur {
            self.put(T::Meta, key, keys::id(id).to_vec());
        }
        Ok(())
    }

    // --- audit -------------------------------------------------------------------------------

    fn seq(&mut self) -> ApiResult<u64> {
        let next = match self.next_seq {
            Some(n) => n,
            None => {
                let last = self
                    .s
                    .tree(T::Audit)
                    .last()
                    .map_err(io)?
                    .map(|(k, _)| keys::id_at(&k, 0, T::Audit.name()))
                    .transpose()?
                    .unwrap_or(0);
                let over = self
                    .layers(T::Audit)
                    .filter_map(|o| o.keys().next_back())
                    .filter_map(|k| keys::read_id(k))
                    .max()
                    .unwrap_or(0);
                last.max(over) + 1
            }
        };
        self.next_seq = Some(next + 1);
        Ok(next)
    }

    /// The number the next audit entry of this write will get; nothing is taken.
    pub fn peek_seq(&mut self) -> ApiResult<u64> {
        let n = self.seq()?;
        self.next_seq = Some(n);
        Ok(n)
    }

    /// Append an audit entry (and index it by record), returning its sequence number.
    pub fn audit(
        &mut self,
        user: &str,
        action: Action,
        record: RecordRef,
        before: Option<String>,
        after: Option<String>,
    ) -> ApiResult<u64> {
        let note = std::mem::take(&mut self.note);
        let seq = self.seq()?;
        let e = AuditEntry {
            seq,
            at: super::writes::now(),
            user: user.to_string(),
            action,
            record,
            before,
            after,
            note,
        };
        self.put_audit(&e);
        Ok(seq)
    }

    /// Store an entry as it is (Load keeps the dataset's log).
    pub fn put_audit(&mut self, e: &AuditEntry) {
        self.put_rec(T::Audit, keys::id(e.seq).to_vec(), e);
        self.put(
            T::AuditByRecord,
            keys::cat(&[&keys::record_ref(&e.record), &keys::id(e.seq)]),
            vec![],
        );
        if self.next_seq.is_some_and(|n| n <= e.seq) {
            self.next_seq = Some(e.seq + 1);
        }
    }

    /// The latest audit entry about a record.
    pub fn latest_audit(&self, r: &RecordRef) -> ApiResult<Option<AuditEntry>> {
        // Sequence numbers end the keys, so the last key under the prefix is the newest: read
        // it from the end instead of collecting the record's whole history.
        let prefix = keys::record_ref(r);
        let pending = self
            .layers(T::AuditByRecord)
            .filter_map(|o| {
                o.range(prefix.clone()..)
                    .take_while(|(k, _)| k.starts_with(&prefix))
                    .filter(|(_, v)| v.is_some())
                    .map(|(k, _)| k.clone())
                    .last()
            })
            .max();
        let stored = self
            .s
            .tree(T::AuditByRecord)
            .scan_prefix(&prefix)
            .keys()
            .next_back()
            .transpose()
            .map_err(io)?
            .map(|k| k.to_vec());
        match pending.max(stored) {
            Some(k) => self.get(T::Audit, &k[k.len() - 8..]),
            None => Ok(None),
        }
    }

    // --- commit ------------------------------------------------------------------------------

    /// Fold counter deltas into values, keeping "units registered" from the per-unit
    /// counters' crossings of zero.
    fn settle_counters(&mut self) -> ApiResult<()> {
        let mut deltas: Vec<(Vec<u8>, i64)> =
            std::mem::take(&mut self.counts).into_iter().collect();
        let mut extra: HashMap<Vec<u8>, i64> = HashMap::new();
        for (k, d) in &deltas {
            if let Some((period, tag::UNIT)) = split_counter(k) {
                let before = self.counter(k)?;
                let after = before + d;
                let reg = keys::counter_prefix(&period, tag::UNITS_REGISTERED);
                if before <= 0 && after > 0 {
                    *extra.entry(reg).or_insert(0) += 1;
                } else if before > 0 && after <= 0 {
                    *extra.entry(reg).or_insert(0) -= 1;
                }
            }
        }
        for (k, d) in extra {
            match deltas.iter_mut().find(|(k2, _)| *k2 == k) {
                Some((_, d2)) => *d2 += d,
                None => deltas.push((k, d)),
            }
        }
        for (k, d) in deltas {
            if d == 0 {
                continue;
            }
            let v = self.counter(&k)? + d;
            if v == 0 {
                self.del(T::Counters, k);
            } else {
                self.put(T::Counters, k, v.to_be_bytes().to_vec());
            }
        }
        Ok(())
    }

    /// Apply everything atomically, then flush: the write is on disk when this returns `Ok`.
    ///
    /// A small write is one sled transaction over the trees it touches. A large one (an
    /// import, a restore) is journalled instead: sled's transactions cost several µs per key
    /// and leave pages that are slow to read back, so the writes are first stored whole as
    /// one journal value and flushed, then applied key by key, then the journal is removed.
    /// A crash in between is finished by [`Store::open`], which replays the journal; readers
    /// wait while a journal is being applied, so nobody sees half of it.
    pub fn commit(self) -> ApiResult<()> {
        let s = self.s;
        self.commit_unflushed()?;
        s.flush()
    }

    /// [`Tx::commit`] without the final flush, for a caller that releases the write lock
    /// first and then flushes: saves that arrive together then share one fsync, and each is
    /// still on disk before it is answered. (A journalled commit flushes inside: its journal
    /// must not be removed before its writes are on disk.)
    pub fn commit_unflushed(mut self) -> ApiResult<()> {
        self.settle_counters()?;
        let writes: super::Journal = std::mem::take(&mut self.w)
            .into_iter()
            .map(|o| o.into_iter().collect())
            .collect();
        let total: usize = writes.iter().map(Vec::len).sum();
        if total == 0 {
            return Ok(());
        }
        let started = std::time::Instant::now();
        // Whole-database reads in progress learn what this commit changes, before it does.
        let _frozen = self.s.snapshots.before_commit(self.s, &writes)?;
        let changes = super::window::Changes::of(&writes);
        let r = if total > JOURNAL_ABOVE {
            self.s.apply_journalled(writes)
        } else {
            self.transaction(&writes)
        };
        // Even a failed commit may have written part: the tables' orders learn of it all.
        self.s.views.note(if r.is_ok() {
            changes
        } else {
            super::window::Changes::all()
        });
        if std::env::var_os("DVK_STORE_TIMING").is_some() {
            eprintln!("store: {total} keys committed in {:?}", started.elapsed());
        }
        r
    }

    /// One part of a streamed import: its keys' present values go to the import's undo log
    /// (synced), then its writes straight into the trees, unflushed (the caller holds the
    /// readers off until the whole import is written).
    /// [`super::rollback::Rollback::finish`] makes the whole import durable.
    pub(crate) fn commit_part(mut self, log: &mut super::rollback::Rollback) -> ApiResult<()> {
        self.settle_counters()?;
        let writes: super::Journal = std::mem::take(&mut self.w)
            .into_iter()
            .map(|o| o.into_iter().collect())
            .collect();
        if writes.iter().all(Vec::is_empty) {
            return Ok(());
        }
        let _frozen = self.s.snapshots.before_commit(self.s, &writes)?;
        log.record(self.s, &writes)?;
        let named: Vec<super::TreeWrites> = T::ALL
            .iter()
            .zip(&writes)
            .filter(|(_, ws)| !ws.is_empty())
            .map(|(t, ws)| (t.name(), ws.as_slice()))
            .collect();
        self.s.apply(&named).map_err(|e| self.s.halt(e))
    }

    fn transaction(&self, writes: &super::Journal) -> ApiResult<()> {
        use sled::Transactional;
        let touched: Vec<usize> = (0..writes.len())
            .filter(|i| !writes[*i].is_empty())
            .collect();
        let trees: Vec<sled::Tree> = touched.iter().map(|i| self.s.tree(T::ALL[*i])).collect();
        let r: Result<(), TransactionError<()>> = trees[..].transaction(|views| {
            for (view, i) in views.iter().zip(&touched) {
                for (k, v) in &writes[*i] {
                    match v {
                        Some(v) => {
                            view.insert(IVec::from(k.as_slice()), IVec::from(v.as_slice()))?
                        }
                        None => view.remove(IVec::from(k.as_slice()))?,
                    };
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        match r {
            Ok(()) => Ok(()),
            Err(TransactionError::Storage(e)) => Err(self.s.halt(io(e))),
            Err(TransactionError::Abort(())) => {
                Err(ApiError::Msg(Msg::Other("transaction aborted".into())))
            }
        }
    }

    pub fn seed_catalogues(&mut self) -> ApiResult<()> {
        let (fields, forms) = super::default_catalogues();
        for (i, f) in fields.iter().enumerate() {
            self.put_rec(T::Fields, keys::pos(i as u32).to_vec(), f);
        }
        for (i, f) in forms.iter().enumerate() {
            self.put_rec(T::Forms, keys::pos(i as u32).to_vec(), f);
        }
        Ok(())
    }
}

/// `(period, tag)` of a period counter key.
pub fn split_counter(k: &[u8]) -> Option<(String, u8)> {
    let rest = k.strip_prefix(b"P")?;
    let z = rest.iter().position(|c| *c == 0)?;
    Some((
        String::from_utf8(rest[..z].to_vec()).ok()?,
        *rest.get(z + 1)?,
    ))
}
