//! The figures of a period computed from counters held in memory, so that one computation
//! serves both the open database and the status cache.
//!
//! The status cache: when a process closes the database it writes `<db>.status`, everything
//! `Status` needs (periods, catalogues, every counter), and a process that opens the database
//! removes it first. So the file exists only while the database is closed and then agrees
//! with it. `dvk status` on a closed database takes the database's lock, reads the small file
//! and answers without opening sled, whose opening grows with the database (≈ 0.1 s at
//! 100,000 models, ≈ 0.5 s at 1,000,000).
//!
//! The cache answers only for the very state it was written from. The cache sits beside the
//! database directory, so the two can part: a directory copied back from elsewhere, or a copy
//! given another copy's cache, would show figures that are not its own. So every open writes
//! a new random identity into the directory (`<db>/dvk.identity`, before anything else is
//! written) and the cache records the identity of the session that wrote it; `dvk status`
//! uses the cache only when the two are equal. A copy of a closed directory with its cache
//! carries both and agrees with them; once either copy is opened it gets an identity no
//! other copy has, so no other copy's cache fits it. A database restored into a new
//! directory was opened there, so it has its own identity too. (The identity is a file and
//! not a value in sled so that it can be read without opening sled.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::keys::{self, tag};
use super::records::{decode_bounded, encode_raw};
use crate::api::{ApiError, ApiResult, AwardTally, StatusData};
use crate::domain::*;

/// Everything a status needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Figures {
    /// Sorted by code, so the last one is the latest period.
    pub periods: Vec<Period>,
    pub fields: Vec<FieldDef>,
    pub forms: Vec<AwardForm>,
    pub bodies: Vec<Body>,
    pub counters: BTreeMap<Vec<u8>, i64>,
    /// The schema of the database the counters come from: a cache left by a dvk that kept
    /// other counters is not used.
    pub schema: u32,
}

/// Dates strictly before this are overdue on `as_of`.
pub fn cutoff(p: &Period, as_of: NaiveDate) -> NaiveDate {
    as_of - chrono::Duration::days(p.checkin_interval_days as i64)
}

impl Figures {
    pub fn period(&self, code: Option<&str>) -> ApiResult<&Period> {
        match code {
            Some(c) => {
                let c2 = validate::clean_period_code(c).unwrap_or_else(|_| c.to_string());
                self.periods.iter().find(|p| p.code == c2)
            }
            None => self.periods.last(),
        }
        .ok_or_else(|| {
            Msg::UnknownPeriod {
                code: code.unwrap_or_default().to_string(),
            }
            .into()
        })
    }

    /// The day of the period's latest dated event, if it has any.
    pub fn latest_event(&self, period: &str) -> Option<NaiveDate> {
        let prefix = keys::counter_prefix(period, tag::EVENTS);
        self.counters
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(_, v)| **v > 0)
            .last()
            .and_then(|(k, _)| keys::read_date(&k[prefix.len()..]))
    }

    /// Whether the counters give the figures of `as_of`: nothing of the period is dated after
    /// it. Otherwise the figures are those of a point in the past, which only a scan of the
    /// period's records gives (see `Store::scan_report`).
    pub fn counts_as_of(&self, period: &str, as_of: NaiveDate) -> bool {
        self.latest_event(period).is_none_or(|d| d <= as_of)
    }

    fn count(&self, key: &[u8]) -> u64 {
        self.counters.get(key).copied().unwrap_or(0).max(0) as u64
    }

    pub fn status(&self, period: Option<&str>, as_of: NaiveDate) -> ApiResult<StatusData> {
        let p = self.period(period)?.clone();
        let pc = p.code.as_str();
        let c = |t: u8, rest: &[u8]| self.count(&keys::counter(pc, t, rest));
        let by_field = self
            .fields
            .iter()
            .map(|f| (f.code.clone(), c(tag::FIELD, f.code.as_bytes())))
            .collect();
        let by_step = (1..=p.steps.len() as u8)
            .map(|s| c(tag::STEP, &[s]))
            .collect();
        let by_outcome = Outcome::ALL
            .iter()
            .map(|o| (*o, c(tag::OUTCOME, &[keys::outcome_byte(*o)])))
            .collect();
        // Overdue: the histogram of last dates, summed over the days before the cutoff.
        let lo = keys::counter_prefix(pc, tag::LAST);
        let hi = keys::counter(pc, tag::LAST, &keys::date(cutoff(&p, as_of)));
        let overdue: i64 = self.counters.range(lo..hi).map(|(_, v)| *v).sum();
        let awards_by = self.award_tallies(pc);
        Ok(StatusData {
            as_of,
            units_total: self.count(keys::ACTIVE_UNITS),
            units_registered: c(tag::UNITS_REGISTERED, &[]),
            collective: c(tag::KIND, &[keys::kind_byte(ModelKind::Collective)]),
            individual: c(tag::KIND, &[keys::kind_byte(ModelKind::Individual)]),
            by_field,
            by_step,
            by_outcome,
            drafts: c(tag::DRAFTS, &[]),
            returned: c(tag::RETURNED, &[]),
            overdue: overdue.max(0) as u64,
            awards_total: awards_by.iter().map(|t| t.collective + t.individual).sum(),
            awards_by,
            checkins: c(tag::CHECKINS, &[]),
            replications: c(tag::REPLICATIONS, &[]),
            without_criteria: c(tag::NO_CRITERIA, &[]),
            without_content: c(tag::NO_CONTENT, &[]),
            period: p,
        })
    }

    /// Awards by body and form, in the catalogue order of bodies, then forms.
    fn award_tallies(&self, pc: &str) -> Vec<AwardTally> {
        let prefix = keys::counter_prefix(pc, tag::AWARDS);
        let mut out: Vec<(u32, usize, AwardTally)> = vec![];
        for (k, v) in self
            .counters
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
        {
            let Some((bkey, form, kind)) = keys::read_award_tally(&k[prefix.len()..]) else {
                continue;
            };
            let n = (*v).max(0) as u64;
            let (rank, name) = self
                .bodies
                .iter()
                .find(|b| b.key == bkey)
                .map_or((u32::MAX, bkey.clone()), |b| (b.rank, b.name.clone()));
            let fpos = self
                .forms
                .iter()
                .position(|f| f.code == form)
                .unwrap_or(usize::MAX);
            let i = match out
                .iter()
                .position(|(_, _, t)| t.body == name && t.form == form)
            {
                Some(i) => i,
                None => {
                    out.push((
                        rank,
                        fpos,
                        AwardTally {
                            body: name,
                            form,
                            collective: 0,
                            individual: 0,
                        },
                    ));
                    out.len() - 1
                }
            };
            if kind == 0 {
                out[i].2.collective += n
            } else {
                out[i].2.individual += n
            }
        }
        out.sort_by_key(|a| (a.0, a.1));
        out.into_iter().map(|x| x.2).collect()
    }
}

