//! Loading without waiting. The Overview's figures are fetched at once (a few requests
//! answered from counters); the unit and award tables, and the windows of the model tables
//! ([`super::remote`]), are described as a [`Job`], carried out by the loader thread of the
//! loop (or at once, in tests and benchmarks), and come back as [`Loaded`], which
//! [`App::merge`] puts in place keeping the tab, the selections, searches and filters.
//!
//! Every fetch takes a ticket; a part (overview, models, units, awards) is replaced only by
//! an answer to a later ticket than the one it shows, so an answer overtaken by a newer fetch
//! (a save's own reload, another period) is dropped rather than shown over it.
//!
//! Live updates use the same path: a notice from the server names the records another user
//! changed, and [`App::notice_from`] asks again for exactly the parts that show them.

use chrono::NaiveDate;

use super::app::{App, Flash, Popup, Tab};
use super::data::{ListView, Overview, UnitTable};
use super::remote::Ask;
use crate::api::{self, Api, ApiResult, ModelDetail, WindowData};
use crate::domain::{Id, RecordRef};

/// Which parts of a period's data a job fetches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    /// Status, catalogues and the most overdue models.
    pub overview: bool,
    /// The windows of the model tables (asked for again).
    pub models: bool,
    pub units: bool,
    pub awards: bool,
}

impl Parts {
    pub const TABLES: Parts = Parts {
        overview: false,
        models: true,
        units: true,
        awards: true,
    };

    pub fn union(self, o: Parts) -> Parts {
        Parts {
            overview: self.overview || o.overview,
            models: self.models || o.models,
            units: self.units || o.units,
            awards: self.awards || o.awards,
        }
    }

    /// What shows the records of a notice. The figures always (they come from counters);
    /// the model rows when a model or anything counted on its row changed; the award rows
    /// when an award or a model did (a row names its model); everything when a unit did
    /// (every row names its unit). Catalogue records travel with the figures.
    pub fn touched(records: &[RecordRef]) -> Parts {
        let mut p = Parts {
            overview: true,
            ..Parts::default()
        };
        for r in records {
            match r {
                RecordRef::CheckIn(_) | RecordRef::Replication(_) => p.models = true,
                // An award row names its model (code, title, recipient) and its unit.
                RecordRef::Model(_) | RecordRef::Award(_) => {
                    p.models = true;
                    p.awards = true;
                }
                RecordRef::Unit(_) => p = p.union(Parts::TABLES),
                RecordRef::Import { .. } => p = p.union(Parts::TABLES),
                RecordRef::Period(_)
                | RecordRef::Field(_)
                | RecordRef::Form(_)
                | RecordRef::Body(_) => {}
            }
        }
        p
    }
}

/// What to fetch, for which period, and how to prepare it.
#[derive(Debug, Clone)]
pub struct Job {
    pub ticket: u64,
    pub period: String,
    pub today: NaiveDate,
    /// The day the Overview's figures are as of (today, or a review's day).
    pub as_of: NaiveDate,
    pub parts: Parts,
    /// Models open in a window whose detail is to be fetched again.
    pub details: Vec<Id>,
    /// Windows of the model tables to fetch.
    pub windows: Vec<Ask>,
    /// Marked models to look for: a mark whose model is gone goes with it.
    pub marks: Vec<Id>,
    /// Who made the change this job follows, said once it is shown.
    pub by: Option<String>,
}

/// The answer to a [`Job`]: each part asked for, fetched and prepared.
pub struct Loaded {
    pub ticket: u64,
    pub period: String,
    pub overview: Option<ApiResult<Overview>>,
    pub windows: Vec<(Ask, ApiResult<WindowData>)>,
    /// Marked models no longer there.
    pub gone: Vec<Id>,
    pub units: Option<ApiResult<UnitTable>>,
    pub details: Vec<(Id, ApiResult<ModelDetail>)>,
    pub by: Option<String>,
}

