//! Saves and deletes of single records: validation with `domain::validate`, the checks that
//! need the database (unique codes, references, revisions, cycles), then the change and its
//! audit entry in one [`Tx`]. The checks are shared with the import of many rows.

use serde::Serialize;

use super::T;
use super::keys;
use super::records::Envelope;
use super::tx::Tx;
use crate::api::{ApiError, ApiResult, Problem};
use crate::domain::text::name_key;
use crate::domain::validate::{self, FieldError};
use crate::domain::workflow;
use crate::domain::*;

pub fn json<V: Serialize>(v: &V) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

pub fn fe(field: &str, msg: Msg) -> FieldError {
    FieldError {
        field: field.into(),
        msg,
    }
}

fn refuse(errs: Vec<FieldError>) -> ApiResult<()> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::fields(errs))
    }
}

fn invalid(field: &str, msg: Msg) -> ApiError {
    ApiError::Invalid(vec![Problem {
        line: None,
        field: field.into(),
        msg,
    }])
}

/// The catalogues a write checks against, read once per write.
pub struct Catalogue {
    pub fields: Vec<FieldDef>,
    pub forms: Vec<AwardForm>,
    pub bodies: Vec<Body>,
}

impl Catalogue {
    pub fn load(tx: &Tx) -> ApiResult<Catalogue> {
        let dec =
            |t| -> ApiResult<Vec<_>> { Ok(tx.scan(t, &[])?.into_iter().map(|(_, v)| v).collect()) };
        Ok(Catalogue {
            fields: dec(T::Fields)?
                .iter()
                .map(|v| FieldDef::decode(v))
                .collect::<Result<_, _>>()?,
            forms: dec(T::Forms)?
                .iter()
                .map(|v| AwardForm::decode(v))
                .collect::<Result<_, _>>()?,
            bodies: dec(T::Bodies)?
                .iter()
                .map(|v| Body::decode(v))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The catalogue's body for a name as typed, appending a new body when unknown. A name
    /// that folds (case, spacing, Unicode form, diacritics) to a known body's is that body,
    /// under its first spelling.
    pub fn body(&mut self, tx: &mut Tx, name: &str) -> String {
        let key = name_key(name);
        let folded = crate::domain::text::fold(name);
        if let Some(b) = self
            .bodies
            .iter()
            .find(|b| b.key == key || crate::domain::text::fold(&b.name) == folded)
        {
            return b.name.clone();
        }
        let rank = self.bodies.iter().map(|b| b.rank + 1).max().unwrap_or(0);
        let b = Body {
            key,
            name: name.to_string(),
            rank,
        };
        tx.put_rec(T::Bodies, keys::pos(rank).to_vec(), &b);
        self.bodies.push(b);
        name.to_string()
    }
}

/// Today for the rules that refuse dates after it (check-ins, awards): `DVK_TODAY` when set,
/// else the local date — the same day `--as-of` defaults to.
pub fn today() -> chrono::NaiveDate {
    crate::config::today(&crate::config::real_env)
        .unwrap_or_else(|_| chrono::Local::now().date_naive())
}

/// The time the audit log records: now, on the day [`today`] names — so with `DVK_TODAY`
/// set, history and figures tell of the same day.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    crate::config::now(&crate::config::real_env)
}

/// The stored revision must be the one the caller edited.
pub fn check_rev(tx: &Tx, r: RecordRef, stored: u64, given: u64) -> ApiResult<()> {
    if stored == given {
        return Ok(());
    }
    Err(conflict(tx.latest_audit(&r)?))
}

/// The record was changed by someone else: who and when, from that change's audit entry.
pub fn conflict(by: Option<AuditEntry>) -> ApiError {
    let (user, at) = match by {
        Some(e) => (e.user, e.at.format("%d/%m/%Y %H:%M UTC").to_string()),
        None => (String::new(), String::new()),
    };
    Msg::Conflict { user, at }.into()
}

pub fn period(tx: &Tx, code: &str) -> ApiResult<Option<Period>> {
    tx.get(T::Periods, code.as_bytes())
}

pub fn unit_id(tx: &Tx, code: &str) -> ApiResult<Option<Id>> {
    Ok(tx
        .get_raw(T::UnitCode, code.as_bytes())?
        .map(|v| keys::id_at(&v, 0, T::UnitCode.name()))
        .transpose()?)
}

pub fn model_id(tx: &Tx, code: &str) -> ApiResult<Option<Id>> {
    Ok(tx
        .get_raw(T::ModelCode, code.as_bytes())?
        .map(|v| keys::id_at(&v, 0, T::ModelCode.name()))
        .transpose()?)
}

/// Problems found, and the model's period (`true`: new, not yet stored).
pub type ModelCheck = (Vec<FieldError>, Option<(Period, bool)>);

/// Normalise and check a model against the catalogue and its period; returns the period,
/// which is new (not yet stored) when the second value is true. The unit is the caller's.
pub fn check_model(tx: &Tx, m: &mut Model, cat: &Catalogue) -> ApiResult<ModelCheck> {
    let mut errs = vec![];
    let mut per = None;
    match validate::clean_period_code(&m.period) {
        Ok(code) => {
            m.period = code;
            per = match period(tx, &m.period)? {
                Some(p) => Some((p, false)),
                None => codes::default_period(&m.period).map(|p| (p, true)),
            };
        }
        Err(e) => errs.push(fe("period", e)),
    }
    let steps = per.as_ref().map_or(5, |(p, _)| p.steps.len() as u8);
    if let Err(e) = validate::model(m, steps) {
        errs.extend(e);
    }
    if let Some((p, _)) = &per
        && let Err(e) = validate::registered_in_period(m.registered_on, p)
    {
        errs.push(e);
    }
    // An outcome is decided on a day that has come (saves and imports alike).
    if let Some(d) = m.outcome_on
        && d > today()
    {
        errs.push(fe(
            "outcome_on",
            Msg::InFuture {
                date: text::date_dmy(d),
            },
        ));
    }
    match codes::parse_field(&m.field, &cat.fields) {
        Some(f) => m.field = f.code.clone(),
        None => errs.push(fe(
            "field",
            Msg::UnknownField {
                code: text::printable(&m.field),
            },
        )),
    }
    if !m.code.is_empty()
        && let Some(other) = model_id(tx, &m.code)?
        && other != m.id
    {
        errs.push(fe(
            "code",
            Msg::DuplicateCode {
                code: m.code.clone(),
            },
        ));
    }
    Ok((errs, per))
}

fn bump<R>(old: &Option<R>, rev: impl Fn(&R) -> u64) -> u64 {
    old.as_ref().map_or(1, |o| rev(o) + 1)
}

fn action<R>(old: &Option<R>) -> Action {
    if old.is_some() {
        Action::Update
    } else {
        Action::Create
    }
}

// --- catalogues ------------------------------------------------------------------------------

pub fn save_period(tx: &mut Tx, user: &str, mut p: Period) -> ApiResult<(Id, u64)> {
    validate::period(&mut p).map_err(ApiError::fields)?;
    let old = period(tx, &p.code)?;
    tx.put_rec(T::Periods, p.code.as_bytes().to_vec(), &p);
    tx.audit(
        user,
        action(&old),
        RecordRef::Period(p.code.clone()),
        old.map(|o| json(&o)),
        Some(json(&p)),
    )?;
    Ok((0, 0))
}

/// Position and value of a catalogue entry by code.
pub fn find_coded<R: Envelope>(
    tx: &Tx,
    t: T,
    code: &str,
    get: impl Fn(&R) -> &str,
) -> ApiResult<(u32, Option<R>)> {
    let mut next = 0;
    for (k, v) in tx.scan(t, &[])? {
        let r = R::decode(&v)?;
        let pos = keys::read_pos(&k);
        if get(&r) == code {
            return Ok((pos, Some(r)));
        }
        next = pos + 1;
    }
    Ok((next, None))
}

pub fn save_field(tx: &mut Tx, user: &str, mut f: FieldDef) -> ApiResult<(Id, u64)> {
    validate::field_def(&mut f).map_err(ApiError::fields)?;
    let (pos, old) = find_coded::<FieldDef>(tx, T::Fields, &f.code, |x| &x.code)?;
    tx.put_rec(T::Fields, keys::pos(pos).to_vec(), &f);
    tx.audit(
        user,
        action(&old),
        RecordRef::Field(f.code.clone()),
        old.map(|o| json(&o)),
        Some(json(&f)),
    )?;
    Ok((0, 0))
}

pub fn save_form(tx: &mut Tx, user: &str, mut f: AwardForm) -> ApiResult<(Id, u64)> {
    validate::award_form(&mut f).map_err(ApiError::fields)?;
    let (pos, old) = find_coded::<AwardForm>(tx, T::Forms, &f.code, |x| &x.code)?;
    tx.put_rec(T::Forms, keys::pos(pos).to_vec(), &f);
    tx.audit(
        user,
        action(&old),
        RecordRef::Form(f.code.clone()),
        old.map(|o| json(&o)),
        Some(json(&f)),
    )?;
    Ok((0, 0))
}

// --- units -------------------------------------------------------------------------------------

/// Would `parent` (followed upwards) reach `id`? Unknown parents end the walk.
pub fn makes_cycle(
    tx: &Tx,
    id: Id,
    parent: Option<Id>,
    over: &dyn Fn(Id) -> Option<Option<Id>>,
) -> ApiResult<bool> {
    let mut cur = parent;
    let mut steps = 0;
    while let Some(p) = cur {
        if p == id || steps > 100_000 {
            return Ok(true);
        }
        steps += 1;
        cur = match over(p) {
            Some(pp) => pp,
            None => tx
                .get::<Unit>(T::Units, &keys::id(p))?
                .and_then(|u| u.parent),
        };
    }
    Ok(false)
}

pub fn save_unit(tx: &mut Tx, user: &str, mut u: Unit) -> ApiResult<(Id, u64)> {
    let mut errs = validate::unit(&mut u).err().unwrap_or_default();
    let old: Option<Unit> = if u.id != 0 {
        let o = tx
            .get::<Unit>(T::Units, &keys::id(u.id))?
            .ok_or(Msg::NotFound)?;
        check_rev(tx, RecordRef::Unit(u.id), o.rev, u.rev)?;
        Some(o)
    } else {
        None
    };
    if !u.code.is_empty()
        && let Some(other) = unit_id(tx, &u.code)?
        && other != u.id
    {
        errs.push(fe(
            "code",
            Msg::DuplicateCode {
                code: u.code.clone(),
            },
        ));
    }
    if let Some(p) = u.parent {
        if !tx.contains(T::Units, &keys::id(p))? {
            errs.push(fe(
                "parent_code",
                Msg::UnknownUnit {
                    code: p.to_string(),
                },
            ));
        } else if u.id != 0 && makes_cycle(tx, u.id, Some(p), &|_| None)? {
            errs.push(fe(
                "parent_code",
                Msg::ParentCycle {
                    code: u.code.clone(),
                },
            ));
        }
    }
    refuse(errs)?;
    if u.id == 0 {
        u.id = tx.alloc_id("unit")?;
    }
    u.rev = bump(&old, |o| o.rev);
    tx.put_unit(old.as_ref(), Some(&u));
    tx.audit(
        user,
        action(&old),
        RecordRef::Unit(u.id),
        old.map(|o| json(&o)),
        Some(json(&u)),
    )?;
    Ok((u.id, u.rev))
}

/// Why a unit cannot be removed, if it cannot.
pub fn unit_in_use(tx: &Tx, u: &Unit) -> ApiResult<Option<Msg>> {
    let mut models = tx.scan_keys(T::ReplsByUnit, &keys::id(u.id))?.len();
    for (p, _) in tx.scan(T::Periods, &[])? {
        let p = String::from_utf8_lossy(&p);
        models += tx
            .scan_keys(T::ModelsByPeriod, &keys::unit_in_period(&p, u.id))?
            .len();
    }
    if models > 0 {
        return Ok(Some(Msg::UnitHasModels {
            code: u.code.clone(),
            count: models as u64,
        }));
    }
    let children = tx.scan_keys(T::UnitChildren, &keys::id(u.id))?.len();
    if children > 0 {
        return Ok(Some(Msg::UnitHasChildren {
            code: u.code.clone(),
            count: children as u64,
        }));
    }
    Ok(None)
}

pub fn delete_unit(tx: &mut Tx, user: &str, id: Id) -> ApiResult<()> {
    let u = tx
        .get::<Unit>(T::Units, &keys::id(id))?
        .ok_or(Msg::NotFound)?;
    if let Some(m) = unit_in_use(tx, &u)? {
        return Err(m.into());
    }
    tx.put_unit(Some(&u), None);
    tx.audit(
        user,
        Action::Delete,
        RecordRef::Unit(id),
        Some(json(&u)),
        None,
    )?;
    Ok(())
}

/// A change the workflow refuses: a missing reason is the reason field's; a move is said
/// naming the model, its state and the move.
fn workflow_refusal(e: FieldError) -> ApiError {
    if e.field == "reason" {
        invalid("reason", e.msg)
    } else {
        e.msg.into()
    }
}

// --- models ------------------------------------------------------------------------------------

pub fn save_model(tx: &mut Tx, user: &str, mut m: Model) -> ApiResult<(Id, u64)> {
    let cat = Catalogue::load(tx)?;
    let old: Option<Model> = if m.id != 0 {
        let o = tx.model(m.id)?.ok_or(Msg::NotFound)?;
        check_rev(tx, RecordRef::Model(m.id), o.rev, m.rev)?;
        Some(o)
    } else {
        None
    };
    let (mut errs, per) = check_model(tx, &mut m, &cat)?;
    if !tx.contains(T::Units, &keys::id(m.unit))? {
        errs.push(fe(
            "unit_code",
            Msg::UnknownUnit {
                code: m.unit.to_string(),
            },
        ));
    }
    refuse(errs)?;
    let steps = per.as_ref().map_or(5, |(p, _)| p.steps.len() as u8);
    match &old {
        Some(o) => workflow::change(o, &m, steps, &tx.note).map_err(workflow_refusal)?,
        None => workflow::consistent(&m).map_err(workflow_refusal)?,
    }
    if let Some((p, true)) = per {
        tx.put_rec(T::Periods, p.code.as_bytes().to_vec(), &p);
        tx.audit(
            user,
            Action::Create,
            RecordRef::Period(p.code.clone()),
            None,
            Some(json(&p)),
        )?;
    }
    if m.id == 0 {
        m.id = tx.alloc_id("model")?;
    }
    m.rev = bump(&old, |o| o.rev);
    tx.put_model(old.as_ref(), Some(&m))?;
    tx.audit(
        user,
        action(&old),
        RecordRef::Model(m.id),
        old.map(|o| json(&o)),
        Some(json(&m)),
    )?;
    Ok((m.id, m.rev))
}

pub fn delete_model(tx: &mut Tx, user: &str, id: Id) -> ApiResult<()> {
    let m = tx.model(id)?.ok_or(Msg::NotFound)?;
    let bundle = tx.delete_model_cascade(&m)?;
    tx.audit(
        user,
        Action::Delete,
        RecordRef::Model(id),
        Some(json(&bundle)),
        None,
    )?;
    Ok(())
}

// --- check-ins, awards, replications ----------------------------------------------------------

/// The model a child record points to, and the number of steps of its period.
fn parent_model(tx: &Tx, id: Id) -> ApiResult<(Model, u8)> {
    let m = tx.model(id)?.ok_or_else(|| {
        invalid(
            "model_code",
            Msg::UnknownModel {
                code: id.to_string(),
            },
        )
    })?;
    let steps = period(tx, &m.period)?.map_or(5, |p| p.steps.len() as u8);
    Ok((m, steps))
}

pub fn save_checkin(tx: &mut Tx, user: &str, mut c: CheckIn) -> ApiResult<(Id, u64)> {
    let (m, steps) = parent_model(tx, c.model)?;
    // A check-in is found under its model: a save names the model it belongs to.
    let old: Option<CheckIn> = if c.id != 0 {
        let o = tx.checkin(c.model, c.id)?.ok_or(Msg::NotFound)?;
        check_rev(tx, RecordRef::CheckIn(c.id), o.rev, c.rev)?;
        Some(o)
    } else {
        None
    };
    validate::checkin(
        &mut c,
        m.registered_on,
        m.criteria.len(),
        steps,
        Some(today()),
    )
    .map_err(ApiError::fields)?;
    if c.id == 0 {
        c.id = tx.alloc_id("checkin")?;
    }
    c.rev = bump(&old, |o| o.rev);
    tx.put_checkin(old.as_ref(), Some(&c))?;
    tx.audit(
        user,
        action(&old),
        RecordRef::CheckIn(c.id),
        old.map(|o| json(&o)),
        Some(json(&c)),
    )?;
    Ok((c.id, c.rev))
}

/// Is there another award of the model with this decision number?
pub fn award_exists(tx: &Tx, a: &Award) -> ApiResult<bool> {
    for k in tx.scan_keys(T::AwardsByModel, &keys::id(a.model))? {
        if let Some(o) = tx.get::<Award>(T::Awards, &k[8..])?
            && o.id != a.id
            && name_key(&o.decision_no) == name_key(&a.decision_no)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Form and body resolved against the catalogue; problems for the caller to report.
pub fn check_award(
    tx: &mut Tx,
    a: &mut Award,
    reg: chrono::NaiveDate,
    today: chrono::NaiveDate,
    cat: &mut Catalogue,
) -> Vec<FieldError> {
    let mut errs = validate::award(a, reg, Some(today))
        .err()
        .unwrap_or_default();
    match codes::parse_form(&a.form, &cat.forms) {
        Some(f) => a.form = f.code.clone(),
        None => errs.push(fe(
            "form",
            Msg::UnknownForm {
                code: text::printable(&a.form),
            },
        )),
    }
    if errs.is_empty() {
        a.body = cat.body(tx, &a.body);
    }
    errs
}

pub fn save_award(tx: &mut Tx, user: &str, mut a: Award) -> ApiResult<(Id, u64)> {
    let (m, _) = parent_model(tx, a.model)?;
    let old: Option<Award> = if a.id != 0 {
        let o = tx
            .get::<Award>(T::Awards, &keys::id(a.id))?
            .ok_or(Msg::NotFound)?;
        check_rev(tx, RecordRef::Award(a.id), o.rev, a.rev)?;
        Some(o)
    } else {
        None
    };
    let mut cat = Catalogue::load(tx)?;
    let mut errs = check_award(tx, &mut a, m.registered_on, today(), &mut cat);
    if errs.is_empty() && award_exists(tx, &a)? {
        errs.push(fe("decision_no", Msg::DuplicateRecord));
    }
    refuse(errs)?;
    if a.id == 0 {
        a.id = tx.alloc_id("award")?;
    }
    a.rev = bump(&old, |o| o.rev);
    tx.put_award(old.as_ref(), Some(&a))?;
    tx.audit(
        user,
        action(&old),
        RecordRef::Award(a.id),
        old.map(|o| json(&o)),
        Some(json(&a)),
    )?;
    Ok((a.id, a.rev))
}

pub fn save_replication(tx: &mut Tx, user: &str, mut r: Replication) -> ApiResult<(Id, u64)> {
    let (m, _) = parent_model(tx, r.model)?;
    let old: Option<Replication> = if r.id != 0 {
        let o = tx
            .get::<Replication>(T::Replications, &keys::id(r.id))?
            .ok_or(Msg::NotFound)?;
        check_rev(tx, RecordRef::Replication(r.id), o.rev, r.rev)?;
        Some(o)
    } else {
        None
    };
    let mut errs = validate::replication(&mut r, m.registered_on)
        .err()
        .unwrap_or_default();
    if !tx.contains(T::Units, &keys::id(r.unit))? {
        errs.push(fe(
            "unit_code",
            Msg::UnknownUnit {
                code: r.unit.to_string(),
            },
        ));
    }
    refuse(errs)?;
    if r.id == 0 {
        r.id = tx.alloc_id("replication")?;
    }
    r.rev = bump(&old, |o| o.rev);
    tx.put_replication(old.as_ref(), Some(&r))?;
    tx.audit(
        user,
        action(&old),
        RecordRef::Replication(r.id),
        old.map(|o| json(&o)),
        Some(json(&r)),
    )?;
    Ok((r.id, r.rev))
}

/// Delete a check-in of a model.
pub fn delete_checkin(tx: &mut Tx, user: &str, model: Id, id: Id) -> ApiResult<()> {
    let o = tx.checkin(model, id)?.ok_or(Msg::NotFound)?;
    tx.put_checkin(Some(&o), None)?;
    tx.audit(
        user,
        Action::Delete,
        RecordRef::CheckIn(id),
        Some(json(&o)),
        None,
    )?;
    Ok(())
}

/// Delete an award or a replication.
pub fn delete_child(tx: &mut Tx, user: &str, r: RecordRef) -> ApiResult<()> {
    let k = |id: Id| keys::id(id);
    let before = match &r {
        RecordRef::Award(id) => {
            let o = tx.get::<Award>(T::Awards, &k(*id))?.ok_or(Msg::NotFound)?;
            tx.put_award(Some(&o), None)?;
            json(&o)
        }
        RecordRef::Replication(id) => {
            let o = tx
                .get::<Replication>(T::Replications, &k(*id))?
                .ok_or(Msg::NotFound)?;
            tx.put_replication(Some(&o), None)?;
            json(&o)
        }
        _ => return Err(Msg::NotFound.into()),
    };
    tx.audit(user, Action::Delete, r, Some(before), None)?;
    Ok(())
}

// --- actions with a reason, ownership, drafts ---------------------------------------------------

/// Move a model's step, change its registration status or its outcome, as the workflow
/// allows ([`workflow`]); the reason goes into the audit entry's note. Going a step back,
/// returning a registration and an outcome that does not recognise the model need a reason.
pub fn model_action(
    tx: &mut Tx,
    user: &str,
    id: Id,
    rev: u64,
    act: crate::api::ModelAction,
    reason: String,
) -> ApiResult<(Id, u64)> {
    use crate::api::ModelAction as A;
    let mut m = tx.model(id)?.ok_or(Msg::NotFound)?;
    check_rev(tx, RecordRef::Model(id), m.rev, rev)?;
    let reason = crate::domain::text::clean(&reason, crate::domain::validate::MAX_LONG, true)
        .map_err(|p| invalid("reason", p.into()))?;
    let before = m.clone();
    // A move to where the model already is moves nothing: say so rather than save.
    match &act {
        A::Step(s) if *s == before.step => {
            return Err(Msg::StepMove {
                code: m.code.clone(),
                from: *s,
                to: *s,
            }
            .into());
        }
        A::Status(st) if *st == before.status => {
            return Err(Msg::StatusMove {
                code: m.code.clone(),
                from: *st,
                to: *st,
            }
            .into());
        }
        _ => {}
    }
    match act {
        A::Step(s) => m.step = s,
        A::Status(st) => m.status = st,
        A::Outcome(o) => m.outcome = o,
        A::Decide {
            outcome,
            on,
            decision,
        } => {
            m.outcome = outcome;
            m.outcome_on = on;
            m.outcome_decision = decision;
        }
    }
    // A pending outcome has not been decided.
    if m.outcome == Outcome::Pending {
        m.outcome_on = None;
        m.outcome_decision.clear();
    }
    let steps = period(tx, &m.period)?.map_or(5, |p| p.steps.len() as u8);
    workflow::change(&before, &m, steps, &reason).map_err(workflow_refusal)?;
    tx.note = reason;
    save_model(tx, user, m)
}

/// The unit that owns a record: itself for a unit, the model's unit for a model and for its
/// awards and replications. (A check-in is always named with its model, whose unit owns it.)
pub fn unit_of(tx: &Tx, r: &RecordRef) -> ApiResult<Option<Id>> {
    let model_unit = |mid: Id| -> ApiResult<Option<Id>> { Ok(tx.model(mid)?.map(|m| m.unit)) };
    match r {
        RecordRef::Unit(id) => Ok(tx.contains(T::Units, &keys::id(*id))?.then_some(*id)),
        RecordRef::Model(id) => model_unit(*id),
        // Check-ins are kept under their model and are not found by id alone: their owner
        // is their model's (`RecordRef::Model`).
        RecordRef::CheckIn(_) => Ok(None),
        RecordRef::Award(id) => match tx.get::<Award>(T::Awards, &keys::id(*id))? {
            Some(a) => model_unit(a.model),
            None => Ok(None),
        },
        RecordRef::Replication(id) => {
            match tx.get::<Replication>(T::Replications, &keys::id(*id))? {
                Some(x) => model_unit(x.model),
                None => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

/// Drafts live in the meta tree, one per user; they are not records and not audited.
fn draft_key(user: &str) -> Vec<u8> {
    let mut k = b"draft/".to_vec();
    k.extend_from_slice(user.as_bytes());
    k
}

pub const MAX_DRAFT: usize = 1 << 20;

pub fn save_draft(tx: &mut Tx, user: &str, text: String) -> ApiResult<()> {
    if text.is_empty() {
        tx.del(T::Meta, draft_key(user));
        return Ok(());
    }
    let text = crate::domain::text::clean(&text, MAX_DRAFT, true)
        .map_err(|p| invalid("draft", p.into()))?;
    tx.put(T::Meta, draft_key(user), text.into_bytes());
    Ok(())
}

pub fn draft(tx: &Tx, user: &str) -> ApiResult<Option<String>> {
    Ok(tx
        .get_raw(T::Meta, &draft_key(user))?
        .map(|b| String::from_utf8_lossy(&b).into_owned()))
}
