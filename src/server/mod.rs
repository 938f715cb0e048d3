//! `dvk serve`: one process owns the database and answers the `api` requests of every other
//! `dvk` over a Unix socket. Identity is the socket peer's Unix user; rights come from the
//! config's roles; each successful write is pushed to subscribed clients as a notice.

pub mod auth;
pub mod client;
pub mod proto;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::time::Duration;

use crate::api::{Api, ApiError, Backend, Notice, PROTOCOL_VERSION, Request, Response};
use crate::config::Settings;
use crate::domain::{Msg, RecordRef};
use proto::{ClientFrame, ServerFrame};

pub use client::Remote;

struct Shared {
    store: Arc<crate::store::Store>,
    settings: Settings,
    /// Held for reading by every request in flight; taken for writing at shutdown so that
    /// the process ends only between requests.
    gate: RwLock<()>,
    subscribers: Mutex<Vec<mpsc::Sender<Notice>>>,
    seq: AtomicU64,
    owner: String,
}

fn io_err(what: &Path, e: impl std::fmt::Display) -> ApiError {
    ApiError::Msg(Msg::Io {
        detail: format!("{}: {e}", what.display()),
    })
}

/// The Unix login name of the peer of a connection.
fn peer_user(s: &UnixStream) -> Option<String> {
    let cred = nix::sys::socket::getsockopt(s, nix::sys::socket::sockopt::PeerCredentials).ok()?;
    let uid = nix::unistd::Uid::from_raw(cred.uid());
    Some(match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) => u.name,
        _ => format!("uid{}", cred.uid()),
    })
}

fn current_user() -> String {
    nix::unistd::User::from_uid(nix::unistd::geteuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| format!("uid{}", nix::unistd::geteuid()))
}

/// Run the server until SIGTERM or SIGINT.
pub fn serve(s: &Settings) -> Result<(), ApiError> {
    if Remote::connect(&s.socket)?.is_some() {
        return Err(ApiError::Msg(Msg::ServerRunning {
            socket: s.socket.display().to_string(),
        }));
    }
    let store = match crate::store::Store::open(&s.db) {
        Err(ApiError::Msg(Msg::DbLocked { path, .. })) => {
            return Err(ApiError::Msg(Msg::DbLocked {
                path,
                socket: s.socket.display().to_string(),
            }));
        }
        other => Arc::new(other?),
    };
    std::fs::set_permissions(&s.db, std::fs::Permissions::from_mode(0o750))
        .map_err(|e| io_err(&s.db, e))?;
    let listener = bind(s)?;
    let shared = Arc::new(Shared {
        store,
        settings: s.clone(),
        gate: RwLock::new(()),
        subscribers: Mutex::new(Vec::new()),
        seq: AtomicU64::new(0),
        owner: current_user(),
    });
    backups(&shared)?;
    stop_on_signals(&shared)?;
    eprintln!(
        "{}",
        s.lang.pick(
            format!(
                "dvk serve: cơ sở dữ liệu {}, socket {}",
                s.db.display(),
                s.socket.display()
            ),
            format!(
                "dvk serve: database {}, socket {}",
                s.db.display(),
                s.socket.display()
            ),
        )
    );
    for conn in listener.incoming() {
        match conn {
            Ok(stream) => {
                let sh = shared.clone();
                std::thread::spawn(move || connection(stream, &sh));
            }
            Err(e) => eprintln!("dvk serve: {e}"),
        }
    }
    Ok(())
}

/// Bind the socket (replacing a stale one), `0660`, owned by the configured group.
fn bind(s: &Settings) -> Result<UnixListener, ApiError> {
    let path = &s.socket;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    }
    if path.exists() {
        // Nothing answered (checked before): a socket left by a server that died.
        std::fs::remove_file(path).map_err(|e| io_err(path, e))?;
    }
    let listener = UnixListener::bind(path).map_err(|e| io_err(path, e))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))
        .map_err(|e| io_err(path, e))?;
    if let Some(group) = &s.file.group {
        let g = nix::unistd::Group::from_name(group)
            .ok()
            .flatten()
            .ok_or_else(|| {
                ApiError::Msg(Msg::UnknownValue {
                    text: group.clone(),
                    allowed: "/etc/group".into(),
                })
            })?;
        nix::unistd::chown(path.as_path(), None, Some(g.gid)).map_err(|e| io_err(path, e))?;
    }
    Ok(listener)
}

