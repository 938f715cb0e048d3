//! Undo that says what it will undo, redo, and changes made for many models at once: one
//! transaction, undone as one change and redone as one, each model's right checked.

use super::tests::{Fx, d, fresh, inspection};
use super::*;
use crate::api::*;
use crate::domain::*;
use crate::i18n::Lang;
use crate::server::auth::Role;

fn as_user(f: &Fx, user: &str, role: Role) -> Embedded {
    Embedded::with_role(f.be.store().clone(), user.into(), role)
}

fn texts(m: &Msg) -> (String, String) {
    (m.text(Lang::Vi), m.text(Lang::En))
}

/// Every audit entry, oldest first.
fn log(f: &Fx) -> Vec<AuditEntry> {
    f.api().dataset().unwrap().audit
}

fn decision(no: &str) -> Award {
    Award {
        id: 0,
        model: 0,
        body: "Ban Dân vận Tỉnh ủy".into(),
        form: "Giấy khen".into(),
        decision_no: no.into(),
        decided_on: d(2020, 10, 12),
        note: String::new(),
        rev: 0,
    }
}

fn set_title(f: &Fx, id: Id, title: &str) {
    let mut m = f.api().model(id).unwrap().model;
    m.title = title.into();
    f.api().save(Request::SaveModel(m)).unwrap();
}

fn title(f: &Fx, id: Id) -> String {
    f.api().model(id).unwrap().model.title
}

#[test]
fn the_undo_preview_says_the_change_in_the_users_language_and_changes_nothing() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let m = f.approved("MH-28", u);
    f.api()
        .save(Request::ModelAction {
            id: m.id,
            rev: m.rev,
            action: ModelAction::Outcome(Outcome::Recognized),
            reason: String::new(),
        })
        .unwrap();
    let before = (f.api().model(m.id).unwrap(), log(&f));
    let p = f.api().undo_preview().unwrap();
    assert_eq!(
        texts(&p),
        (
            "Hoàn tác: sửa kết quả MH-28 (Công nhận → Đang thực hiện)?".into(),
            "Undo: edit outcome of MH-28 (Recognised → Pending)?".into()
        )
    );
    // Asking twice says the same: nothing was undone.
    assert_eq!(f.api().undo_preview().unwrap(), p);
    assert_eq!((f.api().model(m.id).unwrap(), log(&f)), before);

    // A record of a model is named with its model; an edit of several fields lists them.
    f.award(m.id, "Ban Dân vận", "12/QĐ");
    assert_eq!(
        texts(&f.api().undo_preview().unwrap()),
        (
            "Hoàn tác: thêm khen thưởng của MH-28?".into(),
            "Undo: add award of MH-28?".into()
        )
    );
    f.api().undo().unwrap();
    let mut e = f.api().model(m.id).unwrap().model;
    e.title = "Dân vận khéo ở khu dân cư".into();
    e.registered_on = d(2018, 2, 3);
    f.api().save(Request::SaveModel(e)).unwrap();
    assert_eq!(
        f.api().undo_preview().unwrap().text(Lang::En),
        "Undo: edit MH-28 (title: Dân vận khéo ở khu dân cư → Mô hình MH-28; \
         registration date: 03/02/2018 → 01/01/2018)?"
    );
    // What the undo would refuse, the preview refuses the same way.
    let b = as_user(&f, "minh", Role::Editor);
    let mut x = Api(&b).model(m.id).unwrap().model;
    x.summary = "Của Minh".into();
    Api(&b).save(Request::SaveModel(x)).unwrap();
    assert!(matches!(
        f.api().undo_preview(),
        Err(ApiError::Msg(Msg::Conflict { user, .. })) if user == "minh"
    ));
    assert!(matches!(
        Api(&as_user(&f, "lan", Role::Editor)).undo_preview(),
        Err(ApiError::Msg(Msg::NothingToUndo))
    ));
}

