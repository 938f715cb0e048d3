//! Imports of large files, measured on the real binary: 1,000,000 models and 3,000,000
//! check-ins, each into a fresh database, the models also through `dvk serve`. Reports the
//! wall time and the peak memory (`ru_maxrss` of the `dvk import` process, and `VmHWM` of
//! the server).
//!
//! `cargo bench --bench import`; `-- --models N --checkins M` change the sizes,
//! `-- --server-only` runs the import through the server alone. The CSV files
//! are generated once into `target/import-bench/` and kept for later runs.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{FIELDS, Lcg, PEOPLE, TITLES, dvk_cmd, units_csv};

mod common;
#[path = "../tests/common/proc.rs"]
mod proc;

const UNITS: usize = 2_000;

fn arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

fn models_csv(dir: &Path, n: usize) -> PathBuf {
    let p = dir.join(format!("models-{n}.csv"));
    if p.exists() {
        return p;
    }
    let mut rng = Lcg(7);
    let tmp = p.with_extension("tmp");
    let mut w = BufWriter::new(std::fs::File::create(&tmp).unwrap());
    writeln!(
        w,
        "code,unit_code,kind,title,field,period,registered_on,person,position,step,status"
    )
    .unwrap();
    for i in 0..n {
        let unit = rng.below(UNITS as u64);
        let (kind, person, position) = match rng.below(2) {
            1 => ("individual", PEOPLE[i % PEOPLE.len()], "Chuyên viên"),
            _ => ("collective", "", ""),
        };
        let title = TITLES[i % TITLES.len()];
        let field = FIELDS[rng.below(5) as usize];
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let step = 1 + rng.below(5);
        writeln!(
            w,
            "M{i:07},U{unit:05},{kind},\"{title} {i}\",{field},2021-2025,2021-{month:02}-{day:02},{person},{position},{step},approved"
        )
        .unwrap();
    }
    w.into_inner().unwrap().sync_all().unwrap();
    std::fs::rename(&tmp, &p).unwrap();
    p
}

fn checkins_csv(dir: &Path, n: usize, models: usize) -> PathBuf {
    let p = dir.join(format!("checkins-{n}-of-{models}.csv"));
    if p.exists() {
        return p;
    }
    let mut rng = Lcg(11);
    let tmp = p.with_extension("tmp");
    let mut w = BufWriter::new(std::fs::File::create(&tmp).unwrap());
    writeln!(w, "model_code,date,kind,by,note").unwrap();
    let kinds = ["self_report", "inspection", "supervision", "survey"];
    for i in 0..n {
        let m = i % models;
        let round = (i / models) as u64;
        // Distinct (model, date, kind): each round of a model on its own days.
        let date = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()
            + chrono::Days::new(round * 120 + rng.below(90));
        let kind = kinds[rng.below(4) as usize];
        writeln!(
            w,
            "M{m:07},{date},{kind},Đoàn kiểm tra,Đã kiểm tra lần {round}"
        )
        .unwrap();
    }
    w.into_inner().unwrap().sync_all().unwrap();
    std::fs::rename(&tmp, &p).unwrap();
    p
}

/// Run a `dvk` command to its end: its wall time and its peak resident memory in MB. The
/// child is reaped by `wait4`, which also gives its peak.
#[allow(clippy::zombie_processes)]
fn measured(mut c: Command, log: &Path) -> (Duration, f64) {
    let t = Instant::now();
    let child = c
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as i32;
    let mut status = 0;
    // SAFETY: a plain rusage filled by the kernel for the child just spawned.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let took = t.elapsed();
    assert_eq!(r, pid);
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let err = std::fs::read_to_string(log).unwrap_or_default();
        panic!("dvk failed ({status}): {err}");
    }
    (took, ru.ru_maxrss as f64 / 1024.0)
}

fn import(home: &Path, db: &Path, kind: &str, file: &Path) -> (Duration, f64) {
    let mut c = dvk_cmd("2026-01-01", home, db);
    c.args(["import", kind, file.to_str().unwrap()]);
    measured(c, &home.join("import.log"))
}

fn main() {
    let n_models: usize = arg("--models").map_or(1_000_000, |s| s.parse().unwrap());
    let n_checkins: usize = arg("--checkins").map_or(3_000_000, |s| s.parse().unwrap());
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/import-bench");
    std::fs::create_dir_all(&cache).unwrap();
    let t = Instant::now();
    let units = units_csv(&cache, UNITS);
    let models = models_csv(&cache, n_models);
    let checkins = checkins_csv(&cache, n_checkins, n_models);
    println!(
        "files ready in {:.1} s: {} MB of models, {} MB of check-ins",
        t.elapsed().as_secs_f64(),
        std::fs::metadata(&models).unwrap().len() >> 20,
        std::fs::metadata(&checkins).unwrap().len() >> 20
    );
    let tmp = tempfile::tempdir_in(&cache).unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();

    // `-- --server-only`: the import through the server alone.
    let server_only = std::env::args().any(|a| a == "--server-only");
    // Embedded: a fresh database, the units, then the models (the check-ins come last).
    let db = tmp.path().join("a").join("db");
    if !server_only {
        import(&home, &db, "units", &units);
        let (t, rss) = import(&home, &db, "models", &models);
        println!(
            "| import {n_models} models (embedded) | {:.1} s | {rss:.0} MB |",
            t.as_secs_f64()
        );
    }
    // Through the server: `dvk serve` on a fresh database, the import a client of it.
    let db = tmp.path().join("b").join("db");
    let socket = db.with_file_name("dvk.sock");
    let mut serve = dvk_cmd("2026-01-01", &home, &db);
    let mut server = serve
        .args(["serve"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while !socket.exists() && t0.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    import(&home, &db, "units", &units);
    let before = proc::status_kb(server.id(), "VmHWM:") as f64 / 1024.0;
    let (t, rss) = import(&home, &db, "models", &models);
    let server_peak = proc::status_kb(server.id(), "VmHWM:") as f64 / 1024.0;
    println!(
        "| import {n_models} models through `dvk serve` | {:.1} s | client {rss:.0} MB, server {server_peak:.0} MB ({before:.0} MB before) |",
        t.as_secs_f64()
    );
    // SAFETY: a signal to the server this benchmark started.
    unsafe { libc::kill(server.id() as i32, libc::SIGTERM) };
    let _ = server.wait();
    drop(std::fs::remove_dir_all(tmp.path().join("b")));

    if server_only {
        return;
    }
    // The check-ins, into the database of the embedded models.
    let db = tmp.path().join("a").join("db");
    let (t, rss) = import(&home, &db, "checkins", &checkins);
    println!(
        "| import {n_checkins} check-ins (embedded) | {:.1} s | {rss:.0} MB |",
        t.as_secs_f64()
    );
}
