//! Scenario tests of the store through the embedded backend (the second-process lock test is
//! in `tests/store_lock.rs`).

use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use crate::api::*;
use crate::domain::*;

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A new inspection check-in of a model, not yet saved.
pub(crate) fn inspection(model: Id, date: NaiveDate) -> CheckIn {
    CheckIn {
        id: 0,
        model,
        date,
        kind: CheckInKind::Inspection,
        by: "Đoàn kiểm tra".into(),
        note: String::new(),
        step: None,
        actuals: vec![],
        next_due: None,
        rev: 0,
    }
}

pub(crate) struct Fx {
    pub _dir: tempfile::TempDir,
    pub be: Embedded,
}

pub(crate) fn fresh() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sub/db")).unwrap();
    Fx {
        be: Embedded::new(Arc::new(store), "canbo".into()),
        _dir: dir,
    }
}

impl Fx {
    pub fn api(&self) -> Api<'_> {
        Api(&self.be)
    }
    pub fn unit(&self, code: &str, name: &str, parent: Option<Id>) -> Id {
        let u = Unit {
            id: 0,
            code: code.into(),
            name: name.into(),
            parent,
            kind: UnitKind::PartyCell,
            active: true,
            rev: 0,
        };
        self.api().save(Request::SaveUnit(u)).unwrap().0
    }
    pub fn model(
        &self,
        code: &str,
        unit: Id,
        kind: ModelKind,
        status: RegStatus,
        reg: NaiveDate,
    ) -> Model {
        let m = Model {
            outcome_on: None,
            outcome_decision: String::new(),
            id: 0,
            code: code.into(),
            unit,
            kind,
            title: format!("Mô hình {code}"),
            person: if kind == ModelKind::Individual {
                "Nguyễn Văn A".into()
            } else {
                String::new()
            },
            position: String::new(),
            leader: String::new(),
            field: "economy".into(),
            period: "2017-2020".into(),
            registered_on: reg,
            status,
            step: 3,
            outcome: Outcome::Pending,
            summary: String::new(),
            registration: Registration::default(),
            criteria: vec![],
            rev: 0,
        };
        let (id, _) = self.api().save(Request::SaveModel(m)).unwrap();
        self.api().model(id).unwrap().model
    }
    pub fn checkin(&self, model: Id, date: NaiveDate) -> Id {
        let c = inspection(model, date);
        self.api().save(Request::SaveCheckIn(c)).unwrap().0
    }
    /// An approved collective model registered on 1 January 2018.
    pub fn approved(&self, code: &str, unit: Id) -> Model {
        self.model(
            code,
            unit,
            ModelKind::Collective,
            RegStatus::Approved,
            d(2018, 1, 1),
        )
    }
    pub fn award(&self, model: Id, body: &str, no: &str) -> Id {
        let a = Award {
            id: 0,
            model,
            body: body.into(),
            form: "Giấy khen".into(),
            decision_no: no.into(),
            decided_on: d(2020, 10, 12),
            note: String::new(),
            rev: 0,
        };
        self.api().save(Request::SaveAward(a)).unwrap().0
    }
    pub fn sound(&self) {
        let r = self.api().check().unwrap();
        assert!(r.problems.is_empty(), "{:#?}", r.problems);
    }
}

#[test]
fn fresh_database_has_catalogues_and_no_period() {
    let f = fresh();
    assert_eq!(f.api().fields().unwrap(), codes::default_fields());
    assert_eq!(f.api().forms().unwrap(), codes::default_forms());
    assert!(matches!(
        f.api().status(None, d(2020, 1, 1)),
        Err(ApiError::Msg(Msg::UnknownPeriod { .. }))
    ));
    assert!(f.api().model_rows(None, d(2020, 1, 1)).unwrap().is_empty());
    f.sound();
}

