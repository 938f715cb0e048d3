//! The parts of a large import kept aside until the last one arrives
//! ([`crate::api::Request::ImportPart`]): in a file without a name beside the database, so
//! that nothing is left behind by a crash, and read back part by part, each decoded with a
//! size limit.

use std::io::Write;
use std::os::unix::fs::FileExt;

use super::Store;
use super::records::encode_raw;
use crate::api::{ApiResult, ImportBatch};
use crate::domain::Msg;

pub(crate) struct Spool {
    file: std::fs::File,
    /// The database, named in a message about the file (a full disk says which).
    db: std::path::PathBuf,
    end: u64,
    kind: std::mem::Discriminant<ImportBatch>,
    pub(crate) rows: u64,
}

/// An error of the spool's file, said of the database beside it.
fn io_msg(db: &std::path::Path, e: std::io::Error) -> crate::api::ApiError {
    super::file_msg(db, &e).into()
}

impl Spool {
    /// Begin with the first part.
    pub(crate) fn new(store: &Store, first: &ImportBatch) -> ApiResult<Spool> {
        let dir = store
            .path()
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let file = tempfile::tempfile_in(dir).map_err(|e| super::file_err(dir, e))?;
        Ok(Spool {
            file,
            db: store.path().to_path_buf(),
            end: 0,
            kind: std::mem::discriminant(first),
            rows: 0,
        })
    }

    /// Keep one more part, of the kind of the first.
    pub(crate) fn push(&mut self, part: &ImportBatch) -> ApiResult<()> {
        if std::mem::discriminant(part) != self.kind {
            return Err(Msg::ImportStreamBroken.into());
        }
        let body = encode_raw(part);
        let mut f = &self.file;
        f.write_all(&(body.len() as u64).to_be_bytes())
            .and_then(|_| f.write_all(&body))
            .map_err(|e| io_msg(&self.db, e))?;
        self.end += 8 + body.len() as u64;
        self.rows += part.len() as u64;
        Ok(())
    }

    /// The parts, from the first.
    pub(crate) fn parts(&self) -> ApiResult<Box<dyn Iterator<Item = ApiResult<ImportBatch>> + '_>> {
        let mut at = 0u64;
        Ok(Box::new(std::iter::from_fn(move || {
            if at >= self.end {
                return None;
            }
            let mut len = [0u8; 8];
            if let Err(e) = self.file.read_exact_at(&mut len, at) {
                at = self.end;
                return Some(Err(io_msg(&self.db, e)));
            }
            let n = u64::from_be_bytes(len);
            if n > self.end - at - 8 {
                at = self.end;
                return Some(Err(Msg::Corrupt {
                    detail: "import part".into(),
                }
                .into()));
            }
            let mut body = vec![0u8; n as usize];
            if let Err(e) = self.file.read_exact_at(&mut body, at + 8) {
                at = self.end;
                return Some(Err(io_msg(&self.db, e)));
            }
            at += 8 + n;
            Some(decode_part(&body))
        })))
    }
}

/// A part as this process wrote it, decoded with a limit: a part's rows in memory take
/// several times their encoded bytes (as when the request carrying it was read), never more
/// than 4 GiB.
fn decode_part(body: &[u8]) -> ApiResult<ImportBatch> {
    let cfg = bincode::config::standard().with_limit::<{ 4 << 30 }>();
    match bincode::serde::decode_from_slice::<ImportBatch, _>(body, cfg) {
        Ok((b, n)) if n == body.len() => Ok(b),
        _ => Err(Msg::Corrupt {
            detail: "import part".into(),
        }
        .into()),
    }
}
