//! The workflow of a registration in the store: each move allowed or refused as
//! `domain::workflow` says, reasons where a move needs one, and plain saves held to the same
//! rules.

use super::tests::{Fx, d, fresh};
use crate::api::*;
use crate::domain::*;

/// A model of the 2017-2020 period (five steps) in the given state, saved as stored.
fn in_state(f: &Fx, code: &str, status: RegStatus, step: u8, outcome: Outcome) -> Model {
    let u = f.unit(&format!("U-{code}"), "Chi bộ", None);
    let mut m = f.model(code, u, ModelKind::Collective, status, d(2018, 1, 1));
    if m.step != step || m.outcome != outcome {
        // A new registration may be entered in any consistent state.
        f.api().delete(Request::DeleteModel { id: m.id }).unwrap();
        m.id = 0;
        m.rev = 0;
        m.step = step;
        m.outcome = outcome;
        let (id, _) = f.api().save(Request::SaveModel(m)).unwrap();
        m = f.api().model(id).unwrap().model;
    }
    m
}

#[test]
fn each_move_is_allowed_or_refused_as_the_workflow_says() {
    use crate::api::ModelAction as A;
    use Outcome::*;
    use RegStatus::*;
    let f = fresh();
    // (status, step, outcome) before, the move, allowed?
    let table: Vec<((RegStatus, u8, Outcome), A, bool)> = vec![
        ((Draft, 1, Pending), A::Status(Submitted), true),
        ((Draft, 1, Pending), A::Status(Approved), false),
        ((Draft, 1, Pending), A::Status(Returned), false),
        ((Submitted, 1, Pending), A::Status(Approved), true),
        ((Submitted, 1, Pending), A::Status(Returned), true),
        ((Submitted, 1, Pending), A::Status(Draft), false),
        ((Submitted, 1, Pending), A::Status(Submitted), false),
        ((Returned, 1, Pending), A::Status(Submitted), true),
        ((Returned, 1, Pending), A::Status(Approved), false),
        ((Approved, 3, Pending), A::Status(Returned), false),
        ((Approved, 3, Pending), A::Status(Draft), false),
        ((Approved, 3, Recognized), A::Status(Submitted), false),
        ((Approved, 3, Pending), A::Step(4), true),
        ((Approved, 3, Pending), A::Step(2), true),
        ((Approved, 3, Pending), A::Step(5), false),
        ((Approved, 3, Pending), A::Step(1), false),
        ((Approved, 3, Pending), A::Step(3), false),
        ((Approved, 5, Pending), A::Step(6), false),
        ((Approved, 3, Pending), A::Outcome(Outstanding), true),
        ((Approved, 3, Recognized), A::Outcome(Dropped), true),
        ((Submitted, 3, Pending), A::Outcome(Recognized), false),
        ((Draft, 3, Pending), A::Outcome(Outstanding), false),
        ((Returned, 3, Pending), A::Outcome(Dropped), false),
    ];
    for (i, ((status, step, outcome), act, ok)) in table.into_iter().enumerate() {
        let m = in_state(&f, &format!("W{i}"), status, step, outcome);
        assert_eq!((m.status, m.step, m.outcome), (status, step, outcome));
        let r = f.api().save(Request::ModelAction {
            id: m.id,
            rev: m.rev,
            action: act.clone(),
            reason: "Theo kết luận của đoàn kiểm tra".into(),
        });
        let now = f.api().model(m.id).unwrap().model;
        match (ok, r) {
            (true, Ok(_)) => assert_ne!(now, m, "row {i}: {act:?} changed the model"),
            (false, Err(ApiError::Msg(msg))) => {
                assert_eq!(now, m, "row {i}: a refused move changes nothing");
                // The message names the model, where it is and the move.
                let (vi, en) = (
                    msg.text(crate::i18n::Lang::Vi),
                    msg.text(crate::i18n::Lang::En),
                );
                assert!(vi.contains(&m.code) && en.contains(&m.code), "{en}");
                match act {
                    A::Step(s) => assert!(
                        en.contains(&format!("step {step}")) && en.contains(&format!("step {s}")),
                        "{en}"
                    ),
                    A::Status(s) => assert!(
                        en.contains(status.label(crate::i18n::Lang::En))
                            && en.contains(s.label(crate::i18n::Lang::En))
                            && vi.contains(s.label(crate::i18n::Lang::Vi)),
                        "{en} / {vi}"
                    ),
                    A::Outcome(o) | A::Decide { outcome: o, .. } => assert!(
                        en.contains("approved") && en.contains(o.label(crate::i18n::Lang::En)),
                        "{en}"
                    ),
                }
            }
            (ok, r) => panic!(
                "row {i}: {act:?} from {status:?}/{step}/{outcome:?}: want ok={ok}, got {r:?}"
            ),
        }
    }
    f.sound();
}