impl Job {
    /// Fetch and prepare everything the job asks for (on the loader thread), each part handed
    /// to `send` as soon as it is there: the figures and the first window first (what the
    /// screen is waiting for), each other window, then the unit and award tables.
    pub fn run_each(&self, api: &Api, mut send: impl FnMut(Loaded)) {
        let p = &self.period;
        let parts = self.parts;
        let part = || Loaded {
            ticket: self.ticket,
            period: p.clone(),
            overview: None,
            windows: Vec::new(),
            gone: Vec::new(),
            units: None,
            details: Vec::new(),
            by: None,
        };
        let window = |a: &Ask| {
            let r = api.window(
                Some(p.clone()),
                self.today,
                a.spec.clone(),
                a.start as u64,
                a.len as u32,
                a.locate,
            );
            (a.clone(), r)
        };
        let mut windows = self.windows.iter();
        send(Loaded {
            overview: parts
                .overview
                .then(|| Overview::fetch(api, Some(p.clone()), self.as_of)),
            windows: windows.next().map(window).into_iter().collect(),
            by: self.by.clone(),
            ..part()
        });
        for a in windows {
            send(Loaded {
                windows: vec![window(a)],
                ..part()
            });
        }
        let rest = Loaded {
            gone: self
                .marks
                .iter()
                .copied()
                .filter(|&id| matches!(api.model(id), Err(api::ApiError::Msg(_))))
                .collect(),
            units: parts.units.then(|| UnitTable::fetch(api, p)),
            details: self.details.iter().map(|&id| (id, api.model(id))).collect(),
            ..part()
        };
        let empty = rest.gone.is_empty() && rest.units.is_none() && rest.details.is_empty();
        if !empty {
            send(rest);
        }
    }

    /// [`run_each`](Self::run_each), the parts kept in order.
    pub fn run(&self, api: &Api) -> Vec<Loaded> {
        let mut out = Vec::new();
        self.run_each(api, |l| out.push(l));
        out
    }

    /// Take in a job queued after this one, when one fetch can answer both (same period):
    /// a burst of notices then costs one fetch. False when it cannot.
    pub fn absorb(&mut self, later: &Job) -> bool {
        if later.period != self.period {
            return false;
        }
        self.ticket = self.ticket.max(later.ticket);
        self.parts = self.parts.union(later.parts);
        for id in &later.details {
            if !self.details.contains(id) {
                self.details.push(*id);
            }
        }
        for id in &later.marks {
            if !self.marks.contains(id) {
                self.marks.push(*id);
            }
        }
        // A later window of a view replaces the one asked before it.
        for w in &later.windows {
            self.windows.retain(|a| a.which != w.which);
            self.windows.push(w.clone());
        }
        if later.by.is_some() {
            self.by = later.by.clone();
        }
        true
    }
}

/// The ticket each part was last replaced with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Applied {
    overview: u64,
    units: u64,
}

/// The selected record of each table, by id, to find again in new rows.
struct Kept {
    units: (Option<Id>, usize),
    /// Each unit window's unit (by position among the windows).
    unit_popups: Vec<Option<Id>>,
}

impl App {
    pub(super) fn next_ticket(&mut self) -> u64 {
        self.ticket += 1;
        self.ticket
    }

    /// A job for the period shown. With `parts.models` (`parts.awards`), the windows of the
    /// model tables (of the awards) are out of date: they are asked for again, each keeping
    /// its selected record.
    pub(super) fn job(
        &mut self,
        parts: Parts,
        details: Vec<Id>,
        by: Option<String>,
    ) -> Option<Job> {
        let period = self.data.period()?.code.clone();
        let (windows, marks) = if parts.models || parts.awards {
            if let Some((Tab::Models, id)) = self.select_after {
                // A model just created: the windows asked for say where it is.
                for v in [&mut self.models.view, &mut self.progress.view] {
                    if let Some(h) = &mut v.remote {
                        h.follow = Some(id);
                    }
                }
            }
            self.windows_stale(parts.models, parts.awards);
            let marks = if parts.models {
                super::models::marked(self)
            } else {
                Vec::new()
            };
            (self.want_windows(), marks)
        } else {
            (Vec::new(), Vec::new())
        };
        Some(Job {
            ticket: self.next_ticket(),
            period,
            today: self.today,
            as_of: self.overview_day(),
            parts: Parts {
                models: false,
                awards: false,
                ..parts
            },
            details,
            windows,
            marks,
            by,
        })
    }

    /// Hand a job to the loader, or carry it out now when there is none.
    pub(super) fn queue(&mut self, api: &Api, job: Job) {
        if self.background {
            self.jobs.push(job);
        } else {
            for l in job.run(api) {
                self.merge(l);
            }
        }
    }

    /// Jobs for the loader thread, taken by the loop after each batch of events.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// Carry out the queued jobs here and now (tests, benchmarks, `load`).
    pub fn run_jobs(&mut self, api: &Api) {
        for job in self.take_jobs() {
            for l in job.run(api) {
                self.merge(l);
            }
        }
    }

    /// Load a period (`None`: the latest) completely before returning.
    pub fn load(&mut self, api: &Api, period: Option<String>) {
        self.begin_load(api, period, false);
        self.run_jobs(api);
    }

