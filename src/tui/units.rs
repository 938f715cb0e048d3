//! The Units tab: the unit tree (indented by depth) with each unit's counted models, drafts
//! and latest check-in; `Enter` lists a unit's models, `f` keeps the units with (or without)
//! a model registered in the period.
//!
//! The code column is as wide as the widest code, never cut; the name takes at least 30
//! columns and 35% of the width and the room left over. Columns that do not fit are hidden
//! whole, the first hidden first: drafts, kind, latest check-in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Intent, Popup};
use super::data::ListView;
use super::form::Target;
use super::i18n::{S, num};
use super::keymap::{Binding, Key, bind, delete, edit, enter, history, new};
use super::tab::RowAct;
use super::theme::Meaning;
use super::widgets::{Col, Table, data_text};
use crate::api::UnitRow;
use crate::domain::Coded;
use crate::domain::text::date_dmy;

/// The tab's state: its table and its filter.
#[derive(Default)]
pub struct UnitsTab {
    pub view: ListView,
    pub filter: UnitFilter,
}

/// Which units the tab lists: `f` goes round all, those with a model registered in the
/// period (counted), those without.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UnitFilter {
    #[default]
    All,
    Registered,
    NotRegistered,
}

impl UnitFilter {
    pub fn next(self) -> UnitFilter {
        match self {
            UnitFilter::All => UnitFilter::Registered,
            UnitFilter::Registered => UnitFilter::NotRegistered,
            UnitFilter::NotRegistered => UnitFilter::All,
        }
    }

    pub fn keep(self, u: &UnitRow) -> bool {
        match self {
            UnitFilter::All => true,
            UnitFilter::Registered => u.models > 0,
            UnitFilter::NotRegistered => u.models == 0,
        }
    }

    /// For the line under the table; `None` when every unit is listed.
    pub fn label(self) -> Option<S> {
        match self {
            UnitFilter::All => None,
            UnitFilter::Registered => Some(S::UnitFilterWith),
            UnitFilter::NotRegistered => Some(S::UnitFilterWithout),
        }
    }
}

/// What the tab's own keys do: those on a row, and the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Row(RowAct),
    Filter,
}

/// The tab's own keys (the keys of every tab are in `tab.rs`).
pub const KEYS: &[Binding<Act>] = &[
    enter(S::Open, S::OpenUnitLong, Act::Row(RowAct::Open)),
    new(S::NewUnitLong, Act::Row(RowAct::New)),
    edit(Act::Row(RowAct::Edit)),
    delete(Act::Row(RowAct::Delete)),
    history(Act::Row(RowAct::History)),
    bind(
        &[Key::Char('f')],
        "f",
        S::Filter,
        S::UnitFilterLong,
        Act::Filter,
    ),
];

pub fn run(app: &mut App, act: Act) -> Intent {
    use crate::domain::RecordRef;
    let act = match act {
        Act::Row(a) => a,
        Act::Filter => {
            app.units.filter = app.units.filter.next();
            app.units.view.reset();
            app.refilter(super::app::Tab::Units);
            return Intent::None;
        }
    };
    let d = &app.data;
    let sel = app.units.view.selected();
    let unit = sel.map(|i| d.units[i as usize].unit.id);
    match (act, sel, unit) {
        (RowAct::New, ..) => Intent::Open(Target::Unit { id: 0 }),
        (RowAct::Open, Some(row), Some(u)) => {
            app.popups.push(Popup::Unit {
                unit: row as usize,
                id: u,
                view: ListView::remote(),
            });
            Intent::None
        }
        (RowAct::Open, ..) => Intent::None,
        (RowAct::Edit, _, Some(id)) => Intent::Open(Target::Unit { id }),
        (RowAct::Delete, _, Some(id)) => Intent::AskDelete(RecordRef::Unit(id)),
        (RowAct::History, _, Some(id)) => Intent::History(RecordRef::Unit(id)),
        _ => app.nothing(),
    }
}

const COLS: [Col; 6] = [
    Col::new(S::ColCode, 4, false, 0),
    Col::new(S::ColName, 30, true, 0).share(35),
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
    let mut cols = COLS;
    cols[0] = cols[0].at_least(d.unit_code_w);
    Table {
        cols: &cols,
        view: &app.units.view,
        cell,
        lang,
        theme: t,
        empty: S::NoMatch,
        loading: !d.have.units,
        sort: None,
    }
    .render(area, buf);
}
