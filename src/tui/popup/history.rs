//! A record's history (`h`), one change per few lines, scrolled. Its keys are
//! [`super::READ`].

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Popup, read_key};
use crate::tui::app::{App, Intent};
use crate::tui::history::HistLine;
use crate::tui::theme::Meaning;
use crate::tui::widgets::{centred, data_text, popup, put_str};

/// Its keys are [`super::READ`]; after `L` a record's history is said in the other language.
pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    let n = match app.popups.last() {
        Some(Popup::History { lines, .. }) => lines.len(),
        _ => 0,
    };
    let lang = app.lang;
    let intent = read_key(app, ev, n, |p| match p {
        Popup::History { scroll, .. } => Some(scroll),
        _ => None,
    });
    if app.lang != lang
        && let Some(Popup::History {
            source: Some(src), ..
        }) = app.popups.last()
    {
        let (title, lines) = app.history_lines(&src.0, &src.1);
        if let Some(Popup::History {
            title: t, lines: l, ..
        }) = app.popups.last_mut()
        {
            (*t, *l) = (title, lines);
        }
    }
    intent
}

pub fn render(
    app: &App,
    title: &str,
    lines: &[HistLine],
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.theme;
    let r = centred(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(2),
    );
    let inner = popup(
        buf,
        r,
        &data_text(title, r.width.saturating_sub(6) as usize, t),
        t,
    );
    let h = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(h));
    for (i, l) in lines.iter().skip(scroll).take(h).enumerate() {
        let m = if l.head {
            Meaning::Title
        } else {
            Meaning::Plain
        };
        put_str(
            buf,
            inner.x + 1,
            inner.y + i as u16,
            inner.width.saturating_sub(2),
            &l.text,
            t.style(m),
            t,
        );
    }
}
