//! Choosing who answers requests: the server, when its socket answers, or the database
//! opened in this process.

use std::path::Path;
use std::sync::Arc;

use crate::api::{ApiError, Backend};
use crate::config::Settings;
use crate::domain::Msg;

/// The database opened in this process.
pub fn embedded(db: &Path, user: &str) -> Result<Arc<dyn Backend>, ApiError> {
    embedded_with(db, user, None)
}

/// sled's cache for a process that only imports a file and ends: what it writes is not read
/// again, so a large cache would only hold the written pages (a file of 1,000,000 models
/// filled all 512 MiB of it).
pub const IMPORT_CACHE_BYTES: u64 = 64 << 20;

fn embedded_with(db: &Path, user: &str, cache: Option<u64>) -> Result<Arc<dyn Backend>, ApiError> {
    let store = match cache {
        Some(bytes) => crate::store::Store::open_with_cache(db, bytes)?,
        None => crate::store::Store::open(db)?,
    };
    Ok(Arc::new(crate::store::Embedded::new(
        Arc::new(store),
        user.to_string(),
    )))
}

/// [`connect`] for `dvk import`: the database opened here gets a small cache
/// ([`IMPORT_CACHE_BYTES`]).
pub fn connect_for_import(s: &Settings) -> Result<Arc<dyn Backend>, ApiError> {
    match server(s)? {
        Some(remote) => Ok(remote),
        None => open_with(s, Some(IMPORT_CACHE_BYTES)),
    }
}

/// The server at the settings' socket if one answers, otherwise the database itself. A
/// locked database names the socket so the message can say how to share it.
pub fn connect(s: &Settings) -> Result<Arc<dyn Backend>, ApiError> {
    match server(s)? {
        Some(remote) => Ok(remote),
        None => open(s),
    }
}

/// The server at the settings' socket, if one answers and owns the settings' database.
///
/// A server owning another database is not used: the database is opened in this process
/// instead (exit code 3 if another process holds it); with a socket named by
/// `--socket`/`DVK_SOCKET` and a database named by `--db`/`DVK_DB` that disagree, the
/// command stops with a message naming both. A socket named (also by the config file)
/// without a database named by `--db`/`DVK_DB` means “that server”, whatever database it
/// owns: a client of a shared server may configure the socket only.
pub fn server(s: &Settings) -> Result<Option<Arc<dyn Backend>>, ApiError> {
    let Some(remote) = crate::server::Remote::connect(&s.socket)? else {
        return Ok(None);
    };
    let socket_named = s.socket_given || s.file.socket.is_some();
    if socket_named && !s.db_given {
        return Ok(Some(Arc::new(remote)));
    }
    // A database that does not exist yet is not the one a running server owns.
    let ours = std::fs::canonicalize(&s.db).ok();
    if ours.as_deref() == Some(remote.server_db()) {
        return Ok(Some(Arc::new(remote)));
    }
    if s.socket_given {
        return Err(ApiError::Msg(Msg::ServerOtherDb {
            socket: crate::domain::text::shown_path(&s.socket),
            server_db: crate::domain::text::shown_path(remote.server_db()),
            db: crate::domain::text::shown_path(&s.db),
        }));
    }
    Ok(None)
}

/// Does `db` hold a database? (sled keeps its data in the file `db` inside the directory.)
pub fn exists(db: &Path) -> bool {
    db.join("db").is_file()
}

/// For the commands that only read (`status`, `report`, `export`, `check`, `backup`): the
/// server if one answers for the settings' database, else the database itself — which must
/// already exist: reading never creates a database.
pub fn connect_existing(s: &Settings) -> Result<Arc<dyn Backend>, ApiError> {
    match server(s)? {
        Some(remote) => Ok(remote),
        None => open_existing(s),
    }
}

/// The database itself, opened in this process, when it exists.
pub fn open_existing(s: &Settings) -> Result<Arc<dyn Backend>, ApiError> {
    if !exists(&s.db) {
        return Err(ApiError::Msg(Msg::NoDatabase {
            path: crate::domain::text::shown_path(&s.db),
        }));
    }
    open(s)
}

/// The database itself, opened in this process.
pub fn open(s: &Settings) -> Result<Arc<dyn Backend>, ApiError> {
    open_with(s, None)
}

fn open_with(s: &Settings, cache: Option<u64>) -> Result<Arc<dyn Backend>, ApiError> {
    match embedded_with(&s.db, &s.user, cache) {
        Err(ApiError::Msg(Msg::DbLocked { path, .. })) => Err(ApiError::Msg(Msg::DbLocked {
            path,
            socket: crate::domain::text::shown_path(&s.socket),
        })),
        other => other,
    }
}

/// `Status` of a closed database from its status cache: the quick `dvk status` (see
/// `store::figures`), for when no server answers. `None`: open the database instead.
pub fn quick_status(
    s: &Settings,
    period: Option<&str>,
    as_of: chrono::NaiveDate,
) -> Option<Result<(crate::api::StatusData, Vec<crate::domain::FieldDef>), ApiError>> {
    Some(
        crate::store::figures::quick_status(&s.db, period, as_of)?.map_err(|e| match e {
            ApiError::Msg(Msg::DbLocked { path, .. }) => ApiError::Msg(Msg::DbLocked {
                path,
                socket: crate::domain::text::shown_path(&s.socket),
            }),
            other => other,
        }),
    )
}

/// A private directory (`0700`) removed when dropped: the throwaway database of `dvk --demo`.
pub fn demo_dir() -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new().prefix("dvk-demo-").tempdir()
}