#[test]
fn redo_makes_undone_changes_again_newest_undo_first() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let m = f.approved("MH-01", u);
    assert!(matches!(
        f.api().redo(),
        Err(ApiError::Msg(Msg::NothingToRedo))
    ));
    set_title(&f, m.id, "A");
    set_title(&f, m.id, "B");
    f.api().undo().unwrap();
    f.api().undo().unwrap();
    assert_eq!(title(&f, m.id), "Mô hình MH-01");
    assert_eq!(
        texts(&f.api().redo_preview().unwrap()),
        (
            "Làm lại: sửa tên MH-01 (Mô hình MH-01 → A)?".into(),
            "Redo: edit title of MH-01 (Mô hình MH-01 → A)?".into()
        )
    );
    assert_eq!(
        title(&f, m.id),
        "Mô hình MH-01",
        "a preview changes nothing"
    );
    assert_eq!(
        f.api().redo().unwrap(),
        (RecordRef::Model(m.id), Action::Update)
    );
    assert_eq!(title(&f, m.id), "A");
    f.api().redo().unwrap();
    assert_eq!(title(&f, m.id), "B");
    assert!(matches!(
        f.api().redo(),
        Err(ApiError::Msg(Msg::NothingToRedo))
    ));
    // A redo is a change that undo takes back, and that can be redone again.
    f.api().undo().unwrap();
    assert_eq!(title(&f, m.id), "A");
    f.api().redo().unwrap();
    assert_eq!(title(&f, m.id), "B");

    // A check-in created, undone and redone comes back with its id; a deletion is redone.
    let c = f.checkin(m.id, d(2018, 3, 1));
    f.api().undo().unwrap();
    assert!(f.api().model(m.id).unwrap().checkins.is_empty());
    assert_eq!(
        f.api().redo().unwrap(),
        (RecordRef::CheckIn(c), Action::Create)
    );
    assert_eq!(f.api().model(m.id).unwrap().checkins[0].id, c);
    let a = f.award(m.id, "Ban Dân vận", "7/QĐ");
    f.api().delete(Request::DeleteAward { id: a }).unwrap();
    f.api().undo().unwrap();
    assert_eq!(f.api().model(m.id).unwrap().awards.len(), 1);
    assert_eq!(
        f.api().redo_preview().unwrap().text(Lang::Vi),
        "Làm lại: xóa khen thưởng của MH-01?"
    );
    f.api().redo().unwrap();
    assert!(f.api().model(m.id).unwrap().awards.is_empty());
    // And a model deleted with its check-in, undone, redone.
    f.api().delete(Request::DeleteModel { id: m.id }).unwrap();
    f.api().undo().unwrap();
    assert_eq!(f.api().model(m.id).unwrap().checkins.len(), 1);
    f.api().redo().unwrap();
    assert!(f.api().model(m.id).is_err());
    f.sound();
}

#[test]
fn redo_is_refused_when_someone_changed_the_record_since_the_undo() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let m = f.approved("MH-01", u);
    set_title(&f, m.id, "Tên của A");
    f.api().undo().unwrap();
    let b = as_user(&f, "minh", Role::Editor);
    let mut x = Api(&b).model(m.id).unwrap().model;
    x.summary = "Tóm tắt của B".into();
    Api(&b).save(Request::SaveModel(x)).unwrap();
    let before = f.api().model(m.id).unwrap().model;
    for r in [
        f.api().redo().map(|_| ()),
        f.api().redo_preview().map(|_| ()),
    ] {
        match r {
            Err(ApiError::Msg(Msg::Conflict { user, at })) => {
                assert_eq!(user, "minh");
                assert!(!at.is_empty());
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
    }
    assert_eq!(f.api().model(m.id).unwrap().model, before);
    // A record removed by someone else since is not brought back either.
    let c = f.checkin(m.id, d(2018, 3, 1));
    f.api().undo().unwrap();
    let c2 = Api(&b)
        .save(Request::SaveCheckIn(inspection(m.id, d(2018, 4, 1))))
        .unwrap()
        .0;
    Api(&b).delete(Request::DeleteModel { id: m.id }).unwrap();
    assert!(matches!(
        f.api().redo(),
        Err(ApiError::Msg(Msg::Conflict { user, .. })) if user == "minh"
    ));
    assert_ne!(c, c2);
    f.sound();
}

#[test]
fn a_new_change_after_an_undo_clears_what_there_was_to_redo() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let m = f.approved("MH-01", u);
    let other = f.approved("MH-02", u);
    set_title(&f, m.id, "A");
    f.api().undo().unwrap();
    // Someone else's change does not clear the caller's redo …
    let b = as_user(&f, "minh", Role::Editor);
    Api(&b)
        .save(Request::SaveCheckIn(inspection(other.id, d(2018, 2, 1))))
        .unwrap();
    assert!(f.api().redo_preview().is_ok());
    // … the caller's own does, even on another record.
    set_title(&f, other.id, "Khác");
    for r in [
        f.api().redo().map(|_| ()),
        f.api().redo_preview().map(|_| ()),
    ] {
        assert!(matches!(r, Err(ApiError::Msg(Msg::NothingToRedo))), "{r:?}");
    }
    assert_eq!(title(&f, m.id), "Mô hình MH-01");
    let (vi, en) = texts(&Msg::NothingToRedo);
    assert_eq!(
        (vi.as_str(), en.as_str()),
        ("không còn gì để làm lại", "nothing to redo")
    );
}

