//! The figures of the README's performance section, measured on the real binary with data
//! this benchmark makes itself: import time, `dvk status --json` and `dvk report` as whole
//! processes, and the size of the database on disk.
//!
//! `cargo bench --bench figures` (100,000 models); `cargo bench --bench figures -- --million`
//! adds the 1,000,000-model status figure.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

use common::{FIELDS, Lcg, PEOPLE, TITLES, units_csv};

const DVK: &str = env!("CARGO_BIN_EXE_dvk");

fn models_csv(dir: &Path, n: usize, units: usize, rng: &mut Lcg) -> PathBuf {
    let mut s = String::with_capacity(n * 160);
    s.push_str("code,unit_code,kind,title,field,period,registered_on,person,position,step,status,outcome\n");
    for i in 0..n {
        let unit = rng.below(units as u64);
        let individual = rng.below(2) == 1;
        let (kind, person, position) = if individual {
            ("individual", PEOPLE[i % PEOPLE.len()], "Chuyên viên")
        } else {
            ("collective", "", "")
        };
        let title = TITLES[i % TITLES.len()];
        let field = FIELDS[rng.below(5) as usize];
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let step = 1 + rng.below(5);
        let status =
            ["approved", "approved", "approved", "submitted", "draft"][rng.below(5) as usize];
        let outcome = ["pending", "pending", "recognized", "outstanding"][rng.below(4) as usize];
        // Only an approved registration has an outcome other than pending.
        let outcome = if status == "approved" {
            outcome
        } else {
            "pending"
        };
        writeln!(
            s,
            "M{i:07},U{unit:05},{kind},\"{title} {i}\",{field},2021-2025,2021-{month:02}-{day:02},{person},{position},{step},{status},{outcome}"
        )
        .unwrap();
    }
    let p = dir.join(format!("models-{n}.csv"));
    std::fs::write(&p, s).unwrap();
    p
}

fn checkins_csv(dir: &Path, n: usize, models: usize, rng: &mut Lcg) -> PathBuf {
    let mut s = String::with_capacity(n * 80);
    s.push_str("model_code,date,kind,by,note\n");
    let kinds = ["self_report", "inspection", "supervision", "survey"];
    // Distinct (model, date, kind): the i-th check-in of a model is on its own day.
    for i in 0..n {
        let m = i % models;
        let round = (i / models) as u32;
        let date = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()
            + chrono::Days::new(round as u64 * 120 + rng.below(90));
        let kind = kinds[rng.below(4) as usize];
        writeln!(
            s,
            "M{m:07},{date},{kind},Đoàn kiểm tra,Đã kiểm tra lần {round}"
        )
        .unwrap();
    }
    let p = dir.join("checkins.csv");
    std::fs::write(&p, s).unwrap();
    p
}

fn awards_csv(dir: &Path, n: usize, models: usize) -> PathBuf {
    let mut s = String::from("model_code,body,form,decision_no,decided_on\n");
    let bodies = [
        "Ban Dân vận Tỉnh ủy",
        "Ban Thường vụ Đảng ủy Khối",
        "UBND tỉnh",
    ];
    for i in 0..n {
        let m = (i * 5) % models;
        let form = if i % 3 == 0 { "bang_khen" } else { "giay_khen" };
        writeln!(
            s,
            "M{m:07},{},{form},{}-QĐ/ĐUK,2024-10-{:02}",
            bodies[i % 3],
            100 + i,
            1 + i % 28
        )
        .unwrap();
    }
    let p = dir.join("awards.csv");
    std::fs::write(&p, s).unwrap();
    p
}

fn dvk(db: &Path, args: &[&str]) -> (Duration, std::process::Output) {
    let t = Instant::now();
    let out = Command::new(DVK)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DVK_SOCKET")
        .env("DVK_TODAY", "2025-06-30")
        .output()
        .expect("run dvk");
    let d = t.elapsed();
    assert!(
        out.status.success(),
        "dvk {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (d, out)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Median and worst of `runs` whole-process runs.
fn timed(db: &Path, args: &[&str], runs: usize) -> (Duration, Duration) {
    timed_with(db, args, runs, || {})
}

/// The same, calling `before` ahead of each run.
fn timed_with(db: &Path, args: &[&str], runs: usize, before: impl Fn()) -> (Duration, Duration) {
    before();
    let _ = dvk(db, args); // warm the page cache, as a person's second look would
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            before();
            dvk(db, args).0
        })
        .collect();
    v.sort();
    (v[runs / 2], v[runs - 1])
}

