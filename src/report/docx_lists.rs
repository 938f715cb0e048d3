//! The lists the Word document carries as appendices (phụ lục), computed from the whole
//! records of a period (the dataset): models by unit and field, the counted models, the
//! recognised and outstanding ones, the awards with their decisions, the replications and the
//! active units that have not registered. The workbook, the text and Markdown appendices and
//! `--unit` take theirs from [`super::appendix`], built from the table rows; the two are to
//! become one.
//!
//! Counting follows the report: a model counts when its registration is submitted or
//! approved and it was registered on or before the report's day; awards and replications
//! count up to that day too.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::api::Dataset;
use crate::domain::text::sort_key;
use crate::domain::{Id, ModelKind, Outcome, Period};

/// One unit's counted models by field.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFieldRow {
    pub unit_code: String,
    pub unit_name: String,
    /// One count per entry of [`Appendices::fields`], in that order.
    pub by_field: Vec<u64>,
    pub collective: u64,
    pub individual: u64,
}

impl UnitFieldRow {
    pub fn total(&self) -> u64 {
        self.collective + self.individual
    }
}

/// A counted model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelItem {
    pub code: String,
    pub kind: ModelKind,
    pub title: String,
    /// The exemplar's name and position (empty for a collective).
    pub person: String,
    pub position: String,
    pub unit_code: String,
    pub unit_name: String,
    pub field: String,
    pub registered_on: NaiveDate,
    pub step: u8,
    pub outcome: Outcome,
}

/// An award of a model of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct AwardItem {
    pub model_code: String,
    pub kind: ModelKind,
    /// The person for an exemplar, the unit for a collective.
    pub recipient: String,
    pub model_title: String,
    pub body: String,
    /// A form code of the catalogue.
    pub form: String,
    pub decision_no: String,
    pub decided_on: NaiveDate,
}

/// A unit adopting a counted model.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationItem {
    pub model_code: String,
    pub model_title: String,
    /// The unit that registered the model.
    pub from_unit: String,
    /// The unit that adopted it.
    pub unit_name: String,
    pub date: NaiveDate,
    pub note: String,
}

/// An active unit without a counted model in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitItem {
    pub code: String,
    pub name: String,
    /// The parent unit's name (empty for a root).
    pub parent: String,
}

/// Every list of the appendices. Text is as stored; renderers pass it through
/// [`printable`](crate::domain::text::printable).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Appendices {
    /// Field codes, the columns of [`Appendices::by_unit_field`]: the catalogue's, then any
    /// field a model names that the catalogue lacks.
    pub fields: Vec<String>,
    /// Units with at least one counted model, in Vietnamese order of their names.
    pub by_unit_field: Vec<UnitFieldRow>,
    /// Counted models by unit (Vietnamese order), then code.
    pub models: Vec<ModelItem>,
    /// Counted models whose outcome is recognised or outstanding (outstanding first).
    pub recognised: Vec<ModelItem>,
    /// By decision date, then decision number.
    pub awards: Vec<AwardItem>,
    /// By date, then model code.
    pub replications: Vec<ReplicationItem>,
    /// Active units without a counted model, in Vietnamese order.
    pub not_registered: Vec<UnitItem>,
}

