//! Imports of files larger than a part: read, checked and written part by part, still all
//! rows or none, and put back whole after a crash between parts.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::tests::{Fx, d, fresh, reopen};
use super::*;
use crate::api::*;
use crate::csvio::{ImportFailure, ImportKind, run_import_in_parts, run_import_located};
use crate::domain::*;

/// Small parts, so that a file of a few hundred rows makes many.
const PART: usize = 2 << 10;

fn models_csv(n: usize) -> String {
    let mut s = String::from("code,unit_code,kind,title,field,period,registered_on,status\n");
    for i in 0..n {
        s.push_str(&format!(
            "MH-{i:05},CB-01,collective,\"Mô hình {i}, dân vận khéo\",economy,2021-2025,2021-03-01,approved\n"
        ));
    }
    s
}

fn checkins_csv(models: usize, per_model: usize) -> String {
    let mut s = String::from("model_code,date,kind,by\n");
    for i in 0..models {
        for k in 0..per_model {
            let date = d(2021, 4, 1) + chrono::Days::new(k as u64);
            s.push_str(&format!("MH-{i:05},{date},inspection,Đoàn kiểm tra\n"));
        }
    }
    s
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn in_parts(fx: &Fx, kind: ImportKind, path: &Path) -> Result<(u64, u64), ImportFailure> {
    run_import_in_parts(&fx.api(), kind, path, false, &|_, _| {}, PART).map(|(r, s, _)| (r, s))
}

/// The models stored (the period exists only once some are).
fn collective(api: &Api<'_>) -> ApiResult<u64> {
    Ok(api.dataset()?.models.len() as u64)
}

type Content = (
    Vec<(String, Id, String, RegStatus)>,
    Vec<(Id, chrono::NaiveDate)>,
);

/// Models by code with their unit, period and status, and the check-ins by model and date.
fn content(api: &Api<'_>) -> Content {
    let ds = api.dataset().unwrap();
    let mut m: Vec<_> = ds
        .models
        .iter()
        .map(|m| (m.code.clone(), m.unit, m.period.clone(), m.status))
        .collect();
    m.sort();
    let mut c: Vec<_> = ds.checkins.iter().map(|c| (c.model, c.date)).collect();
    c.sort();
    (m, c)
}

#[test]
fn a_file_of_many_parts_imports_as_the_same_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let models = write(dir.path(), "models.csv", &models_csv(300));
    let checkins = write(dir.path(), "checkins.csv", &checkins_csv(300, 3));
    assert!(std::fs::metadata(&models).unwrap().len() > 10 * PART as u64);

    let whole = fresh();
    whole.unit("CB-01", "Chi bộ 01", None);
    let parted = fresh();
    parted.unit("CB-01", "Chi bộ 01", None);
    for (kind, path, rows) in [
        (ImportKind::Models, &models, 300),
        (ImportKind::CheckIns, &checkins, 900),
    ] {
        let (r, s, _) = run_import_located(&whole.api(), kind, path, false, &|_, _| {}).unwrap();
        assert_eq!((r, s), (rows, 0));
        assert_eq!(in_parts(&parted, kind, path).unwrap(), (rows, 0));
    }
    assert_eq!(content(&whole.api()), content(&parted.api()));
    assert_eq!(collective(&parted.api()).unwrap(), 300);
    assert!(parted.api().check().unwrap().problems.is_empty());
    // One audit entry for the whole file: undo removes every check-in of it at once.
    let (record, _) = parted.api().undo().unwrap();
    assert_eq!(
        record,
        RecordRef::Import {
            file: "checkins".into(),
            rows: 900
        }
    );
    assert!(content(&parted.api()).1.is_empty());
    assert_eq!(collective(&parted.api()).unwrap(), 300);
    // Again: the models are all there already and are skipped; the check-ins come back.
    assert_eq!(
        in_parts(&parted, ImportKind::Models, &models).unwrap(),
        (300, 300)
    );
    assert_eq!(
        in_parts(&parted, ImportKind::CheckIns, &checkins).unwrap(),
        (900, 0)
    );
    assert_eq!(content(&whole.api()), content(&parted.api()));
    assert!(!rollback::rollback_path(parted.be.store().path()).exists());
}