#[test]
fn round_trip_of_every_kind() {
    let f = fresh();
    let mut p = codes::default_period("2021-2025").unwrap();
    p.guidance = "04-HD/BDVTU".into();
    f.api().save(Request::SavePeriod(p.clone())).unwrap();
    assert_eq!(f.api().periods().unwrap(), vec![p.clone()]);
    let fd = FieldDef {
        code: "digital".into(),
        vi: "Chuyển đổi số".into(),
        en: "Digital".into(),
    };
    f.api().save(Request::SaveField(fd.clone())).unwrap();
    assert_eq!(f.api().fields().unwrap().last(), Some(&fd));
    let fm = AwardForm {
        code: "bang_khen_ubnd".into(),
        vi: "bằng khen UBND".into(),
        en: "diploma".into(),
    };
    f.api().save(Request::SaveForm(fm.clone())).unwrap();
    assert_eq!(f.api().forms().unwrap().last(), Some(&fm));

    let root = f.unit("DBK", "Đảng bộ Khối", None);
    let cb = f.unit("CB1", "Chi bộ Văn phòng", Some(root));
    let units = f.api().units().unwrap();
    assert_eq!(units.len(), 2);
    let u = units.iter().find(|u| u.id == cb).unwrap();
    assert_eq!((u.parent, u.rev, u.code.as_str()), (Some(root), 1, "CB1"));

    let m = f.model(
        "MH-1",
        cb,
        ModelKind::Individual,
        RegStatus::Approved,
        d(2017, 7, 1),
    );
    assert_eq!(m.period, "2017-2020", "an unknown period is created");
    assert_eq!(f.api().periods().unwrap().len(), 2);
    let ci = f.checkin(m.id, d(2018, 1, 5));
    let aw = f.award(m.id, "  ban dân vận   TỈNH ủy ", "12-QĐ");
    let r = Replication {
        id: 0,
        model: m.id,
        unit: root,
        date: d(2019, 1, 1),
        note: "nhân rộng".into(),
        rev: 0,
    };
    let (rid, _) = f.api().save(Request::SaveReplication(r.clone())).unwrap();

    let det = f.api().model_by_code("MH-1".into()).unwrap();
    assert_eq!(det.model, m);
    assert_eq!(det.unit.id, cb);
    assert_eq!(
        det.checkins.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![ci]
    );
    assert_eq!(det.awards[0].id, aw);
    assert_eq!(det.awards[0].form, "giay_khen");
    assert_eq!(
        det.awards[0].body,
        "ban dân vận   TỈNH ủy".trim(),
        "first spelling becomes the catalogue's"
    );
    assert_eq!(
        det.replications,
        vec![Replication {
            id: rid,
            rev: 1,
            ..r
        }]
    );
    assert_eq!(det.history.len(), 1);
    // A second spelling of the same body maps to the catalogue's.
    let m2 = f.model(
        "MH-2",
        cb,
        ModelKind::Collective,
        RegStatus::Submitted,
        d(2017, 7, 1),
    );
    f.award(m2.id, "Ban Dân Vận Tỉnh Ủy", "13-QĐ");
    assert_eq!(f.api().bodies().unwrap().len(), 1);
    let rows = f.api().award_rows(None).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.award.body == det.awards[0].body));
    f.sound();
}

