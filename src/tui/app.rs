//! The interface's state and what a key does to it. A key changes state in memory and returns
//! an [`Intent`] — what to ask the backend — which [`App::perform`] carries out (atuin's
//! `InputAction`). Nothing here draws or touches a terminal, so every key can be tested on
//! plain values.

use std::cell::Cell;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use super::popup::Popup;
pub use super::tab::Tab;

use super::actions::Then;
use super::awards::AwardsTab;
use super::data::{Data, ListView};
use super::form::Target;
use super::i18n::S;
use super::load::{Applied, Job};
use super::models::ModelsTab;
use super::overview::OverviewTab;
use super::progress::ProgressTab;
use super::theme::Theme;
use super::units::UnitsTab;
use crate::api::{Api, Request};
use crate::domain::{Id, RecordRef};
use crate::i18n::Lang;

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
    /// Ask whether to undo the latest change, saying what it was.
    Undo,
    History(RecordRef),
    /// An answer to a question that needs the backend.
    Answer(Then),
    /// Fetch the Overview's figures again, as of [`App::overview_day`].
    AsOf,
    /// Ask whether to make the latest undone change again, saying what it was.
    Redo,
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

/// The router: what every screen shares (the language, the data of the period, the windows
/// open, the line under the table), each tab's own state, and [`App::handle_key`], which
/// hands a key to the topmost window (`popup/`) or to the tab (`tab.rs`).
pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub today: NaiveDate,
    pub tab: Tab,
    pub data: Data,
    pub overview: OverviewTab,
    pub units: UnitsTab,
    pub models: ModelsTab,
    pub progress: ProgressTab,
    pub awards: AwardsTab,
    pub popups: Vec<Popup>,
    /// The config's `[letterhead]`, for the Word report.
    pub letterhead: crate::config::Letterhead,
    /// `/` was pressed: printable keys go to the search of the current tab.
    pub searching: bool,
    pub notice: Option<Flash>,
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
    /// Where the data is (the database or the server's socket), for the line under the table.
    pub place: Option<super::screen::Place>,
}

impl App {
    pub fn new(lang: Lang, theme: Theme, today: NaiveDate) -> App {
        App {
            lang,
            theme,
            today,
            tab: Tab::Overview,
            data: Data::default(),
            overview: OverviewTab::default(),
            units: UnitsTab::default(),
            models: ModelsTab::default(),
            progress: ProgressTab::default(),
            awards: AwardsTab::default(),
            popups: Vec::new(),
            letterhead: Default::default(),
            searching: false,
            notice: None,
            background: false,
            jobs: Vec::new(),
            ticket: 0,
            applied: Applied::default(),
            user: None,
            conn: None,
            select_after: None,
            place: None,
        }
    }

    /// The day the Overview's figures are as of.
    pub fn overview_day(&self) -> NaiveDate {
        self.overview.as_of.unwrap_or(self.today)
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
                    page: Cell::new(0),
                }),
                Err(e) => self.notice = Some(Flash::Error(e.text(self.lang))),
            },
            other => self.perform_edit(api, other),
        }
        false
    }

    /// After a batch of keys: fetch what the screen now shows and is not yet held — the
    /// windows of the model tables ([`super::remote`]), the check-ins of the model selected
    /// on the progress tab. Once per batch, so a held-down arrow asks once, for the row it
    /// stops on.
    pub fn sync(&mut self, api: &Api) {
        self.ask_windows(api);
        if self.tab != Tab::Progress {
            return;
        }
        let want = self.progress.view.selected_model().map(|m| m.id);
        if want != self.progress.detail.as_ref().map(|d| d.model.id) {
            self.progress.detail = want.and_then(|id| api.model(id).ok());
        }
    }

    /// After a frame is drawn: the views now know how many rows they show; those that
    /// show rows not held ask for them (the loop hands the request to the loader, and
    /// draws the rows when they come).
    pub fn after_draw(&mut self) {
        if let Some(job) = self.window_job() {
            self.jobs.push(job);
        }
    }

    pub(super) fn refilter_all(&mut self) {
        self.models.view.reset();
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
            Tab::Units => {
                let f = self.units.filter;
                self.units.view.narrow(
                    || (0..d.units.len() as u32).collect(),
                    &d.unit_hay,
                    |i| f.keep(&d.units[i as usize]),
                )
            }
            // The server narrows these: the next window is of the new view.
            Tab::Models => self.respecify(super::remote::Which::Models),
            Tab::Progress => self.respecify(super::remote::Which::Progress),
            Tab::Awards => self.respecify(super::remote::Which::Awards),
        }
    }

    pub fn view(&self, tab: Tab) -> Option<&ListView> {
        match tab {
            Tab::Overview => None,
            Tab::Units => Some(&self.units.view),
            Tab::Models => Some(&self.models.view),
            Tab::Progress => Some(&self.progress.view),
            Tab::Awards => Some(&self.awards.view),
        }
    }

    pub(super) fn view_mut(&mut self, tab: Tab) -> Option<&mut ListView> {
        match tab {
            Tab::Overview => None,
            Tab::Units => Some(&mut self.units.view),
            Tab::Models => Some(&mut self.models.view),
            Tab::Progress => Some(&mut self.progress.view),
            Tab::Awards => Some(&mut self.awards.view),
        }
    }

    /// Something to clear with `Esc` on the current tab: a search or a filter.
    pub fn can_clear(&self) -> bool {
        self.view(self.tab).is_some_and(|v| !v.query.is_empty())
            || (self.tab == Tab::Models && self.models.filter.any())
            || (self.tab == Tab::Units && self.units.filter != Default::default())
    }

    /// What a key does. Changes state; returns what to ask the backend. A window on top takes
    /// the key (`popup/`, one file per window), else the tab (`tab.rs`, then the tab's file);
    /// each looks the key up in its own table (`keymap.rs`), which the key bar lists too.
    pub fn handle_key(&mut self, key: KeyEvent) -> Intent {
        self.notice = None;
        // Ctrl-C ends the program from anywhere but a form, which takes it to cancel.
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        let in_form = matches!(self.popups.last(), Some(Popup::Form(_)));
        if ctrl_c && !in_form {
            return Intent::Quit;
        }
        if self.popups.is_empty() {
            super::tab::key(self, &key)
        } else {
            super::popup::key(self, &key)
        }
    }

    /// “Nothing to act on here”, for a key whose record is not there.
    pub(super) fn nothing(&mut self) -> Intent {
        self.notice = Some(Flash::Info(S::Nothing));
        Intent::None
    }

    /// `Esc` on a tab: the search, else the filters.
    pub(super) fn clear(&mut self) {
        let tab = self.tab;
        if let Some(v) = self.view_mut(tab)
            && !v.query.is_empty()
        {
            v.query.clear();
            v.reset();
            self.refilter(tab);
        } else if tab == Tab::Models && self.models.filter.any() {
            self.models.filter = Default::default();
            self.models.view.reset();
            self.refilter(tab);
        } else if tab == Tab::Units && self.units.filter != Default::default() {
            self.units.filter = Default::default();
            self.units.view.reset();
            self.refilter(tab);
        }
    }

    /// The list of periods, its cursor on the period shown.
    pub(super) fn choose_period(&mut self) {
        let cur = self
            .data
            .period()
            .and_then(|p| self.data.periods.iter().position(|x| x.code == p.code));
        self.popups.push(Popup::Period {
            cursor: cur.unwrap_or(0),
        });
    }

    /// Show the model rows in the new order (the server's), the selection on its model.
    pub fn resort(&mut self) {
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
