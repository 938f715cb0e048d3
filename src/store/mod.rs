//! The only module that touches sled and bincode: trees, key encoding, versioned records,
//! indexes, counters, the audit log and transactions. [`Embedded`] answers every
//! [`crate::api::Request`] from a [`Store`].
//!
//! Every write is prepared in memory ([`tx::Tx`], an overlay over the trees), then applied
//! in one sled transaction over all trees and flushed before the answer. Writes are
//! serialised by a mutex, so the transaction never conflicts; reads go straight to sled.

mod audit_cache;
mod backup;
mod check;
mod embedded;
pub mod figures;
mod group;
mod import;
mod index;
pub mod keys;
mod migrate;
mod reads;
pub mod records;
mod rights;
mod tx;
mod undo;
mod writes;

use std::path::{Path, PathBuf};

use sled::Tree;

pub use backup::{decode_backup, encode_backup};
pub use embedded::Embedded;

use crate::api::{ApiError, ApiResult};
use crate::domain::{Msg, codes};
use records::Envelope;

/// The schema this binary writes; a database with a greater one is refused.
/// 2: check-ins stored by model, a few to a value; no separate index of models by unit.
pub const SCHEMA_VERSION: u32 = 4;
const SCHEMA_KEY: &[u8] = b"schema";

/// Every tree, by name. The order is the order of `Store::trees`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T {
    Meta,
    Periods,
    Fields,
    Forms,
    Bodies,
    Units,
    Models,
    CheckIns,
    Awards,
    Replications,
    Audit,
    Counters,
    Stats,
    UnitCode,
    ModelCode,
    UnitChildren,
    ModelsByPeriod,
    AwardsByModel,
    ReplsByModel,
    ReplsByUnit,
    Overdue,
    AuditByRecord,
    Undone,
}

impl T {
    pub const ALL: [T; 23] = [
        T::Meta,
        T::Periods,
        T::Fields,
        T::Forms,
        T::Bodies,
        T::Units,
        T::Models,
        T::CheckIns,
        T::Awards,
        T::Replications,
        T::Audit,
        T::Counters,
        T::Stats,
        T::UnitCode,
        T::ModelCode,
        T::UnitChildren,
        T::ModelsByPeriod,
        T::AwardsByModel,
        T::ReplsByModel,
        T::ReplsByUnit,
        T::Overdue,
        T::AuditByRecord,
        T::Undone,
    ];

    pub fn name(self) -> &'static str {
        match self {
            T::Meta => "meta",
            T::Periods => "periods",
            T::Fields => "fields",
            T::Forms => "forms",
            T::Bodies => "bodies",
            T::Units => "units",
            T::Models => "models",
            T::CheckIns => "model_checkins",
            T::Awards => "awards",
            T::Replications => "replications",
            T::Audit => "audit",
            T::Counters => "counters",
            T::Stats => "model_stats",
            T::UnitCode => "idx_unit_code",
            T::ModelCode => "idx_model_code",
            T::UnitChildren => "idx_unit_children",
            T::ModelsByPeriod => "idx_models_by_period",
            T::AwardsByModel => "idx_awards_by_model",
            T::ReplsByModel => "idx_replications_by_model",
            T::ReplsByUnit => "idx_replications_by_unit",
            T::Overdue => "idx_overdue",
            T::AuditByRecord => "idx_audit_by_record",
            T::Undone => "undone",
        }
    }

    /// Trees derived from records: rebuilt by `Load` and compared by `Check`.
    pub fn is_derived(self) -> bool {
        matches!(
            self,
            T::Counters
                | T::Stats
                | T::UnitCode
                | T::ModelCode
                | T::UnitChildren
                | T::ModelsByPeriod
                | T::AwardsByModel
                | T::ReplsByModel
                | T::ReplsByUnit
                | T::Overdue
        )
    }
}

impl Drop for Store {
    /// Leave the status cache for `dvk status` on the closed database (see [`figures`]).
    /// A cache is only a convenience: if it cannot be written, status opens the database.
    fn drop(&mut self) {
        if self.journal_path().exists() {
            return;
        }
        if let Ok(f) = self.figures(None) {
            let path = figures::cache_path(&self.path);
            let mut name = path
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_default();
            name.push(".tmp");
            let tmp = path.with_file_name(name);
            if write_synced(&tmp, &figures::encode_cache(&f)).is_ok() {
                let _ = std::fs::rename(&tmp, &path);
            }
        }
    }
}

