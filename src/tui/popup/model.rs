//! An open model (`Enter`): everything recorded of it, scrolled (drawn by `detail.rs`), with
//! the same keys on it as on the tables ([`MODEL_KEYS`]).

use ratatui::crossterm::event::KeyEvent;

use super::{Popup, close_top, open_help};
use crate::tui::actions::{MODEL_KEYS, model_act};
use crate::tui::app::{App, Intent, scrolled};
use crate::tui::commands::Command;
use crate::tui::keymap::{self, Binding, close, find, help, lang, scrolls};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Help,
    Close,
    Scroll,
    Lang,
}

/// The window's own keys; the bar lists [`MODEL_KEYS`] before `L`.
pub const KEYS: &[Binding<Act>] = &[
    help(Act::Help),
    close(Act::Close),
    scrolls(Act::Scroll),
    lang(Act::Lang),
];

pub fn commands(ascii: bool) -> Vec<Command> {
    let (head, tail) = KEYS.split_at(3);
    let mut out = keymap::all(head, ascii);
    out.extend(keymap::all(MODEL_KEYS, ascii));
    out.extend(keymap::all(tail, ascii));
    out
}

pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    if let Some(act) = find(MODEL_KEYS, ev) {
        let id = match app.popups.last() {
            Some(Popup::Model { detail, .. }) => Some(detail.model.id),
            _ => None,
        };
        return model_act(app, id, act);
    }
    match find(KEYS, ev) {
        Some(Act::Help) => open_help(app),
        Some(Act::Close) => close_top(app),
        Some(Act::Lang) => app.lang = app.lang.other(),
        Some(Act::Scroll) => {
            if let Some(Popup::Model { scroll, max, .. }) = app.popups.last_mut() {
                *scroll = scrolled(*scroll, ev.code, max.get() + 1);
            }
        }
        None => {}
    }
    Intent::None
}
