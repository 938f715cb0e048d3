//! `dvk serve` with real clients: conflicts, concurrency, rights, bad frames, and a server
//! killed in the middle of writes.

mod common;

#[path = "common/proc.rs"]
mod proc;

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Sandbox, stderr};
use dvk::api::{Api, ApiError, Backend, Request};
use dvk::domain::{CheckIn, CheckInKind, Msg};
use dvk::server::Remote;

struct Server {
    child: Child,
    socket: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn me() -> String {
    nix::unistd::User::from_uid(nix::unistd::geteuid())
        .unwrap()
        .unwrap()
        .name
}

fn start(s: &Sandbox, config: Option<&str>) -> Server {
    start_with(s, config, None, None)
}

/// The server with, optionally, a soft limit of open files (`nofile`: soft, hard) and its
/// log written to a file.
fn start_with(
    s: &Sandbox,
    config: Option<&str>,
    nofile: Option<(u64, u64)>,
    log: Option<&Path>,
) -> Server {
    let socket = s.path().join("data").join("dvk.sock");
    let mut cmd = s.cmd();
    if let Some(c) = config {
        let p = s.write("config.toml", c);
        cmd.env("DVK_CONFIG", p);
    }
    if let Some((soft, hard)) = nofile {
        use std::os::unix::process::CommandExt;
        // SAFETY: only a system call between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                nix::sys::resource::setrlimit(
                    nix::sys::resource::Resource::RLIMIT_NOFILE,
                    soft,
                    hard,
                )
                .map_err(std::io::Error::from)
            });
        }
    }
    let child = cmd
        .args(["serve"])
        .stdout(Stdio::null())
        .stderr(match log {
            Some(p) => Stdio::from(std::fs::File::create(p).unwrap()),
            None => Stdio::null(),
        })
        .spawn()
        .unwrap();
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        if let Ok(Some(_)) = Remote::connect(&socket) {
            return Server { child, socket };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut child = child;
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start");
}

fn remote(socket: &Path) -> Remote {
    Remote::connect(socket).unwrap().expect("server answers")
}

fn demo() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    s
}

#[test]
fn commands_go_through_the_server() {
    let s = demo();
    let srv = start(&s, None);
    // The server holds the database: this works only through the socket.
    let out = s.ok(&["status", "--json"]);
    assert!(out.contains("\"2017-2020\""));
    let r = remote(&srv.socket);
    assert_eq!(r.user(), me());
    assert_eq!(Api(&r).whoami().unwrap(), me());
    let mode = std::fs::metadata(&srv.socket).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(mode.permissions().mode() & 0o777, 0o660);
    assert_eq!(
        std::fs::metadata(s.db()).unwrap().permissions().mode() & 0o777,
        0o750
    );
    // A backup was written at start.
    let backups = std::fs::read_dir(s.db().parent().unwrap().join("backups"))
        .unwrap()
        .count();
    assert_eq!(backups, 1);
}