#[test]
fn one_award_decision_for_many_models_is_one_change() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let ms: Vec<Model> = (1..=3)
        .map(|i| f.approved(&format!("MH-0{i}"), u))
        .collect();
    let ids: Vec<Id> = ms.iter().map(|m| m.id).collect();
    let entries = log(&f).len();
    let (saved, skipped) = f
        .api()
        .batch(Request::AwardMany {
            award: decision("15/QĐ-BDV"),
            // A model named twice gets one award.
            models: vec![ids[0], ids[1], ids[2], ids[0]],
        })
        .unwrap();
    assert_eq!((saved.len(), skipped), (3, vec![]));
    for (m, (id, _)) in ms.iter().zip(&saved) {
        let awards = f.api().model(m.id).unwrap().awards;
        assert_eq!(awards.len(), 1);
        assert_eq!(
            (awards[0].id, awards[0].decision_no.as_str()),
            (*id, "15/QĐ-BDV")
        );
    }
    // Each model's history has its award; the log has one entry per award.
    assert_eq!(log(&f).len(), entries + 3);
    assert_eq!(
        texts(&f.api().undo_preview().unwrap()),
        (
            "Hoàn tác: thêm khen thưởng của MH-01 và 2 bản ghi khác cùng lúc?".into(),
            "Undo: add award of MH-01 and 2 other records changed with it?".into()
        )
    );
    // One undo takes back all three; one redo makes all three again, ids kept.
    let (r, a) = f.api().undo().unwrap();
    assert_eq!(
        (r, a),
        (
            RecordRef::Import {
                file: "batch".into(),
                rows: 3
            },
            Action::Create
        )
    );
    for m in &ms {
        assert!(f.api().model(m.id).unwrap().awards.is_empty());
    }
    assert!(
        f.api()
            .redo_preview()
            .unwrap()
            .text(Lang::En)
            .starts_with("Redo: add award of MH-01")
    );
    f.api().redo().unwrap();
    for (m, (id, _)) in ms.iter().zip(&saved) {
        assert_eq!(f.api().model(m.id).unwrap().awards[0].id, *id);
    }
    // Undo after the redo takes the three back again, and nothing older with them.
    f.api().undo().unwrap();
    assert_eq!(f.api().award_rows(None).unwrap().len(), 0);
    assert_eq!(ms.len(), 3);
    f.sound();
}

#[test]
fn a_problem_with_one_model_refuses_the_whole_award_naming_the_model() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let m1 = f.approved("MH-01", u);
    let m2 = f.approved("MH-02", u);
    f.award(m2.id, "Ban Dân vận", "15/QĐ-BDV");
    let entries = log(&f);
    let r = f.api().batch(Request::AwardMany {
        award: decision("15/QĐ-BDV"),
        models: vec![m1.id, m2.id],
    });
    let e = r.unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(
        e.text(Lang::Vi),
        "mô hình “MH-02”, số quyết định: bản ghi này đã có"
    );
    assert_eq!(
        e.text(Lang::En),
        "model “MH-02”, decision number: this record already exists"
    );
    assert!(f.api().model(m1.id).unwrap().awards.is_empty());
    assert_eq!(log(&f), entries);
    // No model named: refused.
    assert!(matches!(
        f.api().batch(Request::AwardMany { award: decision("1"), models: vec![] }),
        Err(ApiError::Invalid(p)) if p[0].field == "models"
    ));
    // A unit editor may not give awards at all.
    let ue = as_user(&f, "tuan", Role::UnitEditor(["CB-01".to_string()].into()));
    assert!(
        Api(&ue)
            .batch(Request::AwardMany {
                award: decision("16/QĐ-BDV"),
                models: vec![m1.id],
            })
            .is_err()
    );
    assert!(f.api().model(m1.id).unwrap().awards.is_empty());
}

