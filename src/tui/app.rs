//! The interface's state and what a key does to it. A key changes state in memory and returns
//! an [`Intent`] — what to ask the backend — which [`App::perform`] carries out (atuin's
//! `InputAction`). Nothing here draws or touches a terminal, so every key can be tested on
//! plain values.

use std::cell::Cell;
use std::collections::HashMap;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::actions::{Answer, Cat, Then};
use super::data::{Data, ListView};
use super::form::{Form, Target};
use super::history::HistLine;
use super::i18n::S;
use super::load::{Applied, Job};
use super::models::{self, Dim, ModelFilter, SortCol};
use super::theme::Theme;
use crate::api::{Api, ModelDetail, Request};
use crate::domain::{Id, RecordRef};
use crate::i18n::Lang;

/// The five tabs, in the order of CONTRACT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Units,
    Models,
    Progress,
    Awards,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Overview,
        Tab::Units,
        Tab::Models,
        Tab::Progress,
        Tab::Awards,
    ];

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

/// A window over the tabs; `q`/`Esc` close the topmost.
pub enum Popup {
    Help {
        scroll: usize,
    },
    Period {
        cursor: usize,
    },
    FilterDims {
        cursor: usize,
    },
    FilterValues {
        dim: Dim,
        cursor: usize,
    },
    /// The models of the unit at `unit` (index into the unit rows).
    Unit {
        unit: usize,
        view: ListView,
    },
    Model {
        detail: Box<ModelDetail>,
        scroll: usize,
        max: Cell<usize>,
    },
    /// A form being filled in.
    Form(Box<Form>),
    /// A question with its answers (delete, discard changes, a conflict, a draft).
    Ask {
        title: S,
        text: String,
        options: Vec<Answer>,
    },
    /// A record's history, one change per few lines.
    History {
        title: String,
        lines: Vec<HistLine>,
        scroll: usize,
    },
    /// The catalogues (`c`): fields, award forms, periods.
    Catalog {
        cursor: usize,
    },
    /// The entries of one catalogue, “add new” first.
    CatalogList {
        cat: Cat,
        cursor: usize,
    },
    /// What can be done to a model (`a`).
    Actions {
        model: Id,
        cursor: usize,
    },
}

/// What the loop must do after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    None,
    Quit,
    /// Load the tabs' data for a period (`None`: the latest).
    Load(Option<String>),
    /// Fetch a model and show it in a popup.
    OpenModel(Id),
    /// Fetch what a form needs and open it.
    Open(Target),
    /// Send the top form's request; it closes only once the backend says it is saved.
    Save(Box<Request>),
    /// Find what else a delete removes and ask first (or say why it cannot be done).
    AskDelete(RecordRef),
    Undo,
    History(RecordRef),
    /// An answer to a question that needs the backend.
    Answer(Then),
    /// Fetch the Overview's figures again, as of [`App::overview_day`].
    AsOf,
}

/// A one-line message under the table, cleared by the next key.
#[derive(Debug, Clone, PartialEq)]
pub enum Flash {
    Info(S),
    Error(String),
    /// Something was done (saved, deleted, undone), said with what it was done to.
    Done(String),
    /// Another user's changes are now shown.
    Updated(String),
}

pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub today: NaiveDate,
    pub tab: Tab,
    pub data: Data,
    pub units: ListView,
    pub models: ListView,
    pub progress: ListView,
    pub awards: ListView,
    pub filter: ModelFilter,
    pub sort: SortCol,
    pub descending: bool,
    /// Model rows in the current sort order, before filters and search.
    pub sorted: Vec<u32>,
    /// Vietnamese sort keys of a text column, built on its first sort after a load.
    pub(super) sort_keys: HashMap<SortCol, Vec<Vec<u8>>>,
    pub popups: Vec<Popup>,
    /// The config's `[letterhead]`, for the Word report.
    pub letterhead: crate::config::Letterhead,
    /// `/` was pressed: printable keys go to the search of the current tab.
    pub searching: bool,
    pub notice: Option<Flash>,
    /// The model selected on the progress tab, with its check-ins.
    pub progress_detail: Option<ModelDetail>,
    /// Tables are loaded by the loop's loader thread: jobs wait in `jobs` for it. Otherwise
    /// (tests, benchmarks) every job is carried out where it is asked for.
    pub background: bool,
    pub(super) jobs: Vec<Job>,
    pub(super) ticket: u64,
    pub(super) applied: Applied,
    /// Who this is, as the backend knows them: notices of their own changes are ignored.
    pub user: Option<String>,
    /// The server's number of the connection this interface's calls go through: its notices
    /// are of changes already shown. (Not the user: many offices share one login.)
    pub conn: Option<u64>,
    /// A record just created, to select once its table has been reloaded.
    pub(super) select_after: Option<(Tab, crate::domain::Id)>,
    /// The day the Overview's figures are as of, when not today: one of the period's
    /// reviews, chosen with `v`.
    pub as_of: Option<NaiveDate>,
}

impl App {
    pub fn new(lang: Lang, theme: Theme, today: NaiveDate) -> App {
        App {
            lang,
            theme,
            today,
            tab: Tab::Overview,
            data: Data::default(),
            units: ListView::default(),
            models: ListView::default(),
            progress: ListView::default(),
            awards: ListView::default(),
            filter: ModelFilter::default(),
            sort: SortCol::Code,
            descending: false,
            sorted: Vec::new(),
            sort_keys: HashMap::new(),
            popups: Vec::new(),
            letterhead: Default::default(),
            searching: false,
            notice: None,
            progress_detail: None,
            background: false,
            jobs: Vec::new(),
            ticket: 0,
            applied: Applied::default(),
            user: None,
            conn: None,
            select_after: None,
            as_of: None,
        }
    }

    /// The day the Overview's figures are as of.
    pub fn overview_day(&self) -> NaiveDate {
        self.as_of.unwrap_or(self.today)
    }

    /// The days `v` cycles the Overview through: today, then the period's reviews in order.
    pub fn as_of_days(&self) -> Vec<Option<NaiveDate>> {
        let mut days: Vec<NaiveDate> = self
            .data
            .period()
            .map(|p| p.reviews.iter().map(|r| r.date).collect())
            .unwrap_or_default();
        days.sort();
        days.dedup();
        std::iter::once(None)
            .chain(days.into_iter().map(Some))
            .collect()
    }

    /// `v` on the Overview: the next of today and the period's reviews.
    fn cycle_as_of(&mut self) -> Intent {
        let days = self.as_of_days();
        if days.len() < 2 {
            self.notice = Some(Flash::Info(S::NoReviews));
            return Intent::None;
        }
        let i = days.iter().position(|d| *d == self.as_of).unwrap_or(0);
        self.as_of = days[(i + 1) % days.len()];
        Intent::AsOf
    }

    /// A key, performed at once: for tests and for callers without a loop of their own.
    pub fn key(&mut self, api: &Api, key: KeyEvent) -> bool {
        let intent = self.handle_key(key);
        let quit = self.perform(api, intent);
        if !self.background {
            self.run_jobs(api);
        }
        self.sync(api);
        quit
    }

    /// Carry out an intent; true when the program should end.
    pub fn perform(&mut self, api: &Api, intent: Intent) -> bool {
        match intent {
            Intent::None => {}
            Intent::Quit => return true,
            Intent::Load(period) => self.begin_load(api, period, false),
            Intent::AsOf => {
                let period = self.data.period().map(|p| p.code.clone());
                match super::data::Overview::fetch(api, period, self.overview_day()) {
                    Ok(o) => self.data.set_overview(o),
                    Err(e) => self.notice = Some(Flash::Error(e.text(self.lang))),
                }
            }
            Intent::OpenModel(id) => match api.model(id) {
                Ok(d) => self.popups.push(Popup::Model {
                    detail: Box::new(d),
                    scroll: 0,
                    max: Cell::new(0),
                }),
                Err(e) => self.notice = Some(Flash::Error(e.text(self.lang))),
            },
            other => self.perform_edit(api, other),
        }
        false
    }

