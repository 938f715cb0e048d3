//! Import of CSV batches: all rows or none. Every row is checked first (validation, codes
//! resolved against the database and the file itself, duplicates), every problem collected
//! with its line and CSV column; only a batch without problems is written, in one
//! transaction with ONE audit entry listing what was created.
//!
//! Imports are idempotent (CONTRACT.md): a row equal to a record already stored is skipped
//! and counted — a unit or model with the same code and content, a check-in of the same
//! model, date and kind, an award of the same model, body, form and decision, a replication
//! of the same model, unit and date, a period, field or form with the same code and content.
//! So the same file imported twice changes nothing the second time (no audit entry either).

use std::collections::HashMap;

use super::T;
use super::keys;
use super::tx::Tx;
use super::writes::{self, Catalogue, json};
use crate::api::*;
use crate::domain::text::name_key;
use crate::domain::validate::{self, FieldError};
use crate::domain::workflow;
use crate::domain::*;

const MAX_PROBLEMS: usize = 50;

#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
    more: u64,
}

impl Problems {
    fn add(&mut self, line: u64, field: &str, msg: Msg) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem {
                line: Some(line),
                field: field.into(),
                msg,
            });
        } else {
            self.more += 1;
        }
    }
    fn fields(&mut self, line: u64, errs: Vec<FieldError>) {
        for e in errs {
            self.add(line, &e.field, e.msg);
        }
    }
    fn finish(mut self) -> ApiResult<()> {
        if self.list.is_empty() {
            return Ok(());
        }
        if self.more > 0 {
            self.list.push(Problem {
                line: None,
                field: String::new(),
                msg: Msg::MoreProblems { count: self.more },
            });
        }
        Err(ApiError::Invalid(self.list))
    }
}

/// Remember the first line of each key; a repeat is a problem naming that line.
fn first_line<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, u64>,
    key: K,
    line: u64,
) -> Option<u64> {
    match seen.get(&key) {
        Some(l) => Some(*l),
        None => {
            seen.insert(key, line);
            None
        }
    }
}

/// Models referenced by code, looked up once per code.
struct ModelCache(HashMap<String, Option<(Model, u8)>>);

impl ModelCache {
    fn get(&mut self, tx: &Tx, code: &str) -> ApiResult<Option<(Model, u8)>> {
        if let Some(v) = self.0.get(code) {
            return Ok(v.clone());
        }
        let v = match writes::model_id(tx, code.trim())? {
            Some(id) => match tx.model(id)? {
                Some(m) => {
                    let steps = writes::period(tx, &m.period)?.map_or(5, |p| p.steps.len() as u8);
                    Some((m, steps))
                }
                None => None,
            },
            None => None,
        };
        self.0.insert(code.to_string(), v.clone());
        Ok(v)
    }

    /// The model a row names, or a problem at that row's `model_code`.
    fn find(
        &mut self,
        tx: &Tx,
        p: &mut Problems,
        line: u64,
        code: &str,
    ) -> ApiResult<Option<(Model, u8)>> {
        let found = self.get(tx, code)?;
        if found.is_none() {
            p.add(
                line,
                "model_code",
                Msg::UnknownModel {
                    code: text::printable(code.trim()),
                },
            );
        }
        Ok(found)
    }
}

/// What an import did: rows of the batch, and of those, rows skipped as already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub rows: u64,
    pub skipped: u64,
}

/// What one kind's import wrote: records created (for the audit entry and undo) and rows
/// skipped as equal to a stored record.
struct Done {
    created: Vec<RecordRef>,
    skipped: u64,
}

pub fn import(tx: &mut Tx, user: &str, batch: ImportBatch) -> ApiResult<Counts> {
    let rows = batch.len() as u64;
    let (file, done) = match batch {
        ImportBatch::Units(v) => ("units", units(tx, v)?),
        ImportBatch::Models(v) => ("models", models(tx, user, v)?),
        ImportBatch::CheckIns(v) => ("checkins", checkins(tx, v)?),
        ImportBatch::Awards(v) => ("awards", awards(tx, v)?),
        ImportBatch::Replications(v) => ("replications", replications(tx, v)?),
        ImportBatch::Periods(v) => ("periods", periods(tx, v)?),
        ImportBatch::Fields(v) => ("fields", fields(tx, v)?),
        ImportBatch::Forms(v) => ("forms", forms(tx, v)?),
        ImportBatch::Reviews(v) => ("reviews", reviews(tx, v)?),
    };
    // A batch of rows all already stored writes nothing, not even an audit entry.
    if done.skipped < rows {
        tx.audit(
            user,
            Action::Import,
            RecordRef::Import {
                file: file.into(),
                rows,
            },
            None,
            Some(json(&done.created)),
        )?;
    }
    Ok(Counts {
        rows,
        skipped: done.skipped,
    })
}

