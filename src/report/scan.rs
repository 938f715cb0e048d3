//! The figures of a period computed by reading every record of a [`Dataset`]. The store
//! answers `Status` from counters; this slow, obvious version is the reference the tests
//! check the counters against (`dvk check` recounts from the records with the store's own
//! rules instead, see `store::check`), what the demo's report is rendered from in tests, and
//! what the store answers a day in the past with when a dated event of the period falls after
//! that day (the counters hold the present).
//! It follows the counting rules of CONTRACT.md word for word, `--as-of` included: a model
//! registered after the day, a check-in, award or replication dated after it, an outcome
//! decided after it do not count (an outcome without a date counts at every date), and
//! overdue is measured from the latest check-in on or before the day. A model's step on the
//! day is the one its check-ins found (see [`step_as_of`]); its registration status, criteria
//! and content are as they are now: the records keep no history of them.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::api::{AwardTally, Dataset, OverdueRow, ReportData, StatusData};
use crate::domain::text::name_key;
use crate::domain::{Coded, Id, ModelKind, Outcome, Period, RegStatus};

/// The period with this code, or the latest one (by end year, then start year).
pub fn pick_period<'a>(ds: &'a Dataset, code: Option<&str>) -> Option<&'a Period> {
    match code {
        Some(c) => ds.periods.iter().find(|p| p.code == c),
        None => ds.periods.iter().max_by_key(|p| (p.end_year, p.start_year)),
    }
}

