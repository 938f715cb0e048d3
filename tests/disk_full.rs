//! A full disk, on a small tmpfs (needs root: skipped with a reason otherwise). An import that
//! runs out of space at many points ends within seconds with the disk-full message, leaves the
//! database openable, and once space is freed `check` passes and the import is wholly there
//! or wholly absent. A server whose write fails for lack of space goes on by itself once
//! space is back.

mod common;
use common::Killed;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, stderr};

/// A tmpfs mounted on a new directory, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        if !nix::unistd::geteuid().is_root() {
            eprintln!("skipped: mounting a tmpfs needs root");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let st = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status();
        if !st.is_ok_and(|s| s.success()) {
            eprintln!("skipped: could not mount a tmpfs (mount -t tmpfs failed)");
            return None;
        }
        Some(Tmpfs { dir })
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    /// Bytes free.
    fn free(&self) -> u64 {
        let s = nix::sys::statvfs::statvfs(self.path()).unwrap();
        s.blocks_available() as u64 * s.fragment_size() as u64
    }
    /// Take all but `leave` bytes of what is free with a filler file.
    fn fill(&self, leave: u64) -> PathBuf {
        let p = self.path().join("filler");
        let mut f = std::fs::File::create(&p).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while self.free() > leave {
            let n = (self.free() - leave).min(chunk.len() as u64) as usize;
            if f.write_all(&chunk[..n]).is_err() {
                break;
            }
            f.sync_all().unwrap();
        }
        p
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// A child process killed when dropped, a failed test included.
/// Run with a deadline: a full disk must never hang.
fn run_within(mut c: Command, secs: u64) -> Output {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if t.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("still running after {secs} s: {}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn models_csv(s: &Sandbox, name: &str, prefix: &str, rows: usize) -> PathBuf {
    let mut text = String::from("code,unit_code,kind,title,field,period,registered_on\n");
    for i in 0..rows {
        writeln!(
            text,
            "{prefix}-{i:04},CB-{:02},collective,Mô hình {prefix} {i},economy,2021-2025,2021-03-01",
            i % 3
        )
        .unwrap();
    }
    s.write(name, &text)
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    let st = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(st.success());
}

/// `dvk check` passes; the number of models it counted.
fn checked_models(s: &Sandbox, db: &Path) -> usize {
    let out = run_within(
        {
            let mut c = s.cmd_db(db);
            c.args(["--lang", "en", "check"]);
            c
        },
        20,
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "check: {}{}", text, stderr(&out));
    let at = text.find("models: ").expect("models counted") + "models: ".len();
    text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn assert_disk_full(out: &Output, db: &Path) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("is full") && err.contains(&db.display().to_string()),
        "{err}"
    );
    assert!(!err.contains("os error") && !err.contains("Os {"), "{err}");
}

fn base(s: &Sandbox, db: &Path) {
    let units = s.write("units.csv", "code,name\nCB-00,A\nCB-01,B\nCB-02,C\n");
    let out = s
        .cmd_db(db)
        .args(["import", "units", units.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn an_import_on_a_full_disk_says_so_and_is_whole_or_absent() {
    let Some(fs) = Tmpfs::mount("24m") else {
        return;
    };
    let s = Sandbox::new();
    let data = fs.path().join("data");
    let db = data.join("db");
    base(&s, &db);
    let pristine = s.path().join("pristine");
    copy_dir(&data, &pristine);
    let mut full = 0;
    // 200 rows commit in one transaction, 900 through the journal.
    for rows in [200, 900] {
        let file = models_csv(&s, &format!("m{rows}.csv"), &format!("M{rows}"), rows);
        // The room the import takes, then runs with a part of it free.
        copy_dir(&pristine, &data);
        let before = fs.free();
        let import = || {
            let mut c = s.cmd_db(&db);
            c.args(["--lang", "en", "import", "models", file.to_str().unwrap()]);
            run_within(c, 10)
        };
        assert!(import().status.success());
        let need = before.saturating_sub(fs.free()).max(64 * 1024);
        for part in 0..6u64 {
            copy_dir(&pristine, &data);
            let filler = fs.fill(need * part / 6);
            let out = import();
            if out.status.success() {
                assert!(stderr(&out).is_empty(), "{}", stderr(&out));
            } else {
                full += 1;
                assert_disk_full(&out, &data);
            }
            std::fs::remove_file(filler).unwrap();
            let n = checked_models(&s, &db);
            assert!(
                n == 0 || n == rows,
                "{rows} rows with {} of {need} bytes free: {n} models",
                need * part / 6
            );
        }
    }
    assert!(full >= 4, "only {full} imports met the full disk");
}

#[test]
fn a_server_goes_on_by_itself_once_space_is_back() {
    let Some(fs) = Tmpfs::mount("24m") else {
        return;
    };
    let s = Sandbox::new();
    let db = fs.path().join("data").join("db");
    base(&s, &db);
    let cfg = s.write("config.toml", "backup_every_hours = 0\n");
    let socket = fs.path().join("data").join("dvk.sock");
    let mut srv = Killed(
        s.cmd_db(&db)
            .env("DVK_CONFIG", &cfg)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let t = Instant::now();
    while !matches!(dvk::server::Remote::connect(&socket), Ok(Some(_))) {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let import = |file: &Path| {
        let mut c = s.cmd_db(&db);
        c.env("DVK_CONFIG", &cfg).args([
            "--lang",
            "en",
            "import",
            "models",
            file.to_str().unwrap(),
        ]);
        run_within(c, 10)
    };
    let (mut small, mut full, mut halted) = (0, 0, 0);
    for (i, leave) in [32, 400, 600, 800, 1000].into_iter().enumerate() {
        let big = models_csv(&s, &format!("big{i}.csv"), &format!("B{i}"), 900);
        let filler = fs.fill(leave * 1024);
        let out = import(&big);
        if !out.status.success() {
            assert_disk_full(&out, &db);
            full += 1;
            if !stderr(&out).contains("db.journal") {
                halted += 1;
                // Still full: still said so, and nothing half-done is served.
                assert_disk_full(&import(&big), &db);
            }
        }
        std::fs::remove_file(filler).unwrap();
        // Space is back: the same server takes the next import.
        let next = models_csv(&s, &format!("small{i}.csv"), &format!("S{i}"), 50);
        let out = import(&next);
        assert!(out.status.success(), "{}", stderr(&out));
        small += 50;
        assert!(srv.0.try_wait().unwrap().is_none(), "the server stopped");
        let n = checked_models(&s, &db);
        assert!(n >= small && (n - small).is_multiple_of(900), "{n} models");
    }
    assert!(full >= 2 && halted >= 1, "{full} full, {halted} halfway");
    drop(srv);
}