/// The code of a stored unit, for comparing a row's `parent_code` with it.
fn unit_code(tx: &Tx, id: Id) -> ApiResult<Option<String>> {
    Ok(tx.get::<Unit>(T::Units, &keys::id(id))?.map(|u| u.code))
}

fn units(tx: &mut Tx, rows: Vec<UnitImport>) -> ApiResult<Done> {
    let mut p = Problems::default();
    let mut seen = HashMap::new();
    let mut ok = vec![];
    let mut skipped = 0;
    for mut r in rows {
        r.unit.id = 0;
        r.unit.parent = None;
        if let Err(e) = validate::unit(&mut r.unit) {
            p.fields(r.line, e);
        }
        let code = r.unit.code.clone();
        if !code.is_empty() {
            if let Some(l) = first_line(&mut seen, code.clone(), r.line) {
                p.add(
                    r.line,
                    "code",
                    Msg::DuplicateInFile {
                        code: code.clone(),
                        line: l,
                    },
                );
            } else if let Some(id) = writes::unit_id(tx, &code)? {
                if same_unit(tx, id, &r)? {
                    skipped += 1;
                    continue;
                }
                p.add(r.line, "code", Msg::DuplicateCode { code: code.clone() });
            }
        }
        ok.push(r);
    }
    // Ids first, so that a parent may come later in the file than its children.
    let mut ids: HashMap<String, Id> = HashMap::new();
    for r in &mut ok {
        r.unit.id = tx.alloc_id("unit")?;
        ids.entry(r.unit.code.clone()).or_insert(r.unit.id);
    }
    let mut parents: HashMap<Id, Option<Id>> = HashMap::new();
    for r in &mut ok {
        if let Some(pc) = r
            .parent_code
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match ids
                .get(pc)
                .copied()
                .map(Some)
                .unwrap_or(writes::unit_id(tx, pc)?)
            {
                Some(pid) => r.unit.parent = Some(pid),
                None => p.add(
                    r.line,
                    "parent_code",
                    Msg::UnknownUnit {
                        code: text::printable(pc),
                    },
                ),
            }
        }
        parents.insert(r.unit.id, r.unit.parent);
    }
    for r in &ok {
        if r.unit.parent.is_some()
            && writes::makes_cycle(tx, r.unit.id, r.unit.parent, &|id| {
                parents.get(&id).copied()
            })?
        {
            p.add(
                r.line,
                "parent_code",
                Msg::ParentCycle {
                    code: r.parent_code.clone().unwrap_or_default(),
                },
            );
        }
    }
    p.finish()?;
    let mut created = vec![];
    for mut r in ok {
        r.unit.rev = 1;
        tx.put_unit(None, Some(&r.unit));
        created.push(RecordRef::Unit(r.unit.id));
    }
    Ok(Done { created, skipped })
}

/// The stored unit `id` has the row's content: name, kind, active and parent.
fn same_unit(tx: &Tx, id: Id, r: &UnitImport) -> ApiResult<bool> {
    let Some(u) = tx.get::<Unit>(T::Units, &keys::id(id))? else {
        return Ok(false);
    };
    let parent = match u.parent {
        Some(p) => unit_code(tx, p)?,
        None => None,
    };
    let row_parent = r
        .parent_code
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    Ok(u.name == r.unit.name
        && u.kind == r.unit.kind
        && u.active == r.unit.active
        && parent.as_deref() == row_parent)
}