#[test]
fn a_problem_in_the_last_part_changes_nothing_and_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = models_csv(300);
    text.push_str("MH-X,CB-99,collective,Mô hình X,economy,2021-2025,2021-03-01,approved\n");
    let path = write(dir.path(), "models.csv", &text);
    let fx = fresh();
    fx.unit("CB-01", "Chi bộ 01", None);
    let Err(ImportFailure::Problems(ps)) = in_parts(&fx, ImportKind::Models, &path) else {
        panic!("the unknown unit is found")
    };
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert_eq!((ps[0].line, ps[0].column), (302, 2));
    assert!(matches!(&ps[0].msg, Msg::UnknownUnit { code } if code == "CB-99"));
    assert_eq!(collective(&fx.api()).unwrap(), 0);
    assert!(fx.api().dataset().unwrap().models.is_empty());
}

/// A check-in repeated in a later part, and a model code: found through the keys kept of the
/// earlier parts, naming the first line.
#[test]
fn rows_repeated_across_parts_are_found() {
    let fx = fresh();
    fx.unit("CB-01", "Chi bộ 01", None);
    let api = fx.api();
    let mut rows = super::tests::approved_models(4);
    let again = ModelImport {
        line: 90,
        ..rows[2].clone()
    };
    assert_eq!(
        api.import_part(ImportBatch::Models(rows.split_off(2)), true, false, false)
            .unwrap(),
        None
    );
    let e = api
        .import_part(
            ImportBatch::Models(vec![rows.remove(0), again]),
            false,
            true,
            false,
        )
        .unwrap_err();
    let ApiError::Invalid(ps) = e else {
        panic!("{e:?}")
    };
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert_eq!(ps[0].line, Some(90));
    assert!(
        matches!(&ps[0].msg, Msg::DuplicateInFile { line: 4, .. }),
        "{ps:?}"
    );
    assert_eq!(collective(&api).unwrap(), 0);

    api.import(ImportBatch::Models(super::tests::approved_models(2)), false)
        .unwrap();
    let ci = |line: u64, date| CheckInImport {
        line,
        model_code: "MH-00001".into(),
        checkin: super::tests::inspection(0, date),
    };
    api.import_part(
        ImportBatch::CheckIns(vec![ci(2, d(2021, 5, 1))]),
        true,
        false,
        false,
    )
    .unwrap();
    api.import_part(
        ImportBatch::CheckIns(vec![ci(3, d(2021, 6, 1))]),
        false,
        false,
        false,
    )
    .unwrap();
    let e = api
        .import_part(
            ImportBatch::CheckIns(vec![ci(4, d(2021, 5, 1))]),
            false,
            true,
            false,
        )
        .unwrap_err();
    let ApiError::Invalid(ps) = e else {
        panic!("{e:?}")
    };
    assert_eq!(ps[0].line, Some(4));
    assert!(
        matches!(&ps[0].msg, Msg::DuplicateInFile { line: 2, .. }),
        "{ps:?}"
    );
    assert!(api.dataset().unwrap().checkins.is_empty());
}

/// A part that arrives without the parts before it (a connection opened again) is refused,
/// and so is a part of another kind.
#[test]
fn parts_out_of_order_are_refused() {
    let fx = fresh();
    fx.unit("CB-01", "Chi bộ 01", None);
    let api = fx.api();
    let e = api
        .import_part(
            ImportBatch::Models(super::tests::approved_models(1)),
            false,
            true,
            false,
        )
        .unwrap_err();
    assert_eq!(e, ApiError::Msg(Msg::ImportStreamBroken));
    api.import_part(
        ImportBatch::Models(super::tests::approved_models(1)),
        true,
        false,
        false,
    )
    .unwrap();
    let e = api
        .import_part(ImportBatch::CheckIns(vec![]), false, true, false)
        .unwrap_err();
    assert_eq!(e, ApiError::Msg(Msg::ImportStreamBroken));
    assert!(
        Msg::ImportStreamBroken
            .text(crate::i18n::Lang::Vi)
            .contains("nhập lại")
    );
    assert_eq!(collective(&api).unwrap(), 0);
}

