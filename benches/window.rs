//! Windows of tables on 1,000,000 models: what the interface waits for when it shows a
//! screenful of a table (`Request::Window`), in-process and through `dvk serve`.
//!
//! The database (2,000 units; 1,000,000 models in one period; 200,000 check-ins; 20,000
//! awards) is built once, in-process through the import requests, and kept under
//! `target/bench-1m/` for later runs (about 1 GB; delete the directory to build it again).
//! Then, each p50/p99 over many requests of 120 rows:
//!
//! - the first window of a period (the index built: once per server lifetime);
//! - the first rows, for every sort column both ways;
//! - `G`: the last page, for every sort column both ways;
//! - page down: 200 successive pages;
//! - a search, keystroke by keystroke (each a new query);
//! - a filter (overdue models) and the Progress tab;
//! - a window after a save of a model (the orders updated);
//!
//! and the same through `dvk serve`, with the server's resident memory.
//!
//! `cargo bench --bench window` (`-- --models N` for another size, kept in its own directory).

use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use dvk::api::*;
use dvk::domain::*;
use dvk::i18n::Lang;
use dvk::server::Remote;
use dvk::store::{Embedded, Store};

mod common;
#[path = "../tests/common/proc.rs"]
mod proc;

use common::{FIELDS, Lcg, PEOPLE, TITLES};

const PERIOD: &str = "2021-2025";
const ROWS: u32 = 120;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn pct(v: &[Duration], q: f64) -> Duration {
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}

fn report(name: &str, mut v: Vec<Duration>) {
    v.sort();
    println!(
        "| {name} | {} | {} | {} | {} |",
        v.len(),
        ms(pct(&v, 0.5)),
        ms(pct(&v, 0.99)),
        ms(*v.last().unwrap())
    );
}

/// Build the database: units, then models, check-ins and awards in batches.
fn build(db: &Path, n: usize) {
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

const SORTS: [SortBy; 9] = [
    SortBy::Code,
    SortBy::Kind,
    SortBy::Title,
    SortBy::Unit,
    SortBy::Field,
    SortBy::Step,
    SortBy::Status,
    SortBy::Outcome,
    SortBy::Progress,
];

fn view(sort: SortBy, descending: bool) -> ViewSpec {
    ViewSpec {
        sort,
        descending,
        lang: Lang::Vi,
        ..ViewSpec::of(TableKind::Models)
    }
}

/// One request's time, and its answer.
fn timed(api: &Api, v: &ViewSpec, start: u64, locate: Option<Id>) -> (Duration, WindowData) {
    let t = Instant::now();
    let w = api
        .window(Some(PERIOD.into()), today(), v.clone(), start, ROWS, locate)
        .unwrap();
    (t.elapsed(), w)
}

/// Every measurement on one backend.
fn measure(api: &Api, label: &str) {
    println!("\n{label}\n");
    println!("| request (120 rows) | n | p50 | p99 | max |");
    println!("|---|---|---|---|---|");
    // Sorting by every column once, so every order exists (the first sort of a column
    // computes its order: measured here).
    let mut first_sort = Vec::new();
    for s in SORTS {
        first_sort.push(timed(api, &view(s, false), 0, None).0);
    }
    report(
        "first window sorted by a column not sorted before",
        first_sort,
    );
    let mut first = Vec::new();
    let mut last = Vec::new();
    for _ in 0..5 {
        for s in SORTS {
            for desc in [false, true] {
                first.push(timed(api, &view(s, desc), 0, None).0);
                let (t, w) = timed(api, &view(s, desc), u64::MAX, None);
                assert_eq!(w.rows.len(), ROWS as usize);
                last.push(t);
            }
        }
    }
    report("first rows, every column both ways", first);
    report("`G` (last page), every column both ways", last);
    let mut pages = Vec::new();
    for p in 0..200u64 {
        pages.push(
            timed(
                api,
                &view(SortBy::Title, false),
                400_000 + p * ROWS as u64,
                None,
            )
            .0,
        );
    }
    report("page down (by title, from row 400,000)", pages);
    let mut locate = Vec::new();
    for p in 0..50u64 {
        let (_, w) = timed(api, &view(SortBy::Unit, true), p * 17_000, None);
        let WindowRows::Models(r) = &w.rows else {
            panic!()
        };
        locate.push(timed(api, &view(SortBy::Unit, true), p * 17_000, Some(r[5].id)).0);
    }
    report("a window that also locates the selected model", locate);
    let mut keys = Vec::new();
    let mut first_key = Vec::new();
    for word in [
        "khuoi phay 7",
        "tiep dan 12",
        "nong thi hoa",
        "u01234",
        "m0999",
    ] {
        for n in 1..=word.len() {
            let mut v = view(SortBy::Title, false);
            v.query = word[..n].to_string();
            let (t, _) = timed(api, &v, 0, None);
            if n == 1 {
                first_key.push(t);
            } else {
                keys.push(t);
            }
        }
    }
    report("search: first keystroke (a whole scan)", first_key);
    report("search: each next keystroke", keys);
    let mut filt = Vec::new();
    for s in SORTS {
        let mut v = view(s, false);
        v.filters.overdue = true;
        filt.push(timed(api, &v, 1_000, None).0);
        v.filters = Filters {
            field: Some("economy".into()),
            step: Some(3),
            ..Filters::default()
        };
        filt.push(timed(api, &v, 1_000, None).0);
    }
    report("filtered (overdue; field and step), every column", filt);
    let mut prog = Vec::new();
    for p in 0..20u64 {
        prog.push(timed(api, &ViewSpec::of(TableKind::Progress), p * 50_000, None).0);
    }
    report("Progress tab (overdue first)", prog);
    let mut units = Vec::new();
    let mut awards = Vec::new();
    for p in 0..10u64 {
        units.push(timed(api, &ViewSpec::of(TableKind::Units), p * 200, None).0);
        awards.push(timed(api, &ViewSpec::of(TableKind::Awards), p * 2_000, None).0);
    }
    report("Units tab (2,000 units)", units);
    report("Awards tab", awards);
    // A save, then the window: the orders are updated before it is answered.
    let mut after = Vec::new();
    for i in 0..20 {
        let (_, w) = timed(api, &view(SortBy::Title, false), 300_000 + i * 1_000, None);
        let WindowRows::Models(r) = &w.rows else {
            panic!()
        };
        let mut m = api.model(r[0].id).unwrap().model;
        m.title = format!("{} – sửa {i}", TITLES[i as usize % TITLES.len()]);
        api.save(Request::SaveModel(m)).unwrap();
        after.push(timed(api, &view(SortBy::Title, false), 0, None).0);
    }
    report("the first window after a save of a model", after);
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
        let _ = self.0.wait();
    }
}

