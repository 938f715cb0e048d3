//! Roles on a real server with two Unix users: the server runs as a throwaway user made for
//! the test, and this process (root) is a client the roles do not list. Needs root (to add
//! the user and run the server as it) and `useradd`; skipped with a reason otherwise.

mod common;
use common::Killed as Server;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, stderr};
use dvk::api::{Api, ApiError, Backend, ModelAction, Request};
use dvk::domain::{Msg, Outcome, Replication};
use dvk::server::Remote;
use dvk::server::proto::{self, ClientFrame, ServerFrame};

/// A Unix user that exists for the test's duration.
struct TempUser {
    name: String,
    uid: u32,
    gid: u32,
}

impl Drop for TempUser {
    fn drop(&mut self) {
        let _ = Command::new("userdel").arg(&self.name).output();
    }
}

fn temp_user(tag: &str) -> Option<TempUser> {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: adding a user and running the server as it needs root");
        return None;
    }
    let name = format!("dvk{tag}{}", std::process::id());
    // Left over by an earlier run that was killed.
    let _ = Command::new("userdel").arg(&name).output();
    // Other tests may be adding users at the same moment: useradd then finds
    // /etc/passwd locked, so try again a few times.
    for _ in 0..50 {
        match Command::new("useradd")
            .args(["-M", "-U", "-s", "/usr/sbin/nologin", &name])
            .output()
        {
            Err(e) => {
                eprintln!("skipped: useradd cannot run ({e})");
                return None;
            }
            Ok(o) if o.status.success() => {
                let u = nix::unistd::User::from_name(&name).ok()??;
                return Some(TempUser {
                    name,
                    uid: u.uid.as_raw(),
                    gid: u.gid.as_raw(),
                });
            }
            Ok(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    panic!("useradd {name} kept failing");
}

fn chown_all(p: &Path, u: &TempUser) {
    let (uid, gid) = (
        Some(nix::unistd::Uid::from_raw(u.uid)),
        Some(nix::unistd::Gid::from_raw(u.gid)),
    );
    nix::unistd::chown(p, uid, gid).unwrap();
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            chown_all(&e.unwrap().path(), u);
        }
    }
}

/// `dvk serve` as `owner`, on a demo database, with this config. `None` (with the reason
/// printed) when the binary cannot be run as that user.
fn serve_as(s: &Sandbox, owner: &TempUser, config: &str) -> Option<Server> {
    s.ok(&["demo"]);
    let cfg = s.write("config.toml", config);
    chown_all(s.path(), owner);
    let log = s.path().join("serve.log");
    let child = s
        .cmd()
        .env("DVK_CONFIG", &cfg)
        .args(["serve"])
        .uid(owner.uid)
        .gid(owner.gid)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn();
    let mut server = match child {
        Ok(c) => Server(c),
        Err(e) => {
            eprintln!("skipped: dvk cannot be run as {} ({e})", owner.name);
            return None;
        }
    };
    let socket = s.path().join("data").join("dvk.sock");
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        if let Ok(Some(_)) = Remote::connect(&socket) {
            return Some(server);
        }
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!(
                "the server ended ({status}): {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the server did not start");
}

fn refused<T: std::fmt::Debug>(r: Result<T, ApiError>) {
    match r {
        Err(ApiError::Msg(Msg::Forbidden { right })) => assert_eq!(right, "viewer"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// An empty `[roles]` table: only the user who runs the server gets in. Everyone else is
/// refused every read and the notices of changes, with an answer rather than silence.
#[test]
fn an_empty_roles_table_lets_in_only_the_servers_owner() {
    let Some(owner) = temp_user("o") else {
        return;
    };
    let s = Sandbox::new();
    let Some(_srv) = serve_as(&s, &owner, "[roles]\n") else {
        return;
    };
    let socket = s.path().join("data").join("dvk.sock");

    // This process is not the owner and not listed.
    let r = Remote::connect(&socket).unwrap().unwrap();
    assert_eq!(r.user(), "root");
    let api = Api(&r);
    refused(api.units());
    refused(api.model_rows(None, chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap()));
    refused(api.whoami());
    // A subscription is refused too: the connection ends instead of waiting for notices.
    let notices = r.subscribe().expect("the server answers");
    assert_eq!(
        notices.recv_timeout(Duration::from_secs(5)),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
    );
    // On the wire: the refusal is a reply, then the server closes the connection.
    let mut c = std::os::unix::net::UnixStream::connect(&socket).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    proto::write_hello(&mut c).unwrap();
    proto::read_hello(&mut c).unwrap();
    let mut ok = [0u8; 1];
    std::io::Read::read_exact(&mut c, &mut ok).unwrap();
    assert_eq!(ok[0], 1);
    let welcome: ServerFrame = proto::read_frame(&mut c, proto::MAX_RESPONSE).unwrap();
    assert!(matches!(welcome, ServerFrame::Welcome { .. }));
    proto::write_frame(&mut c, &ClientFrame::Subscribe).unwrap();
    match proto::read_frame::<ServerFrame>(&mut c, proto::MAX_RESPONSE).unwrap() {
        ServerFrame::Reply(Err(ApiError::Msg(Msg::Forbidden { .. }))) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(proto::read_frame::<ServerFrame>(&mut c, proto::MAX_RESPONSE).is_err());
    // The command line says so, in the user's language.
    let out = s.run(&["status"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("không có quyền"), "{}", stderr(&out));

    // The owner gets in.
    let out = s
        .cmd()
        .args(["status", "--json"])
        .uid(owner.uid)
        .gid(owner.gid)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"2017-2020\""));
}

/// A listed unit editor (this process) reads everything but writes only within its unit,
/// as the server checks it: a replication into another unit and deciding an outcome are
/// refused, and nothing changes.
#[test]
fn a_unit_editor_on_the_server_is_held_to_its_units() {
    let Some(owner) = temp_user("u") else {
        return;
    };
    let ds = dvk::demo::dataset();
    let m = ds.models[0].clone();
    let own = ds
        .units
        .iter()
        .find(|u| u.id == m.unit)
        .unwrap()
        .code
        .clone();
    let other = ds.units.iter().find(|u| u.id != m.unit).unwrap().clone();
    let s = Sandbox::new();
    let config = format!("[roles.unit_editor]\nroot = [\"{own}\"]\n");
    let Some(_srv) = serve_as(&s, &owner, &config) else {
        return;
    };
    let socket = s.path().join("data").join("dvk.sock");
    let r = Remote::connect(&socket).unwrap().unwrap();
    let api = Api(&r);
    let before = api.model(m.id).unwrap();
    let repl = Replication {
        id: 0,
        model: m.id,
        unit: other.id,
        date: before.model.registered_on,
        note: String::new(),
        rev: 0,
    };
    match api.save(Request::SaveReplication(repl)) {
        Err(ApiError::Msg(Msg::ForbiddenUnit { unit, .. })) => assert_eq!(unit, other.code),
        other => panic!("expected a refusal naming the unit, got {other:?}"),
    }
    let decide = Request::ModelAction {
        id: m.id,
        rev: before.model.rev,
        action: ModelAction::Outcome(Outcome::Recognized),
        reason: "Đạt".into(),
    };
    match api.save(decide) {
        Err(ApiError::Msg(Msg::Forbidden { right })) => assert_eq!(right, "editor"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(api.model(m.id).unwrap(), before);
}