fn models(tx: &mut Tx, user: &str, rows: Vec<ModelImport>) -> ApiResult<Done> {
    let cat = Catalogue::load(tx)?;
    let mut p = Problems::default();
    let mut seen = HashMap::new();
    let mut units: HashMap<String, Option<Id>> = HashMap::new();
    let mut new_periods: HashMap<String, Period> = HashMap::new();
    let mut ok = Vec::with_capacity(rows.len());
    let mut skipped = 0;
    for mut r in rows {
        r.model.id = 0;
        let (mut errs, per) = writes::check_model(tx, &mut r.model, &cat)?;
        // A file carries a state: any, as long as it is one the workflow can reach.
        if let Err(e) = workflow::consistent(&r.model) {
            errs.push(e);
        }
        // The only problem is that the code is taken: by this very model, the row is skipped.
        if errs.len() == 1
            && matches!(errs[0].msg, Msg::DuplicateCode { .. })
            && !seen.contains_key(&r.model.code)
            && same_model(tx, &r)?
        {
            seen.insert(r.model.code.clone(), r.line);
            skipped += 1;
            continue;
        }
        p.fields(r.line, errs);
        if let Some((per, true)) = per {
            new_periods.entry(per.code.clone()).or_insert(per);
        }
        let code = r.model.code.clone();
        if !code.is_empty()
            && let Some(l) = first_line(&mut seen, code.clone(), r.line)
        {
            p.add(r.line, "code", Msg::DuplicateInFile { code, line: l });
        }
        let uc = r.unit_code.trim().to_string();
        let unit = match units.get(&uc) {
            Some(u) => *u,
            None => {
                let u = writes::unit_id(tx, &uc)?;
                units.insert(uc.clone(), u);
                u
            }
        };
        match unit {
            Some(u) => r.model.unit = u,
            None => p.add(
                r.line,
                "unit_code",
                Msg::UnknownUnit {
                    code: text::printable(&uc),
                },
            ),
        }
        ok.push(r);
    }
    p.finish()?;
    let mut created = vec![];
    let mut pers: Vec<_> = new_periods.into_values().collect();
    pers.sort_by(|a, b| a.code.cmp(&b.code));
    for per in pers {
        tx.put_rec(T::Periods, per.code.as_bytes().to_vec(), &per);
        tx.audit(
            user,
            Action::Create,
            RecordRef::Period(per.code.clone()),
            None,
            Some(json(&per)),
        )?;
    }
    for mut r in ok {
        r.model.id = tx.alloc_id("model")?;
        r.model.rev = 1;
        tx.put_model(None, Some(&r.model))?;
        created.push(RecordRef::Model(r.model.id));
    }
    Ok(Done { created, skipped })
}

/// The model stored under the row's code has the row's content, every field but its id and
/// revision (the row's unit is read from `unit_code`).
fn same_model(tx: &Tx, r: &ModelImport) -> ApiResult<bool> {
    let Some(id) = writes::model_id(tx, &r.model.code)? else {
        return Ok(false);
    };
    let Some(stored) = tx.model(id)? else {
        return Ok(false);
    };
    let Some(unit) = writes::unit_id(tx, r.unit_code.trim())? else {
        return Ok(false);
    };
    let row = Model {
        id: stored.id,
        rev: stored.rev,
        unit,
        ..r.model.clone()
    };
    Ok(row == stored)
}

fn checkins(tx: &mut Tx, rows: Vec<CheckInImport>) -> ApiResult<Done> {
    let today = writes::today();
    let mut p = Problems::default();
    let mut cache = ModelCache(HashMap::new());
    let mut seen = HashMap::new();
    let mut ok = Vec::with_capacity(rows.len());
    let mut skipped = 0;
    for mut r in rows {
        r.checkin.id = 0;
        let Some((m, steps)) = cache.find(tx, &mut p, r.line, &r.model_code)? else {
            continue;
        };
        r.checkin.model = m.id;
        if let Err(e) = validate::checkin(
            &mut r.checkin,
            m.registered_on,
            m.criteria.len(),
            steps,
            Some(today),
        ) {
            p.fields(r.line, e);
            continue;
        }
        let c = &r.checkin;
        if let Some(l) = first_line(&mut seen, (m.id, c.date, c.kind), r.line) {
            p.add(
                r.line,
                "date",
                Msg::DuplicateInFile {
                    code: m.code.clone(),
                    line: l,
                },
            );
        } else if checkin_exists(tx, c)? {
            skipped += 1;
            continue;
        }
        ok.push(r);
    }
    p.finish()?;
    let mut created = vec![];
    for mut r in ok {
        r.checkin.id = tx.alloc_id("checkin")?;
        r.checkin.rev = 1;
        tx.put_checkin(None, Some(&r.checkin))?;
        created.push(RecordRef::CheckIn(r.checkin.id));
    }
    Ok(Done { created, skipped })
}

/// Same model, date and kind: the same check-in entered twice.
fn checkin_exists(tx: &Tx, c: &CheckIn) -> ApiResult<bool> {
    Ok(tx
        .checkins_of(c.model)?
        .iter()
        .any(|o| o.date == c.date && o.kind == c.kind))
}