#[test]
fn status_counts_what_the_contract_says() {
    let f = fresh();
    let a = f.unit("A", "Chi bộ A", None);
    let b = f.unit("B", "Chi bộ B", None);
    let c = f.unit("C", "Chi bộ C", None);
    let _inactive = {
        let u = Unit {
            id: 0,
            code: "X".into(),
            name: "Cũ".into(),
            parent: None,
            kind: UnitKind::Other,
            active: false,
            rev: 0,
        };
        f.api().save(Request::SaveUnit(u)).unwrap()
    };
    let m1 = f.model(
        "M1",
        a,
        ModelKind::Collective,
        RegStatus::Approved,
        d(2020, 1, 1),
    );
    let _m2 = f.model(
        "M2",
        a,
        ModelKind::Individual,
        RegStatus::Submitted,
        d(2020, 3, 1),
    );
    let _m3 = f.model(
        "M3",
        b,
        ModelKind::Collective,
        RegStatus::Draft,
        d(2020, 1, 1),
    );
    let _m4 = f.model(
        "M4",
        c,
        ModelKind::Collective,
        RegStatus::Returned,
        d(2020, 1, 1),
    );
    f.checkin(m1.id, d(2020, 2, 1));
    let s = f.api().status(None, d(2020, 5, 1)).unwrap();
    assert_eq!(
        (s.units_total, s.units_registered),
        (3, 1),
        "drafts and returned do not register a unit"
    );
    assert_eq!(
        (s.collective, s.individual, s.drafts, s.returned),
        (1, 1, 1, 1)
    );
    assert_eq!(s.by_step, vec![0, 0, 2, 0, 0]);
    assert_eq!(s.by_field[0], ("economy".into(), 2));
    // Interval 90 days: M1's last is 2020-02-01, M2's is 2020-03-01.
    assert_eq!(s.overdue, 0);
    assert_eq!(
        f.api().status(None, d(2020, 5, 2)).unwrap().overdue,
        1,
        "92 days after 1 Feb"
    );
    assert_eq!(
        f.api().status(None, d(2020, 5, 30)).unwrap().overdue,
        1,
        "exactly 90 days is not overdue"
    );
    assert_eq!(f.api().status(None, d(2020, 5, 31)).unwrap().overdue, 2);
    assert_eq!(f.api().status(None, d(2020, 6, 1)).unwrap().overdue, 2);
    let rep = f
        .api()
        .report(Some("2017-2020".into()), d(2020, 6, 1), None)
        .unwrap();
    assert_eq!(
        rep.overdue
            .iter()
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>(),
        vec!["M1", "M2"]
    );
    assert_eq!(rep.overdue[0].days, 121);
    let rows = f.api().model_rows(None, d(2020, 6, 1)).unwrap();
    assert_eq!(rows.iter().filter(|r| r.overdue).count(), 2);
    // A longer interval: nothing overdue.
    let mut p = f.api().periods().unwrap().remove(0);
    p.checkin_interval_days = 365;
    f.api().save(Request::SavePeriod(p)).unwrap();
    assert_eq!(f.api().status(None, d(2020, 6, 1)).unwrap().overdue, 0);
    let units = f.api().unit_rows(None).unwrap();
    let ua = units.iter().find(|r| r.unit.id == a).unwrap();
    assert_eq!((ua.models, ua.last_checkin), (2, Some(d(2020, 2, 1))));
    assert_eq!(units.iter().find(|r| r.unit.id == b).unwrap().drafts, 1);
    assert!(matches!(
        f.api().status(Some("2099-2100".into()), d(2020, 1, 1)),
        Err(ApiError::Msg(Msg::UnknownPeriod { .. }))
    ));
    f.sound();
}

#[test]
fn counters_equal_a_recount_after_a_mix_of_changes() {
    let f = fresh();
    let a = f.unit("A", "A", None);
    let b = f.unit("B", "B", Some(a));
    let mut ms = vec![];
    for i in 0..12 {
        let st = [
            RegStatus::Draft,
            RegStatus::Submitted,
            RegStatus::Approved,
            RegStatus::Returned,
        ][i % 4];
        let kind = if i % 3 == 0 {
            ModelKind::Individual
        } else {
            ModelKind::Collective
        };
        ms.push(f.model(
            &format!("M{i}"),
            if i % 2 == 0 { a } else { b },
            kind,
            st,
            d(2018, 1, 1),
        ));
    }
    for (i, m) in ms.iter().enumerate() {
        f.checkin(m.id, d(2018, 2, 1 + i as u32));
        f.checkin(m.id, d(2018, 3, 1));
        if i % 2 == 0 {
            f.award(m.id, "UBND tỉnh", &format!("Q{i}"));
        }
    }
    f.sound();
    // Updates that move every counter: kind, field, step, status, outcome, unit, period.
    for (i, m) in ms.iter().enumerate() {
        let mut m = f.api().model(m.id).unwrap().model;
        match i % 6 {
            0 => m.kind = ModelKind::Collective,
            1 => m.field = "culture_society".into(),
            2 => m.step += 1,
            3 if m.status == RegStatus::Submitted => m.status = RegStatus::Approved,
            3 => m.status = RegStatus::Submitted,
            4 if m.status == RegStatus::Approved => m.outcome = Outcome::Recognized,
            4 => m.status = RegStatus::Submitted,
            _ => {
                m.unit = a;
                m.period = "2018-2022".into();
            }
        }
        f.api().save(Request::SaveModel(m)).unwrap();
        f.sound();
    }
    // Deletes: a check-in (the latest), an award, a whole model.
    let det = f.api().model(ms[1].id).unwrap();
    f.api()
        .delete(Request::DeleteCheckIn {
            model: ms[1].id,
            id: det.checkins[1].id,
        })
        .unwrap();
    let det = f.api().model(ms[0].id).unwrap();
    f.api()
        .delete(Request::DeleteAward {
            id: det.awards[0].id,
        })
        .unwrap();
    f.api()
        .delete(Request::DeleteModel { id: ms[2].id })
        .unwrap();
    f.sound();
    let s = f
        .api()
        .status(Some("2017-2020".into()), d(2020, 12, 1))
        .unwrap();
    let rows: Vec<_> = f
        .api()
        .model_rows(Some("2017-2020".into()), d(2020, 12, 1))
        .unwrap();
    let counted: Vec<_> = rows.iter().filter(|r| r.status.counted()).collect();
    assert_eq!(s.models_total(), counted.len() as u64);
    assert_eq!(
        s.checkins,
        rows.iter().map(|r| r.checkins as u64).sum::<u64>()
    );
    assert_eq!(
        s.awards_total,
        rows.iter().map(|r| r.awards as u64).sum::<u64>()
    );
}