fn main() {
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
    {
        let t = Instant::now();
        let store = Arc::new(Store::open(&db).unwrap());
        let opened = t.elapsed();
        let be = Embedded::new(store, "canbo".into());
        let api = Api(&be);
        let t = Instant::now();
        let w = api
            .window(
                Some(PERIOD.into()),
                today(),
                view(SortBy::Code, false),
                0,
                ROWS,
                None,
            )
            .unwrap();
        println!(
            "{} models; database opened in {}; the period's index built by the first window in {}",
            w.total,
            ms(opened),
            ms(t.elapsed())
        );
        measure(&api, "In-process (embedded):");
    }
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let socket = dir.join("dvk.sock");
    let log = std::fs::File::create(dir.join("serve.log")).unwrap();
    let server = Server(
        common::dvk_cmd("2024-06-30", &home, &db)
            .args(["--socket", socket.to_str().unwrap(), "serve"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start dvk serve"),
    );
    let t = Instant::now();
    let remote = loop {
        if let Ok(Some(r)) = Remote::connect(&socket) {
            break r;
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let api = Api(&remote);
    let pid = server.0.id();
    let before = proc::status_kb(pid, "VmRSS:");
    let t = Instant::now();
    api.window(
        Some(PERIOD.into()),
        today(),
        view(SortBy::Code, false),
        0,
        ROWS,
        None,
    )
    .unwrap();
    println!(
        "\nserver: first window (index built) {}; resident {} MB before it, {} MB after",
        ms(t.elapsed()),
        before / 1024,
        proc::status_kb(pid, "VmRSS:") / 1024
    );
    measure(&api, "Through `dvk serve` (one client):");
    println!(
        "\nserver resident memory: {} MB now, {} MB at most",
        proc::status_kb(pid, "VmRSS:") / 1024,
        proc::status_kb(pid, "VmHWM:") / 1024
    );
}