// --- the status cache file ---------------------------------------------------------------------

const MAGIC: &[u8; 8] = b"DVKSTAT1";

#[derive(Serialize, Deserialize)]
enum StoredFigures {
    /// Written by the first release: no identity, never used.
    V1(Figures),
    /// The identity of the session that wrote it, and the figures.
    V2([u8; 16], Figures),
}

const IDENTITY_MAGIC: &[u8; 8] = b"DVKIDNT1";

/// `<db>/dvk.identity`: the identity of the session that last opened the database.
pub fn identity_path(db: &Path) -> PathBuf {
    db.join("dvk.identity")
}

/// Record a session's identity in the database directory, durably (`0640`). An existing file
/// is overwritten in place, which takes no new space on a full disk.
pub(super) fn write_identity(db: &Path, id: &[u8; 16]) -> std::io::Result<()> {
    use std::os::unix::fs::{FileExt, OpenOptionsExt};
    let path = identity_path(db);
    let mut bytes = IDENTITY_MAGIC.to_vec();
    bytes.extend_from_slice(id);
    let created = !path.exists();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o640)
        .open(&path)?;
    f.write_all_at(&bytes, 0)?;
    f.set_len(bytes.len() as u64)?;
    f.sync_data()?;
    if created {
        std::fs::File::open(db)?.sync_all()?;
    }
    Ok(())
}

fn read_identity(db: &Path) -> Option<[u8; 16]> {
    let b = std::fs::read(identity_path(db)).ok()?;
    let id = b.strip_prefix(IDENTITY_MAGIC)?;
    id.try_into().ok()
}

/// `<db>.status`, beside the database directory.
pub fn cache_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".status");
    db.with_file_name(name)
}

pub fn encode_cache(identity: &[u8; 16], f: &Figures) -> Vec<u8> {
    let body = encode_raw(&StoredFigures::V2(*identity, f.clone()));
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    out.extend_from_slice(&body);
    out
}

/// The identity a cache was written under and its figures; `None` for anything else
/// (damaged, cut short, or from the first release).
pub fn decode_cache(b: &[u8]) -> Option<([u8; 16], Figures)> {
    if b.len() < 12 || &b[..8] != MAGIC || crc32fast::hash(&b[12..]).to_be_bytes() != b[8..12] {
        return None;
    }
    match decode_bounded::<StoredFigures>(&b[12..], "status cache").ok()? {
        StoredFigures::V1(_) => None,
        // A cache of another schema holds other figures: the database is opened instead.
        StoredFigures::V2(id, f) => {
            Some((id, f)).filter(|(_, f)| f.schema == super::SCHEMA_VERSION)
        }
    }
}

/// `Status` of a closed database from its cache, without opening it.
///
/// `None`: no usable cache (the database is open in another process that has no server, was
/// not closed cleanly, or is new) — open the database instead. `Some(Err(DbLocked))`: another
/// process holds the database.
pub fn quick_status(
    db: &Path,
    period: Option<&str>,
    as_of: NaiveDate,
) -> Option<ApiResult<(StatusData, Vec<FieldDef>)>> {
    use nix::fcntl::{Flock, FlockArg};
    let bytes = std::fs::read(cache_path(db)).ok()?;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(db.join("db"))
        .ok()?;
    // The lock sled takes: held while the cache is read, so no writer can open meanwhile.
    let _lock = match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
        Ok(l) => l,
        Err(_) => {
            return Some(Err(ApiError::Msg(Msg::DbLocked {
                path: db.display().to_string(),
                socket: String::new(),
            })));
        }
    };
    // Read again under the lock: a writer that opened and closed in between replaced it.
    let bytes = std::fs::read(cache_path(db)).ok().filter(|b| *b == bytes)?;
    let (identity, figures) = decode_cache(&bytes)?;
    // Written from another state of the database, or from another copy of it; or a large
    // write is still to be finished by an open.
    if read_identity(db)? != identity
        || super::journal_path(db).exists()
        || super::rollback::rollback_path(db).exists()
    {
        return None;
    }
    // A day before the period's latest event needs the records themselves: open the database.
    if let Ok(p) = figures.period(period)
        && !figures.counts_as_of(&p.code, as_of)
    {
        return None;
    }
    Some(figures.status(period, as_of).map(|s| (s, figures.fields)))
}
