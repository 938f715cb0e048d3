//! `dvk check`: every record decodes to its last byte, every reference resolves, and every
//! index, stats record and counter equals what the records say — recomputed in memory with
//! the same contribution functions the writes use, then compared both ways.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::index::{self, Contrib};
use super::keys::{self, tag};
use super::records::{CheckInChunk, Envelope, ModelStats};
use super::snapshot::Snapshot;
use super::tx::split_counter;
use super::{Store, T};
use crate::api::*;
use crate::domain::*;

fn show(k: &[u8]) -> String {
    k.iter()
        .map(|b| {
            if b.is_ascii_graphic() {
                (*b as char).to_string()
            } else {
                format!("\\x{b:02x}")
            }
        })
        .collect()
}

struct Checker<'a> {
    s: &'a Snapshot,
    problems: Vec<String>,
    records: Vec<(String, u64)>,
}

impl Checker<'_> {
    fn read<R: Envelope>(&mut self, t: T) -> ApiResult<Vec<R>> {
        let mut out = vec![];
        for (k, v) in self.s.iter(t) {
            match R::decode(v) {
                Ok(r) => out.push(r),
                Err(m) => self.problems.push(format!(
                    "{} {}: {}",
                    t.name(),
                    show(k),
                    m.text(crate::i18n::Lang::En)
                )),
            }
        }
        self.records.push((t.name().to_string(), out.len() as u64));
        Ok(out)
    }
}

impl Checker<'_> {
    /// The check-ins of the chunks, each under its own model's key and each id once.
    fn checkins(&mut self) -> ApiResult<Vec<CheckIn>> {
        let mut out = vec![];
        let mut ids = HashSet::new();
        for (k, v) in self.s.iter(T::CheckIns) {
            let chunk = match CheckInChunk::decode(v) {
                Ok(c) => c,
                Err(m) => {
                    self.problems.push(format!(
                        "{} {}: {}",
                        T::CheckIns.name(),
                        show(k),
                        m.text(crate::i18n::Lang::En)
                    ));
                    continue;
                }
            };
            let Some(model) = keys::read_id(k) else {
                self.problems
                    .push(format!("{} {}: key too short", T::CheckIns.name(), show(k)));
                continue;
            };
            if chunk.0.is_empty() {
                self.problems
                    .push(format!("{} {}: empty", T::CheckIns.name(), show(k)));
            }
            for x in chunk.0 {
                if x.model != model {
                    self.problems.push(format!(
                        "check-in {}: filed under model {model} but belongs to model {}",
                        x.id, x.model
                    ));
                }
                if !ids.insert(x.id) {
                    self.problems
                        .push(format!("check-in {}: stored more than once", x.id));
                }
                out.push(x);
            }
        }
        self.records.push(("checkins".into(), out.len() as u64));
        Ok(out)
    }
}

