//! An open model (`Enter`): everything recorded of it, scrolled (drawn by `detail.rs`), with
//! the keys of a window of text ([`super::READ`]) and the same keys on it as on the tables
//! ([`MODEL_KEYS`]).

use ratatui::crossterm::event::KeyEvent;

use super::{Popup, READ, read_key};
use crate::tui::actions::{MODEL_KEYS, model_act};
use crate::tui::app::{App, Intent};
use crate::tui::commands::Command;
use crate::tui::keymap::{self, find};

/// The bar lists [`MODEL_KEYS`] before `L`.
pub fn commands(ascii: bool) -> Vec<Command> {
    let (head, tail) = READ.split_at(3);
    let mut out = keymap::all(head, ascii);
    out.extend(keymap::all(MODEL_KEYS, ascii));
    out.extend(keymap::all(tail, ascii));
    out
}

pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    let Some(Popup::Model { detail, max, .. }) = app.popups.last() else {
        return Intent::None;
    };
    let (id, n) = (detail.model.id, max.get() + 1);
    if let Some(act) = find(MODEL_KEYS, ev) {
        return model_act(app, Some(id), act);
    }
    read_key(app, ev, n, |p| match p {
        Popup::Model { scroll, .. } => Some(scroll),
        _ => None,
    })
}
