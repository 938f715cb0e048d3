//! An open model (`Enter`): everything recorded of it, scrolled (drawn by `detail.rs`), with
//! the keys of a window of text ([`super::READ`]) and the same keys on it as on the tables
//! ([`MODEL_KEYS`]).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

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
    let Some(Popup::Model {
        detail, max, page, ..
    }) = app.popups.last()
    else {
        return Intent::None;
    };
    let (id, max, page) = (detail.model.id, max.get(), page.get());
    if let Some(act) = find(MODEL_KEYS, ev) {
        return model_act(app, Some(id), act);
    }
    let Some(Popup::Model { scroll, .. }) = app.popups.last_mut() else {
        return Intent::None;
    };
    // The end is wherever the drawing finds it (the lines are wrapped to the window, which
    // may not have been drawn since the model opened); any other key moves from what is shown.
    if matches!(ev.code, KeyCode::End | KeyCode::Char('G')) && find(READ, ev).is_some() {
        *scroll = usize::MAX;
        return Intent::None;
    }
    *scroll = (*scroll).min(max);
    // A page is the window's height (less a line kept in sight), once it has been drawn.
    let by = page.saturating_sub(1).max(1);
    match ev.code {
        KeyCode::PageDown if page > 0 => {
            *scroll = (*scroll + by).min(max);
            return Intent::None;
        }
        KeyCode::PageUp if page > 0 => {
            *scroll = scroll.saturating_sub(by);
            return Intent::None;
        }
        _ => {}
    }
    read_key(app, ev, max + 1, |p| match p {
        Popup::Model { scroll, .. } => Some(scroll),
        _ => None,
    })
}
