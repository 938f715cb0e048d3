//! Forms as committee clerks fill them, on the sample in a real store: a choice list opened on
//! a field that holds a value shows the whole list, pasted text keeps to its field (line
//! breaks kept only where a text may have them), a required field says so only once a save
//! was tried or the field was touched, and Vietnamese answers are c/k.

#[path = "common/tui.rs"]
mod tui_util;

use tui_util::{app, draw, press, typed};

use dvk::api::Api;
use dvk::domain::Msg;
use dvk::i18n::Lang;
use dvk::tui::App;
use dvk::tui::app::Popup;
use dvk::tui::form::{FieldKey, Form};
use dvk::tui::testing::sample;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn form(a: &App) -> &Form {
    match a.popups.last() {
        Some(Popup::Form(f)) => f,
        _ => panic!("a form is open:\n{}", draw(a, 80, 24)),
    }
}

fn ctrl(a: &mut App, api: &Api, c: char) {
    a.key(api, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// The awarding body holds a value; its list opens whole, the cursor on that value.
#[test]
fn a_choice_list_opens_unfiltered_on_the_value_held() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('5'), KeyCode::Char('e')]);
    let body = form(&a).get(FieldKey::Body).to_string();
    assert!(!body.is_empty());
    press(&mut a, &api, &[KeyCode::Enter]);
    let p = form(&a).pick.as_ref().expect("the list is open");
    assert_eq!(p.query.text(), "", "the filter starts empty");
    assert_eq!(p.rows.len(), p.options.len(), "every entry is listed");
    assert!(p.options.len() > 1, "{:?}", p.options);
    assert_eq!(
        p.codes[p.rows[p.cursor]], body,
        "the cursor is on the value held"
    );
    // Enter keeps it; typing narrows as before.
    press(&mut a, &api, &[KeyCode::Enter]);
    assert_eq!(form(&a).get(FieldKey::Body), body);
    press(&mut a, &api, &[KeyCode::BackTab, KeyCode::Enter]);
    typed(&mut a, &api, "zzzz");
    let p = form(&a).pick.as_ref().unwrap();
    assert!(p.rows.is_empty());
}

/// A body typed before, not in the catalogue, is offered at the top so Enter keeps it.
#[test]
fn a_new_body_typed_before_is_kept_by_enter() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('5'), KeyCode::Char('e')]);
    ctrl(&mut a, &api, 'u');
    typed(&mut a, &api, "UBND xã Mới");
    press(&mut a, &api, &[KeyCode::Enter]);
    let p = form(&a).pick.as_ref().unwrap();
    assert_eq!(p.query.text(), "");
    assert_eq!(p.options[p.rows[p.cursor]], "UBND xã Mới");
    press(&mut a, &api, &[KeyCode::Enter]);
    assert_eq!(form(&a).get(FieldKey::Body), "UBND xã Mới");
}

/// A paste keeps its line breaks in a long text, becomes one line in a one-line field, and
/// never moves the cursor to another field.
#[test]
fn pasted_lines_stay_in_the_field() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('i')]);
    let note = form(&a)
        .fields
        .iter()
        .position(|f| f.key == FieldKey::Note)
        .unwrap();
    while form(&a).focus != note {
        press(&mut a, &api, &[KeyCode::Tab]);
    }
    a.paste("Dòng một\r\nDòng hai\rDòng ba\n");
    assert_eq!(form(&a).focus, note);
    assert_eq!(
        form(&a).get(FieldKey::Note),
        "Dòng một\nDòng hai\nDòng ba\n"
    );
    press(&mut a, &api, &[KeyCode::BackTab]);
    ctrl(&mut a, &api, 'u');
    a.paste("Nguyễn\r\nVăn\tA");
    assert_eq!(form(&a).focus, note - 1);
    assert_eq!(form(&a).get(FieldKey::By), "Nguyễn Văn A");
    // Outside a text field, pasted letters are not commands.
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Char('y')]);
    assert!(a.popups.is_empty());
    a.paste("q\nd");
    assert!(a.popups.is_empty());
    // In a search they are what is searched for.
    press(&mut a, &api, &[KeyCode::Char('/')]);
    a.paste("khuoi\nphay");
    a.sync(&api);
    assert_eq!(a.models.view.query, "khuoi phay");
    assert_eq!(a.models.view.len(), 1);
    // A search holds a title's worth of characters, however much is pasted or typed.
    a.paste(&"x".repeat(100_000));
    typed(&mut a, &api, "yz");
    assert_eq!(
        a.models.view.query.chars().count(),
        dvk::tui::tab::SEARCH_MAX
    );
    assert!(a.models.view.is_empty());
}

/// Tabbing past an empty required field says nothing; a save attempt, or typing in it and
/// emptying it, does.
#[test]
fn required_fields_speak_after_a_save_or_an_edit() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('n')]);
    press(&mut a, &api, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    assert!(form(&a).fields.iter().all(|f| f.error.is_none()));
    let required = Msg::Required.text(Lang::Vi);
    assert!(!draw(&a, 80, 24).contains(&required));
    ctrl(&mut a, &api, 's');
    assert_eq!(form(&a).fields[0].error, Some(Msg::Required));
    assert_eq!(form(&a).focus, 0);
    assert!(draw(&a, 80, 24).contains(&required));

    press(&mut a, &api, &[KeyCode::Esc]);
    let mut b = app(&api);
    press(&mut b, &api, &[KeyCode::Char('2'), KeyCode::Char('n')]);
    typed(&mut b, &api, "C");
    press(&mut b, &api, &[KeyCode::Backspace, KeyCode::Tab]);
    assert_eq!(form(&b).fields[0].error, Some(Msg::Required));
}

/// In Vietnamese a question is answered with c (có) or k (không), y and n still work, and
/// the keys shown are c and k; in English y and n.
#[test]
fn questions_take_c_and_k_in_vietnamese() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('n')]);
    typed(&mut a, &api, "CB");
    press(&mut a, &api, &[KeyCode::Esc]);
    let s = draw(&a, 80, 24);
    assert!(
        s.contains("[c] Bỏ thay đổi") && s.contains("[k] Tiếp tục sửa"),
        "{s}"
    );
    press(&mut a, &api, &[KeyCode::Char('k')]);
    assert_eq!(form(&a).get(FieldKey::Code), "CB");
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Char('c')]);
    assert!(a.popups.is_empty());
    press(&mut a, &api, &[KeyCode::Char('n')]);
    typed(&mut a, &api, "CB");
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Char('y')]);
    assert!(a.popups.is_empty());

    press(&mut a, &api, &[KeyCode::Char('L'), KeyCode::Char('n')]);
    typed(&mut a, &api, "CB");
    press(&mut a, &api, &[KeyCode::Esc]);
    let s = draw(&a, 80, 24);
    assert!(s.contains("[y] Discard") && s.contains("y/n"), "{s}");
    press(&mut a, &api, &[KeyCode::Char('c')]);
    assert!(
        matches!(a.popups.last(), Some(Popup::Ask { .. })),
        "c is no answer in English"
    );
    press(&mut a, &api, &[KeyCode::Char('n')]);
    assert_eq!(form(&a).get(FieldKey::Code), "CB");
}
