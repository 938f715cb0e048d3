//! `r` on the overview: the report form writes the period's report where the user says and
//! the status line says where it went.

#[path = "common/tui.rs"]
mod tui_util;

use tui_util::{app, draw, key, press, typed};

use dvk::api::Api;
use dvk::tui::app::{Flash, Popup};
use dvk::tui::commands::commands;
use dvk::tui::form::FieldKey;
use dvk::tui::testing::sample;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

#[test]
fn r_on_the_overview_writes_the_word_report() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    assert!(commands(&a).iter().any(|c| c.keys == "r"));
    press(&mut a, &api, &[KeyCode::Char('r')]);
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("no form")
    };
    assert_eq!(f.get(FieldKey::Format), "docx");
    assert!(
        f.get(FieldKey::Path).starts_with("bao-cao-"),
        "{}",
        f.get(FieldKey::Path)
    );
    assert!(f.get(FieldKey::Path).ends_with(".docx"));
    assert!(draw(&a, 100, 30).contains("Ghi báo cáo"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bc.docx");
    // To the file field, clear it, type the file.
    a.key(&api, key(KeyCode::Tab));
    a.key(&api, ctrl('u'));
    typed(&mut a, &api, file.to_str().unwrap());
    a.key(&api, ctrl('s'));
    assert!(a.popups.is_empty(), "the form stays open");
    let bytes = std::fs::read(&file).expect("the report was written");
    assert!(bytes.starts_with(b"PK"));
    match &a.notice {
        Some(Flash::Done(t)) => assert!(t.contains("bc.docx"), "{t}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn report_form_says_why_a_file_cannot_be_written() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('r')]);
    // A directory that is a file: nothing can be written under it.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("tep");
    std::fs::write(&blocker, "").unwrap();
    a.key(&api, key(KeyCode::Tab));
    a.key(&api, ctrl('u'));
    typed(&mut a, &api, blocker.join("bc.docx").to_str().unwrap());
    a.key(&api, ctrl('s'));
    // The form stays, with the reason, and nothing is claimed written.
    assert!(matches!(a.popups.last(), Some(Popup::Form(_))));
    assert!(!matches!(a.notice, Some(Flash::Done(_))));
    assert!(draw(&a, 160, 30).contains("bc.docx"));
}

#[test]
fn report_form_needs_a_file() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('r')]);
    a.key(&api, key(KeyCode::Tab));
    a.key(&api, ctrl('u'));
    a.key(&api, ctrl('s'));
    assert!(matches!(a.popups.last(), Some(Popup::Form(_))));
}