    /// Fetch the Overview's figures of a period now and ask for its tables. Another period
    /// empties the tables (its tabs say “loading” until they arrive); the same period keeps
    /// showing the rows it has, and `keep` keeps the selections, until new rows replace them.
    pub fn begin_load(&mut self, api: &Api, period: Option<String>, keep: bool) {
        let ticket = self.next_ticket();
        let o = match Overview::fetch(api, period, self.overview_day()) {
            Ok(o) => o,
            Err(e) => {
                self.notice = Some(Flash::Error(e.text(self.lang)));
                return;
            }
        };
        let before = self.data.period().map(|p| p.code.clone());
        let after = o.status.as_ref().map(|s| s.period.code.clone());
        self.applied.overview = ticket;
        self.data.set_overview(o);
        if before != after || !keep {
            drop_elsewhere(self.data.clear_tables());
            self.progress.detail = None;
            self.models.filter.unit = None;
            self.popups.retain(|p| !matches!(p, Popup::Unit { .. }));
            self.units.view.reset();
            self.units.view.sel = 0;
            self.units.view.top.set(0);
            // Nothing held of another period's models and awards.
            for v in [
                &mut self.models.view,
                &mut self.progress.view,
                &mut self.awards.view,
            ] {
                v.remote = Some(Box::default());
                v.sel = 0;
                v.top.set(0);
            }
            self.refilter_all();
        }
        if after.is_none() {
            // No period (a new database, or a login the roles do not list): nothing more to
            // load, and the empty tables are the truth.
            self.data.have = super::data::Have { units: true };
            self.windows_empty();
            return;
        }
        if let Some(mut job) = self.job(Parts::TABLES, vec![], None) {
            job.ticket = ticket;
            self.queue(api, job);
        }
    }

    /// A change made elsewhere — by someone else, or by the same login in another window or
    /// office: fetch again only what shows it. Changes made through this interface's own
    /// connection are already shown (each save reloads), so only those are ignored.
    pub fn notice_from(&mut self, api: &Api, n: &api::Notice) {
        if self.conn.is_some() && self.conn == Some(n.conn) {
            return;
        }
        let parts = Parts::touched(&n.records);
        let details = self.open_models_touched(&n.records);
        if let Some(mut job) = self.job(parts, details, Some(n.user.clone())) {
            // A marked model can only be gone if the notice names it (or an import, whose
            // undo removes models): only those marks are looked for.
            let import = n
                .records
                .iter()
                .any(|r| matches!(r, RecordRef::Import { .. }));
            if !import {
                job.marks
                    .retain(|id| n.records.contains(&RecordRef::Model(*id)));
            }
            self.queue(api, job);
        }
    }

    /// Open model windows that show one of these records.
    fn open_models_touched(&self, records: &[RecordRef]) -> Vec<Id> {
        let mut out = Vec::new();
        for p in &self.popups {
            let Popup::Model { detail: d, .. } = p else {
                continue;
            };
            let hit = records.iter().any(|r| match r {
                RecordRef::Model(id) => *id == d.model.id,
                RecordRef::CheckIn(id) => d.checkins.iter().any(|c| c.id == *id),
                RecordRef::Award(id) => d.awards.iter().any(|a| a.id == *id),
                RecordRef::Replication(id) => d.replications.iter().any(|r| r.id == *id),
                RecordRef::Unit(id) => *id == d.unit.id,
                RecordRef::Import { .. } => true,
                _ => false,
            });
            if hit && !out.contains(&d.model.id) {
                out.push(d.model.id);
            }
        }
        out
    }

    fn kept(&self) -> Kept {
        let d = &self.data;
        Kept {
            units: (
                self.units
                    .view
                    .selected()
                    .map(|i| d.units[i as usize].unit.id),
                self.units.view.sel,
            ),
            unit_popups: self
                .popups
                .iter()
                .filter_map(|p| match p {
                    Popup::Unit { unit, .. } => Some(d.units.get(*unit).map(|u| u.unit.id)),
                    _ => None,
                })
                .collect(),
        }
    }

    /// Put what the loader brought in place. Parts overtaken by a newer fetch, or of another
    /// period than the one shown, are dropped. The tab, searches, filters and selected
    /// records stay; open windows over the data are brought up to date.
    pub fn merge(&mut self, l: Loaded) {
        if self.data.period().map(|p| p.code.as_str()) != Some(l.period.as_str()) {
            return;
        }
        let kept = self.kept();
        let mut error = None;
        let mut units = false;
        if let Some(r) = l.overview
            && l.ticket >= self.applied.overview
        {
            match r {
                Ok(o) => {
                    self.applied.overview = l.ticket;
                    self.data.set_overview(o);
                }
                Err(e) => error = Some(e),
            }
        }
        if let Some(r) = l.units
            && l.ticket >= self.applied.units
        {
            match r {
                Ok(t) => {
                    self.applied.units = l.ticket;
                    drop_elsewhere(self.data.set_units(t));
                    units = true;
                }
                Err(e) => error = Some(e),
            }
        }
        if units {
            self.units.view.reset();
            self.refilter(Tab::Units);
            let d = &self.data;
            reselect(&mut self.units.view, kept.units, |i| d.units[i].unit.id);
        }
        for id in &l.gone {
            self.models.marked.remove(id);
        }
        let mut models = false;
        for (ask, r) in l.windows {
            models |= self.merge_window(ask, r, &mut error);
        }
        if units {
            self.refresh_unit_popups(&kept.unit_popups);
        }
        self.select_created(models, units);
        self.merge_details(l.details);
        if models {
            self.recheck_open_models();
        }
        if let Some(e) = error {
            self.notice = Some(Flash::Error(e.text(self.lang)));
        } else if let Some(user) = l.by
            && matches!(self.notice, None | Some(Flash::Updated(_)))
        {
            self.notice = Some(Flash::Updated(user));
        }
    }

