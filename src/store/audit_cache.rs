//! Decoded audit entries, kept for the reads that send them again and again: every read of a
//! model's detail sends its newest entries, each with the record's JSON before and after, and
//! decoding them (mostly checking that their text is UTF-8) was the largest part of such a
//! read. An entry is used only while the bytes stored under its number are still exactly the
//! ones it was decoded from, so a rewritten log (a restore) is never answered from here.

use std::collections::HashMap;
use std::sync::Mutex;

use sled::IVec;

use super::records::Envelope;
use crate::domain::{AuditEntry, Msg};

/// Entries kept at most; past that the cache starts again empty.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub(crate) struct AuditCache {
    entries: Mutex<HashMap<u64, (IVec, AuditEntry)>>,
}

impl AuditCache {
    /// Decode stored audit entries `(sequence number, bytes)`, in the same order.
    pub(crate) fn decode(&self, stored: Vec<(u64, IVec)>) -> Result<Vec<AuditEntry>, Msg> {
        let mut out: Vec<Option<AuditEntry>> = {
            let map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            stored
                .iter()
                .map(|(seq, bytes)| {
                    map.get(seq)
                        .filter(|(b, _)| b == bytes)
                        .map(|(_, e)| e.clone())
                })
                .collect()
        };
        let mut fresh = Vec::new();
        for (slot, (seq, bytes)) in out.iter_mut().zip(stored) {
            if slot.is_none() {
                let e = AuditEntry::decode(&bytes)?;
                *slot = Some(e.clone());
                fresh.push((seq, (bytes, e)));
            }
        }
        if !fresh.is_empty() {
            let mut map = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if map.len() + fresh.len() > CAPACITY {
                map.clear();
            }
            map.extend(fresh);
        }
        Ok(out.into_iter().flatten().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Action, RecordRef};

    fn entry(seq: u64, after: &str) -> AuditEntry {
        AuditEntry {
            seq,
            at: chrono::Utc::now(),
            user: "canbo".into(),
            action: Action::Update,
            record: RecordRef::Model(1),
            before: None,
            after: Some(after.into()),
            note: String::new(),
        }
    }

    #[test]
    fn an_entry_comes_from_the_cache_only_while_its_bytes_are_unchanged() {
        let c = AuditCache::default();
        let a = entry(1, "trước");
        let b = entry(2, "sau");
        let stored = |e: &AuditEntry| (e.seq, IVec::from(e.encode()));
        assert_eq!(
            c.decode(vec![stored(&a), stored(&b)]).unwrap(),
            vec![a.clone(), b.clone()]
        );
        assert_eq!(
            c.decode(vec![stored(&b), stored(&a)]).unwrap(),
            vec![b.clone(), a.clone()]
        );
        // A restore wrote another entry under the same number.
        let a2 = entry(1, "khác");
        assert_eq!(c.decode(vec![stored(&a2)]).unwrap(), vec![a2.clone()]);
        assert_eq!(
            c.decode(vec![stored(&a2), stored(&b)]).unwrap(),
            vec![a2, b]
        );
        // Damaged bytes are an error, as without the cache.
        assert!(c.decode(vec![(3, IVec::from(&b"\xff\xff"[..]))]).is_err());
    }

    #[test]
    fn the_cache_stays_bounded() {
        let c = AuditCache::default();
        for seq in 0..(CAPACITY as u64 + 10) {
            let e = entry(seq, "x");
            c.decode(vec![(seq, IVec::from(e.encode()))]).unwrap();
        }
        assert!(c.entries.lock().unwrap().len() <= CAPACITY);
    }
}
