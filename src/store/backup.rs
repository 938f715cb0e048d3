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
}