fn awards(tx: &mut Tx, rows: Vec<AwardImport>) -> ApiResult<Done> {
    let today = writes::today();
    let mut cat = Catalogue::load(tx)?;
    let mut p = Problems::default();
    let mut cache = ModelCache(HashMap::new());
    let mut seen = HashMap::new();
    let mut ok = Vec::with_capacity(rows.len());
    let mut skipped = 0;
    for mut r in rows {
        r.award.id = 0;
        let Some((m, _)) = cache.find(tx, &mut p, r.line, &r.model_code)? else {
            continue;
        };
        r.award.model = m.id;
        let errs = writes::check_award(tx, &mut r.award, m.registered_on, today, &mut cat);
        if !errs.is_empty() {
            p.fields(r.line, errs);
            continue;
        }
        let a = &r.award;
        if let Some(l) = first_line(&mut seen, (m.id, name_key(&a.decision_no)), r.line) {
            p.add(
                r.line,
                "decision_no",
                Msg::DuplicateInFile {
                    code: a.decision_no.clone(),
                    line: l,
                },
            );
        } else if writes::award_exists(tx, a)? {
            if same_award_stored(tx, a)? {
                skipped += 1;
                continue;
            }
            p.add(r.line, "decision_no", Msg::DuplicateRecord);
        }
        ok.push(r);
    }
    p.finish()?;
    let mut created = vec![];
    for mut r in ok {
        r.award.id = tx.alloc_id("award")?;
        r.award.rev = 1;
        tx.put_award(None, Some(&r.award))?;
        created.push(RecordRef::Award(r.award.id));
    }
    Ok(Done { created, skipped })
}

