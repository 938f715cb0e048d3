//! Editing by keyboard on the sample in a real store: forms for every record, the message beside
//! each kind of invalid field, saves that show only after the backend said so, conflicts,
//! deletes that say what goes with them, undo, history with reasons, drafts — and random
//! keystrokes that neither panic nor get a control character into a record.

#[path = "common/tui.rs"]
mod tui_util;

use tui_util::{app, draw, press, typed};

use std::sync::Mutex;

use dvk::api::{Api, ApiResult, Backend, Request, Response};
use dvk::domain::text::forbidden;
use dvk::domain::{Model, Msg};
use dvk::i18n::Lang;
use dvk::tui::app::{Flash, Intent, Popup};
use dvk::tui::form::{ActionKind, FieldKey, Target};
use dvk::tui::i18n::S;
use dvk::tui::testing::{StoreBackend, sample, today};
use dvk::tui::{App, Tab};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(app: &mut App, api: &Api, c: char) {
    app.key(api, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn tabs(app: &mut App, api: &Api, n: usize) {
    for _ in 0..n {
        press(app, api, &[KeyCode::Tab]);
    }
}

fn form_open(a: &App) -> bool {
    matches!(a.popups.last(), Some(Popup::Form(_)))
}

fn model_by_code(be: &StoreBackend, code: &str) -> Model {
    be.dataset()
        .models
        .into_iter()
        .find(|m| m.code == code)
        .unwrap()
}

#[test]
fn create_a_unit_and_a_model_by_keyboard() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('n')]);
    assert!(form_open(&a));
    typed(&mut a, &api, "CB-99");
    tabs(&mut a, &api, 1);
    typed(&mut a, &api, "Chi bộ Khuổi Phầy");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{:?}", a.notice);
    assert_eq!(a.notice, Some(Flash::Info(S::Saved)));
    let u = be.dataset().units.into_iter().find(|u| u.code == "CB-99");
    assert_eq!(u.unwrap().name, "Chi bộ Khuổi Phầy");
    assert!(a.data.units.iter().any(|r| r.unit.code == "CB-99"));
    // The new unit stays selected after the reload.
    let sel = a.units.view.selected().unwrap();
    assert_eq!(a.data.units[sel as usize].unit.code, "CB-99");

    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('n')]);
    typed(&mut a, &api, "MH-NEW");
    tabs(&mut a, &api, 1);
    // The unit: a choice narrowed by typing without diacritics.
    press(&mut a, &api, &[KeyCode::Enter]);
    typed(&mut a, &api, "khuoi phay");
    press(&mut a, &api, &[KeyCode::Enter]);
    tabs(&mut a, &api, 1);
    typed(&mut a, &api, "Dân vận khéo ở bản");
    tabs(&mut a, &api, 3);
    press(&mut a, &api, &[KeyCode::Enter]);
    typed(&mut a, &api, "kinh te");
    press(&mut a, &api, &[KeyCode::Enter]);
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    let m = model_by_code(&be, "MH-NEW");
    assert_eq!(m.title, "Dân vận khéo ở bản");
    assert_eq!(m.field, "economy");
    assert_eq!(m.unit, u_id(&be, "CB-99"));
    assert!(tui_util::shown(&a).iter().any(|r| r.code == "MH-NEW"));
}

fn u_id(be: &StoreBackend, code: &str) -> u64 {
    be.dataset()
        .units
        .iter()
        .find(|u| u.code == code)
        .unwrap()
        .id
}

