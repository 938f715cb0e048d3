//! The model and award tables as windows onto the server. A period may hold a million
//! models; the interface never copies them. The Models tab, the Progress tab, each unit's
//! list of models and the Awards tab are views the server sorts, filters and searches
//! ([`crate::api::Request::Window`]);
//! a view holds the rows on screen and a screen above and below ([`Held`]), and asks for
//! another window only when the selection or the view leaves what it holds.
//!
//! - **Asking.** After every batch of keys, and after a frame is drawn (the page may have
//!   grown), [`App::want_windows`] compares each view with what it holds and what it last
//!   asked for, and asks for what is missing. The request goes to the loader thread, so the
//!   keys never wait on the server: rows not yet held are drawn blank until they come.
//! - **Answers.** An answer is taken only if it answers the view's latest request: a newer
//!   request overtakes it. The loader answers requests in order, each read after every
//!   change committed before it was asked for, so rows never go back to an older state.
//! - **Keeping the selection.** A change of sort or filters, a notice of someone else's
//!   change, a save: the view is asked again with `locate` set to its selected record, and
//!   the selection moves to where the record now is — unless a key moved the selection
//!   before the rows came, which wins. A search typed starts from its first match.
//!
//! [`Held`]: super::data::Held

use crate::api::{ApiResult, TableKind, ViewSpec, WINDOW_MAX, WindowData};
use crate::domain::Id;
use crate::domain::text::fold;

use super::app::{App, Popup};
use super::data::ListView;

/// Which view a window is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Models,
    Progress,
    /// The list of a unit's models.
    Unit(Id),
    Awards,
}

/// A window asked for: its view, the request's ticket, and the rows.
#[derive(Debug, Clone)]
pub struct Ask {
    pub which: Which,
    pub ticket: u64,
    pub spec: ViewSpec,
    pub start: usize,
    pub len: usize,
    /// The record whose position the answer should give.
    pub locate: Option<Id>,
}

/// The rows a view is taken to show before it is first drawn.
const FIRST_PAGE: usize = 40;

impl App {
    /// The view `which` as the server is to give it: the tab's sort, filters and search.
    pub fn spec_of(&self, which: Which) -> ViewSpec {
        match which {
            Which::Models => ViewSpec {
                table: TableKind::Models,
                sort: self.models.sort,
                descending: self.models.descending,
                lang: self.lang,
                filters: self.models.filter.clone(),
                query: self.models.view.query.clone(),
            },
            Which::Progress => ViewSpec {
                query: self.progress.view.query.clone(),
                ..ViewSpec::of(TableKind::Progress)
            },
            Which::Unit(u) => {
                let mut v = ViewSpec::of(TableKind::Models);
                v.filters.unit = Some(u);
                v
            }
            Which::Awards => ViewSpec {
                query: self.awards.view.query.clone(),
                ..ViewSpec::of(TableKind::Awards)
            },
        }
    }

    /// The views of the server's tables: the tabs always (each holds a screenful), and the
    /// unit windows open.
    fn remote_views(&self) -> Vec<Which> {
        let mut out = vec![Which::Models, Which::Progress, Which::Awards];
        for p in &self.popups {
            if let Popup::Unit { id, .. } = p {
                out.push(Which::Unit(*id));
            }
        }
        out
    }

    pub(super) fn remote_view(&self, which: Which) -> Option<&ListView> {
        match which {
            Which::Models => Some(&self.models.view),
            Which::Progress => Some(&self.progress.view),
            Which::Awards => Some(&self.awards.view),
            Which::Unit(u) => self.popups.iter().find_map(|p| match p {
                Popup::Unit { id, view, .. } if *id == u => Some(view),
                _ => None,
            }),
        }
    }

