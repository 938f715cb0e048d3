//! The interface on 1,000,000 models through `dvk serve`: the real `dvk` binary in a
//! pseudo-terminal of 120×40, driven by `tests/common/pty_driver.py` (python3, standard
//! library only), each figure the time from a key being written to the terminal until the
//! screen shows what the key should bring:
//!
//! - from the start until the Overview shows its counts, then `3` until the Models tab shows
//!   its first rows (the first model's code and the line under the table, `1/N dòng`);
//! - `1` then `3` again (the tab shown a second time), `G`/`g` (the last and the first row:
//!   their codes and positions), page down (the code of the row the selection lands on and
//!   its position), a search keystroke (`/`, then a query typed one character at a time: the
//!   count of matching rows on the line under the table) — each repeated, p50/p99;
//! - the interface's peak memory (`VmHWM`) after all of that;
//! - the server's memory (`VmRSS`, `VmHWM`) with several interfaces open at once, each having
//!   shown the first rows of its Models tab.
//!
//! What the screen should show is asked of the server (`Request::Window`: the rows in code
//! order, the count of a search), so the figures rely only on what appears on screen: the
//! codes and the position line. A step that never shows what it waits for is reported with
//! the screen it left, not a panic: the figures measured until then are still printed.
//!
//! The database is the one of the `window` benchmark (`benches/common/million.rs`: built once,
//! kept in `target/bench-1m/`).
//!
//! `cargo bench --bench tui_million` — options after `--`: `--models N` (another database,
//! in `target/bench-N/`), `--repeat R` (20: samples per repeated figure), `--interfaces K`
//! (20: interfaces open at once; 0 leaves that figure out), `--timeout S` (600: the most a
//! session may take, in seconds).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dvk::api::*;
use dvk::i18n::Lang;
use serde_json::{Value, json};

mod common;
#[path = "../tests/common/proc.rs"]
mod proc;

use common::million::{Database, PERIOD, Server, TODAY, arg, today};

const DRIVER: &str = include_str!("../tests/common/pty_driver.py");
const COLS: u16 = 120;
const ROWS: u16 = 40;
/// The Overview's sentence written from the final counts.
const OVERVIEW: &str = "Kết quả có";
/// The longest a screen may take to show the first rows of a table (today's interface loads
/// the whole table first: about 13 s at 1,000,000 models on an idle machine).
const FIRST_ROWS_MS: u64 = 300_000;
/// The longest any other key may take.
const KEY_MS: u64 = 60_000;
/// Queries typed into the search, one character at a time, as many as `--repeat` needs:
/// words of the generated titles with their numbers, a person's name, numbers alone (each
/// digit narrows the rows: codes and titles hold numbers). A keystroke is timed when it
/// changes the count of matching rows — the server says what that count is.
const QUERIES: &[&str] = &[
    "nong thi hoa",
    "kip thoi 6553",
    "524288",
    "van minh 4071",
    "hien dat 31",
    "913705",
    "thu tuc 2718",
    "m00123",
    "160934",
    "dan cu tru 44",
];

