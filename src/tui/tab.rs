//! The tabs as components. This file holds what every tab shares: the tabs themselves, the
//! keys of every screen without a popup ([`HEAD`] and [`TAIL`]), the keys of the four table
//! tabs ([`LIST`]) and of the search line ([`SEARCH`]), and [`key`], which routes a key to the
//! tab's own table first (in the tab's file: `overview.rs`, `units.rs`, `models.rs`,
//! `progress.rs`, `awards.rs`), then to these. [`commands`] lists the same tables in the same
//! order for the key bar and the help.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::actions::{MODEL_KEYS, model_act, model_act_many};
use super::app::{App, Flash, Intent, Popup};
use super::commands::Command;
use super::i18n::S;
use super::keymap::{self, Binding, Key, arrows, bind, find, hidden, moves};
use super::{awards, models, overview, progress, units};
use crate::domain::Id;
use crate::i18n::Lang;

/// The five tabs, in the order of CONTRACT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum Tab {
    Overview,
    Units,
    Models,
    Progress,
    Awards,
}

impl Tab {
    /// Every variant, in declaration order (derived, so a new one cannot be left out).
    pub const ALL: &'static [Tab] = <Tab as strum::VariantArray>::VARIANTS;

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tab::Overview => S::TabOverview,
            Tab::Units => S::TabUnits,
            Tab::Models => S::TabModels,
            Tab::Progress => S::TabProgress,
            Tab::Awards => S::TabAwards,
        }
        .get(lang)
    }

    fn pos(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.pos() + 1) % Tab::ALL.len()]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.pos() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }

    /// Tabs with a table that `/` narrows.
    pub fn searchable(self) -> bool {
        self != Tab::Overview
    }
}

/// What the keys on a table's rows do, where a tab has no more than these (Units, Awards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAct {
    Open,
    New,
    Edit,
    Delete,
    History,
}

/// What the keys of every tab do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    Help,
    Quit,
    /// `1`–`5`, `Tab`, `Shift-Tab`.
    Tabs,
    /// `u`: undo, after asking.
    Undo,
    /// `Ctrl-R`: redo, after asking.
    Redo,
    Catalogues,
    /// `Esc`: the marks, else the search, else the filters.
    Clear,
    Period,
    Lang,
}

const TAB_KEYS: &[Key] = &[
    Key::Range('1', '5'),
    Key::Code(KeyCode::Tab),
    Key::Code(KeyCode::BackTab),
];

/// The keys of every tab listed before the tab's own.
pub const HEAD: &[Binding<Global>] = &[
    keymap::help(Global::Help),
    bind(&[Key::Char('q')], "q", S::Quit, S::QuitLong, Global::Quit),
    bind(TAB_KEYS, "1-5 Tab", S::Tabs, S::TabsLong, Global::Tabs),
];

/// The keys of every tab listed after the tab's own.
pub const TAIL: &[Binding<Global>] = &[
    bind(
        &[Key::Char('u')],
        "u",
        S::Undo,
        S::UndoRedoLong,
        Global::Undo,
    ),
    // The help's line of `u` names it.
    hidden(&[Key::Ctrl('r')], Global::Redo),
    bind(
        &[Key::Char('c')],
        "c",
        S::Catalogues,
        S::CatLong,
        Global::Catalogues,
    ),
    bind(
        &[Key::Code(KeyCode::Esc)],
        "Esc",
        S::Clear,
        S::ClearLong,
        Global::Clear,
    ),
    bind(
        &[Key::Char('p')],
        "p",
        S::Period,
        S::PeriodLong,
        Global::Period,
    ),
    keymap::lang(Global::Lang),
];

/// What the keys of a table tab do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAct {
    Move,
    Search,
}

pub const LIST: &[Binding<ListAct>] = &[
    moves(ListAct::Move),
    bind(
        &[Key::Char('/')],
        "/",
        S::Search,
        S::SearchLong,
        ListAct::Search,
    ),
];

/// What `n`/`N` do while a search is in force on the tab (typed and ended with `Enter`,
/// not yet cleared with `Esc`): the next or previous row it matched, wrapping round. They
/// come before the tab's own keys, so `n` adds a record only when there is no search — the
/// key bar says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundAct {
    Next,
    Prev,
}

pub const FOUND: &[Binding<FoundAct>] = &[
    bind(
        &[Key::Char('n')],
        "n/N",
        S::MatchNext,
        S::MatchNextLong,
        FoundAct::Next,
    ),
    hidden(&[Key::Char('N')], FoundAct::Prev),
];

