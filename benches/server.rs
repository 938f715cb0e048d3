//! The shared-mode figures of the README, measured on the real binary: `dvk serve` on a
//! database seeded with `dvk demo`, then
//!
//! 1. 20 clients at once, each with its own connection (`server::Remote`), each making 500
//!    edits: ten increment a criterion of shared models (read, change, save; on
//!    `Msg::Conflict` read again), all ten on the same model at the same time, moving through
//!    20 shared models in turn; ten save check-ins on a model of their own. Every request's
//!    latency is recorded; at the end the shared criteria must have grown by exactly 5,000 in
//!    all and every model must hold its 500 new check-ins (no lost update).
//! 2. `dvk status --json` as a whole process through the server (the server holds the
//!    database's lock, so an answer can only come through the socket; this is checked).
//! 3. The server's CPU time over 10 s of idleness with a subscribed client connected.
//!
//! `cargo bench --bench server`; `-- --edits N` changes the 500, `-- --shared K` the number
//! of shared models (`--shared 1`: every increment on one record, whose history, sent whole
//! with every read of the model, then grows to 5,000 entries), `-- --keep DIR` leaves the
//! database and the server's log in DIR.

use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use dvk::api::{Api, ApiError, Request};
use dvk::domain::{CheckIn, CheckInKind, Msg};
use dvk::server::Remote;

mod common;

