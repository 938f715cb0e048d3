//! The undo log of a streamed import (`<db>.rollback`, beside the database).
//!
//! A large import is written part by part, each part straight into the trees, so that its
//! memory does not grow with the file. Before a part's writes are applied, the values its
//! keys hold are appended to this file and synced; when every part is written and sled is
//! flushed, the file is removed — that removal is the moment the import is made. A crash (or
//! a failed write) before it leaves the file, and the next open (or [`Store::ready`]) puts
//! every key back as it was, last part first: the import did not happen. A part whose entry
//! was cut short while being written was never applied, and is dropped.
//!
//! Layout: `DVKR`, a version byte, then entries: an 8-byte length, a CRC-32 of the body and
//! the body — the keys of one part, tree by tree by name, each with the value it held
//! (`None`: absent).

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::migrate::NamedWrites;
use super::records::{decode_bounded, encode_raw};
use super::{Journal, Store, T, TreeWrites, file_err, io, remove_synced, sync_dir};
use crate::api::ApiResult;
use crate::domain::Msg;

const MAGIC: &[u8; 4] = b"DVKR";
const VERSION: u8 = 1;
const ENTRY_HEADER: u64 = 12;

/// `<db>.rollback`, beside the database directory.
pub(crate) fn rollback_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".rollback");
    db.with_file_name(name)
}

/// An import being written part by part.
pub(crate) struct Rollback {
    path: PathBuf,
    file: std::fs::File,
}

impl Rollback {
    /// Start the log (durably: its name too) before the first part is written.
    pub(crate) fn begin(store: &Store) -> ApiResult<Rollback> {
        let path = rollback_path(store.path());
        let mut file = super::create_private(&path).map_err(|e| file_err(&path, e))?;
        let mut head = MAGIC.to_vec();
        head.push(VERSION);
        file.write_all(&head)
            .and_then(|_| file.sync_all())
            .map_err(|e| file_err(&path, e))?;
        sync_dir(&path)?;
        Ok(Rollback { path, file })
    }

    /// Keep what the keys of `writes` hold now, durably, before they are written.
    pub(crate) fn record(&mut self, store: &Store, writes: &Journal) -> ApiResult<()> {
        let mut before: NamedWrites = Vec::new();
        for (t, ws) in T::ALL.iter().zip(writes) {
            if ws.is_empty() {
                continue;
            }
            let tree = store.tree(*t);
            let mut old = Vec::with_capacity(ws.len());
            for (k, _) in ws {
                old.push((k.clone(), tree.get(k).map_err(io)?.map(|v| v.to_vec())));
            }
            before.push((t.name().to_string(), old));
        }
        let body = encode_raw(&before);
        let mut entry = Vec::with_capacity(body.len() + ENTRY_HEADER as usize);
        entry.extend_from_slice(&(body.len() as u64).to_be_bytes());
        entry.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
        entry.extend_from_slice(&body);
        self.file
            .write_all(&entry)
            .and_then(|_| self.file.sync_data())
            .map_err(|e| file_err(&self.path, e))
    }

    /// Every part is written: make the import durable, then drop the log.
    pub(crate) fn finish(self, store: &Store) -> ApiResult<()> {
        store.flush()?;
        remove_synced(&self.path).map_err(|e| store.halt(e))
    }
}

/// Put back what an unfinished import changed (see the module's comment).
pub(crate) fn replay(store: &Store) -> ApiResult<()> {
    let path = rollback_path(store.path());
    let mut f = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(file_err(&path, e)),
    };
    let damaged = || -> crate::api::ApiError {
        Msg::JournalDamaged {
            path: path.display().to_string(),
        }
        .into()
    };
    let len = f.metadata().map_err(|e| file_err(&path, e))?.len();
    let mut head = [0u8; 5];
    let whole_head = f.read_exact(&mut head).is_ok();
    if whole_head && (&head[..4] != MAGIC || head[4] != VERSION) {
        return Err(damaged());
    }
    // The entries that were written whole: (offset of the body, length, CRC).
    let mut entries: Vec<(u64, u64, u32)> = Vec::new();
    let mut at = head.len() as u64;
    while whole_head && at + ENTRY_HEADER <= len {
        let mut h = [0u8; ENTRY_HEADER as usize];
        f.seek(SeekFrom::Start(at))
            .and_then(|_| f.read_exact(&mut h))
            .map_err(|e| file_err(&path, e))?;
        let n = u64::from_be_bytes(h[..8].try_into().unwrap_or_default());
        let crc = u32::from_be_bytes(h[8..].try_into().unwrap_or_default());
        if n > len - at - ENTRY_HEADER {
            break;
        }
        entries.push((at + ENTRY_HEADER, n, crc));
        at += ENTRY_HEADER + n;
    }
    let last = entries.len();
    for (i, (off, n, crc)) in entries.into_iter().enumerate().rev() {
        let mut body = vec![0u8; n as usize];
        f.seek(SeekFrom::Start(off))
            .and_then(|_| f.read_exact(&mut body))
            .map_err(|e| file_err(&path, e))?;
        if crc32fast::hash(&body) != crc {
            // The last entry may have been cut while it was written (its part was never
            // applied); one before it cannot.
            if i + 1 == last {
                continue;
            }
            return Err(damaged());
        }
        let before: NamedWrites = decode_bounded(&body, "rollback")?;
        drop(body);
        let named: Vec<TreeWrites> = before
            .iter()
            .map(|(n, ws)| (n.as_str(), ws.as_slice()))
            .collect();
        store.apply(&named).map_err(|e| store.halt(e))?;
    }
    store.flush()?;
    remove_synced(&path)
}
