//! The Awards tab: the register of commendations of the period (decision, date, body, form,
//! recipient) and its tallies by body, form and kind of recipient.
//!
//! The decision number and the model's code are as wide as the widest of them, never cut; the
//! recipient takes at least 20 columns and 30% of the width, and shares the room left over
//! with the body and the form; the kind is a short word. Columns that do not fit are hidden whole, the
//! first hidden first: body, kind, form, model code. Decision, date and recipient always
//! show.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Intent};
use super::data::ListView;
use super::form::Target;
use super::i18n::S;
use super::keymap::{Binding, delete, edit, enter, history, new};
use super::models::kind_short;
use super::tab::RowAct;
use super::theme::Meaning;
use super::widgets::{Col, Table, data_text, put_str, section, widest};
use crate::domain::text::date_dmy;

/// The tab's state: its table.
/// The tab's state: a window of the period's awards (the server's, searched there).
pub struct AwardsTab {
    pub view: ListView,
}

impl Default for AwardsTab {
    fn default() -> Self {
        AwardsTab {
            view: ListView::remote(),
        }
    }
}

/// The tab's own keys (the keys of every tab are in `tab.rs`).
pub const KEYS: &[Binding<RowAct>] = &[
    enter(S::Open, S::OpenModelLong, RowAct::Open),
    new(S::NewAwardLong, RowAct::New),
    edit(RowAct::Edit),
    delete(RowAct::Delete),
    history(RowAct::History),
];

pub fn run(app: &mut App, act: RowAct) -> Intent {
    use crate::domain::RecordRef;
    let Some(a) = app.awards.view.selected_award().map(|a| &a.award) else {
        return match act {
            RowAct::Open => Intent::None,
            _ => app.nothing(),
        };
    };
    match act {
        RowAct::Open => Intent::OpenModel(a.model),
        RowAct::Edit => Intent::Open(Target::Award {
            model: a.model,
            id: a.id,
        }),
        RowAct::Delete => Intent::AskDelete(RecordRef::Award(a.id)),
        RowAct::History => Intent::History(RecordRef::Award(a.id)),
        // Another award for the same model: the form names the model it is for.
        RowAct::New => Intent::Open(Target::Award {
            model: a.model,
            id: 0,
        }),
    }
}

const COLS: [Col; 7] = [
    Col::new(S::ColDecision, 13, false, 0),
    Col::new(S::ColDate, 10, false, 0),
    Col::new(S::ColBody, 16, true, 4),
    Col::new(S::ColForm, 10, true, 2),
    Col::new(S::ColRecipient, 20, true, 0).share(30),
    Col::new(S::ColKind, 5, false, 3),
    Col::new(S::ColCode, 4, false, 1),
];

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = &app.theme;
    let d = &app.data;
    // Tallies below the register: a title, the total and one line per body and form.
    let tallies = d.status.as_ref().map_or(&[][..], |s| &s.awards_by[..]);
    let tally_h = (tallies.len() as u16 + 3).min(area.height / 3);
    let table = Rect {
        height: area.height - tally_h,
        ..area
    };
    let view = &app.awards.view;
    let cell = |row: u32, col: usize| -> (String, Meaning) {
        let Some(a) = view.award(row) else {
            return (String::new(), Meaning::Plain);
        };
        match col {
            0 => (data_text(&a.award.decision_no, 40, t), Meaning::Plain),
            1 => (date_dmy(a.award.decided_on), Meaning::Plain),
            2 => (data_text(&a.award.body, 200, t), Meaning::Plain),
            3 => (d.form_label(&a.award.form, lang), Meaning::Plain),
            4 => (data_text(&a.recipient, 200, t), Meaning::Plain),
            5 => (kind_short(a.kind, lang).to_string(), Meaning::Muted),
            _ => (data_text(&a.model_code, 40, t), Meaning::Plain),
        }
    };
    let mut cols = COLS;
    let held = view.remote.as_ref().map_or(&[][..], |h| &h.awards[..]);
    cols[0] = cols[0].at_least(widest(
        held.iter().map(|a| a.award.decision_no.as_str()),
        40,
    ));
    cols[6] = cols[6].at_least(d.model_code_w.get());
    Table {
        cols: &cols,
        view: &app.awards.view,
        cell,
        lang,
        theme: t,
        empty: S::NoAwards,
        loading: !view.arrived(),
        sort: None,
    }
    .render(table, buf);

    let (x, w) = (area.x + 1, area.width - 2);
    let mut y = table.y + table.height + 1;
    let total = d.status.as_ref().map_or(0, |s| s.awards_total);
    section(
        buf,
        x,
        y,
        w,
        &format!(
            "{} · {}",
            S::Tallies.get(lang),
            crate::report::words::awards_count(total, lang)
        ),
        t,
    );
    y += 1;
    for a in tallies {
        if y >= area.y + area.height {
            break;
        }
        let line = format!(
            "{} — {}: {}",
            a.body,
            d.form_label(&a.form, lang),
            crate::report::words::recipients(a.collective, a.individual, lang)
        );
        put_str(
            buf,
            x,
            y,
            w,
            &data_text(&line, w as usize, t),
            t.style(Meaning::Plain),
            t,
        );
        y += 1;
    }
}
