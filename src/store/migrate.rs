//! Bringing a database written by an older dvk up to the current schema, on open, and the
//! journal file's format (which names the trees of its writes; older ones named the schema
//! their writes were prepared for).
//!
//! Schema 1 kept one key per check-in plus an index of check-ins by model, and an index of
//! models by unit. Schema 2 keeps a model's check-ins together (a few to a value) and answers
//! "models of a unit" from the index of models by period: about 40 % fewer keys, and sled
//! spends far more space per key than on the data itself. Schema 3 has the same trees; each
//! model's stats hold the criterion actuals its check-ins reported, and each period counts
//! the registrations without a quantified criterion or without content. Schema 4 has the
//! same trees; each period also counts its dated events by day (see `keys::tag::EVENTS`).
//!
//! A migration writes the new trees, flushes, records the new schema, flushes, and only then
//! drops the old trees; cut short anywhere, the next open starts it over from the old trees.

use std::collections::BTreeMap;

use super::records::{CHECKINS_PER_CHUNK, CheckInChunk, Envelope, decode_bounded, encode_raw};
use super::{Journal, KeyWrite, SCHEMA_KEY, SCHEMA_VERSION, Store, T, io, keys};
use crate::api::ApiResult;
use crate::domain::{CheckIn, Id, Msg};

/// The trees of schema 1, in the order its journals list them.
const V1_TREES: [&str; 25] = [
    "meta",
    "periods",
    "fields",
    "forms",
    "bodies",
    "units",
    "models",
    "checkins",
    "awards",
    "replications",
    "audit",
    "counters",
    "model_stats",
    "idx_unit_code",
    "idx_model_code",
    "idx_unit_children",
    "idx_models_by_unit",
    "idx_models_by_period",
    "idx_checkins_by_model",
    "idx_awards_by_model",
    "idx_replications_by_model",
    "idx_replications_by_unit",
    "idx_overdue",
    "idx_audit_by_record",
    "undone",
];

/// Trees of older schemas that the current one no longer has.
const RETIRED: [&str; 3] = ["checkins", "idx_checkins_by_model", "idx_models_by_unit"];

/// The trees a journal of `schema` lists, in order.
pub fn tree_names(schema: u32) -> Option<Vec<&'static str>> {
    match schema {
        1 => Some(V1_TREES.to_vec()),
        // Schema 3 changed values (stats, counters), not trees.
        2 | 3 | SCHEMA_VERSION => Some(T::ALL.iter().map(|t| t.name()).collect()),
        _ => None,
    }
}

const JOURNAL_MAGIC: &[u8; 4] = b"DVKJ";
/// The journal that names its trees (since schema 2's second release).
const NAMED_MAGIC: &[u8; 4] = b"DVKN";
const NAMED_VERSION: u8 = 1;
/// The byte that says the journal's apply has begun: written (and synced) after the whole
/// journal is on disk, before its first write is applied.
const STATE_AT: u64 = 5;
const APPLYING: u8 = 1;
const NAMED_HEADER: usize = 20;

/// The writes of a journal, tree by tree, by name.
pub type NamedWrites = Vec<(String, Vec<KeyWrite>)>;

/// What a journal file holds.
#[derive(Debug)]
pub enum Decoded {
    /// Every write, tree by tree.
    Whole(NamedWrites),
    /// Cut short while being written, before any of its writes was applied: drop it.
    CutShort,
    /// Its apply had begun, but it no longer reads back whole: it cannot be finished.
    Damaged,
    /// Written for a schema this dvk does not know.
    Newer(u32),
}

/// `DVKN`, a version byte, the state byte (0 written, 1 applying), two zero bytes, a CRC-32
/// and the length of the body, then the body: the non-empty trees, each by name with its
/// writes.
pub fn encode_journal(writes: &Journal) -> Vec<u8> {
    let named: Vec<(&str, &Vec<KeyWrite>)> = T::ALL
        .iter()
        .zip(writes)
        .filter(|(_, ws)| !ws.is_empty())
        .map(|(t, ws)| (t.name(), ws))
        .collect();
    let body = encode_raw(&named);
    let mut bytes = Vec::with_capacity(body.len() + NAMED_HEADER);
    bytes.extend_from_slice(NAMED_MAGIC);
    bytes.push(NAMED_VERSION);
    bytes.push(0);
    bytes.extend_from_slice(&[0, 0]);
    bytes.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    bytes.extend_from_slice(&(body.len() as u64).to_be_bytes());
    bytes.extend_from_slice(&body);
    bytes
}

/// A journal of the current layout (which can say that its apply began).
pub fn is_named(bytes: &[u8]) -> bool {
    bytes.starts_with(NAMED_MAGIC)
}

