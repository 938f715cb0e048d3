//! Versioned envelopes for every stored value. bincode is not self-describing, so each value
//! is stored as `enum StoredX { V1(X) }`: when a record changes shape a `V2` is appended and
//! `V1` is migrated on read; variants are never removed or reordered. Decoding must consume
//! every byte — trailing bytes mean the value is not what we think it is.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::api::Dataset;
use crate::domain::*;

/// Derived figures of one model, kept in the same transaction as its check-ins, awards and
/// replications so that tables never count children.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelStats {
    pub last_checkin: Option<NaiveDate>,
    pub checkins: u32,
    pub awards: u32,
    pub replications: u32,
    /// The latest value the check-ins reported for each criterion they report (see
    /// [`crate::domain::actuals`]), so that tables show actuals without reading check-ins.
    pub reported: Vec<crate::domain::actuals::Reported>,
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

pub fn encode_raw<T: Serialize>(v: &T) -> Vec<u8> {
    // Encoding into a Vec cannot fail for these plain types.
    bincode::serde::encode_to_vec(v, config()).expect("bincode encoding of a record")
}

pub fn decode_raw<T: DeserializeOwned>(b: &[u8], what: &str) -> Result<T, Msg> {
    match bincode::serde::decode_from_slice::<T, _>(b, config()) {
        Ok((v, n)) if n == b.len() => Ok(v),
        Ok((_, n)) => Err(Msg::Corrupt {
            detail: format!("{what}: {} trailing bytes", b.len() - n),
        }),
        Err(e) => Err(Msg::Corrupt {
            detail: format!("{what}: {e}"),
        }),
    }
}

/// [`decode_raw`] for bytes from outside the database (a backup, the journal, the status
/// cache): every length inside is checked against a limit before anything is allocated for
/// it. The limit is the first of a few sizes at least as large as the input, so what the
/// decoder may set aside for a claimed length is at most four times the bytes present
/// (all of it backed by bytes that must then be read).
pub fn decode_bounded<T: DeserializeOwned>(b: &[u8], what: &str) -> Result<T, Msg> {
    fn with<T: DeserializeOwned, const N: usize>(b: &[u8], what: &str) -> Result<T, Msg> {
        let cfg = config().with_limit::<N>();
        match bincode::serde::decode_from_slice::<T, _>(b, cfg) {
            Ok((v, n)) if n == b.len() => Ok(v),
            Ok((_, n)) => Err(Msg::Corrupt {
                detail: format!("{what}: {} trailing bytes", b.len() - n),
            }),
            Err(e) => Err(Msg::Corrupt {
                detail: format!("{what}: {e}"),
            }),
        }
    }
    match b.len() {
        n if n <= 1 << 12 => with::<T, { 1 << 12 }>(b, what),
        n if n <= 1 << 14 => with::<T, { 1 << 14 }>(b, what),
        n if n <= 1 << 16 => with::<T, { 1 << 16 }>(b, what),
        n if n <= 1 << 18 => with::<T, { 1 << 18 }>(b, what),
        n if n <= 1 << 20 => with::<T, { 1 << 20 }>(b, what),
        n if n <= 1 << 22 => with::<T, { 1 << 22 }>(b, what),
        n if n <= 1 << 24 => with::<T, { 1 << 24 }>(b, what),
        n if n <= 1 << 26 => with::<T, { 1 << 26 }>(b, what),
        n if n <= 1 << 28 => with::<T, { 1 << 28 }>(b, what),
        n if n <= 1 << 30 => with::<T, { 1 << 30 }>(b, what),
        n if n <= 1 << 32 => with::<T, { 1 << 32 }>(b, what),
        n if n <= 1 << 34 => with::<T, { 1 << 34 }>(b, what),
        n if n <= 1 << 36 => with::<T, { 1 << 36 }>(b, what),
        n => Err(Msg::Corrupt {
            detail: format!("{what}: {n} bytes is more than dvk reads"),
        }),
    }
}

/// A record that can be stored.
pub trait Envelope: Sized {
    const WHAT: &'static str;
    fn encode(&self) -> Vec<u8>;
    fn decode(b: &[u8]) -> Result<Self, Msg>;
}