#[test]
fn check_in_and_award_show_in_the_tables() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let sel = tui_util::selected(&a);
    let (id, before) = (sel.id, sel.checkins);
    press(&mut a, &api, &[KeyCode::Char('i')]);
    assert!(form_open(&a));
    tabs(&mut a, &api, 2);
    typed(&mut a, &api, "Đoàn kiểm tra Ban Dân vận");
    tabs(&mut a, &api, 4);
    typed(&mut a, &api, "7");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    let row = tui_util::shown(&a)
        .into_iter()
        .find(|m| m.id == id)
        .unwrap();
    assert_eq!(row.checkins, before + 1);
    assert_eq!(row.last_checkin, Some(today()));
    let ci = be
        .dataset()
        .checkins
        .into_iter()
        .max_by_key(|c| c.id)
        .unwrap();
    assert_eq!(ci.actuals, vec![(0, 7.0)]);

    press(&mut a, &api, &[KeyCode::Char('w')]);
    // A body not in the catalogue may be typed.
    typed(&mut a, &api, "UBND tỉnh Lạng Sơn");
    tabs(&mut a, &api, 2);
    typed(&mut a, &api, "12/QĐ-UBND");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    press(&mut a, &api, &[KeyCode::Char('5')]);
    let held = &a.awards.view.remote.as_ref().unwrap().awards;
    assert!(
        held.iter()
            .any(|r| r.award.decision_no == "12/QĐ-UBND" && r.award.body == "UBND tỉnh Lạng Sơn")
    );
    assert!(draw(&a, 120, 40).contains("12/QĐ-UBND"));
}

#[test]
fn edit_a_model_then_undo_restores_it_exactly() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let code = tui_util::selected(&a).code;
    let before = model_by_code(&be, &code);
    press(&mut a, &api, &[KeyCode::Char('e')]);
    tabs(&mut a, &api, 3);
    ctrl(&mut a, &api, 'u');
    typed(&mut a, &api, "Tên mới của mô hình");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a));
    let after = model_by_code(&be, &code);
    assert_eq!(after.title, "Tên mới của mô hình");
    assert_eq!(after.rev, before.rev + 1);
    // `u` first says what it would undo, and undoes only on yes (`c`, có).
    press(&mut a, &api, &[KeyCode::Char('u')]);
    let Some(Popup::Ask { text, .. }) = a.popups.last() else {
        panic!("no question: {:?}", a.notice)
    };
    assert_eq!(
        text,
        &format!(
            "Hoàn tác: sửa tên {code} (Tên mới của mô hình → {})? c/k",
            before.title
        )
    );
    assert_eq!(
        model_by_code(&be, &code),
        after,
        "nothing undone before the answer"
    );
    press(&mut a, &api, &[KeyCode::Char('c')]);
    // Everything comes back but the revision, which goes on from the edit's, so a form still
    // holding the edited model cannot be saved over the undone one.
    let undone = model_by_code(&be, &code);
    assert_eq!(undone.rev, after.rev + 1);
    assert_eq!(
        Model {
            rev: before.rev,
            ..undone
        },
        before
    );
    let Some(Flash::Done(msg)) = &a.notice else {
        panic!("{:?}", a.notice)
    };
    assert_eq!(msg, &format!("Đã hoàn tác việc sửa mô hình {code}."));
    // One change at a time: nothing of this user's is left to undo.
    press(&mut a, &api, &[KeyCode::Char('u')]);
    assert_eq!(
        a.notice,
        Some(Flash::Error(Msg::NothingToUndo.text(Lang::Vi)))
    );
}

#[test]
fn esc_with_changes_asks_first() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('n')]);
    press(&mut a, &api, &[KeyCode::Esc]);
    assert!(a.popups.is_empty(), "nothing typed: Esc just closes");
    press(&mut a, &api, &[KeyCode::Char('n')]);
    typed(&mut a, &api, "X");
    press(&mut a, &api, &[KeyCode::Esc]);
    assert!(matches!(a.popups.last(), Some(Popup::Ask { .. })));
    assert!(draw(&a, 80, 24).contains("Bỏ các thay đổi"));
    press(&mut a, &api, &[KeyCode::Char('n')]);
    assert!(form_open(&a));
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Char('y')]);
    assert!(a.popups.is_empty());
    assert!(!be.dataset().units.iter().any(|u| u.code == "X"));
}