#[test]
fn unit_rules() {
    let f = fresh();
    let a = f.unit("A", "Đảng bộ A", None);
    let b = f.unit("B", "Chi bộ B", Some(a));
    let c = f.unit("C", "Chi bộ Ă", Some(b));
    let dup = Unit {
        id: 0,
        code: "A".into(),
        name: "x".into(),
        parent: None,
        kind: UnitKind::Other,
        active: true,
        rev: 0,
    };
    assert!(
        matches!(f.api().save(Request::SaveUnit(dup)), Err(ApiError::Invalid(p)) if p[0].msg == Msg::DuplicateCode { code: "A".into() })
    );
    let mut ua = f
        .api()
        .units()
        .unwrap()
        .into_iter()
        .find(|u| u.id == a)
        .unwrap();
    ua.parent = Some(c);
    assert!(
        matches!(f.api().save(Request::SaveUnit(ua)), Err(ApiError::Invalid(p)) if matches!(p[0].msg, Msg::ParentCycle { .. }))
    );
    assert!(matches!(
        f.api().delete(Request::DeleteUnit { id: b }),
        Err(ApiError::Msg(Msg::UnitHasChildren { .. }))
    ));
    f.model(
        "M",
        c,
        ModelKind::Collective,
        RegStatus::Draft,
        d(2018, 1, 1),
    );
    assert!(matches!(
        f.api().delete(Request::DeleteUnit { id: c }),
        Err(ApiError::Msg(Msg::UnitHasModels { .. }))
    ));
    let d2 = f.unit("D", "Chi bộ Ân", Some(a));
    f.api().delete(Request::DeleteUnit { id: d2 }).unwrap();
    let e = f.unit("E", "Chi bộ Ân", Some(a));
    let order: Vec<_> = f
        .api()
        .unit_rows(None)
        .unwrap()
        .iter()
        .map(|r| (r.unit.code.clone(), r.depth))
        .collect();
    assert_eq!(
        order,
        vec![
            ("A".into(), 0),
            ("E".into(), 1),
            ("B".into(), 1),
            ("C".into(), 2)
        ]
    );
    assert!(e > d2, "ids are not reused");
    f.sound();
}