// The borrowed twin encodes `V1(&x)` exactly like `V1(x)` without cloning the record. When a
// V2 is added, the twin's single variant must become the newest one at the same index.
macro_rules! envelope {
    ($stored:ident, $twin:ident, $t:ty, $what:literal) => {
        #[derive(Deserialize)]
        pub enum $stored {
            V1($t),
        }
        #[derive(Serialize)]
        #[serde(rename = $what)]
        enum $twin<'a> {
            V1(&'a $t),
        }
        impl Envelope for $t {
            const WHAT: &'static str = $what;
            fn encode(&self) -> Vec<u8> {
                encode_raw(&$twin::V1(self))
            }
            fn decode(b: &[u8]) -> Result<Self, Msg> {
                match decode_raw::<$stored>(b, $what)? {
                    $stored::V1(x) => Ok(x),
                }
            }
        }
    };
}

// A record whose shape changed once: V1 values (of the shape kept in [`v1`]) migrate on read,
// and new values are written as V2.
macro_rules! envelope_v2 {
    ($stored:ident, $twin:ident, $old:ty, $t:ty, $what:literal) => {
        #[derive(Deserialize)]
        pub enum $stored {
            V1($old),
            V2($t),
        }
        #[derive(Serialize)]
        #[serde(rename = $what)]
        enum $twin<'a> {
            // Never written any more; kept so that V2 encodes with its own variant index.
            #[allow(dead_code)]
            V1(()),
            V2(&'a $t),
        }
        impl Envelope for $t {
            const WHAT: &'static str = $what;
            fn encode(&self) -> Vec<u8> {
                encode_raw(&$twin::V2(self))
            }
            fn decode(b: &[u8]) -> Result<Self, Msg> {
                match decode_raw::<$stored>(b, $what)? {
                    $stored::V1(x) => Ok(x.into()),
                    $stored::V2(x) => Ok(x),
                }
            }
        }
    };
}

pub mod v1;

// Periods gained their reviews in V2 (a V1 final review date becomes a final review).
envelope_v2!(
    StoredPeriod,
    StoredPeriodRef,
    v1::PeriodV1,
    Period,
    "period"
);
envelope!(StoredField, StoredFieldRef, FieldDef, "field");
envelope!(StoredForm, StoredFormRef, AwardForm, "form");
envelope!(StoredBody, StoredBodyRef, Body, "body");
envelope!(StoredUnit, StoredUnitRef, Unit, "unit");
// Models gained the outcome's date and decision number in V2.
envelope_v2!(StoredModel, StoredModelRef, v1::ModelV1, Model, "model");
envelope!(StoredCheckIn, StoredCheckInRef, CheckIn, "check-in");
envelope!(StoredAward, StoredAwardRef, Award, "award");

/// Check-ins are stored by model, a few to a value (see [`CHECKINS_PER_CHUNK`]): one key per
/// check-in (and another to index it by model) cost far more on disk than the check-in
/// itself, and a model's check-ins are always read together.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckInChunk(pub Vec<CheckIn>);

/// At most this many check-ins share a value, so that adding one rewrites a bounded record
/// however long a model is followed.
pub const CHECKINS_PER_CHUNK: usize = 16;

envelope!(
    StoredCheckInChunk,
    StoredCheckInChunkRef,
    CheckInChunk,
    "check-ins"
);
envelope!(
    StoredReplication,
    StoredReplicationRef,
    Replication,
    "replication"
);
// Audit entries gained a note (the reason of a step or status change) in V2; V1 entries read
// as entries without a note.
#[derive(Deserialize)]
pub struct AuditEntryV1 {
    pub seq: u64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub user: String,
    pub action: Action,
    pub record: RecordRef,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Deserialize)]
pub enum StoredAudit {
    V1(AuditEntryV1),
    V2(AuditEntry),
}

#[derive(Serialize)]
#[serde(rename = "audit entry")]
enum StoredAuditRef<'a> {
    // Never written any more; kept so that V2 encodes with its own variant index.
    #[allow(dead_code)]
    V1(()),
    V2(&'a AuditEntry),
}