/// Whether the tab shown has a search in force, for `n`/`N`.
fn found_keys(app: &App) -> bool {
    app.tab.searchable() && app.view(app.tab).is_some_and(|v| !v.query.is_empty())
}

/// The most characters a search holds, typed or pasted (a title is at most a few hundred;
/// the server reads no more of a query either).
pub const SEARCH_MAX: usize = 200;

/// What the keys do while a search is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchAct {
    End,
    Cancel,
    Move,
    Erase,
    Type,
}

pub const SEARCH: &[Binding<SearchAct>] = &[
    bind(
        &[Key::Code(KeyCode::Enter)],
        "Enter",
        S::SearchEnd,
        S::SearchEndLong,
        SearchAct::End,
    ),
    bind(
        &[Key::Code(KeyCode::Esc)],
        "Esc",
        S::SearchCancel,
        S::SearchCancelLong,
        SearchAct::Cancel,
    ),
    arrows(SearchAct::Move),
    hidden(&[Key::Code(KeyCode::Backspace)], SearchAct::Erase),
    hidden(&[Key::Text], SearchAct::Type),
];

/// A key on a tab (no popup open).
pub fn key(app: &mut App, ev: &KeyEvent) -> Intent {
    if app.searching {
        if let Some(act) = find(SEARCH, ev) {
            search(app, act, ev);
        }
        return Intent::None;
    }
    if found_keys(app)
        && let Some(act) = find(FOUND, ev)
    {
        let tab = app.tab;
        if let Some(v) = app.view_mut(tab) {
            match act {
                FoundAct::Next => v.next_match(),
                FoundAct::Prev => v.prev_match(),
            }
        }
        return Intent::None;
    }
    let own = match app.tab {
        Tab::Overview => find(overview::KEYS, ev).map(|a| overview::run(app, a)),
        Tab::Units => find(units::KEYS, ev).map(|a| units::run(app, a)),
        Tab::Models => model_tab_key(app, ev, models::KEYS, models::run),
        Tab::Progress => model_tab_key(app, ev, progress::KEYS, progress::run),
        Tab::Awards => find(awards::KEYS, ev).map(|a| awards::run(app, a)),
    };
    if let Some(intent) = own {
        return intent;
    }
    if let Some(act) = find(HEAD, ev).or_else(|| find(TAIL, ev)) {
        return global(app, act, ev);
    }
    if app.tab.searchable()
        && let Some(act) = find(LIST, ev)
    {
        list(app, act, ev);
        return Intent::None;
    }
    // A letter that changes a record elsewhere, where this tab has nothing to change.
    if matches!(
        ev.code,
        KeyCode::Char('n' | 'e' | 'd' | 'h' | 'a' | 'i' | 'w')
    ) {
        app.notice = Some(Flash::Info(S::Nothing));
    }
    Intent::None
}

/// A key on a tab of models: the tab's own table, then the keys on a model, both on the
/// selected model.
fn model_tab_key<A: Copy>(
    app: &mut App,
    ev: &KeyEvent,
    table: &[Binding<A>],
    run: fn(&mut App, A, Option<Id>) -> Intent,
) -> Option<Intent> {
    let tab = app.tab;
    let sel = app.view(tab).and_then(|v| v.selected_model()).map(|m| m.id);
    if let Some(act) = find(table, ev) {
        return Some(run(app, act, sel));
    }
    let act = find(MODEL_KEYS, ev)?;
    // With models marked, an award, a check-in or an action is for all of them.
    let marked = models::marked(app);
    if !marked.is_empty()
        && let Some(intent) = model_act_many(app, marked, act)
    {
        return Some(intent);
    }
    Some(model_act(app, sel, act))
}

fn global(app: &mut App, act: Global, ev: &KeyEvent) -> Intent {
    match act {
        Global::Help => app.popups.push(Popup::Help { scroll: 0 }),
        Global::Quit => return Intent::Quit,
        Global::Tabs => {
            let tab = match ev.code {
                KeyCode::Char(c @ '1'..='5') => Tab::ALL[c as usize - '1' as usize],
                KeyCode::BackTab => app.tab.prev(),
                _ => app.tab.next(),
            };
            app.tab = tab;
            app.searching = false;
        }
        Global::Redo => return Intent::Redo,
        Global::Undo => return Intent::Undo,
        Global::Catalogues => app.popups.push(Popup::Catalog { cursor: 0 }),
        Global::Clear if marks_here(app) => app.models.marked.clear(),
        Global::Clear => app.clear(),
        Global::Period => app.choose_period(),
        Global::Lang => app.lang = app.lang.other(),
    }
    Intent::None
}

