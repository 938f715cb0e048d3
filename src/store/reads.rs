//! Answers to the read requests. Figures come from counters (a few short prefix scans);
//! tables come from ordered scans of the record trees joined with the per-model stats.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::figures::{self, Figures};
use super::keys::{self, tag};
use super::records::{CheckInChunk, Envelope, ModelStats};
use super::{Store, T, io};
use crate::api::*;
use crate::domain::actuals;
use crate::domain::text::sort_key;
use crate::domain::*;

/// Audit entries sent with a model's detail.
pub const DETAIL_HISTORY: u32 = 20;

impl Store {
    pub(crate) fn periods(&self) -> ApiResult<Vec<Period>> {
        self.all(T::Periods)
    }

    /// The period asked for, or the one with the greatest start year.
    pub(crate) fn resolve_period(&self, code: Option<&str>) -> ApiResult<Period> {
        match code {
            Some(c) => {
                let c2 = validate::clean_period_code(c).unwrap_or_else(|_| c.to_string());
                self.get(T::Periods, c2.as_bytes())?.ok_or_else(|| {
                    Msg::UnknownPeriod {
                        code: c.to_string(),
                    }
                    .into()
                })
            }
            None => match self.tree(T::Periods).last().map_err(io)? {
                Some((_, v)) => Ok(Period::decode(&v)?),
                None => Err(Msg::UnknownPeriod {
                    code: String::new(),
                }
                .into()),
            },
        }
    }

    /// `None` for "latest" on a database without periods: tables are then empty.
    fn resolve_opt(&self, code: Option<&str>) -> ApiResult<Option<Period>> {
        match self.resolve_period(code) {
            Err(ApiError::Msg(Msg::UnknownPeriod { .. })) if code.is_none() => Ok(None),
            r => r.map(Some),
        }
    }

    fn count(&self, key: &[u8]) -> ApiResult<u64> {
        Ok(self.counter(key)?.max(0) as u64)
    }

    /// What `Status` needs, with the counters of one period (all periods: `None`).
    pub(crate) fn figures(&self, period: Option<&str>) -> ApiResult<Figures> {
        let mut counters = std::collections::BTreeMap::new();
        let mut take = |prefix: &[u8]| -> ApiResult<()> {
            for kv in self.tree(T::Counters).scan_prefix(prefix) {
                let (k, v) = kv.map_err(io)?;
                counters.insert(k.to_vec(), keys::counter_value(&v));
            }
            Ok(())
        };
        match period {
            Some(code) => {
                take(&keys::counter(code, 0, &[])[..code.len() + 2])?;
                take(keys::ACTIVE_UNITS)?;
            }
            None => take(&[])?,
        }
        Ok(Figures {
            periods: self.periods()?,
            fields: self.all(T::Fields)?,
            forms: self.all(T::Forms)?,
            bodies: self.all(T::Bodies)?,
            counters,
            schema: super::SCHEMA_VERSION,
        })
    }

    /// From the counters when nothing of the period is dated after `as_of` (a few prefix
    /// scans); a day in the past is answered by [`Self::scan_report`].
    pub(crate) fn status(&self, period: Option<&str>, as_of: NaiveDate) -> ApiResult<StatusData> {
        let p = self.resolve_period(period)?;
        let f = self.figures(Some(&p.code))?;
        if !f.counts_as_of(&p.code, as_of) {
            return Ok(self.scan_report(&p, as_of, Some(0))?.status);
        }
        f.status(Some(&p.code), as_of)
    }