    fn remote_view_mut(&mut self, which: Which) -> Option<&mut ListView> {
        match which {
            Which::Models => Some(&mut self.models.view),
            Which::Progress => Some(&mut self.progress.view),
            Which::Awards => Some(&mut self.awards.view),
            Which::Unit(u) => self.popups.iter_mut().find_map(|p| match p {
                Popup::Unit { id, view, .. } if *id == u => Some(view),
                _ => None,
            }),
        }
    }

    /// The rows of the model views (`models`) or of the awards (`awards`) may be out of
    /// date: the next [`want_windows`](Self::want_windows) asks for them again, keeping each
    /// selection on its record.
    pub(super) fn windows_stale(&mut self, models: bool, awards: bool) {
        for w in self.remote_views() {
            let stale = if w == Which::Awards { awards } else { models };
            if stale && let Some(v) = self.remote_view_mut(w) {
                v.reset();
            }
        }
    }

    /// No period to show: every view holds its (empty) rows, and says so rather than that
    /// they are loading.
    pub(super) fn windows_empty(&mut self) {
        for which in self.remote_views() {
            let spec = self.spec_of(which);
            if let Some(h) = self.remote_view_mut(which).and_then(|v| v.remote.as_mut()) {
                **h = super::data::Held {
                    spec: Some(spec),
                    ..Default::default()
                };
            }
        }
    }

    /// The windows the views need and do not hold or have not asked for: a view whose sort,
    /// filters or search changed, whose rows are out of date, or whose screen (as it will be
    /// drawn) reaches rows not held. Each is asked for with a screen above and below.
    pub fn want_windows(&mut self) -> Vec<Ask> {
        if self.data.period().is_none() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for which in self.remote_views() {
            let spec = self.spec_of(which);
            let ticket = self.ticket + 1;
            let Some(v) = self.remote_view_mut(which) else {
                continue;
            };
            if let Some(ask) = want(v, which, spec, ticket) {
                self.ticket = ticket;
                out.push(ask);
            }
        }
        out
    }

    /// Take an answer to a window. True when rows were taken.
    pub(super) fn merge_window(
        &mut self,
        ask: Ask,
        r: ApiResult<WindowData>,
        error: &mut Option<crate::api::ApiError>,
    ) -> bool {
        let Some(v) = self.remote_view_mut(ask.which) else {
            return false;
        };
        let Some(h) = v.remote.as_mut() else {
            return false;
        };
        if h.asked.as_ref().map(|a| a.ticket) != Some(ask.ticket) {
            // Overtaken by a later request of the same view.
            return false;
        }
        let w = match r {
            Ok(w) => w,
            Err(e) => {
                // Said once; the view asks again at the next key.
                h.asked = None;
                if h.spec.is_none() {
                    h.spec = Some(ask.spec);
                }
                *error = Some(e);
                return false;
            }
        };
        // The record to select in the new rows, unless a key has moved the selection since.
        let target = h.follow.take();
        match w.rows {
            crate::api::WindowRows::Models(rows) => h.rows = rows,
            crate::api::WindowRows::Awards(rows) => h.awards = rows,
            crate::api::WindowRows::Units(_) => return false,
        }
        h.folded = fold(&ask.spec.query);
        h.spec = Some(ask.spec);
        h.start = w.start as usize;
        h.total = w.total as usize;
        h.unfiltered = w.unfiltered as usize;
        h.asked = None;
        match target {
            Some(id) if ask.locate == Some(id) => {
                if let Some(p) = w.located {
                    v.sel = p as usize;
                }
            }
            Some(id) => match h.position(id) {
                Some(p) => v.sel = h.start + p,
                // Not among these rows: the next window is asked to find it.
                None => h.follow = Some(id),
            },
            None => {}
        }
        let total = h.total;
        v.sel = v.sel.min(total.saturating_sub(1));
        let Some(h) = self.remote_view(ask.which).and_then(|v| v.remote.as_ref()) else {
            return true;
        };
        self.data.saw_models(h.rows.iter().map(|m| m.code.as_str()));
        self.data
            .saw_models(h.awards.iter().map(|a| a.model_code.as_str()));
        // Marked models seen again: their rows as they now are.
        let seen: Vec<_> = h
            .rows
            .iter()
            .filter(|m| self.models.marked.contains_key(&m.id))
            .cloned()
            .collect();
        for m in seen {
            self.models.marked.insert(m.id, m);
        }
        true
    }

