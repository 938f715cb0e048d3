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

/// What a row referring to a model needs of it.
#[derive(Clone)]
struct Brief {
    id: Id,
    code: String,
    registered_on: chrono::NaiveDate,
    criteria: usize,
    steps: u8,
}

/// Models referenced by code, looked up once per code in a part of a file.
struct ModelCache(HashMap<String, Option<Brief>>);

impl ModelCache {
    fn get(&mut self, tx: &Tx, code: &str) -> ApiResult<Option<Brief>> {
        if let Some(v) = self.0.get(code) {
            return Ok(v.clone());
        }
        let v = match writes::model_id(tx, code.trim())? {
            Some(id) => match tx.model(id)? {
                Some(m) => {
                    let steps = writes::period(tx, &m.period)?.map_or(5, |p| p.steps.len() as u8);
                    Some(Brief {
                        id: m.id,
                        code: m.code,
                        registered_on: m.registered_on,
                        criteria: m.criteria.len(),
                        steps,
                    })
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
    ) -> ApiResult<Option<Brief>> {
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

/// How a part of a file is taken: checked (its keys remembered for the parts after it),
/// written (checked again against the database, which already holds the parts before it),
/// or both at once for a file taken whole.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Check,
    Write,
    Whole,
}

impl Pass {
    /// Rows are compared with the file's earlier rows (the written pass relies on the check).
    fn tracks(self) -> bool {
        self != Pass::Write
    }
    fn writes(self) -> bool {
        self != Pass::Check
    }
}

/// What an import carries from one part of its file to the next: the problems so far, the
/// keys of the earlier rows — compact, not the rows — and what was skipped and created.
#[derive(Default)]
pub(crate) struct State {
    p: Problems,
    /// Model codes → first line.
    codes: HashMap<Box<str>, u64>,
    /// Check-ins (model, date, kind) → first line.
    checkins: CheckInKeys,
    /// Awards (model, decision) → first line.
    awards: HashMap<(Id, Box<str>), u64>,
    skipped: u64,
    created: Vec<RecordRef>,
    rows: u64,
}

/// (model, date, kind) of the check-ins already read, packed into one number each while the
/// model's id and the date fit (they always do in practice), else kept whole.
#[derive(Default)]
struct CheckInKeys {
    packed: HashMap<u64, u64>,
    wide: HashMap<(Id, chrono::NaiveDate, CheckInKind), u64>,
}

impl CheckInKeys {
    fn first_line(
        &mut self,
        id: Id,
        date: chrono::NaiveDate,
        kind: CheckInKind,
        line: u64,
    ) -> Option<u64> {
        let days = chrono::Datelike::num_days_from_ce(&date);
        if id < (1 << 39) && (0..1 << 22).contains(&days) {
            let key = (id << 25) | ((days as u64) << 3) | kind as u64;
            first_line(&mut self.packed, key, line)
        } else {
            first_line(&mut self.wide, (id, date, kind), line)
        }
    }
}

/// The kinds whose files are taken part by part; the others (units and the catalogues, small
/// files whose rows refer to each other) are taken whole.
pub(crate) fn streamed(b: &ImportBatch) -> bool {
    matches!(
        b,
        ImportBatch::Models(_)
            | ImportBatch::CheckIns(_)
            | ImportBatch::Awards(_)
            | ImportBatch::Replications(_)
    )
}

/// The name of the file kind in the import's audit entry.
fn file_of(b: &ImportBatch) -> &'static str {
    match b {
        ImportBatch::Units(_) => "units",
        ImportBatch::Models(_) => "models",
        ImportBatch::CheckIns(_) => "checkins",
        ImportBatch::Awards(_) => "awards",
        ImportBatch::Replications(_) => "replications",
        ImportBatch::Periods(_) => "periods",
        ImportBatch::Fields(_) => "fields",
        ImportBatch::Forms(_) => "forms",
        ImportBatch::Reviews(_) => "reviews",
    }
}

/// Take one part of a file of a streamed kind.
fn part(tx: &mut Tx, user: &str, st: &mut State, batch: ImportBatch, pass: Pass) -> ApiResult<()> {
    st.rows += batch.len() as u64;
    match batch {
        ImportBatch::Models(v) => models(tx, user, st, v, pass),
        ImportBatch::CheckIns(v) => checkins(tx, st, v, pass),
        ImportBatch::Awards(v) => awards(tx, st, v, pass),
        ImportBatch::Replications(v) => replications(tx, st, v, pass),
        _ => Err(crate::domain::Msg::Other("not a streamed import".into()).into()),
    }
}

/// Before a pass writes: a problem anywhere refuses the whole file.
fn refuse(st: &mut State) -> ApiResult<()> {
    std::mem::take(&mut st.p).finish()
}

/// The import's one audit entry, listing what it created (undo removes those), unless every
/// row was already stored.
fn audit_import(tx: &mut Tx, user: &str, file: &str, rows: u64, done: &Done) -> ApiResult<()> {
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
    Ok(())
}

pub fn import(tx: &mut Tx, user: &str, batch: ImportBatch) -> ApiResult<Counts> {
    let rows = batch.len() as u64;
    let file = file_of(&batch);
    let done = if streamed(&batch) {
        let mut st = State::default();
        part(tx, user, &mut st, batch, Pass::Whole)?;
        Done {
            created: st.created,
            skipped: st.skipped,
        }
    } else {
        match batch {
            ImportBatch::Units(v) => units(tx, v)?,
            ImportBatch::Periods(v) => periods(tx, v)?,
            ImportBatch::Fields(v) => fields(tx, v)?,
            ImportBatch::Forms(v) => forms(tx, v)?,
            ImportBatch::Reviews(v) => reviews(tx, v)?,
            _ => unreachable!("streamed kinds are taken above"),
        }
    };
    audit_import(tx, user, file, rows, &done)?;
    Ok(Counts {
        rows,
        skipped: done.skipped,
    })
}

/// Import a file that arrived in parts (`parts` reads them again from the start each time it
/// is called): every part is checked first, against the database and the parts before it,
/// and only a file without problems is written — part by part, each part's writes applied
/// as it comes with an undo log ([`super::rollback`]) that puts everything back if the import
/// does not finish. The writer lock is held throughout.
pub(crate) fn import_parts<'p>(
    s: &super::Store,
    user: &str,
    parts: &dyn Fn() -> ApiResult<Box<dyn Iterator<Item = ApiResult<ImportBatch>> + 'p>>,
    dry_run: bool,
) -> ApiResult<Counts> {
    let mut first = None;
    let mut st = State::default();
    for b in parts()? {
        let b = b?;
        if !streamed(&b) {
            // Units and catalogues: small files, taken whole.
            let mut whole = b;
            for more in parts()?.skip(1) {
                append(&mut whole, more?)?;
            }
            let mut tx = Tx::new(s);
            let n = import(&mut tx, user, whole)?;
            if !dry_run {
                tx.commit()?;
            }
            return Ok(n);
        }
        first.get_or_insert(file_of(&b));
        let mut tx = Tx::new(s);
        part(&mut tx, user, &mut st, b, Pass::Check)?;
    }
    refuse(&mut st)?;
    let (rows, skipped) = (st.rows, st.skipped);
    let Some(file) = first else {
        return Ok(Counts {
            rows: 0,
            skipped: 0,
        });
    };
    if dry_run || skipped == rows {
        return Ok(Counts { rows, skipped });
    }
    drop(st);
    // Nobody reads the database half imported.
    let _readers_wait = s.gate.write().unwrap_or_else(|e| e.into_inner());
    let mut log = super::rollback::Rollback::begin(s)?;
    let written = (|| {
        let mut st = State::default();
        for (i, b) in parts()?.enumerate() {
            #[cfg(test)]
            if i == s
                .fail_import_after_parts
                .load(std::sync::atomic::Ordering::SeqCst)
            {
                return Err(crate::domain::Msg::Other("import stopped (test)".into()).into());
            }
            let _ = i;
            let mut tx = Tx::new(s);
            part(&mut tx, user, &mut st, b?, Pass::Write)?;
            tx.commit_part(&mut log)?;
        }
        let mut tx = Tx::new(s);
        let done = Done {
            created: std::mem::take(&mut st.created),
            skipped: st.skipped,
        };
        audit_import(&mut tx, user, file, rows, &done)?;
        drop(done);
        tx.commit_part(&mut log)
    })();
    match written {
        Ok(()) => log.finish(s)?,
        Err(e) => {
            #[cfg(test)]
            if s.keep_import_log.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(e);
            }
            // Put back what was written; a store halted by a failed write does it when it
            // is opened again.
            if !s.is_halted() {
                drop(log);
                super::rollback::replay(s)?;
            }
            return Err(e);
        }
    }
    Ok(Counts { rows, skipped })
}

/// Add the rows of `more` to `into`, both of one kind.
fn append(into: &mut ImportBatch, more: ImportBatch) -> ApiResult<()> {
    use ImportBatch as B;
    match (into, more) {
        (B::Units(a), B::Units(b)) => a.extend(b),
        (B::Periods(a), B::Periods(b)) => a.extend(b),
        (B::Fields(a), B::Fields(b)) => a.extend(b),
        (B::Forms(a), B::Forms(b)) => a.extend(b),
        (B::Reviews(a), B::Reviews(b)) => a.extend(b),
        (B::Models(a), B::Models(b)) => a.extend(b),
        (B::CheckIns(a), B::CheckIns(b)) => a.extend(b),
        (B::Awards(a), B::Awards(b)) => a.extend(b),
        (B::Replications(a), B::Replications(b)) => a.extend(b),
        _ => return Err(crate::domain::Msg::ImportStreamBroken.into()),
    }
    Ok(())
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

fn models(
    tx: &mut Tx,
    user: &str,
    st: &mut State,
    rows: Vec<ModelImport>,
    pass: Pass,
) -> ApiResult<()> {
    let cat = Catalogue::load(tx)?;
    let p = &mut st.p;
    let seen = &mut st.codes;
    let mut units: HashMap<String, Option<Id>> = HashMap::new();
    let mut new_periods: HashMap<String, Period> = HashMap::new();
    let mut ok = Vec::with_capacity(if pass.writes() { rows.len() } else { 0 });
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
            && !seen.contains_key(r.model.code.as_str())
            && same_model(tx, &r)?
        {
            if pass.tracks() {
                seen.insert(r.model.code.as_str().into(), r.line);
            }
            st.skipped += 1;
            continue;
        }
        p.fields(r.line, errs);
        if let Some((per, true)) = per {
            new_periods.entry(per.code.clone()).or_insert(per);
        }
        let code = r.model.code.clone();
        if pass.tracks()
            && !code.is_empty()
            && let Some(l) = first_line(seen, code.as_str().into(), r.line)
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
        if pass.writes() {
            ok.push(r);
        }
    }
    if !pass.writes() {
        return Ok(());
    }
    refuse(st)?;
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
        st.created.push(RecordRef::Model(r.model.id));
    }
    Ok(())
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

fn checkins(tx: &mut Tx, st: &mut State, rows: Vec<CheckInImport>, pass: Pass) -> ApiResult<()> {
    let today = writes::today();
    let mut cache = ModelCache(HashMap::new());
    let mut ok = Vec::with_capacity(if pass.writes() { rows.len() } else { 0 });
    for mut r in rows {
        r.checkin.id = 0;
        let Some(m) = cache.find(tx, &mut st.p, r.line, &r.model_code)? else {
            continue;
        };
        r.checkin.model = m.id;
        if let Err(e) = validate::checkin(
            &mut r.checkin,
            m.registered_on,
            m.criteria,
            m.steps,
            Some(today),
        ) {
            st.p.fields(r.line, e);
            continue;
        }
        let c = &r.checkin;
        let earlier = match pass.tracks() {
            true => st.checkins.first_line(m.id, c.date, c.kind, r.line),
            false => None,
        };
        if let Some(l) = earlier {
            st.p.add(
                r.line,
                "date",
                Msg::DuplicateInFile {
                    code: m.code.clone(),
                    line: l,
                },
            );
        } else if checkin_exists(tx, c)? {
            st.skipped += 1;
            continue;
        }
        if pass.writes() {
            ok.push(r);
        }
    }
    if !pass.writes() {
        return Ok(());
    }
    refuse(st)?;
    for mut r in ok {
        r.checkin.id = tx.alloc_id("checkin")?;
        r.checkin.rev = 1;
        tx.put_checkin(None, Some(&r.checkin))?;
        st.created.push(RecordRef::CheckIn(r.checkin.id));
    }
    Ok(())
}

/// Same model, date and kind: the same check-in entered twice.
fn checkin_exists(tx: &Tx, c: &CheckIn) -> ApiResult<bool> {
    Ok(tx
        .checkins_of(c.model)?
        .iter()
        .any(|o| o.date == c.date && o.kind == c.kind))
}

fn awards(tx: &mut Tx, st: &mut State, rows: Vec<AwardImport>, pass: Pass) -> ApiResult<()> {
    let today = writes::today();
    let mut cat = Catalogue::load(tx)?;
    let mut cache = ModelCache(HashMap::new());
    let mut ok = Vec::with_capacity(if pass.writes() { rows.len() } else { 0 });
    for mut r in rows {
        r.award.id = 0;
        let Some(m) = cache.find(tx, &mut st.p, r.line, &r.model_code)? else {
            continue;
        };
        r.award.model = m.id;
        let errs = writes::check_award(tx, &mut r.award, m.registered_on, today, &mut cat);
        if !errs.is_empty() {
            st.p.fields(r.line, errs);
            continue;
        }
        let a = &r.award;
        let earlier = match pass.tracks() {
            true => first_line(
                &mut st.awards,
                (m.id, name_key(&a.decision_no).into()),
                r.line,
            ),
            false => None,
        };
        if let Some(l) = earlier {
            st.p.add(
                r.line,
                "decision_no",
                Msg::DuplicateInFile {
                    code: a.decision_no.clone(),
                    line: l,
                },
            );
        } else if writes::award_exists(tx, a)? {
            if same_award_stored(tx, a)? {
                st.skipped += 1;
                continue;
            }
            st.p.add(r.line, "decision_no", Msg::DuplicateRecord);
        }
        if pass.writes() {
            ok.push(r);
        }
    }
    if !pass.writes() {
        return Ok(());
    }
    refuse(st)?;
    for mut r in ok {
        r.award.id = tx.alloc_id("award")?;
        r.award.rev = 1;
        tx.put_award(None, Some(&r.award))?;
        st.created.push(RecordRef::Award(r.award.id));
    }
    Ok(())
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

fn replications(
    tx: &mut Tx,
    st: &mut State,
    rows: Vec<ReplicationImport>,
    pass: Pass,
) -> ApiResult<()> {
    let mut cache = ModelCache(HashMap::new());
    let mut ok = Vec::with_capacity(if pass.writes() { rows.len() } else { 0 });
    for mut r in rows {
        r.replication.id = 0;
        let Some(m) = cache.find(tx, &mut st.p, r.line, &r.model_code)? else {
            continue;
        };
        r.replication.model = m.id;
        match writes::unit_id(tx, r.unit_code.trim())? {
            Some(u) => {
                r.replication.unit = u;
                if replication_exists(tx, &r.replication)? {
                    st.skipped += 1;
                    continue;
                }
            }
            None => st.p.add(
                r.line,
                "unit_code",
                Msg::UnknownUnit {
                    code: text::printable(r.unit_code.trim()),
                },
            ),
        }
        if let Err(e) = validate::replication(&mut r.replication, m.registered_on) {
            st.p.fields(r.line, e);
        }
        if pass.writes() {
            ok.push(r);
        }
    }
    if !pass.writes() {
        return Ok(());
    }
    refuse(st)?;
    for mut r in ok {
        r.replication.id = tx.alloc_id("replication")?;
        r.replication.rev = 1;
        tx.put_replication(None, Some(&r.replication))?;
        st.created.push(RecordRef::Replication(r.replication.id));
    }
    Ok(())
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
