//! What each record adds to the indexes and counters (its "contribution"), and the record
//! writes that keep them in step. A change removes the old state's contribution and adds the
//! new one's, in the same transaction as the record itself; `Check` and `Load` rebuild from
//! the same functions, so there is one definition of every index and counter.

use super::T;
use super::keys::{self, tag};
use super::records::{CHECKINS_PER_CHUNK, CheckInChunk, Envelope, ModelStats};
use super::tx::Tx;
use crate::api::ApiResult;
use crate::domain::actuals;
use crate::domain::text::name_key;
use crate::domain::*;

/// Counter deltas and index entries that one record state accounts for.
#[derive(Debug, Default)]
pub struct Contrib {
    pub counts: Vec<(Vec<u8>, i64)>,
    pub index: Vec<(T, Vec<u8>, Vec<u8>)>,
}

pub fn unit_contrib(u: &Unit) -> Contrib {
    let mut c = Contrib::default();
    c.index.push((
        T::UnitCode,
        u.code.as_bytes().to_vec(),
        keys::id(u.id).to_vec(),
    ));
    c.index.push((
        T::UnitChildren,
        keys::pair(u.parent.unwrap_or(0), u.id),
        vec![],
    ));
    if u.active {
        c.counts.push((keys::ACTIVE_UNITS.to_vec(), 1));
    }
    c
}

/// The date overdue is measured from: the latest check-in, or the registration.
pub fn last_date(m: &Model, st: &ModelStats) -> chrono::NaiveDate {
    st.last_checkin
        .map_or(m.registered_on, |d| d.max(m.registered_on))
}

pub fn model_contrib(m: &Model, st: &ModelStats) -> Contrib {
    let mut c = Contrib::default();
    let p = m.period.as_str();
    c.index.push((
        T::ModelCode,
        m.code.as_bytes().to_vec(),
        keys::id(m.id).to_vec(),
    ));
    c.index.push((
        T::ModelsByPeriod,
        keys::model_in_period(p, m.unit, m.id),
        vec![],
    ));
    let mut n = |t: u8, rest: &[u8]| c.counts.push((keys::counter(p, t, rest), 1));
    n(tag::EVENTS, &keys::date(m.registered_on));
    if let Some(d) = m.outcome_on {
        n(tag::EVENTS, &keys::date(d));
    }
    if m.status.counted() {
        n(tag::KIND, &[keys::kind_byte(m.kind)]);
        n(tag::FIELD, m.field.as_bytes());
        n(tag::STEP, &[m.step]);
        n(tag::OUTCOME, &[keys::outcome_byte(m.outcome)]);
        n(tag::UNIT, &keys::id(m.unit));
        if !actuals::has_quantified_criterion(m) {
            n(tag::NO_CRITERIA, &[]);
        }
        if !actuals::has_content(m) {
            n(tag::NO_CONTENT, &[]);
        }
        if m.outcome == Outcome::Pending {
            let last = last_date(m, st);
            n(tag::LAST, &keys::date(last));
            c.index
                .push((T::Overdue, keys::overdue(p, last, m.id), vec![]));
        }
    } else if m.status == RegStatus::Draft {
        n(tag::DRAFTS, &[]);
        n(tag::UNIT_DRAFTS, &keys::id(m.unit));
    } else {
        n(tag::RETURNED, &[]);
    }
    c
}

/// Check-ins are stored by model already: they add to their period's counts only.
pub fn checkin_contrib(ci: &CheckIn, m: &Model) -> Contrib {
    Contrib {
        counts: vec![
            (keys::counter_prefix(&m.period, tag::CHECKINS), 1),
            (event(&m.period, ci.date), 1),
        ],
        index: vec![],
    }
}

/// The counter of a period's events on a day.
pub fn event(period: &str, d: chrono::NaiveDate) -> Vec<u8> {
    keys::counter(period, tag::EVENTS, &keys::date(d))
}

/// A model's check-ins in the order they are shown: by date, then as entered.
pub fn sort_checkins(v: &mut [CheckIn]) {
    v.sort_by_key(|c| (c.date, c.id));
}