    /// After a batch of keys: fetch what the screen now shows and is not yet held (the
    /// check-ins of the model selected on the progress tab). Once per batch, so a held-down
    /// arrow asks once, for the row it stops on.
    pub fn sync(&mut self, api: &Api) {
        if self.tab != Tab::Progress {
            return;
        }
        let want = self
            .progress
            .selected()
            .map(|i| self.data.models[i as usize].id);
        if want != self.progress_detail.as_ref().map(|d| d.model.id) {
            self.progress_detail = want.and_then(|id| api.model(id).ok());
        }
    }

    pub(super) fn refilter_all(&mut self) {
        self.models.reset();
        self.refilter(Tab::Models);
        for t in [Tab::Units, Tab::Progress, Tab::Awards] {
            self.refilter(t);
        }
    }

    /// Narrow a tab's table by its search (and, for models, the filters).
    pub fn refilter(&mut self, tab: Tab) {
        let d = &self.data;
        match tab {
            Tab::Overview => {}
            Tab::Units => self.units.narrow(
                || (0..d.units.len() as u32).collect(),
                &d.unit_hay,
                |_| true,
            ),
            Tab::Models => {
                let f = &self.filter;
                let sorted = &self.sorted;
                self.models.narrow(
                    || sorted.clone(),
                    &d.model_hay,
                    |i| f.keep(&d.models[i as usize]),
                )
            }
            Tab::Progress => {
                self.progress
                    .narrow(|| d.progress_order.clone(), &d.model_hay, |_| true)
            }
            Tab::Awards => self.awards.narrow(
                || (0..d.awards.len() as u32).collect(),
                &d.award_hay,
                |_| true,
            ),
        }
    }

    pub fn view(&self, tab: Tab) -> Option<&ListView> {
        match tab {
            Tab::Overview => None,
            Tab::Units => Some(&self.units),
            Tab::Models => Some(&self.models),
            Tab::Progress => Some(&self.progress),
            Tab::Awards => Some(&self.awards),
        }
    }

    pub(super) fn view_mut(&mut self, tab: Tab) -> Option<&mut ListView> {
        match tab {
            Tab::Overview => None,
            Tab::Units => Some(&mut self.units),
            Tab::Models => Some(&mut self.models),
            Tab::Progress => Some(&mut self.progress),
            Tab::Awards => Some(&mut self.awards),
        }
    }

    /// Something to clear with `Esc` on the current tab: a search or a filter.
    pub fn can_clear(&self) -> bool {
        self.view(self.tab).is_some_and(|v| !v.query.is_empty())
            || (self.tab == Tab::Models && self.filter.any())
    }

    /// What a key does. Changes state; returns what to ask the backend.
    pub fn handle_key(&mut self, key: KeyEvent) -> Intent {
        self.notice = None;
        // A form takes every key first: its letters are text, and Ctrl-C there cancels the
        // form (asking first) rather than dropping what was typed.
        if let Some(Popup::Form(_)) = self.popups.last() {
            return self.form_key(key);
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Intent::Quit;
        }
        if let Some(i) = self.special_popup_key(key) {
            return i;
        }
        if !self.popups.is_empty() {
            return self.popup_key(key);
        }
        if self.searching {
            return self.search_key(key);
        }
        let tab = self.tab;
        match key.code {
            KeyCode::Char('q') => return Intent::Quit,
            KeyCode::Char('?') => self.popups.push(Popup::Help { scroll: 0 }),
            KeyCode::Char('L') => self.lang = self.lang.other(),
            KeyCode::Char(c @ '1'..='5') => self.switch(Tab::ALL[c as usize - '1' as usize]),
            KeyCode::Tab => self.switch(tab.next()),
            KeyCode::BackTab => self.switch(tab.prev()),
            KeyCode::Char('p') => self.choose_period(),
            KeyCode::Char('v') if tab == Tab::Overview => return self.cycle_as_of(),
            KeyCode::Char('n' | 'e' | 'd' | 'h' | 'a' | 'i' | 'w' | 'u' | 'c') => {
                return self.tab_edit_key(key.code);
            }
            KeyCode::Char('/') if tab.searchable() => self.searching = true,
            KeyCode::Char('r') if tab == Tab::Overview => {
                let period = self.data.status.as_ref().map(|s| s.period.code.clone());
                return Intent::Open(Target::Report { period });
            }
            KeyCode::Esc => self.clear(),
            KeyCode::Enter => return self.open(),
            KeyCode::Char('f') if tab == Tab::Models => {
                self.popups.push(Popup::FilterDims { cursor: 0 })
            }
            KeyCode::Char('s') if tab == Tab::Models => {
                self.sort = self.sort.next();
                self.descending = false;
                self.resort();
            }
            KeyCode::Char('S') if tab == Tab::Models => {
                self.descending = !self.descending;
                self.resort();
            }
            _ => {
                if let Some(v) = self.view_mut(tab) {
                    move_in(v, key.code);
                }
            }
        }
        Intent::None
    }

