//! The backup file: `DVKBAK` magic, a format version, the time it was written (milliseconds
//! since 1970, UTC), the dataset in its versioned envelope (bincode), and a CRC-32 of
//! everything before it. A damaged or truncated file is refused as corrupt; a file from a
//! newer format as newer. Format 1 (the first release) had no time; it is still read.
//!
//! The time is inside the file so that the server's pruning of `backups/` keeps the newest
//! by when they were written, whatever their names say; it reads only the header.

use std::io::Read;
use std::path::Path;

use super::records::{StoredDataset, decode_bounded};
use crate::api::{ApiError, Dataset};
use crate::domain::Msg;

const MAGIC: &[u8; 8] = b"DVKBAK\r\n";
/// Raised only when the layout around the envelope changes.
/// 1: no time of writing. 2: the time of writing after the version.
pub const BACKUP_FORMAT: u32 = 2;
/// Magic, version and time.
const HEADER: usize = 20;

/// Now, in milliseconds since 1970 (UTC).
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn encode_backup(ds: &Dataset) -> Vec<u8> {
    encode_backup_at(ds, now_ms())
}

/// A backup that says it was written at `written_ms`.
pub fn encode_backup_at(ds: &Dataset, written_ms: i64) -> Vec<u8> {
    use super::records::Envelope;
    let body = ds.encode();
    let mut out = Vec::with_capacity(body.len() + HEADER + 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&BACKUP_FORMAT.to_le_bytes());
    out.extend_from_slice(&written_ms.to_le_bytes());
    out.extend_from_slice(&body);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn corrupt(detail: &str) -> ApiError {
    Msg::Corrupt {
        detail: detail.into(),
    }
    .into()
}

pub fn decode_backup(b: &[u8]) -> Result<Dataset, ApiError> {
    if b.len() < MAGIC.len() + 8 || &b[..MAGIC.len()] != MAGIC {
        return Err(corrupt("not a dvk backup file"));
    }
    let (data, crc) = b.split_at(b.len() - 4);
    if crc32fast::hash(data).to_le_bytes() != crc {
        return Err(corrupt(
            "backup checksum does not match (damaged or truncated file)",
        ));
    }
    let version = u32::from_le_bytes(data[8..12].try_into().expect("4 bytes"));
    let body = match version {
        1 => &data[12..],
        2 if data.len() >= HEADER => &data[HEADER..],
        2 => return Err(corrupt("backup header cut short")),
        _ if version > BACKUP_FORMAT => {
            return Err(Msg::DbNewer {
                found: version,
                supported: BACKUP_FORMAT,
            }
            .into());
        }
        _ => return Err(corrupt("not a dvk backup file")),
    };
    match decode_bounded::<StoredDataset>(body, "backup")? {
        StoredDataset::V1(ds) => Ok(ds.into()),
        StoredDataset::V2(ds) => Ok(ds),
    }
}

/// When a backup says it was written, from its header alone: `Some(Some(ms))`, or
/// `Some(None)` for a backup of the first format (which did not say); `None` for anything
/// that is not a dvk backup this dvk knows.
pub fn backup_written_at(header: &[u8]) -> Option<Option<i64>> {
    if header.len() < 12 || &header[..MAGIC.len()] != MAGIC {
        return None;
    }
    match u32::from_le_bytes(header[8..12].try_into().ok()?) {
        1 => Some(None),
        2 => Some(Some(i64::from_le_bytes(
            header.get(12..HEADER)?.try_into().ok()?,
        ))),
        _ => None,
    }
}

/// When the backup file at `path` was written: from its header, or for a backup of the first
/// format, its modification time. `None` when the file is not a dvk backup.
pub fn backup_file_time(path: &Path) -> Option<i64> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut header = Vec::with_capacity(HEADER);
    f.by_ref()
        .take(HEADER as u64)
        .read_to_end(&mut header)
        .ok()?;
    match backup_written_at(&header)? {
        Some(ms) => Some(ms),
        None => {
            let modified = f.metadata().ok()?.modified().ok()?;
            let d = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
            Some(d.as_millis() as i64)
        }
    }
}

