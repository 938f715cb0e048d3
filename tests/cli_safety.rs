//! Nothing lost, nobody in: the command line tells the truth about what happened. A lost
//! connection is exit 1, repeating an import is safe, an explicit `--db` is the database
//! used, a crafted backup or file name cannot reach the terminal or the store.

mod common;
use common::Killed as Server;

use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Sandbox, stderr, stdout};
use dvk::api::{Api, Dataset};
use dvk::server::Remote;
use dvk::server::proto::{self, ClientFrame, ServerFrame};

const KINDS: [&str; 8] = [
    "periods",
    "fields",
    "forms",
    "units",
    "models",
    "checkins",
    "awards",
    "replications",
];

fn demo() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    s
}

/// Everything the database at `db` holds, read in this process.
fn dataset(db: &Path) -> Dataset {
    let b = dvk::backend::embedded(db, "test").unwrap();
    Api(b.as_ref()).dataset().unwrap()
}

/// A server that shakes hands, reads one request, and closes the connection without an
/// answer, for every client that connects. Returns the socket and the requests it read.
fn dropping_server(dir: &Path) -> (PathBuf, std::sync::mpsc::Receiver<bool>) {
    let socket = dir.join("fake.sock");
    let listener = UnixListener::bind(&socket).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut c) = conn else { return };
            if proto::read_hello(&mut c).is_err() {
                continue;
            }
            let mut hello = proto::MAGIC.to_vec();
            hello.extend_from_slice(&dvk::api::PROTOCOL_VERSION.to_be_bytes());
            hello.push(1);
            let _ = std::io::Write::write_all(&mut c, &hello);
            let welcome = ServerFrame::Welcome {
                user: "someone".into(),
                db: "/nowhere/db".into(),
                conn: 1,
            };
            let _ = proto::write_frame(&mut c, &welcome);
            let got = proto::read_frame::<ClientFrame>(&mut c, proto::MAX_REQUEST).is_ok();
            let _ = tx.send(got);
            drop(c);
        }
    });
    (socket, rx)
}

#[test]
fn a_connection_lost_before_the_answer_is_exit_1_and_says_to_check() {
    let s = Sandbox::new();
    let (socket, requests) = dropping_server(s.path());
    let units = s.write("units.csv", "code,name\nCB1,Chi bộ 1\n");
    // Only the socket is named: that server is used, whatever database it owns.
    let run = |args: &[&str], lang: &str| {
        let mut c = s.cmd();
        c.env_remove("DVK_DB")
            .env("DVK_SOCKET", &socket)
            .env("DVK_LANG", lang);
        c.args(args).output().unwrap()
    };
    let out = run(&["import", "units", units.to_str().unwrap()], "en");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(requests.recv_timeout(Duration::from_secs(10)).unwrap());
    let err = stderr(&out);
    assert!(
        err.contains("the change may or may not have been made — check before repeating"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let out = run(&["import", "units", units.to_str().unwrap()], "vi");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("thay đổi có thể đã được ghi hoặc chưa — hãy kiểm tra trước khi làm lại"),
        "{}",
        stderr(&out)
    );
    // A read: exit 1 too, with a plain message.
    let out = run(&["status"], "en");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("lost the connection to the server") && !err.contains("may or may not"),
        "{err}"
    );
}