#[test]
fn delete_says_what_else_goes() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    // A model with an award and check-ins.
    let row = tui_util::shown(&a)
        .iter()
        .position(|m| m.awards > 0)
        .unwrap();
    a.models.view.sel = row;
    let m = tui_util::selected(&a);
    press(&mut a, &api, &[KeyCode::Char('d')]);
    let Some(Popup::Ask { text, .. }) = a.popups.last() else {
        panic!()
    };
    let d = api.model(m.id).unwrap();
    // Zero is written `0`, as the report writes it.
    assert!(
        text.contains(&format!(
            "Cùng bị xóa: {:02} lần theo dõi, {:02} khen thưởng, 0 nhân rộng",
            d.checkins.len(),
            d.awards.len()
        )),
        "{text}"
    );
    press(&mut a, &api, &[KeyCode::Char('y')]);
    assert_eq!(a.notice, Some(Flash::Info(S::Deleted)));
    let ds = be.dataset();
    assert!(!ds.models.iter().any(|x| x.id == m.id));
    assert!(!ds.checkins.iter().any(|c| c.model == m.id));
    assert!(!ds.awards.iter().any(|c| c.model == m.id));

    // A unit that still has models: said so, not asked.
    press(&mut a, &api, &[KeyCode::Char('2')]);
    let with = a
        .units
        .view
        .rows
        .iter()
        .position(|&r| a.data.units[r as usize].models > 0)
        .unwrap();
    a.units.view.sel = with;
    press(&mut a, &api, &[KeyCode::Char('d')]);
    assert!(a.popups.is_empty());
    let Some(Flash::Error(e)) = &a.notice else {
        panic!()
    };
    assert!(e.contains("hãy chuyển hoặc xóa trước"), "{e}");
}

#[test]
fn a_step_moved_with_a_reason_is_in_the_history() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let row = tui_util::selected(&a);
    press(&mut a, &api, &[KeyCode::Char('a'), KeyCode::Enter]);
    assert!(form_open(&a));
    tabs(&mut a, &api, 1);
    typed(&mut a, &api, "Đã xong kế hoạch");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    assert_eq!(model_by_code(&be, &row.code).step, row.step + 1);
    press(&mut a, &api, &[KeyCode::Char('h')]);
    let Some(Popup::History { lines, .. }) = a.popups.last() else {
        panic!()
    };
    let all: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert!(all.contains(&"  Lý do: Đã xong kế hoạch"), "{all:?}");
    assert!(
        all.contains(&format!("  Bước: {} → {}", row.step, row.step + 1).as_str()),
        "{all:?}"
    );
    assert!(draw(&a, 80, 24).contains("Lý do: Đã xong kế hoạch"));
    // `L` says the history again in English, title included, and back.
    press(&mut a, &api, &[KeyCode::Char('L')]);
    let en = draw(&a, 80, 24);
    assert!(
        en.contains("Reason: Đã xong kế hoạch") && en.contains("History — model"),
        "{en}"
    );
    press(&mut a, &api, &[KeyCode::Char('L')]);
    assert!(draw(&a, 80, 24).contains("Lý do: Đã xong kế hoạch"));

    // Going back needs a reason.
    press(&mut a, &api, &[KeyCode::Esc]);
    a.perform(
        &api,
        Intent::Open(Target::Action {
            model: row.id,
            what: ActionKind::StepBack,
        }),
    );
    ctrl(&mut a, &api, 's');
    assert!(form_open(&a));
    let screen = draw(&a, 120, 40);
    assert!(
        screen.contains("Chưa lưu được — Lý do: bắt buộc phải nhập"),
        "{screen}"
    );
}

#[test]
fn a_conflict_names_who_and_offers_overwrite() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('e')]);
    tabs(&mut a, &api, 1);
    typed(&mut a, &api, " (sửa)");
    // Someone else saves the same unit meanwhile.
    let sel = a.units.view.selected().unwrap() as usize;
    let mut u = a.data.units[sel].unit.clone();
    u.name = "Tên khác".into();
    api.save(Request::SaveUnit(u.clone())).unwrap();
    ctrl(&mut a, &api, 's');
    let Some(Popup::Ask { text, .. }) = a.popups.last() else {
        panic!("{}", draw(&a, 120, 40))
    };
    assert!(text.contains("canbo"), "{text}");
    press(&mut a, &api, &[KeyCode::Char('o')]);
    assert!(a.popups.is_empty(), "{}", draw(&a, 120, 40));
    let now = be
        .dataset()
        .units
        .into_iter()
        .find(|x| x.id == u.id)
        .unwrap();
    assert!(now.name.ends_with(" (sửa)"));
}