#[test]
fn one_check_in_for_many_models_with_each_models_right_checked() {
    let f = fresh();
    let u1 = f.unit("CB-01", "Chi bộ 1", None);
    let u2 = f.unit("CB-02", "Chi bộ 2", None);
    let m1 = f.approved("MH-01", u1);
    let m2 = f.approved("MH-02", u1);
    let m3 = f.approved("MH-03", u2);
    let ue = as_user(&f, "tuan", Role::UnitEditor(["CB-01".to_string()].into()));
    let visit = inspection(0, d(2018, 5, 2));
    // A model of another unit refuses the whole check-in, naming the model and the unit.
    let e = Api(&ue)
        .batch(Request::CheckInMany {
            checkin: visit.clone(),
            models: vec![m1.id, m3.id],
        })
        .unwrap_err();
    assert_eq!(
        e.text(Lang::En),
        "model “MH-03”: not allowed for the unit “CB-02”: needs the editor right"
    );
    assert!(f.api().model(m1.id).unwrap().checkins.is_empty());
    // Its own models: one check-in each, undone as one and redone as one.
    let (saved, _) = Api(&ue)
        .batch(Request::CheckInMany {
            checkin: visit,
            models: vec![m1.id, m2.id],
        })
        .unwrap();
    assert_eq!(saved.len(), 2);
    for m in [&m1, &m2] {
        let cs = f.api().model(m.id).unwrap().checkins;
        assert_eq!((cs.len(), cs[0].date), (1, d(2018, 5, 2)));
    }
    assert_eq!(
        Api(&ue).undo_preview().unwrap().text(Lang::Vi),
        "Hoàn tác: thêm lần theo dõi của MH-01 và 1 bản ghi khác cùng lúc?"
    );
    Api(&ue).undo().unwrap();
    for m in [&m1, &m2] {
        assert!(f.api().model(m.id).unwrap().checkins.is_empty());
    }
    Api(&ue).redo().unwrap();
    for (m, (id, _)) in [&m1, &m2].into_iter().zip(&saved) {
        assert_eq!(f.api().model(m.id).unwrap().checkins[0].id, *id);
    }
    f.sound();
}

#[test]
fn a_workflow_action_for_many_models_applies_where_allowed_and_names_the_rest() {
    let f = fresh();
    let u1 = f.unit("CB-01", "Chi bộ 1", None);
    let u2 = f.unit("CB-02", "Chi bộ 2", None);
    let draft = |code: &str, u| {
        f.model(
            code,
            u,
            ModelKind::Collective,
            RegStatus::Draft,
            d(2018, 1, 1),
        )
    };
    let (a, b) = (draft("MH-01", u1), draft("MH-02", u1));
    let approved = f.approved("MH-03", u1);
    let other = draft("MH-04", u2);
    let submit = |be: &dyn Backend, models: Vec<Id>| {
        Api(be).batch(Request::ModelActionMany {
            models,
            action: ModelAction::Status(RegStatus::Submitted),
            reason: String::new(),
        })
    };
    let entries = log(&f).len();
    // A unit editor submits its drafts; an approved model and another unit's are skipped,
    // each named with why.
    let ue = as_user(&f, "tuan", Role::UnitEditor(["CB-01".to_string()].into()));
    let (saved, skipped) = submit(&ue, vec![a.id, approved.id, b.id, other.id]).unwrap();
    assert_eq!(
        saved.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![a.id, b.id]
    );
    let why: Vec<(String, String)> = skipped
        .iter()
        .map(|p| (p.field.clone(), p.msg.text(Lang::En)))
        .collect();
    assert_eq!(why.len(), 2, "{why:?}");
    assert_eq!(why[0].0, "MH-03");
    assert!(why[0].1.contains("MH-03"), "{why:?}");
    assert_eq!(
        why[1],
        (
            "MH-04".to_string(),
            "not allowed for the unit “CB-02”: needs the editor right".to_string()
        )
    );
    let status = |m: &Model| f.api().model(m.id).unwrap().model.status;
    assert_eq!(
        [status(&a), status(&b), status(&approved), status(&other)],
        [
            RegStatus::Submitted,
            RegStatus::Submitted,
            RegStatus::Approved,
            RegStatus::Draft
        ]
    );
    assert_eq!(log(&f).len(), entries + 2);
    // One undo takes both back; one redo submits both again.
    Api(&ue).undo().unwrap();
    assert_eq!([status(&a), status(&b)], [RegStatus::Draft; 2]);
    assert_eq!(
        Api(&ue).redo_preview().unwrap().text(Lang::En),
        "Redo: edit status of MH-01 (Draft → Submitted) and 1 other records changed with it?"
    );
    Api(&ue).redo().unwrap();
    assert_eq!([status(&a), status(&b)], [RegStatus::Submitted; 2]);
    // When no model allows it, nothing is written and every model is named.
    let before = log(&f).len();
    let e = submit(&f.be, vec![a.id, approved.id]).unwrap_err();
    let lines = e.text(Lang::Vi);
    assert!(
        lines.lines().count() == 2 && lines.contains("MH-01") && lines.contains("MH-03"),
        "{lines}"
    );
    assert_eq!(log(&f).len(), before);
    // A move that needs a reason and has none: the reason is named for each model.
    let e = Api(&f.be)
        .batch(Request::ModelActionMany {
            models: vec![a.id],
            action: ModelAction::Status(RegStatus::Returned),
            reason: String::new(),
        })
        .unwrap_err();
    assert_eq!(
        e.text(Lang::En),
        "MH-01: model “MH-01”, reason: is required"
    );
    f.sound();
}