/// Status and report data of a period as of a day; `None` when the period does not exist.
pub fn report_from_dataset(
    ds: &Dataset,
    period: Option<&str>,
    as_of: NaiveDate,
) -> Option<ReportData> {
    let p = pick_period(ds, period)?;
    let of_period: Vec<_> = ds
        .models
        .iter()
        .filter(|m| m.period == p.code && m.registered_on <= as_of)
        .collect();
    let counted: Vec<_> = of_period
        .iter()
        .copied()
        .filter(|m| m.status.counted())
        .collect();
    let counted_ids: BTreeSet<Id> = counted.iter().map(|m| m.id).collect();
    let period_ids: BTreeSet<Id> = of_period.iter().map(|m| m.id).collect();

    // The steps check-ins found: (model, date, step), for the step of a model on `as_of`.
    let mut found: HashMap<Id, Vec<(NaiveDate, u8)>> = HashMap::new();
    for c in ds
        .checkins
        .iter()
        .filter(|c| counted_ids.contains(&c.model))
    {
        if let Some(s) = c.step {
            found.entry(c.model).or_default().push((c.date, s));
        }
    }
    let mut by_field: Vec<(String, u64)> = ds.fields.iter().map(|f| (f.code.clone(), 0)).collect();
    let mut by_step = vec![0u64; p.steps.len()];
    let mut by_outcome: Vec<(Outcome, u64)> = Outcome::ALL.iter().map(|o| (*o, 0)).collect();
    for m in &counted {
        match by_field.iter_mut().find(|(c, _)| *c == m.field) {
            Some(e) => e.1 += 1,
            // A field missing from the catalogue is still counted, after the catalogue.
            None => by_field.push((m.field.clone(), 1)),
        }
        let step = step_as_of(m.step, found.get(&m.id).map_or(&[][..], |v| v), as_of);
        let i = (step.max(1) as usize) - 1;
        if i >= by_step.len() {
            by_step.resize(i + 1, 0);
        }
        by_step[i] += 1;
        if let Some(e) = by_outcome
            .iter_mut()
            .find(|(o, _)| *o == m.outcome_as_of(as_of))
        {
            e.1 += 1;
        }
    }

    let mut last: HashMap<Id, NaiveDate> = HashMap::new();
    let mut checkins = 0;
    for c in ds
        .checkins
        .iter()
        .filter(|c| counted_ids.contains(&c.model) && c.date <= as_of)
    {
        checkins += 1;
        let e = last.entry(c.model).or_insert(c.date);
        *e = (*e).max(c.date);
    }
    let units: HashMap<Id, &str> = ds.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let mut overdue: Vec<OverdueRow> = counted
        .iter()
        .filter(|m| m.outcome_as_of(as_of) == Outcome::Pending)
        .filter_map(|m| {
            let l = last
                .get(&m.id)
                .map_or(m.registered_on, |d| (*d).max(m.registered_on));
            let days = (as_of - l).num_days();
            (days > p.checkin_interval_days as i64).then(|| OverdueRow {
                id: m.id,
                code: m.code.clone(),
                title: m.title.clone(),
                kind: m.kind,
                person: m.person.clone(),
                unit_name: units.get(&m.unit).unwrap_or(&"").to_string(),
                last: l,
                days,
            })
        })
        .collect();
    overdue.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.code.cmp(&b.code)));

    // Bodies in catalogue order (rank), then bodies only named on awards; forms likewise.
    let mut bodies: Vec<_> = ds.bodies.iter().collect();
    bodies.sort_by_key(|b| b.rank);
    let mut body_order: Vec<(String, String)> = bodies
        .iter()
        .map(|b| (b.key.clone(), b.name.clone()))
        .collect();
    let mut form_order: Vec<String> = ds.forms.iter().map(|f| f.code.clone()).collect();
    let kinds: HashMap<Id, ModelKind> = of_period.iter().map(|m| (m.id, m.kind)).collect();
    let mut tally: HashMap<(String, String), (u64, u64)> = HashMap::new();
    let mut awards_total = 0;
    for a in ds
        .awards
        .iter()
        .filter(|a| period_ids.contains(&a.model) && a.decided_on <= as_of)
    {
        awards_total += 1;
        let key = name_key(&a.body);
        if !body_order.iter().any(|(k, _)| *k == key) {
            body_order.push((key.clone(), a.body.clone()));
        }
        if !form_order.contains(&a.form) {
            form_order.push(a.form.clone());
        }
        let e = tally.entry((key, a.form.clone())).or_default();
        match kinds.get(&a.model) {
            Some(ModelKind::Individual) => e.1 += 1,
            _ => e.0 += 1,
        }
    }
    let mut awards_by = vec![];
    for (key, name) in &body_order {
        for form in &form_order {
            if let Some((c, i)) = tally.get(&(key.clone(), form.clone())) {
                awards_by.push(AwardTally {
                    body: name.clone(),
                    form: form.clone(),
                    collective: *c,
                    individual: *i,
                });
            }
        }
    }

    let status = StatusData {
        period: p.clone(),
        as_of,
        units_total: ds.units.iter().filter(|u| u.active).count() as u64,
        units_registered: counted
            .iter()
            .map(|m| m.unit)
            .collect::<BTreeSet<_>>()
            .len() as u64,
        collective: counted
            .iter()
            .filter(|m| m.kind == ModelKind::Collective)
            .count() as u64,
        individual: counted
            .iter()
            .filter(|m| m.kind == ModelKind::Individual)
            .count() as u64,
        by_field,
        by_step,
        by_outcome,
        drafts: of_period
            .iter()
            .filter(|m| m.status == RegStatus::Draft)
            .count() as u64,
        returned: of_period
            .iter()
            .filter(|m| m.status == RegStatus::Returned)
            .count() as u64,
        overdue: overdue.len() as u64,
        awards_total,
        awards_by,
        checkins,
        replications: ds
            .replications
            .iter()
            .filter(|r| counted_ids.contains(&r.model) && r.date <= as_of)
            .count() as u64,
        without_criteria: counted
            .iter()
            .filter(|m| !m.criteria.iter().any(|c| c.target > 0.0))
            .count() as u64,
        without_content: counted
            .iter()
            .filter(|m| {
                m.registration.goals.trim().is_empty()
                    || m.registration.activities.trim().is_empty()
            })
            .count() as u64,
    };
    Some(ReportData {
        status,
        fields: ds.fields.clone(),
        forms: ds.forms.clone(),
        overdue,
    })
}

/// A model's step on `as_of`. The model keeps only its present step; check-ins record the
/// step they found. When no check-in after the day found a step, the present step stands;
/// otherwise the step is the one the latest check-in on or before the day found, or, if none
/// did, the one the first check-in after it found (the earliest step on record).
pub fn step_as_of(present: u8, found: &[(NaiveDate, u8)], as_of: NaiveDate) -> u8 {
    if !found.iter().any(|(d, _)| *d > as_of) {
        return present;
    }
    let before = found
        .iter()
        .filter(|(d, _)| *d <= as_of)
        .max_by_key(|(d, _)| *d);
    let after = found
        .iter()
        .filter(|(d, _)| *d > as_of)
        .min_by_key(|(d, _)| *d);
    before.or(after).map_or(present, |(_, s)| *s)
}
