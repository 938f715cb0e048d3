//! `dvk serve` with real clients: conflicts, concurrency, rights, bad frames, and a server
//! killed in the middle of writes.

mod common;

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
    let socket = s.path().join("data").join("dvk.sock");
    let mut cmd = s.cmd();
    if let Some(c) = config {
        let p = s.write("config.toml", c);
        cmd.env("DVK_CONFIG", p);
    }
    let child = cmd
        .args(["serve"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
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
