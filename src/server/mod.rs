//! `dvk serve`: one process owns the database and answers the `api` requests of every other
//! `dvk` over a Unix socket. Identity is the socket peer's Unix user; rights come from the
//! config's roles; each successful write is pushed to subscribed clients as a notice.
//!
//! No client, whatever it sends or fails to send, stops or starves the server:
//!
//! - **Handshake.** A connection has [`HANDSHAKE_TIMEOUT`] to send its hello and take the
//!   welcome; then it is closed. Afterwards a client that stops reading its replies or
//!   notices is closed after [`WRITE_TIMEOUT`].
//! - **Frame limits by role.** Only after the handshake, when the peer's role is known, may a
//!   frame be announced: up to [`proto::MAX_REQUEST`] (256 MiB, an import) for editors and
//!   admins, [`READER_MAX_REQUEST`] (1 MiB) for a viewer or a user with no role. A larger
//!   announcement closes the connection before its body is read. Memory for a body is
//!   reserved as its bytes arrive (see [`proto`]).
//! - **Connection cap.** At start the server raises its soft limit of open files to the hard
//!   limit. It then admits at most `max_connections` connections (config key; default
//!   [`DEFAULT_MAX_CONNECTIONS`]), and never more than the open-file limit allows: the limit
//!   minus the files already open minus [`FD_RESERVE`] for the database, backups and logs
//!   (but at least [`MIN_CONNECTIONS`]). A connection over the cap closes the connection
//!   idle the longest — one not in the middle of a request; change-notice subscriptions go
//!   last, after every idle request connection (a subscription whose client has gone counts
//!   as an idle request connection). If every connection is busy, the newcomer is closed
//!   instead. A connection reading a frame counts as idle since its last complete
//!   request, so a client trickling a frame is among the first to go.
//! - **Out of file descriptors.** When `accept` fails for lack of descriptors (EMFILE,
//!   ENFILE), the server writes one line to its log (then at most one a minute), lowers its
//!   cap to the connections it holds less [`FD_SLACK`], closes idle connections down to it,
//!   and waits 100 ms before accepting again: it never spins. Other accept failures are
//!   logged at the same rate and retried after 10 ms.

pub mod auth;
pub mod client;
pub mod proto;

use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::time::{Duration, Instant};

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
    /// Change notices go to these; `None` tells a subscriber to close.
    subscribers: Mutex<Vec<mpsc::Sender<Option<Notice>>>>,
    seq: AtomicU64,
    owner: String,
    conns: Mutex<Registry>,
}

/// How long a new connection has to finish its handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a reply or a notice may wait for its client to read (per write): a client that
/// stops reading — a stopped process — loses its connection rather than holding a thread
/// and its reply for ever.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// Largest request frame of a viewer, or of a user with no role (reads are small).
pub const READER_MAX_REQUEST: u32 = 1 << 20;
/// Connections admitted when the config does not say.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4096;
/// Open files kept free for the database, backups and the log.
pub const FD_RESERVE: usize = 64;
/// The cap never falls below this on account of the open-file limit.
pub const MIN_CONNECTIONS: usize = 16;
/// After running out of descriptors the cap is set this far below the connections held.
pub const FD_SLACK: usize = 8;
/// Between two log lines about failing accepts.
const ACCEPT_LOG_EVERY: Duration = Duration::from_secs(60);

/// The largest frame a client of `role` may announce.
fn request_limit(role: &auth::Role) -> u32 {
    if matches!(role, auth::Role::Viewer | auth::Role::Nobody) {
        READER_MAX_REQUEST
    } else {
        proto::MAX_REQUEST
    }
}

/// The open connections, for the cap.
struct Registry {
    next: u64,
    cap: usize,
    conns: HashMap<u64, Entry>,
}

struct Entry {
    stream: Arc<UnixStream>,
    /// End of the last request (or the connection's start).
    last: Instant,
    /// A request is being answered.
    busy: bool,
    /// A change-notice subscription: its thread waits on this, not on the socket.
    kick: Option<mpsc::Sender<Option<Notice>>>,
    /// Closed by the cap; its thread is ending.
    evicted: bool,
}