impl Envelope for AuditEntry {
    const WHAT: &'static str = "audit entry";
    fn encode(&self) -> Vec<u8> {
        encode_raw(&StoredAuditRef::V2(self))
    }
    fn decode(b: &[u8]) -> Result<Self, Msg> {
        match decode_raw::<StoredAudit>(b, Self::WHAT)? {
            StoredAudit::V1(e) => Ok(AuditEntry {
                seq: e.seq,
                at: e.at,
                user: e.user,
                action: e.action,
                record: e.record,
                before: e.before,
                after: e.after,
                note: String::new(),
            }),
            StoredAudit::V2(e) => Ok(e),
        }
    }
}

// Stats gained the reported actuals in V2 (schema 3); the migration to schema 3 rewrites
// every stats record, so a V1 one is only read while that migration runs.
#[derive(Deserialize)]
struct ModelStatsV1 {
    last_checkin: Option<NaiveDate>,
    checkins: u32,
    awards: u32,
    replications: u32,
}

#[derive(Deserialize)]
enum StoredStats {
    V1(ModelStatsV1),
    V2(ModelStats),
}

#[derive(Serialize)]
#[serde(rename = "model stats")]
enum StoredStatsRef<'a> {
    // Never written any more; kept so that V2 encodes with its own variant index.
    #[allow(dead_code)]
    V1(()),
    V2(&'a ModelStats),
}

