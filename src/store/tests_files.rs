//! The files beside the database: the journal (names its trees, says when its apply began,
//! finished after a failed write without a restart), and sled's errors in plain words.

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::records::encode_raw;
use super::tests::{d, fresh};
use super::*;
use crate::api::*;
use crate::domain::*;

fn collective(api: &Api<'_>) -> ApiResult<u64> {
    Ok(api
        .status(Some("2021-2025".into()), d(2021, 4, 1))?
        .collective)
}

/// An import whose journal fails half-way through its apply (as on a full disk) is answered
/// with the full disk; meanwhile nothing is served from the half-applied database; once the
/// disk takes writes again the next request reopens the database, finishes the journal, and
/// the import is there whole — without a restart.
#[test]
fn a_journal_failing_half_way_halts_the_store_until_it_is_finished() {
    let fx = fresh();
    let api = fx.api();
    fx.unit("CB-01", "Chi bộ 01", None);
    let store = fx.be.store().clone();
    store.fail_apply_after.store(700, Ordering::SeqCst);
    // The journal is the owner's and the group's whatever the umask.
    let old = nix::sys::stat::umask(nix::sys::stat::Mode::empty());
    let r = api.import(
        ImportBatch::Models(super::tests::approved_models(500)),
        false,
    );
    nix::sys::stat::umask(old);
    match r {
        Err(ApiError::Msg(Msg::DiskFull { path })) => {
            assert_eq!(path, store.path().display().to_string())
        }
        other => panic!("expected a full disk, got {other:?}"),
    }
    let jp = store.journal_path();
    assert!(migrate::is_applying(&std::fs::read(&jp).unwrap()));
    let mode = std::fs::metadata(&jp).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "journal mode {mode:o}");
    // Still failing: nothing is answered, not even a read of the half-applied import.
    assert!(matches!(
        collective(&api),
        Err(ApiError::Msg(Msg::DiskFull { .. }))
    ));
    assert!(matches!(
        api.save(Request::SaveUnit(Unit {
            id: 0,
            code: "CB-02".into(),
            name: "Chi bộ 02".into(),
            parent: None,
            kind: UnitKind::PartyCell,
            active: true,
            rev: 0,
        })),
        Err(ApiError::Msg(Msg::DiskFull { .. }))
    ));
    assert!(jp.exists());
    // Room again: the next request finishes the import, whole.
    store.fail_apply_after.store(usize::MAX, Ordering::SeqCst);
    assert_eq!(collective(&api).unwrap(), 500);
    assert!(!jp.exists());
    assert!(api.check().unwrap().problems.is_empty());
    fx.unit("CB-02", "Chi bộ 02", None);
    assert_eq!(api.units().unwrap().len(), 2);
}

/// A journal that changes one unit's name, by position, and that unit's id.
fn renaming_journal(be: &Embedded) -> (Journal, Id) {
    let mut unit = Api(be).units().unwrap().remove(0);
    unit.name = "Chi bộ Khuổi Phầy".into();
    let mut journal: Journal = vec![Vec::new(); T::ALL.len()];
    journal[T::Units as usize].push((keys::id(unit.id).to_vec(), Some(unit.encode())));
    (journal, unit.id)
}

fn one_unit_db() -> (tempfile::TempDir, PathBuf, Journal, Id, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let store = Arc::new(super::tests::reopen(&path).unwrap());
    let be = Embedded::new(store.clone(), "canbo".into());
    let u = Unit {
        id: 0,
        code: "CB-01".into(),
        name: "Chi bộ 01".into(),
        parent: None,
        kind: UnitKind::PartyCell,
        active: true,
        rev: 0,
    };
    Api(&be).save(Request::SaveUnit(u)).unwrap();
    let (journal, id) = renaming_journal(&be);
    let jp = store.journal_path();
    (dir, path, journal, id, jp)
}

