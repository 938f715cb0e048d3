//! The backup file: `DVKBAK` magic, a format version, the dataset in its versioned
//! envelope (bincode), and a CRC-32 of everything before it. A damaged or truncated file is
//! refused as corrupt; a file from a newer format as newer.

use super::records::Envelope;
use crate::api::{ApiError, Dataset};
use crate::domain::Msg;

const MAGIC: &[u8; 8] = b"DVKBAK\r\n";
/// Raised only when the layout around the envelope changes.
pub const BACKUP_FORMAT: u32 = 1;

pub fn encode_backup(ds: &Dataset) -> Vec<u8> {
    let body = ds.encode();
    let mut out = Vec::with_capacity(body.len() + 20);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&BACKUP_FORMAT.to_le_bytes());
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
    if version > BACKUP_FORMAT {
        return Err(Msg::DbNewer {
            found: version,
            supported: BACKUP_FORMAT,
        }
        .into());
    }
    Ok(Dataset::decode(&data[12..])?)
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
