//! The choice lists over the Models tab: the periods (`p`), the filters (`f`) and the values of
//! one filter. Their keys are [`super::PICK`].

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Popup, list, pick_key};
use crate::domain::Coded;
use crate::tui::app::{App, Intent, Tab};
use crate::tui::i18n::S;
use crate::tui::models::{Dim, choices};
use crate::tui::theme::Meaning;
use crate::tui::widgets::{centred, popup, put_str};

fn cursor(p: &mut Popup) -> Option<&mut usize> {
    match p {
        Popup::Period { cursor }
        | Popup::FilterDims { cursor }
        | Popup::FilterValues { cursor, .. } => Some(cursor),
        _ => None,
    }
}

pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    let n = match app.popups.last() {
        Some(Popup::Period { .. }) => app.data.periods.len(),
        Some(Popup::FilterDims { .. }) => Dim::ALL.len(),
        Some(Popup::FilterValues { dim, .. }) => choices(app, *dim).len(),
        _ => 0,
    };
    pick_key(app, ev, n, cursor, choose)
}

/// `Enter`: a period is loaded, a filter's values listed, a value filters the models.
fn choose(app: &mut App) -> Intent {
    match app.popups.pop() {
        Some(Popup::Period { cursor }) => match app.data.periods.get(cursor) {
            Some(p) => {
                // Reviews are a period's own: another period is shown as of today.
                if app.data.period().is_none_or(|cur| cur.code != p.code) {
                    app.overview.as_of = None;
                }
                Intent::Load(Some(p.code.clone()))
            }
            None => Intent::None,
        },
        Some(Popup::FilterDims { cursor }) => {
            let dim = Dim::ALL[cursor.min(Dim::ALL.len() - 1)];
            if dim == Dim::Period {
                app.choose_period();
            } else {
                app.popups.push(Popup::FilterValues { dim, cursor: 0 });
            }
            Intent::None
        }
        Some(Popup::FilterValues { dim, cursor }) => {
            if let Some((_, choice)) = choices(app, dim).into_iter().nth(cursor) {
                app.models.filter.set(choice);
                app.models.view.reset();
                app.refilter(Tab::Models);
            }
            Intent::None
        }
        _ => Intent::None,
    }
}

pub fn period(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let items: Vec<String> = app
        .data
        .periods
        .iter()
        .map(|p| {
            let doc = if p.guidance.is_empty() {
                String::new()
            } else {
                format!("  {}", p.guidance)
            };
            format!("{}{doc}", p.code)
        })
        .collect();
    if items.is_empty() {
        let inner = popup(buf, centred(area, 40, 3), S::Period.get(lang), &app.theme);
        put_str(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            S::NoPeriod.get(lang),
            app.theme.style(Meaning::Muted),
            &app.theme,
        );
        return;
    }
    list(app, S::Period.get(lang), &items, cursor, area, buf);
}

pub fn filter_dims(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let f = &app.models.filter;
    let items: Vec<String> = Dim::ALL
        .iter()
        .map(|d| {
            let cur = match d {
                Dim::Period => app.data.period().map(|p| p.code.clone()),
                Dim::Kind => f.kind.map(|k| k.label(lang).to_string()),
                Dim::Field => f.field.as_ref().map(|x| app.data.field_label(x, lang)),
                Dim::Step => f.step.map(|s| s.to_string()),
                Dim::Unit => f
                    .unit
                    .and_then(|u| app.data.units.iter().find(|r| r.unit.id == u))
                    .map(|r| r.unit.code.clone()),
                Dim::Status => f.status.map(|s| s.label(lang).to_string()),
                Dim::Outcome => f.outcome.map(|o| o.label(lang).to_string()),
                Dim::Overdue => f.overdue.then(|| S::Yes.get(lang).to_string()),
                Dim::Quality => f.lacking.map(|g| g.label().get(lang).to_string()),
            };
            format!(
                "{}: {}",
                d.label().get(lang),
                cur.unwrap_or_else(|| S::All.get(lang).to_string())
            )
        })
        .collect();
    list(app, S::Filters.get(lang), &items, cursor, area, buf);
}

pub fn filter_values(app: &App, dim: Dim, cursor: usize, area: Rect, buf: &mut Buffer) {
    let items: Vec<String> = choices(app, dim).into_iter().map(|(s, _)| s).collect();
    list(app, dim.label().get(app.lang), &items, cursor, area, buf);
}
