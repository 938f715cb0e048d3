//! The Units tab: the unit tree (indented by depth) with each unit's counted models, drafts
//! and latest check-in; `Enter` lists a unit's models.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::App;
use super::i18n::{S, num};
use super::theme::Meaning;
use super::widgets::{Col, Table, data_text};
use crate::domain::Coded;
use crate::domain::text::date_dmy;

const COLS: [Col; 6] = [
    Col::new(S::ColCode, 10, false, 0),
    Col::new(S::ColName, 30, true, 0),
    Col::new(S::ColKind, 14, false, 2),
    Col::new(S::ColModels, 7, false, 0),
    Col::new(S::ColDrafts, 7, false, 3),
    Col::new(S::ColLastCheckin, 17, false, 1),
];

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = &app.theme;
    let d = &app.data;
    let cell = |row: u32, col: usize| -> (String, Meaning) {
        let u = &d.units[row as usize];
        match col {
            0 => (data_text(&u.unit.code, 40, t), Meaning::Plain),
            1 => {
                // Two spaces a level, capped so deep trees keep room for the name.
                let indent = "  ".repeat(u.depth.min(8) as usize);
                let m = if u.unit.active {
                    Meaning::Plain
                } else {
                    Meaning::Muted
                };
                (format!("{indent}{}", data_text(&u.unit.name, 200, t)), m)
            }
            2 => (u.unit.kind.label(lang).to_string(), Meaning::Plain),
            3 => {
                let m = if u.models > 0 {
                    Meaning::Good
                } else {
                    Meaning::Muted
                };
                (format!("{:>5}", num(u.models as u64, lang)), m)
            }
            4 => (format!("{:>5}", num(u.drafts as u64, lang)), Meaning::Muted),
            _ => (
                u.last_checkin.map(date_dmy).unwrap_or_default(),
                Meaning::Plain,
            ),
        }
    };
    Table {
        cols: &COLS,
        view: &app.units,
        cell,
        lang,
        theme: t,
        empty: S::NoMatch,
        loading: !d.have.units,
    }
    .render(area, buf);
}
