//! What the interface costs on a slow link and how quick it stays with many rows.
//!
//! Bytes: the screen is drawn into `CrosstermBackend<Vec<u8>>` (what would go to the terminal,
//! and so through SSH) and the bytes of each interaction are counted. Time: 100,000 generated
//! models; the time of handling a key and drawing the frame, p50/p99 over many keys.
//!
//! `cargo bench --bench tui_bytes` (add `--profile dev` for a debug build).

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::time::{Duration, Instant};

use dvk::api::Api;
use dvk::i18n::Lang;
use dvk::tui::testing::{StoreBackend, generated, sample, today};
use dvk::tui::{App, Theme};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Keeps what the terminal would receive, shared with the measuring code (the backend's own
/// access to its writer is not public).
#[derive(Clone, Default)]
struct Wire(Rc<RefCell<Vec<u8>>>);

impl Write for Wire {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Term {
    t: Terminal<dvk::tui::wire::GapFill<CrosstermBackend<Wire>>>,
    wire: Wire,
}

fn term(w: u16, h: u16) -> Term {
    let wire = Wire::default();
    let opts = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
    };
    let t =
        Terminal::with_options(dvk::tui::wire::crossterm(wire.clone()), opts).expect("terminal");
    Term { t, wire }
}

/// Bytes written by drawing the current state.
fn frame(t: &mut Term, app: &App) -> usize {
    t.wire.0.borrow_mut().clear();
    t.t.draw(|f| f.render_widget(app, f.area())).expect("draw");
    t.wire.0.borrow().len()
}

/// One key as the loop handles it: state, backend, one frame. Returns the bytes written.
fn key(t: &mut Term, app: &mut App, api: &Api, code: KeyCode) -> usize {
    app.key(api, KeyEvent::new(code, KeyModifiers::NONE));
    frame(t, app)
}

fn new_app(api: &Api, color: bool) -> App {
    let mut app = App::new(
        Lang::Vi,
        Theme {
            color,
            ascii: false,
        },
        today(),
    );
    app.load(api, None);
    app
}

fn bytes(be: &StoreBackend, color: bool) {
    let api = Api(be);
    println!(
        "\nbytes per interaction (sample data, colour {}):",
        if color { "on" } else { "off" }
    );
    println!("| interaction | 80×24 | 120×40 |");
    println!("|---|---:|---:|");
    let mut rows: Vec<(&str, Vec<usize>)> = vec![
        ("first frame (Overview)", vec![]),
        ("switch tab Overview → Models", vec![]),
        ("one move down in Models", vec![]),
        ("ten moves down, one batch", vec![]),
        ("open a model (Enter)", vec![]),
        ("close it (Esc)", vec![]),
        ("`/` then a search keystroke `k`", vec![]),
        ("next search keystroke `h`", vec![]),
        ("switch tab Models → Progress", vec![]),
        ("one move down in Progress", vec![]),
        ("key that changes nothing", vec![]),
    ];
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = new_app(&api, color);
        let mut t = term(w, h);
        let mut out = vec![frame(&mut t, &app)];
        out.push(key(&mut t, &mut app, &api, KeyCode::Char('3')));
        out.push(key(&mut t, &mut app, &api, KeyCode::Down));
        for _ in 0..9 {
            app.key(&api, KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
        }
        out.push(key(&mut t, &mut app, &api, KeyCode::Down));
        out.push(key(&mut t, &mut app, &api, KeyCode::Enter));
        out.push(key(&mut t, &mut app, &api, KeyCode::Esc));
        key(&mut t, &mut app, &api, KeyCode::Char('/'));
        out.push(key(&mut t, &mut app, &api, KeyCode::Char('k')));
        out.push(key(&mut t, &mut app, &api, KeyCode::Char('h')));
        key(&mut t, &mut app, &api, KeyCode::Esc);
        out.push(key(&mut t, &mut app, &api, KeyCode::Char('4')));
        out.push(key(&mut t, &mut app, &api, KeyCode::Down));
        out.push(key(&mut t, &mut app, &api, KeyCode::Char('x')));
        for (r, n) in rows.iter_mut().zip(out) {
            r.1.push(n);
        }
    }
    for (name, v) in rows {
        println!("| {name} | {} | {} |", v[0], v[1]);
    }
}

fn pct(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn timing(n: usize) {
    let t0 = Instant::now();
    let be = generated(n);
    let made = t0.elapsed();
    let api = Api(&be);
    // What the backend takes to answer (the store's share, not the interface's).
    let tb = Instant::now();
    let _ = api.model_rows(None, today()).expect("rows");
    let _ = api.unit_rows(None).expect("rows");
    let _ = api.award_rows(None).expect("rows");
    let backend_time = tb.elapsed();
    // As the program starts: the Overview's figures, then the first frame; the tables are
    // queued for the loader thread.
    let t1 = Instant::now();
    let mut app = App::new(
        Lang::Vi,
        Theme {
            color: true,
            ascii: false,
        },
        today(),
    );
    app.background = true;
    app.user = api.whoami().ok();
    app.begin_load(&api, None, false);
    let mut t = term(120, 40);
    frame(&mut t, &app);
    let first = t1.elapsed();
    // What the loader thread does meanwhile, and what putting its answer in place costs the
    // loop (the only part of a load the keys wait for).
    let t2 = Instant::now();
    let jobs = app.take_jobs();
    let loaded: Vec<_> = jobs.iter().flat_map(|j| j.run(&api)).collect();
    let loader = t2.elapsed();
    let t3 = Instant::now();
    for l in loaded {
        app.merge(l);
    }
    frame(&mut t, &app);
    let merged = t3.elapsed();
    app.background = false;
    println!("\n{n} generated models at 120×40 (backend built in {made:.0?}, not counted):");
    println!(
        "first frame (Overview with final figures): {first:.2?}; tables in the loader thread: {loader:.2?} (the store answering ~{backend_time:.2?}); merge + draw on the loop: {merged:.2?}"
    );
    // A notice of another user's change to a model: the loader refetches the model rows;
    // the loop only merges.
    app.background = true;
    app.notice_from(
        &api,
        &dvk::api::Notice {
            seq: 1,
            user: "khac".into(),
            records: vec![dvk::domain::RecordRef::Model(1)],
            conn: 2,
        },
    );
    let loaded: Vec<_> = app.take_jobs().iter().flat_map(|j| j.run(&api)).collect();
    let t4 = Instant::now();
    for l in loaded {
        app.merge(l);
    }
    let merge_only = t4.elapsed();
    frame(&mut t, &app);
    println!(
        "another user's change to a model: merge + draw on the loop {:.2?} (merge {merge_only:.2?})",
        t4.elapsed()
    );
    app.background = false;
    app.notice = None;
    println!("| keys (handle + draw) | count | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|");
    let mut run = |name: &str, app: &mut App, keys: &[KeyCode]| {
        let mut times = Vec::with_capacity(keys.len());
        for k in keys {
            let s = Instant::now();
            key(&mut t, app, &api, *k);
            times.push(s.elapsed());
        }
        let max = *times.iter().max().expect("times");
        println!(
            "| {name} | {} | {:.2?} | {:.2?} | {max:.2?} |",
            times.len(),
            pct(times.clone(), 0.5),
            pct(times, 0.99)
        );
    };
    run("switch to Models", &mut app, &[KeyCode::Char('3')]);
    run("move down (Models)", &mut app, &[KeyCode::Down; 300]);
    run("page down (Models)", &mut app, &[KeyCode::PageDown; 200]);
    run(
        "last/first (G, g)",
        &mut app,
        &[KeyCode::Char('G'), KeyCode::Char('g')].repeat(20),
    );
    run("tab switches (Tab)", &mut app, &[KeyCode::Tab; 100]);
    // Back on Models: type a search, erase it, type it again.
    app.key(&api, KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE));
    app.key(&api, KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    let mut typing: Vec<KeyCode> = Vec::new();
    for _ in 0..5 {
        typing.extend("khuoi phay".chars().map(KeyCode::Char));
        typing.extend([KeyCode::Backspace; 10]);
    }
    run("search keystrokes (type + erase)", &mut app, &typing);
    let mut state_only = Vec::new();
    for k in &typing {
        let s = Instant::now();
        app.key(&api, KeyEvent::new(*k, KeyModifiers::NONE));
        state_only.push(s.elapsed());
    }
    println!(
        "| … of which narrowing the rows (no draw) | {} | {:.2?} | {:.2?} | |",
        state_only.len(),
        pct(state_only.clone(), 0.5),
        pct(state_only, 0.99)
    );
    app.key(&api, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    run(
        "move down (Progress, loads check-ins)",
        &mut app,
        &[&[KeyCode::Char('4')][..], &[KeyCode::Down; 200]].concat(),
    );
    run(
        "sort by title (first: builds keys)",
        &mut app,
        &[KeyCode::Char('3'), KeyCode::Char('s'), KeyCode::Char('s')],
    );
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument that is a number sets the row count.
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let be = sample();
    bytes(&be, true);
    bytes(&be, false);
    timing(n);
}