/// Whether a journal of the current layout says its apply began.
pub fn is_applying(bytes: &[u8]) -> bool {
    is_named(bytes) && bytes.get(STATE_AT as usize).is_some_and(|s| *s != 0)
}

/// Record in the journal at `path` that its apply begins, durably.
pub fn mark_applying(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all_at(&[APPLYING], STATE_AT)?;
    f.sync_data()
}

/// Read a journal file. Its body is decoded with a limit (see [`decode_bounded`]).
///
/// Older layouts: `DVKJ`, the schema, a CRC-32 and an 8-byte length, then the trees of that
/// schema by position (schema 2); schema 1 wrote no magic: a CRC-32 and a 4-byte length,
/// then the body. They carry no state: one that fails its checksum is taken as cut short.
pub fn decode_journal(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(NAMED_MAGIC) {
        let applying = is_applying(bytes);
        let whole = || -> Option<NamedWrites> {
            if rest.len() < NAMED_HEADER - 4 || rest[0] != NAMED_VERSION {
                return None;
            }
            let crc = &rest[4..8];
            let len = u64::from_be_bytes(rest[8..16].try_into().ok()?);
            let body = &rest[16..];
            if body.len() as u64 != len || crc32fast::hash(body).to_be_bytes() != crc {
                return None;
            }
            decode_bounded::<NamedWrites>(body, "journal").ok()
        };
        return match whole() {
            Some(w) => Decoded::Whole(w),
            None if applying => Decoded::Damaged,
            None => Decoded::CutShort,
        };
    }
    let (schema, crc, body) = match bytes.strip_prefix(JOURNAL_MAGIC) {
        Some(rest) if rest.len() >= 16 => {
            let len = u64::from_be_bytes(rest[8..16].try_into().unwrap_or_default());
            let body = &rest[16..];
            if body.len() as u64 != len {
                return Decoded::CutShort;
            }
            let schema = u32::from_be_bytes(rest[..4].try_into().unwrap_or_default());
            (schema, &rest[4..8], body)
        }
        Some(_) => return Decoded::CutShort,
        None if bytes.len() >= 8 => {
            let len = u32::from_be_bytes(bytes[4..8].try_into().unwrap_or_default());
            if bytes.len() as u64 != 8 + len as u64 {
                return Decoded::CutShort;
            }
            (1, &bytes[..4], &bytes[8..])
        }
        None => return Decoded::CutShort,
    };
    if crc32fast::hash(body).to_be_bytes() != crc {
        return Decoded::CutShort;
    }
    let Some(names) = tree_names(schema) else {
        return Decoded::Newer(schema);
    };
    match decode_bounded::<Journal>(body, "journal") {
        Ok(w) if w.len() == names.len() => Decoded::Whole(
            names
                .iter()
                .zip(w)
                .filter(|(_, ws)| !ws.is_empty())
                .map(|(n, ws)| (n.to_string(), ws))
                .collect(),
        ),
        // Whole by its checksum, yet not what its schema wrote.
        _ => Decoded::Damaged,
    }
}

/// One step of migration: brings a database of one schema to the next.
pub type Step = fn(&Store) -> ApiResult<()>;

/// The migrations, in order: `(from, step)` brings a database of schema `from` to `from + 1`.
/// Each step is tested from a database of its `from` schema (see `docs/SCHEMA.md`); a new
/// schema adds its step at the end and raises [`SCHEMA_VERSION`].
pub const STEPS: &[(u32, Step)] = &[
    (1, checkins_by_model),
    (2, reported_and_quality),
    (3, event_dates),
];

/// Migrate a database of schema `found` (at most the current one): every step from `found`
/// on, then the new schema is recorded, then the trees older schemas had are dropped.
pub fn migrate(s: &Store, found: u32) -> ApiResult<()> {
    if found < SCHEMA_VERSION {
        for (_, step) in STEPS.iter().filter(|(from, _)| *from >= found) {
            step(s)?;
        }
        s.tree(T::Meta)
            .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
            .map_err(io)?;
        s.flush()?;
    }
    let db = s.db();
    let names = db.tree_names();
    for old in RETIRED {
        if names.iter().any(|n| n.as_ref() == old.as_bytes()) {
            db.drop_tree(old).map_err(io)?;
        }
    }
    Ok(())
}

