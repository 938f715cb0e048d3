//! The only module that touches sled and bincode: trees, key encoding, versioned records,
//! indexes, counters, the audit log and transactions. [`Embedded`] answers every
//! [`crate::api::Request`] from a [`Store`].
//!
//! Every write is prepared in memory ([`tx::Tx`], an overlay over the trees), then applied
//! in one sled transaction over all trees and flushed before the answer. Writes are
//! serialised by a mutex, so the transaction never conflicts; reads go straight to sled.

mod audit_cache;
mod backup;
mod batch;
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
mod redo;
mod rights;
mod rollback;
mod snapshot;
mod spool;
mod tx;
mod undo;
mod window;
mod writes;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use sled::Tree;

pub use backup::{
    BACKUP_FORMAT, backup_file_time, decode_backup, encode_backup, encode_backup_at,
    write_backup_file,
};
pub use embedded::Embedded;
#[doc(hidden)]
pub use migrate::{Decoded as DecodedJournal, decode_journal};

/// The journal file of these writes, tree by tree (for tests of its format).
#[doc(hidden)]
pub fn encode_journal_of(writes: &[(T, Vec<KeyWrite>)]) -> Vec<u8> {
    let mut journal: Journal = vec![Vec::new(); T::ALL.len()];
    for (t, ws) in writes {
        journal[*t as usize].extend(ws.iter().cloned());
    }
    migrate::encode_journal(&journal)
}

use crate::api::{ApiError, ApiResult};
use crate::domain::{Msg, codes};
use records::Envelope;

/// The schema this binary writes; a database with a greater one is refused.
/// 2: check-ins stored by model, a few to a value; no separate index of models by unit.
pub const SCHEMA_VERSION: u32 = 4;
const SCHEMA_KEY: &[u8] = b"schema";

/// What a tree holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The schema version and other facts about the database itself.
    Meta,
    /// Records as users entered them: what a [`crate::api::Dataset`] carries.
    Record,
    /// Figures and indexes derived from records: rebuilt by `Load` and compared by `Check`.
    Derived,
    /// Kept beside the records (the audit log's index, what was undone): neither entered
    /// nor rebuilt.
    Log,
}

/// The one list of trees: each tree's variant, its name in sled and in journals, and its kind.
/// Every other list of trees is derived from it ([`T::ALL`], [`T::name`], [`T::kind`]); a tree
/// is added here, at the end of the records or the derived trees, with a schema step (see
/// `docs/SCHEMA.md`). Names are never reused: journals and old databases name trees by them.
macro_rules! trees {
    ($($t:ident = $name:literal, $kind:ident;)*) => {
        /// Every tree. The order is the order of `Store::trees` and of the lists of a `Journal`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum T {
            $($t,)*
        }

        impl T {
            pub const ALL: [T; [$($name),*].len()] = [$(T::$t),*];

            pub const fn name(self) -> &'static str {
                match self {
                    $(T::$t => $name,)*
                }
            }

            pub const fn kind(self) -> Kind {
                match self {
                    $(T::$t => Kind::$kind,)*
                }
            }
        }
    };
}

trees! {
    Meta = "meta", Meta;
    Periods = "periods", Record;
    Fields = "fields", Record;
    Forms = "forms", Record;
    Bodies = "bodies", Record;
    Units = "units", Record;
    Models = "models", Record;
    CheckIns = "model_checkins", Record;
    Awards = "awards", Record;
    Replications = "replications", Record;
    Audit = "audit", Record;
    Counters = "counters", Derived;
    Stats = "model_stats", Derived;
    UnitCode = "idx_unit_code", Derived;
    ModelCode = "idx_model_code", Derived;
    UnitChildren = "idx_unit_children", Derived;
    ModelsByPeriod = "idx_models_by_period", Derived;
    AwardsByModel = "idx_awards_by_model", Derived;
    ReplsByModel = "idx_replications_by_model", Derived;
    ReplsByUnit = "idx_replications_by_unit", Derived;
    Overdue = "idx_overdue", Derived;
    AuditByRecord = "idx_audit_by_record", Log;
    Undone = "undone", Log;
}

impl T {
    /// Trees derived from records: rebuilt by `Load` and compared by `Check`.
    pub fn is_derived(self) -> bool {
        self.kind() == Kind::Derived
    }

    /// The trees of records, in order: what a dataset (backup, export) is read from.
    pub fn records() -> Vec<T> {
        T::ALL
            .into_iter()
            .filter(|t| t.kind() == Kind::Record)
            .collect()
    }

