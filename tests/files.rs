//! The files dvk keeps beside a database: their modes whatever the umask, the server's
//! socket path, the pruning of `backups/`, the status cache of a copied or restored
//! directory, and a damaged journal.

mod common;
use common::Killed as Server;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, stderr};
use dvk::server::Remote;

fn socket(s: &Sandbox) -> PathBuf {
    s.path().join("data").join("dvk.sock")
}

/// `dvk serve` on the sandbox's database, once it answers.
fn serve(mut cmd: Command, socket: &Path) -> Server {
    let child = cmd
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let srv = Server(child);
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        if let Ok(Some(_)) = Remote::connect(socket) {
            return srv;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the server did not start");
}

/// A command that runs with the umask 000.
fn loose(mut c: Command) -> Command {
    // SAFETY: umask is async-signal-safe and touches no memory of the parent.
    unsafe {
        c.pre_exec(|| {
            libc::umask(0);
            Ok(())
        });
    }
    c
}

fn run_ok(mut c: Command, args: &[&str]) {
    let out = c.args(args).output().unwrap();
    assert!(out.status.success(), "dvk {args:?}: {}", stderr(&out));
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every file under `dir` (itself included) with its mode.
fn walk(dir: &Path, out: &mut Vec<(PathBuf, u32, bool)>) {
    let m = std::fs::symlink_metadata(dir).unwrap();
    out.push((
        dir.to_path_buf(),
        m.permissions().mode() & 0o777,
        m.is_dir(),
    ));
    if m.is_dir() {
        for e in std::fs::read_dir(dir).unwrap() {
            walk(&e.unwrap().path(), out);
        }
    }
}

#[test]
fn files_are_the_owners_and_the_groups_whatever_the_umask() {
    let s = Sandbox::new();
    run_ok(loose(s.cmd()), &["demo"]);
    let units = s.write("units.csv", "code,name\nCB-90,Chi bộ 90\n");
    run_ok(
        loose(s.cmd()),
        &["import", "units", units.to_str().unwrap()],
    );
    let file = s.path().join("snapshot.dvkbak");
    run_ok(loose(s.cmd()), &["backup", file.to_str().unwrap()]);
    assert_eq!(mode(&file), 0o640, "dvk backup FILE");
    {
        let cfg = s.write("config.toml", "backup_every_hours = 24\nbackup_keep = 3\n");
        let mut c = loose(s.cmd());
        c.env("DVK_CONFIG", cfg);
        let _srv = serve(c, &socket(&s));
    }
    // The server was killed: a command leaves the status cache again.
    run_ok(loose(s.cmd()), &["check"]);
    let data = s.path().join("data");
    let status = data.join("db.status");
    assert!(status.exists());
    let mut all = Vec::new();
    walk(&data, &mut all);
    let backups: Vec<_> = all
        .iter()
        .filter(|(p, _, dir)| !dir && p.starts_with(data.join("backups")))
        .collect();
    assert_eq!(backups.len(), 1, "{all:?}");
    assert!(all.iter().any(|(p, _, _)| p == &s.db().join("db")));
    for (p, m, dir) in &all {
        if p.file_name().is_some_and(|n| n == "dvk.sock") {
            continue;
        }
        let want = if *dir { 0o750 } else { 0o640 };
        assert_eq!(*m, want, "{} is {m:o}", p.display());
    }
}

fn taken(s: &Sandbox, kind: &str) {
    // A server that started anyway is stopped after a while, and the test fails.
    let child = s
        .cmd()
        .args(["--lang", "en", "serve"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut srv = Server(child);
    let t = Instant::now();
    while srv.0.try_wait().unwrap().is_none() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = srv.0.kill();
    let mut err = String::new();
    std::io::Read::read_to_string(srv.0.stderr.as_mut().unwrap(), &mut err).unwrap();
    let out = std::process::Output {
        status: srv.0.wait().unwrap(),
        stdout: Vec::new(),
        stderr: err.into_bytes(),
    };
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{kind}: {err}");
    assert!(
        err.contains(&socket(s).display().to_string()) && err.contains(kind),
        "{err}"
    );
}

#[test]
fn serve_refuses_a_socket_path_it_does_not_own() {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    let sock = socket(&s);
    std::fs::write(&sock, "not a socket: keep me").unwrap();
    taken(&s, "a regular file");
    assert_eq!(
        std::fs::read_to_string(&sock).unwrap(),
        "not a socket: keep me"
    );
    std::fs::remove_file(&sock).unwrap();
    std::fs::create_dir(&sock).unwrap();
    std::fs::write(sock.join("inside"), "x").unwrap();
    taken(&s, "a directory");
    assert!(sock.join("inside").exists());
    std::fs::remove_dir_all(&sock).unwrap();
    let target = s.write("target", "the link's target");
    std::os::unix::fs::symlink(&target, &sock).unwrap();
    taken(&s, "a symbolic link");
    assert!(std::fs::symlink_metadata(&sock).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "the link's target"
    );
    std::fs::remove_file(&sock).unwrap();
    if nix::unistd::geteuid().is_root() {
        drop(std::os::unix::net::UnixListener::bind(&sock).unwrap());
        let nobody = nix::unistd::Uid::from_raw(65534);
        nix::unistd::chown(&sock, Some(nobody), None).unwrap();
        taken(&s, "another user's socket");
        assert!(
            std::fs::symlink_metadata(&sock)
                .unwrap()
                .file_type()
                .is_socket()
        );
        std::fs::remove_file(&sock).unwrap();
    } else {
        eprintln!("another user's socket: skipped, making one needs root");
    }
    // A socket of this user that nothing answers on is stale: replaced.
    drop(std::os::unix::net::UnixListener::bind(&sock).unwrap());
    assert!(sock.exists());
    let _srv = serve(s.cmd(), &sock);
}

#[test]
fn backups_are_pruned_by_the_time_written_inside() {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    let dir = s.path().join("data").join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let hour = 3_600_000;
    let plant = |name: &str, ms: i64| {
        let b = dvk::store::encode_backup_at(&dvk::api::Dataset::default(), ms);
        std::fs::write(dir.join(name), b).unwrap();
    };
    // Named in the future, written long ago: pruned.
    plant("dvk-20990101-000000.dvkbak", 1_577_836_800_000);
    // Named long ago, written an hour ago: kept.
    plant("dvk-20000101-000000.dvkbak", now - hour);
    // Says it was written in 2099 (a clock set wrong): the newest, kept.
    plant("dvk-19990101-000000.dvkbak", 4_102_444_800_000);
    // Written two hours ago: the fourth newest, pruned.
    plant("dvk-20100101-000000.dvkbak", now - 2 * hour);
    std::fs::write(dir.join("notes.dvkbak"), "not a backup").unwrap();
    let cfg = s.write("config.toml", "backup_every_hours = 24\nbackup_keep = 3\n");
    let mut c = s.cmd();
    c.env("DVK_CONFIG", cfg);
    let _srv = serve(c, &socket(&s));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let planted = [
        "dvk-19990101-000000.dvkbak",
        "dvk-20000101-000000.dvkbak",
        "notes.dvkbak",
    ];
    let written: Vec<&String> = names
        .iter()
        .filter(|n| !planted.contains(&n.as_str()))
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(written.len(), 1, "{names:?}");
    let just = dir.join(written[0]);
    assert!(dvk::store::decode_backup(&std::fs::read(&just).unwrap()).is_ok());
    let t = dvk::store::backup_file_time(&just).unwrap();
    assert!((t - now).abs() < 60_000, "{t} vs {now}");
}

fn units_total(s: &Sandbox, db: &Path) -> u64 {
    let out = s.cmd_db(db).args(["status", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["units"]["total"].as_u64().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    let st = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(st.success());
}

#[test]
fn a_status_cache_answers_only_for_its_own_database() {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    let data = s.path().join("data");
    let db = s.db();
    let n0 = units_total(&s, &db);
    assert!(data.join("db.status").exists());
    // A copy of the closed directory alone, then two more units in the original.
    let saved = s.path().join("saved");
    copy_dir(&db, &saved);
    let units = s.write("units.csv", "code,name\nCB-90,Chi bộ 90\nCB-91,Chi bộ 91\n");
    s.ok(&["import", "units", units.to_str().unwrap()]);
    assert_eq!(units_total(&s, &db), n0 + 2);
    // The whole data directory copied, cache and all: the copy's figures are its own.
    let other = s.path().join("other");
    copy_dir(&data, &other);
    assert_eq!(units_total(&s, &other.join("db")), n0 + 2);
    // The directory restored from the copy: the cache beside it is of a later state.
    std::fs::remove_dir_all(&db).unwrap();
    copy_dir(&saved, &db);
    assert_eq!(units_total(&s, &db), n0);
    // The other copy changes and its cache lands beside the original.
    let more = s.write("more.csv", "code,name\nCB-92,Chi bộ 92\n");
    let out = s
        .cmd_db(&other.join("db"))
        .args(["import", "units", more.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(units_total(&s, &other.join("db")), n0 + 3);
    std::fs::copy(other.join("db.status"), data.join("db.status")).unwrap();
    assert_eq!(units_total(&s, &db), n0);
    // And the original's own cache is used again once it is written by the original.
    assert_eq!(units_total(&s, &db), n0);
}

#[test]
fn a_journal_damaged_after_its_apply_began_is_reported_not_dropped() {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    let journal = s.path().join("data").join("db.journal");
    // A named journal marked as being applied, whose body fails its checksum.
    let mut bytes = b"DVKN\x01\x01\0\0".to_vec();
    bytes.extend_from_slice(&0u32.to_be_bytes());
    bytes.extend_from_slice(&3u64.to_be_bytes());
    bytes.extend_from_slice(b"abc");
    std::fs::write(&journal, &bytes).unwrap();
    for args in [
        &["--lang", "en", "check"][..],
        &["--lang", "en", "status"][..],
    ] {
        let out = s.run(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&journal.display().to_string()) && err.contains("restore a backup"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let out = s.run(&["check"]);
    assert!(stderr(&out).contains("khôi phục"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&journal).unwrap(), bytes);
}

/// A database whose log no longer reads back (its start overwritten) is said to be damaged
/// in one plain line — never sled's own text — and is not seeded afresh as if it were new.
#[test]
fn a_damaged_database_file_is_said_in_plain_words() {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    let file = s.db().join("db");
    let mut bytes = std::fs::read(&file).unwrap();
    let mut x: u32 = 0x2545_f491;
    for b in bytes.iter_mut().take(4096) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    std::fs::write(&file, &bytes).unwrap();
    std::fs::remove_file(s.path().join("data").join("db.status")).unwrap();
    for _ in 0..2 {
        let out = s.run(&["--lang", "en", "check"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("damaged")
                && err.contains(&s.db().display().to_string())
                && err.contains("restore"),
            "{err}"
        );
        for bad in ["backtrace", "offset", "Os {", "Corruption"] {
            assert!(!err.contains(bad), "{err}");
        }
    }
    let out = s.run(&["status"]);
    assert!(stderr(&out).contains("bị hỏng"), "{}", stderr(&out));
}
