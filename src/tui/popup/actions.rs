//! What can be done to a model (`a`): the workflow's moves it allows now, then new check-in,
//! award and replication. Its keys are [`super::PICK`].

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Popup, list, pick_key};
use crate::domain::Id;
use crate::domain::text::printable;
use crate::tui::actions::{ACTIONS, action_target, action_target_many, offered, offered_many};
use crate::tui::app::{App, Intent};
use crate::tui::i18n::S;

fn cursor(p: &mut Popup) -> Option<&mut usize> {
    match p {
        Popup::Actions { cursor, .. } | Popup::ActionsMany { cursor, .. } => Some(cursor),
        _ => None,
    }
}

pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    let Some(Popup::Actions { model, .. }) = app.popups.last() else {
        return Intent::None;
    };
    let model = *model;
    let offered = offered(app.held_model(model));
    let n = offered.len();
    pick_key(app, ev, n, cursor, move |app| {
        let Some(Popup::Actions { cursor, .. }) = app.popups.pop() else {
            return Intent::None;
        };
        match offered.get(cursor.min(n.saturating_sub(1))) {
            Some(&i) => Intent::Open(action_target(model, i)),
            None => Intent::None,
        }
    })
}

pub fn render(app: &App, model: Id, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let row = app.held_model(model);
    let code = row.map(|m| m.code.clone()).unwrap_or_default();
    let items: Vec<String> = offered(row)
        .into_iter()
        .map(|i| ACTIONS[i].0.get(lang).to_string())
        .collect();
    list(
        app,
        &format!("{} {}", S::Actions.get(lang), printable(&code)),
        &items,
        cursor,
        area,
        buf,
    );
}

/// The entries offered for the models `models` at once.
fn offered_for(app: &App, models: &[Id]) -> Vec<usize> {
    let rows: Vec<_> = models.iter().filter_map(|id| app.model_row(*id)).collect();
    offered_many(&rows)
}

pub fn key_many(app: &mut App, ev: &KeyEvent) -> Intent {
    let Some(Popup::ActionsMany { models, .. }) = app.popups.last() else {
        return Intent::None;
    };
    let offered = offered_for(app, models);
    let n = offered.len();
    pick_key(app, ev, n, cursor, move |app| {
        let Some(Popup::ActionsMany { models, cursor }) = app.popups.pop() else {
            return Intent::None;
        };
        match offered.get(cursor.min(n.saturating_sub(1))) {
            Some(&i) => Intent::Open(action_target_many(app, models, i)),
            None => Intent::None,
        }
    })
}

pub fn render_many(app: &App, models: &[Id], cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let items: Vec<String> = offered_for(app, models)
        .into_iter()
        .map(|i| ACTIONS[i].0.get(lang).to_string())
        .collect();
    list(
        app,
        &format!(
            "{} {}",
            S::Actions.get(lang),
            crate::tui::i18n::models_n(models.len(), lang)
        ),
        &items,
        cursor,
        area,
        buf,
    );
}