#[test]
fn stale_revision_is_a_conflict() {
    let f = fresh();
    let a = f.unit("A", "A", None);
    let m = f.approved("M", a);
    let mut first = m.clone();
    first.title = "Tên mới".into();
    let (_, rev) = f.api().save(Request::SaveModel(first)).unwrap();
    assert_eq!(rev, 2);
    let mut second = m.clone();
    second.title = "Tên khác".into();
    match f.api().save(Request::SaveModel(second)) {
        Err(ApiError::Msg(Msg::Conflict { user, at })) => {
            assert_eq!(user, "canbo");
            assert!(at.ends_with("UTC"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.api().model(m.id).unwrap().model.title, "Tên mới");
}

#[test]
fn invalid_data_writes_nothing() {
    let f = fresh();
    let a = f.unit("A", "A", None);
    let before = f.api().dataset().unwrap();
    let mut m = f.approved("M", a);
    let after_one = f.api().dataset().unwrap();
    assert_ne!(before, after_one);
    m.id = 0;
    m.code = "M".into();
    m.kind = ModelKind::Individual;
    m.person = String::new();
    m.step = 9;
    m.field = "nope".into();
    m.title = "Bad\u{202e}".into();
    let Err(ApiError::Invalid(p)) = f.api().save(Request::SaveModel(m)) else {
        panic!()
    };
    let fields: Vec<_> = p.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, vec!["title", "person", "step", "field", "code"]);
    assert_eq!(f.api().dataset().unwrap(), after_one);
}

#[test]
fn load_refuses_a_database_with_data_and_keeps_ids() {
    let f = fresh();
    let a = f.unit("A", "A", None);
    let m = f.approved("M", a);
    f.checkin(m.id, d(2018, 5, 1));
    f.award(m.id, "UBND tỉnh", "1");
    let ds = f.api().dataset().unwrap();
    assert!(matches!(
        f.api().load(ds.clone(), false),
        Err(ApiError::Msg(Msg::DbNotEmpty { .. }))
    ));
    let g = fresh();
    g.api().load(ds.clone(), false).unwrap();
    g.sound();
    let got = g.api().dataset().unwrap();
    assert_eq!(got.units, ds.units);
    assert_eq!(got.models, ds.models);
    assert_eq!(got.checkins, ds.checkins);
    assert_eq!(got.audit[..ds.audit.len()], ds.audit[..]);
    assert_eq!(
        g.api().status(None, d(2018, 6, 1)).unwrap(),
        f.api().status(None, d(2018, 6, 1)).unwrap()
    );
    let b = g.unit("B", "B", None);
    assert!(b > a);
    // Replace clears what was there.
    g.api()
        .load(
            Dataset {
                units: vec![ds.units[0].clone()],
                ..Dataset::default()
            },
            true,
        )
        .unwrap();
    assert_eq!(g.api().units().unwrap().len(), 1);
    assert!(g.api().model_rows(None, d(2020, 1, 1)).unwrap().is_empty());
    assert_eq!(g.api().fields().unwrap(), codes::default_fields());
    g.sound();
    assert!(
        matches!(g.api().undo(), Err(ApiError::Msg(Msg::NothingToUndo))),
        "a restore is a wall"
    );
}

/// Open a database closed a moment ago: sled's own threads may still hold its lock.
pub(super) fn reopen(path: &std::path::Path) -> ApiResult<Store> {
    for _ in 0..100 {
        match Store::open(path) {
            Err(ApiError::Msg(Msg::DbLocked { .. })) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other,
        }
    }
    Store::open(path)
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    Store::open(&path)
        .unwrap()
        .plant_schema(SCHEMA_VERSION + 1)
        .unwrap();
    match reopen(&path) {
        Err(ApiError::Msg(Msg::DbNewer { found, supported })) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION))
        }
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("opened a newer database"),
    }
}

#[test]
fn same_process_second_open_is_locked() {
    // sled's lock is an flock on the db file: a second open conflicts even in one process.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let _s = Store::open(&path).unwrap();
    match Store::open(&path) {
        Err(ApiError::Msg(Msg::DbLocked { path: p, socket })) => {
            assert_eq!(p, path.display().to_string());
            assert!(socket.is_empty());
        }
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("opened twice"),
    }
}

#[test]
fn check_reports_planted_damage() {
    let f = fresh();
    let a = f.unit("A", "A", None);
    let m = f.approved("M", a);
    f.sound();
    let s = f.be.store();
    let key = keys::counter("2017-2020", keys::tag::KIND, &[0]);
    s.plant_raw("counters", &key, Some(&5i64.to_be_bytes()))
        .unwrap();
    s.plant_raw(
        "idx_models_by_period",
        &keys::model_in_period("2017-2020", a, 999),
        Some(b""),
    )
    .unwrap();
    s.plant_raw("idx_model_code", b"M", None).unwrap();
    let mut bytes = s
        .tree(T::Models)
        .get(keys::id(m.id))
        .unwrap()
        .unwrap()
        .to_vec();
    bytes.push(7);
    s.plant_raw("models", &keys::id(77), Some(&bytes)).unwrap();
    let r = f.api().check().unwrap();
    let text = r.problems.join("\n");
    assert!(
        text.contains("counter P2017-2020\\x00k\\x00: stored 5, recount 1"),
        "{text}"
    );
    assert!(
        text.contains("idx_models_by_period") && text.contains("points to no record"),
        "{text}"
    );
    assert!(
        text.contains("idx_model_code M: record not indexed"),
        "{text}"
    );
    assert!(text.contains("trailing bytes"), "{text}");
    assert_eq!(r.problems.len(), 4, "{text}");
}

