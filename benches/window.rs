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

use std::sync::Arc;
use std::time::{Duration, Instant};

use dvk::api::*;
use dvk::domain::*;
use dvk::i18n::Lang;
use dvk::store::{Embedded, Store};

mod common;
#[path = "../tests/common/proc.rs"]
mod proc;

use common::TITLES;
use common::million::{Database, PERIOD, Server, today};

const ROWS: u32 = 120;

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

fn main() {
    let data = common::million::database();
    let Database { db, .. } = &data;
    {
        let t = Instant::now();
        let store = Arc::new(Store::open(db).unwrap());
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
    let (server, remote) = Server::start(&data);
    let api = Api(&remote);
    let pid = server.pid();
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
