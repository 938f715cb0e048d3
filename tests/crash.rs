//! `kill -9` in the middle of a burst of imports: the database still passes `dvk check`,
//! holds every import that was reported successful, and holds each killed import whole or
//! not at all.

mod common;

use std::fmt::Write as _;
use std::time::Duration;

use common::{Sandbox, stderr};

/// Rows of an import: small ones commit in one transaction, large ones through the journal.
fn rows(round: usize) -> usize {
    if round.is_multiple_of(2) { 200 } else { 900 }
}

fn models_file(s: &Sandbox, round: usize) -> std::path::PathBuf {
    let mut text = String::from("code,unit_code,kind,title,field,period,registered_on\n");
    for i in 0..rows(round) {
        writeln!(text, "R{round:02}-{i:04},CB-{:02},collective,Mô hình {round}-{i},economy,2021-2025,2021-03-01", i % 5).unwrap();
    }
    s.write(&format!("models-{round}.csv"), &text)
}

#[test]
fn kill_9_during_imports_keeps_every_acknowledged_import() {
    let s = Sandbox::new();
    let mut units = String::from("code,name\n");
    for u in 0..5 {
        writeln!(units, "CB-{u:02},Chi bộ {u}").unwrap();
    }
    let f = s.write("units.csv", &units);
    s.ok(&["import", "units", f.to_str().unwrap()]);

    let mut acknowledged = Vec::new();
    let mut killed = Vec::new();
    for round in 0..16 {
        let file = models_file(&s, round);
        let mut child = s
            .cmd()
            .args(["import", "models", file.to_str().unwrap()])
            .spawn()
            .unwrap();
        if round % 3 == 2 {
            // Somewhere inside the import: parsing, the transaction or the flush.
            std::thread::sleep(Duration::from_millis(5 + (round as u64 * 13) % 120));
            let _ = child.kill();
            let status = child.wait().unwrap();
            if status.success() {
                acknowledged.push(round);
            } else {
                killed.push(round);
            }
        } else {
            let status = child.wait().unwrap();
            assert!(status.success());
            acknowledged.push(round);
        }
    }

    let out = s.run(&["check"]);
    assert!(
        out.status.success(),
        "check after kill -9: {}",
        stderr(&out)
    );

    let dir = s.path().join("export");
    s.ok(&["export", "--out", dir.to_str().unwrap()]);
    let models = std::fs::read_to_string(dir.join("models.csv")).unwrap();
    let count = |round: usize| {
        models
            .lines()
            .filter(|l| l.starts_with(&format!("R{round:02}-")))
            .count()
    };
    for r in &acknowledged {
        assert_eq!(
            count(*r),
            rows(*r),
            "import {r} was reported successful but is not all there"
        );
    }
    for r in &killed {
        let n = count(*r);
        assert!(
            n == 0 || n == rows(*r),
            "killed import {r} left {n} of {} rows",
            rows(*r)
        );
    }
}