/// Models are marked and the tab shows them (Models, Progress): `Esc` clears the marks.
fn marks_here(app: &App) -> bool {
    matches!(app.tab, Tab::Models | Tab::Progress) && !models::marked(app).is_empty()
}

fn list(app: &mut App, act: ListAct, ev: &KeyEvent) {
    match act {
        ListAct::Move => {
            let tab = app.tab;
            if let Some(v) = app.view_mut(tab) {
                super::app::move_in(v, ev.code);
            }
        }
        ListAct::Search => app.searching = true,
    }
}

fn search(app: &mut App, act: SearchAct, ev: &KeyEvent) {
    let tab = app.tab;
    let Some(v) = app.view_mut(tab) else {
        app.searching = false;
        return;
    };
    match act {
        SearchAct::End => {
            app.searching = false;
            return;
        }
        SearchAct::Cancel => {
            v.query.clear();
            v.reset();
            app.searching = false;
        }
        SearchAct::Move => {
            super::app::move_in(v, ev.code);
            return;
        }
        SearchAct::Erase => {
            v.query.pop();
        }
        SearchAct::Type => {
            if let KeyCode::Char(c) = ev.code
                && v.query.chars().count() < SEARCH_MAX
            {
                v.query.push(c);
            }
        }
    }
    app.refilter(tab);
}

/// The keys of the tab shown, in the order of the key bar.
pub fn commands(app: &App) -> Vec<Command> {
    let ascii = app.theme.ascii;
    if app.searching {
        return keymap::all(SEARCH, ascii);
    }
    let mut out = keymap::all(HEAD, ascii);
    if app.tab.searchable() {
        out.extend(keymap::all(LIST, ascii));
    }
    let found = found_keys(app);
    if found {
        out.extend(keymap::all(FOUND, ascii));
    }
    match app.tab {
        Tab::Overview => {
            // `v` is offered when the period has reviews to be seen as of.
            let reviews = app.as_of_days().len() > 1;
            out.extend(keymap::commands(overview::KEYS, ascii, |a| {
                a != overview::Act::AsOf || reviews
            }));
        }
        Tab::Units => out.extend(keymap::all(units::KEYS, ascii)),
        Tab::Models => {
            out.extend(keymap::all(models::KEYS, ascii));
            out.extend(keymap::all(MODEL_KEYS, ascii));
        }
        Tab::Progress => {
            out.extend(keymap::all(progress::KEYS, ascii));
            out.extend(keymap::all(MODEL_KEYS, ascii));
        }
        Tab::Awards => out.extend(keymap::all(awards::KEYS, ascii)),
    }
    if found {
        // `n` is the next match now, not a new record.
        out.retain(|c| c.keys != "n");
    }
    let marks = marks_here(app);
    let clear = app.can_clear() || marks;
    out.extend(
        keymap::commands(TAIL, ascii, |a| a != Global::Clear || clear)
            .into_iter()
            .map(|c| match c.short {
                // Esc takes the marks away first, and says so.
                S::Clear if marks => Command {
                    short: S::Unmark,
                    long: S::UnmarkLong,
                    ..c
                },
                _ => c,
            }),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::{clashes, keys_of};

    #[test]
    fn no_key_of_a_tab_is_bound_twice() {
        for tab in Tab::ALL {
            let own = match tab {
                Tab::Overview => keys_of(overview::KEYS),
                Tab::Units => keys_of(units::KEYS),
                Tab::Models => [keys_of(models::KEYS), keys_of(MODEL_KEYS)].concat(),
                Tab::Progress => [keys_of(progress::KEYS), keys_of(MODEL_KEYS)].concat(),
                Tab::Awards => keys_of(awards::KEYS),
            };
            let list = if tab.searchable() {
                keys_of(LIST)
            } else {
                Vec::new()
            };
            let clash = clashes(&[&keys_of(HEAD), &keys_of(TAIL), &list, &own]);
            assert!(clash.is_empty(), "{tab:?}: {clash:?} bound twice");
            // `n`/`N` of a search come first and take `n` from “new”, and nothing else.
            let own: Vec<Key> = own.into_iter().filter(|k| *k != Key::Char('n')).collect();
            let clash = clashes(&[&keys_of(HEAD), &keys_of(TAIL), &list, &own, &keys_of(FOUND)]);
            assert!(clash.is_empty(), "{tab:?}: {clash:?} bound twice with n/N");
        }
    }
}