/// A large import commits through the journal; a journal left by a crash between its flush
/// and its removal is applied when the database is opened again, whole.
#[test]
fn journal_of_an_interrupted_commit_is_replayed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let unit = {
        let store = Arc::new(Store::open(&path).unwrap());
        let fx = Embedded::new(store.clone(), "canbo".into());
        let u = Unit {
            id: 0,
            code: "CB-01".into(),
            name: "Chi bộ 01".into(),
            parent: None,
            kind: UnitKind::PartyCell,
            active: true,
            rev: 0,
        };
        let id = Api(&fx).save(Request::SaveUnit(u)).unwrap().0;
        // Plant what a crash after the journal's flush leaves: the journal, none of its
        // writes. It renames the unit.
        let mut unit = Api(&fx).units().unwrap().remove(0);
        unit.name = "Chi bộ Khuổi Phầy".into();
        let mut journal: Journal = vec![Vec::new(); T::ALL.len()];
        journal[T::Units as usize].push((keys::id(id).to_vec(), Some(unit.encode())));
        std::fs::write(store.journal_path(), migrate::encode_journal(&journal)).unwrap();
        id
    };
    let store = Arc::new(reopen(&path).unwrap());
    let be = Embedded::new(store.clone(), "canbo".into());
    let units = Api(&be).units().unwrap();
    assert_eq!(units[0].id, unit);
    assert_eq!(units[0].name, "Chi bộ Khuổi Phầy");
    assert!(!store.journal_path().exists());
    assert!(Api(&be).check().unwrap().problems.is_empty());
}

/// `n` approved collective models of unit CB-01 in 2021-2025, coded MH-00000 on, as rows of
/// an import.
pub(super) fn approved_models(n: usize) -> Vec<ModelImport> {
    (0..n)
        .map(|i| ModelImport {
            line: i as u64 + 2,
            unit_code: "CB-01".into(),
            model: Model {
                outcome_on: None,
                outcome_decision: String::new(),
                id: 0,
                code: format!("MH-{i:05}"),
                unit: 0,
                kind: ModelKind::Collective,
                title: format!("Mô hình {i}"),
                person: String::new(),
                position: String::new(),
                leader: String::new(),
                field: "economy".into(),
                period: "2021-2025".into(),
                registered_on: d(2021, 3, 1),
                status: RegStatus::Approved,
                step: 1,
                outcome: Outcome::Pending,
                summary: String::new(),
                registration: Registration::default(),
                criteria: vec![],
                rev: 0,
            },
        })
        .collect()
}

#[test]
fn large_imports_commit_through_the_journal() {
    let fx = fresh();
    fx.unit("CB-01", "Chi bộ 01", None);
    let rows = approved_models(tx::JOURNAL_ABOVE);
    assert_eq!(
        fx.api().import(ImportBatch::Models(rows), false).unwrap(),
        tx::JOURNAL_ABOVE as u64
    );
    let st = fx
        .api()
        .status(Some("2021-2025".into()), d(2021, 4, 1))
        .unwrap();
    assert_eq!(st.collective, tx::JOURNAL_ABOVE as u64);
    assert!(fx.api().check().unwrap().problems.is_empty());
}

/// A journal cut short while being written (before any of it was applied) is dropped.
#[test]
fn a_torn_journal_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let jp = {
        let store = Store::open(&path).unwrap();
        store.journal_path()
    };
    std::fs::write(&jp, [0u8, 1, 2, 3, 0, 0, 1, 0, 9]).unwrap();
    let store = reopen(&path).unwrap();
    assert!(!jp.exists());
    let be = Embedded::new(Arc::new(store), "canbo".into());
    assert!(Api(&be).check().unwrap().problems.is_empty());
}

