//! The real binary in a pseudo-terminal: a script of keys and expectations is handed to a
//! small python3 driver (standard library only, `pty_driver.py` beside this file) that starts
//! `dvk` at a given size with TERM=xterm-256color, types, keeps a screen model of what the
//! terminal shows, and reports back as JSON. Every run is bounded in time: the driver kills
//! the program after `timeout` seconds, and this side kills the driver if it outlives that.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::Sandbox;

const DRIVER: &str = include_str!("pty_driver.py");

/// A scripted session: build it with the step methods, then [`Session::run`].
pub struct Session<'a> {
    sandbox: &'a Sandbox,
    db: Option<PathBuf>,
    args: Vec<String>,
    cols: u16,
    rows: u16,
    timeout: u64,
    steps: Vec<Value>,
    /// Environment set (`Some`) or removed (`None`) on top of the usual one.
    env_changes: Vec<(String, Option<String>)>,
    /// Run the program through this command (e.g. a shell), the program's path and
    /// arguments following it.
    via: Vec<String>,
}

impl<'a> Session<'a> {
    pub fn new(sandbox: &'a Sandbox, args: &[&str], cols: u16, rows: u16) -> Self {
        Session {
            sandbox,
            db: None,
            args: args.iter().map(|s| s.to_string()).collect(),
            cols,
            rows,
            timeout: 20,
            steps: vec![],
            env_changes: vec![],
            via: vec![],
        }
    }
    /// Set an environment variable for the program (`TERM` included).
    pub fn set_env(mut self, key: &str, value: &str) -> Self {
        self.env_changes.push((key.into(), Some(value.into())));
        self
    }
    /// Start the program without this environment variable.
    pub fn unset(mut self, key: &str) -> Self {
        self.env_changes.push((key.into(), None));
        self
    }
    /// Start the program through `cmd` (its first word an absolute path), which is given the
    /// program's path and arguments after its own.
    pub fn via(mut self, cmd: &[&str]) -> Self {
        self.via = cmd.iter().map(|s| s.to_string()).collect();
        self
    }
    /// Bytes written in one write (given in hex), so they arrive in one read.
    pub fn raw(self, bytes: &[u8]) -> Self {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.step(json!({ "raw": hex }))
    }
    /// Seconds after which the program is killed (the whole run, keys and waits included).
    pub fn timeout(mut self, secs: u64) -> Self {
        self.timeout = secs;
        self
    }
    pub fn db(mut self, db: &Path) -> Self {
        self.db = Some(db.to_path_buf());
        self
    }
    fn step(mut self, v: Value) -> Self {
        self.steps.push(v);
        self
    }
    /// One key by name: a single character, `enter tab btab esc backspace space up down left
    /// right home end pgup pgdn del f1`, or `c-X` for Ctrl-X.
    pub fn key(self, name: &str) -> Self {
        self.step(json!({ "key": name }))
    }
    pub fn keys(mut self, names: &[&str]) -> Self {
        for k in names {
            self = self.key(k);
        }
        self
    }
    /// Typed one character at a time (UTF-8), with a short pause after each.
    pub fn text(self, s: &str) -> Self {
        self.step(json!({ "text": s }))
    }
    /// Wait (up to 5 s) until the screen shows `s`; the run stops here if it never does.
    pub fn expect(self, s: &str) -> Self {
        self.step(json!({ "expect": s, "ms": 5000 }))
    }
    /// Wait (up to 5 s) until the screen no longer shows `s`, and still does not once the
    /// output has been quiet for 200 ms.
    pub fn absent(self, s: &str) -> Self {
        self.step(json!({ "absent": s, "ms": 5000 }))
    }
    /// Wait until the output is quiet for `ms`.
    pub fn settle(self, ms: u64) -> Self {
        self.step(json!({ "settle": ms }))
    }
    /// Keep the screen as it is once the output is quiet, under `label`.
    pub fn snap(self, label: &str) -> Self {
        self.step(json!({ "snap": label }))
    }
    /// Send the program a signal (e.g. 1 for SIGHUP: the SSH link dropped).
    pub fn signal(self, sig: i32) -> Self {
        self.step(json!({ "signal": sig }))
    }
    /// Wait (up to `ms`) until the screen shows `s`.
    pub fn expect_within(self, s: &str, ms: u64) -> Self {
        self.step(json!({ "expect": s, "ms": ms }))
    }
    /// Run `dvk` with these arguments in another process, in the session's environment, to
    /// its end (while the interface keeps running); the step fails unless it exits 0.
    pub fn dvk(self, args: &[&str]) -> Self {
        let mut argv = vec![env!("CARGO_BIN_EXE_dvk").to_string()];
        argv.extend(args.iter().map(|s| s.to_string()));
        self.step(json!({ "run": argv }))
    }
    /// Wait (up to 5 s) for the program to exit.
    pub fn exit(self) -> Self {
        self.step(json!({ "exit": 5000 }))
    }

