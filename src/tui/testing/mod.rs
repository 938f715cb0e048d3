//! The records the interface's tests, snapshots and benchmarks run on, loaded into the real
//! store: a database in a temporary directory, with a small cache, answering through
//! [`Embedded`] as the program opened on its own database does. Counting, validation, undo
//! and history are therefore the store's own. [`sample`] is a period shaped like the demo
//! (48 units, 26 + 24 models, 13 awards, some overdue); [`generated`] makes any number of
//! models for performance checks.
//!
//! The interface is shown as of [`today`], 20/10/2020. The store's own today (used only to
//! refuse check-ins and awards dated after it) stays the real date or `DVK_TODAY`: every date
//! of the sample is before both.

mod sample;

pub use sample::{generated, generated_dataset, sample, sample_dataset};

use std::sync::Arc;

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
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Store::open_with_cache(&dir.path().join("db"), CACHE_BYTES)
            .expect("a new database opens");
        let be = Embedded::new(Arc::new(store), USER.into());
        Api(&be).load(d, false).expect("the sample loads");
        StoreBackend { be, _dir: dir }
    }

    /// Every record as held now (tests compare whole records after undo).
    pub fn dataset(&self) -> Dataset {
        Api(&self.be).dataset().expect("the dataset reads")
    }
}

impl Backend for StoreBackend {
    fn call(&self, req: Request) -> ApiResult<Response> {
        self.be.call(req)
    }
}
