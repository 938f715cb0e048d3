//! A form (`n`, `e`, the actions): its fields are drawn by `form_view.rs` and kept by
//! `form.rs`; here are its keys — [`KEYS`] while a field is edited, [`PICK_KEYS`] while a
//! field's choice list is open. Letters are text, so no key here is a bare letter.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Popup, open_help};
use crate::tui::actions::{Then, answer};
use crate::tui::app::{App, Intent};
use crate::tui::commands::Command;
use crate::tui::form::{Form, PickAct};
use crate::tui::i18n::S;
use crate::tui::keymap::{self, Binding, Key, bind, find, hidden};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Next,
    Prev,
    Enter,
    Save,
    Cancel,
    AddRow,
    DelRow,
    /// Text editing on the focused field.
    Edit,
    Help,
}

pub(super) const F1: &[Key] = &[Key::Code(KeyCode::F(1))];

/// The editing keys the bar and help name (the rest are the usual ones: letters, arrows,
/// `Backspace`, `Delete`).
const EDIT_KEYS: &[Key] = &[
    Key::Code(KeyCode::Home),
    Key::Code(KeyCode::End),
    Key::Ctrl('w'),
    Key::Ctrl('u'),
    Key::Ctrl('k'),
    Key::Ctrl('a'),
    Key::Ctrl('e'),
];

pub const KEYS: &[Binding<Act>] = &[
    bind(
        &[Key::Code(KeyCode::Tab), Key::Code(KeyCode::Down)],
        "Tab/S-Tab",
        S::Fields,
        S::FieldsLong,
        Act::Next,
    ),
    hidden(
        &[Key::Code(KeyCode::BackTab), Key::Code(KeyCode::Up)],
        Act::Prev,
    ),
    bind(
        &[Key::Code(KeyCode::Enter)],
        "Enter",
        S::Pick,
        S::PickLong,
        Act::Enter,
    ),
    bind(&[Key::Ctrl('s')], "Ctrl-S", S::Save, S::SaveLong, Act::Save),
    bind(
        &[Key::Code(KeyCode::Esc), Key::Ctrl('c')],
        "Esc",
        S::Cancel,
        S::CancelLong,
        Act::Cancel,
    ),
    bind(
        &[Key::Ctrl('n')],
        "Ctrl-N",
        S::AddRow,
        S::AddRowLong,
        Act::AddRow,
    ),
    bind(
        &[Key::Ctrl('d')],
        "Ctrl-D",
        S::DelRow,
        S::DelRowLong,
        Act::DelRow,
    ),
    bind(
        &[Key::Ctrl('j')],
        "Ctrl-J",
        S::NewLine,
        S::NewLineLong,
        Act::Edit,
    ),
    bind(
        EDIT_KEYS,
        "Home/End Ctrl-W/U/K",
        S::EditKeys,
        S::EditKeysLong,
        Act::Edit,
    ),
    bind(F1, "F1", S::Help, S::HelpLong, Act::Help),
    hidden(
        &[
            Key::Text,
            Key::Code(KeyCode::Backspace),
            Key::Code(KeyCode::Delete),
            Key::Code(KeyCode::Left),
            Key::Code(KeyCode::Right),
        ],
        Act::Edit,
    ),
];

/// The keys of a field's open choice list.
pub const PICK_KEYS: &[Binding<PickAct>] = &[
    Binding {
        keys: &[
            Key::Code(KeyCode::Up),
            Key::Code(KeyCode::Down),
            Key::Code(KeyCode::PageUp),
            Key::Code(KeyCode::PageDown),
        ],
        shown: "↑↓ PgUp/PgDn",
        ascii: "Up/Dn PgUp/PgDn",
        short: S::Move,
        long: S::MoveLong,
        act: PickAct::Move,
    },
    bind(
        &[Key::Code(KeyCode::Enter), Key::Code(KeyCode::Tab)],
        "Enter",
        S::Pick,
        S::ChooseLong,
        PickAct::Choose,
    ),
    bind(
        &[
            Key::Text,
            Key::Code(KeyCode::Backspace),
            Key::Ctrl('w'),
            Key::Ctrl('u'),
        ],
        "a-z",
        S::FilterList,
        S::FilterListLong,
        PickAct::Filter,
    ),
    bind(
        &[Key::Code(KeyCode::Esc)],
        "Esc",
        S::Close,
        S::CloseLong,
        PickAct::Close,
    ),
];

pub fn commands(f: &Form, ascii: bool) -> Vec<Command> {
    if f.pick.is_some() {
        return keymap::all(PICK_KEYS, ascii);
    }
    let rows = f.has_rows();
    keymap::commands(KEYS, ascii, |a| {
        rows || !matches!(a, Act::AddRow | Act::DelRow)
    })
}

/// A key while a form is on top. A form takes every key first: its letters are text, and
/// `Ctrl-C` cancels the form (asking first) rather than dropping what was typed.
pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    let lang = app.lang;
    let Some(Popup::Form(form)) = app.popups.last_mut() else {
        return Intent::None;
    };
    if form.pick.is_some() {
        if F1.iter().any(|k| k.matches(ev)) {
            open_help(app);
        } else if let Some(act) = find(PICK_KEYS, ev) {
            form.pick_key(act, *ev);
        }
        return Intent::None;
    }
    form.note = None;
    match find(KEYS, ev) {
        Some(Act::Next) => form.move_focus(1),
        Some(Act::Prev) => form.move_focus(-1),
        Some(Act::Enter) => form.enter(),
        Some(Act::Save) => {
            if let Some(r) = form.submit() {
                return Intent::Save(r);
            }
        }
        Some(Act::AddRow) => form.add_row(),
        Some(Act::DelRow) => form.remove_row(),
        Some(Act::Edit) => form.edit_key(*ev),
        Some(Act::Help) => open_help(app),
        Some(Act::Cancel) if form.dirty() => app.popups.push(Popup::Ask {
            title: S::Confirm,
            text: S::AskDiscard.get(lang).to_string(),
            options: vec![
                answer('y', S::Discard, Some(Then::Discard)),
                answer('n', S::KeepEditing, None),
            ],
        }),
        Some(Act::Cancel) => {
            app.popups.pop();
        }
        None => {}
    }
    Intent::None
}