/// The appendices of `period` as of `as_of`.
pub fn appendices(ds: &Dataset, period: &Period, as_of: NaiveDate) -> Appendices {
    let units: HashMap<Id, &crate::domain::Unit> = ds.units.iter().map(|u| (u.id, u)).collect();
    let unit_name = |id: Id| units.get(&id).map(|u| u.name.clone()).unwrap_or_default();
    let unit_code = |id: Id| units.get(&id).map(|u| u.code.clone()).unwrap_or_default();

    let of_period: HashMap<Id, &crate::domain::Model> = ds
        .models
        .iter()
        .filter(|m| m.period == period.code && m.registered_on <= as_of)
        .map(|m| (m.id, m))
        .collect();
    let mut counted: Vec<&crate::domain::Model> = of_period
        .values()
        .copied()
        .filter(|m| m.status.counted())
        .collect();
    counted.sort_by_cached_key(|m| (sort_key(&unit_name(m.unit)), m.unit, m.code.clone()));

    let mut fields: Vec<String> = ds.fields.iter().map(|f| f.code.clone()).collect();
    for m in &counted {
        if !fields.contains(&m.field) {
            fields.push(m.field.clone());
        }
    }

    let item = |m: &crate::domain::Model| ModelItem {
        code: m.code.clone(),
        kind: m.kind,
        title: m.title.clone(),
        person: m.person.clone(),
        position: m.position.clone(),
        unit_code: unit_code(m.unit),
        unit_name: unit_name(m.unit),
        field: m.field.clone(),
        registered_on: m.registered_on,
        step: m.step,
        outcome: m.outcome,
    };
    let models: Vec<ModelItem> = counted.iter().map(|m| item(m)).collect();

    // `counted` is in unit order, so each unit's models are together.
    let mut by_unit_field: Vec<UnitFieldRow> = vec![];
    let mut last_unit: Option<Id> = None;
    for m in &counted {
        if last_unit != Some(m.unit) {
            last_unit = Some(m.unit);
            by_unit_field.push(UnitFieldRow {
                unit_code: unit_code(m.unit),
                unit_name: unit_name(m.unit),
                by_field: vec![0; fields.len()],
                collective: 0,
                individual: 0,
            });
        }
        let row = by_unit_field.last_mut().expect("a row was just pushed");
        if let Some(i) = fields.iter().position(|f| *f == m.field) {
            row.by_field[i] += 1;
        }
        match m.kind {
            ModelKind::Collective => row.collective += 1,
            ModelKind::Individual => row.individual += 1,
        }
    }

    let mut recognised: Vec<ModelItem> = models
        .iter()
        .filter(|m| matches!(m.outcome, Outcome::Outstanding | Outcome::Recognized))
        .cloned()
        .collect();
    // Stable: within each outcome the unit order stays.
    recognised.sort_by_key(|m| m.outcome != Outcome::Outstanding);

    let mut awards: Vec<AwardItem> = ds
        .awards
        .iter()
        .filter(|a| a.decided_on <= as_of)
        .filter_map(|a| {
            let m = of_period.get(&a.model)?;
            Some(AwardItem {
                model_code: m.code.clone(),
                kind: m.kind,
                recipient: if m.kind == ModelKind::Individual && !m.person.is_empty() {
                    m.person.clone()
                } else {
                    unit_name(m.unit)
                },
                model_title: m.title.clone(),
                body: a.body.clone(),
                form: a.form.clone(),
                decision_no: a.decision_no.clone(),
                decided_on: a.decided_on,
            })
        })
        .collect();
    awards.sort_by(|a, b| {
        a.decided_on
            .cmp(&b.decided_on)
            .then_with(|| a.decision_no.cmp(&b.decision_no))
            .then_with(|| a.model_code.cmp(&b.model_code))
    });

    let counted_ids: BTreeSet<Id> = counted.iter().map(|m| m.id).collect();
    let mut replications: Vec<ReplicationItem> = ds
        .replications
        .iter()
        .filter(|r| r.date <= as_of && counted_ids.contains(&r.model))
        .filter_map(|r| {
            let m = of_period.get(&r.model)?;
            Some(ReplicationItem {
                model_code: m.code.clone(),
                model_title: m.title.clone(),
                from_unit: unit_name(m.unit),
                unit_name: unit_name(r.unit),
                date: r.date,
                note: r.note.clone(),
            })
        })
        .collect();
    replications.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.model_code.cmp(&b.model_code))
    });

    let registered: BTreeSet<Id> = counted.iter().map(|m| m.unit).collect();
    let mut not_registered: Vec<UnitItem> = ds
        .units
        .iter()
        .filter(|u| u.active && !registered.contains(&u.id))
        .map(|u| UnitItem {
            code: u.code.clone(),
            name: u.name.clone(),
            parent: u.parent.map(unit_name).unwrap_or_default(),
        })
        .collect();
    not_registered.sort_by_cached_key(|u| (sort_key(&u.name), u.code.clone()));

    Appendices {
        fields,
        by_unit_field,
        models,
        recognised,
        awards,
        replications,
        not_registered,
    }
}