#[test]
fn a_draft_is_kept_and_offered_back() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('e')]);
    tabs(&mut a, &api, 3);
    typed(&mut a, &api, " — bản nháp");
    let text = a.draft_text().expect("a changed form has a draft");
    let slot = std::sync::Arc::new(Mutex::new(Some(text)));
    dvk::tui::draft::save_now(&be, &slot);

    let mut b = app(&api);
    b.offer_draft(&api);
    assert!(matches!(b.popups.last(), Some(Popup::Ask { .. })));
    assert!(draw(&b, 80, 24).contains("Biểu mẫu chưa lưu"));
    press(&mut b, &api, &[KeyCode::Char('y')]);
    let Some(Popup::Form(f)) = b.popups.last() else {
        panic!()
    };
    assert!(f.get(FieldKey::Title).ends_with(" — bản nháp"));
    assert!(f.dirty());
    assert_eq!(api.draft().unwrap(), None);

    // Declining clears it.
    dvk::tui::draft::save_now(&be, &slot);
    let mut c = app(&api);
    c.offer_draft(&api);
    press(&mut c, &api, &[KeyCode::Char('n')]);
    assert_eq!(api.draft().unwrap(), None);
    assert!(c.popups.is_empty());
}

/// The messages beside fields, one kind of problem each.
/// The form of the draft `text` reopened, as the program does after a dropped connection.
fn reopened(api: &Api, text: &str) -> dvk::tui::form::Form {
    let mut a = app(api);
    dvk::tui::draft::reopen(&mut a, api, text);
    match a.popups.pop() {
        Some(Popup::Form(f)) => *f,
        _ => panic!("no form for {text}"),
    }
}

/// The text of the field `key` of row `row`.
fn row_text(f: &dvk::tui::form::Form, key: FieldKey, row: usize) -> &str {
    let field = f.fields.iter().find(|x| x.key == key && x.row == Some(row));
    field.unwrap_or_else(|| panic!("{key:?} {row}")).text()
}

#[test]
fn drafts_kept_under_the_fields_names_reopen_with_their_values() {
    use dvk::tui::form::{CritPart, StepPart};
    let be = sample();
    let api = Api(&be);
    // Drafts as they have always been kept: values by the field's name, and for a row by
    // name, row and part (a check-in's value by its criterion's name).
    let f = reopened(
        &api,
        r#"{"v":1,"target":{"Model":{"id":1000}},"rev":0,"rows":3,"values":[
            ["title","Tên trong bản nháp"],["lead_forces","Đoàn viên"],
            ["criteria.0.CritName","Hộ dân tham gia đủ"],["criteria.1.Due","30/06/2021"],
            ["criteria.2.CritName","Tiêu chí mới"],["criteria.2.CritTarget","7,5"]]}"#,
    );
    assert_eq!(f.get(FieldKey::Title), "Tên trong bản nháp");
    assert_eq!(f.get(FieldKey::LeadForces), "Đoàn viên");
    let crit = |p| FieldKey::Criteria(p);
    assert_eq!(row_text(&f, crit(CritPart::Name), 0), "Hộ dân tham gia đủ");
    assert_eq!(row_text(&f, crit(CritPart::Due), 1), "30/06/2021");
    assert_eq!(row_text(&f, crit(CritPart::Name), 2), "Tiêu chí mới");
    assert_eq!(row_text(&f, crit(CritPart::Target), 2), "7,5");
    // What the draft did not hold is the record's.
    assert_eq!(row_text(&f, crit(CritPart::Measure), 0), "hộ");

    let f = reopened(
        &api,
        r#"{"v":1,"target":{"CheckIn":{"model":1000,"id":0}},"rev":0,"rows":0,"values":[
            ["by","Tổ kiểm tra"],["actuals.1.Buổi tuyên truyền","4"]]}"#,
    );
    assert_eq!(f.get(FieldKey::By), "Tổ kiểm tra");
    assert_eq!(row_text(&f, FieldKey::Actuals, 1), "4");
    assert_eq!(row_text(&f, FieldKey::Actuals, 0), "");

    let f = reopened(
        &api,
        r#"{"v":1,"target":{"Period":{"code":"2017-2020"}},"rev":0,"rows":5,"values":[
            ["checkin_interval_days","60"],["steps.1.StepEn","Plan"]]}"#,
    );
    assert_eq!(f.get(FieldKey::CheckinIntervalDays), "60");
    assert_eq!(row_text(&f, FieldKey::Steps(StepPart::En), 1), "Plan");
    assert_eq!(
        row_text(&f, FieldKey::Steps(StepPart::Vi), 1),
        "Xây dựng kế hoạch, đăng ký"
    );
}

