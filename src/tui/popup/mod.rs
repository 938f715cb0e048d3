//! Windows over the tabs, one file each: its state (a variant of [`Popup`]), its key table,
//! its key handler and its drawing. [`key`] routes a key to the topmost window, [`commands`]
//! lists that window's table for the key bar and the help, and [`render`] draws the windows
//! bottom up. The choice lists (periods, filters, catalogues, a model's actions) share one
//! table, [`PICK`], and its handler, [`pick_key`].

mod actions;
mod ask;
mod catalog;
mod choose;
mod form;
mod help;
mod history;
mod model;
mod unit;

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

pub use self::help::wrap;

use super::actions::{Answer, Cat};
use super::app::{App, Intent, scrolled};
use super::commands::Command;
use super::data::ListView;
use super::form::Form;
use super::history::HistLine;
use super::i18n::S;
#[cfg(test)]
use super::keymap::Key;
use super::keymap::{self, Binding, close, find, help, lang, moves, scrolls};
use super::models::Dim;
use super::theme::Meaning;
use super::widgets::{centred, data_text, popup, put_str, width};
use crate::api::ModelDetail;
use crate::domain::Id;

/// A window over the tabs; `q`/`Esc` close the topmost.
pub enum Popup {
    Help {
        scroll: usize,
    },
    Period {
        cursor: usize,
    },
    FilterDims {
        cursor: usize,
    },
    FilterValues {
        dim: Dim,
        cursor: usize,
    },
    /// The models of the unit `id`, at `unit` in the unit rows: a window of the server's.
    Unit {
        unit: usize,
        id: crate::domain::Id,
        view: ListView,
    },
    Model {
        detail: Box<ModelDetail>,
        scroll: usize,
        max: Cell<usize>,
        /// The lines the window shows, kept by drawing: `PgUp`/`PgDn` move by a window.
        page: Cell<usize>,
    },
    /// A form being filled in.
    Form(Box<Form>),
    /// A question with its answers (delete, discard changes, a conflict, a draft).
    Ask {
        title: S,
        text: String,
        options: Vec<Answer>,
    },
    /// A record's history, one change per few lines.
    History {
        title: String,
        lines: Vec<HistLine>,
        scroll: usize,
        /// A record's history: the record and its entries, to say them again in the other
        /// language (`L`). None for other lines (a batch's result).
        source: Option<Box<(crate::domain::RecordRef, Vec<crate::domain::AuditEntry>)>>,
    },
    /// The catalogues (`c`): fields, award forms, periods.
    Catalog {
        cursor: usize,
    },
    /// The entries of one catalogue, “add new” first.
    CatalogList {
        cat: Cat,
        cursor: usize,
    },
    /// What can be done to a model (`a`).
    Actions {
        model: Id,
        cursor: usize,
    },
    /// What can be done to the marked models at once (`a` with models marked).
    ActionsMany {
        models: Vec<Id>,
        cursor: usize,
    },
}

/// A key for the topmost window.
pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    let Some(top) = app.popups.last() else {
        return Intent::None;
    };
    match top {
        Popup::Help { .. } => help::key(app, ev),
        Popup::Period { .. } | Popup::FilterDims { .. } | Popup::FilterValues { .. } => {
            choose::key(app, ev)
        }
        Popup::Unit { .. } => unit::key(app, ev),
        Popup::Model { .. } => model::key(app, ev),
        Popup::Form(_) => form::key(app, ev),
        Popup::Ask { .. } => ask::key(app, ev),
        Popup::History { .. } => history::key(app, ev),
        Popup::Catalog { .. } | Popup::CatalogList { .. } => catalog::key(app, ev),
        Popup::Actions { .. } => actions::key(app, ev),
        Popup::ActionsMany { .. } => actions::key_many(app, ev),
    }
}

/// The keys of the window at `depth - 1`.
pub fn commands(app: &App, depth: usize) -> Vec<Command> {
    let ascii = app.theme.ascii;
    match &app.popups[depth - 1] {
        Popup::Help { .. } => keymap::all(&READ[1..], ascii),
        Popup::History { .. } => keymap::all(READ, ascii),
        Popup::Model { .. } => model::commands(ascii),
        Popup::Form(f) => form::commands(f, ascii),
        Popup::Ask { options, .. } => ask::commands(options, app.lang, ascii),
        Popup::Unit { .. } => unit::commands(ascii),
        Popup::CatalogList { .. } => catalog::list_commands(ascii),
        Popup::Period { .. }
        | Popup::FilterDims { .. }
        | Popup::FilterValues { .. }
        | Popup::Catalog { .. }
        | Popup::Actions { .. }
        | Popup::ActionsMany { .. } => keymap::all(PICK, ascii),
    }
}

/// Draw the window at `depth` (0 is the lowest); a form covers `body`, the others are
/// centred in `area`.
pub fn render(app: &App, depth: usize, area: Rect, body: Rect, buf: &mut Buffer) {
    match &app.popups[depth] {
        // Above the key bar, which says how to scroll it and close it.
        Popup::Help { scroll } => help::render(app, depth, *scroll, body, buf),
        Popup::Period { cursor } => choose::period(app, *cursor, area, buf),
        Popup::FilterDims { cursor } => choose::filter_dims(app, *cursor, area, buf),
        Popup::FilterValues { dim, cursor } => choose::filter_values(app, *dim, *cursor, area, buf),
        Popup::Unit { unit, view, .. } => unit::render(app, *unit, view, area, buf),
        Popup::Model {
            detail,
            scroll,
            max,
            page,
        } => super::detail::render(app, detail, *scroll, (max, page), body, buf),
        Popup::Form(f) => super::form_view::render(app, f, body, buf),
        Popup::Ask {
            title,
            text,
            options,
        } => ask::render(app, *title, text, options, area, buf),
        Popup::History {
            title,
            lines,
            scroll,
            ..
        } => history::render(app, title, lines, *scroll, area, buf),
        Popup::Catalog { cursor } => catalog::render(app, *cursor, area, buf),
        Popup::CatalogList { cat, cursor } => catalog::render_list(app, *cat, *cursor, area, buf),
        Popup::Actions { model, cursor } => actions::render(app, *model, *cursor, area, buf),
        Popup::ActionsMany { models, cursor } => {
            actions::render_many(app, models, *cursor, area, buf)
        }
    }
}

