//! The records the interface's tests, snapshots and benchmarks run on, loaded into the real
//! store: a database in a temporary directory, with a small cache, answering through
//! [`Embedded`] as the program opened on its own database does. Counting, validation, undo
//! and history are therefore the store's own. [`sample`] is a period shaped like the demo
//! (48 units, 26 + 24 models, 13 awards, some overdue); [`generated`] makes any number of
//! models for performance checks.
//!
//! Loading takes far longer than opening, and many tests start from the same sample: the
//! sample is loaded once per test program and each test opens its own copy of the closed
//! database's files.
//!
//! The interface is shown as of [`today`], 20/10/2020. The store's own today (used only to
//! refuse check-ins and awards dated after it) stays the real date or `DVK_TODAY`: every date
//! of the sample is before both.

mod sample;

pub use sample::{generated, generated_dataset, sample, sample_dataset};

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use crate::api::*;
use crate::store::{Embedded, Store};

/// sled's cache for a test's database: the sample is a few hundred records.
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// The one user, the database's admin.
pub const USER: &str = "canbo";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The day the sample is reported on (the demo's 20/10/2020).
pub fn today() -> NaiveDate {
    date(2020, 10, 20)
}

/// A store in a temporary directory, removed when this is dropped.
pub struct StoreBackend {
    // Declared first so the store is closed before its directory is removed.
    be: Embedded,
    _dir: tempfile::TempDir,
}

impl StoreBackend {
    /// A new database holding `d`, loaded as `dvk load` loads a dataset.
    pub fn new(d: Dataset) -> Self {
        let dir = temp_dir();
        let be = open(&dir.path().join("db"));
        Api(&be).load(d, false).expect("the dataset loads");
        StoreBackend { be, _dir: dir }
    }

    /// A new database with these files (as [`files_of`] read them).
    fn copy(files: &[(PathBuf, Vec<u8>)]) -> Self {
        let dir = temp_dir();
        let db = dir.path().join("db");
        for (rel, bytes) in files {
            let path = db.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("a directory in the temporary one");
            }
            std::fs::write(&path, bytes).expect("a file in the temporary directory");
        }
        StoreBackend {
            be: open(&db),
            _dir: dir,
        }
    }

    /// Every record as held now (tests compare whole records after undo).
    pub fn dataset(&self) -> Dataset {
        Api(&self.be).dataset().expect("the dataset reads")
    }
}

/// A temporary directory, in memory (`/dev/shm`) where the system has one: every write is
/// flushed before it is answered, and a flush to memory costs next to nothing.
fn temp_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().expect("a temporary directory")
}

fn open(db: &Path) -> Embedded {
    let store = Store::open_with_cache(db, CACHE_BYTES).expect("the database opens");
    Embedded::new(Arc::new(store), USER.into())
}

/// The files of a closed database holding `d`, by path inside its directory; the database
/// itself is removed.
fn files_of(d: Dataset) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).expect("the database's directory reads") {
            let path = e.expect("a directory entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = std::fs::read(&path).expect("the database's file reads");
                let rel = path.strip_prefix(root).expect("under the database");
                out.push((rel.to_path_buf(), bytes));
            }
        }
    }
    let made = StoreBackend::new(d);
    let db = made._dir.path().join("db");
    let StoreBackend { be, _dir } = made;
    drop(be);
    let mut out = vec![];
    walk(&db, &db, &mut out);
    out
}

/// The sample's database files, loaded once per test program.
fn sample_files() -> &'static [(PathBuf, Vec<u8>)] {
    static FILES: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| files_of(sample_dataset()))
}

impl Backend for StoreBackend {
    fn call(&self, req: Request) -> ApiResult<Response> {
        self.be.call(req)
    }
}