/// An open database.
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    trees: Vec<Tree>,
    /// Serialises writes: a write reads counters and revisions, then commits what it derived
    /// from them, so no other write may commit in between.
    pub(crate) writer: std::sync::Mutex<()>,
    /// Queues writes so that those arriving together share a transaction and a flush.
    pub(crate) commits: group::Committer,
    /// Audit entries as decoded for earlier reads.
    pub(crate) audit_cache: audit_cache::AuditCache,
    /// Held for reading by every read request, and for writing while a journal is applied,
    /// so no reader sees half of a large write.
    pub(crate) gate: std::sync::RwLock<()>,
}

/// The writes of one large commit: per tree (by index in `T::ALL`), keys with their new value
/// or `None` for a removal. Applying it twice gives the same result, so replay is safe.
pub(crate) type Journal = Vec<Vec<(Vec<u8>, Option<Vec<u8>>)>>;

fn file_err(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::Msg(Msg::Io {
        detail: format!("{}: {e}", path.display()),
    })
}

fn sync_dir(path: &Path) -> ApiResult<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| file_err(dir, e))
}

/// Write a file and make it durable (its content and its name).
fn write_synced(path: &Path, bytes: &[u8]) -> ApiResult<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path).map_err(|e| file_err(path, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| file_err(path, e))?;
    sync_dir(path)
}

fn remove_synced(path: &Path) -> ApiResult<()> {
    std::fs::remove_file(path).map_err(|e| file_err(path, e))?;
    sync_dir(path)
}

fn io(e: sled::Error) -> ApiError {
    ApiError::Msg(Msg::Io {
        detail: e.to_string(),
    })
}

