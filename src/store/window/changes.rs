//! What commits changed since the window indexes were last brought up to date, and the
//! indexes of every period behind one lock.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::*;

/// A write that changes more models than this drops the indexes (built again when next asked
/// for) rather than updating them model by model.
pub const REBUILD_ABOVE: usize = 500;

/// What commits changed since the indexes were last brought up to date.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    pub(super) models: BTreeSet<Id>,
    pub(super) awards: BTreeSet<Id>,
    /// Units, periods or catalogues changed, or too much at once: rebuild.
    pub(super) wide: bool,
}

impl Changes {
    /// What a commit's writes change for the tables.
    pub(crate) fn of(writes: &Journal) -> Changes {
        let mut c = Changes::default();
        for (t, ws) in T::ALL.iter().zip(writes) {
            if ws.is_empty() {
                continue;
            }
            match t {
                T::Models | T::Stats | T::CheckIns => {
                    for (k, _) in ws {
                        match keys::id_at(k, 0, t.name()) {
                            Ok(id) => {
                                c.models.insert(id);
                            }
                            Err(_) => c.wide = true,
                        }
                    }
                }
                T::Awards => {
                    for (k, _) in ws {
                        match keys::id_at(k, 0, t.name()) {
                            Ok(id) => {
                                c.awards.insert(id);
                            }
                            Err(_) => c.wide = true,
                        }
                    }
                }
                // Not `Meta`: drafts are kept there, and they change no table.
                T::Units | T::Periods | T::Fields => c.wide = true,
                _ => {}
            }
        }
        c.settle();
        c
    }

    /// Everything may have changed.
    pub(crate) fn all() -> Changes {
        Changes {
            wide: true,
            ..Changes::default()
        }
    }

    pub(super) fn settle(&mut self) {
        if self.models.len() + self.awards.len() > REBUILD_ABOVE {
            self.wide = true;
        }
        if self.wide {
            self.models.clear();
            self.awards.clear();
        }
    }

    pub(super) fn merge(&mut self, o: Changes) {
        self.wide |= o.wide;
        self.models.extend(o.models);
        self.awards.extend(o.awards);
        self.settle();
    }
}

/// The indexes of the periods asked for, and the changes not yet applied to them. The two
/// are locked apart: a commit only adds to the changes, so no write waits while a window is
/// answered or an index built.
pub(crate) struct Views {
    pub(super) pending: Mutex<Changes>,
    pub(in crate::store) periods: Mutex<HashMap<String, PeriodIndex>>,
    generation: AtomicU64,
}

impl Default for Views {
    fn default() -> Self {
        // Microseconds since 1970: a generation never repeats one of an earlier run.
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_micros() as u64);
        Views {
            pending: Mutex::new(Changes::default()),
            periods: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(start),
        }
    }
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Views {
    /// A commit wrote these changes (called once they are in the trees).
    pub(crate) fn note(&self, c: Changes) {
        if c.wide || !c.models.is_empty() || !c.awards.is_empty() {
            lock(&self.pending).merge(c);
        }
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }
}