    /// The figures of a day in the past, by reading the period's records: its models, their
    /// check-ins, awards and replications, and the catalogues, counted by
    /// [`crate::report::scan`] with the as-of rules. Each tree is read in one ordered pass
    /// (far faster in sled than a lookup per model), check-ins of other models skipped
    /// undecoded; the cost grows with the database (see the README's performance figures),
    /// where the present is a few prefix scans of counters whatever the size.
    pub(crate) fn scan_report(
        &self,
        p: &Period,
        as_of: NaiveDate,
        limit: Option<u32>,
    ) -> ApiResult<ReportData> {
        let mut ds = Dataset {
            periods: vec![p.clone()],
            fields: self.all(T::Fields)?,
            forms: self.all(T::Forms)?,
            bodies: self.all(T::Bodies)?,
            units: self.all(T::Units)?,
            ..Dataset::default()
        };
        // Nothing of a model registered after the day counts.
        let mut ids = std::collections::HashSet::new();
        for v in self.tree(T::Models).iter().values() {
            let m = Model::decode(&v.map_err(io)?)?;
            if m.period == p.code && m.registered_on <= as_of {
                ids.insert(keys::id(m.id));
                ds.models.push(m);
            }
        }
        for kv in self.tree(T::CheckIns).iter() {
            let (k, v) = kv.map_err(io)?;
            if k.get(..8).is_some_and(|id| ids.contains(id)) {
                // Later check-ins too: the steps they found tell the step on the day.
                ds.checkins.extend(CheckInChunk::decode(&v)?.0);
            }
        }
        let ids: std::collections::HashSet<Id> = ds.models.iter().map(|m| m.id).collect();
        for v in self.tree(T::Awards).iter().values() {
            let a = Award::decode(&v.map_err(io)?)?;
            if ids.contains(&a.model) {
                ds.awards.push(a);
            }
        }
        for v in self.tree(T::Replications).iter().values() {
            let r = Replication::decode(&v.map_err(io)?)?;
            if ids.contains(&r.model) {
                ds.replications.push(r);
            }
        }
        let mut r =
            crate::report::report_from_dataset(&ds, Some(&p.code), as_of).ok_or_else(|| {
                Msg::UnknownPeriod {
                    code: p.code.clone(),
                }
            })?;
        if let Some(l) = limit {
            r.overdue.truncate(l as usize);
        }
        Ok(r)
    }

    pub(crate) fn report(
        &self,
        period: Option<&str>,
        as_of: NaiveDate,
        limit: Option<u32>,
    ) -> ApiResult<ReportData> {
        let p = self.resolve_period(period)?;
        let f = self.figures(Some(&p.code))?;
        if !f.counts_as_of(&p.code, as_of) {
            return self.scan_report(&p, as_of, limit);
        }
        let status = f.status(Some(&p.code), as_of)?;
        let p = &status.period;
        let lo = keys::code_prefix(&p.code);
        let hi = keys::cat(&[&lo, &keys::date(figures::cutoff(p, as_of))]);
        let mut units: HashMap<Id, Option<Unit>> = HashMap::new();
        let mut overdue = vec![];
        let limit = limit.map_or(usize::MAX, |l| l as usize);
        for k in self
            .tree(T::Overdue)
            .range(lo.clone()..hi)
            .keys()
            .take(limit)
        {
            let k = k.map_err(io)?;
            let last = keys::read_date(&k[lo.len()..]).ok_or_else(|| Msg::Corrupt {
                detail: "overdue index".into(),
            })?;
            let id = keys::id_at(&k, lo.len() + 4, "overdue index")?;
            let Some(m) = self.get::<Model>(T::Models, &keys::id(id))? else {
                continue;
            };
            let unit = match units.get(&m.unit) {
                Some(u) => u.clone(),
                None => {
                    let u = self.get::<Unit>(T::Units, &keys::id(m.unit))?;
                    units.insert(m.unit, u.clone());
                    u
                }
            };
            overdue.push(OverdueRow {
                id,
                code: m.code,
                title: m.title,
                kind: m.kind,
                person: m.person,
                unit_name: unit.map(|u| u.name).unwrap_or_default(),
                last,
                days: (as_of - last).num_days(),
            });
        }
        Ok(ReportData {
            fields: self.all(T::Fields)?,
            forms: self.all(T::Forms)?,
            overdue,
            status,
        })
    }

    pub(super) fn units_by_id(&self) -> ApiResult<HashMap<Id, Unit>> {
        Ok(self
            .all::<Unit>(T::Units)?
            .into_iter()
            .map(|u| (u.id, u))
            .collect())
    }