impl Registry {
    fn new(cap: usize) -> Registry {
        Registry {
            next: 0,
            cap,
            conns: HashMap::new(),
        }
    }

    fn open(&self) -> usize {
        self.conns.values().filter(|e| !e.evicted).count()
    }

    /// Close the connection idle the longest (subscriptions last, unless their client has
    /// gone); false if all are busy.
    fn evict_one(&mut self) -> bool {
        let victim = self
            .conns
            .iter()
            .filter(|(_, e)| !e.evicted && !e.busy)
            .min_by_key(|(_, e)| (e.kick.is_some() && !proto::peer_closed(&e.stream), e.last))
            .map(|(id, _)| *id);
        let Some(id) = victim else {
            return false;
        };
        let e = self.conns.get_mut(&id).expect("victim is registered");
        e.evicted = true;
        let _ = e.stream.shutdown(std::net::Shutdown::Both);
        if let Some(k) = &e.kick {
            let _ = k.send(None);
        }
        true
    }

    /// Make room for one more connection and register it; `None` if every connection is busy.
    fn admit(&mut self, stream: Arc<UnixStream>) -> Option<u64> {
        while self.open() >= self.cap {
            if !self.evict_one() {
                return None;
            }
        }
        let id = self.next;
        self.next += 1;
        self.conns.insert(
            id,
            Entry {
                stream,
                last: Instant::now(),
                busy: false,
                kick: None,
                evicted: false,
            },
        );
        Some(id)
    }

    /// Out of descriptors: hold fewer connections from now on.
    fn shrink(&mut self) {
        self.cap = self.open().saturating_sub(FD_SLACK).max(1);
        while self.open() > self.cap && self.evict_one() {}
    }
}

/// A registered connection; dropping it unregisters the connection.
struct Slot {
    id: u64,
    shared: Arc<Shared>,
}

impl Slot {
    fn with(&self, f: impl FnOnce(&mut Entry)) {
        let mut r = self.shared.conns.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = r.conns.get_mut(&self.id) {
            f(e)
        }
    }