/// Checks the database as of one moment, read without holding up writes.
pub fn check(store: &Store) -> ApiResult<CheckReport> {
    let s = &store.snapshot(&T::ALL)?;
    let mut c = Checker {
        s,
        problems: vec![],
        records: vec![],
    };
    let periods: Vec<Period> = c.read(T::Periods)?;
    let fields: Vec<FieldDef> = c.read(T::Fields)?;
    let forms: Vec<AwardForm> = c.read(T::Forms)?;
    let bodies: Vec<Body> = c.read(T::Bodies)?;
    let units: Vec<Unit> = c.read(T::Units)?;
    let models: Vec<Model> = c.read(T::Models)?;
    let checkins = c.checkins()?;
    let awards: Vec<Award> = c.read(T::Awards)?;
    let repls: Vec<Replication> = c.read(T::Replications)?;
    let audit: Vec<AuditEntry> = c.read(T::Audit)?;
    let mut p = std::mem::take(&mut c.problems);

    // References.
    let unit_ids: HashMap<Id, &Unit> = units.iter().map(|u| (u.id, u)).collect();
    let model_ids: HashMap<Id, &Model> = models.iter().map(|m| (m.id, m)).collect();
    let has_period = |code: &str| periods.iter().any(|p| p.code == code);
    for u in &units {
        if let Some(pid) = u.parent.filter(|pid| !unit_ids.contains_key(pid)) {
            p.push(format!(
                "unit {} ({}): parent {pid} does not exist",
                u.id, u.code
            ));
        }
    }
    for m in &models {
        if !unit_ids.contains_key(&m.unit) {
            p.push(format!(
                "model {} ({}): unit {} does not exist",
                m.id, m.code, m.unit
            ));
        }
        if !has_period(&m.period) {
            p.push(format!(
                "model {} ({}): period {} does not exist",
                m.id, m.code, m.period
            ));
        }
        if !fields.iter().any(|f| f.code == m.field) {
            p.push(format!(
                "model {} ({}): field {} is not in the catalogue",
                m.id, m.code, m.field
            ));
        }
    }
    let mut orphan = |what: &str, id: Id, model: Id| {
        let ok = model_ids.contains_key(&model);
        if !ok {
            p.push(format!("{what} {id}: model {model} does not exist"));
        }
        ok
    };
    let checkins: Vec<&CheckIn> = checkins
        .iter()
        .filter(|x| orphan("check-in", x.id, x.model))
        .collect();
    let awards: Vec<&Award> = awards
        .iter()
        .filter(|x| orphan("award", x.id, x.model))
        .collect();
    let repls: Vec<&Replication> = repls
        .iter()
        .filter(|x| orphan("replication", x.id, x.model))
        .collect();
    for a in &awards {
        if !forms.iter().any(|f| f.code == a.form) {
            p.push(format!(
                "award {}: form {} is not in the catalogue",
                a.id, a.form
            ));
        }
        if !bodies.iter().any(|b| b.name == a.body) {
            p.push(format!(
                "award {}: body {} is not in the catalogue",
                a.id, a.body
            ));
        }
    }
    for r in &repls {
        if !unit_ids.contains_key(&r.unit) {
            p.push(format!(
                "replication {}: unit {} does not exist",
                r.id, r.unit
            ));
        }
    }

    // Recount: stats, indexes and counters from the records alone.
    let mut stats: HashMap<Id, ModelStats> = models
        .iter()
        .map(|m| (m.id, ModelStats::default()))
        .collect();
    for x in &checkins {
        let s = stats.entry(x.model).or_default();
        s.checkins += 1;
        s.last_checkin = Some(s.last_checkin.map_or(x.date, |d| d.max(x.date)));
        crate::domain::actuals::add_reported(&mut s.reported, x);
    }
    for x in &awards {
        stats.entry(x.model).or_default().awards += 1;
    }
    for x in &repls {
        stats.entry(x.model).or_default().replications += 1;
    }
    let mut contribs: Vec<Contrib> = units.iter().map(index::unit_contrib).collect();
    contribs.extend(
        models
            .iter()
            .map(|m| index::model_contrib(m, &stats[&m.id])),
    );
    contribs.extend(
        checkins
            .iter()
            .map(|x| index::checkin_contrib(x, model_ids[&x.model])),
    );
    contribs.extend(
        awards
            .iter()
            .map(|x| index::award_contrib(x, model_ids[&x.model])),
    );
    contribs.extend(
        repls
            .iter()
            .map(|x| index::repl_contrib(x, model_ids[&x.model])),
    );
    let mut counters: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
    let mut idx: HashMap<T, BTreeMap<Vec<u8>, Vec<u8>>> = HashMap::new();
    for c in contribs {
        for (k, d) in c.counts {
            *counters.entry(k).or_insert(0) += d;
        }
        for (t, k, v) in c.index {
            idx.entry(t).or_default().insert(k, v);
        }
    }
    let registered: Vec<Vec<u8>> = counters
        .iter()
        .filter(|(k, v)| **v > 0 && split_counter(k).is_some_and(|(_, t)| t == tag::UNIT))
        .map(|(k, _)| keys::counter_prefix(&split_counter(k).unwrap().0, tag::UNITS_REGISTERED))
        .collect();
    for k in registered {
        *counters.entry(k).or_insert(0) += 1;
    }
    counters.retain(|_, v| *v != 0);
    for e in &audit {
        idx.entry(T::AuditByRecord).or_default().insert(
            keys::cat(&[&keys::record_ref(&e.record), &keys::id(e.seq)]),
            vec![],
        );
    }

    let mut stored: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
    for (k, v) in s.iter(T::Counters) {
        stored.insert(k.to_vec(), keys::counter_value(v));
    }
    for (k, v) in &stored {
        let want = counters.get(k).copied().unwrap_or(0);
        if *v != want {
            p.push(format!("counter {}: stored {v}, recount {want}", show(k)));
        }
    }
    for (k, want) in &counters {
        if !stored.contains_key(k) {
            p.push(format!("counter {}: missing, recount {want}", show(k)));
        }
    }
    for t in T::ALL
        .into_iter()
        .filter(|t| t.is_derived() && !matches!(t, T::Counters | T::Stats))
        .chain([T::AuditByRecord])
    {
        let want = idx.remove(&t).unwrap_or_default();
        let mut have = BTreeMap::new();
        for (k, v) in s.iter(t) {
            have.insert(k.to_vec(), v.to_vec());
        }
        for (k, v) in &have {
            match want.get(k) {
                None => p.push(format!("{} {}: points to no record", t.name(), show(k))),
                Some(w) if w != v => p.push(format!(
                    "{} {}: points to the wrong record",
                    t.name(),
                    show(k)
                )),
                _ => {}
            }
        }
        for k in want.keys().filter(|k| !have.contains_key(*k)) {
            p.push(format!("{} {}: record not indexed", t.name(), show(k)));
        }
    }
    for (k, v) in s.iter(T::Stats) {
        let Some(id) = keys::read_id(k) else {
            p.push(format!("model_stats {}: key too short", show(k)));
            continue;
        };
        match (ModelStats::decode(v), stats.remove(&id)) {
            (Err(m), _) => p.push(format!(
                "model_stats {id}: {}",
                m.text(crate::i18n::Lang::En)
            )),
            (Ok(_), None) => p.push(format!("model_stats {id}: model does not exist")),
            (Ok(have), Some(want)) if have != want => p.push(format!(
                "model_stats {id}: stored {have:?}, recount {want:?}"
            )),
            _ => {}
        }
    }
    for id in stats.keys() {
        p.push(format!("model_stats {id}: missing"));
    }
    Ok(CheckReport {
        records: c.records,
        problems: p,
    })
}
