//! The appendices (phụ lục) of the period report: the lists a committee sends upward with
//! its report. Computed through the [`Api`] from the same requests the tables use
//! (`UnitRows`, `ModelRows`, `AwardRows`, and a model's detail for its replications), for the
//! period and day of a [`ReportData`], optionally narrowed to a unit and the units below it
//! ([`UnitScope`]).
//!
//! On a past day (`--as-of`, `--review`) models registered, awards decided and replications
//! made after it are left out; the rows still show a model's present step, outcome and last
//! check-in (the rows carry no history of those).
//!
//! Cost: one ordered pass over the models of the database (`ModelRows`), one over the awards,
//! one over the units, plus one `Model` request per model that has replications. The
//! renderers (text and Markdown in [`document`](super::document), the workbook in
//! [`xlsx`](super::xlsx), the Word document in [`docx`](super::docx)) only lay these rows
//! out, under the headings of [`appendix_words`](super::appendix_words).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::api::{Api, ApiResult, AwardRow, ModelRow, ReportData, UnitRow};
use crate::domain::{Id, ModelKind, Msg, Outcome, RegStatus, Unit};

/// A unit and every unit below it in the unit tree: what one unit reports to the committee.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitScope {
    pub unit: Unit,
    /// The unit's id and the ids of all its descendants.
    pub ids: BTreeSet<Id>,
}

impl UnitScope {
    pub fn contains(&self, id: Id) -> bool {
        self.ids.contains(&id)
    }
}

/// The unit with this code (as typed: surrounding spaces and case are ignored) and the units
/// below it. An unknown code is [`Msg::UnknownUnit`] (exit code 2).
pub fn unit_scope(api: &Api, code: &str) -> ApiResult<UnitScope> {
    let units = api.units()?;
    let want = code.trim();
    let unit = units
        .iter()
        .find(|u| u.code == want)
        .or_else(|| units.iter().find(|u| u.code.eq_ignore_ascii_case(want)))
        .cloned()
        .ok_or_else(|| Msg::UnknownUnit {
            code: crate::domain::text::printable(want),
        })?;
    let mut children: HashMap<Id, Vec<Id>> = HashMap::new();
    for u in &units {
        if let Some(p) = u.parent.filter(|p| *p != u.id) {
            children.entry(p).or_default().push(u.id);
        }
    }
    // A cycle of parents cannot loop: a unit already taken is not visited again.
    let mut ids = BTreeSet::new();
    let mut stack = vec![unit.id];
    while let Some(id) = stack.pop() {
        if ids.insert(id) {
            stack.extend(children.get(&id).into_iter().flatten().copied());
        }
    }
    Ok(UnitScope { unit, ids })
}

/// One row of “models by unit and field”: a unit's counted models.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitFieldRow {
    pub code: String,
    pub name: String,
    /// 0 for a unit at the top of the tree (or of the scope).
    pub depth: u16,
    pub collective: u64,
    pub individual: u64,
    /// In the order of [`Appendices::fields`].
    pub by_field: Vec<u64>,
}

impl UnitFieldRow {
    pub fn total(&self) -> u64 {
        self.collective + self.individual
    }
}

/// One counted model (submitted or approved).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelLine {
    pub id: Id,
    pub code: String,
    pub unit_code: String,
    pub unit_name: String,
    pub kind: ModelKind,
    pub title: String,
    /// The exemplar's name and position; empty for a collective model.
    pub person: String,
    pub position: String,
    /// A field code of the catalogue.
    pub field: String,
    pub registered_on: NaiveDate,
    pub step: u8,
    pub steps: u8,
    pub status: RegStatus,
    pub outcome: Outcome,
    /// Criteria with a target whose actual has reached it.
    pub criteria_met: u16,
    pub criteria: u16,
    pub last_checkin: Option<NaiveDate>,
}

/// One award of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct AwardLine {
    pub body: String,
    /// A form code of the catalogue.
    pub form: String,
    pub decision_no: String,
    pub decided_on: NaiveDate,
    pub model_code: String,
    pub model_title: String,
    pub kind: ModelKind,
    /// The person for an exemplar, the unit for a collective.
    pub recipient: String,
    pub unit_name: String,
}

/// A unit that adopted a model.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationLine {
    pub model_code: String,
    pub model_title: String,
    /// The name of the unit that registered the model.
    pub from_unit: String,
    /// The adopting unit.
    pub unit_code: String,
    pub unit_name: String,
    pub date: NaiveDate,
}