    /// The tree of this name.
    pub fn named(name: &str) -> Option<T> {
        T::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl Drop for Store {
    /// Leave the status cache for `dvk status` on the closed database (see [`figures`]).
    /// A cache is only a convenience: if it cannot be written, status opens the database.
    fn drop(&mut self) {
        if self.journal_path().exists()
            || self.halted.load(Ordering::SeqCst)
            || self.identity == [0; 16]
        {
            return;
        }
        let open = self.sled.read().map(|h| h.is_some()).unwrap_or(false);
        if !open {
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
            let bytes = figures::encode_cache(&self.identity, &f);
            if write_synced(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
    }
}

/// The sled database and its trees, in the order of `T::ALL`.
struct Sled {
    db: sled::Db,
    trees: Vec<Tree>,
}

/// An open database.
pub struct Store {
    path: PathBuf,
    /// sled's cache limit, kept for reopening ([`Store::ready`]).
    cache_bytes: u64,
    /// `None` only while it is being reopened after a failed write (see [`Store::ready`]).
    sled: std::sync::RwLock<Option<Sled>>,
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
    /// Whole-database reads in progress, which every commit tells what it changes.
    pub(crate) snapshots: snapshot::Snapshots,
    /// The tables' orders kept for windows, which every commit tells what it changes.
    pub(crate) views: window::Views,
    /// A write failed below its transaction (a full disk, an I/O error): sled refuses every
    /// later write once it has met one, and what it holds in memory may be more than what
    /// reached the disk; a journal may be half applied. Nothing is served until the
    /// database has been reopened from the disk and its journal finished ([`Store::ready`]).
    halted: AtomicBool,
    /// This session's identity, written into the database directory at open and into the
    /// status cache at close (see [`figures`]); all zero when it could not be written, and
    /// then no cache is left.
    identity: [u8; 16],
    /// Tests: the number of keys a journal's apply writes before it fails as on a full disk.
    #[cfg(test)]
    pub(crate) fail_apply_after: std::sync::atomic::AtomicUsize,
    /// Tests: a streamed import stops before writing this part (0 = the first).
    #[cfg(test)]
    pub(crate) fail_import_after_parts: std::sync::atomic::AtomicUsize,
    /// Tests: a streamed import that stops leaves its undo log, as a crash would.
    #[cfg(test)]
    pub(crate) keep_import_log: AtomicBool,
}

/// The writes of one large commit: per tree (by index in `T::ALL`), keys with their new value
/// or `None` for a removal. Applying it twice gives the same result, so replay is safe. The
/// journal file names the trees (see [`migrate::encode_journal`]).
pub(crate) type Journal = Vec<Vec<KeyWrite>>;

/// One key's new value, or `None` for its removal.
pub type KeyWrite = (Vec<u8>, Option<Vec<u8>>);

/// The writes of one tree, by the tree's name.
pub(crate) type TreeWrites<'a> = (&'a str, &'a [KeyWrite]);

/// An error of the system on a file, as one line naming the file: a full disk (or quota) is
/// said in plain words.
pub fn file_msg(path: &Path, e: &std::io::Error) -> Msg {
    if is_disk_full(e) {
        return Msg::DiskFull {
            path: path.display().to_string(),
        };
    }
    Msg::Io {
        detail: format!("{}: {e}", path.display()),
    }
}

fn is_disk_full(e: &std::io::Error) -> bool {
    use nix::errno::Errno;
    matches!(
        e.raw_os_error().map(Errno::from_raw),
        Some(Errno::ENOSPC | Errno::EDQUOT)
    ) || e.kind() == std::io::ErrorKind::StorageFull
        || e.kind() == std::io::ErrorKind::QuotaExceeded
}

pub(crate) fn file_err(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::Msg(file_msg(path, &e))
}

pub(crate) fn sync_dir(path: &Path) -> ApiResult<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| file_err(dir, e))
}

/// Create (or truncate) a file beside the database: readable by its owner and group only.
pub(crate) fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // A file left by an earlier attempt would keep its mode.
    let _ = std::fs::remove_file(path);
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o640)
        .open(path)
}