    /// A record created by a save, selected once its table holds it.
    fn select_created(&mut self, models: bool, units: bool) {
        let Some((tab, id)) = self.select_after else {
            return;
        };
        let d = &self.data;
        let found = match tab {
            Tab::Units if units => {
                select(&mut self.units.view, |i| d.units[i].unit.id == id);
                true
            }
            // The windows were asked to find it (`job`), and the answer selected it.
            Tab::Models => models,
            _ => false,
        };
        if found {
            self.select_after = None;
        }
    }

    /// The unit windows follow their unit in the new rows; a window whose unit is gone
    /// closes. (Their models are windows of their own, asked for again with the others.)
    fn refresh_unit_popups(&mut self, kept: &[Option<Id>]) {
        let d = &self.data;
        let mut kept = kept.iter();
        let mut gone = Vec::new();
        for (i, p) in self.popups.iter_mut().enumerate() {
            let Popup::Unit { unit, .. } = p else {
                continue;
            };
            let pos = match kept.next() {
                Some(Some(id)) => d.units.iter().position(|u| u.unit.id == *id),
                _ => None,
            };
            match pos {
                Some(pos) => *unit = pos,
                None => gone.push(i),
            }
        }
        for i in gone.into_iter().rev() {
            self.popups.remove(i);
        }
    }

    fn merge_details(&mut self, details: Vec<(Id, ApiResult<ModelDetail>)>) {
        for (id, r) in details {
            match r {
                Ok(new) => {
                    for p in &mut self.popups {
                        if let Popup::Model { detail, .. } = p
                            && detail.model.id == id
                        {
                            **detail = new.clone();
                        }
                    }
                }
                // Deleted meanwhile: its window closes.
                Err(_) => self
                    .popups
                    .retain(|p| !matches!(p, Popup::Model { detail, .. } if detail.model.id == id)),
            }
        }
    }

    /// An open model whose row now counts other check-ins or awards than its window shows
    /// (someone added one: the notice named the new record, not the model) is fetched again.
    fn recheck_open_models(&mut self) {
        let held: Vec<&crate::api::ModelRow> = [&self.models.view, &self.progress.view]
            .into_iter()
            .filter_map(|v| v.remote.as_ref())
            .flat_map(|h| h.rows.iter())
            .collect();
        let stale: Vec<Id> = self
            .popups
            .iter()
            .filter_map(|p| match p {
                Popup::Model { detail, .. } => Some(detail),
                _ => None,
            })
            .filter(|det| {
                held.iter().find(|m| m.id == det.model.id).is_some_and(|m| {
                    m.checkins as usize != det.checkins.len()
                        || m.awards as usize != det.awards.len()
                })
            })
            .map(|det| det.model.id)
            .collect();
        if stale.is_empty() {
            return;
        }
        if let Some(job) = self.job(Parts::default(), stale, None) {
            // No api here: the job waits for the loop (or the next `run_jobs`).
            self.jobs.push(job);
        }
    }
}

/// Freeing 100,000 rows (half a million strings) takes the loop tens of milliseconds; the
/// rows being replaced are freed on a thread of their own instead.
fn drop_elsewhere<T: Send + 'static>(old: T) {
    // Should no thread start, the rows are simply freed here.
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(old));
}

/// Select again the record selected before new rows came; when it is gone, stay at the same
/// position.
fn reselect(v: &mut ListView, kept: (Option<Id>, usize), id: impl Fn(usize) -> Id) {
    let found = kept
        .0
        .and_then(|k| v.rows.iter().position(|&r| id(r as usize) == k));
    v.sel = found.unwrap_or(kept.1.min(v.rows.len().saturating_sub(1)));
}

/// Select the row for which `is` holds, if it is shown.
fn select(v: &mut ListView, is: impl Fn(usize) -> bool) {
    if let Some(pos) = v.rows.iter().position(|&r| is(r as usize)) {
        v.sel = pos;
    }
}
