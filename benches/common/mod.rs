//! What the benchmarks share: a deterministic generator and the units and names of the data
//! they make.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator, so every run measures the same data.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub const FIELDS: &[&str] = &[
    "economy",
    "culture_society",
    "security_order",
    "professional",
    "political_system",
];
pub const TITLES: &[&str] = &[
    "Dân vận khéo trong cải cách thủ tục hành chính",
    "Dân vận khéo trong xây dựng nông thôn mới",
    "Chi bộ gắn với Nhân dân nơi cư trú",
    "Cơ quan văn hóa, ứng xử văn minh",
    "Vận động đồng bào hiến đất làm đường",
    "Tiếp dân khéo, giải quyết đơn thư kịp thời",
];
pub const PEOPLE: &[&str] = &[
    "Hoàng Văn Nam",
    "Nông Thị Hoa",
    "Lường Văn Tuấn",
    "Triệu Thị Mai",
    "Vi Văn Dũng",
    "Lộc Thị Lan",
];

pub fn units_csv(dir: &Path, n: usize) -> PathBuf {
    let mut s = String::from("code,name,parent_code,kind,active\n");
    for i in 0..n {
        let parent = if i >= 100 {
            format!("U{:05}", i % 100)
        } else {
            String::new()
        };
        let kind = if i < 100 {
            "party_committee"
        } else {
            "party_cell"
        };
        writeln!(s, "U{i:05},Chi bộ số {i} – Khuổi Phầy,{parent},{kind},true").unwrap();
    }
    let p = dir.join("units.csv");
    std::fs::write(&p, s).unwrap();
    p
}

/// `dvk` in a clean environment (none of the user's DVK_*, XDG_*, HOME), on `db`, with
/// `today` as the day overdue check-ins are counted against.
pub fn dvk_cmd(today: &str, home: &Path, db: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dvk"));
    for (k, _) in std::env::vars() {
        if k.starts_with("DVK_") || k.starts_with("XDG_") || k == "NO_COLOR" {
            c.env_remove(k);
        }
    }
    c.env("HOME", home)
        .env("DVK_DB", db)
        .env("DVK_TODAY", today);
    c
}
pub mod million;
