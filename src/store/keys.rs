//! Key encoding for every tree, in one place so that orders stay consistent: ids are
//! big-endian `u64`, dates are order-preserving 4-byte day numbers, codes are their UTF-8
//! bytes followed by a 0 separator where something follows them (codes never contain 0).

use chrono::{Datelike, NaiveDate};

use crate::domain::{Id, ModelKind, Msg, Outcome, RecordRef};

pub fn id(i: Id) -> [u8; 8] {
    i.to_be_bytes()
}

/// The id at the start of `b`; `None` when fewer than 8 bytes are there (a damaged key or
/// value).
pub fn read_id(b: &[u8]) -> Option<Id> {
    Some(u64::from_be_bytes(b.get(..8)?.try_into().ok()?))
}

/// The id in the last 8 bytes of `b` (an audit entry's number at the end of an index key).
pub fn read_last_id(b: &[u8]) -> Option<Id> {
    read_id(b.get(b.len().checked_sub(8)?..)?)
}

/// The id at byte `at` of a key or value of `what`, or a message saying it is damaged.
pub fn id_at(b: &[u8], at: usize, what: &str) -> Result<Id, Msg> {
    b.get(at..).and_then(read_id).ok_or_else(|| Msg::Corrupt {
        detail: format!("{what}: {} bytes, too short for an id", b.len()),
    })
}

/// Days from the common era with the sign bit flipped, so byte order is date order.
pub fn date(d: NaiveDate) -> [u8; 4] {
    ((d.num_days_from_ce() as u32) ^ 0x8000_0000).to_be_bytes()
}

pub fn read_date(b: &[u8]) -> Option<NaiveDate> {
    let mut a = [0u8; 4];
    a.copy_from_slice(b.get(..4)?);
    NaiveDate::from_num_days_from_ce_opt((u32::from_be_bytes(a) ^ 0x8000_0000) as i32)
}

/// Catalogue position (fields, forms, bodies).
pub fn pos(p: u32) -> [u8; 4] {
    p.to_be_bytes()
}

pub fn read_pos(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    u32::from_be_bytes(a)
}

/// Concatenate parts into one key.
pub fn cat(parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

/// `code 0`: a prefix that cannot match a longer code.
pub fn code_prefix(code: &str) -> Vec<u8> {
    cat(&[code.as_bytes(), &[0]])
}

// --- index trees ---------------------------------------------------------------------------

/// `models_by_period`: period, unit, model — a period's models grouped by unit.
pub fn model_in_period(period: &str, unit: Id, model: Id) -> Vec<u8> {
    cat(&[period.as_bytes(), &[0], &id(unit), &id(model)])
}

/// `overdue`: period, last date, model — pending counted models by their last check-in.
pub fn overdue(period: &str, last: NaiveDate, model: Id) -> Vec<u8> {
    cat(&[period.as_bytes(), &[0], &date(last), &id(model)])
}

/// `model_checkins`: model, chunk number — a model's check-ins, a few to a value.
pub fn checkin_chunk(model: Id, n: u32) -> Vec<u8> {
    cat(&[&id(model), &n.to_be_bytes()])
}

/// The chunk number of a `model_checkins` key.
pub fn read_chunk(k: &[u8]) -> u32 {
    k.get(8..12)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_be_bytes)
}

/// `models_by_period` keys of one unit in one period.
pub fn unit_in_period(period: &str, unit: Id) -> Vec<u8> {
    cat(&[period.as_bytes(), &[0], &id(unit)])
}

/// Any `(owner id, child id)` pair: awards and replications by model,
/// children of a unit (owner 0 for roots), replications by unit.
pub fn pair(owner: Id, child: Id) -> Vec<u8> {
    cat(&[&id(owner), &id(child)])
}

/// `audit_by_record`: the record's key, then the audit sequence number.
pub fn record_ref(r: &RecordRef) -> Vec<u8> {
    match r {
        RecordRef::Period(c) => cat(&[b"P", c.as_bytes(), &[0]]),
        RecordRef::Field(c) => cat(&[b"F", c.as_bytes(), &[0]]),
        RecordRef::Form(c) => cat(&[b"O", c.as_bytes(), &[0]]),
        RecordRef::Body(c) => cat(&[b"B", c.as_bytes(), &[0]]),
        RecordRef::Unit(i) => cat(&[b"U", &id(*i)]),
        RecordRef::Model(i) => cat(&[b"M", &id(*i)]),
        RecordRef::CheckIn(i) => cat(&[b"C", &id(*i)]),
        RecordRef::Award(i) => cat(&[b"A", &id(*i)]),
        RecordRef::Replication(i) => cat(&[b"R", &id(*i)]),
        RecordRef::Import { .. } => b"I".to_vec(),
    }
}

