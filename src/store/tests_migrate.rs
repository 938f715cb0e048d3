//! A database written by the first schema (`tests/fixtures/db_v1`: the demo period, then an
//! import of three check-ins, by user `canbo`) opens migrated, and so does one whose migration
//! or whose large commit was cut short. `tests/cli.rs` compares its export with the one the
//! first schema made (`tests/fixtures/db_v1_export`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::records::{CheckInChunk, encode_raw};
use super::*;
use crate::api::*;
use crate::domain::*;

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/db_v1");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    std::fs::create_dir_all(&db).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), db.join(e.file_name())).unwrap();
    }
    (dir, db)
}

/// sled's own threads may hold a closed database's lock for a moment.
fn raw_open(path: &Path) -> sled::Db {
    for _ in 0..100 {
        if let Ok(db) = sled::open(path) {
            return db;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    sled::open(path).unwrap()
}

fn open(path: &Path) -> Store {
    super::tests::reopen(path).unwrap()
}

fn schema(s: &Store) -> u32 {
    read_u32(&s.tree(T::Meta).get(SCHEMA_KEY).unwrap().unwrap()).unwrap()
}

fn tree_names(s: &Store) -> Vec<String> {
    s.db()
        .tree_names()
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

fn checkin_count(be: &Embedded) -> u64 {
    let r = Api(be).check().unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    r.records
        .iter()
        .find(|(n, _)| n == "checkins")
        .map(|(_, c)| *c)
        .unwrap()
}

#[test]
fn first_schema_is_migrated_on_open() {
    let (_dir, path) = fixture();
    {
        let raw = raw_open(&path);
        assert_eq!(raw.open_tree("checkins").unwrap().len(), 202);
    }
    let store = Arc::new(open(&path));
    assert_eq!(schema(&store), SCHEMA_VERSION);
    let names = tree_names(&store);
    for old in ["checkins", "idx_checkins_by_model", "idx_models_by_unit"] {
        assert!(!names.iter().any(|n| n == old), "{old} still there");
    }
    let be = Embedded::new(store.clone(), "canbo".into());
    assert_eq!(checkin_count(&be), 202);
    // DH-01's check-ins, the imported one among them, in date order, in one chunk.
    let id = store.model_id_by_code("DH-01").unwrap();
    let det = Api(&be).model(id).unwrap();
    let dates: Vec<_> = det.checkins.iter().map(|c| c.date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(det.checkins.iter().any(|c| c.by == "Đoàn kiểm tra số 3"));
    let chunk: CheckInChunk = store
        .get(T::CheckIns, &keys::checkin_chunk(id, 0))
        .unwrap()
        .unwrap();
    assert_eq!(chunk.0.len(), det.checkins.len());
    // The import the first schema recorded is undone by check-in ids alone.
    let (record, action) = Api(&be).undo().unwrap();
    assert_eq!(action, Action::Import, "{record:?}");
    assert_eq!(checkin_count(&be), 199);
    let det = Api(&be).model(id).unwrap();
    assert!(!det.checkins.iter().any(|c| c.by == "Đoàn kiểm tra số 3"));
    drop(be);
    drop(store);
    // A second open has nothing to migrate and changes nothing.
    let store = Arc::new(open(&path));
    assert_eq!(checkin_count(&Embedded::new(store, "canbo".into())), 199);
}

#[test]
fn a_migration_cut_short_starts_over() {
    let (_dir, path) = fixture();
    {
        // What a crash part-way leaves: some chunks written, the schema still 1.
        let raw = raw_open(&path);
        let t = raw.open_tree(T::CheckIns.name()).unwrap();
        t.insert(
            keys::checkin_chunk(999, 0),
            CheckInChunk::default().encode(),
        )
        .unwrap();
        raw.flush().unwrap();
    }
    let store = Arc::new(open(&path));
    assert_eq!(schema(&store), SCHEMA_VERSION);
    assert_eq!(
        checkin_count(&Embedded::new(store.clone(), "canbo".into())),
        202
    );
    drop(store);
    {
        // A crash after the new schema was recorded, before the old trees were dropped.
        let raw = raw_open(&path);
        raw.open_tree("idx_checkins_by_model")
            .unwrap()
            .insert(b"x", b"")
            .unwrap();
        raw.flush().unwrap();
    }
    let store = open(&path);
    assert!(
        !tree_names(&store)
            .iter()
            .any(|n| n == "idx_checkins_by_model")
    );
}

#[test]
fn a_journal_of_the_first_schema_is_replayed_then_migrated() {
    let (_dir, path) = fixture();
    let unit_id = {
        let raw = raw_open(&path);
        let (k, v) = raw.open_tree("units").unwrap().first().unwrap().unwrap();
        let mut u = Unit::decode(&v).unwrap();
        u.name = "Chi bộ Khuổi Phầy".into();
        // The first schema's journal: its 25 trees by position (units is the sixth), a CRC-32
        // and a 4-byte length ahead of the body.
        let mut journal: Journal = vec![Vec::new(); 25];
        journal[5].push((k.to_vec(), Some(u.encode())));
        let body = encode_raw(&journal);
        let mut bytes = crc32fast::hash(&body).to_be_bytes().to_vec();
        bytes.extend_from_slice(&(body.len() as u32).to_be_bytes());
        bytes.extend_from_slice(&body);
        let mut name = path.file_name().unwrap().to_os_string();
        name.push(".journal");
        std::fs::write(path.with_file_name(name), bytes).unwrap();
        u.id
    };
    let store = Arc::new(open(&path));
    assert!(!store.journal_path().exists());
    let be = Embedded::new(store.clone(), "canbo".into());
    let u = Api(&be)
        .units()
        .unwrap()
        .into_iter()
        .find(|u| u.id == unit_id)
        .unwrap();
    assert_eq!(u.name, "Chi bộ Khuổi Phầy");
    assert_eq!(checkin_count(&be), 202);
}

/// A database of schema 2 kept stats without reported actuals and no quality counters: on
/// open both are rebuilt, so progress follows the check-ins and `check` finds nothing.
#[test]
fn second_schema_gains_reported_actuals_and_quality_counters() {
    use super::tests::{d, fresh, inspection};
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    let mut m = f.approved("M1", u);
    m.criteria = vec![Criterion {
        name: "Hộ".into(),
        measure: "hộ".into(),
        target: 40.0,
        actual: 4.0,
        due: None,
    }];
    f.api().save(Request::SaveModel(m.clone())).unwrap();
    let mut c = inspection(m.id, d(2019, 6, 1));
    c.actuals = vec![(0, 30.0)];
    f.api().save(Request::SaveCheckIn(c)).unwrap();
    let path = {
        let store = f.be.store();
        let path = store.path().to_path_buf();
        // What schema 2 wrote: V1 stats (no reported actuals), no quality counters.
        #[derive(serde::Serialize)]
        enum Old {
            V1((Option<chrono::NaiveDate>, u32, u32, u32)),
        }
        let old = encode_raw(&Old::V1((Some(d(2019, 6, 1)), 1, 0, 0)));
        store
            .plant_raw("model_stats", &keys::id(m.id), Some(&old))
            .unwrap();
        let k = keys::counter_prefix("2017-2020", keys::tag::NO_CONTENT);
        store.plant_raw("counters", &k, None).unwrap();
        store.plant_schema(2).unwrap();
        assert!(!Api(&f.be).check().unwrap().problems.is_empty());
        path
    };
    drop(f.be);
    let store = Arc::new(open(&path));
    assert_eq!(schema(&store), SCHEMA_VERSION);
    let be = Embedded::new(store, "canbo".into());
    let r = Api(&be).check().unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let s = Api(&be).status(None, d(2020, 1, 1)).unwrap();
    assert_eq!((s.without_criteria, s.without_content), (0, 1));
    let row = Api(&be).model_rows(None, d(2020, 1, 1)).unwrap().remove(0);
    assert_eq!(row.progress, Some(0.75));
}

/// The migrations are one list: a step from every schema before the current one, in order,
/// each from the schema before it. Each is tested from a database of its schema: 1 from
/// `tests/fixtures/db_v1` (`first_schema_is_migrated_on_open`), 2 from planted V1 stats
/// (`second_schema_gains_reported_actuals_and_quality_counters`), 3 from planted counters
/// (`tests_asof::third_schema_gains_the_events_of_each_period`).
#[test]
fn the_steps_lead_from_the_first_schema_to_the_current_one() {
    let froms: Vec<u32> = migrate::STEPS.iter().map(|(from, _)| *from).collect();
    assert_eq!(froms, (1..SCHEMA_VERSION).collect::<Vec<_>>());
}

/// The one list of trees: names are unique, records come before what is derived from them,
/// and a dataset is read from exactly the trees of records.
#[test]
fn trees_are_listed_once() {
    let names: std::collections::BTreeSet<&str> = T::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(names.len(), T::ALL.len());
    for (i, t) in T::ALL.iter().enumerate() {
        assert_eq!(*t as usize, i);
        assert_eq!(T::named(t.name()), Some(*t));
    }
    assert_eq!(T::named("checkins"), None, "a retired tree");
    let records: Vec<&str> = T::records().iter().map(|t| t.name()).collect();
    assert_eq!(
        records.join(" "),
        "periods fields forms bodies units models model_checkins awards replications audit"
    );
    // Schema 2 and later journals list the current trees; the first schema's differ.
    let all: Vec<&str> = T::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(migrate::tree_names(SCHEMA_VERSION).unwrap(), all);
    assert_eq!(migrate::tree_names(1).unwrap().len(), 25);
}
