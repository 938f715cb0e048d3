//! A question with its answers (delete, discard changes, a conflict, a draft): `[y] Xóa
//! [n] Hủy`. Each answer's key is its own; `Esc` (or `q`) backs out.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::{Popup, wrap};
use crate::domain::text::printable;
use crate::i18n::Lang;
use crate::tui::actions::{Answer, Then};
use crate::tui::app::{App, Flash, Intent};
use crate::tui::commands::Command;
use crate::tui::i18n::S;
use crate::tui::keymap::{self, Binding, Key, bind, find, hidden};
use crate::tui::theme::Meaning;
use crate::tui::widgets::{centred, popup, put_str, width};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Answer,
    Cancel,
}

/// `q` backs out before it could be taken for an answer.
pub const KEYS: &[Binding<Act>] = &[
    hidden(&[Key::Char('q')], Act::Cancel),
    bind(&[Key::Text], "y/n", S::Confirm, S::AnswerLong, Act::Answer),
    bind(
        &[Key::Code(KeyCode::Esc)],
        "Esc",
        S::Cancel,
        S::CloseLong,
        Act::Cancel,
    ),
];

/// The table's lines, the answers' line naming the question's own keys in the language's
/// words (có/không: `c`/`k`).
pub fn commands(options: &[Answer], lang: Lang, ascii: bool) -> Vec<Command> {
    let vi = lang == Lang::Vi;
    let keys = match (options.iter().any(|o| o.key == 'r'), vi) {
        (true, true) => "r/o/k",
        (true, false) => "r/o/n",
        (false, true) => "c/k",
        (false, false) => "y/n",
    };
    keymap::all(KEYS, ascii)
        .into_iter()
        .map(|c| match c.short {
            S::Confirm => Command { keys, ..c },
            _ => c,
        })
        .collect()
}

pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    let Some(Popup::Ask { options, .. }) = app.popups.last() else {
        return Intent::None;
    };
    let chosen = match (find(KEYS, ev), ev.code) {
        (Some(Act::Cancel), _) => None,
        (Some(Act::Answer), KeyCode::Char(c)) => match options
            .iter()
            .find(|o| crate::tui::i18n::answers(c, o.key, app.lang))
        {
            Some(o) => o.then.clone(),
            None => return Intent::None,
        },
        _ => return Intent::None,
    };
    app.popups.pop();
    match chosen {
        Some(Then::Discard) => {
            if let Some(Popup::Form(_)) = app.popups.last() {
                app.popups.pop();
            }
            app.notice = Some(Flash::Info(S::Discarded));
            Intent::None
        }
        Some(t) => Intent::Answer(t),
        None => Intent::None,
    }
}

pub fn render(app: &App, title: S, text: &str, options: &[Answer], area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let w = area.width.saturating_sub(4).min(72);
    let lines = wrap(&printable(text), w.saturating_sub(4) as usize);
    let r = centred(area, w, lines.len() as u16 + 4);
    let inner = popup(buf, r, title.get(lang), t);
    for (i, l) in lines.iter().enumerate() {
        put_str(
            buf,
            inner.x + 1,
            inner.y + i as u16,
            inner.width.saturating_sub(2),
            l,
            t.style(Meaning::Plain),
            t,
        );
    }
    let mut x = inner.x + 1;
    let y = inner.y + inner.height.saturating_sub(1);
    for o in options {
        let k = format!("[{}] ", crate::tui::i18n::answer_key(o.key, lang));
        let l = format!("{}   ", o.label.get(lang));
        let room = (inner.x + inner.width).saturating_sub(x);
        put_str(buf, x, y, room, &k, t.style(Meaning::Key), t);
        x += width(&k) as u16;
        let room = (inner.x + inner.width).saturating_sub(x);
        put_str(buf, x, y, room, &l, t.style(Meaning::Plain), t);
        x += width(&l) as u16;
    }
}
