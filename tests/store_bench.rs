//! Size and speed figures of the store at the scale of a large province: 2,000 units,
//! 100,000 models, 300,000 check-ins, 20,000 awards. Ignored by default; run in release:
//! `cargo test --release --test store_bench -- --ignored --nocapture`.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use dvk::api::*;
use dvk::domain::*;
use dvk::store::{Embedded, Store};

const CHILD: &str = "DVK_STORE_BENCH_CHILD";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn du(p: &Path) -> u64 {
    let out = Command::new("du").arg("-sb").arg(p).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
#[ignore]
fn bench_100k_models() {
    if let Some(p) = std::env::var_os(CHILD) {
        let t = Instant::now();
        let store = Store::open(Path::new(&p)).unwrap();
        let be = Embedded::new(Arc::new(store), "x".into());
        let s = Api(&be).status(None, d(2024, 1, 1)).unwrap();
        println!(
            "CHILD open+status {:?} models {}",
            t.elapsed(),
            s.models_total()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let be = Embedded::new(Arc::new(Store::open(&path).unwrap()), "bench".into());
    let api = Api(&be);
    let units: Vec<UnitImport> = (0..2000)
        .map(|i| UnitImport {
            line: i + 2,
            parent_code: (i > 0).then(|| "U0".to_string()),
            unit: Unit {
                id: 0,
                code: format!("U{i}"),
                name: format!("Chi bộ số {i}"),
                parent: None,
                kind: UnitKind::PartyCell,
                active: true,
                rev: 0,
            },
        })
        .collect();
    api.import(ImportBatch::Units(units), false).unwrap();
    let n = 100_000u64;
    let models: Vec<ModelImport> = (0..n)
        .map(|i| ModelImport {
            line: i + 2,
            unit_code: format!("U{}", i % 2000),
            model: Model {
                id: 0,
                code: format!("MH-{i:06}"),
                unit: 0,
                kind: if i % 2 == 0 {
                    ModelKind::Collective
                } else {
                    ModelKind::Individual
                },
                title: format!("Dân vận khéo trong phát triển kinh tế hộ gia đình số {i}"),
                person: if i % 2 == 1 {
                    "Nguyễn Thị Hoa".into()
                } else {
                    String::new()
                },
                position: "Bí thư chi bộ".into(),
                leader: String::new(),
                field: ["economy", "culture_society", "professional"][(i % 3) as usize].into(),
                period: "2021-2025".into(),
                registered_on: d(2021, 6, 1) + chrono::Duration::days((i % 300) as i64),
                status: if i % 10 == 0 {
                    RegStatus::Draft
                } else {
                    RegStatus::Approved
                },
                step: (i % 5) as u8 + 1,
                outcome: Outcome::Pending,
                summary: String::new(),
                registration: Registration::default(),
                criteria: vec![],
                rev: 0,
            },
        })
        .collect();
    let t = Instant::now();
    api.import(ImportBatch::Models(models), false).unwrap();
    println!("import 100k models: {:?}", t.elapsed());
    let checkins: Vec<CheckInImport> = (0..3 * n)
        .map(|i| CheckInImport {
            line: i + 2,
            model_code: format!("MH-{:06}", i % n),
            checkin: CheckIn {
                id: 0,
                model: 0,
                date: d(2022, 6, 1)
                    + chrono::Duration::days((i / n) as i64 * 100 + (i % 50) as i64),
                kind: CheckInKind::SelfReport,
                by: "Đoàn kiểm tra".into(),
                note: "Thực hiện tốt".into(),
                step: None,
                actuals: vec![],
                next_due: None,
                rev: 0,
            },
        })
        .collect();
    let t = Instant::now();
    api.import(ImportBatch::CheckIns(checkins), false).unwrap();
    println!("import 300k check-ins: {:?}", t.elapsed());
    let awards: Vec<AwardImport> = (0..20_000u64)
        .map(|i| AwardImport {
            line: i + 2,
            model_code: format!("MH-{:06}", i * 5),
            award: Award {
                id: 0,
                model: 0,
                body: ["Ban Dân vận Tỉnh ủy", "UBND tỉnh"][(i % 2) as usize].into(),
                form: "giay_khen".into(),
                decision_no: format!("{i}-QĐ"),
                decided_on: d(2023, 1, 1),
                note: String::new(),
                rev: 0,
            },
        })
        .collect();
    let t = Instant::now();
    api.import(ImportBatch::Awards(awards), false).unwrap();
    println!("import 20k awards: {:?}", t.elapsed());
    println!("du after import: {} MB", du(&path) / 1_000_000);

    let t = Instant::now();
    let s = api.status(None, d(2024, 1, 1)).unwrap();
    println!(
        "status (warm): {:?} models {} overdue {}",
        t.elapsed(),
        s.models_total(),
        s.overdue
    );
    let t = Instant::now();
    let rows = api.model_rows(None, d(2024, 1, 1)).unwrap();
    println!("model rows: {:?} ({} rows)", t.elapsed(), rows.len());
    let t = Instant::now();
    let rows = api.model_rows(None, d(2024, 1, 1)).unwrap();
    println!("model rows again: {:?} ({} rows)", t.elapsed(), rows.len());
    let t = Instant::now();
    let rows = api.unit_rows(None).unwrap();
    println!("unit rows: {:?} ({} rows)", t.elapsed(), rows.len());
    let t = Instant::now();
    let r = api.report(None, d(2024, 1, 1), None).unwrap();
    println!(
        "report: {:?} ({} overdue rows)",
        t.elapsed(),
        r.overdue.len()
    );
    let t = Instant::now();
    let c = api.check().unwrap();
    println!("check: {:?} ({} problems)", t.elapsed(), c.problems.len());
    assert!(
        c.problems.is_empty(),
        "{:?}",
        &c.problems[..c.problems.len().min(5)]
    );
    drop(be);
    println!("du after close: {} MB", du(&path) / 1_000_000);
    for _ in 0..3 {
        let t = Instant::now();
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "bench_100k_models",
                "--exact",
                "--nocapture",
                "--ignored",
                "--test-threads=1",
            ])
            .env(CHILD, &path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find(|l| l.starts_with("CHILD"))
            .unwrap_or("")
            .to_string();
        println!("child process total {:?}: {line}", t.elapsed());
    }
}