    fn switch(&mut self, tab: Tab) {
        self.tab = tab;
        self.searching = false;
    }

    fn clear(&mut self) {
        let tab = self.tab;
        if let Some(v) = self.view_mut(tab)
            && !v.query.is_empty()
        {
            v.query.clear();
            v.reset();
            self.refilter(tab);
        } else if tab == Tab::Models && self.filter.any() {
            self.filter = ModelFilter::default();
            self.models.reset();
            self.refilter(tab);
        }
    }

    fn open(&mut self) -> Intent {
        let d = &self.data;
        match self.tab {
            Tab::Overview => Intent::None,
            Tab::Units => {
                let Some(u) = self.units.selected() else {
                    return Intent::None;
                };
                let id = d.units[u as usize].unit.id;
                let mut view = ListView::default();
                view.rows = (0..d.models.len() as u32)
                    .filter(|&i| d.models[i as usize].unit == id)
                    .collect();
                self.popups.push(Popup::Unit {
                    unit: u as usize,
                    view,
                });
                Intent::None
            }
            Tab::Models => self
                .models
                .selected()
                .map_or(Intent::None, |i| Intent::OpenModel(d.models[i as usize].id)),
            Tab::Progress => self
                .progress
                .selected()
                .map_or(Intent::None, |i| Intent::OpenModel(d.models[i as usize].id)),
            Tab::Awards => self.awards.selected().map_or(Intent::None, |i| {
                Intent::OpenModel(d.awards[i as usize].award.model)
            }),
        }
    }

    fn search_key(&mut self, key: KeyEvent) -> Intent {
        let tab = self.tab;
        let Some(v) = self.view_mut(tab) else {
            self.searching = false;
            return Intent::None;
        };
        match key.code {
            KeyCode::Esc => {
                v.query.clear();
                v.reset();
                self.searching = false;
            }
            KeyCode::Enter => {
                self.searching = false;
                return Intent::None;
            }
            KeyCode::Backspace => {
                v.query.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => v.query.push(c),
            code => {
                move_in(v, code);
                return Intent::None;
            }
        }
        self.refilter(tab);
        Intent::None
    }

    fn popup_key(&mut self, key: KeyEvent) -> Intent {
        let n = self.popup_len();
        let lang = self.lang;
        let Some(top) = self.popups.last_mut() else {
            return Intent::None;
        };
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {
                self.popups.pop();
                return Intent::None;
            }
            KeyCode::Char('?') if !matches!(top, Popup::Help { .. }) => {
                self.popups.push(Popup::Help { scroll: 0 });
                return Intent::None;
            }
            KeyCode::Char('L') => {
                self.lang = lang.other();
                return Intent::None;
            }
            _ => {}
        }
        match top {
            Popup::Help { scroll } => *scroll = scrolled(*scroll, key.code, n),
            Popup::History { scroll, lines, .. } => {
                *scroll = scrolled(*scroll, key.code, lines.len())
            }
            Popup::Model {
                scroll,
                max,
                detail,
            } => {
                if let Some(i) = super::actions::model_key(detail, key.code) {
                    return i;
                }
                *scroll = scrolled(*scroll, key.code, max.get() + 1)
            }
            // Handled by `special_popup_key`.
            Popup::Form(_)
            | Popup::Ask { .. }
            | Popup::Catalog { .. }
            | Popup::CatalogList { .. }
            | Popup::Actions { .. } => {}
            Popup::Unit { view, .. } => {
                if key.code == KeyCode::Enter {
                    return view.selected().map_or(Intent::None, |i| {
                        Intent::OpenModel(self.data.models[i as usize].id)
                    });
                }
                move_in(view, key.code);
            }
            Popup::Period { cursor }
            | Popup::FilterDims { cursor }
            | Popup::FilterValues { cursor, .. } => {
                if key.code == KeyCode::Enter {
                    return self.choose();
                }
                *cursor = scrolled(*cursor, key.code, n);
            }
        }
        Intent::None
    }