/// Write a backup file whole or not at all (a temporary file beside it, synced, renamed):
/// readable by its owner and group only (`0640`), as it holds the whole database.
pub fn write_backup_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::fsutil::write_atomic(path, bytes, crate::fsutil::PRIVATE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::records::tests::fixture_records;

    #[test]
    fn round_trip_and_damage() {
        let (m, c, a, u, e) = fixture_records();
        let ds = Dataset {
            units: vec![u],
            models: vec![m],
            checkins: vec![c],
            awards: vec![a],
            audit: vec![e],
            fields: crate::domain::codes::default_fields(),
            ..Dataset::default()
        };
        let b = encode_backup(&ds);
        assert_eq!(decode_backup(&b).unwrap(), ds);
        for i in [0, 9, 20, b.len() / 2, b.len() - 1] {
            let mut d = b.clone();
            d[i] ^= 0x40;
            assert!(
                matches!(decode_backup(&d), Err(ApiError::Msg(Msg::Corrupt { .. }))),
                "byte {i}"
            );
        }
        assert!(decode_backup(&b[..b.len() - 3]).is_err());
        assert!(decode_backup(b"").is_err());
    }

    /// A backup says when it was written, in its header; one of the first format (no time)
    /// is still read.
    #[test]
    fn the_time_of_writing_is_in_the_header() {
        use super::super::records::Envelope;
        let ds = Dataset {
            fields: crate::domain::codes::default_fields(),
            ..Dataset::default()
        };
        let b = encode_backup_at(&ds, 1_600_000_000_123);
        assert_eq!(
            backup_written_at(&b[..HEADER]),
            Some(Some(1_600_000_000_123))
        );
        assert_eq!(decode_backup(&b).unwrap(), ds);
        let mut v1 = MAGIC.to_vec();
        v1.extend_from_slice(&1u32.to_le_bytes());
        v1.extend_from_slice(&ds.encode());
        let crc = crc32fast::hash(&v1);
        v1.extend_from_slice(&crc.to_le_bytes());
        assert_eq!(decode_backup(&v1).unwrap(), ds);
        assert_eq!(backup_written_at(&v1[..HEADER]), Some(None));
        assert_eq!(backup_written_at(b"DVKBAK\r\n\x09\0\0\0"), None);
        assert_eq!(backup_written_at(b"PK\x03\x04 not a backup at all"), None);
    }

    /// A backup written before outcomes had dates and periods had reviews: its model is the
    /// first release's bytes (tests/fixtures/records_v1.bin), its period the old shape with
    /// only the final review's date. It restores with the final review kept as a review.
    #[test]
    fn a_backup_of_the_older_records_still_restores() {
        use crate::domain::*;
        use crate::store::records::{decode_raw, encode_raw};
        use chrono::NaiveDate;
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records_v1.bin");
        let parts: Vec<Vec<u8>> = decode_raw(&std::fs::read(fixture).unwrap(), "fixture").unwrap();
        let (m, c, a, u, _) = fixture_records();
        let day = |y, mo, d| NaiveDate::from_ymd_opt(y, mo, d).unwrap();
        let steps = codes::default_steps();
        // The dataset envelope's V1, then its fields in order, as bincode lays them out.
        let mut body = vec![0u8];
        body.extend(encode_raw(&vec![(
            "2017-2020",
            2017u16,
            2020u16,
            "04-HD/BDVTU",
            Some(day(2017, 6, 1)),
            steps.clone(),
            90u32,
            Some(day(2020, 10, 12)),
        )]));
        body.extend(encode_raw(&codes::default_fields()));
        body.extend(encode_raw(&codes::default_forms()));
        body.extend(encode_raw(&Vec::<Body>::new()));
        body.extend(encode_raw(&vec![u.clone()]));
        body.extend(encode_raw(&1u64));
        body.extend(&parts[0][1..]); // the model, without its own envelope's variant
        body.extend(encode_raw(&vec![c.clone()]));
        body.extend(encode_raw(&vec![a.clone()]));
        body.extend(encode_raw(&Vec::<Replication>::new()));
        body.extend(encode_raw(&Vec::<AuditEntry>::new()));
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&1u32.to_le_bytes());
        file.extend_from_slice(&body);
        let crc = crc32fast::hash(&file);
        file.extend_from_slice(&crc.to_le_bytes());

        let ds = decode_backup(&file).unwrap();
        assert_eq!(ds.models, vec![m]);
        assert_eq!(ds.models[0].outcome_on, None);
        assert_eq!(
            (&ds.units, &ds.checkins, &ds.awards),
            (&vec![u], &vec![c], &vec![a])
        );
        let p = &ds.periods[0];
        assert_eq!((p.code.as_str(), &p.steps), ("2017-2020", &steps));
        assert_eq!(p.reviews, vec![Review::final_on(day(2020, 10, 12))]);
        // Written again, it is the new shape, and reads back whole.
        assert_eq!(decode_backup(&encode_backup(&ds)).unwrap(), ds);
    }
}