fn stopped_between_parts(keep_log: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "models.csv", &models_csv(300));
    let db = dir.path().join("db");
    let store = Arc::new(reopen(&db).unwrap());
    let be = Embedded::new(store.clone(), "canbo".into());
    let fx = Fx {
        _dir: tempfile::tempdir().unwrap(),
        be,
    };
    fx.unit("CB-01", "Chi bộ 01", None);
    store.fail_import_after_parts.store(3, Ordering::SeqCst);
    store.keep_import_log.store(keep_log, Ordering::SeqCst);
    assert!(in_parts(&fx, ImportKind::Models, &path).is_err());
    let written = collective(&fx.api()).unwrap();
    if keep_log {
        // As a crash leaves it: three parts in the trees, the undo log beside them.
        assert!(written > 0 && written < 300, "{written}");
        assert!(rollback::rollback_path(&db).exists());
    } else {
        assert_eq!(written, 0, "a stopped import is put back at once");
        assert!(!rollback::rollback_path(&db).exists());
    }
    drop(fx);
    drop(store);
    (dir, db)
}

#[test]
fn a_crash_between_parts_is_undone_when_the_database_is_opened() {
    let (_dir, db) = stopped_between_parts(true);
    let store = Arc::new(reopen(&db).unwrap());
    assert!(!rollback::rollback_path(&db).exists());
    let be = Embedded::new(store, "canbo".into());
    let api = Api(&be);
    assert_eq!(collective(&api).unwrap(), 0);
    assert!(api.dataset().unwrap().models.is_empty());
    assert!(api.check().unwrap().problems.is_empty());
    // The counters were put back too: the next import numbers from where it was.
    api.import(ImportBatch::Models(super::tests::approved_models(3)), false)
        .unwrap();
    assert_eq!(collective(&api).unwrap(), 3);
    assert!(api.check().unwrap().problems.is_empty());
}

#[test]
fn an_import_stopped_between_parts_is_put_back_at_once() {
    let (_dir, db) = stopped_between_parts(false);
    let be = Embedded::new(Arc::new(reopen(&db).unwrap()), "canbo".into());
    assert!(Api(&be).dataset().unwrap().models.is_empty());
}

/// A full disk in the middle of a part halts the store; the next request reopens it and puts
/// back every part written.
#[test]
fn a_full_disk_in_a_late_part_leaves_nothing_once_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "models.csv", &models_csv(300));
    let fx = fresh();
    fx.unit("CB-01", "Chi bộ 01", None);
    let store = fx.be.store().clone();
    store.fail_apply_after.store(300, Ordering::SeqCst);
    let r = in_parts(&fx, ImportKind::Models, &path);
    let Err(ImportFailure::Api(ApiError::Msg(Msg::DiskFull { .. }))) = r else {
        panic!("the full disk is reported: {r:?}")
    };
    assert!(rollback::rollback_path(store.path()).exists());
    store.fail_apply_after.store(usize::MAX, Ordering::SeqCst);
    assert_eq!(collective(&fx.api()).unwrap(), 0);
    assert!(!rollback::rollback_path(store.path()).exists());
    assert!(fx.api().check().unwrap().problems.is_empty());
    assert_eq!(in_parts(&fx, ImportKind::Models, &path).unwrap(), (300, 0));
    assert_eq!(collective(&fx.api()).unwrap(), 300);
}