    fn busy(&self, busy: bool) {
        self.with(|e| {
            e.busy = busy;
            e.last = Instant::now();
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut r = self.shared.conns.lock().unwrap_or_else(|p| p.into_inner());
        r.conns.remove(&self.id);
    }
}

/// Raise the soft limit of open files to the hard limit; returns the limit now in force.
fn raise_fd_limit() -> usize {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return 1024;
    };
    let want = hard.min(1 << 20);
    let now = if want > soft && setrlimit(Resource::RLIMIT_NOFILE, want, hard).is_ok() {
        want
    } else {
        soft
    };
    usize::try_from(now).unwrap_or(usize::MAX)
}

/// The connection cap for an open-file `limit` with `open` files already open.
fn connection_cap(limit: usize, open: usize, configured: Option<usize>) -> usize {
    let by_files = limit
        .saturating_sub(open)
        .saturating_sub(FD_RESERVE)
        .max(MIN_CONNECTIONS);
    configured
        .unwrap_or(DEFAULT_MAX_CONNECTIONS)
        .max(1)
        .min(by_files)
}

fn open_files() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(32)
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
    let limit = raise_fd_limit();
    let cap = connection_cap(limit, open_files(), s.file.max_connections);
    let shared = Arc::new(Shared {
        store,
        settings: s.clone(),
        gate: RwLock::new(()),
        subscribers: Mutex::new(Vec::new()),
        seq: AtomicU64::new(0),
        owner: current_user(),
        conns: Mutex::new(Registry::new(cap)),
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
    accept_loop(&listener, &shared);
    Ok(())
}

/// Accept connections for ever, within the cap (see the module's comment).
fn accept_loop(listener: &UnixListener, shared: &Arc<Shared>) {
    let lang = shared.settings.lang;
    let mut logged: Option<Instant> = None;
    let mut log = |line: String| {
        if logged.is_none_or(|t| t.elapsed() >= ACCEPT_LOG_EVERY) {
            eprintln!("dvk serve: {line}");
            logged = Some(Instant::now());
        }
    };
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                let stream = Arc::new(stream);
                let id = {
                    let mut r = shared.conns.lock().unwrap_or_else(|p| p.into_inner());
                    r.admit(stream.clone())
                };
                // Every connection busy: the newcomer is closed (dropped here).
                let Some(id) = id else { continue };
                let slot = Slot {
                    id,
                    shared: shared.clone(),
                };
                let sh = shared.clone();
                if let Err(e) =
                    std::thread::Builder::new().spawn(move || connection(stream, slot, &sh))
                {
                    log(e.to_string());
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
            Err(e)
                if matches!(
                    e.raw_os_error().map(nix::errno::Errno::from_raw),
                    Some(nix::errno::Errno::EMFILE | nix::errno::Errno::ENFILE)
                ) =>
            {
                log(lang.pick(
                    format!(
                        "hết bộ mô tả tệp (EMFILE/ENFILE): tạm dừng nhận kết nối, đóng các kết nối rỗi lâu nhất ({e})"
                    ),
                    format!(
                        "out of file descriptors (EMFILE/ENFILE): pausing accepts, closing the longest-idle connections ({e})"
                    ),
                ));
                shared
                    .conns
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .shrink();
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => {
                log(e.to_string());
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

/// Bind the socket (replacing a stale one), `0660`, owned by the configured group. Only a
/// socket of this user that nothing answers on is replaced; anything else at the path (a
/// file, a directory, a symbolic link, another user's socket) is left alone and refused.
fn bind(s: &Settings) -> Result<UnixListener, ApiError> {
    use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt};
    let path = &s.socket;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o750)
            .create(dir)
            .map_err(|e| io_err(dir, e))?;
    }
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(path, e)),
        Ok(m) => {
            let t = m.file_type();
            let kind = if t.is_symlink() {
                Some("symlink")
            } else if t.is_dir() {
                Some("dir")
            } else if t.is_file() {
                Some("file")
            } else if !t.is_socket() {
                Some("other")
            } else if m.uid() != nix::unistd::geteuid().as_raw() {
                Some("socket")
            } else {
                None
            };
            if let Some(kind) = kind {
                return Err(ApiError::Msg(Msg::SocketPathTaken {
                    path: path.display().to_string(),
                    kind: kind.into(),
                }));
            }
            // Our own socket: `serve` found no server answering on it; ask once more.
            if UnixStream::connect(path).is_ok() {
                return Err(ApiError::Msg(Msg::ServerRunning {
                    socket: path.display().to_string(),
                }));
            }
            std::fs::remove_file(path).map_err(|e| io_err(path, e))?;
        }
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
    crate::store::write_backup_file(&path, &crate::store::encode_backup(&ds))
        .map_err(|e| ApiError::Msg(crate::store::file_msg(&path, &e)))?;
    prune_backups(dir, &path, keep)
}

/// Keep the newest `keep` backups in `dir`, by the time written inside each (never by its
/// name), the one just written (`kept`) always among them. Files that are not dvk backups
/// are left alone.
fn prune_backups(dir: &Path, kept: &Path, keep: usize) -> Result<(), ApiError> {
    let mut others: Vec<(i64, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| io_err(dir, e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "dvkbak") && p != kept)
        .filter_map(|p| Some((crate::store::backup_file_time(&p)?, p)))
        .collect();
    others.sort_by(|a, b| b.cmp(a));
    for (_, p) in others.iter().skip(keep.saturating_sub(1)) {
        let _ = std::fs::remove_file(p);
    }
    Ok(())
}

/// One client connection: handshake, then requests until it closes. A malformed or oversized
/// frame ends only this connection; a request cut off mid-frame is never executed.
fn connection(stream: Arc<UnixStream>, slot: Slot, shared: &Arc<Shared>) {
    let Some(user) = peer_user(&stream) else {
        return;
    };
    if stream.set_read_timeout(Some(HANDSHAKE_TIMEOUT)).is_err()
        || stream.set_write_timeout(Some(HANDSHAKE_TIMEOUT)).is_err()
    {
        return;
    }
    let Ok(version) = proto::read_hello(&mut &*stream) else {
        return;
    };
    let ok = version == PROTOCOL_VERSION;
    let mut hello = proto::MAGIC.to_vec();
    hello.extend_from_slice(&PROTOCOL_VERSION.to_be_bytes());
    hello.push(ok as u8);
    if (&*stream).write_all(&hello).is_err() || !ok {
        return;
    }
    // The connection's number in the registry: notices name it, so that an interface
    // ignores only the changes it made itself.
    let id = slot.id;
    let welcome = ServerFrame::Welcome {
        conn: id,
        user: user.clone(),
        db: std::fs::canonicalize(&shared.settings.db)
            .unwrap_or_else(|_| shared.settings.db.clone())
            .display()
            .to_string(),
    };
    if proto::write_frame(&mut &*stream, &welcome).is_err() {
        return;
    }
    if stream.set_read_timeout(None).is_err()
        || stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err()
    {
        return;
    }
    let role = auth::role_of(&user, shared.settings.file.roles.as_ref(), &shared.owner);
    let limit = request_limit(&role);
    let backend = crate::store::Embedded::with_role(shared.store.clone(), user.clone(), role);
    let mut conn = proto::Conn::new(&*stream);
    loop {
        let frame = match conn.recv::<ClientFrame>(limit) {
            Ok(f) => f,
            Err(_) => return,
        };
        match frame {
            // Notices say who changed what: they are reads, refused to whoever may not read.
            ClientFrame::Subscribe => match may_subscribe(backend.role()) {
                Ok(()) => {
                    drop(conn);
                    return subscriber(&stream, &slot, shared);
                }
                Err(m) => {
                    let _ = conn.send(&ServerFrame::Reply(Err(m.into())));
                    return;
                }
            },
            ClientFrame::Call(req) => {
                slot.busy(true);
                let reply = {
                    let _in_flight = shared.gate.read().unwrap_or_else(|p| p.into_inner());
                    answer(&backend, &user, id, req, shared)
                };
                let sent = conn.send(&ServerFrame::Reply(reply));
                slot.busy(false);
                if sent.is_err() {
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
    conn: u64,
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
            Response::Undone { record, .. } | Response::Redone { record, .. } => {
                records.push(record.clone())
            }
            Response::Batch { saved, .. } => {
                // The models an action moved (the records a batch created are named by
                // their models in the request).
                if matches!(records.first(), Some(RecordRef::Import { .. })) {
                    records = saved.iter().map(|(id, _)| RecordRef::Model(*id)).collect();
                }
            }
            // A large import is announced once, when its last part is imported.
            Response::ImportPartTaken { .. } => return Ok(resp),
            Response::Imported { rows, .. } => {
                for r in &mut records {
                    if let RecordRef::Import { rows: n, .. } = r {
                        *n = *rows;
                    }
                }
            }
            _ => {}
        }
        notify(shared, user, conn, records);
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
        Request::AwardMany { models, .. } => std::iter::once(RecordRef::Award(0))
            .chain(models.iter().map(|m| RecordRef::Model(*m)))
            .collect(),
        Request::CheckInMany { models, .. } => {
            models.iter().map(|m| RecordRef::Model(*m)).collect()
        }
        // The models moved are known from the answer.
        Request::ModelActionMany { .. } => vec![RecordRef::Import {
            file: "batch".into(),
            rows: 0,
        }],
        Request::ImportPart { batch, .. } => vec![RecordRef::Import {
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

/// Tell every subscriber what changed, who changed it and through which connection.
fn notify(shared: &Shared, user: &str, conn: u64, records: Vec<RecordRef>) {
    let seq = shared.seq.fetch_add(1, Ordering::SeqCst) + 1;
    let n = Notice {
        seq,
        user: user.to_string(),
        records,
        conn,
    };
    let mut subs = shared.subscribers.lock().unwrap_or_else(|p| p.into_inner());
    subs.retain(|tx| tx.send(Some(n.clone())).is_ok());
}

fn subscriber(stream: &UnixStream, slot: &Slot, shared: &Shared) {
    let (tx, rx) = mpsc::channel();
    let mut evicted = false;
    slot.with(|e| {
        e.kick = Some(tx.clone());
        e.last = Instant::now();
        evicted = e.evicted;
    });
    if evicted {
        return;
    }
    shared
        .subscribers
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(tx);
    // `None`: closed by the connection cap.
    while let Ok(Some(n)) = rx.recv() {
        if proto::write_frame(&mut &*stream, &ServerFrame::Notice(n)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Peers of the test connections, kept open: their clients are still there.
    static PEERS: Mutex<Vec<UnixStream>> = Mutex::new(Vec::new());

    fn stream() -> Arc<UnixStream> {
        let (ours, theirs) = UnixStream::pair().unwrap();
        PEERS.lock().unwrap().push(theirs);
        Arc::new(ours)
    }

    #[test]
    fn the_cap_closes_the_longest_idle_then_subscriptions_and_never_a_busy_one() {
        let mut r = Registry::new(2);
        let sub = r.admit(stream()).unwrap();
        let (kick, kicked) = mpsc::channel();
        r.conns.get_mut(&sub).unwrap().kick = Some(kick);
        let busy = r.admit(stream()).unwrap();
        r.conns.get_mut(&busy).unwrap().busy = true;
        // Only the subscription is idle: it goes, and its thread is told.
        let c = r.admit(stream()).unwrap();
        assert!(r.conns[&sub].evicted);
        assert_eq!(kicked.try_recv(), Ok(None));
        // An idle request connection goes before a subscription, however recent.
        let sub2 = r.admit(stream());
        assert!(r.conns[&c].evicted && sub2.is_some());
        let sub2 = sub2.unwrap();
        r.conns.get_mut(&sub2).unwrap().kick = Some(mpsc::channel().0);
        std::thread::sleep(Duration::from_millis(2));
        let d = r.admit(stream()).unwrap();
        assert!(r.conns[&sub2].evicted && !r.conns[&d].evicted);
        // All busy: the newcomer is refused.
        r.conns.get_mut(&d).unwrap().busy = true;
        assert_eq!(r.admit(stream()), None);
        assert!(!r.conns[&busy].evicted && !r.conns[&d].evicted);
        // Out of descriptors: the cap drops below what is held.
        r.cap = 100;
        for _ in 0..20 {
            r.admit(stream()).unwrap();
        }
        r.shrink();
        assert_eq!(r.cap, 22 - FD_SLACK);
        assert_eq!(r.open(), r.cap);
    }

    #[test]
    fn a_subscription_whose_client_has_gone_is_not_kept_before_live_connections() {
        let mut r = Registry::new(2);
        let (ours, theirs) = UnixStream::pair().unwrap();
        let sub = r.admit(Arc::new(ours)).unwrap();
        r.conns.get_mut(&sub).unwrap().kick = Some(mpsc::channel().0);
        std::thread::sleep(Duration::from_millis(2));
        let live = r.admit(stream()).unwrap();
        drop(theirs);
        r.admit(stream()).unwrap();
        assert!(r.conns[&sub].evicted && !r.conns[&live].evicted);
    }

    #[test]
    fn the_cap_follows_the_open_file_limit() {
        assert_eq!(connection_cap(1024, 10, None), 1024 - 10 - FD_RESERVE);
        assert_eq!(connection_cap(1 << 20, 10, None), DEFAULT_MAX_CONNECTIONS);
        assert_eq!(connection_cap(1 << 20, 10, Some(50)), 50);
        assert_eq!(connection_cap(40, 10, Some(500)), MIN_CONNECTIONS);
        assert_eq!(request_limit(&auth::Role::Viewer), READER_MAX_REQUEST);
        assert_eq!(request_limit(&auth::Role::Editor), proto::MAX_REQUEST);
    }
}
