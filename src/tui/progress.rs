//! The Progress tab: each model's place in the period's steps (●●●○○ and the step's name) and
//! its criteria, overdue models first; beside it, the check-ins of the selected model.
//!
//! The table's columns follow the Models tab's rules: the code as wide as the widest code,
//! the title (“person — title” for an exemplar) at least 28 columns and 35% of the width and
//! all the room left over; what does not fit is hidden whole, the first hidden first: the
//! step's name, the criteria, the days overdue. Code, title and pipeline always show.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Intent};
use super::data::ListView;
use super::form::Target;
use super::i18n::{S, num};
use super::keymap::{Binding, enter, new};
use super::models::{progress_cell, shown_title};
use super::theme::Meaning;
use super::widgets::{Col, Table, data_text, put_str, section};
use crate::domain::Coded;
use crate::domain::Id;
use crate::domain::text::date_dmy;

/// The tab's state: its table and the check-ins of the selected model, fetched once the keys
/// of a batch have been handled ([`App::sync`]).
#[derive(Default)]
pub struct ProgressTab {
    pub view: ListView,
    pub detail: Option<crate::api::ModelDetail>,
}

/// What the tab's own keys do, besides the keys on a model (`MODEL_KEYS`) and those of
/// every tab (`tab.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Open,
    New,
    /// `Space`: mark or unmark the selected model.
    Mark,
}

pub const KEYS: &[Binding<Act>] = &[
    enter(S::Open, S::OpenModelLong, Act::Open),
    new(S::NewModelLong, Act::New),
    super::models::mark(Act::Mark),
];

/// What a key of [`KEYS`] does, on the selected model `sel`.
pub fn run(app: &mut App, act: Act, sel: Option<Id>) -> Intent {
    match (act, sel) {
        (Act::Mark, sel) => super::models::toggle_mark(app, sel),
        (Act::Open, Some(id)) => Intent::OpenModel(id),
        (Act::Open, None) => Intent::None,
        (Act::New, _) => Intent::Open(Target::Model { id: 0 }),
    }
}

const COLS: [Col; 6] = [
    Col::new(S::ColCode, 4, false, 0),
    Col::new(S::ColTitle, 28, true, 0).share(35),
    Col::new(S::ColPipeline, 9, false, 0),
    Col::new(S::ColStep, 14, false, 3),
    Col::new(S::ColProgress, 11, false, 2),
    Col::new(S::ColOverdue, 8, false, 1),
];

/// `●●●○○`: steps reached and steps to come.
pub fn pipeline(step: u8, steps: u8, app: &App) -> String {
    let (done, todo) = app.theme.step_glyphs();
    let step = step.min(steps);
    format!(
        "{}{}",
        done.repeat(step as usize),
        todo.repeat((steps - step) as usize)
    )
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = &app.theme;
    let d = &app.data;
    // Wide terminals put the check-ins beside the list, others below it.
    let (list, pane) = if area.width >= 110 {
        let lw = area.width * 68 / 100;
        (
            Rect { width: lw, ..area },
            Rect {
                x: area.x + lw + 1,
                width: area.width - lw - 1,
                ..area
            },
        )
    } else {
        let ph = (area.height / 3).max(6);
        (
            Rect {
                height: area.height - ph,
                ..area
            },
            Rect {
                y: area.y + area.height - ph,
                height: ph,
                ..area
            },
        )
    };
    let view = &app.progress.view;
    let cell = |row: u32, col: usize| -> (String, Meaning) {
        let Some(m) = view.model(row) else {
            return (String::new(), Meaning::Plain);
        };
        match col {
            0 => (data_text(&m.code, 40, t), Meaning::Plain),
            1 => (data_text(&shown_title(m, true), 200, t), Meaning::Plain),
            2 => (pipeline(m.step, m.steps, app), Meaning::Good),
            3 => (
                data_text(&d.step_label(m.step, lang), 200, t),
                Meaning::Plain,
            ),
            4 => (progress_cell(m.progress, app), Meaning::Good),
            _ if m.overdue => {
                let last = m.last_checkin.unwrap_or(m.registered_on);
                let days = (app.today - last).num_days().max(0) as u64;
                (
                    format!("{} {}", num(days, lang), S::Days.get(lang)),
                    Meaning::Warn,
                )
            }
            _ => (String::new(), Meaning::Plain),
        }
    };
    let mut cols = COLS;
    cols[0] = cols[0].at_least(d.model_code_w.get());
    Table {
        cols: &cols,
        view: &app.progress.view,
        cell,
        lang,
        theme: t,
        empty: S::NoMatch,
        loading: !view.arrived(),
        sort: None,
    }
    .render(list, buf);
    super::models::draw_marks(app, &app.progress.view, list, buf);

    let (x, w) = (pane.x + 1, pane.width.saturating_sub(2));
    section(buf, x, pane.y, w, S::Checkins.get(lang), t);
    let Some(det) = app
        .progress
        .detail
        .as_ref()
        .filter(|det| Some(det.model.id) == app.progress.view.selected_model().map(|m| m.id))
    else {
        return;
    };
    put_str(
        buf,
        x,
        pane.y + 1,
        w,
        &data_text(
            &format!("{} · {}", det.model.code, det.model.title),
            w as usize,
            t,
        ),
        t.style(Meaning::Muted),
        t,
    );
    if det.checkins.is_empty() {
        put_str(
            buf,
            x,
            pane.y + 2,
            w,
            S::NoCheckins.get(lang),
            t.style(Meaning::Muted),
            t,
        );
    }
    // Newest first: the latest check-in is what a reader looks for. Date and kind on one
    // line, who and what was found on the next.
    let mut y = pane.y + 2;
    let end = pane.y + pane.height;
    for c in det.checkins.iter().rev() {
        if y + 1 >= end {
            break;
        }
        let mut head = format!("{} · {}", date_dmy(c.date), c.kind.label(lang));
        if !c.actuals.is_empty() {
            head = format!("{head} · {}", super::detail::reported(c, lang));
        }
        put_str(buf, x, y, w, &head, t.style(Meaning::Plain), t);
        let text = data_text(
            &format!("{}: {}", c.by, c.note),
            w.saturating_sub(2) as usize,
            t,
        );
        put_str(
            buf,
            x + 2,
            y + 1,
            w.saturating_sub(2),
            &text,
            t.style(Meaning::Muted),
            t,
        );
        y += 2;
    }
}