#[test]
fn the_second_save_of_a_record_gets_the_conflict() {
    let s = demo();
    let srv = start(&s, None);
    let (a, b) = (remote(&srv.socket), remote(&srv.socket));
    let rows = Api(&a)
        .model_rows(None, chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap())
        .unwrap();
    let id = rows[0].id;
    let mut ma = Api(&a).model(id).unwrap().model;
    let mut mb = Api(&b).model(id).unwrap().model;
    ma.title = format!("{} (A)", ma.title);
    mb.title = format!("{} (B)", mb.title);
    Api(&a).save(Request::SaveModel(ma)).unwrap();
    match Api(&b).save(Request::SaveModel(mb)) {
        Err(ApiError::Msg(Msg::Conflict { user, .. })) => assert_eq!(user, me()),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(Api(&b).model(id).unwrap().model.title.ends_with("(A)"));
}

#[test]
fn twenty_clients_lose_no_update() {
    let s = demo();
    let srv = start(&s, None);
    let today = chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap();
    let target = Api(&remote(&srv.socket)).model_rows(None, today).unwrap()[0].id;
    let edits = 25;
    let socket = Arc::new(srv.socket.clone());
    let threads: Vec<_> = (0..20)
        .map(|t| {
            let socket = socket.clone();
            std::thread::spawn(move || {
                let r = remote(&socket);
                let api = Api(&r);
                for i in 0..edits {
                    // Read, change, save; on a conflict read again: no update may be lost.
                    loop {
                        let mut m = api.model(target).unwrap().model;
                        m.criteria[0].actual += 1.0;
                        match api.save(Request::SaveModel(m)) {
                            Ok(_) => break,
                            Err(ApiError::Msg(Msg::Conflict { .. })) => continue,
                            Err(e) => panic!("client {t} edit {i}: {e:?}"),
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let after = Api(&remote(&socket)).model(target).unwrap().model.criteria[0].actual;
    let initial = dvk::demo::dataset()
        .models
        .iter()
        .find(|m| m.id == target)
        .unwrap()
        .criteria[0]
        .actual;
    assert_eq!(after, initial + (20 * edits) as f64);
    let out = s.ok(&["check"]);
    assert!(!out.is_empty());
}

#[test]
fn a_viewer_is_refused_a_write() {
    let s = demo();
    let srv = start(&s, Some(&format!("[roles]\nviewer = [\"{}\"]\n", me())));
    let r = remote(&srv.socket);
    assert!(
        Api(&r)
            .status(None, chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap())
            .is_ok()
    );
    let e = Api(&r).delete(Request::DeleteModel { id: 1 }).unwrap_err();
    assert!(matches!(e, ApiError::Msg(Msg::Forbidden { .. })), "{e:?}");
    let f = s.write("u.csv", "code,name\nCB-X,Chi bộ X\n");
    let out = s.run(&["import", "units", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("editor"), "{}", stderr(&out));
}

fn hello(version: u32) -> Vec<u8> {
    let mut b = b"DVKP".to_vec();
    b.extend_from_slice(&version.to_be_bytes());
    b
}

#[test]
fn bad_frames_close_only_their_connection() {
    let s = demo();
    let srv = start(&s, None);
    // Another protocol version is refused in the handshake.
    let mut c = UnixStream::connect(&srv.socket).unwrap();
    c.write_all(&hello(999)).unwrap();
    let mut answer = [0u8; 9];
    c.read_exact(&mut answer).unwrap();
    assert_eq!(answer[8], 0);
    // Garbage instead of a frame.
    let mut c = UnixStream::connect(&srv.socket).unwrap();
    c.write_all(&hello(dvk::api::PROTOCOL_VERSION)).unwrap();
    c.read_exact(&mut answer).unwrap();
    assert_eq!(answer[8], 1);
    c.write_all(&[0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff]).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut rest = Vec::new();
    let _ = c.read_to_end(&mut rest); // the welcome frame, then the end of the stream
    // An oversized frame.
    let mut c = UnixStream::connect(&srv.socket).unwrap();
    c.write_all(&hello(dvk::api::PROTOCOL_VERSION)).unwrap();
    c.write_all(&u32::MAX.to_be_bytes()).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = c.read_to_end(&mut rest);
    // A request cut off in the middle changes nothing.
    let mut c = UnixStream::connect(&srv.socket).unwrap();
    c.write_all(&hello(dvk::api::PROTOCOL_VERSION)).unwrap();
    c.write_all(&[0, 0, 1, 0, 1, 2, 3]).unwrap();
    drop(c);
    // The server still answers everyone else.
    let r = remote(&srv.socket);
    assert_eq!(Api(&r).units().unwrap().len(), 49); // 48 active and one that is not
}

#[test]
fn kill_9_of_the_server_keeps_every_acknowledged_write() {
    let s = demo();
    let srv = start(&s, None);
    let today = chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap();
    let model = Api(&remote(&srv.socket)).model_rows(None, today).unwrap()[0].clone();
    let socket = Arc::new(srv.socket.clone());
    let writers: Vec<_> = (0..4)
        .map(|t| {
            let socket = socket.clone();
            let model = model.clone();
            std::thread::spawn(move || {
                let r = remote(&socket);
                let mut acked = Vec::new();
                for i in 0..2000u64 {
                    let c = CheckIn {
                        id: 0,
                        model: model.id,
                        date: model.registered_on + chrono::Days::new(1 + (t * 2000 + i) % 1000),
                        kind: [
                            CheckInKind::SelfReport,
                            CheckInKind::Inspection,
                            CheckInKind::Supervision,
                            CheckInKind::Survey,
                        ][t as usize],
                        by: format!("client {t}"),
                        note: format!("{t}-{i}"),
                        step: None,
                        actuals: vec![],
                        next_due: None,
                        rev: 0,
                    };
                    match r.call(Request::SaveCheckIn(c)) {
                        Ok(_) => acked.push(format!("{t}-{i}")),
                        Err(_) => break,
                    }
                }
                acked
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(400));
    drop(srv); // SIGKILL
    let acked: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(!acked.is_empty());
    // The database opens again (no server now) and holds every acknowledged write.
    let out = s.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let b = dvk::backend::embedded(&s.db(), "test").unwrap();
    let notes: std::collections::HashSet<String> = Api(b.as_ref())
        .model(model.id)
        .unwrap()
        .checkins
        .into_iter()
        .map(|c| c.note)
        .collect();
    for n in &acked {
        assert!(notes.contains(n), "acknowledged check-in {n} is missing");
    }
}

/// A connection that has shaken hands and read its welcome (reads time out after 10 s).
fn handshaken(socket: &Path) -> std::io::Result<UnixStream> {
    let mut c = UnixStream::connect(socket)?;
    c.set_read_timeout(Some(Duration::from_secs(10)))?;
    c.write_all(&hello(dvk::api::PROTOCOL_VERSION))?;
    let mut answer = [0u8; 9];
    c.read_exact(&mut answer)?;
    assert_eq!(answer[8], 1);
    let w: dvk::server::proto::ServerFrame =
        dvk::server::proto::read_frame(&mut c, dvk::server::proto::MAX_RESPONSE)?;
    assert!(matches!(w, dvk::server::proto::ServerFrame::Welcome { .. }));
    Ok(c)
}

/// Whether the server closed `c`: end of stream within `wait` (false on a timeout).
fn closed_within(c: &mut UnixStream, wait: Duration) -> bool {
    c.set_read_timeout(Some(wait)).unwrap();
    let mut b = [0u8; 64];
    loop {
        match c.read(&mut b) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

/// Raise this process's soft limit of open files to at least `want`; false if the hard
/// limit is lower.
fn allow_files(want: u64) -> bool {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    if soft >= want {
        return true;
    }
    hard >= want && setrlimit(Resource::RLIMIT_NOFILE, want, hard).is_ok()
}

#[test]
fn a_huge_frame_trickled_in_holds_only_what_arrived() {
    let s = demo();
    let srv = start(&s, None);
    let pid = srv.child.id();
    let before = proc::status_kb(pid, "VmRSS:");
    // An admin may send 256 MiB; this one announces 255 MB and sends 1 MB of it, slowly.
    let mut c = handshaken(&srv.socket).unwrap();
    c.write_all(&(255u32 << 20).to_be_bytes()).unwrap();
    for _ in 0..16 {
        c.write_all(&[0x55; 64 << 10]).unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let grown = proc::status_kb(pid, "VmRSS:").saturating_sub(before);
    assert!(grown < 32 << 10, "the server grew by {grown} kB");
    // Meanwhile everyone else is answered.
    assert_eq!(Api(&remote(&srv.socket)).units().unwrap().len(), 49);
}

#[test]
fn a_viewer_may_not_announce_a_large_frame() {
    let s = demo();
    let srv = start(&s, Some(&format!("[roles]\nviewer = [\"{}\"]\n", me())));
    // Small requests are answered.
    assert_eq!(Api(&remote(&srv.socket)).whoami().unwrap(), me());
    // Two MiB announced: closed without waiting for the body.
    let mut c = handshaken(&srv.socket).unwrap();
    c.write_all(&(2u32 << 20).to_be_bytes()).unwrap();
    assert!(closed_within(&mut c, Duration::from_secs(5)));
    // An admin announcing as much is waited for.
    drop(srv);
    let s = demo();
    let srv = start(&s, None);
    let mut c = handshaken(&srv.socket).unwrap();
    c.write_all(&(2u32 << 20).to_be_bytes()).unwrap();
    assert!(!closed_within(&mut c, Duration::from_millis(300)));
}

#[test]
fn a_connection_that_does_not_shake_hands_is_closed() {
    let s = demo();
    let srv = start(&s, None);
    let t = Instant::now();
    let mut silent = UnixStream::connect(&srv.socket).unwrap();
    let mut half = UnixStream::connect(&srv.socket).unwrap();
    half.write_all(b"DVK").unwrap();
    assert!(closed_within(&mut silent, Duration::from_secs(10)));
    assert!(closed_within(&mut half, Duration::from_secs(10)));
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_secs(8),
        "closed after {waited:?}"
    );
}

#[test]
fn eleven_hundred_idle_connections_and_a_new_client_is_answered_within_a_second() {
    const IDLE: usize = 1100;
    if !allow_files(IDLE as u64 + 200) {
        eprintln!(
            "skipped: the hard limit of open files is below {}",
            IDLE + 200
        );
        return;
    }
    let s = demo();
    // Started with the usual soft limit of 1024 files: the server raises it itself.
    let hard = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
        .unwrap()
        .1;
    let srv = start_with(&s, None, Some((1024, hard)), None);
    let mut idle = Vec::with_capacity(IDLE);
    for i in 0..IDLE {
        match handshaken(&srv.socket) {
            Ok(c) => idle.push(c),
            Err(e) => panic!("idle connection {i}: {e}"),
        }
    }
    let t = Instant::now();
    let r = remote(&srv.socket);
    assert_eq!(Api(&r).units().unwrap().len(), 49);
    let took = t.elapsed();
    println!("{IDLE} idle connections held; a new client answered in {took:?}");
    assert!(took < Duration::from_secs(1), "answered in {took:?}");
    // They are held, not dropped.
    assert!(!closed_within(&mut idle[0], Duration::from_millis(50)));
    assert!(!closed_within(
        &mut idle[IDLE - 1],
        Duration::from_millis(50)
    ));
}

#[test]
fn over_the_cap_the_longest_idle_connection_goes_first_and_subscriptions_stay() {
    let s = demo();
    let srv = start(&s, Some("max_connections = 6\n"));
    // The oldest connection subscribes to notices; four others sit idle.
    let mut sub = handshaken(&srv.socket).unwrap();
    let mut framed = Vec::new();
    dvk::server::proto::write_frame(&mut framed, &dvk::server::proto::ClientFrame::Subscribe)
        .unwrap();
    sub.write_all(&framed).unwrap();
    let mut idle: Vec<UnixStream> = (0..4).map(|_| handshaken(&srv.socket).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(50));
    // A sixth and a seventh: the two idle the longest make room, the subscription stays.
    let r = remote(&srv.socket);
    let r2 = remote(&srv.socket);
    assert_eq!(Api(&r).whoami().unwrap(), me());
    assert_eq!(Api(&r2).whoami().unwrap(), me());
    assert!(closed_within(&mut idle[0], Duration::from_secs(2)));
    assert!(!closed_within(&mut idle[2], Duration::from_millis(100)));
    assert!(!closed_within(&mut sub, Duration::from_millis(100)));
    // However many come after: idle request connections make room, the subscription stays.
    let more: Vec<Remote> = (0..8).map(|_| remote(&srv.socket)).collect();
    assert_eq!(Api(&more[7]).whoami().unwrap(), me());
    assert!(!closed_within(&mut sub, Duration::from_millis(100)));
    assert!(closed_within(&mut idle[3], Duration::from_secs(2)));
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = after.split(' ').collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

#[test]
fn out_of_file_descriptors_the_server_pauses_with_one_log_line() {
    let s = demo();
    let log = s.path().join("serve.log");
    // 20 open files in all: the server needs about 10 for itself, so it runs out after about
    // ten connections, below the cap it would otherwise allow.
    let srv = start_with(
        &s,
        Some("backup_every_hours = 0\n"),
        Some((20, 20)),
        Some(&log),
    );
    let pid = srv.child.id();
    let cpu_before = cpu_ticks(pid);
    let mut conns = Vec::new();
    for _ in 0..40 {
        let mut c = UnixStream::connect(&srv.socket).unwrap();
        c.write_all(&hello(dvk::api::PROTOCOL_VERSION)).unwrap();
        conns.push(c);
    }
    std::thread::sleep(Duration::from_millis(1500));
    // Idle connections made room: a new client is answered.
    let t = Instant::now();
    let c = handshaken(&srv.socket);
    assert!(c.is_ok(), "{c:?}");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    let cpu = cpu_ticks(pid) - cpu_before;
    drop(srv);
    let text = std::fs::read_to_string(&log).unwrap();
    let lines = text.lines().filter(|l| l.contains("EMFILE")).count();
    assert_eq!(lines, 1, "{text}");
    assert_eq!(text.lines().count(), 2, "{text}"); // the start line and that one
    // No spinning: well under a second of CPU over these two seconds.
    assert!(cpu < 50, "{cpu} ticks of CPU");
}

#[test]
fn a_client_closed_while_idle_reconnects_for_its_next_request() {
    let s = demo();
    let srv = start(&s, Some("max_connections = 2\n"));
    let r = remote(&srv.socket);
    assert_eq!(Api(&r).units().unwrap().len(), 49);
    std::thread::sleep(Duration::from_millis(20));
    // Two newer connections: `r`, idle the longest, is closed by the server.
    let mut a = handshaken(&srv.socket).unwrap();
    let _b = handshaken(&srv.socket).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    // Its next request opens a new connection (closing `a`, now idle the longest).
    assert_eq!(Api(&r).units().unwrap().len(), 49);
    assert!(closed_within(&mut a, Duration::from_secs(2)));
}

/// Nearest-rank percentile of sorted durations.
fn pct(v: &[Duration], q: f64) -> Duration {
    v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1]
}

#[test]
fn a_write_is_not_held_up_by_a_whole_database_read() {
    let s = Sandbox::new();
    // The demo period with 25,000 more check-ins, so that reading everything takes a while.
    let model = {
        let b = dvk::backend::embedded(&s.db(), "test").unwrap();
        let mut ds = dvk::demo::dataset();
        let first = ds.checkins.iter().map(|c| c.id).max().unwrap() + 1;
        let base = ds.checkins.clone();
        for i in 0..25_000u64 {
            let mut c = base[i as usize % base.len()].clone();
            c.id = first + i;
            c.note = format!("kiểm tra thêm {i}");
            ds.checkins.push(c);
        }
        let model = ds.models[0].clone();
        Api(b.as_ref()).load(ds, false).unwrap();
        model
    };
    let srv = start(&s, Some("backup_every_hours = 0\n"));
    let socket = Arc::new(srv.socket.clone());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // One client checks the whole database over and over (`dvk check`: a whole-database read
    // whose answer is small, so its time is the server's), another reads it all (export).
    let reader = {
        let (socket, stop) = (socket.clone(), stop.clone());
        std::thread::spawn(move || {
            let r = remote(&socket);
            let mut took = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let t = Instant::now();
                let report = Api(&r).check().unwrap();
                took.push(t.elapsed());
                assert!(report.problems.is_empty(), "{:?}", report.problems);
            }
            took
        })
    };
    let exporter = {
        let (socket, stop) = (socket.clone(), stop.clone());
        std::thread::spawn(move || {
            let r = remote(&socket);
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                assert!(Api(&r).dataset().unwrap().checkins.len() > 25_000);
            }
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    // Another saves check-ins meanwhile.
    let w = remote(&socket);
    let mut writes = Vec::new();
    let t = Instant::now();
    let mut i = 0u64;
    while t.elapsed() < Duration::from_millis(1500) || writes.len() < 20 {
        let c = CheckIn {
            id: 0,
            model: model.id,
            date: model.registered_on + chrono::Days::new(1 + i % 500),
            kind: CheckInKind::SelfReport,
            by: "Tổ giám sát".into(),
            note: format!("trong lúc sao lưu {i}"),
            step: None,
            actuals: vec![],
            next_due: None,
            rev: 0,
        };
        let t = Instant::now();
        w.call(Request::SaveCheckIn(c)).unwrap();
        writes.push(t.elapsed());
        i += 1;
        std::thread::sleep(Duration::from_millis(7));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut reads = reader.join().unwrap();
    exporter.join().unwrap();
    reads.sort();
    writes.sort();
    let (read, write) = (pct(&reads, 0.5), pct(&writes, 0.9));
    println!(
        "{} whole reads, median {read:?}; {} writes, p90 {write:?}",
        reads.len(),
        writes.len()
    );
    // A write that waited for the read in progress would wait half a read on average.
    assert!(reads.len() >= 2, "{reads:?}");
    assert!(
        write * 4 < read,
        "writes p90 {write:?}, reads median {read:?}"
    );
}

/// A check-in of the demo period, for any model (`model` is set by the request).
fn visit(day: u32) -> CheckIn {
    CheckIn {
        id: 0,
        model: 0,
        date: chrono::NaiveDate::from_ymd_opt(2020, 10, day).unwrap(),
        kind: CheckInKind::Inspection,
        by: "Đoàn kiểm tra".into(),
        note: String::new(),
        step: None,
        actuals: vec![],
        next_due: None,
        rev: 0,
    }
}

#[test]
fn a_check_in_for_many_models_is_one_change_through_the_server() {
    use dvk::domain::RecordRef;
    use dvk::i18n::Lang;
    let s = demo();
    let srv = start(&s, None);
    let (a, b) = (remote(&srv.socket), remote(&srv.socket));
    let rows = Api(&a)
        .model_rows(None, chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap())
        .unwrap();
    let ids = vec![rows[0].id, rows[1].id];
    let count = |id| Api(&b).model(id).unwrap().checkins.len();
    let before: Vec<usize> = ids.iter().map(|id| count(*id)).collect();
    // The other client listens; a first change tells when its subscription is in place.
    let notices = b.subscribe().expect("notices");
    let mut day = 1;
    loop {
        let mut c = visit(day);
        c.model = rows[2].id;
        Api(&a).save(Request::SaveCheckIn(c)).unwrap();
        if notices.recv_timeout(Duration::from_millis(500)).is_ok() {
            break;
        }
        day += 1;
        assert!(day < 14, "no notice reached the subscriber");
    }
    let (saved, skipped) = Api(&a)
        .batch(Request::CheckInMany {
            checkin: visit(15),
            models: ids.clone(),
        })
        .unwrap();
    assert_eq!((saved.len(), skipped.len()), (2, 0));
    let n = notices.recv_timeout(Duration::from_secs(5)).unwrap();
    for id in &ids {
        assert!(n.records.contains(&RecordRef::Model(*id)), "{n:?}");
    }
    let after: Vec<usize> = ids.iter().map(|id| count(*id)).collect();
    assert_eq!(after, before.iter().map(|n| n + 1).collect::<Vec<_>>());
    // The preview is said in the client's language; one undo takes both back, one redo
    // makes both again.
    let p = Api(&a).undo_preview().unwrap();
    assert!(
        p.text(Lang::En).starts_with("Undo: add check-in of ")
            && p.text(Lang::En)
                .ends_with(" and 1 other records changed with it?"),
        "{}",
        p.text(Lang::En)
    );
    Api(&a).undo().unwrap();
    assert_eq!(ids.iter().map(|id| count(*id)).collect::<Vec<_>>(), before);
    Api(&a).redo().unwrap();
    assert_eq!(ids.iter().map(|id| count(*id)).collect::<Vec<_>>(), after);
    assert!(matches!(
        Api(&a).redo(),
        Err(ApiError::Msg(Msg::NothingToRedo))
    ));
}

/// An import whose rows are larger than the largest request goes in parts, each under the
/// limit, and is imported whole: one change, the same rows as a file sent in one request.
#[test]
fn an_import_larger_than_a_request_goes_in_parts() {
    let s = Sandbox::new();
    let server = start(&s, None);
    let mut r = remote(&server.socket);
    Api(&r)
        .save(Request::SaveUnit(dvk::domain::Unit {
            id: 0,
            code: "CB-01".into(),
            name: "Chi bộ 01".into(),
            parent: None,
            kind: dvk::domain::UnitKind::PartyCell,
            active: true,
            rev: 0,
        }))
        .unwrap();
    let mut csv = String::from("code,unit_code,kind,title,field,period,registered_on\n");
    for i in 0..400 {
        csv.push_str(&format!(
            "MH-{i:04},CB-01,collective,Mô hình dân vận khéo số {i},economy,2021-2025,2021-03-01\n"
        ));
    }
    let path = s.write("models.csv", &csv);
    r.limit_requests(4096);
    assert!(csv.len() > 4 * 4096);
    let (rows, skipped, _) = dvk::csvio::run_import_located(
        &Api(&r),
        dvk::csvio::ImportKind::Models,
        &path,
        false,
        &|_, _| {},
    )
    .unwrap();
    assert_eq!((rows, skipped), (400, 0));
    let other = remote(&server.socket);
    let models = |api: Api| {
        api.status(
            Some("2021-2025".into()),
            chrono::NaiveDate::from_ymd_opt(2021, 4, 1).unwrap(),
        )
        .map_or(0, |st| st.collective)
    };
    assert_eq!(models(Api(&other)), 400);
    // Again: every row is already stored.
    let again = dvk::csvio::run_import_located(
        &Api(&r),
        dvk::csvio::ImportKind::Models,
        &path,
        false,
        &|_, _| {},
    )
    .unwrap();
    assert_eq!((again.0, again.1), (400, 400));
    // The import is one change.
    let (record, _) = Api(&r).undo().unwrap();
    assert_eq!(
        record,
        dvk::domain::RecordRef::Import {
            file: "models".into(),
            rows: 400
        }
    );
    assert_eq!(models(Api(&other)), 0);
}

/// A whole dataset goes to and comes from the server (`dvk load`, `dvk backup`, `dvk export`
/// through it): records take several times their encoded bytes once decoded, and the
/// decoding limits of both sides allow for that. A dataset of 2,000 models was refused.
#[test]
fn a_dataset_of_thousands_of_models_comes_through_the_server() {
    let s = Sandbox::new();
    let server = start(&s, None);
    let r = remote(&server.socket);
    let d = dvk::tui::testing::generated_dataset(2_000);
    let models = d.models.len();
    Api(&r).load(d, false).expect("the dataset loads");
    let got = Api(&r).dataset().expect("the dataset comes back");
    assert_eq!(got.models.len(), models);
}