/// A model followed for years: its check-ins fill several chunks; removing, editing and
/// moving a date keep the order, the stats and every count right.
#[test]
fn check_ins_of_a_long_followed_model_span_chunks() {
    let f = fresh();
    let a = f.unit("A", "A", None);
    let m = f.approved("M", a);
    // Entered newest first, so that the stored order is not the date order.
    let n = records::CHECKINS_PER_CHUNK * 2 + 5;
    let ids: Vec<Id> = (0..n)
        .map(|i| f.checkin(m.id, d(2018, 1, 2) + chrono::Days::new((n - i) as u64)))
        .collect();
    let chunks = |f: &Fx| {
        f.be.store()
            .tree(T::CheckIns)
            .scan_prefix(keys::id(m.id))
            .count()
    };
    assert_eq!(chunks(&f), 3);
    let det = f.api().model(m.id).unwrap();
    assert_eq!(det.checkins.len(), n);
    assert!(det.checkins.windows(2).all(|w| w[0].date < w[1].date));
    let latest = det.checkins.last().unwrap().clone();
    assert_eq!(latest.id, ids[0]);
    // Remove the latest: the last check-in date moves back.
    f.api()
        .delete(Request::DeleteCheckIn {
            model: m.id,
            id: latest.id,
        })
        .unwrap();
    let row = |f: &Fx| {
        f.api()
            .model_rows(None, d(2020, 10, 20))
            .unwrap()
            .into_iter()
            .find(|r| r.id == m.id)
            .unwrap()
    };
    assert_eq!(row(&f).checkins as usize, n - 1);
    assert_eq!(
        row(&f).last_checkin,
        Some(latest.date - chrono::Days::new(1))
    );
    // Move the earliest to the latest date: it keeps its place in its chunk, shows last.
    let mut c = f.api().model(m.id).unwrap().checkins[0].clone();
    c.date = d(2019, 6, 1);
    f.api().save(Request::SaveCheckIn(c.clone())).unwrap();
    let det = f.api().model(m.id).unwrap();
    assert_eq!(det.checkins.last().unwrap().id, c.id);
    assert_eq!(row(&f).last_checkin, Some(d(2019, 6, 1)));
    // A check-in is found only under its own model.
    let other = f.approved("N", a);
    let mut stray = c.clone();
    stray.model = other.id;
    assert!(matches!(
        f.api().save(Request::SaveCheckIn(stray)),
        Err(ApiError::Msg(Msg::NotFound))
    ));
    assert!(matches!(
        f.api().delete(Request::DeleteCheckIn {
            model: other.id,
            id: c.id
        }),
        Err(ApiError::Msg(Msg::NotFound))
    ));
    // Emptying a chunk removes its key.
    for x in f.api().model(m.id).unwrap().checkins {
        f.api()
            .delete(Request::DeleteCheckIn {
                model: m.id,
                id: x.id,
            })
            .unwrap();
    }
    assert_eq!(chunks(&f), 0);
    assert_eq!(row(&f).last_checkin, None);
    f.sound();
}

fn criterion(target: f64, actual: f64) -> Criterion {
    Criterion {
        name: "Hộ tham gia".into(),
        measure: "hộ".into(),
        target,
        actual,
        due: None,
    }
}

/// A criterion's actual is the latest dated check-in's report, else the typed value; every
/// save, edit and delete of a check-in recomputes the model's progress, and `check` agrees.
#[test]
fn criteria_follow_the_check_ins() {
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    let mut m = f.approved("M1", u);
    m.criteria = vec![criterion(40.0, 10.0), criterion(5.0, 1.0)];
    f.api().save(Request::SaveModel(m.clone())).unwrap();
    let progress = |f: &Fx| {
        f.api()
            .model_rows(None, d(2020, 10, 20))
            .unwrap()
            .into_iter()
            .find(|r| r.id == m.id)
            .unwrap()
            .progress
            .unwrap()
    };
    let near = |a: f32, b: f32| assert!((a - b).abs() < 1e-6, "{a} != {b}");
    near(progress(&f), (0.25 + 0.2) / 2.0);
    let save = |date, actuals: Vec<(u16, f64)>| {
        let mut c = inspection(m.id, date);
        c.actuals = actuals;
        f.api().save(Request::SaveCheckIn(c)).unwrap().0
    };
    let a = save(d(2019, 6, 1), vec![(0, 35.0), (1, 4.0)]);
    near(progress(&f), (0.875 + 0.8) / 2.0);
    f.sound();
    // Entered later but dated earlier: the June report stands.
    let b = save(d(2018, 6, 1), vec![(0, 20.0)]);
    near(progress(&f), (0.875 + 0.8) / 2.0);
    // A check-in reporting nothing changes nothing.
    save(d(2020, 1, 1), vec![]);
    near(progress(&f), (0.875 + 0.8) / 2.0);
    // Editing A's date before B's: B's value is now the latest for criterion 1.
    let mut ca = f
        .api()
        .model(m.id)
        .unwrap()
        .checkins
        .into_iter()
        .find(|c| c.id == a)
        .unwrap();
    ca.date = d(2018, 1, 1);
    f.api().save(Request::SaveCheckIn(ca)).unwrap();
    near(progress(&f), (0.5 + 0.8) / 2.0);
    f.sound();
    f.api()
        .delete(Request::DeleteCheckIn { model: m.id, id: b })
        .unwrap();
    near(progress(&f), (0.875 + 0.8) / 2.0);
    f.api()
        .delete(Request::DeleteCheckIn { model: m.id, id: a })
        .unwrap();
    near(progress(&f), (0.25 + 0.2) / 2.0);
    f.sound();
}