/// Write a file (`0640`) and make it durable (its content and its name).
fn write_synced(path: &Path, bytes: &[u8]) -> ApiResult<()> {
    use std::io::Write;
    let mut f = create_private(path).map_err(|e| file_err(path, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| file_err(path, e))?;
    sync_dir(path)
}

pub(crate) fn remove_synced(path: &Path) -> ApiResult<()> {
    std::fs::remove_file(path).map_err(|e| file_err(path, e))?;
    sync_dir(path)
}

/// Files dvk and sled create are for the owner and the group only (`0640`, directories
/// `0750`), whatever the umask of the process; a stricter umask stays in force.
pub fn restrict_umask() {
    use nix::sys::stat::{Mode, umask};
    // Meanwhile the umask is 027, never looser than what follows.
    let old = umask(Mode::from_bits_truncate(0o027));
    umask(old | Mode::from_bits_truncate(0o027));
}

/// A sled error as a message. The path of the database is filled in by [`Store::locate`]
/// (or by `open_error`): a full disk and damaged data are said in plain words, never as
/// sled's own text.
fn io(e: sled::Error) -> ApiError {
    sled_msg("", e).into()
}

fn sled_msg(path: &str, e: sled::Error) -> Msg {
    match e {
        sled::Error::Io(ioe) if is_disk_full(&ioe) => Msg::DiskFull { path: path.into() },
        sled::Error::Io(ioe) => Msg::Io {
            detail: if path.is_empty() {
                ioe.to_string()
            } else {
                format!("{path}: {ioe}")
            },
        },
        sled::Error::Corruption { .. } => Msg::DbDamaged { path: path.into() },
        sled::Error::CollectionNotFound(_) => Msg::DbDamaged { path: path.into() },
        sled::Error::Unsupported(what) | sled::Error::ReportableBug(what) => Msg::Io {
            detail: if path.is_empty() {
                what
            } else {
                format!("{path}: {what}")
            },
        },
    }
}

/// sled's cache is an upper bound, filled only as pages are read or written: `dvk status`
/// reads a few hundred keys and stays small. sled counts it loosely — through `dvk serve`, an
/// import of 1,000,000 models took the server to 1,061 MB with 512 MiB of cache, 968 MB with
/// 256 MiB, 592 MB with 128 MiB and 405 MB with 64 MiB — while the tables a server answers
/// come from its window index, not from the cache: with 128 MiB, windows of 1,000,000 models
/// take 1–2 ms more (`cargo bench --bench tui_million`) and saves of 100,000 the same.
/// Open time is dominated by recovery, not by this setting.
const CACHE_BYTES: u64 = 128 * 1024 * 1024;

fn open_sled(path: &Path, cache_bytes: u64) -> ApiResult<Sled> {
    let cfg = sled::Config::new()
        .path(path)
        .cache_capacity(cache_bytes)
        // Every write flushes before it is answered; sled's own timer would only wake an
        // idle server twice a second.
        .flush_every_ms(None);
    let db = cfg.open().map_err(|e| open_error(path, e))?;
    let trees = T::ALL
        .iter()
        .map(|t| db.open_tree(t.name()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| open_error(path, e))?;
    Ok(Sled { db, trees })
}

/// 16 bytes from the system's random source.
fn random_id() -> [u8; 16] {
    use std::io::Read;
    let mut id = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut id));
    if from_os.is_err() {
        use std::hash::{BuildHasher, Hasher};
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        for (i, half) in id.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(now);
            h.write_u32(std::process::id());
            h.write_usize(i);
            half.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    id
}

impl Store {
    /// Open (creating on first use, parent directories included) the database at `path`.
    pub fn open(path: &Path) -> ApiResult<Store> {
        Store::open_with_cache(path, CACHE_BYTES)
    }

    /// [`Store::open`] with sled's cache limited to `cache_bytes`: the interface's tests open
    /// a small database per test, where the full cache would only cost memory.
    pub fn open_with_cache(path: &Path, cache_bytes: u64) -> ApiResult<Store> {
        restrict_umask();
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o750)
                .create(parent)
                .map_err(|e| file_err(parent, e))?;
        }
        let sled = open_sled(path, cache_bytes)?;
        // A database dvk opened before has its identity file; if sled now finds no schema in
        // it, sled has lost its data (a damaged log reads back as empty): stop before
        // anything is written over it.
        let fresh = sled.trees[T::Meta as usize]
            .get(SCHEMA_KEY)
            .map_err(|e| open_error(path, e))?
            .is_none();
        if fresh && figures::identity_path(path).exists() {
            return Err(Msg::DbDamaged {
                path: path.display().to_string(),
            }
            .into());
        }
        // From now on the database may change: a new identity, then no status cache, both
        // on disk before anything else is written (see `figures`). If the identity cannot be
        // written (a full disk), this session leaves no cache. A new database has no cache
        // yet; its identity is written once it holds its schema.
        let identity = random_id();
        let written = !fresh && figures::write_identity(path, &identity).is_ok();
        let cache = figures::cache_path(path);
        if cache.exists() {
            remove_synced(&cache)?;
        }
        let mut store = Store {
            path: path.to_path_buf(),
            cache_bytes,
            sled: std::sync::RwLock::new(Some(sled)),
            writer: std::sync::Mutex::new(()),
            commits: group::Committer::default(),
            audit_cache: audit_cache::AuditCache::default(),
            gate: std::sync::RwLock::new(()),
            snapshots: snapshot::Snapshots::default(),
            views: window::Views::default(),
            halted: AtomicBool::new(false),
            identity: if written { identity } else { [0; 16] },
            #[cfg(test)]
            fail_apply_after: std::sync::atomic::AtomicUsize::new(usize::MAX),
            #[cfg(test)]
            fail_import_after_parts: std::sync::atomic::AtomicUsize::new(usize::MAX),
            #[cfg(test)]
            keep_import_log: AtomicBool::new(false),
        };
        store.replay_journal().map_err(|e| store.locate(e))?;
        store.check_schema().map_err(|e| store.locate(e))?;
        if fresh && figures::write_identity(path, &identity).is_ok() {
            store.identity = identity;
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn handles(&self) -> std::sync::RwLockReadGuard<'_, Option<Sled>> {
        self.sled.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn tree(&self, t: T) -> Tree {
        self.handles()
            .as_ref()
            .expect("the database is open outside its reopening")
            .trees[t as usize]
            .clone()
    }

    pub(crate) fn db(&self) -> sled::Db {
        self.handles()
            .as_ref()
            .expect("the database is open outside its reopening")
            .db
            .clone()
    }

    /// Name this database in a message about it that does not name a file yet.
    pub(crate) fn locate(&self, e: ApiError) -> ApiError {
        let here = || self.path.display().to_string();
        match e {
            ApiError::Msg(Msg::DiskFull { path }) if path.is_empty() => {
                Msg::DiskFull { path: here() }.into()
            }
            ApiError::Msg(Msg::DbDamaged { path }) if path.is_empty() => {
                Msg::DbDamaged { path: here() }.into()
            }
            other => other,
        }
    }

    /// A write below the transaction failed: stop serving until [`Store::ready`] reopens.
    /// A write failed below its transaction and the store waits to be reopened.
    pub(crate) fn is_halted(&self) -> bool {
        self.halted.load(Ordering::SeqCst)
    }

    pub(crate) fn halt(&self, e: ApiError) -> ApiError {
        self.halted.store(true, Ordering::SeqCst);
        self.locate(e)
    }

    /// Before a request: after a failed write, reopen the database from the disk and finish
    /// its journal. While that fails (the disk is still full, the journal is damaged) every
    /// request gets the reason; once it succeeds the server goes on by itself.
    pub(crate) fn ready(&self) -> ApiResult<()> {
        if !self.halted.load(Ordering::SeqCst) {
            return Ok(());
        }
        let _w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let _readers_wait = self.gate.write().unwrap_or_else(|e| e.into_inner());
        if !self.halted.load(Ordering::SeqCst) {
            return Ok(());
        }
        {
            let mut h = self.sled.write().unwrap_or_else(|e| e.into_inner());
            *h = None;
            // sled's own threads may hold the closed database's lock for a moment.
            let mut tries = 0;
            *h = Some(loop {
                match open_sled(&self.path, self.cache_bytes) {
                    Err(ApiError::Msg(Msg::DbLocked { .. })) if tries < 150 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    other => break other?,
                }
            });
        }
        self.replay_journal().map_err(|e| self.locate(e))?;
        self.views.note(window::Changes::all());
        self.halted.store(false, Ordering::SeqCst);
        Ok(())
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
        self.db().size_on_disk().map_err(io)
    }

    /// The journal of a large commit lives in a file beside the database, not in sled: a large
    /// value written into and removed from a tree would be read back by every later open.
    fn journal_path(&self) -> PathBuf {
        journal_path(&self.path)
    }

    /// Write the journal file (synced, and its directory too), mark it as being applied,
    /// apply the writes key by key, flush sled, then remove the journal. Until the journal
    /// is marked nothing has changed, and a failure removes it; after that a failure leaves it
    /// for [`Store::ready`] (or the next open) to finish, and halts the store meanwhile.
    pub(crate) fn apply_journalled(&self, writes: Journal) -> ApiResult<()> {
        let path = self.journal_path();
        let written = write_synced(&path, &migrate::encode_journal(&writes))
            .and_then(|_| migrate::mark_applying(&path).map_err(|e| file_err(&path, e)));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
        let _readers_wait = self.gate.write().unwrap_or_else(|e| e.into_inner());
        let named: Vec<TreeWrites> = T::ALL
            .iter()
            .zip(&writes)
            .filter(|(_, ws)| !ws.is_empty())
            .map(|(t, ws)| (t.name(), ws.as_slice()))
            .collect();
        self.apply(&named)
            .and_then(|_| self.flush())
            .and_then(|_| remove_synced(&path))
            .map_err(|e| self.halt(e))
    }

    pub(crate) fn apply(&self, writes: &[TreeWrites]) -> ApiResult<()> {
        #[cfg(test)]
        let mut budget = self.fail_apply_after.load(Ordering::SeqCst);
        let db = self.db();
        for (name, ws) in writes {
            let tree = db.open_tree(name).map_err(io)?;
            for (k, v) in ws.iter() {
                #[cfg(test)]
                {
                    if budget == 0 {
                        return Err(io(sled::Error::Io(std::io::Error::from_raw_os_error(
                            nix::errno::Errno::ENOSPC as i32,
                        ))));
                    }
                    budget -= 1;
                    // Counted across applies: a streamed import applies part by part.
                    if budget < usize::MAX / 2 {
                        self.fail_apply_after.store(budget, Ordering::SeqCst);
                    }
                }
                match v {
                    Some(v) => tree.insert(k.as_slice(), v.as_slice()).map_err(io)?,
                    None => tree.remove(k.as_slice()).map_err(io)?,
                };
            }
        }
        Ok(())
    }

    /// Finish a large commit that a crash (or a failed write) interrupted. A journal cut short
    /// while being written was never applied: it is dropped. A journal that fails its
    /// checksum after its apply had begun cannot be finished: the open stops and says so. A
    /// journal left by an older dvk lists the trees of its schema by position; they are
    /// applied as they were, and the migration that follows brings them up to date.
    fn replay_journal(&self) -> ApiResult<()> {
        self.replay_forward()?;
        rollback::replay(self)
    }

    fn replay_forward(&self) -> ApiResult<()> {
        let path = self.journal_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(file_err(&path, e)),
        };
        match migrate::decode_journal(&bytes) {
            migrate::Decoded::Whole(writes) => {
                // From here on it may be half applied: a later damage must not pass for a cut.
                if migrate::is_named(&bytes) && !migrate::is_applying(&bytes) {
                    migrate::mark_applying(&path).map_err(|e| file_err(&path, e))?;
                }
                let named: Vec<TreeWrites> = writes
                    .iter()
                    .map(|(n, ws)| (n.as_str(), ws.as_slice()))
                    .collect();
                self.apply(&named).map_err(|e| self.halt(e))?;
                self.flush()?;
            }
            migrate::Decoded::CutShort => {}
            migrate::Decoded::Newer(found) => {
                return Err(Msg::DbNewer {
                    found,
                    supported: SCHEMA_VERSION,
                }
                .into());
            }
            migrate::Decoded::Damaged => {
                return Err(Msg::JournalDamaged {
                    path: path.display().to_string(),
                }
                .into());
            }
        }
        remove_synced(&path)
    }

    /// Wait while a large write is being applied.
    pub(crate) fn read_gate(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.gate.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn flush(&self) -> ApiResult<()> {
        let h = self.handles();
        let Some(h) = h.as_ref() else {
            return Err(self.halt(
                Msg::DiskFull {
                    path: String::new(),
                }
                .into(),
            ));
        };
        h.db.flush().map(|_| ()).map_err(|e| self.halt(io(e)))
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
        let t = T::named(tree).ok_or_else(|| Msg::Other(format!("no tree {tree}")))?;
        match value {
            Some(v) => self.tree(t).insert(key, v).map_err(io)?,
            None => self.tree(t).remove(key).map_err(io)?,
        };
        self.views.note(window::Changes::all());
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

/// `<db>.journal`, beside the database directory.
pub(crate) fn journal_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".journal");
    db.with_file_name(name)
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
    sled_msg(&path.display().to_string(), e).into()
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
mod tests_batch;
#[cfg(test)]
mod tests_files;
#[cfg(test)]
mod tests_import;
#[cfg(test)]
mod tests_migrate;
#[cfg(test)]
mod tests_rights;
#[cfg(test)]
mod tests_stream;
#[cfg(test)]
mod tests_window;
#[cfg(test)]
mod tests_workflow;