/// `?` over a window: the help of that window.
fn open_help(app: &mut App) {
    app.popups.push(Popup::Help { scroll: 0 });
}

fn close_top(app: &mut App) {
    app.popups.pop();
}

/// What the keys of a window of text do (the help, a history, an open model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Help,
    Close,
    Scroll,
    Lang,
}

pub const READ: &[Binding<Read>] = &[
    help(Read::Help),
    close(Read::Close),
    scrolls(Read::Scroll),
    lang(Read::Lang),
];

/// A key in a window of `n` lines whose scroll position `scroll` finds in the top window.
fn read_key(
    app: &mut App,
    ev: &KeyEvent,
    n: usize,
    scroll: fn(&mut Popup) -> Option<&mut usize>,
) -> Intent {
    match find(READ, ev) {
        Some(Read::Help) => open_help(app),
        Some(Read::Close) => close_top(app),
        Some(Read::Lang) => app.lang = app.lang.other(),
        Some(Read::Scroll) => {
            if let Some(pos) = app.popups.last_mut().and_then(scroll) {
                *pos = scrolled(*pos, ev.code, n);
            }
        }
        None => {}
    }
    Intent::None
}

/// What the keys of a choice list do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Help,
    Close,
    Move,
    Choose,
    Lang,
}

/// The keys of a choice list, with its `Enter`.
pub const fn pick_table(enter: Binding<Pick>) -> [Binding<Pick>; 5] {
    [
        help(Pick::Help),
        close(Pick::Close),
        moves(Pick::Move),
        enter,
        lang(Pick::Lang),
    ]
}

/// The keys of most choice lists.
pub const PICK: &[Binding<Pick>] = &pick_table(keymap::enter(S::Open, S::ChooseLong, Pick::Choose));

/// A key in a choice list of `n` entries whose cursor `cursor` finds in the top window;
/// `choose` is what `Enter` does.
fn pick_key(
    app: &mut App,
    ev: &KeyEvent,
    n: usize,
    cursor: fn(&mut Popup) -> Option<&mut usize>,
    choose: impl FnOnce(&mut App) -> Intent,
) -> Intent {
    pick_in(
        app,
        ev,
        PICK,
        |p, code| {
            if let Some(c) = cursor(p) {
                *c = scrolled(*c, code, n);
            }
        },
        choose,
    )
}

/// A key in a choice list with the keys of `table`; `mv` moves its cursor in the top window.
fn pick_in(
    app: &mut App,
    ev: &KeyEvent,
    table: &[Binding<Pick>],
    mv: impl FnOnce(&mut Popup, KeyCode),
    choose: impl FnOnce(&mut App) -> Intent,
) -> Intent {
    match find(table, ev) {
        Some(Pick::Help) => open_help(app),
        Some(Pick::Close) => close_top(app),
        Some(Pick::Lang) => app.lang = app.lang.other(),
        Some(Pick::Choose) => return choose(app),
        Some(Pick::Move) => {
            if let Some(p) = app.popups.last_mut() {
                mv(p, ev.code);
            }
        }
        None => {}
    }
    Intent::None
}

/// A list of choices with a marker on the cursor.
pub(super) fn list(
    app: &App,
    title: &str,
    items: &[String],
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.theme;
    let w = items
        .iter()
        .map(|s| width(s))
        .max()
        .unwrap_or(0)
        .max(width(title) + 4) as u16
        + 6;
    let r = centred(area, w.min(area.width - 4), items.len() as u16 + 2);
    let inner = popup(buf, r, title, t);
    let h = inner.height as usize;
    let top = cursor.saturating_sub(h.saturating_sub(1));
    for (i, s) in items.iter().enumerate().skip(top).take(h) {
        let y = inner.y + (i - top) as u16;
        let style = if i == cursor {
            t.style(Meaning::Selected)
        } else {
            t.style(Meaning::Plain)
        };
        if i == cursor {
            buf.set_string(inner.x, y, t.marker(), t.style(Meaning::Marker));
        }
        put_str(
            buf,
            inner.x + 2,
            y,
            inner.width.saturating_sub(2),
            &data_text(s, 200, t),
            style,
            t,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::actions::MODEL_KEYS;
    use crate::tui::keymap::{clashes, keys_of};

    /// Every window's tables; a question's `q` comes before its catch-all on purpose.
    #[test]
    fn no_key_of_a_window_is_bound_twice() {
        let screens: [(&str, Vec<Key>); 7] = [
            ("text", keys_of(READ)),
            ("model", [keys_of(READ), keys_of(MODEL_KEYS)].concat()),
            ("unit", [keys_of(unit::KEYS), keys_of(unit::NEW)].concat()),
            (
                "catalogue",
                [keys_of(catalog::LIST_KEYS), keys_of(catalog::HISTORY)].concat(),
            ),
            ("choice list", keys_of(PICK)),
            ("form", keys_of(form::KEYS)),
            (
                "form's list",
                [keys_of(form::PICK_KEYS), form::F1.to_vec()].concat(),
            ),
        ];
        for (name, keys) in screens {
            let clash = clashes(&[&keys]);
            assert!(clash.is_empty(), "{name}: {clash:?} bound twice");
        }
    }
}