#[test]
fn a_change_for_many_models_is_not_undone_over_someone_elses_later_change() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let (m1, m2) = (f.approved("MH-01", u), f.approved("MH-02", u));
    let (saved, _) = f
        .api()
        .batch(Request::AwardMany {
            award: decision("20/QĐ"),
            models: vec![m1.id, m2.id],
        })
        .unwrap();
    // Someone else corrects the second award's note.
    let b = as_user(&f, "minh", Role::Editor);
    let mut a2 = Api(&b).model(m2.id).unwrap().awards[0].clone();
    assert_eq!(a2.id, saved[1].0);
    a2.note = "Bổ sung".into();
    Api(&b).save(Request::SaveAward(a2)).unwrap();
    for r in [
        f.api().undo().map(|_| ()),
        f.api().undo_preview().map(|_| ()),
    ] {
        assert!(
            matches!(&r, Err(ApiError::Msg(Msg::Conflict { user, .. })) if user == "minh"),
            "{r:?}"
        );
    }
    // Neither award was taken back: the change is undone whole or not at all.
    assert_eq!(f.api().model(m1.id).unwrap().awards.len(), 1);
    assert_eq!(f.api().model(m2.id).unwrap().awards[0].note, "Bổ sung");
    f.sound();
}

#[test]
fn a_redo_is_held_to_the_rights_of_the_caller_inside_the_write() {
    let f = fresh();
    let u1 = f.unit("CB-01", "Chi bộ 1", None);
    f.unit("CB-02", "Chi bộ 2", None);
    let m = f.approved("MH-01", u1);
    let ue = as_user(&f, "tuan", Role::UnitEditor(["CB-01".to_string()].into()));
    let c = Api(&ue)
        .save(Request::SaveCheckIn(inspection(m.id, d(2018, 3, 1))))
        .unwrap()
        .0;
    Api(&ue).undo().unwrap();
    assert!(Api(&ue).redo_preview().is_ok());
    // The committee moves the model to another unit: the check-in is no longer the unit
    // editor's to make again.
    let mut moved = f.api().model(m.id).unwrap().model;
    moved.unit = f
        .api()
        .units()
        .unwrap()
        .iter()
        .find(|u| u.code == "CB-02")
        .unwrap()
        .id;
    f.api().save(Request::SaveModel(moved)).unwrap();
    for r in [
        Api(&ue).redo().map(|_| ()),
        Api(&ue).redo_preview().map(|_| ()),
    ] {
        assert!(
            matches!(&r, Err(ApiError::Msg(Msg::ForbiddenUnit { unit, .. })) if unit == "CB-02"),
            "{r:?}"
        );
    }
    assert!(f.api().model(m.id).unwrap().checkins.is_empty());
    // The committee's editor may not redo what the unit editor undid: redo is the caller's.
    assert!(matches!(
        f.api().redo(),
        Err(ApiError::Msg(Msg::NothingToRedo))
    ));
    assert_ne!(c, 0);
}