/// `quality` counts counted models without a quantified criterion and without goals or
/// activities, kept by every save and equal to counting every record.
#[test]
fn quality_of_registrations_is_counted() {
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    let q = |f: &Fx| {
        let s = f.api().status(None, d(2020, 10, 20)).unwrap();
        let reference =
            crate::report::report_from_dataset(&f.api().dataset().unwrap(), None, d(2020, 10, 20))
                .unwrap()
                .status;
        assert_eq!(
            (reference.without_criteria, reference.without_content),
            (s.without_criteria, s.without_content)
        );
        f.sound();
        (s.without_criteria, s.without_content)
    };
    let mut m1 = f.approved("M1", u);
    assert_eq!(q(&f), (1, 1));
    let mut m2 = f.model(
        "M2",
        u,
        ModelKind::Individual,
        RegStatus::Submitted,
        d(2018, 1, 1),
    );
    m2.criteria = vec![criterion(10.0, 0.0)];
    m2.registration.goals = "Giảm hồ sơ trễ hạn".into();
    m2.registration.activities = "Tiếp dân mỗi tuần".into();
    f.api().save(Request::SaveModel(m2.clone())).unwrap();
    // A draft is not counted, however empty.
    f.model(
        "M3",
        u,
        ModelKind::Collective,
        RegStatus::Draft,
        d(2018, 1, 1),
    );
    assert_eq!(q(&f), (1, 1));
    m1.registration.goals = "Mục tiêu".into();
    m1.criteria = vec![criterion(0.0, 3.0)];
    m1 = f
        .api()
        .model({
            f.api().save(Request::SaveModel(m1.clone())).unwrap();
            m1.id
        })
        .unwrap()
        .model;
    assert_eq!(q(&f), (1, 1), "no activities, no target");
    m1.registration.activities = "Hoạt động".into();
    m1.criteria[0].target = 5.0;
    f.api().save(Request::SaveModel(m1.clone())).unwrap();
    assert_eq!(q(&f), (0, 0));
    m2 = f.api().model(m2.id).unwrap().model;
    m2.criteria.clear();
    m2.registration.goals = " ".into();
    f.api().save(Request::SaveModel(m2.clone())).unwrap();
    assert_eq!(q(&f), (1, 1));
    let rows = f.api().model_rows(None, d(2020, 10, 20)).unwrap();
    let row = |id| rows.iter().find(|r| r.id == id).unwrap();
    assert!(row(m1.id).has_content && row(m1.id).progress.is_some());
    assert!(!row(m2.id).has_content && row(m2.id).progress.is_none());
    f.api().delete(Request::DeleteModel { id: m2.id }).unwrap();
    assert_eq!(q(&f), (0, 0));
}

/// A status cache written for another schema (other counters) is not used.
#[test]
fn status_cache_of_another_schema_is_not_used() {
    let f = figures::Figures {
        schema: SCHEMA_VERSION,
        ..Default::default()
    };
    assert!(figures::decode_cache(&figures::encode_cache(&[7; 16], &f)).is_some());
    let old = figures::Figures { schema: 2, ..f };
    assert!(figures::decode_cache(&figures::encode_cache(&[7; 16], &old)).is_none());
}

/// A damaged index value too short for an id (a model's code pointing at two bytes) is
/// reported as damage, in reads and in writes alike; reading it used to panic the process.
#[test]
fn an_index_value_too_short_for_an_id_is_damage_not_a_panic() {
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    f.approved("M1", u);
    let store = f.be.store();
    store
        .plant_raw(T::ModelCode.name(), b"M1", Some(&[0, 1]))
        .unwrap();
    let e = f.api().model_by_code("M1".into()).unwrap_err();
    assert!(
        matches!(&e, ApiError::Msg(Msg::Corrupt { detail }) if detail.contains("idx_model_code")),
        "{e:?}"
    );
    let mut m = f.approved("M2", u);
    m.code = "M1".into();
    m.id = 0;
    m.rev = 0;
    let e = f.api().save(Request::SaveModel(m)).unwrap_err();
    assert!(matches!(&e, ApiError::Msg(Msg::Corrupt { .. })), "{e:?}");
}