#[test]
fn each_kind_of_field_is_checked_when_left() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    let shows = |a: &App, m: Msg| {
        let s = draw(a, 120, 40);
        // A long message is cut at the form's edge; its beginning is what must show.
        let t: String = m.text(Lang::Vi).chars().take(40).collect();
        assert!(s.contains(&t), "{m:?} not shown:\n{s}");
    };
    // Required, code format. Tabbing past an empty required field is no mistake yet; one
    // typed in and emptied again is.
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('n')]);
    tabs(&mut a, &api, 1);
    let required = Msg::Required.text(Lang::Vi);
    assert!(!draw(&a, 120, 40).contains(&required));
    press(&mut a, &api, &[KeyCode::BackTab]);
    typed(&mut a, &api, "x");
    press(&mut a, &api, &[KeyCode::Backspace]);
    tabs(&mut a, &api, 1);
    shows(&a, Msg::Required);
    press(&mut a, &api, &[KeyCode::BackTab]);
    typed(&mut a, &api, "CB 01");
    tabs(&mut a, &api, 1);
    shows(
        &a,
        Msg::BadCode {
            text: "CB 01".into(),
        },
    );
    // Ctrl-S goes to the first invalid field and says why.
    ctrl(&mut a, &api, 's');
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!()
    };
    assert_eq!(f.focus, 0);
    assert!(draw(&a, 80, 24).contains("Chưa lưu được — Mã: mã “CB 01”"));
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Char('y')]);

    // Dates, person of an individual, step range, criteria numbers.
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('n')]);
    tabs(&mut a, &api, 2);
    press(&mut a, &api, &[KeyCode::Enter]);
    typed(&mut a, &api, "ca nhan");
    press(&mut a, &api, &[KeyCode::Enter]);
    tabs(&mut a, &api, 2);
    shows(&a, Msg::PersonRequired);
    tabs(&mut a, &api, 3);
    ctrl(&mut a, &api, 'u');
    typed(&mut a, &api, "31/02/2020");
    tabs(&mut a, &api, 1);
    shows(
        &a,
        Msg::NoSuchDay {
            text: "31/02/2020".into(),
            day: 31,
            month: 2,
            year: 2020,
            days: 29,
        },
    );
    ctrl(&mut a, &api, 'u');
    typed(&mut a, &api, "9");
    tabs(&mut a, &api, 1);
    shows(&a, Msg::StepOutOfRange { step: 9, max: 5 });
    ctrl(&mut a, &api, 'n');
    typed(&mut a, &api, "x");
    press(&mut a, &api, &[KeyCode::Backspace]);
    tabs(&mut a, &api, 1);
    shows(&a, Msg::Required);
    tabs(&mut a, &api, 1);
    typed(&mut a, &api, "-3");
    tabs(&mut a, &api, 1);
    shows(&a, Msg::Negative);
    typed(&mut a, &api, "abc");
    tabs(&mut a, &api, 1);
    shows(&a, Msg::BadNumber { text: "abc".into() });
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Char('y')]);

    // A check-in before the registration, in the future, next due not after it.
    let m = &tui_util::selected(&a);
    let reg = m.registered_on;
    press(&mut a, &api, &[KeyCode::Char('i')]);
    ctrl(&mut a, &api, 'u');
    let early = reg.pred_opt().unwrap();
    typed(&mut a, &api, &dvk::domain::text::date_dmy(early));
    tabs(&mut a, &api, 1);
    shows(
        &a,
        Msg::BeforeRegistration {
            date: dvk::domain::text::date_dmy(early),
            registered: dvk::domain::text::date_dmy(reg),
        },
    );
    press(&mut a, &api, &[KeyCode::BackTab]);
    ctrl(&mut a, &api, 'u');
    typed(&mut a, &api, "2030-01-01");
    tabs(&mut a, &api, 1);
    shows(
        &a,
        Msg::InFuture {
            date: "01/01/2030".into(),
        },
    );
    // Dates are shown with their weekday.
    assert!(draw(&a, 120, 40).contains("Thứ Ba, 01/01/2030"));
    press(&mut a, &api, &[KeyCode::BackTab]);
    ctrl(&mut a, &api, 'u');
    typed(&mut a, &api, "01/10/2020");
    tabs(&mut a, &api, 5);
    ctrl(&mut a, &api, 'u');
    typed(&mut a, &api, "01/09/2020");
    tabs(&mut a, &api, 1);
    shows(&a, Msg::NextDueNotAfter);
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Char('y')]);

    // An award decided after today, the same way as an import.
    press(&mut a, &api, &[KeyCode::Char('w')]);
    tabs(&mut a, &api, 3);
    ctrl(&mut a, &api, 'u');
    typed(&mut a, &api, "2030-01-01");
    tabs(&mut a, &api, 1);
    shows(
        &a,
        Msg::InFuture {
            date: "01/01/2030".into(),
        },
    );
}

