//! The figures of one unit and the units below it (`--unit CODE`): what a unit sends to the
//! committee. The period's figures come from counters kept per period, not per subtree, so
//! these are computed from the rows of the period's models filtered by the unit set: one
//! ordered pass over the models (`ModelRows`), one over the awards and one over the units.
//! Time grows with the database's models (about a second for 100,000), not with the unit.
//!
//! On a past day (`--as-of`, `--review`) the models registered and the awards decided after
//! it are left out, but the step, outcome, check-ins and replications counted are the
//! present ones: the rows carry no history. The whole period's figures of a past day are
//! exact (the store reads the records); a unit's are exact for the present day.

use std::collections::{BTreeSet, HashMap};

use super::appendix::{Source, UnitScope};
use crate::api::{Api, ApiResult, AwardTally, ReportData, StatusData};
use crate::domain::text::name_key;
use crate::domain::{Id, ModelKind, Outcome, RegStatus};

/// `report` (the whole period's, with every overdue model listed) narrowed to `scope`.
pub fn unit_report(api: &Api, report: ReportData, scope: &UnitScope) -> ApiResult<ReportData> {
    let src = Source::fetch(api, &report)?;
    Ok(narrow(report, &src, scope))
}

pub fn narrow(report: ReportData, src: &Source, scope: &UnitScope) -> ReportData {
    let all = &report.status;
    let as_of = all.as_of;
    let of_scope: Vec<_> = src
        .models
        .iter()
        .filter(|m| scope.contains(m.unit) && m.registered_on <= as_of)
        .collect();
    let counted: Vec<_> = of_scope
        .iter()
        .copied()
        .filter(|m| m.status.counted())
        .collect();

    let mut by_field: Vec<(String, u64)> =
        all.by_field.iter().map(|(c, _)| (c.clone(), 0)).collect();
    let mut by_step = vec![0u64; all.by_step.len().max(all.period.steps.len())];
    let mut by_outcome: Vec<(Outcome, u64)> = all.by_outcome.iter().map(|(o, _)| (*o, 0)).collect();
    for m in &counted {
        match by_field.iter_mut().find(|(c, _)| *c == m.field) {
            Some(e) => e.1 += 1,
            None => by_field.push((m.field.clone(), 1)),
        }
        let i = (m.step.max(1) as usize) - 1;
        if i >= by_step.len() {
            by_step.resize(i + 1, 0);
        }
        by_step[i] += 1;
        match by_outcome.iter_mut().find(|(o, _)| *o == m.outcome) {
            Some(e) => e.1 += 1,
            None => by_outcome.push((m.outcome, 1)),
        }
    }

    // Awards in the order of the period's tallies (catalogue order of bodies, then forms).
    let kinds: HashMap<Id, ModelKind> = of_scope.iter().map(|m| (m.id, m.kind)).collect();
    let mut awards_by: Vec<AwardTally> = all
        .awards_by
        .iter()
        .map(|t| AwardTally {
            collective: 0,
            individual: 0,
            ..t.clone()
        })
        .collect();
    let mut awards_total = 0;
    for a in src.awards.iter().filter(|a| a.award.decided_on <= as_of) {
        let Some(kind) = kinds.get(&a.award.model) else {
            continue;
        };
        awards_total += 1;
        let key = name_key(&a.award.body);
        let i = match awards_by
            .iter()
            .position(|t| name_key(&t.body) == key && t.form == a.award.form)
        {
            Some(i) => i,
            None => {
                awards_by.push(AwardTally {
                    body: a.award.body.clone(),
                    form: a.award.form.clone(),
                    collective: 0,
                    individual: 0,
                });
                awards_by.len() - 1
            }
        };
        match kind {
            ModelKind::Individual => awards_by[i].individual += 1,
            ModelKind::Collective => awards_by[i].collective += 1,
        }
    }
    awards_by.retain(|t| t.collective + t.individual > 0);

    let overdue_ids: BTreeSet<Id> = counted.iter().filter(|m| m.overdue).map(|m| m.id).collect();
    let status = StatusData {
        period: all.period.clone(),
        as_of: all.as_of,
        units_total: src
            .units
            .iter()
            .filter(|u| u.unit.active && scope.contains(u.unit.id))
            .count() as u64,
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
        drafts: of_scope
            .iter()
            .filter(|m| m.status == RegStatus::Draft)
            .count() as u64,
        returned: of_scope
            .iter()
            .filter(|m| m.status == RegStatus::Returned)
            .count() as u64,
        overdue: overdue_ids.len() as u64,
        awards_total,
        awards_by,
        checkins: counted.iter().map(|m| m.checkins as u64).sum(),
        replications: counted.iter().map(|m| m.replications as u64).sum(),
        without_criteria: counted.iter().filter(|m| m.progress.is_none()).count() as u64,
        without_content: counted.iter().filter(|m| !m.has_content).count() as u64,
    };
    let overdue = report
        .overdue
        .into_iter()
        .filter(|o| overdue_ids.contains(&o.id))
        .collect();
    ReportData {
        status,
        fields: report.fields,
        forms: report.forms,
        overdue,
    }
}