/// An active unit without a counted model in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitLine {
    pub code: String,
    pub name: String,
    /// The name of the unit it belongs to (empty for a unit at the top of the tree).
    pub parent: String,
    /// Depth in the unit tree (0 at the top of the tree or of the scope).
    pub depth: u16,
    /// Drafts or returned registrations it has (not counted).
    pub drafts: u32,
}

/// Every appendix list of the report, rows in the order they are printed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Appendices {
    /// Field codes: the columns of [`Appendices::by_unit`] (the report's `by_field` order).
    pub fields: Vec<String>,
    /// One row per unit with a counted model, in tree order.
    pub by_unit: Vec<UnitFieldRow>,
    /// The sums of `by_unit` (equal to the report's figures).
    pub totals: UnitFieldRow,
    /// Every counted model, by unit (tree order) then code.
    pub models: Vec<ModelLine>,
    /// The counted models recognised (công nhận) or outstanding (tiêu biểu), outstanding first.
    pub recognised: Vec<ModelLine>,
    /// Awards by decision date, then decision number.
    pub awards: Vec<AwardLine>,
    /// Replications of counted models by date.
    pub replications: Vec<ReplicationLine>,
    /// Active units without a counted model, in Vietnamese order of their names.
    pub not_registered: Vec<UnitLine>,
}

/// The rows the appendices (and a unit's figures) are made from: one request each.
pub struct Source {
    pub units: Vec<UnitRow>,
    pub models: Vec<ModelRow>,
    pub awards: Vec<AwardRow>,
}

impl Source {
    pub fn fetch(api: &Api, report: &ReportData) -> ApiResult<Source> {
        let code = Some(report.status.period.code.clone());
        Ok(Source {
            units: api.unit_rows(code.clone())?,
            models: api.model_rows(code.clone(), report.status.as_of)?,
            awards: api.award_rows(code)?,
        })
    }
}

/// The appendices of `report` (its period and day), for every unit or for `scope`.
pub fn appendices(
    api: &Api,
    report: &ReportData,
    scope: Option<&UnitScope>,
) -> ApiResult<Appendices> {
    let src = Source::fetch(api, report)?;
    build(api, report, &src, scope)
}