/// A backend that keeps every request it is sent.
struct Recording {
    inner: StoreBackend,
    log: Mutex<Vec<Request>>,
}

impl Backend for Recording {
    fn call(&self, req: Request) -> ApiResult<Response> {
        self.log.lock().unwrap().push(req.clone());
        self.inner.call(req)
    }
}

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn key_strategy() -> impl Strategy<Value = KeyEvent> {
    let plain = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
    prop_oneof![
        4 => "[a-zA-Z0-9 /.,-]".prop_map(move |s| plain(KeyCode::Char(s.chars().next().unwrap()))),
        3 => "[ăâđêôơưáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵĐƯ]"
            .prop_map(move |s| plain(KeyCode::Char(s.chars().next().unwrap()))),
        2 => (0x300u32..0x370).prop_map(move |c| plain(KeyCode::Char(char::from_u32(c).unwrap()))),
        1 => (0u32..0x20).prop_map(move |c| plain(KeyCode::Char(char::from_u32(c).unwrap()))),
        1 => prop_oneof![Just('\u{202e}'), Just('\u{200b}'), Just('\u{85}'), Just('\u{feff}')]
            .prop_map(move |c| plain(KeyCode::Char(c))),
        4 => prop_oneof![
            Just(KeyCode::Tab),
            Just(KeyCode::BackTab),
            Just(KeyCode::Enter),
            Just(KeyCode::Esc),
            Just(KeyCode::Up),
            Just(KeyCode::Down),
            Just(KeyCode::Left),
            Just(KeyCode::Right),
            Just(KeyCode::Backspace),
            Just(KeyCode::Delete),
            Just(KeyCode::Home),
            Just(KeyCode::End),
            Just(KeyCode::F(1)),
        ]
        .prop_map(plain),
        2 => prop_oneof![Just('s'), Just('n'), Just('d'), Just('j'), Just('w'), Just('u'), Just('k'), Just('c')]
            .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    ]
}