/// `n` with the thousands grouped as the interface writes them in Vietnamese (`1.000.000`).
fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The line under the table, as far as it is known: `12/1.000.000 dòng` (the selection's
/// position and the rows shown), led by the space before it so that `2/…` does not match
/// `12/…`.
fn position(sel: u64, shown: u64) -> String {
    format!(" {}/{} dòng", num(sel), num(shown))
}

/// The end of the line under a searched table: `/1.234 dòng (lọc từ 1.000.000)`.
fn searched(shown: u64, total: u64) -> String {
    format!("/{} dòng (lọc từ {})", num(shown), num(total))
}

/// What the server answers for the Models tab: `len` rows from `start` in code order.
fn window(api: &Api, query: &str, start: u64, len: u32) -> WindowData {
    let view = ViewSpec {
        lang: Lang::Vi,
        query: query.into(),
        ..ViewSpec::of(TableKind::Models)
    };
    api.window(Some(PERIOD.into()), today(), view, start, len, None)
        .unwrap()
}

fn codes(w: &WindowData) -> Vec<String> {
    match &w.rows {
        WindowRows::Models(r) => r.iter().map(|m| m.code.clone()).collect(),
        _ => panic!("the Models tab's window holds models"),
    }
}

/// The code of the row at `pos` (from 0) in code order.
fn code_at(api: &Api, pos: u64) -> String {
    codes(&window(api, "", pos, 1)).remove(0)
}

/// A script of keys and expectations for the driver; each method returns its step's index.
#[derive(Default)]
struct Script {
    steps: Vec<Value>,
}

impl Script {
    fn push(&mut self, v: Value) -> usize {
        self.steps.push(v);
        self.steps.len() - 1
    }
    fn key(&mut self, k: &str) -> usize {
        self.push(json!({ "key": k }))
    }
    fn expect(&mut self, texts: &[String], ms: u64) -> usize {
        self.push(json!({ "expect": texts, "ms": ms }))
    }
    fn settle(&mut self, ms: u64) -> usize {
        self.push(json!({ "settle": ms }))
    }
    fn snap(&mut self, label: &str) -> usize {
        self.push(json!({ "snap": label }))
    }
    fn mem(&mut self) -> usize {
        self.push(json!({ "mem": "interface" }))
    }
    fn touch(&mut self, p: &Path) -> usize {
        self.push(json!({ "touch": p.display().to_string() }))
    }
    fn wait_file(&mut self, p: &Path, ms: u64) -> usize {
        self.push(json!({ "wait_file": p.display().to_string(), "ms": ms }))
    }
    /// `q`, then the program's exit.
    fn quit(&mut self) {
        self.key("q");
        self.push(json!({ "exit": 10_000 }));
    }
}

/// One interface in a pseudo-terminal, its driver running.
struct Session {
    child: Child,
    out: PathBuf,
    name: String,
    started: Instant,
    limit: Duration,
}

/// Where the sessions keep their specs, outputs and homes.
struct Env {
    work: PathBuf,
    socket: PathBuf,
    db: PathBuf,
    timeout: u64,
}

impl Env {
    /// Start `dvk --socket …` (the interface, on the server) in a pseudo-terminal with this
    /// script; `HOME` is a fresh directory of the session's own.
    fn start(&self, name: &str, script: Script) -> Session {
        let home = self.work.join(format!("home-{name}"));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        let mut env = serde_json::Map::new();
        for (k, v) in std::env::vars() {
            let user = k.starts_with("DVK_") || k.starts_with("XDG_");
            if user
                || matches!(
                    k.as_str(),
                    "NO_COLOR" | "TERM" | "COLUMNS" | "LINES" | "HOME"
                )
            {
                continue;
            }
            env.insert(k, v.into());
        }
        env.insert("HOME".into(), home.display().to_string().into());
        env.insert("DVK_DB".into(), self.db.display().to_string().into());
        env.insert("DVK_TODAY".into(), TODAY.into());
        env.insert("TERM".into(), "xterm-256color".into());
        let spec = json!({
            "argv": [env!("CARGO_BIN_EXE_dvk"), "--socket", self.socket.display().to_string()],
            "env": env,
            "cols": COLS,
            "rows": ROWS,
            "timeout": self.timeout,
            "times": true,
            "raw": self.work.join(format!("{name}.raw")).display().to_string(),
            "steps": script.steps,
        });
        let spec_path = self.work.join(format!("{name}.json"));
        std::fs::write(&spec_path, serde_json::to_vec(&spec).unwrap()).unwrap();
        let out = self.work.join(format!("{name}.out"));
        let child = Command::new("python3")
            .arg(self.work.join("pty_driver.py"))
            .arg(&spec_path)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(self.work.join(format!("{name}.err"))).unwrap())
            .spawn()
            .expect("python3 runs the pseudo-terminal driver");
        Session {
            child,
            out,
            name: name.into(),
            started: Instant::now(),
            limit: Duration::from_secs(self.timeout + 30),
        }
    }
}

impl Session {
    /// Whether the driver has finished.
    fn done(&mut self) -> bool {
        self.child.try_wait().unwrap().is_some()
    }