    /// Rows in the topmost list popup, for moving its cursor.
    fn popup_len(&self) -> usize {
        match self.popups.last() {
            Some(Popup::Help { .. }) => {
                super::commands::commands_below(self, self.popups.len() - 1).len()
            }
            Some(Popup::Period { .. }) => self.data.periods.len(),
            Some(Popup::FilterDims { .. }) => Dim::ALL.len(),
            Some(Popup::FilterValues { dim, .. }) => models::choices(self, *dim).len(),
            _ => 0,
        }
    }

    /// `Enter` in a list popup.
    fn choose(&mut self) -> Intent {
        match self.popups.pop() {
            Some(Popup::Period { cursor }) => match self.data.periods.get(cursor) {
                Some(p) => {
                    // Reviews are a period's own: another period is shown as of today.
                    if self.data.period().is_none_or(|cur| cur.code != p.code) {
                        self.as_of = None;
                    }
                    Intent::Load(Some(p.code.clone()))
                }
                None => Intent::None,
            },
            Some(Popup::FilterDims { cursor }) => {
                let dim = Dim::ALL[cursor.min(Dim::ALL.len() - 1)];
                if dim == Dim::Period {
                    self.choose_period();
                } else {
                    self.popups.push(Popup::FilterValues { dim, cursor: 0 });
                }
                Intent::None
            }
            Some(Popup::FilterValues { dim, cursor }) => {
                if let Some((_, choice)) = models::choices(self, dim).into_iter().nth(cursor) {
                    self.filter.set(choice);
                    self.models.reset();
                    self.refilter(Tab::Models);
                }
                Intent::None
            }
            _ => Intent::None,
        }
    }

    /// The list of periods, its cursor on the period shown.
    fn choose_period(&mut self) {
        let cur = self
            .data
            .period()
            .and_then(|p| self.data.periods.iter().position(|x| x.code == p.code));
        self.popups.push(Popup::Period {
            cursor: cur.unwrap_or(0),
        });
    }

    /// Re-sort the model rows and show them through the filters again.
    pub fn resort(&mut self) {
        self.sorted = models::sorted(self);
        self.models.reset();
        self.refilter(Tab::Models);
    }
}

/// Movement keys shared by every list.
pub(super) fn move_in(v: &mut ListView, code: KeyCode) {
    match code {
        KeyCode::Up | KeyCode::Char('k') => v.up(1),
        KeyCode::Down | KeyCode::Char('j') => v.down(1),
        KeyCode::PageUp => v.up(v.page_size()),
        KeyCode::PageDown => v.down(v.page_size()),
        KeyCode::Home | KeyCode::Char('g') => v.first(),
        KeyCode::End | KeyCode::Char('G') => v.last(),
        _ => {}
    }
}

/// A cursor or scroll position moved by a key within `0..n`.
pub(super) fn scrolled(pos: usize, code: KeyCode, n: usize) -> usize {
    let last = n.saturating_sub(1);
    match code {
        KeyCode::Up | KeyCode::Char('k') => pos.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => (pos + 1).min(last),
        KeyCode::PageUp => pos.saturating_sub(10),
        KeyCode::PageDown => (pos + 10).min(last),
        KeyCode::Home | KeyCode::Char('g') => 0,
        KeyCode::End | KeyCode::Char('G') => last,
        _ => pos.min(last),
    }
}
