//! Loading without waiting. The Overview's figures are fetched at once (a few requests
//! answered from counters); the tables — 100,000 model rows take about a second to fetch and
//! fold for search — are described as a [`Job`], carried out by the loader thread of the loop
//! (or at once, in tests and benchmarks), and come back as [`Loaded`], which
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
use super::data::{AwardTable, ModelTable, Overview, UnitTable};
use super::models::{self, SortKeys, SortSpec};
use crate::api::{self, Api, ApiResult, ModelDetail};
use crate::domain::{FieldDef, Id, RecordRef};

/// Which parts of a period's data a job fetches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    /// Status, catalogues and the most overdue models.
    pub overview: bool,
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
    /// the model rows when a model or anything counted on its row changed; unit and award
    /// rows only when a unit or an award did. Catalogue records travel with the figures.
    pub fn touched(records: &[RecordRef]) -> Parts {
        let mut p = Parts {
            overview: true,
            ..Parts::default()
        };
        for r in records {
            match r {
                RecordRef::Model(_) | RecordRef::CheckIn(_) | RecordRef::Replication(_) => {
                    p.models = true
                }
                RecordRef::Award(_) => {
                    p.models = true;
                    p.awards = true;
                }
                RecordRef::Unit(_) => p.units = true,
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
    /// The model rows are sorted this way before they are handed over.
    pub sort: SortSpec,
    pub fields: Vec<FieldDef>,
    /// Who made the change this job follows, said once it is shown.
    pub by: Option<String>,
}

/// Model rows with their order for a sort and the sort keys built for it.
pub struct SortedModels {
    pub table: ModelTable,
    pub order: Vec<u32>,
    pub spec: SortSpec,
    pub keys: SortKeys,
}

/// The answer to a [`Job`]: each part asked for, fetched and prepared.
pub struct Loaded {
    pub ticket: u64,
    pub period: String,
    pub overview: Option<ApiResult<Overview>>,
    pub models: Option<ApiResult<SortedModels>>,
    pub units: Option<ApiResult<UnitTable>>,
    pub awards: Option<ApiResult<AwardTable>>,
    pub details: Vec<(Id, ApiResult<ModelDetail>)>,
    pub by: Option<String>,
}

impl Job {
    /// Fetch and prepare everything the job asks for (on the loader thread).
    pub fn run(&self, api: &Api) -> Loaded {
        let p = &self.period;
        let parts = self.parts;
        Loaded {
            ticket: self.ticket,
            period: p.clone(),
            overview: parts
                .overview
                .then(|| Overview::fetch(api, Some(p.clone()), self.as_of)),
            models: parts.models.then(|| {
                let t = ModelTable::fetch(api, p, self.today)?;
                let mut keys = SortKeys::new();
                let order = models::order(&t.rows, &self.fields, self.sort, &mut keys);
                // The title keys are the one slow sort (≈0.1 s for 100,000 titles): built
                // here, `s` never waits for them.
                models::title_keys(&t.rows, &mut keys);
                Ok(SortedModels {
                    table: t,
                    order,
                    spec: self.sort,
                    keys,
                })
            }),
            units: parts.units.then(|| UnitTable::fetch(api, p)),
            awards: parts.awards.then(|| AwardTable::fetch(api, p)),
            details: self.details.iter().map(|&id| (id, api.model(id))).collect(),
            by: self.by.clone(),
        }
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
        self.sort = later.sort;
        self.fields = later.fields.clone();
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
    models: u64,
    units: u64,
    awards: u64,
}

/// The selected record of each table, by id, to find again in new rows.
struct Kept {
    units: (Option<Id>, usize),
    models: (Option<Id>, usize),
    progress: (Option<Id>, usize),
    awards: (Option<Id>, usize),
    /// Each unit window's unit and selected model (by position among the windows).
    unit_popups: Vec<Option<(Id, Option<Id>)>>,
}

impl App {
    pub(super) fn next_ticket(&mut self) -> u64 {
        self.ticket += 1;
        self.ticket
    }

    pub fn sort_spec(&self) -> SortSpec {
        SortSpec {
            col: self.models.sort,
            descending: self.models.descending,
            lang: self.lang,
            person: !self.models.person_col.get(),
        }
    }

    fn job(&mut self, parts: Parts, details: Vec<Id>, by: Option<String>) -> Option<Job> {
        let period = self.data.period()?.code.clone();
        Some(Job {
            ticket: self.next_ticket(),
            period,
            today: self.today,
            as_of: self.overview_day(),
            parts,
            details,
            sort: self.sort_spec(),
            fields: self.data.fields.clone(),
            by,
        })
    }

    /// Hand a job to the loader, or carry it out now when there is none.
    fn queue(&mut self, api: &Api, job: Job) {
        if self.background {
            self.jobs.push(job);
        } else {
            let l = job.run(api);
            self.merge(l);
        }
    }

    /// Jobs for the loader thread, taken by the loop after each batch of events.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// Carry out the queued jobs here and now (tests, benchmarks, `load`).
    pub fn run_jobs(&mut self, api: &Api) {
        for job in self.take_jobs() {
            let l = job.run(api);
            self.merge(l);
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
            drop_elsewhere(std::mem::take(&mut self.models.sort_keys));
            self.progress.detail = None;
            self.models.filter.unit = None;
            self.popups.retain(|p| !matches!(p, Popup::Unit { .. }));
            for v in [
                &mut self.units.view,
                &mut self.models.view,
                &mut self.progress.view,
                &mut self.awards.view,
            ] {
                v.reset();
                v.sel = 0;
                v.top.set(0);
            }
            self.models.sorted.clear();
            self.refilter_all();
        }
        if after.is_none() {
            // No period: nothing more to load, and the empty tables are the truth.
            self.data.have = super::data::Have {
                models: true,
                units: true,
                awards: true,
            };
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
        if let Some(job) = self.job(parts, details, Some(n.user.clone())) {
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
        let model =
            |v: &super::data::ListView| (v.selected().map(|i| d.models[i as usize].id), v.sel);
        Kept {
            units: (
                self.units
                    .view
                    .selected()
                    .map(|i| d.units[i as usize].unit.id),
                self.units.view.sel,
            ),
            models: model(&self.models.view),
            progress: model(&self.progress.view),
            awards: (
                self.awards
                    .view
                    .selected()
                    .map(|i| d.awards[i as usize].award.id),
                self.awards.view.sel,
            ),
            unit_popups: self
                .popups
                .iter()
                .filter_map(|p| match p {
                    Popup::Unit { unit, view } => Some(
                        d.units
                            .get(*unit)
                            .map(|u| (u.unit.id, view.selected().map(|r| d.models[r as usize].id))),
                    ),
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
        let (mut models, mut units, mut awards) = (false, false, false);
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
        if let Some(r) = l.models
            && l.ticket >= self.applied.models
        {
            match r {
                Ok(SortedModels {
                    table: t,
                    order,
                    spec,
                    keys,
                }) => {
                    self.applied.models = l.ticket;
                    drop_elsewhere(self.data.set_models(t));
                    drop_elsewhere(std::mem::replace(&mut self.models.sort_keys, keys));
                    self.models.sorted = if spec == self.sort_spec() {
                        self.models.sorted_by = Some(spec);
                        order
                    } else {
                        models::sorted(self)
                    };
                    self.progress.detail = None;
                    models::keep_marks(self);
                    models = true;
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
        if let Some(r) = l.awards
            && l.ticket >= self.applied.awards
        {
            match r {
                Ok(t) => {
                    self.applied.awards = l.ticket;
                    drop_elsewhere(self.data.set_awards(t));
                    awards = true;
                }
                Err(e) => error = Some(e),
            }
        }
        if models {
            for tab in [Tab::Models, Tab::Progress] {
                let v = self.view_mut(tab).expect("a table");
                v.reset();
                self.refilter(tab);
            }
            let d = &self.data;
            reselect(&mut self.models.view, kept.models, |i| d.models[i].id);
            reselect(&mut self.progress.view, kept.progress, |i| d.models[i].id);
        }
        if units {
            self.units.view.reset();
            self.refilter(Tab::Units);
            let d = &self.data;
            reselect(&mut self.units.view, kept.units, |i| d.units[i].unit.id);
        }
        if awards {
            self.awards.view.reset();
            self.refilter(Tab::Awards);
            let d = &self.data;
            reselect(&mut self.awards.view, kept.awards, |i| d.awards[i].award.id);
        }
        if models || units {
            self.refresh_unit_popups(&kept.unit_popups);
            self.select_created();
        }
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
    fn select_created(&mut self) {
        let Some((tab, id)) = self.select_after else {
            return;
        };
        let d = &self.data;
        let found = match tab {
            Tab::Units if d.have.units => {
                select(&mut self.units.view, |i| d.units[i].unit.id == id);
                true
            }
            Tab::Models if d.have.models => {
                select(&mut self.models.view, |i| d.models[i].id == id);
                select(&mut self.progress.view, |i| d.models[i].id == id);
                true
            }
            _ => false,
        };
        if found {
            self.select_after = None;
        }
    }

    /// The unit windows list their unit's models again from the new rows; a window whose
    /// unit is gone closes.
    fn refresh_unit_popups(&mut self, kept: &[Option<(Id, Option<Id>)>]) {
        let d = &self.data;
        let mut kept = kept.iter();
        let mut gone = Vec::new();
        for (i, p) in self.popups.iter_mut().enumerate() {
            let Popup::Unit { unit, view } = p else {
                continue;
            };
            let Some(&Some((id, model))) = kept.next() else {
                gone.push(i);
                continue;
            };
            let Some(pos) = d.units.iter().position(|u| u.unit.id == id) else {
                gone.push(i);
                continue;
            };
            *unit = pos;
            view.rows = (0..d.models.len() as u32)
                .filter(|&r| d.models[r as usize].unit == id)
                .collect();
            let found =
                model.and_then(|m| view.rows.iter().position(|&r| d.models[r as usize].id == m));
            view.sel = found.unwrap_or(view.sel.min(view.rows.len().saturating_sub(1)));
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
        let d = &self.data;
        let stale: Vec<Id> = self
            .popups
            .iter()
            .filter_map(|p| match p {
                Popup::Model { detail, .. } => Some(detail),
                _ => None,
            })
            .filter(|det| {
                d.models
                    .iter()
                    .find(|m| m.id == det.model.id)
                    .is_some_and(|m| {
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
fn reselect(v: &mut super::data::ListView, kept: (Option<Id>, usize), id: impl Fn(usize) -> Id) {
    let found = kept
        .0
        .and_then(|k| v.rows.iter().position(|&r| id(r as usize) == k));
    v.sel = found.unwrap_or(kept.1.min(v.rows.len().saturating_sub(1)));
}

/// Select the row for which `is` holds, if it is shown.
fn select(v: &mut super::data::ListView, is: impl Fn(usize) -> bool) {
    if let Some(pos) = v.rows.iter().position(|&r| is(r as usize)) {
        v.sel = pos;
    }
}