/// Schema 2 → 3: every model's stats gain the actuals its check-ins reported, and every
/// period the counters of registrations without a quantified criterion or without content.
/// Values are set, not added, so a migration cut short and started over gives the same.
fn reported_and_quality(s: &Store) -> ApiResult<()> {
    use super::index::model_contrib;
    use super::keys::tag;
    use super::records::ModelStats;
    use super::tx::split_counter;
    let quality = |k: &[u8]| {
        split_counter(k).is_some_and(|(_, t)| t == tag::NO_CRITERIA || t == tag::NO_CONTENT)
    };
    let counters = s.tree(T::Counters);
    for k in counters.iter().keys() {
        let k = k.map_err(io)?;
        if quality(&k) {
            counters.remove(k).map_err(io)?;
        }
    }
    let mut counts: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
    for v in s.tree(T::Models).iter().values() {
        let m = crate::domain::Model::decode(&v.map_err(io)?)?;
        let mut st: ModelStats = s.get(T::Stats, &keys::id(m.id))?.unwrap_or_default();
        let mut checkins = vec![];
        for c in s.tree(T::CheckIns).scan_prefix(keys::id(m.id)).values() {
            checkins.extend(CheckInChunk::decode(&c.map_err(io)?)?.0);
        }
        st.reported = crate::domain::actuals::latest_reported(&checkins);
        s.tree(T::Stats)
            .insert(keys::id(m.id), st.encode())
            .map_err(io)?;
        for (k, d) in model_contrib(&m, &st).counts {
            if quality(&k) {
                *counts.entry(k).or_insert(0) += d;
            }
        }
    }
    for (k, n) in counts.into_iter().filter(|(_, n)| *n != 0) {
        counters.insert(k, &n.to_be_bytes()).map_err(io)?;
    }
    s.flush()
}

/// Schema 3 → 4: every period counts its dated events by day (registrations, outcome
/// decisions, check-ins, awards, replications), so that a status as of a day before the
/// latest of them is known to need a scan. Values are set, not added, as above.
fn event_dates(s: &Store) -> ApiResult<()> {
    use super::index::{award_contrib, checkin_contrib, model_contrib, repl_contrib};
    use super::keys::tag;
    use super::records::ModelStats;
    use super::tx::split_counter;
    use crate::domain::{Award, Model, Replication};
    let is_event = |k: &[u8]| split_counter(k).is_some_and(|(_, t)| t == tag::EVENTS);
    let counters = s.tree(T::Counters);
    for k in counters.iter().keys() {
        let k = k.map_err(io)?;
        if is_event(&k) {
            counters.remove(k).map_err(io)?;
        }
    }
    let mut counts: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
    let mut add = |c: super::index::Contrib| {
        for (k, d) in c.counts {
            if is_event(&k) {
                *counts.entry(k).or_insert(0) += d;
            }
        }
    };
    let mut models: BTreeMap<Id, Model> = BTreeMap::new();
    for v in s.tree(T::Models).iter().values() {
        let m = Model::decode(&v.map_err(io)?)?;
        add(model_contrib(&m, &ModelStats::default()));
        for c in s.tree(T::CheckIns).scan_prefix(keys::id(m.id)).values() {
            for ci in CheckInChunk::decode(&c.map_err(io)?)?.0 {
                add(checkin_contrib(&ci, &m));
            }
        }
        models.insert(m.id, m);
    }
    for v in s.tree(T::Awards).iter().values() {
        let a = Award::decode(&v.map_err(io)?)?;
        if let Some(m) = models.get(&a.model) {
            add(award_contrib(&a, m));
        }
    }
    for v in s.tree(T::Replications).iter().values() {
        let r = Replication::decode(&v.map_err(io)?)?;
        if let Some(m) = models.get(&r.model) {
            add(repl_contrib(&r, m));
        }
    }
    for (k, n) in counts.into_iter().filter(|(_, n)| *n != 0) {
        counters.insert(k, &n.to_be_bytes()).map_err(io)?;
    }
    s.flush()
}

/// Schema 1 → 2: group the check-ins of each model, in date order, into chunks.
fn checkins_by_model(s: &Store) -> ApiResult<()> {
    let old = s.db().open_tree("checkins").map_err(io)?;
    let new = s.tree(T::CheckIns);
    new.clear().map_err(io)?;
    let mut by_model: BTreeMap<Id, Vec<CheckIn>> = BTreeMap::new();
    for v in old.iter().values() {
        let c = CheckIn::decode(&v.map_err(io)?)?;
        by_model.entry(c.model).or_default().push(c);
    }
    for (model, mut list) in by_model {
        list.sort_by_key(|c| (c.date, c.id));
        for (n, chunk) in list.chunks(CHECKINS_PER_CHUNK).enumerate() {
            let n = u32::try_from(n).map_err(|_| Msg::Corrupt {
                detail: format!("model {model}: too many check-ins"),
            })?;
            new.insert(
                keys::checkin_chunk(model, n),
                CheckInChunk(chunk.to_vec()).encode(),
            )
            .map_err(io)?;
        }
    }
    s.flush()
}
