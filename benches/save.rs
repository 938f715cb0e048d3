//! The save figure of the README: saving an edited model (validation, transaction, audit,
//! counters, flush) with 100,000 models in the database.
//!
//! The benchmark makes its own data: 2,000 units and 100,000 models with two criteria each,
//! imported with the real binary (`dvk import units`, `dvk import models`). It then edits
//! 1,000 different models in-process through `store::Embedded` (as the interface does without
//! a server), and 1,000 others through `dvk serve` and `server::Remote` (the shared mode). Each
//! edit loads the model, changes its title and a criterion, and saves it with
//! `Request::SaveModel`; the save alone is timed, the load is reported beside it.
//!
//! `cargo bench --bench save`; `-- --keep DIR` leaves the data and the database in DIR (and
//! reuses a database already built there); `-- --models N` and `-- --saves N` change the sizes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dvk::api::{Api, Backend, Request};
use dvk::server::Remote;

mod common;

use common::{FIELDS, Lcg, PEOPLE, TITLES, units_csv};

const PERIOD: &str = "2021-2025";

fn models_csv(dir: &Path, n: usize, units: usize) -> PathBuf {
    let mut rng = Lcg(2020);
    let mut s = String::with_capacity(n * 260);
    s.push_str(
        "code,unit_code,kind,title,field,period,registered_on,person,position,step,status,outcome,criteria\n",
    );
    for i in 0..n {
        let unit = rng.below(units as u64);
        let (kind, person, position) = if rng.below(2) == 1 {
            ("individual", PEOPLE[i % PEOPLE.len()], "Chuyên viên")
        } else {
            ("collective", "", "")
        };
        let title = TITLES[i % TITLES.len()];
        let field = FIELDS[rng.below(5) as usize];
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let step = 1 + rng.below(5);
        let status = ["approved", "approved", "submitted", "draft"][rng.below(4) as usize];
        let target = 10 + rng.below(40);
        let actual = rng.below(target);
        writeln!(
            s,
            "M{i:07},U{unit:05},{kind},\"{title} {i}\",{field},{PERIOD},2021-{month:02}-{day:02},{person},{position},{step},{status},pending,\"Hộ thoát nghèo | hộ | {target} | {actual} | 31/12/2025\nBuổi tuyên truyền | buổi | 12 | 3\""
        )
        .unwrap();
    }
    let p = dir.join("models.csv");
    std::fs::write(&p, s).unwrap();
    p
}