    /// Every model with its stats, by id: the two trees share their keys, so one ordered pass
    /// over each joins them.
    pub(super) fn models_with_stats(
        &self,
    ) -> impl Iterator<Item = ApiResult<(Model, ModelStats)>> + '_ {
        let mut stats = self.tree(T::Stats).iter().peekable();
        self.tree(T::Models).iter().map(move |kv| {
            let (k, v) = kv.map_err(io)?;
            let m = Model::decode(&v)?;
            let mut st = ModelStats::default();
            while let Some(Ok((sk, sv))) = stats.peek() {
                match sk.as_ref().cmp(k.as_ref()) {
                    std::cmp::Ordering::Less => {
                        stats.next();
                    }
                    std::cmp::Ordering::Equal => {
                        st = ModelStats::decode(sv)?;
                        stats.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
            Ok((m, st))
        })
    }

    pub(crate) fn model_rows(
        &self,
        period: Option<&str>,
        as_of: NaiveDate,
    ) -> ApiResult<Vec<ModelRow>> {
        let only = match period {
            Some(c) => Some(self.resolve_period(Some(c))?.code),
            None => None,
        };
        let units = self.units_by_id()?;
        let periods: HashMap<String, Period> = self
            .periods()?
            .into_iter()
            .map(|p| (p.code.clone(), p))
            .collect();
        let mut rows = vec![];
        for r in self.models_with_stats() {
            let (m, st) = r?;
            if only.as_ref().is_some_and(|c| *c != m.period) {
                continue;
            }
            let per = periods.get(&m.period);
            let unit = units.get(&m.unit);
            rows.push(model_row(
                m,
                &st,
                unit.map(|u| (&*u.code, &*u.name)),
                per,
                as_of,
            ));
        }
        Ok(rows)
    }

    /// Units in tree order: each unit followed by its children, siblings in Vietnamese order.
    pub(crate) fn units_tree(&self) -> ApiResult<Vec<(Unit, u16)>> {
        let units: Vec<Unit> = self.all(T::Units)?;
        let ids: std::collections::HashSet<Id> = units.iter().map(|u| u.id).collect();
        let mut children: HashMap<Id, Vec<(Vec<u8>, Unit)>> = HashMap::new();
        for u in units {
            // A missing parent makes a root, so a damaged tree still lists every unit.
            let p = u
                .parent
                .filter(|p| ids.contains(p) && *p != u.id)
                .unwrap_or(0);
            children.entry(p).or_default().push((sort_key(&u.name), u));
        }
        for v in children.values_mut() {
            v.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
        }
        // Depth-first with an explicit stack; children pushed in reverse pop in order. Each
        // parent's list is taken once, so a cycle of parents cannot loop.
        let mut ordered = Vec::with_capacity(ids.len());
        let mut stack: Vec<(Unit, u16)> = children
            .remove(&0)
            .unwrap_or_default()
            .into_iter()
            .rev()
            .map(|(_, u)| (u, 0))
            .collect();
        while let Some((u, depth)) = stack.pop() {
            if let Some(kids) = children.remove(&u.id) {
                stack.extend(kids.into_iter().rev().map(|(_, k)| (k, depth + 1)));
            }
            ordered.push((u, depth));
        }
        // Units caught in a cycle of parents are listed at the end as roots.
        let mut rest: Vec<(Vec<u8>, Unit)> = children.into_values().flatten().collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        ordered.extend(rest.into_iter().map(|(_, u)| (u, 0)));
        Ok(ordered)
    }

    pub(crate) fn unit_rows(&self, period: Option<&str>) -> ApiResult<Vec<UnitRow>> {
        let p = self.resolve_opt(period)?;
        if let Some(p) = &p
            && let Some(last) = self.last_checkins_indexed(&p.code)?
        {
            return self.unit_rows_with(Some(p), &last);
        }
        let mut last: HashMap<Id, NaiveDate> = HashMap::new();
        if let Some(p) = &p {
            let prefix = keys::code_prefix(&p.code);
            for k in self.tree(T::ModelsByPeriod).scan_prefix(&prefix).keys() {
                let k = k.map_err(io)?;
                let what = T::ModelsByPeriod.name();
                let (unit, model) = (
                    keys::id_at(&k, prefix.len(), what)?,
                    keys::id_at(&k, prefix.len() + 8, what)?,
                );
                if let Some(st) = self.get::<ModelStats>(T::Stats, &keys::id(model))?
                    && let Some(d) = st.last_checkin
                {
                    let e = last.entry(unit).or_insert(d);
                    *e = (*e).max(d);
                }
            }
        }
        self.unit_rows_with(p.as_ref(), &last)
    }

    /// The unit rows of a period, given each unit's latest check-in in it.
    pub(super) fn unit_rows_with(
        &self,
        p: Option<&Period>,
        last: &HashMap<Id, NaiveDate>,
    ) -> ApiResult<Vec<UnitRow>> {
        self.units_tree()?
            .into_iter()
            .map(|(unit, depth)| {
                let (models, drafts) = match p {
                    Some(p) => (
                        self.count(&keys::counter(&p.code, tag::UNIT, &keys::id(unit.id)))?,
                        self.count(&keys::counter(
                            &p.code,
                            tag::UNIT_DRAFTS,
                            &keys::id(unit.id),
                        ))?,
                    ),
                    None => (0, 0),
                };
                Ok(UnitRow {
                    depth,
                    models: models as u32,
                    drafts: drafts as u32,
                    last_checkin: last.get(&unit.id).copied(),
                    unit,
                })
            })
            .collect()
    }

    pub(crate) fn award_rows(&self, period: Option<&str>) -> ApiResult<Vec<AwardRow>> {
        let only = match period {
            Some(c) => Some(self.resolve_period(Some(c))?.code),
            None => None,
        };
        let units = self.units_by_id()?;
        let mut models: HashMap<Id, Option<Model>> = HashMap::new();
        let mut rows = vec![];
        for a in self.all::<Award>(T::Awards)? {
            let m = match models.get(&a.model) {
                Some(m) => m.clone(),
                None => {
                    let m = self.get::<Model>(T::Models, &keys::id(a.model))?;
                    models.insert(a.model, m.clone());
                    m
                }
            };
            let Some(m) = m else { continue };
            if only.as_ref().is_some_and(|c| *c != m.period) {
                continue;
            }
            let unit_name = units
                .get(&m.unit)
                .map(|u| u.name.clone())
                .unwrap_or_default();
            rows.push(award_row(a, m, unit_name));
        }
        Ok(rows)
    }

    /// A model's awards or replications: `index` holds `(model, child)` pairs.
    fn children<R: Envelope>(&self, index: T, records: T, model: Id) -> ApiResult<Vec<R>> {
        let mut out = vec![];
        for k in self.tree(index).scan_prefix(keys::id(model)).keys() {
            let k = k.map_err(io)?;
            if let Some(r) = self.get(records, &k[8..])? {
                out.push(r);
            }
        }
        Ok(out)
    }

    pub(crate) fn model_detail(&self, id: Id) -> ApiResult<ModelDetail> {
        let model: Model = self.get(T::Models, &keys::id(id))?.ok_or(Msg::NotFound)?;
        let unit = self
            .get(T::Units, &keys::id(model.unit))?
            .ok_or(Msg::NotFound)?;
        let period = self
            .get(T::Periods, model.period.as_bytes())?
            .ok_or(Msg::NotFound)?;
        Ok(ModelDetail {
            checkins: super::tx::Tx::new(self).checkins_of(id)?,
            awards: self.children(T::AwardsByModel, T::Awards, id)?,
            replications: self.children(T::ReplsByModel, T::Replications, id)?,
            // The newest entries; the whole history is one `History` request away. Sending it
            // all would make every read of a much-edited model slower.
            history: self.history(&RecordRef::Model(id), DETAIL_HISTORY)?,
            model,
            unit,
            period,
        })
    }

    pub(crate) fn model_id_by_code(&self, code: &str) -> ApiResult<Id> {
        let v = self
            .tree(T::ModelCode)
            .get(code.trim().as_bytes())
            .map_err(io)?
            .ok_or(Msg::NotFound)?;
        Ok(keys::id_at(&v, 0, T::ModelCode.name())?)
    }

    /// Audit entries of a record, newest first; `limit` 0 means all.
    pub(crate) fn history(&self, r: &RecordRef, limit: u32) -> ApiResult<Vec<AuditEntry>> {
        // The entries of an import are found by kind and filtered by file once decoded.
        let import = matches!(r, RecordRef::Import { .. });
        let mut out = vec![];
        let mut index = self
            .tree(T::AuditByRecord)
            .scan_prefix(keys::record_ref(r))
            .keys()
            .rev();
        loop {
            // The stored entries of the next keys, as many as may still be wanted.
            let want = if limit == 0 || import {
                64
            } else {
                limit as usize - out.len()
            };
            let mut stored = Vec::new();
            for k in index.by_ref() {
                let k = k.map_err(io)?;
                let seq = keys::id_at(&k, k.len().saturating_sub(8), T::AuditByRecord.name())?;
                if let Some(v) = self.tree(T::Audit).get(keys::id(seq)).map_err(io)? {
                    stored.push((seq, v));
                    if stored.len() >= want {
                        break;
                    }
                }
            }
            if stored.is_empty() {
                return Ok(out);
            }
            for e in self.audit_cache.decode(stored)? {
                if import && e.record != *r {
                    continue;
                }
                out.push(e);
                if limit > 0 && out.len() >= limit as usize {
                    return Ok(out);
                }
            }
        }
    }

    /// Every record, as of one moment, read without holding up writes.
    pub(crate) fn dataset(&self) -> ApiResult<Dataset> {
        let s = self.snapshot(&T::records())?;
        let mut checkins = vec![];
        for chunk in s.all::<CheckInChunk>(T::CheckIns)? {
            checkins.extend(chunk.0);
        }
        checkins.sort_by_key(|c| c.id);
        Ok(Dataset {
            periods: s.all(T::Periods)?,
            fields: s.all(T::Fields)?,
            forms: s.all(T::Forms)?,
            bodies: s.all(T::Bodies)?,
            units: s.all(T::Units)?,
            models: s.all(T::Models)?,
            checkins,
            awards: s.all(T::Awards)?,
            replications: s.all(T::Replications)?,
            audit: s.all(T::Audit)?,
        })
    }

    pub(crate) fn bodies_sorted(&self) -> ApiResult<Vec<Body>> {
        let mut b: Vec<Body> = self.all(T::Bodies)?;
        b.sort_by_key(|b| b.rank);
        Ok(b)
    }

    pub(crate) fn units_sorted(&self) -> ApiResult<Vec<Unit>> {
        let mut u: Vec<Unit> = self.all(T::Units)?;
        // Each name's key once, not once per comparison.
        u.sort_by_cached_key(|u| (sort_key(&u.name), u.code.clone()));
        Ok(u)
    }
}

/// A model's row in the tables: its record and stats, its unit's code and name, its period.
pub(super) fn model_row(
    m: Model,
    st: &ModelStats,
    unit: Option<(&str, &str)>,
    per: Option<&Period>,
    as_of: NaiveDate,
) -> ModelRow {
    let interval = per.map_or(codes::DEFAULT_CHECKIN_INTERVAL_DAYS, |p| {
        p.checkin_interval_days
    }) as i64;
    let last = super::index::last_date(&m, st);
    let overdue =
        m.status.counted() && m.outcome == Outcome::Pending && (as_of - last).num_days() > interval;
    let actuals = actuals::effective_actuals(&m.criteria, &st.reported);
    let progress = actuals::progress(&m.criteria, &actuals);
    let has_content = actuals::has_content(&m);
    let criteria_met = m
        .criteria
        .iter()
        .zip(&actuals)
        .filter(|(c, a)| c.target > 0.0 && **a >= c.target)
        .count() as u16;
    ModelRow {
        criteria_met,
        replications: st.replications,
        has_content,
        id: m.id,
        kind: m.kind,
        person: m.person,
        position: m.position,
        unit: m.unit,
        unit_code: unit.map(|u| u.0.to_string()).unwrap_or_default(),
        unit_name: unit.map(|u| u.1.to_string()).unwrap_or_default(),
        field: m.field,
        registered_on: m.registered_on,
        step: m.step,
        steps: per.map_or(5, |p| p.steps.len() as u8),
        status: m.status,
        outcome: m.outcome,
        progress,
        criteria: m.criteria.len() as u16,
        last_checkin: st.last_checkin,
        checkins: st.checkins,
        awards: st.awards,
        overdue,
        code: m.code,
        title: m.title,
        period: m.period,
    }
}

/// An award's row: the award, its model and the model's unit's name.
pub(super) fn award_row(a: Award, m: Model, unit_name: String) -> AwardRow {
    let recipient = if m.kind == ModelKind::Individual {
        m.person.clone()
    } else {
        unit_name.clone()
    };
    AwardRow {
        award: a,
        model_code: m.code,
        model_title: m.title,
        kind: m.kind,
        recipient,
        unit_name,
        period: m.period,
    }
}