/// A dry run of a file in parts checks every part and writes nothing.
#[test]
fn a_dry_run_in_parts_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "models.csv", &models_csv(200));
    let fx = fresh();
    fx.unit("CB-01", "Chi bộ 01", None);
    let (rows, skipped, created) =
        run_import_in_parts(&fx.api(), ImportKind::Models, &path, true, &|_, _| {}, PART).unwrap();
    assert_eq!((rows, skipped), (200, 0));
    // Named once, though every part has it.
    assert_eq!(created.periods, vec!["2021-2025".to_string()]);
    assert_eq!(collective(&fx.api()).unwrap(), 0);
    assert!(!rollback::rollback_path(fx.be.store().path()).exists());
}

/// An undo log whose last entry was cut while being written: that part was never applied,
/// the ones before it are put back.
#[test]
fn a_torn_last_entry_of_the_undo_log_is_skipped() {
    let (_dir, db) = stopped_between_parts(true);
    let log = rollback::rollback_path(&db);
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 40, 1, 2, 3, 4, 9, 9]);
    std::fs::write(&log, &bytes).unwrap();
    let be = Embedded::new(Arc::new(reopen(&db).unwrap()), "canbo".into());
    assert!(Api(&be).dataset().unwrap().models.is_empty());
    assert!(!log.exists());
}

/// The database as the stopped import left it, its undo log set aside (and put back).
fn reopen_without_log(db: &Path) -> Store {
    let log = rollback::rollback_path(db);
    let aside = log.with_extension("aside");
    std::fs::rename(&log, &aside).unwrap();
    let store = reopen(db).unwrap();
    std::fs::rename(&aside, &log).unwrap();
    store
}

/// The undo log is read back at the next open from a file anyone with the database's rights
/// may have damaged: whatever its bytes, the open either puts the import back whole or
/// refuses, naming the log — never panics, never applies half an entry, and never reserves
/// more than the file holds (a length that claims more ends the entries read).
#[test]
fn a_damaged_undo_log_puts_the_import_back_or_is_refused() {
    let (_dir, db) = stopped_between_parts(true);
    let log = rollback::rollback_path(&db);
    let good = std::fs::read(&log).unwrap();
    let n = good.len();
    let written = {
        let be = Embedded::new(Arc::new(reopen_without_log(&db)), "canbo".into());
        Api(&be).dataset().unwrap().models.len()
    };
    let mut cases: Vec<Vec<u8>> = vec![
        good[..3].to_vec(),
        good[..5].to_vec(),
        good[..n / 2].to_vec(),
        good[..n - 1].to_vec(),
    ];
    for at in [0, 4, 5, 9, 13, 17, n / 2, n - 1] {
        let mut b = good.clone();
        b[at] ^= 0x5A;
        cases.push(b);
    }
    // The first entry's length claims all memory, or one byte more than there is.
    for claim in [u64::MAX, (n - 5 - 12 + 1) as u64] {
        let mut b = good.clone();
        b[5..13].copy_from_slice(&claim.to_be_bytes());
        cases.push(b);
    }
    for (i, bytes) in cases.into_iter().enumerate() {
        let (_dir, db) = stopped_between_parts(true);
        std::fs::write(rollback::rollback_path(&db), &bytes).unwrap();
        match reopen(&db) {
            Ok(store) => {
                let be = Embedded::new(Arc::new(store), "canbo".into());
                let models = Api(&be).dataset().unwrap().models.len();
                // Put back: either whole, or (a log cut before its first entry) nothing
                // was in it to put back and the three parts stay as written.
                // Entries read whole are put back; an entry that is not there (cut, or a
                // length past the end, read as a write cut short) leaves its part.
                assert!(models <= written, "case {i}: {models} models of {written}");
            }
            Err(e) => {
                let text = e.text(crate::i18n::Lang::En);
                assert!(
                    text.contains("db.rollback") && text.contains("damaged"),
                    "case {i}: {text}"
                );
            }
        }
    }
}