fn stop_on_signals(shared: &Arc<Shared>) -> Result<(), ApiError> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT]).map_err(|e| {
        ApiError::Msg(Msg::Io {
            detail: e.to_string(),
        })
    })?;
    let sh = shared.clone();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            // Wait for the requests in flight; every write flushes before it answers.
            let _closed = sh.gate.write().unwrap_or_else(|p| p.into_inner());
            let _ = std::fs::remove_file(&sh.settings.socket);
            std::process::exit(0);
        }
    });
    Ok(())
}

/// A backup at start, then every `backup_every_hours` (default 24), keeping `backup_keep`
/// (default 7) in `backups/` beside the database directory.
fn backups(shared: &Arc<Shared>) -> Result<(), ApiError> {
    let hours = shared.settings.file.backup_every_hours.unwrap_or(24);
    let keep = shared.settings.file.backup_keep.unwrap_or(7).max(1);
    if hours == 0 {
        return Ok(());
    }
    let dir = shared
        .settings
        .db
        .parent()
        .map(|p| p.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"));
    std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o750))
        .map_err(|e| io_err(&dir, e))?;
    write_backup(shared, &dir, keep)?;
    let sh = shared.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(hours * 3600));
            if let Err(e) = write_backup(&sh, &dir, keep) {
                eprintln!("dvk serve: {}", e.text(sh.settings.lang));
            }
        }
    });
    Ok(())
}

fn write_backup(shared: &Shared, dir: &Path, keep: usize) -> Result<(), ApiError> {
    let backend = crate::store::Embedded::new(shared.store.clone(), "dvk-serve".into());
    let ds = Api(&backend).dataset()?;
    let name = format!("dvk-{}.dvkbak", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    let path = dir.join(name);
    crate::cli::write_atomic(&path, &crate::store::encode_backup(&ds))
        .map_err(|e| io_err(&path, e))?;
    let mut old: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_err(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "dvkbak"))
        .collect();
    old.sort();
    let excess = old.len().saturating_sub(keep);
    for p in &old[..excess] {
        let _ = std::fs::remove_file(p);
    }
    Ok(())
}

/// One client connection: handshake, then requests until it closes. A malformed or oversized
/// frame ends only this connection; a request cut off mid-frame is never executed.
fn connection(mut stream: UnixStream, shared: &Arc<Shared>) {
    let Some(user) = peer_user(&stream) else {
        return;
    };
    let Ok(version) = proto::read_hello(&mut stream) else {
        return;
    };
    let ok = version == PROTOCOL_VERSION;
    let mut hello = proto::MAGIC.to_vec();
    hello.extend_from_slice(&PROTOCOL_VERSION.to_be_bytes());
    hello.push(ok as u8);
    if stream.write_all(&hello).is_err() || !ok {
        return;
    }
    let welcome = ServerFrame::Welcome {
        user: user.clone(),
        db: std::fs::canonicalize(&shared.settings.db)
            .unwrap_or_else(|_| shared.settings.db.clone())
            .display()
            .to_string(),
    };
    if proto::write_frame(&mut stream, &welcome).is_err() {
        return;
    }
    let role = auth::role_of(&user, shared.settings.file.roles.as_ref(), &shared.owner);
    let backend = crate::store::Embedded::with_role(shared.store.clone(), user.clone(), role);
    let mut conn = proto::Conn::new(&stream);
    loop {
        let frame = match conn.recv::<ClientFrame>(proto::MAX_REQUEST) {
            Ok(f) => f,
            Err(_) => return,
        };
        match frame {
            // Notices say who changed what: they are reads, refused to whoever may not read.
            ClientFrame::Subscribe => match may_subscribe(backend.role()) {
                Ok(()) => {
                    drop(conn);
                    return subscriber(stream, shared);
                }
                Err(m) => {
                    let _ = conn.send(&ServerFrame::Reply(Err(m.into())));
                    return;
                }
            },
            ClientFrame::Call(req) => {
                let reply = {
                    let _in_flight = shared.gate.read().unwrap_or_else(|p| p.into_inner());
                    answer(&backend, &user, req, shared)
                };
                if conn.send(&ServerFrame::Reply(reply)).is_err() {
                    return;
                }
            }
        }
    }
}

