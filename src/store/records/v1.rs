//! The shapes records had before a change, kept to read values written then. Never change
//! these: they describe bytes already on disk and in backup files.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::api::Dataset;
use crate::domain::*;

/// A period before reviews: only the date of its final review conference.
#[derive(Deserialize)]
pub struct PeriodV1 {
    pub code: String,
    pub start_year: u16,
    pub end_year: u16,
    pub guidance: String,
    pub guidance_date: Option<NaiveDate>,
    pub steps: Vec<StepDef>,
    pub checkin_interval_days: u32,
    pub final_review: Option<NaiveDate>,
}

impl From<PeriodV1> for Period {
    fn from(p: PeriodV1) -> Period {
        Period {
            code: p.code,
            start_year: p.start_year,
            end_year: p.end_year,
            guidance: p.guidance,
            guidance_date: p.guidance_date,
            steps: p.steps,
            checkin_interval_days: p.checkin_interval_days,
            reviews: p.final_review.map(Review::final_on).into_iter().collect(),
        }
    }
}

/// A model before its outcome had a date and a decision number.
#[derive(Deserialize)]
pub struct ModelV1 {
    pub id: Id,
    pub code: String,
    pub unit: Id,
    pub kind: ModelKind,
    pub title: String,
    pub person: String,
    pub position: String,
    pub leader: String,
    pub field: String,
    pub period: String,
    pub registered_on: NaiveDate,
    pub status: RegStatus,
    pub step: u8,
    pub outcome: Outcome,
    pub summary: String,
    pub registration: Registration,
    pub criteria: Vec<Criterion>,
    pub rev: u64,
}

impl From<ModelV1> for Model {
    fn from(m: ModelV1) -> Model {
        Model {
            id: m.id,
            code: m.code,
            unit: m.unit,
            kind: m.kind,
            title: m.title,
            person: m.person,
            position: m.position,
            leader: m.leader,
            field: m.field,
            period: m.period,
            registered_on: m.registered_on,
            status: m.status,
            step: m.step,
            outcome: m.outcome,
            summary: m.summary,
            registration: m.registration,
            criteria: m.criteria,
            rev: m.rev,
            outcome_on: None,
            outcome_decision: String::new(),
        }
    }
}

/// A whole dataset (backup files, `Load`) of those shapes.
#[derive(Deserialize)]
pub struct DatasetV1 {
    pub periods: Vec<PeriodV1>,
    pub fields: Vec<FieldDef>,
    pub forms: Vec<AwardForm>,
    pub bodies: Vec<Body>,
    pub units: Vec<Unit>,
    pub models: Vec<ModelV1>,
    pub checkins: Vec<CheckIn>,
    pub awards: Vec<Award>,
    pub replications: Vec<Replication>,
    pub audit: Vec<AuditEntry>,
}

impl From<DatasetV1> for Dataset {
    fn from(d: DatasetV1) -> Dataset {
        Dataset {
            periods: d.periods.into_iter().map(Period::from).collect(),
            fields: d.fields,
            forms: d.forms,
            bodies: d.bodies,
            units: d.units,
            models: d.models.into_iter().map(Model::from).collect(),
            checkins: d.checkins,
            awards: d.awards,
            replications: d.replications,
            audit: d.audit,
        }
    }
}