const CLIENTS: usize = 20;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Nearest-rank percentile of sorted values.
fn pct(v: &[Duration], q: f64) -> Duration {
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

fn row(name: &str, mut v: Vec<Duration>) -> String {
    v.sort();
    format!(
        "| {name} | {} | {} | {} | {} | {} |",
        v.len(),
        ms(pct(&v, 0.5)),
        ms(pct(&v, 0.9)),
        ms(pct(&v, 0.99)),
        ms(*v.last().unwrap())
    )
}

struct Server(Child);

impl Server {
    fn pid(&self) -> u32 {
        self.0.id()
    }
    /// SIGTERM, as systemd stops it; SIGKILL if it has not ended after 10 s.
    fn stop(&mut self) -> bool {
        unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(st)) = self.0.try_wait() {
                return st.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// utime + stime of a process, in clock ticks, over all its threads.
fn cpu_ticks(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &s[s.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

/// Context switches of each thread of a process (each wake-up counts one), by thread id.
fn wakeups(pid: u32) -> std::collections::BTreeMap<String, (String, u64)> {
    let mut out = std::collections::BTreeMap::new();
    for t in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
        let t = t.unwrap().path();
        let Ok(s) = std::fs::read_to_string(t.join("status")) else {
            continue;
        };
        let name = std::fs::read_to_string(t.join("comm")).unwrap_or_default();
        let n: u64 = s
            .lines()
            .filter(|l| l.contains("voluntary_ctxt_switches"))
            .map(|l| l.split_whitespace().last().unwrap().parse::<u64>().unwrap())
            .sum();
        let tid = t.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(tid, (name.trim().to_string(), n));
    }
    out
}

fn arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

#[derive(Default)]
struct Client {
    reads: Vec<Duration>,
    saves: Vec<Duration>,
    conflicts: Vec<Duration>,
    checkins: Vec<Duration>,
}

fn main() {
    let edits: usize = arg("--edits").map_or(500, |s| s.parse().unwrap());
    let n_shared: usize = arg("--shared").map_or(20, |s| s.parse().unwrap());
    let keep = arg("--keep").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.as_deref().unwrap_or(tmp.path()).to_path_buf();
    let _ = std::fs::remove_dir_all(dir.join("data"));
    std::fs::create_dir_all(&dir).unwrap();
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let db = dir.join("data").join("db");
    // The default socket: `dvk.sock` beside the database directory.
    let socket = dir.join("data").join("dvk.sock");

    let out = common::dvk_cmd("2020-10-20", &home, &db)
        .arg("demo")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::File::create(dir.join("serve.log")).unwrap();
    let mut server = Server(
        common::dvk_cmd("2020-10-20", &home, &db)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start dvk serve"),
    );
    let t = Instant::now();
    while !matches!(Remote::connect(&socket), Ok(Some(_))) {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "dvk server: demo database, {CLIENTS} clients x {edits} edits; server answered after {}",
        ms(t.elapsed())
    );

    // --- 20 clients at once ------------------------------------------------------------------
    let today = NaiveDate::from_ymd_opt(2020, 10, 20).unwrap();
    let setup = Remote::connect(&socket).unwrap().unwrap();
    let rows = Api(&setup).model_rows(None, today).unwrap();
    let shared: Vec<u64> = rows
        .iter()
        .filter(|r| r.criteria > 0)
        .take(n_shared)
        .map(|r| r.id)
        .collect();
    assert_eq!(shared.len(), n_shared, "models with criteria");
    let actual = |api: &Api, ids: &[u64]| -> f64 {
        ids.iter()
            .map(|id| api.model(*id).unwrap().model.criteria[0].actual)
            .sum()
    };
    let before = actual(&Api(&setup), &shared);
    let own: Vec<_> = rows
        .iter()
        .filter(|r| !shared.contains(&r.id))
        .take(CLIENTS / 2)
        .cloned()
        .collect();
    assert_eq!(own.len(), CLIENTS / 2);
    let shared = Arc::new(shared);
    let start = Arc::new(Barrier::new(CLIENTS + 1));
    let threads: Vec<_> = (0..CLIENTS)
        .map(|t| {
            let socket = socket.clone();
            let start = start.clone();
            let own = own.clone();
            let shared = shared.clone();
            std::thread::spawn(move || {
                let r = Remote::connect(&socket).unwrap().expect("server answers");
                let api = Api(&r);
                let mut c = Client::default();
                start.wait();
                if t < CLIENTS / 2 {
                    for i in 0..edits {
                        let target = shared[i % shared.len()];
                        loop {
                            let q = Instant::now();
                            let mut m = api.model(target).unwrap().model;
                            c.reads.push(q.elapsed());
                            m.criteria[0].actual += 1.0;
                            let q = Instant::now();
                            let r = api.save(Request::SaveModel(m));
                            let d = q.elapsed();
                            match r {
                                Ok(_) => {
                                    c.saves.push(d);
                                    break;
                                }
                                Err(ApiError::Msg(Msg::Conflict { .. })) => c.conflicts.push(d),
                                Err(e) => panic!("client {t} edit {i}: {e:?}"),
                            }
                        }
                    }
                } else {
                    let m = &own[t - CLIENTS / 2];
                    for i in 0..edits {
                        let ci = CheckIn {
                            id: 0,
                            model: m.id,
                            date: m.registered_on + chrono::Days::new(1 + i as u64),
                            kind: CheckInKind::SelfReport,
                            by: format!("Tổ công tác {t}"),
                            note: format!("Lần {i}"),
                            step: None,
                            actuals: vec![],
                            next_due: None,
                            rev: 0,
                        };
                        let q = Instant::now();
                        api.save(Request::SaveCheckIn(ci))
                            .unwrap_or_else(|e| panic!("client {t} check-in {i}: {e:?}"));
                        c.checkins.push(q.elapsed());
                    }
                }
                c
            })
        })
        .collect();
    start.wait();
    let began = Instant::now();
    let clients: Vec<Client> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let wall = began.elapsed();

    // No lost update.
    let after = actual(&Api(&setup), &shared);
    let increments = (CLIENTS / 2 * edits) as f64;
    assert_eq!(after, before + increments, "lost increments");
    let rows_after = Api(&setup).model_rows(None, today).unwrap();
    for m in &own {
        let now = rows_after.iter().find(|r| r.id == m.id).unwrap();
        assert_eq!(
            now.checkins as usize,
            m.checkins as usize + edits,
            "lost check-ins of model {}",
            m.code
        );
    }
    let history = Api(&setup).model(shared[0]).unwrap().history.len();
    drop(setup);

    let all = |f: fn(&Client) -> &Vec<Duration>| -> Vec<Duration> {
        clients.iter().flat_map(|c| f(c).iter().copied()).collect()
    };
    let (reads, saves, conflicts, checkins) = (
        all(|c| &c.reads),
        all(|c| &c.saves),
        all(|c| &c.conflicts),
        all(|c| &c.checkins),
    );
    let everything: Vec<Duration> = [&reads, &saves, &conflicts, &checkins]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    let requests = everything.len();
    let edits_done = saves.len() + checkins.len();
    // Reads of the shared models early and late: their history grows with every save.
    let (first_reads, last_reads): (Vec<Duration>, Vec<Duration>) = {
        let per = &clients[0].reads;
        let k = per.len().min(50);
        (per[..k].to_vec(), per[per.len() - k..].to_vec())
    };

    // --- dvk status --json through the server, as a whole process ----------------------------
    let locked = matches!(
        dvk::store::Store::open(&db),
        Err(ApiError::Msg(Msg::DbLocked { .. }))
    );
    assert!(locked, "the server should hold the database's lock");
    let no_server = common::dvk_cmd("2020-10-20", &home, &db)
        .env("DVK_SOCKET", dir.join("nowhere.sock"))
        .args(["status", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        no_server.status.code(),
        Some(3),
        "without the socket the database is locked"
    );
    let status = || {
        let t = Instant::now();
        let out = common::dvk_cmd("2020-10-20", &home, &db)
            .args(["status", "--json"])
            .output()
            .unwrap();
        let d = t.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("\"2017-2020\""));
        d
    };
    status();
    let mut st: Vec<Duration> = (0..21).map(|_| status()).collect();
    st.sort();

    // --- idle ---------------------------------------------------------------------------------
    // A person's interface stays connected and subscribed while nobody types.
    let idle_client = Remote::connect(&socket).unwrap().unwrap();
    let notices = dvk::api::Backend::subscribe(&idle_client).expect("subscribe");
    std::thread::sleep(Duration::from_millis(500));
    let pid = server.pid();
    let w0 = wakeups(pid);
    let c0 = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(10));
    let c1 = cpu_ticks(pid);
    let w1 = wakeups(pid);
    let threads_idle = w1.len();
    let mut woke: Vec<String> = Vec::new();
    let mut total_wakeups = 0;
    for (tid, (name, n)) in &w1 {
        let d = n - w0.get(tid).map_or(0, |x| x.1);
        total_wakeups += d;
        if d > 0 {
            woke.push(format!("{name} {d}"));
        }
    }
    drop(notices);
    drop(idle_client);
    let tick = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;

    let clean = server.stop();
    let socket_removed = !socket.exists();

    println!();
    println!("| request (20 clients at once) | n | p50 | p90 | p99 | max |");
    println!("|---|---|---|---|---|---|");
    println!("{}", row("every request", everything.clone()));
    println!("{}", row("read of a shared model (`Model`)", reads));
    println!("{}", row("save of a shared model, accepted", saves));
    println!(
        "{}",
        row("save of a shared model, conflict", conflicts.clone())
    );
    println!("{}", row("save of a check-in", checkins));
    println!(
        "{}",
        row("shared model read, client 0's first 50", first_reads)
    );
    println!(
        "{}",
        row("shared model read, client 0's last 50", last_reads)
    );
    println!();
    println!("| figure | value |");
    println!("|---|---|");
    println!(
        "| edits made / lost | {edits_done} / 0 ({} increments, {} check-ins) |",
        increments,
        CLIENTS / 2 * edits
    );
    println!("| conflicts answered (retried) | {} |", conflicts.len());
    println!(
        "| wall time, throughput | {:.2} s, {:.0} requests/s, {:.0} edits/s |",
        wall.as_secs_f64(),
        requests as f64 / wall.as_secs_f64(),
        edits_done as f64 / wall.as_secs_f64()
    );
    println!("| shared models; history entries of the first at the end | {n_shared}; {history} |");
    println!(
        "| `dvk status --json` through the server (process, 21 runs) | median {}, max {} |",
        ms(st[10]),
        ms(st[20])
    );
    println!(
        "| idle server, 10 s ({threads_idle} threads, 1 subscribed client) | {} ticks of CPU (1 tick = {} ms), {total_wakeups} wake-ups ({}) |",
        c1 - c0,
        1000 / tick,
        woke.join(", ")
    );
    println!(
        "| SIGTERM | exit {}, socket removed: {socket_removed} |",
        if clean { "0" } else { "not clean" }
    );
}