    /// The driver's report, once it has finished (killed if it outlives its own bound).
    fn finish(mut self) -> Outcome {
        while !self.done() {
            if self.started.elapsed() > self.limit {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the driver of {} did not finish", self.name);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let text = std::fs::read_to_string(&self.out).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!(
                "the driver of {} wrote no report ({e}): {text}\n{}",
                self.name,
                std::fs::read_to_string(self.out.with_extension("err")).unwrap_or_default()
            )
        });
        Outcome { name: self.name, v }
    }
}

/// What a driver reported.
struct Outcome {
    name: String,
    v: Value,
}

impl Outcome {
    fn step(&self, i: usize) -> Option<&Value> {
        self.v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["i"] == json!(i))
    }
    /// Whether step `i` ran and passed.
    fn ok(&self, i: usize) -> bool {
        self.step(i).is_some_and(|s| s["ok"] == json!(true))
    }
    /// Milliseconds from the start of step `from` (a key written) to the end of step `to`
    /// (the expected screen shown), when `to` passed.
    fn span(&self, from: usize, to: usize) -> Option<f64> {
        if !self.ok(to) {
            return None;
        }
        Some(self.step(to)?["t1"].as_f64()? - self.step(from)?["t0"].as_f64()?)
    }
    /// Milliseconds from the program's start to the end of step `to`.
    fn since_start(&self, to: usize) -> Option<f64> {
        if !self.ok(to) {
            return None;
        }
        self.step(to)?["t1"].as_f64()
    }
    fn snap(&self, i: usize) -> Option<&str> {
        self.step(i)?["screen"].as_str()
    }
    fn mem(&self, i: usize, key: &str) -> Option<u64> {
        self.step(i)?["mem"][key].as_u64()
    }
    /// The step that failed, what it waited for and the screen it left; `None` when every
    /// step passed and the program exited by itself with 0.
    fn failure(&self) -> Option<String> {
        let steps = self.v["steps"].as_array().unwrap();
        if let Some(s) = steps.iter().find(|s| s["ok"] != json!(true)) {
            return Some(format!(
                "{}: step {} ({}) did not pass after {:.0} ms; the screen:\n{}",
                self.name,
                s["i"],
                s["step"],
                s["t1"].as_f64().unwrap_or(0.0) - s["t0"].as_f64().unwrap_or(0.0),
                s["screen"].as_str().unwrap_or("")
            ));
        }
        if self.v["exit"] != json!(0) {
            return Some(format!(
                "{}: the interface ended with {} (signal {}, timed out {})",
                self.name, self.v["exit"], self.v["signal"], self.v["timed_out"]
            ));
        }
        None
    }
}