fn targets() -> Vec<Target> {
    vec![
        Target::Unit { id: 0 },
        Target::Unit { id: 10 },
        Target::Model { id: 0 },
        Target::Model { id: 1000 },
        Target::CheckIn { model: 1000, id: 0 },
        Target::Award { model: 1000, id: 0 },
        Target::Replication { model: 1000 },
        Target::Period { code: None },
        Target::Period {
            code: Some("2017-2020".into()),
        },
        Target::Field { code: None },
        Target::AwardForm { code: None },
        Target::Action {
            model: 1000,
            what: ActionKind::StepBack,
        },
        Target::Action {
            model: 1000,
            what: ActionKind::Outcome,
        },
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_keys_in_forms_never_panic_nor_store_controls(
        which in 0usize..13,
        keys in proptest::collection::vec(key_strategy(), 0..80),
    ) {
        let be = Recording { inner: sample(), log: Mutex::new(vec![]) };
        let api = Api(&be);
        let mut a = app(&api);
        a.tab = Tab::Models;
        a.perform(&api, Intent::Open(targets()[which].clone()));
        prop_assert!(form_open(&a));
        for k in keys {
            let intent = a.handle_key(k);
            if a.perform(&api, intent) {
                break;
            }
            let _ = draw(&a, 80, 24);
        }
        for r in be.log.lock().unwrap().iter() {
            let mut all = Vec::new();
            strings(&serde_json::to_value(r).unwrap(), &mut all);
            for s in all {
                prop_assert!(
                    s.chars().all(|c| forbidden(c, true).is_none()),
                    "control character in {r:?}"
                );
            }
        }
    }
}

fn set(a: &mut App, key: FieldKey, text: &str) {
    let Some(Popup::Form(f)) = a.popups.last_mut() else {
        panic!("no form")
    };
    let field = f.fields.iter_mut().find(|x| x.key == key).unwrap();
    field.edit.set(text);
}

#[test]
fn an_outcome_is_decided_on_a_day_by_a_decision() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    let m = be
        .dataset()
        .models
        .into_iter()
        .find(|m| {
            m.outcome == dvk::domain::Outcome::Pending
                && m.status == dvk::domain::RegStatus::Approved
        })
        .unwrap();
    let open = |a: &mut App| {
        a.perform(
            &api,
            Intent::Open(Target::Action {
                model: m.id,
                what: ActionKind::Outcome,
            }),
        )
    };
    open(&mut a);
    assert!(form_open(&a));
    // The day is asked for, today by default, with the decision's number.
    let screen = draw(&a, 120, 40);
    assert!(
        screen.contains("Ngày đánh giá") && screen.contains("Số quyết định"),
        "{screen}"
    );
    set(&mut a, FieldKey::Value, "recognized");
    set(&mut a, FieldKey::OutcomeOn, "21/10/2020");
    ctrl(&mut a, &api, 's');
    assert!(form_open(&a), "a day after today is refused");
    assert!(draw(&a, 120, 40).contains("21/10/2020"));
    set(&mut a, FieldKey::OutcomeOn, "12/10/2020");
    set(&mut a, FieldKey::OutcomeDecision, "125-QĐ/ĐUK");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    let got = model_by_code(&be, &m.code);
    assert_eq!(got.outcome, dvk::domain::Outcome::Recognized);
    assert_eq!(
        got.outcome_on,
        chrono::NaiveDate::from_ymd_opt(2020, 10, 12)
    );
    assert_eq!(got.outcome_decision, "125-QĐ/ĐUK");
    // The model's page says when and by which decision.
    a.perform(&api, Intent::OpenModel(m.id));
    let page = draw(&a, 120, 40);
    assert!(
        page.contains("Công nhận (12/10/2020, 125-QĐ/ĐUK)"),
        "{page}"
    );
}

#[test]
fn a_periods_reviews_are_edited_one_a_line() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    a.perform(
        &api,
        Intent::Open(Target::Period {
            code: Some("2017-2020".into()),
        }),
    );
    assert!(form_open(&a));
    set(&mut a, FieldKey::Reviews, "Giữa kỳ | 20/12/2018");
    ctrl(&mut a, &api, 's');
    assert!(form_open(&a), "an unknown kind is refused");
    assert!(draw(&a, 120, 40).contains("Giữa kỳ"));
    set(
        &mut a,
        FieldKey::Reviews,
        "tong ket | 12/10/2020 | Hội nghị tổng kết | 45-BC/ĐUK\nSơ kết | 20/12/2018 | Sơ kết 02 năm",
    );
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    let p = be
        .dataset()
        .periods
        .into_iter()
        .find(|p| p.code == "2017-2020")
        .unwrap();
    let shown: Vec<String> = p
        .reviews
        .iter()
        .map(|r| format!("{:?} {} {} {}", r.kind, r.date, r.title, r.doc_no))
        .collect();
    assert_eq!(
        shown,
        [
            "Interim 2018-12-20 Sơ kết 02 năm ",
            "Final 2020-10-12 Hội nghị tổng kết 45-BC/ĐUK"
        ]
    );
}