/// An award of the same model with the same decision, body and form is stored.
fn same_award_stored(tx: &Tx, a: &Award) -> ApiResult<bool> {
    for k in tx.scan_keys(T::AwardsByModel, &keys::id(a.model))? {
        if let Some(o) = tx.get::<Award>(T::Awards, &k[8..])?
            && name_key(&o.decision_no) == name_key(&a.decision_no)
            && name_key(&o.body) == name_key(&a.body)
            && o.form == a.form
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A replication of the same model by the same unit on the same date is stored.
fn replication_exists(tx: &Tx, r: &Replication) -> ApiResult<bool> {
    for k in tx.scan_keys(T::ReplsByModel, &keys::id(r.model))? {
        if let Some(o) = tx.get::<Replication>(T::Replications, &k[8..])?
            && o.unit == r.unit
            && o.date == r.date
        {
            return Ok(true);
        }
    }
    Ok(false)
}

fn replications(tx: &mut Tx, rows: Vec<ReplicationImport>) -> ApiResult<Done> {
    let mut p = Problems::default();
    let mut cache = ModelCache(HashMap::new());
    let mut ok = Vec::with_capacity(rows.len());
    let mut skipped = 0;
    for mut r in rows {
        r.replication.id = 0;
        let Some((m, _)) = cache.find(tx, &mut p, r.line, &r.model_code)? else {
            continue;
        };
        r.replication.model = m.id;
        match writes::unit_id(tx, r.unit_code.trim())? {
            Some(u) => {
                r.replication.unit = u;
                if replication_exists(tx, &r.replication)? {
                    skipped += 1;
                    continue;
                }
            }
            None => p.add(
                r.line,
                "unit_code",
                Msg::UnknownUnit {
                    code: text::printable(r.unit_code.trim()),
                },
            ),
        }
        if let Err(e) = validate::replication(&mut r.replication, m.registered_on) {
            p.fields(r.line, e);
        }
        ok.push(r);
    }
    p.finish()?;
    let mut created = vec![];
    for mut r in ok {
        r.replication.id = tx.alloc_id("replication")?;
        r.replication.rev = 1;
        tx.put_replication(None, Some(&r.replication))?;
        created.push(RecordRef::Replication(r.replication.id));
    }
    Ok(Done { created, skipped })
}

// Catalogue rows replace the entry with the same code or add one; only additions are listed
// as created (an undo removes those).

fn periods(tx: &mut Tx, rows: Vec<Row<Period>>) -> ApiResult<Done> {
    let mut p = Problems::default();
    let mut seen = HashMap::new();
    let mut ok = vec![];
    for mut r in rows {
        if let Err(e) = validate::period(&mut r.record) {
            p.fields(r.line, e);
        } else if let Some(l) = first_line(&mut seen, r.record.code.clone(), r.line) {
            p.add(
                r.line,
                "code",
                Msg::DuplicateInFile {
                    code: r.record.code.clone(),
                    line: l,
                },
            );
        }
        ok.push(r);
    }
    p.finish()?;
    let mut created = vec![];
    let mut skipped = 0;
    for mut r in ok {
        let stored = writes::period(tx, &r.record.code)?;
        if let Some(old) = &stored {
            r.record.reviews = kept_reviews(&old.reviews, r.record.final_review());
        }
        match stored {
            Some(old) if old == r.record => {
                skipped += 1;
                continue;
            }
            Some(_) => {}
            None => created.push(RecordRef::Period(r.record.code.clone())),
        }
        tx.put_rec(T::Periods, r.record.code.as_bytes().to_vec(), &r.record);
    }
    Ok(Done { created, skipped })
}

/// Each period named gets exactly the reviews of its rows (in date order); a period whose
/// reviews are already those is skipped, row by row.
fn reviews(tx: &mut Tx, rows: Vec<ReviewImport>) -> ApiResult<Done> {
    let mut p = Problems::default();
    let mut by_period: Vec<(Period, Vec<Review>, u64)> = vec![];
    let mut seen = HashMap::new();
    for mut r in rows {
        if let Err(e) = validate::review(&mut r.review) {
            p.fields(r.line, e);
        }
        let key = (r.period.clone(), r.review.kind, r.review.date);
        if let Some(l) = first_line(&mut seen, key, r.line) {
            p.add(
                r.line,
                "date",
                Msg::DuplicateInFile {
                    code: crate::domain::text::date_dmy(r.review.date),
                    line: l,
                },
            );
        }
        match by_period.iter_mut().find(|(per, ..)| per.code == r.period) {
            Some((_, list, n)) => {
                list.push(r.review);
                *n += 1;
            }
            None => match writes::period(tx, &r.period)? {
                Some(per) => by_period.push((per, vec![r.review], 1)),
                None => p.add(
                    r.line,
                    "period",
                    Msg::UnknownPeriod {
                        code: crate::domain::text::printable(&r.period),
                    },
                ),
            },
        }
    }
    p.finish()?;
    let mut skipped = 0;
    for (old, list, n) in by_period {
        let mut new = old.clone();
        new.reviews = list;
        new.sort_reviews();
        if new == old {
            skipped += n;
            continue;
        }
        tx.put_rec(T::Periods, new.code.as_bytes().to_vec(), &new);
    }
    Ok(Done {
        created: vec![],
        skipped,
    })
}

/// A period row carries at most the date of the final review (`final_review`): a stored
/// period keeps its reviews, the final one moved to that date (or added) when one is given.
fn kept_reviews(stored: &[Review], final_on: Option<chrono::NaiveDate>) -> Vec<Review> {
    let mut v = stored.to_vec();
    if let Some(d) = final_on
        && !v.iter().any(|r| r.kind == ReviewKind::Final && r.date == d)
    {
        match v.iter_mut().rev().find(|r| r.kind == ReviewKind::Final) {
            Some(r) => r.date = d,
            None => v.push(Review::final_on(d)),
        }
    }
    v.sort_by(|a, b| {
        (a.date, a.kind, &a.title, &a.doc_no).cmp(&(b.date, b.kind, &b.title, &b.doc_no))
    });
    v
}

fn coded_rows<R: super::records::Envelope + Clone + PartialEq>(
    tx: &mut Tx,
    t: T,
    rows: Vec<Row<R>>,
    check: fn(&mut R) -> Result<(), Vec<FieldError>>,
    code: fn(&R) -> &str,
    make_ref: fn(String) -> RecordRef,
) -> ApiResult<Done> {
    let mut p = Problems::default();
    let mut seen = HashMap::new();
    let mut ok = vec![];
    for mut r in rows {
        if let Err(e) = check(&mut r.record) {
            p.fields(r.line, e);
        } else if let Some(l) = first_line(&mut seen, code(&r.record).to_string(), r.line) {
            p.add(
                r.line,
                "code",
                Msg::DuplicateInFile {
                    code: code(&r.record).to_string(),
                    line: l,
                },
            );
        }
        ok.push(r);
    }
    p.finish()?;
    let mut created = vec![];
    let mut skipped = 0;
    for r in ok {
        let (pos, old) = writes::find_coded::<R>(tx, t, code(&r.record), code)?;
        match old {
            Some(o) if o == r.record => {
                skipped += 1;
                continue;
            }
            Some(_) => {}
            None => created.push(make_ref(code(&r.record).to_string())),
        }
        tx.put_rec(t, keys::pos(pos).to_vec(), &r.record);
    }
    Ok(Done { created, skipped })
}

fn fields(tx: &mut Tx, rows: Vec<Row<FieldDef>>) -> ApiResult<Done> {
    coded_rows(
        tx,
        T::Fields,
        rows,
        validate::field_def,
        |f| &f.code,
        RecordRef::Field,
    )
}

fn forms(tx: &mut Tx, rows: Vec<Row<AwardForm>>) -> ApiResult<Done> {
    coded_rows(
        tx,
        T::Forms,
        rows,
        validate::award_form,
        |f| &f.code,
        RecordRef::Form,
    )
}