/// The journal file lists its trees by name, not by position.
#[test]
fn the_journal_names_its_trees() {
    let (_dir, _path, journal, id, _) = one_unit_db();
    let bytes = migrate::encode_journal(&journal);
    assert!(bytes.starts_with(b"DVKN"));
    assert!(bytes.windows(5).any(|w| w == b"units"));
    match migrate::decode_journal(&bytes) {
        migrate::Decoded::Whole(w) => {
            assert_eq!(w.len(), 1);
            assert_eq!(w[0].0, "units");
            assert_eq!(w[0].1[0].0, keys::id(id).to_vec());
        }
        other => panic!("{other:?}"),
    }
}

/// A journal left by the release before, which listed schema 2's trees by position, is still
/// finished on open.
#[test]
fn a_positional_journal_of_schema_2_is_still_replayed() {
    let (_dir, path, journal, id, jp) = one_unit_db();
    let body = encode_raw(&journal);
    let mut bytes = b"DVKJ".to_vec();
    bytes.extend_from_slice(&2u32.to_be_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    bytes.extend_from_slice(&(body.len() as u64).to_be_bytes());
    bytes.extend_from_slice(&body);
    std::fs::write(&jp, bytes).unwrap();
    let store = Arc::new(super::tests::reopen(&path).unwrap());
    assert!(!jp.exists());
    let be = Embedded::new(store, "canbo".into());
    let u = Api(&be).units().unwrap().remove(0);
    assert_eq!((u.id, u.name.as_str()), (id, "Chi bộ Khuổi Phầy"));
}

/// A journal whose checksum fails after its apply had begun is not dropped: the open stops
/// with a message naming it and saying to restore a backup, and the journal stays.
#[test]
fn a_journal_damaged_after_its_apply_began_stops_the_open() {
    let (_dir, path, journal, _id, jp) = one_unit_db();
    let mut bytes = migrate::encode_journal(&journal);
    let n = bytes.len();
    bytes[n - 3] ^= 0x20;
    std::fs::write(&jp, &bytes).unwrap();
    migrate::mark_applying(&jp).unwrap();
    let again = || match super::tests::reopen(&path) {
        Err(ApiError::Msg(Msg::JournalDamaged { path: p })) => {
            assert_eq!(p, jp.display().to_string());
            let text = Msg::JournalDamaged { path: p }.text(crate::i18n::Lang::En);
            assert!(text.contains("restore"), "{text}");
        }
        Err(e) => panic!("expected a damaged journal, got {e:?}"),
        Ok(_) => panic!("a damaged journal was dropped"),
    };
    again();
    assert!(jp.exists());
    again();
    // The same damage before the apply began: the journal was cut short, never applied.
    std::fs::write(&jp, &bytes).unwrap();
    let store = super::tests::reopen(&path).unwrap();
    assert!(!jp.exists());
    let be = Embedded::new(Arc::new(store), "canbo".into());
    assert_eq!(Api(&be).units().unwrap()[0].name, "Chi bộ 01");
}

/// sled's errors become one plain line naming the database: never sled's own text.
#[test]
fn sled_errors_are_said_in_plain_words() {
    let corrupt = sled_msg("/srv/dvk/db", sled::Error::Corruption { at: None, bt: () });
    let full = sled_msg(
        "/srv/dvk/db",
        sled::Error::Io(std::io::Error::from_raw_os_error(
            nix::errno::Errno::ENOSPC as i32,
        )),
    );
    let quota = sled_msg(
        "/srv/dvk/db",
        sled::Error::Io(std::io::Error::from_raw_os_error(
            nix::errno::Errno::EDQUOT as i32,
        )),
    );
    assert!(matches!(corrupt, Msg::DbDamaged { .. }));
    assert!(matches!(full, Msg::DiskFull { .. }));
    assert!(matches!(quota, Msg::DiskFull { .. }));
    for m in [corrupt, full, quota] {
        for lang in [crate::i18n::Lang::Vi, crate::i18n::Lang::En] {
            let t = m.text(lang);
            assert!(t.contains("/srv/dvk/db"), "{t}");
            for bad in ["backtrace", "offset", "Os {", "os error", "code:"] {
                assert!(!t.contains(bad), "{t}");
            }
            assert!(!t.contains('\n'));
        }
    }
    assert!(
        Msg::DiskFull { path: "/d".into() }
            .text(crate::i18n::Lang::Vi)
            .contains("không còn chỗ trống")
    );
}
