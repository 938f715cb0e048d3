//! The database of the large benchmarks (`window`, `tui_million`): 2,000 units, N models in
//! one period (1,000,000 unless `--models N`), N/5 check-ins and N/50 awards, built once
//! in-process through the import requests and kept under `target/bench-1m/` (`target/bench-N/`
//! for another size) for later runs; and `dvk serve` on it.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use dvk::api::*;
use dvk::domain::*;
use dvk::server::Remote;
use dvk::store::{Embedded, Store};

use super::{FIELDS, Lcg, PEOPLE, TITLES};

/// The one period every model is in.
pub const PERIOD: &str = "2021-2025";
/// The day overdue check-ins are counted against, as `DVK_TODAY` gives it.
pub const TODAY: &str = "2024-06-30";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
}

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The value after `name` on the command line (`--models 20000`).
pub fn arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

/// Where the database of `n` models is kept: `dir` (its directory under `target/`), `db`.
pub struct Database {
    pub dir: PathBuf,
    pub db: PathBuf,
}

/// The database of `--models N` models (1,000,000 by default), built if it is not yet.
pub fn database() -> Database {
    let n: usize = arg("--models").map_or(1_000_000, |s| s.parse().unwrap());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let dir = if n == 1_000_000 {
        root.join("bench-1m")
    } else {
        root.join(format!("bench-{n}"))
    };
    let db = dir.join("db");
    let done = dir.join("built");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        build(&db, n);
        std::fs::write(&done, b"").unwrap();
    }
    Database { dir, db }
}

/// Build the database: units, then models, check-ins and awards in batches.
pub fn build(db: &Path, n: usize) {
    let store = Arc::new(Store::open(db).unwrap());
    let be = Embedded::new(store, "canbo".into());
    let api = Api(&be);
    let n_units = 2_000;
    let units: Vec<UnitImport> = (0..n_units)
        .map(|i| UnitImport {
            line: i as u64 + 2,
            unit: Unit {
                id: 0,
                code: format!("U{i:05}"),
                name: format!("Chi bộ số {i} – Khuổi Phầy"),
                parent: None,
                kind: UnitKind::PartyCell,
                active: true,
                rev: 0,
            },
            parent_code: (i >= 100).then(|| format!("U{:05}", i % 100)),
        })
        .collect();
    api.import(ImportBatch::Units(units), false).unwrap();
    let mut rng = Lcg(7);
    let t = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(100_000) {
        let rows = chunk
            .iter()
            .map(|&i| {
                let individual = rng.below(2) == 1;
                let status = [
                    RegStatus::Approved,
                    RegStatus::Approved,
                    RegStatus::Submitted,
                    RegStatus::Draft,
                ][rng.below(4) as usize];
                let outcome = if status == RegStatus::Approved {
                    [Outcome::Pending, Outcome::Pending, Outcome::Recognized][rng.below(3) as usize]
                } else {
                    Outcome::Pending
                };
                ModelImport {
                    line: i as u64 + 2,
                    unit_code: format!("U{:05}", rng.below(n_units as u64)),
                    model: Model {
                        id: 0,
                        code: format!("M{i:07}"),
                        unit: 0,
                        kind: if individual {
                            ModelKind::Individual
                        } else {
                            ModelKind::Collective
                        },
                        title: format!("{} {}", TITLES[rng.below(6) as usize], rng.below(1 << 20)),
                        person: if individual {
                            PEOPLE[i % PEOPLE.len()].into()
                        } else {
                            String::new()
                        },
                        position: if individual {
                            "Chuyên viên".into()
                        } else {
                            String::new()
                        },
                        leader: String::new(),
                        field: FIELDS[rng.below(5) as usize].into(),
                        period: PERIOD.into(),
                        registered_on: d(2021, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32),
                        status,
                        step: 1 + rng.below(5) as u8,
                        outcome,
                        summary: String::new(),
                        registration: Registration::default(),
                        criteria: vec![],
                        rev: 0,
                        outcome_on: None,
                        outcome_decision: String::new(),
                    },
                }
            })
            .collect();
        api.import(ImportBatch::Models(rows), false).unwrap();
    }
    println!("built {n} models in {:.0} s", t.elapsed().as_secs_f64());
    let checkins: Vec<CheckInImport> = (0..n / 5)
        .map(|i| CheckInImport {
            line: i as u64 + 2,
            model_code: format!("M{:07}", i * 5),
            checkin: CheckIn {
                id: 0,
                model: 0,
                date: d(
                    2022 + rng.below(2) as i32,
                    1 + rng.below(12) as u32,
                    1 + rng.below(28) as u32,
                ),
                kind: CheckInKind::SelfReport,
                by: "Bí thư chi bộ".into(),
                note: "Đã thực hiện".into(),
                step: None,
                next_due: None,
                actuals: vec![],
                rev: 0,
            },
        })
        .collect();
    for c in checkins.chunks(100_000) {
        api.import(ImportBatch::CheckIns(c.to_vec()), false)
            .unwrap();
    }
    let awards: Vec<AwardImport> = (0..n / 50)
        .map(|i| AwardImport {
            line: i as u64 + 2,
            model_code: format!("M{:07}", i * 50),
            award: Award {
                id: 0,
                model: 0,
                body: "Ban Dân vận Tỉnh ủy".into(),
                form: "giay_khen".into(),
                decision_no: format!("{}-QĐ/BDV", i + 1),
                decided_on: d(2023, 12, 1),
                note: String::new(),
                rev: 0,
            },
        })
        .collect();
    api.import(ImportBatch::Awards(awards), false).unwrap();
    println!("built the database in {:.0} s", t.elapsed().as_secs_f64());
}

/// `dvk serve` on the database, stopped (SIGTERM) when dropped.
pub struct Server {
    pub child: Child,
    pub socket: PathBuf,
}

impl Server {
    /// Start the server on `dir/dvk.sock` (its log in `dir/serve.log`, `HOME` `dir/home`) and
    /// wait until it answers.
    pub fn start(data: &Database) -> (Server, Remote) {
        let home = data.dir.join("home");
        std::fs::create_dir_all(&home).unwrap();
        let socket = data.dir.join("dvk.sock");
        let log = std::fs::File::create(data.dir.join("serve.log")).unwrap();
        let server = Server {
            child: super::dvk_cmd(TODAY, &home, &data.db)
                .args(["--socket", socket.to_str().unwrap(), "serve"])
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("start dvk serve"),
            socket,
        };
        let t = Instant::now();
        let remote = loop {
            if let Ok(Some(r)) = Remote::connect(&server.socket) {
                break r;
            }
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        (server, remote)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}