fn serve(s: &Sandbox) -> Server {
    let socket = s.path().join("data").join("dvk.sock");
    let child = s
        .cmd()
        .args(["serve"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let srv = Server(child);
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        if let Ok(Some(_)) = Remote::connect(&socket) {
            return srv;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the server did not start");
}

#[test]
fn an_explicit_db_is_used_while_a_server_answers_for_another() {
    // Database A in data/db, served on its default socket data/dvk.sock; database B in
    // data/other, whose default socket is the same data/dvk.sock.
    let s = demo();
    let srv = serve(&s);
    let a_units = {
        let r = Remote::connect(&s.path().join("data").join("dvk.sock"))
            .unwrap()
            .unwrap();
        Api(&r).units().unwrap().len()
    };
    let b = s.path().join("data").join("other");
    let out = s.cmd_db(&b).args(["demo"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let file = s.write("units.csv", "code,name\nZZ1,Chi bộ mới\n");
    let out = s
        .cmd_db(&b)
        .args(["import", "units", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = s.cmd_db(&b).args(["status", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["units"]["total"], 49, "B has the demo's 48 units and ZZ1");
    // A, through its server, is untouched.
    let a = s.ok(&["status", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["units"]["total"], 48);
    let r = Remote::connect(&s.path().join("data").join("dvk.sock"))
        .unwrap()
        .unwrap();
    let units = Api(&r).units().unwrap();
    assert_eq!(units.len(), a_units);
    assert!(units.iter().all(|u| u.code != "ZZ1"));
    // Both named and disagreeing: refused, naming both.
    let out = s
        .cmd_db(&b)
        .env("DVK_SOCKET", s.path().join("data").join("dvk.sock"))
        .env("DVK_LANG", "en")
        .args(["status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("serves the database"),
        "{}",
        stderr(&out)
    );
    drop(srv);
    // B holds what was written to it.
    assert!(dataset(&b).units.iter().any(|u| u.code == "ZZ1"));
}

#[test]
fn importing_the_same_files_again_changes_nothing() {
    let s = demo();
    let dir = s.path().join("export");
    s.ok(&["export", "--out", dir.to_str().unwrap()]);
    let other = s.path().join("other");
    let import = |kind: &str| {
        let file = dir.join(format!("{kind}.csv"));
        let out = s
            .cmd_db(&other)
            .env("DVK_LANG", "en")
            .args(["import", kind, file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        stdout(&out)
    };
    for kind in KINDS {
        let first = import(kind);
        assert!(first.contains("imported"), "{first}");
    }
    let before = dataset(&other);
    let status = stdout(
        &s.cmd_db(&other)
            .args(["status", "--json"])
            .output()
            .unwrap(),
    );
    for kind in KINDS {
        let again = import(kind);
        let rows = std::fs::read_to_string(dir.join(format!("{kind}.csv")))
            .unwrap()
            .lines()
            .count();
        // Every row skipped; the demo's files all have rows (multi-line cells aside, the
        // number of skipped rows is at most the file's lines less the header).
        assert!(
            again.contains("imported 0 rows, skipped"),
            "{kind}: {again} ({rows} lines)"
        );
    }
    let after = dataset(&other);
    assert_eq!(
        after.audit.len(),
        before.audit.len(),
        "no new audit entries"
    );
    assert_eq!(after, before);
    let status_after = stdout(
        &s.cmd_db(&other)
            .args(["status", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(status, status_after);
    // The demo's own database takes its export as already stored, too.
    let out = s
        .cmd()
        .env("DVK_LANG", "vi")
        .args([
            "import",
            "checkins",
            dir.join("checkins.csv").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("đã nhập 0 dòng, bỏ qua"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_backup_with_a_control_character_is_refused_at_restore() {
    let s = Sandbox::new();
    let mut ds = dvk::demo::dataset();
    ds.models[3].title = "Mô hình\u{1b}]0;pwned\u{7}".into();
    let code = ds.models[3].code.clone();
    let file = s.path().join("crafted.dvkbak");
    std::fs::write(&file, dvk::store::encode_backup(&ds)).unwrap();
    let out = s
        .cmd()
        .env("DVK_LANG", "en")
        .args(["restore", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "crafted.dvkbak: model {code}, field title: contains the control character U+001B"
        )),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'));
    let held = dataset(&s.db());
    assert!(held.units.is_empty() && held.models.is_empty() && held.audit.is_empty());
}

#[test]
fn file_names_with_control_characters_are_printed_escaped() {
    let s = Sandbox::new();
    let name = "đơn vị\u{1b}[31m.csv";
    let file = s.write(name, "code,name,oops\nCB1,A,1\n");
    let out = s
        .cmd()
        .env("DVK_LANG", "en")
        .args(["import", "units", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("đơn vị\\x1b[31m.csv:1:3: "), "{err}");
    // A file that cannot be read, and a good one: the name escaped in both messages.
    let missing = s.path().join("thiếu\u{1b}.csv");
    let out = s
        .cmd()
        .args(["import", "units", missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("thiếu\\x1b.csv"), "{}", stderr(&out));
    std::fs::write(&file, "code,name\nCB1,A\n").unwrap();
    let out = s
        .cmd()
        .env("DVK_LANG", "en")
        .args(["import", "units", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("đơn vị\\x1b[31m.csv: imported 1 rows"),
        "{}",
        stdout(&out)
    );
    // A backup written to such a name.
    let bak = s.path().join("sao\u{1b}lưu.dvkbak");
    let out = s
        .cmd()
        .args(["backup", bak.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains('\u{1b}') && stdout(&out).contains("sao\\x1blưu"));
}

#[test]
fn csv_written_by_dvk_begins_with_a_bom_and_guards_formulas() {
    let s = demo();
    let out = s.ok(&["report", "--format", "csv"]);
    assert!(out.starts_with('\u{feff}'), "{}", &out[..40.min(out.len())]);
    let f = s.path().join("r.csv");
    s.ok(&["report", "--format", "csv", "--out", f.to_str().unwrap()]);
    assert!(std::fs::read(&f).unwrap().starts_with(b"\xEF\xBB\xBF"));
    // A unit named like a formula is written guarded and imported back as it was.
    let file = s.write("u.csv", "code,name\nCB-F,\"=HYPERLINK(\"\"x\"\")\"\n");
    s.ok(&["import", "units", file.to_str().unwrap()]);
    let dir = s.path().join("export");
    s.ok(&["export", "--out", dir.to_str().unwrap()]);
    let units = std::fs::read_to_string(dir.join("units.csv")).unwrap();
    assert!(units.starts_with('\u{feff}'));
    assert!(units.contains("CB-F,\"'=HYPERLINK(\"\"x\"\")\""), "{units}");
    let other = s.path().join("other");
    for kind in KINDS {
        let out = s
            .cmd_db(&other)
            .args([
                "import",
                kind,
                dir.join(format!("{kind}.csv")).to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
    let u = dataset(&other);
    let u = u.units.iter().find(|u| u.code == "CB-F").unwrap();
    assert_eq!(u.name, "=HYPERLINK(\"x\")");
}
