//! The catalogues (`c`): the list of catalogues (keys [`super::PICK`]), then the entries of
//! one, “add new” first ([`LIST_KEYS`]).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::{Pick, Popup, list, pick_in, pick_key, pick_table};
use crate::domain::RecordRef;
use crate::tui::actions::Cat;
use crate::tui::app::{App, Intent, scrolled};
use crate::tui::commands::Command;
use crate::tui::form::Target;
use crate::tui::i18n::S;
use crate::tui::keymap::{self, Binding, enter, find, history};

fn cursor(p: &mut Popup) -> Option<&mut usize> {
    match p {
        Popup::Catalog { cursor } => Some(cursor),
        _ => None,
    }
}

/// The keys of a catalogue's entries: a choice list's, `Enter` editing the entry …
pub const LIST_KEYS: &[Binding<Pick>] = &pick_table(enter(S::Edit, S::ChooseLong, Pick::Choose));

/// … and `h`, its history.
pub const HISTORY: &[Binding<()>] = &[history(())];

pub fn list_commands(ascii: bool) -> Vec<Command> {
    let mut out = keymap::all(LIST_KEYS, ascii);
    out.extend(keymap::all(HISTORY, ascii));
    out
}

pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    let (cat, cur) = match app.popups.last() {
        Some(Popup::CatalogList { cat, cursor }) => (*cat, *cursor),
        _ => {
            return pick_key(app, ev, Cat::ALL.len(), cursor, |app| {
                if let Some(Popup::Catalog { cursor }) = app.popups.last() {
                    let cat = Cat::ALL[(*cursor).min(Cat::ALL.len() - 1)];
                    app.popups.push(Popup::CatalogList { cat, cursor: 0 });
                }
                Intent::None
            });
        }
    };
    let codes: Vec<String> = match cat {
        Cat::Fields => app.data.fields.iter().map(|f| f.code.clone()).collect(),
        Cat::Forms => app.data.forms.iter().map(|f| f.code.clone()).collect(),
        Cat::Periods => app.data.periods.iter().map(|p| p.code.clone()).collect(),
    };
    // Entry 0 is “add new”.
    let code = cur.checked_sub(1).and_then(|i| codes.get(i).cloned());
    if find(HISTORY, ev).is_some() {
        return match code {
            Some(c) => Intent::History(match cat {
                Cat::Fields => RecordRef::Field(c),
                Cat::Forms => RecordRef::Form(c),
                Cat::Periods => RecordRef::Period(c),
            }),
            None => Intent::None,
        };
    }
    let n = codes.len() + 1;
    let mv = |p: &mut Popup, k| {
        if let Popup::CatalogList { cursor, .. } = p {
            *cursor = scrolled(*cursor, k, n);
        }
    };
    pick_in(app, ev, LIST_KEYS, mv, |_| {
        Intent::Open(match cat {
            Cat::Fields => Target::Field { code },
            Cat::Forms => Target::AwardForm { code },
            Cat::Periods => Target::Period { code },
        })
    })
}

pub fn render(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let items: Vec<String> = Cat::ALL
        .iter()
        .map(|c| c.label().get(app.lang).to_string())
        .collect();
    list(app, S::Catalogues.get(app.lang), &items, cursor, area, buf);
}

pub fn render_list(app: &App, cat: Cat, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let d = &app.data;
    let mut items = vec![S::AddNew.get(lang).to_string()];
    match cat {
        Cat::Fields => items.extend(
            d.fields
                .iter()
                .map(|f| format!("{} — {}", f.code, lang.pick(&f.vi, &f.en))),
        ),
        Cat::Forms => items.extend(
            d.forms
                .iter()
                .map(|f| format!("{} — {}", f.code, lang.pick(&f.vi, &f.en))),
        ),
        Cat::Periods => items.extend(
            d.periods
                .iter()
                .map(|p| format!("{} — {} ({})", p.code, p.guidance, p.steps.len())),
        ),
    }
    list(app, cat.label().get(lang), &items, cursor, area, buf);
}
