//! The help (`?`, `F1` in a form): every key of the screen below — the same list as its key
//! bar — with what it does; a description too long for the window continues on the next line.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Popup, read_key};
use crate::tui::app::{App, Intent};
use crate::tui::commands::commands_below;
use crate::tui::i18n::S;
use crate::tui::theme::Meaning;
use crate::tui::widgets::{centred, popup, put_str, width};

/// Its keys are [`super::READ`] but `?`.
pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    if ev.code == ratatui::crossterm::event::KeyCode::Char('?') {
        return Intent::None;
    }
    let n = commands_below(app, app.popups.len() - 1).len();
    read_key(app, ev, n, |p| match p {
        Popup::Help { scroll } => Some(scroll),
        _ => None,
    })
}

pub fn render(app: &App, depth: usize, scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let cmds = commands_below(app, depth);
    let kw = cmds.iter().map(|c| width(c.keys)).max().unwrap_or(0) as u16;
    let lw = cmds
        .iter()
        .map(|c| width(c.long.get(lang)))
        .max()
        .unwrap_or(0) as u16;
    let w = (kw + lw + 6).min(area.width.saturating_sub(2));
    let dw = w.saturating_sub(kw + 5) as usize;
    let rows: Vec<(&str, String)> = cmds
        .iter()
        .flat_map(|c| {
            wrap(c.long.get(lang), dw)
                .into_iter()
                .enumerate()
                .map(move |(i, l)| (if i == 0 { c.keys } else { "" }, l))
        })
        .collect();
    let r = centred(area, w, rows.len() as u16 + 2);
    let inner = popup(buf, r, S::Help.get(lang), t);
    for (i, (keys, text)) in rows
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        put_str(buf, inner.x + 1, y, kw, keys, t.style(Meaning::Key), t);
        let x = inner.x + kw + 3;
        put_str(
            buf,
            x,
            y,
            inner.width.saturating_sub(kw + 3),
            text,
            t.style(Meaning::Plain),
            t,
        );
    }
}

/// Words of `s` in lines of at most `w` columns.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split(' ') {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && width(last) + 1 + width(word) > w {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}