    fn env(&self) -> serde_json::Map<String, Value> {
        let mut env = serde_json::Map::new();
        for (k, v) in std::env::vars() {
            let user = k.starts_with("DVK_") || k.starts_with("XDG_");
            if user || matches!(k.as_str(), "NO_COLOR" | "TERM" | "COLUMNS" | "LINES") {
                continue;
            }
            env.insert(k, v.into());
        }
        let db = self.db.clone().unwrap_or_else(|| self.sandbox.db());
        let home = self.sandbox.path().display().to_string();
        env.insert("HOME".into(), home.into());
        env.insert("DVK_DB".into(), db.display().to_string().into());
        env.insert("DVK_TODAY".into(), "2020-10-20".into());
        env.insert("TERM".into(), "xterm-256color".into());
        for (k, v) in &self.env_changes {
            match v {
                Some(v) => env.insert(k.clone(), v.clone().into()),
                None => env.remove(k),
            };
        }
        env
    }

    pub fn run(self) -> Outcome {
        let dir = self.sandbox.path();
        let driver = dir.join("pty_driver.py");
        std::fs::write(&driver, DRIVER).unwrap();
        let n = self.sandbox_runs();
        let spec_path = dir.join(format!("pty-{n}.json"));
        let raw_path = dir.join(format!("pty-{n}.raw"));
        let mut argv = self.via.clone();
        argv.push(env!("CARGO_BIN_EXE_dvk").to_string());
        argv.extend(self.args.iter().cloned());
        let spec = json!({
            "argv": argv,
            "env": self.env(),
            "cols": self.cols,
            "rows": self.rows,
            "timeout": self.timeout,
            "raw": raw_path.display().to_string(),
            "steps": self.steps,
        });
        std::fs::write(&spec_path, serde_json::to_vec(&spec).unwrap()).unwrap();
        let mut child = Command::new("python3")
            .arg(&driver)
            .arg(&spec_path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs the pseudo-terminal driver");
        // The driver bounds itself; this is the bound should the driver itself hang.
        let limit = Duration::from_secs(self.timeout + 15);
        let start = Instant::now();
        let status = loop {
            if let Some(st) = child.try_wait().unwrap() {
                break st;
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the pseudo-terminal driver did not finish within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut out = String::new();
        let mut err = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(status.success(), "driver failed: {status:?}\n{err}");
        let v: Value = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("driver output is not JSON ({e}): {out}\n{err}"));
        Outcome {
            raw: std::fs::read(&raw_path).unwrap_or_default(),
            v,
        }
    }

    /// A number for this run's files, so several runs in one sandbox keep theirs.
    fn sandbox_runs(&self) -> usize {
        (0..)
            .find(|n| !self.sandbox.path().join(format!("pty-{n}.json")).exists())
            .unwrap()
    }
}

/// What a run did: each step's result, the exit, the raw bytes the program wrote.
pub struct Outcome {
    pub v: Value,
    pub raw: Vec<u8>,
}

impl Outcome {
    /// Every step passed, the program exited by itself with `code`.
    pub fn assert_exit(&self, code: i32) {
        self.assert_steps();
        assert_eq!(
            self.v["timed_out"],
            json!(false),
            "timed out\n{}",
            self.report()
        );
        assert_eq!(
            self.exit(),
            Some(code),
            "exit status (signal {:?})\n{}",
            self.v["signal"],
            self.report()
        );
    }
    pub fn assert_steps(&self) {
        for s in self.v["steps"].as_array().unwrap() {
            assert!(
                s["ok"] == json!(true),
                "step {} failed: {}\nscreen:\n{}",
                s["i"],
                s["step"],
                s["screen"].as_str().unwrap_or("")
            );
        }
    }
    pub fn exit(&self) -> Option<i32> {
        self.v["exit"].as_i64().map(|c| c as i32)
    }
    /// The screen kept by [`Session::snap`] under `label`.
    pub fn snap(&self, label: &str) -> &str {
        self.v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"]["snap"] == json!(label))
            .and_then(|s| s["screen"].as_str())
            .unwrap_or_else(|| panic!("no snapshot {label}\n{}", self.report()))
    }
    /// The raw output with escape sequences removed.
    pub fn plain(&self) -> String {
        strip_escapes(&String::from_utf8_lossy(&self.raw))
    }
    fn report(&self) -> String {
        format!(
            "steps: {}\nlast screen:\n{}",
            self.v["steps"],
            self.v["screen"].as_str().unwrap_or("")
        )
    }
}

/// Text without CSI, OSC and two-character escape sequences.
pub fn strip_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\x1b' {
            if c >= ' ' || c == '\n' {
                out.push(c);
            }
            continue;
        }
        match it.next() {
            Some('[') => {
                for c in it.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = it.next() {
                    if c == '\x07' || (c == '\x1b' && it.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            Some('(' | ')') => {
                it.next();
            }
            _ => {}
        }
    }
    out
}