#[test]
fn a_step_back_and_a_returned_registration_need_a_reason() {
    use crate::api::ModelAction as A;
    let f = fresh();
    let m = in_state(&f, "R1", RegStatus::Approved, 3, Outcome::Pending);
    let act = |action, reason: &str| Request::ModelAction {
        id: m.id,
        rev: m.rev,
        action,
        reason: reason.into(),
    };
    let Err(ApiError::Invalid(ps)) = f.api().save(act(A::Step(2), " ")) else {
        panic!("a step back without a reason is refused")
    };
    assert_eq!(
        (ps[0].field.as_str(), &ps[0].msg),
        ("reason", &Msg::Required)
    );
    // Forward needs none; back with one is recorded in the history.
    let (_, rev) = f.api().save(act(A::Step(4), "")).unwrap();
    f.api()
        .save(Request::ModelAction {
            id: m.id,
            rev,
            action: A::Step(3),
            reason: "Chưa đủ hồ sơ sơ kết".into(),
        })
        .unwrap();
    let h = f.api().history(RecordRef::Model(m.id), 50).unwrap();
    assert!(h.iter().any(|e| e.note == "Chưa đủ hồ sơ sơ kết"), "{h:?}");
    let s = in_state(&f, "R2", RegStatus::Submitted, 1, Outcome::Pending);
    let r = f.api().save(Request::ModelAction {
        id: s.id,
        rev: s.rev,
        action: A::Status(RegStatus::Returned),
        reason: String::new(),
    });
    assert!(
        matches!(r, Err(ApiError::Invalid(ref ps)) if ps[0].field == "reason"),
        "{r:?}"
    );
}

#[test]
fn a_plain_save_follows_the_same_rules() {
    let f = fresh();
    let m = in_state(&f, "P1", RegStatus::Draft, 1, Outcome::Pending);
    // Approving a draft, jumping steps, deciding an outcome, stepping back without a reason:
    // each refused through a save of the whole model, and nothing changes.
    type Change = fn(&mut Model);
    let changes: Vec<(&str, Change)> = vec![
        ("status", (|m| m.status = RegStatus::Approved)),
        ("step", (|m| m.step = 3)),
        ("outcome", (|m| m.outcome = Outcome::Recognized)),
    ];
    for (what, change) in changes {
        let mut x = m.clone();
        change(&mut x);
        let r = f.api().save(Request::SaveModel(x));
        assert!(matches!(r, Err(ApiError::Msg(_))), "{what}: {r:?}");
        assert_eq!(f.api().model(m.id).unwrap().model, m, "{what}");
    }
    let a = in_state(&f, "P2", RegStatus::Approved, 3, Outcome::Pending);
    let mut back = a.clone();
    back.step = 2;
    let r = f.api().save(Request::SaveModel(back));
    assert!(
        matches!(r, Err(ApiError::Invalid(ref ps)) if ps[0].field == "reason"),
        "{r:?}"
    );
    // Allowed moves go through: submitting, one step forward, with other edits.
    let mut ok = m.clone();
    ok.status = RegStatus::Submitted;
    ok.step = 2;
    ok.title = "Dân vận khéo trong giữ rừng".into();
    f.api().save(Request::SaveModel(ok)).unwrap();
    // A new registration with an outcome must be approved already.
    let u = f.unit("U-P3", "Chi bộ", None);
    let mut n = f.model(
        "P3",
        u,
        ModelKind::Collective,
        RegStatus::Approved,
        d(2018, 1, 1),
    );
    f.api().delete(Request::DeleteModel { id: n.id }).unwrap();
    n.id = 0;
    n.rev = 0;
    n.status = RegStatus::Submitted;
    n.outcome = Outcome::Outstanding;
    let r = f.api().save(Request::SaveModel(n));
    assert!(
        matches!(r, Err(ApiError::Msg(Msg::OutcomeNeedsApproval { .. }))),
        "{r:?}"
    );
    f.sound();
}
