//! The models of one unit (`Enter` on the Units tab); `n` registers a new one of the unit.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Pick, Popup, pick_in, pick_table};
use crate::domain::Coded;
use crate::tui::app::{App, Intent, move_in};
use crate::tui::commands::Command;
use crate::tui::data::ListView;
use crate::tui::form::Target;
use crate::tui::i18n::S;
use crate::tui::keymap::{self, Binding, enter, find, new};
use crate::tui::models::{kind_short, shown_title};
use crate::tui::theme::Meaning;
use crate::tui::widgets::{Col, Table, centred, data_text, popup};

/// A choice list's keys, `Enter` opening the model.
pub const KEYS: &[Binding<Pick>] = &pick_table(enter(S::Open, S::OpenModelLong, Pick::Choose));

/// `n`: a new model of the unit, listed after `Enter`.
pub const NEW: &[Binding<()>] = &[new(S::NewModelOfUnitLong, ())];

pub fn commands(ascii: bool) -> Vec<Command> {
    let (head, tail) = KEYS.split_at(4);
    let mut out = keymap::all(head, ascii);
    out.extend(keymap::all(NEW, ascii));
    out.extend(keymap::all(tail, ascii));
    out
}

pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    if find(NEW, ev).is_some() {
        let Some(Popup::Unit { unit, .. }) = app.popups.last() else {
            return Intent::None;
        };
        return match app.data.units.get(*unit) {
            Some(u) => Intent::Open(Target::NewModel { unit: u.unit.id }),
            None => app.nothing(),
        };
    }
    let mv = |p: &mut Popup, code| {
        if let Popup::Unit { view, .. } = p {
            move_in(view, code);
        }
    };
    pick_in(app, ev, KEYS, mv, |app| {
        let Some(Popup::Unit { view, .. }) = app.popups.last() else {
            return Intent::None;
        };
        view.selected_model()
            .map_or(Intent::None, |m| Intent::OpenModel(m.id))
    })
}

/// As on the Models tab: the code never cut, the kind a short word, the title (“person —
/// title” for an exemplar) with the room; the status, then the kind give way first.
const COLS: [Col; 5] = [
    Col::new(S::ColCode, 4, false, 0),
    Col::new(S::ColKind, 5, false, 2),
    Col::new(S::ColTitle, 28, true, 0).share(35),
    Col::new(S::ColStep, 5, false, 0),
    Col::new(S::ColStatus, 10, false, 1),
];

pub fn render(app: &App, unit: usize, view: &ListView, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let d = &app.data;
    let Some(u) = d.units.get(unit) else { return };
    let title = data_text(
        &format!("{} {}", u.unit.code, u.unit.name),
        area.width as usize - 10,
        t,
    );
    let r = centred(
        area,
        area.width - 8,
        (view.len().min(u16::MAX as usize - 3) as u16 + 3).clamp(6, area.height - 4),
    );
    let inner = popup(buf, r, &title, t);
    let cell = |row: u32, col: usize| -> (String, Meaning) {
        let Some(m) = view.model(row) else {
            return (String::new(), Meaning::Plain);
        };
        match col {
            0 => (data_text(&m.code, 40, t), Meaning::Plain),
            1 => (kind_short(m.kind, lang).to_string(), Meaning::Plain),
            2 => (data_text(&shown_title(m, true), 200, t), Meaning::Plain),
            3 => (format!("{}/{}", m.step, m.steps), Meaning::Plain),
            _ => (
                m.status.label(lang).to_string(),
                if m.status.counted() {
                    Meaning::Plain
                } else {
                    Meaning::Muted
                },
            ),
        }
    };
    let mut cols = COLS;
    cols[0] = cols[0].at_least(d.model_code_w.get());
    Table {
        cols: &cols,
        view,
        cell,
        lang,
        theme: t,
        empty: S::NoData,
        loading: !view.arrived(),
        sort: None,
    }
    .render(inner, buf);
}
