//! A record's history (`h`), one change per few lines, scrolled.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Popup, close_top, open_help};
use crate::tui::app::{App, Intent, scrolled};
use crate::tui::history::HistLine;
use crate::tui::keymap::{Binding, close, find, help, lang, scrolls};
use crate::tui::theme::Meaning;
use crate::tui::widgets::{centred, data_text, popup, put_str};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Help,
    Close,
    Scroll,
    Lang,
}

pub const KEYS: &[Binding<Act>] = &[
    help(Act::Help),
    close(Act::Close),
    scrolls(Act::Scroll),
    lang(Act::Lang),
];

pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    match find(KEYS, ev) {
        Some(Act::Help) => open_help(app),
        Some(Act::Close) => close_top(app),
        Some(Act::Lang) => app.lang = app.lang.other(),
        Some(Act::Scroll) => {
            if let Some(Popup::History { scroll, lines, .. }) = app.popups.last_mut() {
                *scroll = scrolled(*scroll, ev.code, lines.len());
            }
        }
        None => {}
    }
    Intent::None
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
