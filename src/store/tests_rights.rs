//! Rights and undo with several people on one store: undo never discards someone else's
//! later change, and a unit editor's rights are checked inside the write on the records as
//! stored and as they would be written.

use super::tests::{Fx, d, fresh, inspection};
use super::*;
use crate::api::*;
use crate::domain::*;
use crate::server::auth::Role;

/// Another person on the same store.
fn as_user(f: &Fx, user: &str, role: Role) -> Embedded {
    Embedded::with_role(f.be.store().clone(), user.into(), role)
}

fn unit_editor(f: &Fx, units: &[&str]) -> Embedded {
    as_user(
        f,
        "tuan",
        Role::UnitEditor(units.iter().map(|u| u.to_string()).collect()),
    )
}

fn conflict_by(r: ApiResult<(RecordRef, Action)>) -> String {
    match r {
        Err(ApiError::Msg(Msg::Conflict { user, at })) => {
            assert!(!at.is_empty(), "the conflict says when");
            user
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn forbidden_unit(r: ApiResult<(Id, u64)>) -> String {
    match r {
        Err(ApiError::Msg(Msg::ForbiddenUnit { unit, right })) => {
            assert_eq!(right, "editor");
            unit
        }
        other => panic!("expected a refusal naming a unit, got {other:?}"),
    }
}

fn is_forbidden<T: std::fmt::Debug>(r: ApiResult<T>, right: &str) {
    match r {
        Err(ApiError::Msg(Msg::Forbidden { right: r })) => assert_eq!(r, right),
        other => panic!("expected “needs the {right} right”, got {other:?}"),
    }
}

#[test]
fn undo_is_refused_after_someone_elses_later_change() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let m = f.approved("MH-01", u);
    let b = as_user(&f, "minh", Role::Editor);
    // B's work on another record does not stand in the way of A's undo.
    let other = f.approved("MH-02", u);
    let mut ma = m.clone();
    ma.title = "Tên tạm".into();
    let (_, rev) = f.api().save(Request::SaveModel(ma.clone())).unwrap();
    ma.title = "Tên tạm 2".into();
    ma.rev = rev;
    f.api().save(Request::SaveModel(ma)).unwrap();
    Api(&b)
        .save(Request::SaveCheckIn(inspection(other.id, d(2018, 2, 1))))
        .unwrap();
    // A's own changes are taken back one by one.
    for _ in 0..2 {
        assert_eq!(
            f.api().undo().unwrap(),
            (RecordRef::Model(m.id), Action::Update)
        );
    }
    // The record comes back as it was; its revision goes on (see the next test).
    let back = f.api().model(m.id).unwrap().model;
    assert_eq!(
        back,
        Model {
            rev: m.rev + 4,
            ..m.clone()
        }
    );
    // A (canbo) changes the title, then B changes the summary.
    let mut ma = back;
    ma.title = "Tên của A".into();
    let (_, rev) = f.api().save(Request::SaveModel(ma)).unwrap();
    let mut mb = Api(&b).model(m.id).unwrap().model;
    assert_eq!(mb.rev, rev);
    mb.summary = "Tóm tắt của B".into();
    Api(&b).save(Request::SaveModel(mb.clone())).unwrap();
    // A's undo would put back A's `before` and discard B's summary: refused, naming B.
    assert_eq!(conflict_by(f.api().undo()), "minh");
    let now = f.api().model(m.id).unwrap().model;
    assert_eq!(
        (now.title.as_str(), now.summary.as_str()),
        ("Tên của A", "Tóm tắt của B")
    );
    // The same holds for a record B removed since: A's update is not brought back.
    let c = f.checkin(m.id, d(2018, 3, 1));
    let mut cb = Api(&b).model(m.id).unwrap().checkins[0].clone();
    assert_eq!(cb.id, c);
    cb.note = "B".into();
    Api(&b).save(Request::SaveCheckIn(cb)).unwrap();
    Api(&b)
        .delete(Request::DeleteCheckIn { model: m.id, id: c })
        .unwrap();
    assert_eq!(conflict_by(f.api().undo()), "minh");
    assert!(f.api().model(m.id).unwrap().checkins.is_empty());
    f.sound();
}

/// An undo does not take a record's revision back: a copy of the undone state, still open
/// somewhere, cannot be saved over a change made after the undo.
#[test]
fn a_copy_from_before_an_undo_cannot_overwrite_a_later_change() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let m = f.approved("MH-01", u);
    let mut ma = m.clone();
    ma.title = "Tên của A".into();
    f.api().save(Request::SaveModel(ma)).unwrap();
    // Someone opens the model as A left it.
    let b = as_user(&f, "minh", Role::Editor);
    let stale = Api(&b).model(m.id).unwrap().model;
    f.api().undo().unwrap();
    // A third person edits the model as the undo left it.
    let c = as_user(&f, "hoa", Role::Editor);
    let mut mc = Api(&c).model(m.id).unwrap().model;
    mc.summary = "Tóm tắt của C".into();
    Api(&c).save(Request::SaveModel(mc)).unwrap();
    // The stale copy is refused, naming the third person.
    let mut mb = stale;
    mb.leader = "B".into();
    match Api(&b).save(Request::SaveModel(mb)) {
        Err(ApiError::Msg(Msg::Conflict { user, .. })) => assert_eq!(user, "hoa"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let now = f.api().model(m.id).unwrap().model;
    assert_eq!(
        (
            now.title.as_str(),
            now.summary.as_str(),
            now.leader.as_str()
        ),
        (m.title.as_str(), "Tóm tắt của C", "")
    );
    f.sound();
}

#[test]
fn undoing_a_models_creation_keeps_what_others_added() {
    for child in ["check-in", "award", "replication"] {
        let f = fresh();
        let u = f.unit("CB-01", "Chi bộ 1", None);
        let m = f.approved("MH-01", u);
        let b = as_user(&f, "minh", Role::Editor);
        let api_b = Api(&b);
        match child {
            "check-in" => {
                api_b
                    .save(Request::SaveCheckIn(inspection(m.id, d(2018, 2, 1))))
                    .unwrap();
            }
            "award" => {
                let a = Award {
                    id: 0,
                    model: m.id,
                    body: "UBND tỉnh".into(),
                    form: "Giấy khen".into(),
                    decision_no: "12-QĐ".into(),
                    decided_on: d(2020, 10, 12),
                    note: String::new(),
                    rev: 0,
                };
                api_b.save(Request::SaveAward(a)).unwrap();
            }
            _ => {
                let r = Replication {
                    id: 0,
                    model: m.id,
                    unit: u,
                    date: d(2019, 1, 1),
                    note: String::new(),
                    rev: 0,
                };
                api_b.save(Request::SaveReplication(r)).unwrap();
            }
        }
        let before = f.api().model(m.id).unwrap();
        // A's latest change is the model's creation (the unit came before it).
        assert_eq!(conflict_by(f.api().undo()), "minh", "{child}");
        let after = f.api().model(m.id).unwrap();
        assert_eq!(after, before, "{child}: nothing removed");
        f.sound();
    }
}

/// Two units, a model in each, and a unit editor of the first.
struct Units {
    f: Fx,
    own: Id,
    other: Id,
    own_model: Model,
    other_model: Model,
}

fn two_units() -> Units {
    let f = fresh();
    let own = f.unit("CB-01", "Chi bộ 1", None);
    let other = f.unit("CB-02", "Chi bộ 2", None);
    let own_model = f.model(
        "MH-01",
        own,
        ModelKind::Collective,
        RegStatus::Draft,
        d(2018, 1, 1),
    );
    let other_model = f.approved("MH-02", other);
    Units {
        f,
        own,
        other,
        own_model,
        other_model,
    }
}

#[test]
fn a_unit_editor_may_not_record_another_units_replication() {
    let x = two_units();
    let ue = unit_editor(&x.f, &["CB-01"]);
    let repl = |model: Id, unit: Id| Replication {
        id: 0,
        model,
        unit,
        date: d(2019, 1, 1),
        note: String::new(),
        rev: 0,
    };
    // The model is theirs, the replicating unit is not.
    let r = Api(&ue).save(Request::SaveReplication(repl(x.own_model.id, x.other)));
    assert_eq!(forbidden_unit(r), "CB-02");
    // The replicating unit is theirs, the model is not.
    let r = Api(&ue).save(Request::SaveReplication(repl(x.other_model.id, x.own)));
    assert_eq!(forbidden_unit(r), "CB-02");
    // Both theirs: allowed.
    Api(&ue)
        .save(Request::SaveReplication(repl(x.own_model.id, x.own)))
        .unwrap();
    // A replication stored under another unit, sent back as if it were theirs: the stored
    // record decides.
    let (rid, rev) =
        x.f.api()
            .save(Request::SaveReplication(repl(x.other_model.id, x.other)))
            .unwrap();
    let mut moved = repl(x.own_model.id, x.own);
    moved.id = rid;
    moved.rev = rev;
    assert_eq!(
        forbidden_unit(Api(&ue).save(Request::SaveReplication(moved))),
        "CB-02"
    );
    assert!(matches!(
        Api(&ue).delete(Request::DeleteReplication { id: rid }),
        Err(ApiError::Msg(Msg::ForbiddenUnit { .. }))
    ));
    let stored = x.f.api().model(x.other_model.id).unwrap().replications;
    assert_eq!((stored.len(), stored[0].unit), (1, x.other));
    x.f.sound();
}

#[test]
fn a_unit_editors_right_is_checked_on_the_record_as_stored_and_as_written() {
    let x = two_units();
    let ue = unit_editor(&x.f, &["CB-01"]);
    let api = Api(&ue);
    // Moving its own model to another unit.
    let mut m = x.own_model.clone();
    m.unit = x.other;
    assert_eq!(forbidden_unit(api.save(Request::SaveModel(m))), "CB-02");
    // Another unit's model, sent as if it were in its own unit.
    let mut m = x.other_model.clone();
    m.unit = x.own;
    m.title = "Chiếm".into();
    assert_eq!(forbidden_unit(api.save(Request::SaveModel(m))), "CB-02");
    // Another unit's check-ins.
    let c = x.f.checkin(x.other_model.id, d(2018, 2, 1));
    let theirs = inspection(x.other_model.id, d(2018, 3, 1));
    assert_eq!(
        forbidden_unit(api.save(Request::SaveCheckIn(theirs))),
        "CB-02"
    );
    assert!(matches!(
        api.delete(Request::DeleteCheckIn {
            model: x.other_model.id,
            id: c
        }),
        Err(ApiError::Msg(Msg::ForbiddenUnit { .. }))
    ));
    // Another unit's model removed, moved between steps; another unit's details changed.
    assert!(matches!(
        api.delete(Request::DeleteModel {
            id: x.other_model.id
        }),
        Err(ApiError::Msg(Msg::ForbiddenUnit { .. }))
    ));
    let step = Request::ModelAction {
        id: x.other_model.id,
        rev: x.other_model.rev,
        action: ModelAction::Step(4),
        reason: String::new(),
    };
    assert!(matches!(
        api.save(step),
        Err(ApiError::Msg(Msg::ForbiddenUnit { .. }))
    ));
    let mut unit = api
        .units()
        .unwrap()
        .into_iter()
        .find(|u| u.id == x.other)
        .unwrap();
    unit.name = "Đổi".into();
    assert_eq!(forbidden_unit(api.save(Request::SaveUnit(unit))), "CB-02");
    // Nothing changed.
    assert_eq!(
        x.f.api().model(x.other_model.id).unwrap().model,
        x.other_model
    );
    assert_eq!(x.f.api().model(x.own_model.id).unwrap().model, x.own_model);
    assert_eq!(x.f.api().model(x.other_model.id).unwrap().checkins.len(), 1);
    x.f.sound();
}

/// What a unit editor may do in its own unit, and where a draft stops being its to change.
#[test]
fn a_unit_editor_registers_edits_its_drafts_submits_and_records_check_ins() {
    let x = two_units();
    let ue = unit_editor(&x.f, &["CB-01"]);
    let api = Api(&ue);
    let mut m = x.own_model.clone();
    m.title = "Sửa bản nháp".into();
    let (_, rev) = api.save(Request::SaveModel(m)).unwrap();
    let submit = Request::ModelAction {
        id: x.own_model.id,
        rev,
        action: ModelAction::Status(RegStatus::Submitted),
        reason: String::new(),
    };
    let (_, rev) = api.save(submit).unwrap();
    api.save(Request::SaveCheckIn(inspection(
        x.own_model.id,
        d(2018, 2, 1),
    )))
    .unwrap();
    // Submitted: no longer its to edit.
    let mut m = api.model(x.own_model.id).unwrap().model;
    assert_eq!(m.rev, rev);
    m.title = "Sửa sau khi gửi".into();
    assert!(matches!(
        api.save(Request::SaveModel(m)),
        Err(ApiError::Msg(Msg::NotDraft { .. }))
    ));
    // Its own unit's name, but not its parent.
    let mut unit = api
        .units()
        .unwrap()
        .into_iter()
        .find(|u| u.id == x.own)
        .unwrap();
    unit.name = "Chi bộ Một".into();
    let (_, urev) = api.save(Request::SaveUnit(unit.clone())).unwrap();
    unit.rev = urev;
    unit.parent = Some(x.other);
    assert_eq!(forbidden_unit(api.save(Request::SaveUnit(unit))), "CB-01");
    // A new registration in its unit; no new unit.
    let mut new = x.own_model.clone();
    new.id = 0;
    new.code = "MH-03".into();
    new.status = RegStatus::Submitted;
    api.save(Request::SaveModel(new.clone())).unwrap();
    new.code = "MH-04".into();
    new.status = RegStatus::Approved;
    is_forbidden(api.save(Request::SaveModel(new)), "editor");
    let unit = Unit {
        id: 0,
        code: "CB-01-A".into(),
        name: "Tổ 1".into(),
        parent: Some(x.own),
        kind: UnitKind::PartyCell,
        active: true,
        rev: 0,
    };
    is_forbidden(api.save(Request::SaveUnit(unit)), "editor");
    // Its own change can be undone (the registration just made).
    assert_eq!(api.undo().unwrap().1, Action::Create);
    x.f.sound();
}

#[test]
fn approving_returning_outcomes_and_awards_are_the_committees() {
    let x = two_units();
    let ue = unit_editor(&x.f, &["CB-01"]);
    let api = Api(&ue);
    let m = x.own_model.clone();
    let act = |action| Request::ModelAction {
        id: m.id,
        rev: m.rev,
        action,
        reason: "lý do".into(),
    };
    for action in [
        ModelAction::Status(RegStatus::Approved),
        ModelAction::Status(RegStatus::Returned),
        ModelAction::Outcome(Outcome::Recognized),
    ] {
        is_forbidden(api.save(act(action)), "editor");
    }
    // Approving through a plain save of the model is refused as well.
    let mut approved = m.clone();
    approved.status = RegStatus::Approved;
    is_forbidden(api.save(Request::SaveModel(approved)), "editor");
    let mut decided = m.clone();
    decided.outcome = Outcome::Outstanding;
    is_forbidden(api.save(Request::SaveModel(decided)), "editor");
    let award = Award {
        id: 0,
        model: m.id,
        body: "UBND tỉnh".into(),
        form: "Giấy khen".into(),
        decision_no: "1-QĐ".into(),
        decided_on: d(2020, 10, 12),
        note: String::new(),
        rev: 0,
    };
    is_forbidden(api.save(Request::SaveAward(award.clone())), "editor");
    let aid = x.f.award(x.other_model.id, "UBND tỉnh", "2-QĐ");
    is_forbidden(api.delete(Request::DeleteAward { id: aid }), "editor");
    assert_eq!(x.f.api().model(m.id).unwrap().model, m);
    // The unit submits its registration; the committee approves it.
    let (_, rev) = api
        .save(act(ModelAction::Status(RegStatus::Submitted)))
        .unwrap();
    let ed = as_user(&x.f, "minh", Role::Editor);
    Api(&ed)
        .save(Request::ModelAction {
            id: m.id,
            rev,
            action: ModelAction::Status(RegStatus::Approved),
            reason: String::new(),
        })
        .unwrap();
    Api(&ed).save(Request::SaveAward(award)).unwrap();
    x.f.sound();
}

#[test]
fn viewers_only_read_and_nobody_reads_nothing() {
    let x = two_units();
    let viewer = as_user(&x.f, "khach", Role::Viewer);
    assert_eq!(Api(&viewer).units().unwrap().len(), 2);
    is_forbidden(
        Api(&viewer).save(Request::SaveCheckIn(inspection(
            x.own_model.id,
            d(2018, 2, 1),
        ))),
        "editor",
    );
    let nobody = as_user(&x.f, "la", Role::Nobody);
    is_forbidden(Api(&nobody).units(), "viewer");
    is_forbidden(Api(&nobody).model(x.own_model.id), "viewer");
    is_forbidden(Api(&nobody).draft(), "viewer");
    is_forbidden(Api(&nobody).undo(), "viewer");
}

/// A unit editor's rights follow the unit as stored when the write runs, not when it was
/// asked: a model moved to another unit by the committee is no longer theirs.
#[test]
fn a_record_moved_to_another_unit_is_no_longer_the_unit_editors() {
    let x = two_units();
    let ue = unit_editor(&x.f, &["CB-01"]);
    let stale = x.own_model.clone();
    let mut moved = x.own_model.clone();
    moved.unit = x.other;
    x.f.api().save(Request::SaveModel(moved)).unwrap();
    // The unit editor still holds the copy from when it was theirs.
    let mut mine = stale;
    mine.title = "Vẫn của tôi?".into();
    assert_eq!(
        forbidden_unit(Api(&ue).save(Request::SaveModel(mine))),
        "CB-02"
    );
    let c = inspection(x.own_model.id, d(2018, 2, 1));
    assert_eq!(
        forbidden_unit(Api(&ue).save(Request::SaveCheckIn(c))),
        "CB-02"
    );
}

/// Undoing an import removes what it created: not when someone has since changed one of
/// those records or added a check-in to one of its models.
#[test]
fn undoing_an_import_keeps_what_others_did_with_it() {
    let f = fresh();
    let u = f.unit("CB-01", "Chi bộ 1", None);
    let template = f.approved("MH-00", u);
    let rows: Vec<ModelImport> = (1..=2)
        .map(|i| {
            let mut m = template.clone();
            m.id = 0;
            m.rev = 0;
            m.code = format!("MH-0{i}");
            ModelImport {
                line: i + 1,
                model: m,
                unit_code: "CB-01".into(),
            }
        })
        .collect();
    f.api().import(ImportBatch::Models(rows), false).unwrap();
    let imported = f.api().model_by_code("MH-02".into()).unwrap().model;
    let b = as_user(&f, "minh", Role::Editor);
    Api(&b)
        .save(Request::SaveCheckIn(inspection(imported.id, d(2018, 5, 1))))
        .unwrap();
    assert_eq!(conflict_by(f.api().undo()), "minh");
    let after = f.api().model(imported.id).unwrap();
    assert_eq!((after.model, after.checkins.len()), (imported, 1));
    assert!(f.api().model_by_code("MH-01".into()).is_ok());
    f.sound();
}

/// Undo is a write like any other: a unit editor's undo is held to its units and to what a
/// unit editor may do, whatever its role was when it made the change.
#[test]
fn a_unit_editors_undo_is_held_to_its_rights() {
    let x = two_units();
    let units = |u: &[&str]| Role::UnitEditor(u.iter().map(|s| s.to_string()).collect());
    // Changes made while an editor.
    let was_editor = as_user(&x.f, "tuan", Role::Editor);
    let mut m = x.other_model.clone();
    m.title = "Sửa khi còn là editor".into();
    Api(&was_editor).save(Request::SaveModel(m)).unwrap();
    let was_editor2 = as_user(&x.f, "hung", Role::Editor);
    x.f.award(x.own_model.id, "UBND tỉnh", "1-QĐ");
    let aw = Award {
        id: 0,
        model: x.own_model.id,
        body: "UBND tỉnh".into(),
        form: "Giấy khen".into(),
        decision_no: "2-QĐ".into(),
        decided_on: d(2020, 10, 12),
        note: String::new(),
        rev: 0,
    };
    Api(&was_editor2).save(Request::SaveAward(aw)).unwrap();
    // Now unit editors of CB-01.
    let now = as_user(&x.f, "tuan", units(&["CB-01"]));
    match Api(&now).undo() {
        Err(ApiError::Msg(Msg::ForbiddenUnit { unit, .. })) => assert_eq!(unit, "CB-02"),
        other => panic!("{other:?}"),
    }
    let now2 = as_user(&x.f, "hung", units(&["CB-01"]));
    is_forbidden(Api(&now2).undo(), "editor");
    assert_eq!(
        x.f.api().model(x.other_model.id).unwrap().model.title,
        "Sửa khi còn là editor"
    );
    assert_eq!(x.f.api().model(x.own_model.id).unwrap().awards.len(), 2);
    x.f.sound();
}

/// The parts of a large import are refused inside the store to whoever may not import —
/// before any is kept aside — and nothing is written.
#[test]
fn a_unit_editor_or_viewer_sends_no_part_of_an_import() {
    let f = fresh();
    f.unit("CB-01", "Chi bộ 01", None);
    let before = f.api().dataset().unwrap();
    let part = |first, last| Request::ImportPart {
        batch: ImportBatch::Units(vec![]),
        first,
        last,
        dry_run: false,
    };
    for who in [
        unit_editor(&f, &["CB-01"]),
        as_user(&f, "xem", Role::Viewer),
    ] {
        for (first, last) in [(true, false), (false, true)] {
            let r = Api(&who).0.call(part(first, last));
            assert!(
                matches!(r, Err(ApiError::Msg(Msg::Forbidden { .. }))),
                "{r:?}"
            );
        }
    }
    assert_eq!(f.api().dataset().unwrap(), before);
}
