//! Shared by the black-box tests: each test gets its own directory and runs the real binary
//! with the user's own environment (DVK_*, XDG_*, HOME) removed.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn db(&self) -> PathBuf {
        self.path().join("data").join("db")
    }
    /// `dvk` on this sandbox's database, in a clean environment.
    pub fn cmd(&self) -> Command {
        self.cmd_db(&self.db())
    }
    pub fn cmd_db(&self, db: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_dvk"));
        for (k, _) in std::env::vars() {
            if k.starts_with("DVK_") || k.starts_with("XDG_") || k == "NO_COLOR" {
                c.env_remove(k);
            }
        }
        c.env("HOME", self.path())
            .env("DVK_DB", db)
            .env("DVK_TODAY", "2020-10-20");
        c
    }
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }
    /// Run and insist on success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "dvk {args:?} exited {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A child process (a server) that is killed and reaped when the test ends, passing or not.
pub struct Killed(pub std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The tool can be started (`-v`: both print their version and exit).
pub fn have_tool(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// The PDF LibreOffice makes of `file`, as text with runs of white space made one space.
/// `layout`: keep the columns of a page as they stand (`pdftotext -layout`).
/// `None` (the test skips) when LibreOffice or pdftotext is missing, unless `CI` is set.
pub fn pdf_text(file: &Path, dir: &Path, layout: bool) -> Option<String> {
    if !have_tool("soffice") || !have_tool("pdftotext") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but soffice or pdftotext is missing"
        );
        eprintln!("skipped: soffice or pdftotext is not installed");
        return None;
    }
    // A profile of its own, so parallel runs do not share LibreOffice's.
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "soffice: {}", stderr(&out));
    let pdf = dir.join(file.with_extension("pdf").file_name().unwrap());
    let out = Command::new("pdftotext")
        .args(if layout { &["-layout"][..] } else { &[][..] })
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}