fn pct(v: &[f64], q: f64) -> f64 {
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

/// One row of the table: count, p50, p99, max (ms).
fn row(name: &str, mut v: Vec<f64>) {
    if v.is_empty() {
        println!("| {name} | 0 | — | — | — |");
        return;
    }
    v.sort_by(f64::total_cmp);
    println!(
        "| {name} | {} | {:.1} ms | {:.1} ms | {:.1} ms |",
        v.len(),
        pct(&v, 0.5),
        pct(&v, 0.99),
        v.last().unwrap()
    );
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or("—".into(), |k| format!("{} MB", k / 1024))
}

/// Where the selection lands after one and two page downs from the first row, read from the
/// screen of a short session of its own (the rows a page holds are the interface's to say).
fn calibrate(env: &Env, total: u64) -> Option<(u64, u64)> {
    let mut s = Script::default();
    s.expect(&[OVERVIEW.into()], FIRST_ROWS_MS);
    s.key("3");
    s.expect(&[position(1, total)], FIRST_ROWS_MS);
    s.key("pgdn");
    let a = s.snap("one page down");
    s.key("pgdn");
    let b = s.snap("two pages down");
    s.quit();
    let out = env.start("pages", s).finish();
    let at = |i: usize| -> Option<u64> {
        let screen = out.snap(i)?;
        let tail = format!("/{} dòng", num(total));
        let end = screen.find(&tail)?;
        let digits: String = screen[..end]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .filter(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse().ok()
    };
    match (at(a), at(b)) {
        (Some(x), Some(y)) if y > x && x > 1 => Some((x, y - x)),
        _ => {
            println!(
                "page down: the positions could not be read from the screen\n{}\n{}",
                out.failure().unwrap_or_default(),
                out.snap(b).or(out.snap(a)).unwrap_or("")
            );
            None
        }
    }
}

fn main() {
    let repeat: usize = arg("--repeat").map_or(20, |s| s.parse().unwrap());
    let interfaces: usize = arg("--interfaces").map_or(20, |s| s.parse().unwrap());
    let timeout: u64 = arg("--timeout").map_or(600, |s| s.parse().unwrap());
    let data = common::million::database();
    let (server, remote) = Server::start(&data);
    let api = Api(&remote);
    let spid = server.pid();
    let work = data.dir.join("tui");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("pty_driver.py"), DRIVER).unwrap();
    let Database { db, .. } = &data;
    let env = Env {
        work: work.clone(),
        socket: server.socket.clone(),
        db: db.clone(),
        timeout,
    };

    // What the screens should show, from the server (its index built here, once).
    let t = Instant::now();
    let first = window(&api, "", 0, 1);
    let n = first.total;
    let first_code = codes(&first).remove(0);
    let last_code = code_at(&api, n - 1);
    println!(
        "{} models; the server's index built by its first window in {:.1} s; server resident {} MB",
        num(n),
        t.elapsed().as_secs_f64(),
        proc::status_kb(spid, "VmRSS:") / 1024
    );
    let top = || vec![first_code.clone(), position(1, n)];
    let bottom = || vec![last_code.clone(), position(n, n)];

    let pages = calibrate(&env, n);
    if let Some((p1, step)) = pages {
        println!("page down from the first row: to row {p1}, then {step} rows a page");
    }

    // The main session.
    let mut s = Script::default();
    let overview = s.expect(&[OVERVIEW.into()], FIRST_ROWS_MS);
    let k3 = s.key("3");
    let rows3 = s.expect(&top(), FIRST_ROWS_MS);
    let mut again = vec![];
    for _ in 0..repeat {
        s.key("1");
        s.expect(&[OVERVIEW.into()], KEY_MS);
        let k = s.key("3");
        again.push((k, s.expect(&top(), KEY_MS)));
    }
    let mut ends = vec![];
    let mut starts = vec![];
    for _ in 0..repeat {
        let k = s.key("G");
        ends.push((k, s.expect(&bottom(), KEY_MS)));
        let k = s.key("g");
        starts.push((k, s.expect(&top(), KEY_MS)));
    }
    let mut downs = vec![];
    if let Some((p1, step)) = pages {
        for i in 0..repeat as u64 {
            let sel = p1 + i * step;
            if sel > n {
                break;
            }
            let k = s.key("pgdn");
            downs.push((
                k,
                s.expect(&[code_at(&api, sel - 1), position(sel, n)], KEY_MS),
            ));
        }
        s.key("g");
        s.expect(&top(), KEY_MS);
    }
    let mut typed = vec![];
    let mut untimed = 0;
    for q in QUERIES {
        if typed.len() >= repeat {
            break;
        }
        s.key("/");
        let mut shown = n;
        for (i, c) in q.char_indices() {
            let k = s.key(&c.to_string());
            let count = window(&api, &q[..i + c.len_utf8()], 0, 1).total;
            if count != shown {
                typed.push((k, s.expect(&[searched(count, n)], KEY_MS)));
                shown = count;
            } else {
                // The count does not change: nothing on screen to wait for.
                s.settle(300);
                untimed += 1;
            }
        }
        // `Esc` ends the search, the selection kept on the row it was on: `g` goes back up.
        s.key("esc");
        s.key("g");
        s.expect(&top(), KEY_MS);
    }
    let mem = s.mem();
    s.quit();
    println!(
        "the main session: {} steps ({untimed} search keystrokes leave the count as it was: not timed)",
        s.steps.len()
    );
    let main = env.start("main", s).finish();
    let spans = |v: &[(usize, usize)]| -> Vec<f64> {
        v.iter().filter_map(|&(k, e)| main.span(k, e)).collect()
    };

    println!(
        "\nThe interface through `dvk serve`, {} models, {COLS}×{ROWS} (ms from the key written to the screen showing its result):\n",
        num(n)
    );
    println!("| figure | n | p50 | p99 | max |");
    println!("|---|---|---|---|---|");
    row(
        "start → the Overview with its counts",
        main.since_start(overview).into_iter().collect(),
    );
    row(
        "`3` → the Models tab's first rows (first time)",
        main.span(k3, rows3).into_iter().collect(),
    );
    row("`1`, then `3` → the first rows again", spans(&again));
    row("`G` → the last row", spans(&ends));
    row("`g` → the first row", spans(&starts));
    row("page down → the row a page further", spans(&downs));
    row("a search keystroke → the new count", spans(&typed));
    println!(
        "\ninterface memory after all of that: {} at most ({} resident)",
        mb(main.mem(mem, "VmHWM")),
        mb(main.mem(mem, "VmRSS"))
    );
    println!(
        "server memory: {} resident, {} at most",
        mb(Some(proc::status_kb(spid, "VmRSS:"))),
        mb(Some(proc::status_kb(spid, "VmHWM:")))
    );
    if let Some(f) = main.failure() {
        println!("\n{f}");
    }

    if interfaces > 0 {
        many(&env, interfaces, spid, &top());
    }
}

/// `k` interfaces started at once, each showing its Models tab's first rows; the server's
/// memory read while they are all open.
fn many(env: &Env, k: usize, spid: u32, top: &[String]) {
    let go = env.work.join("go");
    let before = proc::status_kb(spid, "VmRSS:");
    // The peak counted from here (`5` to clear_refs resets VmHWM to the resident size).
    let reset = std::fs::write(format!("/proc/{spid}/clear_refs"), b"5").is_ok();
    let t = Instant::now();
    let mut sessions = Vec::new();
    let mut ready = Vec::new();
    for i in 0..k {
        let mut s = Script::default();
        s.expect(&[OVERVIEW.into()], FIRST_ROWS_MS);
        s.key("3");
        let rows = s.expect(top, FIRST_ROWS_MS);
        let mem = s.mem();
        let file = env.work.join(format!("ready-{i}"));
        s.touch(&file);
        s.wait_file(&go, env.timeout * 1000);
        s.quit();
        ready.push(file);
        sessions.push((env.start(&format!("many-{i}"), s), rows, mem));
    }
    // Until every interface shows its rows, or one of them has stopped.
    loop {
        if ready.iter().all(|f| f.exists()) {
            break;
        }
        if sessions.iter_mut().any(|(s, _, _)| s.done()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let all = t.elapsed();
    let shown = ready.iter().filter(|f| f.exists()).count();
    let rss = proc::status_kb(spid, "VmRSS:");
    let hwm = proc::status_kb(spid, "VmHWM:");
    std::fs::write(&go, b"").unwrap();
    let outs: Vec<(Outcome, usize, usize)> = sessions
        .into_iter()
        .map(|(s, rows, mem)| (s.finish(), rows, mem))
        .collect();
    println!(
        "
{k} interfaces started at once: {shown} showed their Models tab's first rows, the last {:.1} s after the first started\n",
        all.as_secs_f64()
    );
    println!("| figure | n | p50 | p99 | max |");
    println!("|---|---|---|---|---|");
    row(
        "start → the Models tab's first rows (`3` as soon as the Overview shows)",
        outs.iter()
            .filter_map(|(o, rows, _)| o.since_start(*rows))
            .collect(),
    );
    let peaks: Vec<u64> = outs
        .iter()
        .filter_map(|(o, _, mem)| o.mem(*mem, "VmHWM"))
        .collect();
    println!(
        "\nserver memory: {} resident before them; with them open {} resident, {} at most {}",
        mb(Some(before)),
        mb(Some(rss)),
        mb(Some(hwm)),
        if reset {
            "since they started"
        } else {
            "since the server started"
        }
    );
    if !peaks.is_empty() {
        println!(
            "each interface's peak memory: {} to {}",
            mb(peaks.iter().min().copied()),
            mb(peaks.iter().max().copied())
        );
    }
    for (o, _, _) in &outs {
        if let Some(f) = o.failure() {
            println!("\n{f}");
        }
    }
}