/// A subscription to notices is a read: refused to a user the roles do not list.
fn may_subscribe(role: &auth::Role) -> Result<(), Msg> {
    auth::authorize(role, &Request::Whoami)
}

/// Answer a request; the backend checks the caller's rights (see [`auth`]).
fn answer(
    backend: &dyn Backend,
    user: &str,
    req: Request,
    shared: &Shared,
) -> Result<Response, ApiError> {
    let write = req.is_write();
    let touched = if write { touched_by(&req) } else { Vec::new() };
    let resp = backend.call(req)?;
    if write {
        let mut records = touched;
        match &resp {
            Response::Saved { id, .. } => {
                records = records.into_iter().map(|r| with_id(r, *id)).collect()
            }
            Response::Undone { record, .. } => records.push(record.clone()),
            _ => {}
        }
        notify(shared, user, records);
    }
    Ok(resp)
}

/// What a write touches (ids of new records are filled in from the answer).
fn touched_by(req: &Request) -> Vec<RecordRef> {
    match req {
        Request::SavePeriod(p) => vec![RecordRef::Period(p.code.clone())],
        Request::SaveField(f) => vec![RecordRef::Field(f.code.clone())],
        Request::SaveForm(f) => vec![RecordRef::Form(f.code.clone())],
        Request::SaveUnit(u) => vec![RecordRef::Unit(u.id)],
        Request::DeleteUnit { id } => vec![RecordRef::Unit(*id)],
        Request::SaveModel(m) => vec![RecordRef::Model(m.id)],
        Request::DeleteModel { id } | Request::ModelAction { id, .. } => {
            vec![RecordRef::Model(*id)]
        }
        Request::SaveCheckIn(c) => vec![RecordRef::CheckIn(c.id), RecordRef::Model(c.model)],
        Request::DeleteCheckIn { model, id } => {
            vec![RecordRef::CheckIn(*id), RecordRef::Model(*model)]
        }
        Request::SaveAward(a) => vec![RecordRef::Award(a.id), RecordRef::Model(a.model)],
        Request::DeleteAward { id } => vec![RecordRef::Award(*id)],
        Request::SaveReplication(r) => {
            vec![RecordRef::Replication(r.id), RecordRef::Model(r.model)]
        }
        Request::DeleteReplication { id } => vec![RecordRef::Replication(*id)],
        Request::Import { batch, .. } => vec![RecordRef::Import {
            file: import_name(batch).into(),
            rows: batch.len() as u64,
        }],
        Request::Load { .. } => vec![RecordRef::Import {
            file: "all".into(),
            rows: 0,
        }],
        _ => Vec::new(),
    }
}

fn import_name(b: &crate::api::ImportBatch) -> &'static str {
    use crate::api::ImportBatch::*;
    match b {
        Periods(_) => "periods",
        Fields(_) => "fields",
        Forms(_) => "forms",
        Units(_) => "units",
        Models(_) => "models",
        CheckIns(_) => "checkins",
        Awards(_) => "awards",
        Replications(_) => "replications",
        Reviews(_) => "reviews",
    }
}

/// The first record of a save gets the id the store gave it.
fn with_id(r: RecordRef, id: u64) -> RecordRef {
    match r {
        RecordRef::Unit(0) => RecordRef::Unit(id),
        RecordRef::Model(0) => RecordRef::Model(id),
        RecordRef::CheckIn(0) => RecordRef::CheckIn(id),
        RecordRef::Award(0) => RecordRef::Award(id),
        RecordRef::Replication(0) => RecordRef::Replication(id),
        other => other,
    }
}

fn notify(shared: &Shared, user: &str, records: Vec<RecordRef>) {
    let seq = shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
    let n = Notice {
        seq,
        user: user.to_string(),
        records,
    };
    let mut subs = shared.subscribers.lock().unwrap_or_else(|p| p.into_inner());
    subs.retain(|tx| tx.send(n.clone()).is_ok());
}

fn subscriber(mut stream: UnixStream, shared: &Shared) {
    let (tx, rx) = mpsc::channel();
    shared
        .subscribers
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(tx);
    for n in rx {
        if proto::write_frame(&mut stream, &ServerFrame::Notice(n)).is_err() {
            return;
        }
    }
}