pub fn award_contrib(a: &Award, m: &Model) -> Contrib {
    let tally = keys::award_tally(&name_key(&a.body), &a.form, m.kind);
    Contrib {
        counts: vec![
            (keys::counter(&m.period, tag::AWARDS, &tally), 1),
            (event(&m.period, a.decided_on), 1),
        ],
        index: vec![(T::AwardsByModel, keys::pair(a.model, a.id), vec![])],
    }
}

pub fn repl_contrib(r: &Replication, m: &Model) -> Contrib {
    Contrib {
        counts: vec![
            (keys::counter_prefix(&m.period, tag::REPLICATIONS), 1),
            (event(&m.period, r.date), 1),
        ],
        index: vec![
            (T::ReplsByModel, keys::pair(r.model, r.id), vec![]),
            (T::ReplsByUnit, keys::pair(r.unit, r.id), vec![]),
        ],
    }
}

fn missing_model(id: Id) -> crate::api::ApiError {
    Msg::Corrupt {
        detail: format!("model {id} is referenced but missing"),
    }
    .into()
}

impl Tx<'_> {
    fn apply(&mut self, old: Option<Contrib>, new: Option<Contrib>) {
        if let Some(o) = old {
            for (k, d) in o.counts {
                self.count(k, -d);
            }
            for (t, k, _) in o.index {
                self.del(t, k);
            }
        }
        if let Some(n) = new {
            for (k, d) in n.counts {
                self.count(k, d);
            }
            for (t, k, v) in n.index {
                self.put(t, k, v);
            }
        }
    }

    pub fn model(&self, id: Id) -> ApiResult<Option<Model>> {
        self.get(T::Models, &keys::id(id))
    }

    pub fn stats(&self, id: Id) -> ApiResult<ModelStats> {
        Ok(self.get(T::Stats, &keys::id(id))?.unwrap_or_default())
    }

    pub fn put_unit(&mut self, old: Option<&Unit>, new: Option<&Unit>) {
        self.apply(old.map(unit_contrib), new.map(unit_contrib));
        match (old, new) {
            (_, Some(u)) => self.put_rec(T::Units, keys::id(u.id).to_vec(), u),
            (Some(u), None) => self.del(T::Units, keys::id(u.id).to_vec()),
            (None, None) => {}
        }
    }

    /// Write, replace or remove a model. A model is removed only after its children.
    pub fn put_model(&mut self, old: Option<&Model>, new: Option<&Model>) -> ApiResult<()> {
        let id = new.or(old).map(|m| m.id).unwrap_or(0);
        let st = self.stats(id)?;
        self.apply(
            old.map(|m| model_contrib(m, &st)),
            new.map(|m| model_contrib(m, &st)),
        );
        match (old, new) {
            (_, Some(m)) => {
                self.put_rec(T::Models, keys::id(m.id).to_vec(), m);
                if old.is_none() {
                    self.put_rec(T::Stats, keys::id(m.id).to_vec(), &st);
                }
            }
            (Some(m), None) => {
                self.del(T::Models, keys::id(m.id).to_vec());
                self.del(T::Stats, keys::id(m.id).to_vec());
            }
            (None, None) => {}
        }
        // Children are counted under their model's period and kind: move them along.
        if let (Some(o), Some(n)) = (old, new)
            && (o.period != n.period || o.kind != n.kind)
        {
            for ci in self.checkins_of(id)? {
                self.apply(Some(checkin_contrib(&ci, o)), Some(checkin_contrib(&ci, n)));
            }
            for k in self.scan_keys(T::AwardsByModel, &keys::id(id))? {
                if let Some(a) = self.get::<Award>(T::Awards, &k[8..])? {
                    self.apply(Some(award_contrib(&a, o)), Some(award_contrib(&a, n)));
                }
            }
            for k in self.scan_keys(T::ReplsByModel, &keys::id(id))? {
                if let Some(r) = self.get::<Replication>(T::Replications, &k[8..])? {
                    self.apply(Some(repl_contrib(&r, o)), Some(repl_contrib(&r, n)));
                }
            }
        }
        Ok(())
    }

    /// Change a model's derived figures, moving its overdue entry when the last date moves.
    fn restat(&mut self, mid: Id, f: impl FnOnce(&mut ModelStats)) -> ApiResult<()> {
        let m = self.model(mid)?.ok_or_else(|| missing_model(mid))?;
        let old = self.stats(mid)?;
        let mut new = old.clone();
        f(&mut new);
        if last_date(&m, &old) != last_date(&m, &new) {
            self.apply(Some(model_contrib(&m, &old)), Some(model_contrib(&m, &new)));
        }
        self.put_rec(T::Stats, keys::id(mid).to_vec(), &new);
        Ok(())
    }

    /// The chunks of a model's check-ins as this write leaves them: (number, chunk).
    fn checkin_chunks(&self, mid: Id) -> ApiResult<Vec<(u32, CheckInChunk)>> {
        self.scan(T::CheckIns, &keys::id(mid))?
            .into_iter()
            .map(|(k, v)| Ok((keys::read_chunk(&k), CheckInChunk::decode(&v)?)))
            .collect()
    }

    /// A model's check-ins, by date.
    pub fn checkins_of(&self, mid: Id) -> ApiResult<Vec<CheckIn>> {
        let mut v: Vec<CheckIn> = self
            .checkin_chunks(mid)?
            .into_iter()
            .flat_map(|(_, c)| c.0)
            .collect();
        sort_checkins(&mut v);
        Ok(v)
    }

    /// One check-in of a model.
    pub fn checkin(&self, mid: Id, id: Id) -> ApiResult<Option<CheckIn>> {
        Ok(self
            .checkin_chunks(mid)?
            .into_iter()
            .flat_map(|(_, c)| c.0)
            .find(|c| c.id == id))
    }

    fn put_chunk(&mut self, mid: Id, n: u32, chunk: &CheckInChunk) {
        let k = keys::checkin_chunk(mid, n);
        if chunk.0.is_empty() {
            self.del(T::CheckIns, k);
        } else {
            self.put_rec(T::CheckIns, k, chunk);
        }
    }

    /// Write, replace or remove a check-in. A replacement for the same model keeps its place;
    /// a new check-in goes into the model's last chunk, or a new one when that is full.
    pub fn put_checkin(&mut self, old: Option<&CheckIn>, new: Option<&CheckIn>) -> ApiResult<()> {
        if let Some(o) = old {
            let m = self.model(o.model)?.ok_or_else(|| missing_model(o.model))?;
            self.apply(Some(checkin_contrib(o, &m)), None);
            let mut chunks = self.checkin_chunks(o.model)?;
            let (n, chunk) = chunks
                .iter_mut()
                .find(|(_, c)| c.0.iter().any(|x| x.id == o.id))
                .ok_or_else(|| Msg::Corrupt {
                    detail: format!("check-in {} of model {} is missing", o.id, o.model),
                })?;
            let pos = chunk.0.iter().position(|x| x.id == o.id).unwrap_or(0);
            let in_place = new.filter(|x| x.model == o.model);
            match in_place {
                Some(x) => chunk.0[pos] = x.clone(),
                None => {
                    chunk.0.remove(pos);
                }
            }
            let (n, chunk) = (*n, chunk.clone());
            self.put_chunk(o.model, n, &chunk);
            let all = chunks.iter().flat_map(|(_, c)| &c.0);
            let (count, last) = (
                all.clone().count() as u32,
                all.clone().map(|x| x.date).max(),
            );
            let reported = actuals::latest_reported(all);
            self.restat(o.model, |s| {
                s.checkins = count;
                s.last_checkin = last;
                s.reported = reported;
            })?;
            if let Some(x) = in_place {
                self.apply(None, Some(checkin_contrib(x, &m)));
                return Ok(());
            }
        }
        if let Some(x) = new {
            let m = self.model(x.model)?.ok_or_else(|| missing_model(x.model))?;
            self.apply(None, Some(checkin_contrib(x, &m)));
            let (mut n, mut chunk) = match self.scan(T::CheckIns, &keys::id(x.model))?.pop() {
                Some((k, v)) => (keys::read_chunk(&k), CheckInChunk::decode(&v)?),
                None => (0, CheckInChunk::default()),
            };
            if chunk.0.len() >= CHECKINS_PER_CHUNK {
                n += 1;
                chunk.0.clear();
            }
            chunk.0.push(x.clone());
            self.put_chunk(x.model, n, &chunk);
            self.restat(x.model, |s| {
                s.checkins += 1;
                s.last_checkin = Some(s.last_checkin.map_or(x.date, |d| d.max(x.date)));
                actuals::add_reported(&mut s.reported, x);
            })?;
        }
        Ok(())
    }

    pub fn put_award(&mut self, old: Option<&Award>, new: Option<&Award>) -> ApiResult<()> {
        if let Some(o) = old {
            let m = self.model(o.model)?.ok_or_else(|| missing_model(o.model))?;
            self.apply(Some(award_contrib(o, &m)), None);
            self.del(T::Awards, keys::id(o.id).to_vec());
            self.restat(o.model, |s| s.awards = s.awards.saturating_sub(1))?;
        }
        if let Some(n) = new {
            let m = self.model(n.model)?.ok_or_else(|| missing_model(n.model))?;
            self.apply(None, Some(award_contrib(n, &m)));
            self.put_rec(T::Awards, keys::id(n.id).to_vec(), n);
            self.restat(n.model, |s| s.awards += 1)?;
        }
        Ok(())
    }

    pub fn put_replication(
        &mut self,
        old: Option<&Replication>,
        new: Option<&Replication>,
    ) -> ApiResult<()> {
        if let Some(o) = old {
            let m = self.model(o.model)?.ok_or_else(|| missing_model(o.model))?;
            self.apply(Some(repl_contrib(o, &m)), None);
            self.del(T::Replications, keys::id(o.id).to_vec());
            self.restat(o.model, |s| {
                s.replications = s.replications.saturating_sub(1)
            })?;
        }
        if let Some(n) = new {
            let m = self.model(n.model)?.ok_or_else(|| missing_model(n.model))?;
            self.apply(None, Some(repl_contrib(n, &m)));
            self.put_rec(T::Replications, keys::id(n.id).to_vec(), n);
            self.restat(n.model, |s| s.replications += 1)?;
        }
        Ok(())
    }

    /// Remove a model with its check-ins, awards and replications; returns the removed
    /// children so that an undo can bring them back.
    pub fn delete_model_cascade(&mut self, m: &Model) -> ApiResult<ModelBundle> {
        let mut b = ModelBundle {
            model: m.clone(),
            checkins: vec![],
            awards: vec![],
            replications: vec![],
        };
        for ci in self.checkins_of(m.id)? {
            self.put_checkin(Some(&ci), None)?;
            b.checkins.push(ci);
        }
        for k in self.scan_keys(T::AwardsByModel, &keys::id(m.id))? {
            if let Some(a) = self.get::<Award>(T::Awards, &k[8..])? {
                self.put_award(Some(&a), None)?;
                b.awards.push(a);
            }
        }
        for k in self.scan_keys(T::ReplsByModel, &keys::id(m.id))? {
            if let Some(r) = self.get::<Replication>(T::Replications, &k[8..])? {
                self.put_replication(Some(&r), None)?;
                b.replications.push(r);
            }
        }
        self.put_model(Some(m), None)?;
        Ok(b)
    }

    /// Re-create a deleted model with its children, ids kept.
    pub fn restore_bundle(&mut self, b: &ModelBundle) -> ApiResult<()> {
        self.put_model(None, Some(&b.model))?;
        for c in &b.checkins {
            self.put_checkin(None, Some(c))?;
        }
        for a in &b.awards {
            self.put_award(None, Some(a))?;
        }
        for r in &b.replications {
            self.put_replication(None, Some(r))?;
        }
        Ok(())
    }
}

/// A deleted model with its children: the `before` of a model's delete in the audit log.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModelBundle {
    pub model: Model,
    #[serde(default)]
    pub checkins: Vec<CheckIn>,
    #[serde(default)]
    pub awards: Vec<Award>,
    #[serde(default)]
    pub replications: Vec<Replication>,
}