// --- counters ------------------------------------------------------------------------------
//
// Global counters start with `G`; a period's counters with `P period 0 tag`. Values are
// big-endian i64. A counter that reaches 0 is removed, so "units registered" can be kept
// exactly from the per-unit counters.

pub const ACTIVE_UNITS: &[u8] = b"Gactive_units";

pub mod tag {
    pub const KIND: u8 = b'k';
    pub const FIELD: u8 = b'f';
    pub const STEP: u8 = b's';
    pub const OUTCOME: u8 = b'o';
    pub const DRAFTS: u8 = b'd';
    pub const RETURNED: u8 = b'r';
    /// Counted models of one unit.
    pub const UNIT: u8 = b'u';
    /// Draft models of one unit.
    pub const UNIT_DRAFTS: u8 = b'v';
    /// Units whose `UNIT` counter is above zero.
    pub const UNITS_REGISTERED: u8 = b'U';
    pub const AWARDS: u8 = b'a';
    pub const CHECKINS: u8 = b'c';
    pub const REPLICATIONS: u8 = b'p';
    /// Pending counted models by last date: the overdue histogram.
    pub const LAST: u8 = b'h';
    /// Counted models with no quantified criterion.
    pub const NO_CRITERIA: u8 = b'q';
    /// Counted models whose registration lacks goals or activities.
    pub const NO_CONTENT: u8 = b'g';
    /// Dated events of the period by day (registrations, check-ins, awards, replications,
    /// outcome decisions): the latest tells whether counters give the figures of a day.
    pub const EVENTS: u8 = b'e';
}

pub fn counter(period: &str, tag: u8, rest: &[u8]) -> Vec<u8> {
    cat(&[b"P", period.as_bytes(), &[0, tag], rest])
}

pub fn counter_prefix(period: &str, tag: u8) -> Vec<u8> {
    counter(period, tag, &[])
}

pub fn kind_byte(k: ModelKind) -> u8 {
    match k {
        ModelKind::Collective => 0,
        ModelKind::Individual => 1,
    }
}

pub fn outcome_byte(o: Outcome) -> u8 {
    o as u8
}

/// Award tally key: body key, form code, kind of recipient.
pub fn award_tally(body_key: &str, form: &str, kind: ModelKind) -> Vec<u8> {
    cat(&[
        body_key.as_bytes(),
        &[0],
        form.as_bytes(),
        &[0, kind_byte(kind)],
    ])
}

pub fn read_award_tally(b: &[u8]) -> Option<(String, String, u8)> {
    let mut it = b.splitn(3, |c| *c == 0);
    let body = String::from_utf8(it.next()?.to_vec()).ok()?;
    let form = String::from_utf8(it.next()?.to_vec()).ok()?;
    let kind = *it.next()?.first()?;
    Some((body, form, kind))
}

pub fn counter_value(v: &[u8]) -> i64 {
    let mut a = [0u8; 8];
    if v.len() == 8 {
        a.copy_from_slice(v);
    }
    i64::from_be_bytes(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_order() {
        let a = NaiveDate::from_ymd_opt(2019, 12, 31).unwrap();
        let b = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let c = NaiveDate::from_ymd_opt(1, 1, 1)
            .unwrap()
            .pred_opt()
            .unwrap();
        assert!(date(a) < date(b));
        assert!(date(c) < date(a));
        assert_eq!(read_date(&date(b)), Some(b));
        assert_eq!(read_date(&date(c)), Some(c));
    }

    /// A key or value too short for an id (a damaged one) is said, not a crash.
    #[test]
    fn a_short_id_is_none_not_a_panic() {
        assert_eq!(read_id(&[1, 2, 3]), None);
        assert_eq!(read_id(&[]), None);
        assert_eq!(read_last_id(&[0; 7]), None);
        let mut k = b"model:".to_vec();
        k.extend_from_slice(&id(42));
        assert_eq!(read_last_id(&k), Some(42));
        assert_eq!(id_at(&k, 6, "index"), Ok(42));
        assert!(
            matches!(id_at(&k, 7, "index"), Err(Msg::Corrupt { detail }) if detail.starts_with("index: 14 bytes"))
        );
        assert!(id_at(&k, 99, "index").is_err());
    }

    #[test]
    fn ids_keep_their_order() {
        assert!(id(255) < id(256));
        assert_eq!(read_id(&id(1 << 40)), Some(1 << 40));
        let t = award_tally("ban dân vận", "giay_khen", ModelKind::Individual);
        assert_eq!(
            read_award_tally(&t),
            Some(("ban dân vận".into(), "giay_khen".into(), 1))
        );
    }
}
