//! An in-memory [`Backend`] for the interface's tests, snapshots and benchmarks: it answers the
//! read requests from hand-built records the way the store will (same counting rules as
//! CONTRACT.md), so the interface can be developed and measured without a database.
//! [`sample`] is a period shaped like the demo (48 units, 26 + 24 models, 13 awards, some
//! overdue); [`generated`] makes any number of models for performance checks.

mod sample;
mod write;

pub use sample::{generated, sample};

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::api::*;
use crate::domain::actuals;
use crate::domain::*;

/// Answers reads and writes from records held in memory. Writes keep an audit log, so undo
/// and history work as they will on the store; nothing is ever written to disk.
pub struct MemBackend {
    mem: std::sync::RwLock<Mem>,
    /// Unfinished forms by user, as [`Request::SaveDraft`] left them.
    drafts: std::sync::Mutex<HashMap<String, String>>,
}

/// The records and the indexes the reads use, rebuilt after each write.
pub(crate) struct Mem {
    d: Dataset,
    unit_ix: HashMap<Id, usize>,
    model_ix: HashMap<Id, usize>,
    checkins_of: HashMap<Id, Vec<usize>>,
    awards_of: HashMap<Id, Vec<usize>>,
    /// Audit sequence numbers already undone.
    undone: Vec<u64>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The day the sample is reported on (the demo's 20/10/2020).
pub fn today() -> NaiveDate {
    date(2020, 10, 20)
}

impl MemBackend {
    pub fn new(d: Dataset) -> Self {
        MemBackend {
            mem: std::sync::RwLock::new(Mem::new(d)),
            drafts: Default::default(),
        }
    }

    /// Every record as held now (tests compare whole records after undo).
    pub fn dataset(&self) -> Dataset {
        self.mem.read().expect("not poisoned").d.clone()
    }
}

impl Mem {
    pub(crate) fn new(d: Dataset) -> Self {
        let unit_ix = d.units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let model_ix = d
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id, i))
            .collect();
        let mut checkins_of: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, c) in d.checkins.iter().enumerate() {
            checkins_of.entry(c.model).or_default().push(i);
        }
        for v in checkins_of.values_mut() {
            v.sort_by_key(|&i| d.checkins[i].date);
        }
        let mut awards_of: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, a) in d.awards.iter().enumerate() {
            awards_of.entry(a.model).or_default().push(i);
        }
        Mem {
            d,
            unit_ix,
            model_ix,
            checkins_of,
            awards_of,
            undone: Vec::new(),
        }
    }

    fn period(&self, code: Option<&str>) -> ApiResult<Period> {
        match code {
            Some(c) => self.d.periods.iter().find(|p| p.code == c).cloned(),
            None => self.d.periods.iter().max_by_key(|p| p.start_year).cloned(),
        }
        .ok_or_else(|| {
            ApiError::Msg(Msg::UnknownPeriod {
                code: code.unwrap_or("").into(),
            })
        })
    }

    fn unit(&self, id: Id) -> &Unit {
        &self.d.units[self.unit_ix[&id]]
    }

    fn last_checkin(&self, m: &Model) -> Option<NaiveDate> {
        self.checkins_of
            .get(&m.id)
            .and_then(|v| v.last())
            .map(|&i| self.d.checkins[i].date)
    }

    fn overdue(&self, m: &Model, p: &Period, as_of: NaiveDate) -> bool {
        let last = self.last_checkin(m).unwrap_or(m.registered_on);
        m.status.counted()
            && m.outcome == Outcome::Pending
            && (as_of - last).num_days() > p.checkin_interval_days as i64
    }

    /// Whether anything of the period is dated after `as_of`: then the figures are those of
    /// a day in the past, counted as the store counts them (the reference scan).
    fn past(&self, p: &Period, as_of: NaiveDate) -> Option<ReportData> {
        let ms: std::collections::HashSet<Id> = self
            .d
            .models
            .iter()
            .filter(|m| m.period == p.code)
            .map(|m| m.id)
            .collect();
        let later = self
            .d
            .models
            .iter()
            .filter(|m| ms.contains(&m.id))
            .any(|m| m.registered_on > as_of || m.outcome_on.is_some_and(|d| d > as_of))
            || self
                .d
                .checkins
                .iter()
                .any(|c| ms.contains(&c.model) && c.date > as_of)
            || self
                .d
                .awards
                .iter()
                .any(|a| ms.contains(&a.model) && a.decided_on > as_of)
            || self
                .d
                .replications
                .iter()
                .any(|r| ms.contains(&r.model) && r.date > as_of);
        later
            .then(|| crate::report::report_from_dataset(&self.d, Some(&p.code), as_of))
            .flatten()
    }

    fn status(&self, period: Option<&str>, as_of: NaiveDate) -> ApiResult<StatusData> {
        let p = self.period(period)?;
        if let Some(r) = self.past(&p, as_of) {
            return Ok(r.status);
        }
        let ms: Vec<&Model> = self
            .d
            .models
            .iter()
            .filter(|m| m.period == p.code)
            .collect();
        let counted: Vec<&&Model> = ms.iter().filter(|m| m.status.counted()).collect();
        let mut units: Vec<Id> = counted.iter().map(|m| m.unit).collect();
        units.sort_unstable();
        units.dedup();
        let by_field = self
            .d
            .fields
            .iter()
            .map(|f| {
                (
                    f.code.clone(),
                    counted.iter().filter(|m| m.field == f.code).count() as u64,
                )
            })
            .collect();
        let mut by_step = vec![0u64; p.steps.len()];
        for m in &counted {
            if let Some(s) = by_step.get_mut((m.step as usize).saturating_sub(1)) {
                *s += 1;
            }
        }
        let by_outcome = Outcome::ALL
            .iter()
            .map(|o| {
                (
                    *o,
                    counted.iter().filter(|m| m.outcome == *o).count() as u64,
                )
            })
            .collect();
        let kind = |k| counted.iter().filter(|m| m.kind == k).count() as u64;
        let rows = self.award_rows(Some(&p.code));
        let mut tallies: BTreeMap<(u32, usize), AwardTally> = BTreeMap::new();
        for r in &rows {
            let rank = self
                .d
                .bodies
                .iter()
                .find(|b| b.name == r.award.body)
                .map_or(u32::MAX, |b| b.rank);
            let fpos = self
                .d
                .forms
                .iter()
                .position(|f| f.code == r.award.form)
                .unwrap_or(usize::MAX);
            let t = tallies.entry((rank, fpos)).or_insert_with(|| AwardTally {
                body: r.award.body.clone(),
                form: r.award.form.clone(),
                collective: 0,
                individual: 0,
            });
            match r.kind {
                ModelKind::Collective => t.collective += 1,
                ModelKind::Individual => t.individual += 1,
            }
        }
        let ids: std::collections::HashSet<Id> = ms.iter().map(|m| m.id).collect();
        Ok(StatusData {
            as_of,
            units_total: self.d.units.iter().filter(|u| u.active).count() as u64,
            units_registered: units.len() as u64,
            collective: kind(ModelKind::Collective),
            individual: kind(ModelKind::Individual),
            by_field,
            by_step,
            by_outcome,
            drafts: ms.iter().filter(|m| m.status == RegStatus::Draft).count() as u64,
            returned: ms
                .iter()
                .filter(|m| m.status == RegStatus::Returned)
                .count() as u64,
            overdue: counted
                .iter()
                .filter(|m| self.overdue(m, &p, as_of))
                .count() as u64,
            awards_total: rows.len() as u64,
            awards_by: tallies.into_values().collect(),
            checkins: self
                .d
                .checkins
                .iter()
                .filter(|c| ids.contains(&c.model))
                .count() as u64,
            replications: self
                .d
                .replications
                .iter()
                .filter(|r| ids.contains(&r.model))
                .count() as u64,
            without_criteria: counted
                .iter()
                .filter(|m| !actuals::has_quantified_criterion(m))
                .count() as u64,
            without_content: counted.iter().filter(|m| !actuals::has_content(m)).count() as u64,
            period: p,
        })
    }

    /// The status with the most overdue models (longest without a check-in first, then by
    /// code), as the store's overdue index lists them.
    fn report(
        &self,
        period: Option<&str>,
        as_of: NaiveDate,
        limit: Option<u32>,
    ) -> ApiResult<ReportData> {
        if let Some(mut r) = self.past(&self.period(period)?, as_of) {
            r.overdue.truncate(limit.map_or(usize::MAX, |l| l as usize));
            return Ok(r);
        }
        let status = self.status(period, as_of)?;
        let p = &status.period;
        let mut overdue: Vec<OverdueRow> = self
            .d
            .models
            .iter()
            .filter(|m| m.period == p.code && self.overdue(m, p, as_of))
            .map(|m| {
                let last = self.last_checkin(m).unwrap_or(m.registered_on);
                OverdueRow {
                    id: m.id,
                    code: m.code.clone(),
                    title: m.title.clone(),
                    kind: m.kind,
                    person: m.person.clone(),
                    unit_name: self.unit(m.unit).name.clone(),
                    last,
                    days: (as_of - last).num_days(),
                }
            })
            .collect();
        overdue.sort_by(|a, b| (a.last, &a.code).cmp(&(b.last, &b.code)));
        overdue.truncate(limit.map_or(usize::MAX, |l| l as usize));
        Ok(ReportData {
            fields: self.d.fields.clone(),
            forms: self.d.forms.clone(),
            overdue,
            status,
        })
    }

    fn model_rows(&self, period: Option<&str>, as_of: NaiveDate) -> Vec<ModelRow> {
        let periods: HashMap<&str, &Period> = self
            .d
            .periods
            .iter()
            .map(|p| (p.code.as_str(), p))
            .collect();
        self.d
            .models
            .iter()
            .filter(|m| period.is_none_or(|p| m.period == p))
            .map(|m| {
                let u = self.unit(m.unit);
                let p = periods[m.period.as_str()];
                let checkins = self.checkins_of.get(&m.id).into_iter().flatten();
                let actuals = actuals::actuals_from_checkins(
                    &m.criteria,
                    checkins.map(|&i| &self.d.checkins[i]),
                );
                let progress = actuals::progress(&m.criteria, &actuals);
                ModelRow {
                    has_content: actuals::has_content(m),
                    id: m.id,
                    code: m.code.clone(),
                    kind: m.kind,
                    title: m.title.clone(),
                    person: m.person.clone(),
                    unit: m.unit,
                    unit_code: u.code.clone(),
                    unit_name: u.name.clone(),
                    field: m.field.clone(),
                    period: m.period.clone(),
                    registered_on: m.registered_on,
                    step: m.step,
                    steps: p.steps.len() as u8,
                    status: m.status,
                    outcome: m.outcome,
                    progress,
                    criteria: m.criteria.len() as u16,
                    last_checkin: self.last_checkin(m),
                    checkins: self.checkins_of.get(&m.id).map_or(0, |v| v.len() as u32),
                    awards: self.awards_of.get(&m.id).map_or(0, |v| v.len() as u32),
                    overdue: self.overdue(m, p, as_of),
                    criteria_met: m
                        .criteria
                        .iter()
                        .zip(&actuals)
                        .filter(|(c, a)| c.target > 0.0 && **a >= c.target)
                        .count() as u16,
                    replications: self
                        .d
                        .replications
                        .iter()
                        .filter(|r| r.model == m.id)
                        .count() as u32,
                }
            })
            .collect()
    }

    fn unit_rows(&self, period: Option<&str>) -> Vec<UnitRow> {
        let mut children: HashMap<Option<Id>, Vec<&Unit>> = HashMap::new();
        for u in &self.d.units {
            children.entry(u.parent).or_default().push(u);
        }
        for v in children.values_mut() {
            v.sort_by(|a, b| a.code.cmp(&b.code));
        }
        let mut stats: HashMap<Id, (u32, u32, Option<NaiveDate>)> = HashMap::new();
        for m in self
            .d
            .models
            .iter()
            .filter(|m| period.is_none_or(|p| m.period == p))
        {
            let s = stats.entry(m.unit).or_default();
            if m.status.counted() {
                s.0 += 1;
            } else if m.status == RegStatus::Draft {
                s.1 += 1;
            }
            s.2 = s.2.max(self.last_checkin(m));
        }
        let mut out = Vec::new();
        let mut stack: Vec<(&Unit, u16)> = children
            .get(&None)
            .map_or(vec![], |v| v.iter().rev().map(|u| (*u, 0)).collect());
        while let Some((u, depth)) = stack.pop() {
            let (models, drafts, last) = stats.get(&u.id).copied().unwrap_or_default();
            out.push(UnitRow {
                unit: u.clone(),
                depth,
                models,
                drafts,
                last_checkin: last,
            });
            if let Some(kids) = children.get(&Some(u.id)) {
                stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
            }
        }
        out
    }

    fn award_rows(&self, period: Option<&str>) -> Vec<AwardRow> {
        let mut rows: Vec<AwardRow> = self
            .d
            .awards
            .iter()
            .filter_map(|a| {
                let m = &self.d.models[*self.model_ix.get(&a.model)?];
                if period.is_some_and(|p| m.period != p) {
                    return None;
                }
                let u = self.unit(m.unit);
                Some(AwardRow {
                    award: a.clone(),
                    model_code: m.code.clone(),
                    model_title: m.title.clone(),
                    kind: m.kind,
                    recipient: if m.kind == ModelKind::Individual {
                        m.person.clone()
                    } else {
                        u.name.clone()
                    },
                    unit_name: u.name.clone(),
                    period: m.period.clone(),
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            (a.award.decided_on, &a.model_code).cmp(&(b.award.decided_on, &b.model_code))
        });
        rows
    }

    fn detail(&self, id: Id) -> ApiResult<ModelDetail> {
        let m = self
            .model_ix
            .get(&id)
            .map(|&i| &self.d.models[i])
            .ok_or(ApiError::Msg(Msg::UnknownModel {
                code: id.to_string(),
            }))?;
        let at = m
            .registered_on
            .and_hms_opt(8, 0, 0)
            .expect("valid time")
            .and_utc();
        Ok(ModelDetail {
            model: m.clone(),
            unit: self.unit(m.unit).clone(),
            period: self.period(Some(&m.period))?,
            checkins: self.checkins_of.get(&id).map_or(vec![], |v| {
                v.iter().map(|&i| self.d.checkins[i].clone()).collect()
            }),
            awards: self.awards_of.get(&id).map_or(vec![], |v| {
                v.iter().map(|&i| self.d.awards[i].clone()).collect()
            }),
            replications: self
                .d
                .replications
                .iter()
                .filter(|r| r.model == id)
                .cloned()
                .collect(),
            history: {
                let mut h = self.history(&RecordRef::Model(id), 50);
                if !self
                    .d
                    .audit
                    .iter()
                    .any(|e| e.record == RecordRef::Model(id) && e.action == Action::Create)
                {
                    h.push(AuditEntry {
                        seq: id,
                        at,
                        user: "canbo".into(),
                        action: Action::Create,
                        record: RecordRef::Model(id),
                        before: None,
                        after: None,
                        note: String::new(),
                    });
                }
                h
            },
        })
    }
}

impl Backend for MemBackend {
    fn call(&self, req: Request) -> ApiResult<Response> {
        match req {
            Request::SaveDraft { text } => {
                let mut d = self.drafts.lock().expect("not poisoned");
                if text.is_empty() {
                    d.remove(USER);
                } else {
                    d.insert(USER.into(), text);
                }
                Ok(Response::Saved { id: 0, rev: 0 })
            }
            Request::Draft => {
                let d = self.drafts.lock().expect("not poisoned");
                Ok(Response::Draft(d.get(USER).cloned()))
            }
            r if r.is_write() => self.mem.write().expect("not poisoned").write(r),
            r => self.mem.read().expect("not poisoned").read(r),
        }
    }
}

/// The one user of the in-memory backend.
pub const USER: &str = "canbo";

impl Mem {
    fn read(&self, req: Request) -> ApiResult<Response> {
        Ok(match req {
            Request::Periods => Response::Periods(self.d.periods.clone()),
            Request::Fields => Response::Fields(self.d.fields.clone()),
            Request::Forms => Response::Forms(self.d.forms.clone()),
            Request::Bodies => Response::Bodies(self.d.bodies.clone()),
            Request::Units => Response::Units(self.d.units.clone()),
            Request::Status { period, as_of } => {
                Response::Status(Box::new(self.status(period.as_deref(), as_of)?))
            }
            Request::Report {
                period,
                as_of,
                overdue_limit,
            } => Response::Report(Box::new(self.report(
                period.as_deref(),
                as_of,
                overdue_limit,
            )?)),
            Request::ModelRows { period, as_of } => {
                Response::ModelRows(self.model_rows(period.as_deref(), as_of))
            }
            Request::UnitRows { period } => Response::UnitRows(self.unit_rows(period.as_deref())),
            Request::AwardRows { period } => {
                Response::AwardRows(self.award_rows(period.as_deref()))
            }
            Request::Model { id } => Response::Model(Box::new(self.detail(id)?)),
            Request::Whoami => Response::Whoami { user: USER.into() },
            Request::ModelByCode { code } => {
                let id = self
                    .d
                    .models
                    .iter()
                    .find(|m| m.code == code)
                    .map(|m| m.id)
                    .ok_or(ApiError::Msg(Msg::UnknownModel { code }))?;
                Response::Model(Box::new(self.detail(id)?))
            }
            Request::History { record, limit } => Response::History(self.history(&record, limit)),
            Request::Dataset => Response::Dataset(Box::new(self.d.clone())),
            other => {
                return Err(ApiError::Msg(Msg::Other(format!(
                    "not answered in memory: {other:?}"
                ))));
            }
        })
    }
}