/// Removes the status cache of a database (as if it had not been closed cleanly), so that
/// `dvk status` opens the database itself.
fn no_cache(db: &Path) -> impl Fn() + use<> {
    let cache = db.with_file_name(format!(
        "{}.status",
        db.file_name().unwrap().to_string_lossy()
    ));
    move || {
        let _ = std::fs::remove_file(&cache);
    }
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let m = e.metadata().unwrap();
                    if m.is_dir() {
                        dir_size(&e.path())
                    } else {
                        m.len()
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn main() {
    let million = std::env::args().any(|a| a == "--million");
    // `-- --keep DIR` leaves the data and databases in DIR for a closer look.
    let keep = std::env::args()
        .skip_while(|a| a != "--keep")
        .nth(1)
        .map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.as_deref().unwrap_or(tmp.path());
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = Lcg(2017);
    let (n_units, n_models, n_checkins, n_awards) = (2_000, 100_000, 300_000, 20_000);
    let units = units_csv(dir, n_units);
    let models = models_csv(dir, n_models, n_units, &mut rng);
    let checkins = checkins_csv(dir, n_checkins, n_models, &mut rng);
    let awards = awards_csv(dir, n_awards, n_models);
    let db = dir.join("db");

    println!(
        "dvk figures: {n_units} units, {n_models} models, {n_checkins} check-ins, {n_awards} awards"
    );
    let (t, _) = dvk(&db, &["import", "units", units.to_str().unwrap()]);
    println!("import units ({n_units} rows)          {}", ms(t));
    let (t, _) = dvk(&db, &["import", "models", models.to_str().unwrap()]);
    println!("import models ({n_models} rows)       {}", ms(t));
    let (t, _) = dvk(&db, &["import", "checkins", checkins.to_str().unwrap()]);
    println!("import checkins ({n_checkins} rows)     {}", ms(t));
    let (t, _) = dvk(&db, &["import", "awards", awards.to_str().unwrap()]);
    println!("import awards ({n_awards} rows)        {}", ms(t));
    let (med, max) = timed(&db, &["status", "--json"], 11);
    println!(
        "status --json (process)           median {}  max {}",
        ms(med),
        ms(max)
    );
    let (med, max) = timed_with(&db, &["status", "--json"], 11, no_cache(&db));
    println!(
        "status --json, database opened    median {}  max {}",
        ms(med),
        ms(max)
    );
    let (med, max) = timed(&db, &["status"], 11);
    println!(
        "status text (process)             median {}  max {}",
        ms(med),
        ms(max)
    );
    let (med, max) = timed(&db, &["report"], 5);
    println!(
        "report (process)                  median {}  max {}",
        ms(med),
        ms(max)
    );
    // A day before the latest check-in: the figures come from reading the period's records.
    let (med, max) = timed(&db, &["report", "--as-of", "2022-06-30"], 3);
    println!(
        "report of a past day (process)    median {}  max {}",
        ms(med),
        ms(max)
    );
    let xlsx = dir.join("report.xlsx");
    let (med, max) = timed(
        &db,
        &[
            "report",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
        3,
    );
    println!(
        "report --format xlsx (process)    median {}  max {}  ({:.1} MB)",
        ms(med),
        ms(max),
        std::fs::metadata(&xlsx).map_or(0, |m| m.len()) as f64 / 1e6
    );
    let (med, max) = timed(&db, &["report", "--unit", "U00001", "--format", "json"], 3);
    println!(
        "report --unit (process)           median {}  max {}",
        ms(med),
        ms(max)
    );
    let demo = dir.join("db-demo");
    dvk(&demo, &["demo"]);
    let demo_xlsx = dir.join("demo.xlsx");
    let (med, max) = timed(
        &demo,
        &[
            "report",
            "--format",
            "xlsx",
            "--out",
            demo_xlsx.to_str().unwrap(),
        ],
        5,
    );
    println!(
        "report --format xlsx, demo        median {}  max {}  ({:.1} kB)",
        ms(med),
        ms(max),
        std::fs::metadata(&demo_xlsx).map_or(0, |m| m.len()) as f64 / 1e3
    );
    println!(
        "database on disk                  {:.1} MB",
        dir_size(&db) as f64 / 1e6
    );
    let docx = dir.join("bao-cao.docx");
    let docx_args = [
        "report",
        "--format",
        "docx",
        "--out",
        docx.to_str().unwrap(),
    ];
    let (med, max) = timed(&db, &docx_args, 3);
    println!(
        "report --format docx (process)    median {}  max {}  file {:.1} MB",
        ms(med),
        ms(max),
        file_size(&docx) as f64 / 1e6
    );
    let demo = dir.join("db-demo");
    dvk(&demo, &["demo"]);
    let demo_docx = dir.join("bao-cao-demo.docx");
    let demo_args = [
        "report",
        "--format",
        "docx",
        "--out",
        demo_docx.to_str().unwrap(),
    ];
    let (med, max) = timed(&demo, &demo_args, 5);
    println!(
        "report --format docx, demo        median {}  max {}  file {:.0} kB",
        ms(med),
        ms(max),
        file_size(&demo_docx) as f64 / 1e3
    );

    if million {
        let db2 = dir.join("db-million");
        let models = models_csv(dir, 1_000_000, n_units, &mut rng);
        dvk(&db2, &["import", "units", units.to_str().unwrap()]);
        let (t, _) = dvk(&db2, &["import", "models", models.to_str().unwrap()]);
        println!("import models (1000000 rows)      {}", ms(t));
        let (med, max) = timed(&db2, &["status", "--json"], 11);
        println!(
            "status --json, 1M models          median {}  max {}",
            ms(med),
            ms(max)
        );
        let (med, max) = timed_with(&db2, &["status", "--json"], 11, no_cache(&db2));
        println!(
            "status --json, 1M, database opened median {}  max {}",
            ms(med),
            ms(max)
        );
        println!(
            "database on disk, 1M models       {:.1} MB",
            dir_size(&db2) as f64 / 1e6
        );
    }
}