impl Store {
    /// Open (creating on first use, parent directories included) the database at `path`.
    pub fn open(path: &Path) -> ApiResult<Store> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| Msg::Io {
                detail: format!("{}: {e}", parent.display()),
            })?;
        }
        // A small cache: `dvk status` reads a few hundred keys, and the page cache of the OS
        // keeps the rest warm. Open time is dominated by recovery, not by this setting.
        let cfg = sled::Config::new()
            .path(path)
            .cache_capacity(512 * 1024 * 1024)
            // Every write flushes before it is answered; sled's own timer would only wake an
            // idle server twice a second.
            .flush_every_ms(None);
        let db = cfg.open().map_err(|e| open_error(path, e))?;
        let trees = T::ALL
            .iter()
            .map(|t| db.open_tree(t.name()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(io)?;
        let store = Store {
            path: path.to_path_buf(),
            db,
            trees,
            writer: std::sync::Mutex::new(()),
            commits: group::Committer::default(),
            audit_cache: audit_cache::AuditCache::default(),
            gate: std::sync::RwLock::new(()),
        };
        store.replay_journal()?;
        store.check_schema()?;
        // From now on the database may change: the status cache no longer speaks for it.
        let cache = figures::cache_path(path);
        if cache.exists() {
            remove_synced(&cache)?;
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn tree(&self, t: T) -> &Tree {
        &self.trees[t as usize]
    }

    /// Refuse a newer schema; on a fresh database write the schema and seed the catalogues
    /// in one transaction so Fields and Forms never answer empty.
    fn check_schema(&self) -> ApiResult<()> {
        match self.tree(T::Meta).get(SCHEMA_KEY).map_err(io)? {
            Some(v) => {
                let found = read_u32(&v).ok_or_else(|| Msg::Corrupt {
                    detail: "schema version".into(),
                })?;
                if found > SCHEMA_VERSION {
                    return Err(Msg::DbNewer {
                        found,
                        supported: SCHEMA_VERSION,
                    }
                    .into());
                }
                migrate::migrate(self, found)
            }
            None => {
                let mut tx = tx::Tx::new(self);
                tx.put(
                    T::Meta,
                    SCHEMA_KEY.to_vec(),
                    SCHEMA_VERSION.to_be_bytes().to_vec(),
                );
                tx.seed_catalogues()?;
                tx.commit()
            }
        }
    }

    /// Bytes on disk, as sled counts them.
    pub fn size_on_disk(&self) -> ApiResult<u64> {
        self.db.size_on_disk().map_err(io)
    }

    /// The journal of a large commit lives in a file beside the database, not in sled: a large
    /// value written into and removed from a tree would be read back by every later open.
    fn journal_path(&self) -> PathBuf {
        let mut name = self
            .path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".journal");
        self.path.with_file_name(name)
    }

    /// Write the journal file (synced, and its directory too), apply the writes key by key,
    /// flush sled, then remove the journal.
    pub(crate) fn apply_journalled(&self, writes: Journal) -> ApiResult<()> {
        let path = self.journal_path();
        write_synced(&path, &migrate::encode_journal(&writes))?;
        let _readers_wait = self.gate.write().unwrap_or_else(|e| e.into_inner());
        Self::apply(&self.trees, &writes)?;
        self.flush()?;
        remove_synced(&path)
    }

    fn apply(trees: &[Tree], writes: &Journal) -> ApiResult<()> {
        for (tree, ws) in trees.iter().zip(writes) {
            for (k, v) in ws {
                match v {
                    Some(v) => tree.insert(k.as_slice(), v.as_slice()).map_err(io)?,
                    None => tree.remove(k.as_slice()).map_err(io)?,
                };
            }
        }
        Ok(())
    }

    /// Finish a large commit that a crash interrupted. A journal whose checksum fails was
    /// cut short while being written, before any of its writes were applied: it is dropped.
    /// A journal left by an older dvk names the trees of its schema, which are applied as
    /// they were; the migration that follows brings them up to date.
    fn replay_journal(&self) -> ApiResult<()> {
        let path = self.journal_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(file_err(&path, e)),
        };
        if let Some((schema, writes)) = migrate::decode_journal(&bytes)? {
            let names = migrate::tree_names(schema).ok_or(Msg::DbNewer {
                found: schema,
                supported: SCHEMA_VERSION,
            })?;
            if writes.len() != names.len() {
                return Err(Msg::Corrupt {
                    detail: "journal".into(),
                }
                .into());
            }
            let trees = names
                .iter()
                .map(|n| self.db.open_tree(n))
                .collect::<Result<Vec<_>, _>>()
                .map_err(io)?;
            Self::apply(&trees, &writes)?;
            self.flush()?;
        }
        remove_synced(&path)
    }

    /// Wait while a large write is being applied.
    pub(crate) fn read_gate(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.gate.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn flush(&self) -> ApiResult<()> {
        self.db.flush().map(|_| ()).map_err(io)
    }

    pub(crate) fn get<R: Envelope>(&self, t: T, key: &[u8]) -> ApiResult<Option<R>> {
        match self.tree(t).get(key).map_err(io)? {
            Some(v) => Ok(Some(R::decode(&v)?)),
            None => Ok(None),
        }
    }

    /// Every record of a tree, in key order.
    pub(crate) fn all<R: Envelope>(&self, t: T) -> ApiResult<Vec<R>> {
        self.tree(t)
            .iter()
            .values()
            .map(|v| Ok(R::decode(&v.map_err(io)?)?))
            .collect()
    }

    pub(crate) fn counter(&self, key: &[u8]) -> ApiResult<i64> {
        Ok(self
            .tree(T::Counters)
            .get(key)
            .map_err(io)?
            .map(|v| keys::counter_value(&v))
            .unwrap_or(0))
    }

    /// Write a value into a tree outside any transaction, for tests that plant damage.
    #[doc(hidden)]
    pub fn plant_raw(&self, tree: &str, key: &[u8], value: Option<&[u8]>) -> ApiResult<()> {
        let t = T::ALL
            .iter()
            .find(|t| t.name() == tree)
            .ok_or_else(|| Msg::Other(format!("no tree {tree}")))?;
        match value {
            Some(v) => self.tree(*t).insert(key, v).map_err(io)?,
            None => self.tree(*t).remove(key).map_err(io)?,
        };
        self.flush()
    }

    /// Set the schema version directly, for tests of newer databases.
    #[doc(hidden)]
    pub fn plant_schema(&self, v: u32) -> ApiResult<()> {
        self.tree(T::Meta)
            .insert(SCHEMA_KEY, &v.to_be_bytes())
            .map_err(io)?;
        self.flush()
    }
}

fn read_u32(v: &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(v.try_into().ok()?))
}

/// sled 0.34.7 reports a held lock as `Error::Io(Other, "could not acquire lock on …")`
/// (an `flock` on the `db` file, which also conflicts inside one process).
fn open_error(path: &Path, e: sled::Error) -> ApiError {
    if let sled::Error::Io(ioe) = &e {
        let text = ioe.to_string();
        if text.contains("could not acquire lock") || ioe.kind() == std::io::ErrorKind::WouldBlock {
            return Msg::DbLocked {
                path: path.display().to_string(),
                socket: String::new(),
            }
            .into();
        }
    }
    ApiError::Msg(Msg::Io {
        detail: format!("{}: {e}", path.display()),
    })
}

/// The default catalogues, used by seeding and by `Load` of a dataset without them.
pub(crate) fn default_catalogues() -> (Vec<crate::domain::FieldDef>, Vec<crate::domain::AwardForm>)
{
    (codes::default_fields(), codes::default_forms())
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_asof;
#[cfg(test)]
mod tests_import;
#[cfg(test)]
mod tests_migrate;
#[cfg(test)]
mod tests_rights;