    /// The model rows held by the views, for what needs a model's row by id (a row not held
    /// is not on screen, nor near it).
    pub fn held_model(&self, id: Id) -> Option<&crate::api::ModelRow> {
        self.remote_views()
            .into_iter()
            .filter_map(|w| self.remote_view(w))
            .filter_map(|v| v.remote.as_ref())
            .find_map(|h| h.rows.iter().find(|m| m.id == id))
    }

    /// A model's row as last seen: held by a view, or marked.
    pub fn model_row(&self, id: Id) -> Option<&crate::api::ModelRow> {
        self.held_model(id).or_else(|| self.models.marked.get(&id))
    }

    /// A job for the windows the views lack, if they lack any.
    pub(super) fn window_job(&mut self) -> Option<super::load::Job> {
        let asks = self.want_windows();
        if asks.is_empty() {
            return None;
        }
        let mut job = self.job(super::load::Parts::default(), vec![], None)?;
        job.windows = asks;
        Some(job)
    }

    /// Ask for what the views lack, carried out now when there is no loader (tests).
    pub(super) fn ask_windows(&mut self, api: &crate::api::Api) {
        // An answer may move a selection out of what it brought (a record located far away):
        // the next round asks for the rows there.
        for _ in 0..3 {
            let Some(job) = self.window_job() else {
                return;
            };
            self.queue(api, job);
            if self.background {
                return;
            }
        }
    }

    /// After a search was typed, or the sort or filters changed, on a view of models.
    pub(super) fn respecify(&mut self, which: Which) {
        let spec = self.spec_of(which);
        let Some(v) = self.remote_view_mut(which) else {
            return;
        };
        let sel = v.selected_id();
        let Some(h) = v.remote.as_mut() else {
            return;
        };
        let query = |s: &Option<ViewSpec>| s.as_ref().map(|s| fold(&s.query));
        let typed = query(&h.spec) != Some(fold(&spec.query));
        if typed && !spec.query.is_empty() {
            // A search just typed shows its matches from the first.
            h.follow = None;
            v.sel = 0;
            v.top.set(0);
        } else {
            // The sort or the filters changed, or the search was cleared: the selected model
            // stays selected, wherever it now is.
            h.follow = h.follow.or(sel);
        }
    }
}

/// The window `v` needs, if it needs one.
fn want(v: &mut ListView, which: Which, spec: ViewSpec, ticket: u64) -> Option<Ask> {
    let page = match v.page.get() {
        0 => FIRST_PAGE,
        p => p,
    };
    let h = v.remote.as_mut()?;
    let force = std::mem::take(&mut h.stale);
    let same = h.spec.as_ref() == Some(&spec);
    // Where the view will start: known when the rows held are of this view.
    let top = if same { v.top_for(page) } else { v.top.get() };
    let h = v.remote.as_mut()?;
    let end = if same {
        (top + page).min(h.total)
    } else {
        top + page
    };
    if same && !force && h.follow.is_none() && h.start <= top && end <= h.start + h.len() {
        return None;
    }
    let locate = h.follow;
    if !force
        && let Some(a) = &h.asked
        && a.spec == spec
        && a.locate == locate
        && a.start <= top
        && end <= a.start + a.len
    {
        // Asked already; the answer is on its way.
        return None;
    }
    let ask = Ask {
        which,
        ticket,
        spec,
        start: top.saturating_sub(page),
        len: (page * 3).min(WINDOW_MAX as usize),
        locate,
    };
    h.asked = Some(ask.clone());
    Some(ask)
}