pub fn build(
    api: &Api,
    report: &ReportData,
    src: &Source,
    scope: Option<&UnitScope>,
) -> ApiResult<Appendices> {
    let inside = |unit: Id| scope.is_none_or(|s| s.contains(unit));
    let fields: Vec<String> = report
        .status
        .by_field
        .iter()
        .map(|(c, _)| c.clone())
        .collect();
    let mut fields = fields;
    // A model registered, an award decided or a replication made after the report's day
    // does not count (CONTRACT.md, `--as-of`).
    let as_of = report.status.as_of;
    let counted: Vec<&ModelRow> = src
        .models
        .iter()
        .filter(|m| m.status.counted() && inside(m.unit) && m.registered_on <= as_of)
        .collect();
    for m in &counted {
        if !fields.contains(&m.field) {
            fields.push(m.field.clone());
        }
    }

    // Units in tree order; in a scope the depth counts from the scope's unit.
    let units: Vec<&UnitRow> = src.units.iter().filter(|u| inside(u.unit.id)).collect();
    let base = units.first().map_or(0, |u| u.depth);
    let order: HashMap<Id, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.unit.id, i))
        .collect();

    let mut per_unit: HashMap<Id, UnitFieldRow> = HashMap::new();
    let mut totals = UnitFieldRow {
        by_field: vec![0; fields.len()],
        ..UnitFieldRow::default()
    };
    for m in &counted {
        let row = per_unit.entry(m.unit).or_insert_with(|| UnitFieldRow {
            code: m.unit_code.clone(),
            name: m.unit_name.clone(),
            depth: 0,
            collective: 0,
            individual: 0,
            by_field: vec![0; fields.len()],
        });
        let f = fields.iter().position(|f| *f == m.field).unwrap_or(0);
        for r in [&mut *row, &mut totals] {
            match m.kind {
                ModelKind::Collective => r.collective += 1,
                ModelKind::Individual => r.individual += 1,
            }
            r.by_field[f] += 1;
        }
    }
    let mut by_unit: Vec<(usize, UnitFieldRow)> = per_unit
        .into_iter()
        .map(|(id, mut r)| {
            let i = order.get(&id).copied().unwrap_or(usize::MAX);
            if let Some(u) = units.get(i) {
                r.depth = u.depth.saturating_sub(base);
            }
            (i, r)
        })
        .collect();
    by_unit.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));

    let mut models: Vec<(usize, ModelLine)> = counted
        .iter()
        .map(|m| {
            let i = order.get(&m.unit).copied().unwrap_or(usize::MAX);
            (
                i,
                ModelLine {
                    id: m.id,
                    code: m.code.clone(),
                    unit_code: m.unit_code.clone(),
                    unit_name: m.unit_name.clone(),
                    kind: m.kind,
                    title: m.title.clone(),
                    person: m.person.clone(),
                    position: m.position.clone(),
                    field: m.field.clone(),
                    registered_on: m.registered_on,
                    step: m.step,
                    steps: m.steps,
                    status: m.status,
                    outcome: m.outcome,
                    criteria_met: m.criteria_met,
                    criteria: m.criteria,
                    last_checkin: m.last_checkin,
                },
            )
        })
        .collect();
    models.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    let models: Vec<ModelLine> = models.into_iter().map(|(_, m)| m).collect();

    let mut recognised: Vec<ModelLine> = models
        .iter()
        .filter(|m| matches!(m.outcome, Outcome::Outstanding | Outcome::Recognized))
        .cloned()
        .collect();
    // Stable: tree order is kept within each outcome.
    recognised.sort_by_key(|m| m.outcome != Outcome::Outstanding);

    // Awards of the models of the period registered by the report's day, whatever their
    // registration's state (as the report counts them).
    let model_units: HashMap<Id, Id> = src
        .models
        .iter()
        .filter(|m| m.registered_on <= as_of)
        .map(|m| (m.id, m.unit))
        .collect();
    let mut awards: Vec<AwardLine> = src
        .awards
        .iter()
        .filter(|a| {
            a.award.decided_on <= as_of
                && model_units.get(&a.award.model).is_some_and(|u| inside(*u))
        })
        .map(|a| AwardLine {
            body: a.award.body.clone(),
            form: a.award.form.clone(),
            decision_no: a.award.decision_no.clone(),
            decided_on: a.award.decided_on,
            model_code: a.model_code.clone(),
            model_title: a.model_title.clone(),
            kind: a.kind,
            // An exemplar whose person is not named is awarded through its unit.
            recipient: if a.recipient.trim().is_empty() {
                a.unit_name.clone()
            } else {
                a.recipient.clone()
            },
            unit_name: a.unit_name.clone(),
        })
        .collect();
    awards.sort_by(|a, b| {
        (a.decided_on, &a.decision_no, &a.model_code).cmp(&(
            b.decided_on,
            &b.decision_no,
            &b.model_code,
        ))
    });

    // Only the models the counters say have replications are read in full.
    let unit_names: HashMap<Id, (&str, &str)> = src
        .units
        .iter()
        .map(|u| (u.unit.id, (u.unit.code.as_str(), u.unit.name.as_str())))
        .collect();
    let mut replications = vec![];
    for m in counted.iter().filter(|m| m.replications > 0) {
        let detail = api.model(m.id)?;
        for r in detail.replications.into_iter().filter(|r| r.date <= as_of) {
            let (code, name) = unit_names.get(&r.unit).copied().unwrap_or(("", ""));
            replications.push(ReplicationLine {
                model_code: m.code.clone(),
                model_title: m.title.clone(),
                from_unit: m.unit_name.clone(),
                unit_code: code.to_string(),
                unit_name: name.to_string(),
                date: r.date,
            });
        }
    }
    replications.sort_by(|a, b| (a.date, &a.model_code).cmp(&(b.date, &b.model_code)));

    let registered: BTreeSet<Id> = counted.iter().map(|m| m.unit).collect();
    let mut not_registered: Vec<UnitLine> = units
        .iter()
        .filter(|u| u.unit.active && !registered.contains(&u.unit.id))
        .map(|u| UnitLine {
            code: u.unit.code.clone(),
            name: u.unit.name.clone(),
            parent: u
                .unit
                .parent
                .filter(|p| *p != u.unit.id)
                .and_then(|p| unit_names.get(&p))
                .map(|(_, name)| name.to_string())
                .unwrap_or_default(),
            depth: u.depth.saturating_sub(base),
            drafts: u.drafts,
        })
        .collect();
    // Looked up by name: Vietnamese order, whatever the tree.
    not_registered.sort_by(|a, b| {
        crate::domain::text::cmp_vi(&a.name, &b.name).then_with(|| a.code.cmp(&b.code))
    });

    Ok(Appendices {
        fields,
        by_unit: by_unit.into_iter().map(|(_, r)| r).collect(),
        totals,
        models,
        recognised,
        awards,
        replications,
        not_registered,
    })
}