impl Envelope for ModelStats {
    const WHAT: &'static str = "model stats";
    fn encode(&self) -> Vec<u8> {
        encode_raw(&StoredStatsRef::V2(self))
    }
    fn decode(b: &[u8]) -> Result<Self, Msg> {
        match decode_raw::<StoredStats>(b, Self::WHAT)? {
            StoredStats::V1(s) => Ok(ModelStats {
                last_checkin: s.last_checkin,
                checkins: s.checkins,
                awards: s.awards,
                replications: s.replications,
                reported: vec![],
            }),
            StoredStats::V2(s) => Ok(s),
        }
    }
}
// Datasets hold records themselves, so they changed with periods and models.
envelope_v2!(
    StoredDataset,
    StoredDatasetRef,
    v1::DatasetV1,
    Dataset,
    "dataset"
);

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The records whose V1 bytes are kept in `tests/fixtures/`. Never change these values:
    /// the fixture test proves that bytes written by the first release still decode.
    pub fn fixture_records() -> (Model, CheckIn, Award, Unit, AuditEntry) {
        let model = Model {
            id: 7,
            code: "MH-07".into(),
            unit: 3,
            kind: ModelKind::Individual,
            title: "Dân vận khéo trong cải cách hành chính".into(),
            person: "Nguyễn Thị Hoa".into(),
            position: "Phó Chánh Văn phòng".into(),
            leader: "Hoàng Văn Nam".into(),
            field: "professional".into(),
            period: "2017-2020".into(),
            registered_on: d(2017, 7, 1),
            status: RegStatus::Approved,
            step: 3,
            outcome: Outcome::Recognized,
            summary: "Giảm thời gian trả hồ sơ".into(),
            registration: Registration {
                problem: "Hồ sơ chậm".into(),
                goals: "Trả đúng hạn".into(),
                start_on: Some(d(2017, 8, 1)),
                ..Registration::default()
            },
            criteria: vec![Criterion {
                name: "Hồ sơ đúng hạn".into(),
                measure: "%".into(),
                target: 95.0,
                actual: 97.5,
                due: Some(d(2019, 12, 31)),
            }],
            rev: 4,
            outcome_on: None,
            outcome_decision: String::new(),
        };
        let checkin = CheckIn {
            id: 11,
            model: 7,
            date: d(2018, 3, 15),
            kind: CheckInKind::Inspection,
            by: "Đoàn kiểm tra số 2".into(),
            note: "Đạt".into(),
            step: Some(3),
            actuals: vec![(0, 90.0)],
            next_due: Some(d(2018, 6, 15)),
            rev: 1,
        };
        let award = Award {
            id: 2,
            model: 7,
            body: "Ban Dân vận Tỉnh ủy".into(),
            form: "giay_khen".into(),
            decision_no: "123-QĐ/BDVTU".into(),
            decided_on: d(2020, 10, 12),
            note: String::new(),
            rev: 1,
        };
        let unit = Unit {
            id: 3,
            code: "DB-VP".into(),
            name: "Đảng bộ Văn phòng UBND tỉnh".into(),
            parent: Some(1),
            kind: UnitKind::PartyCommittee,
            active: true,
            rev: 2,
        };
        let audit = AuditEntry {
            seq: 9,
            at: Utc.with_ymd_and_hms(2020, 10, 20, 8, 30, 0).unwrap(),
            user: "canbo".into(),
            action: Action::Update,
            record: RecordRef::Model(7),
            before: Some("{}".into()),
            after: None,
            note: String::new(),
        };
        (model, checkin, award, unit, audit)
    }

    fn fixture_path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records_v1.bin")
    }

    fn fixture_bytes() -> Vec<Vec<u8>> {
        let (m, c, a, u, e) = fixture_records();
        vec![m.encode(), c.encode(), a.encode(), u.encode(), e.encode()]
    }

    /// The fixture holds the bytes the first release wrote; it is never regenerated.
    #[test]
    fn v1_fixture_still_decodes() {
        let path = fixture_path();
        let bytes = std::fs::read(&path).expect("tests/fixtures/records_v1.bin");
        let parts: Vec<Vec<u8>> = decode_raw(&bytes, "fixture").unwrap();
        let (m, c, a, u, e) = fixture_records();
        assert_eq!(Model::decode(&parts[0]).unwrap(), m);
        assert_eq!(CheckIn::decode(&parts[1]).unwrap(), c);
        assert_eq!(Award::decode(&parts[2]).unwrap(), a);
        assert_eq!(Unit::decode(&parts[3]).unwrap(), u);
        // A V1 audit entry (no note) migrates on read.
        assert_eq!(AuditEntry::decode(&parts[4]).unwrap(), e);
        // The encoder still writes the same bytes for records whose shape has not changed…
        assert_eq!(parts[1..4], fixture_bytes()[1..4]);
        // …models as V2, with the outcome's date and decision, which read back whole…
        let mut decided = m.clone();
        decided.outcome_on = Some(d(2020, 10, 12));
        decided.outcome_decision = "125-QĐ/ĐUK".into();
        assert_ne!(decided.encode(), parts[0]);
        assert_eq!(Model::decode(&decided.encode()).unwrap(), decided);
        // …and audit entries as V2, which read back whole.
        let mut noted = e.clone();
        noted.note = "trả lại để bổ sung tiêu chí".into();
        assert_ne!(noted.encode(), parts[4]);
        assert_eq!(AuditEntry::decode(&noted.encode()).unwrap(), noted);
    }

    /// A period written before reviews (V1: the final review's date only) reads as a period
    /// whose reviews are that final review; it is written back as V2.
    #[test]
    fn a_v1_period_reads_with_its_final_review() {
        let steps = crate::domain::codes::default_steps();
        let mut old = vec![0u8];
        old.extend(encode_raw(&(
            "2017-2020",
            2017u16,
            2020u16,
            "04-HD/BDVTU",
            Some(d(2017, 6, 1)),
            steps.clone(),
            90u32,
            Some(d(2020, 10, 12)),
        )));
        let p = Period::decode(&old).unwrap();
        assert_eq!(p.reviews, vec![Review::final_on(d(2020, 10, 12))]);
        assert_eq!(
            (p.code.as_str(), p.steps, p.checkin_interval_days),
            ("2017-2020", steps, 90)
        );
        let mut p2 = Period::decode(&old).unwrap();
        p2.reviews.insert(
            0,
            Review {
                kind: ReviewKind::Interim,
                date: d(2018, 12, 20),
                title: "Sơ kết".into(),
                doc_no: "38-BC/ĐUK".into(),
            },
        );
        assert_eq!(p2.encode()[0], 1, "written as V2");
        assert_eq!(Period::decode(&p2.encode()).unwrap(), p2);
    }

    #[test]
    fn trailing_bytes_are_corruption() {
        let (m, ..) = fixture_records();
        let mut b = m.encode();
        assert_eq!(Model::decode(&b).unwrap(), m);
        b.push(0);
        assert!(matches!(Model::decode(&b), Err(Msg::Corrupt { .. })));
        assert!(matches!(Model::decode(&b[..10]), Err(Msg::Corrupt { .. })));
    }
}