fn dvk_ok(home: &Path, db: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = common::dvk_cmd("2025-06-30", home, db)
        .args(args)
        .output()
        .expect("run dvk");
    assert!(
        out.status.success(),
        "dvk {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Nearest-rank percentile of sorted values.
fn pct(v: &[Duration], q: f64) -> Duration {
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

struct Summary {
    name: String,
    v: Vec<Duration>,
}

impl Summary {
    fn new(name: &str, mut v: Vec<Duration>) -> Summary {
        v.sort();
        Summary {
            name: name.into(),
            v,
        }
    }
    fn line(&self) -> String {
        format!(
            "| {} | {} | {} | {} | {} | {} |",
            self.name,
            self.v.len(),
            ms(pct(&self.v, 0.5)),
            ms(pct(&self.v, 0.9)),
            ms(pct(&self.v, 0.99)),
            ms(*self.v.last().unwrap())
        )
    }
}

/// The models edited: `count` distinct codes starting at the `from`-th of a fixed stride
/// through all of them (7,919 is prime, so the walk visits every model once per cycle).
fn codes(models: usize, from: usize, count: usize) -> Vec<String> {
    (from..from + count)
        .map(|i| format!("M{:07}", (i * 7919 + 13) % models))
        .collect()
}

/// Load, change title and criteria, save: returns (load times, save times).
fn edit_all(backend: &dyn Backend, codes: &[String], tag: &str) -> (Vec<Duration>, Vec<Duration>) {
    let api = Api(backend);
    let (mut loads, mut saves) = (Vec::new(), Vec::new());
    for (i, code) in codes.iter().enumerate() {
        let t = Instant::now();
        let mut m = api.model_by_code(code.clone()).expect("load").model;
        loads.push(t.elapsed());
        let rev = m.rev;
        m.title = format!("{} ({tag} {i})", m.title);
        m.criteria[0].actual += 1.0;
        m.criteria[1].target += 2.0;
        let t = Instant::now();
        let (_, new_rev) = api.save(Request::SaveModel(m)).expect("save");
        saves.push(t.elapsed());
        assert_eq!(new_rev, rev + 1, "{code}");
    }
    // Every save is there.
    for (i, code) in codes.iter().enumerate().step_by(97) {
        let m = api.model_by_code(code.clone()).unwrap().model;
        assert!(m.title.ends_with(&format!("({tag} {i})")), "{code}");
    }
    (loads, saves)
}

/// Median of `n` fsyncs of a small file beside the database: the floor under any save.
fn fsync_floor(dir: &Path, n: usize) -> Duration {
    use std::io::Write;
    let p = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&p).unwrap();
    let mut v: Vec<Duration> = (0..n)
        .map(|i| {
            f.write_all(format!("{i}\n").as_bytes()).unwrap();
            let t = Instant::now();
            f.sync_data().unwrap();
            t.elapsed()
        })
        .collect();
    let _ = std::fs::remove_file(&p);
    v.sort();
    v[n / 2]
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM lets the request in flight finish; SIGKILL if it does not end.
        unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

fn main() {
    let n_models: usize = arg("--models").map_or(100_000, |s| s.parse().unwrap());
    let n_saves: usize = arg("--saves").map_or(1_000, |s| s.parse().unwrap());
    let n_units = 2_000;
    assert!(2 * n_saves + 20 <= n_models, "fewer models than saves");
    let keep = arg("--keep").map(PathBuf::from);
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep.as_deref().unwrap_or(tmp.path()).to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let db = dir.join("data").join("db");
    let built = dir.join(format!("built-{n_models}"));

    println!("dvk save: {n_units} units, {n_models} models, {n_saves} saves per mode");
    if built.exists() {
        println!("reusing the database in {}", db.display());
    } else {
        let _ = std::fs::remove_dir_all(dir.join("data"));
        let units = units_csv(&dir, n_units);
        let models = models_csv(&dir, n_models, n_units);
        let t = dvk_ok(&home, &db, &["import", "units", units.to_str().unwrap()]);
        println!("import units ({n_units} rows)       {}", ms(t));
        let t = dvk_ok(&home, &db, &["import", "models", models.to_str().unwrap()]);
        println!("import models ({n_models} rows)   {}", ms(t));
        std::fs::write(&built, "").unwrap();
    }
    let floor = fsync_floor(db.parent().unwrap(), 200);
    println!("fsync of a small file on this disk: median {}", ms(floor));

    // --- in-process, as the interface without a server -----------------------------------
    let (emb_loads, emb_saves) = {
        let store = Arc::new(dvk::store::Store::open(&db).expect("open"));
        let backend = dvk::store::Embedded::new(store, "bench".into());
        let all = Api(&backend).model_rows(Some(PERIOD.into()), chrono::NaiveDate::MIN);
        assert_eq!(all.expect("rows").len(), n_models, "models in the database");
        // Warm up on models outside the measured ones.
        edit_all(&backend, &codes(n_models, 2 * n_saves, 10), "warm");
        edit_all(&backend, &codes(n_models, 0, n_saves), "embedded")
    }; // the store is closed here, so the server can open it

    // --- through dvk serve, as the shared mode -------------------------------------------
    let socket = db.parent().unwrap().join("dvk.sock");
    let config = dir.join("config.toml");
    // No backup at start: it would only add a copy of 100,000 models before the first answer.
    std::fs::write(&config, "backup_every_hours = 0\n").unwrap();
    let child = common::dvk_cmd("2025-06-30", &home, &db)
        .env("DVK_CONFIG", &config)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dvk serve");
    let server = Server(child);
    let t = Instant::now();
    let remote = loop {
        if let Ok(Some(r)) = Remote::connect(&socket) {
            break r;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    println!("dvk serve answered after {}", ms(t.elapsed()));
    edit_all(&remote, &codes(n_models, 2 * n_saves + 10, 10), "warm");
    let (rem_loads, rem_saves) = edit_all(&remote, &codes(n_models, n_saves, n_saves), "remote");
    drop(remote);
    drop(server);

    println!();
    println!("| {n_models} models | n | median | p90 | p99 | max |");
    println!("|---|---|---|---|---|---|");
    for s in [
        Summary::new("save, in-process (`Embedded`)", emb_saves),
        Summary::new("save, through `dvk serve` (`Remote`)", rem_saves),
        Summary::new("load (`ModelByCode`), in-process", emb_loads),
        Summary::new("load (`ModelByCode`), through `dvk serve`", rem_loads),
    ] {
        println!("{}", s.line());
    }
}
