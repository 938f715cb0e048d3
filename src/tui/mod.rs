//! The full-screen interface: five tabs over the data of one period, read only through
//! [`crate::api::Api`] so it runs the same on the embedded store and through a server socket.
//!
//! - [`app`]: the router — shared state, each tab's state, keys → [`app::Intent`]; no
//!   terminal.
//! - Components, each with its state, its key table ([`keymap`]), its key handler and its
//!   drawing: [`overview`], [`units`], [`models`], [`progress`], [`awards`] (one file per
//!   tab; [`tab`] holds what the tabs share) and [`popup`] (one file per window on top).
//! - [`commands`]: the keys of each screen read from those tables, for the key bar and the
//!   help alike. To find what a key does: its binding in the component's table names the
//!   action, and the component's handler matches on that action.
//! - [`screen`]: the frame (`impl Widget for &App`); [`detail`]: an open model.
//! - [`data`]: rows of the period with search keys built once per load; [`widgets`]: tables
//!   that build only the visible rows, bars, fitting text by display width.
//! - [`theme`]: styles by meaning, with a fallback without colour; [`i18n`]: every string
//!   in both languages.
//! - [`testing`]: the sample records in a real store, for tests and measurements.
//!
//! - [`load`]: the Overview first, the tables from a loader thread, other users' changes
//!   fetched again as the server announces them.
//!
//! On a slow link every byte is felt, so the loop below writes nothing while idle (it blocks
//! on its channel: no tick, no timer), reads every pending event before drawing once, and
//! never clears the screen to change what is shown — ratatui then sends only changed cells.

pub mod actions;
pub mod app;
pub mod awards;
pub mod commands;
pub mod data;
pub mod detail;
pub mod draft;
pub mod form;
pub mod form_view;
pub mod forms;
pub mod history;
pub mod i18n;
pub mod input;
pub mod keymap;
pub mod line_edit;
pub mod load;
pub mod models;
pub mod overview;
pub mod popup;
pub mod progress;
pub mod records;
pub mod remote;
pub mod report_form;
pub mod screen;
pub mod state;
pub mod tab;
#[doc(hidden)]
pub mod testing;
pub mod theme;
pub mod units;
pub mod widgets;
pub mod wire;

use std::io::{self, BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::{cursor, execute, terminal};

use crate::api::{Api, Backend, Notice};
use crate::i18n::Lang;

pub use app::{App, Intent, Tab};
pub use theme::Theme;

/// How the interface starts.
#[derive(Debug, Clone)]
pub struct TuiOptions {
    pub lang: Lang,
    pub color: bool,
    /// Borders and bars in ASCII for terminals or fonts without line-drawing glyphs.
    pub ascii: bool,
    /// The day overdue check-ins are counted against.
    pub today: NaiveDate,
    /// The config's `[letterhead]`, for the Word report written with `r`.
    pub letterhead: crate::config::Letterhead,
    /// Where the language, tab and sort are remembered between sessions ([`state`]).
    pub state: Option<std::path::PathBuf>,
    /// The language was chosen for this run (`--lang`, `DVK_LANG`, the config): the
    /// remembered one does not replace it.
    pub lang_given: bool,
    /// The database this process opens when no server answers, and the server's socket:
    /// the line under the table names the one in use.
    pub db: Option<std::path::PathBuf>,
    pub socket: Option<std::path::PathBuf>,
}

/// What reaches the loop, from the threads that wait for it.
enum Input {
    Term(Event),
    /// What one read gave, when it is a paste (see [`input::pasted`]): the text, and the
    /// events themselves for a screen that takes no text.
    Burst(String, Vec<Event>),
    /// The terminal can no longer be read.
    TermGone(io::Error),
    Loaded(Box<load::Loaded>),
    Notice(Notice),
}

/// Run the interface until the user quits. The terminal is restored on quit, on error and on
/// panic.
///
/// The first frame shows the Overview from a few cheap requests; the tables are fetched by
/// a loader thread meanwhile. Three threads feed one channel — terminal events, loaded
/// data, the server's notices of other users' changes — and the loop blocks on it, then
/// takes everything pending before drawing once.
pub fn run(backend: Arc<dyn Backend>, opts: TuiOptions) -> anyhow::Result<()> {
    let api = Api(backend.as_ref());
    let mut app = App::new(
        opts.lang,
        Theme {
            color: opts.color,
            ascii: opts.ascii,
        },
        opts.today,
    );
    app.background = true;
    app.letterhead = opts.letterhead;
    if let Some(p) = &opts.state {
        app.recall(&state::load(p), opts.lang_given);
    }
    app.user = api.whoami().ok();
    app.conn = backend.connection();
    app.place = match (app.conn, opts.socket, opts.db) {
        (Some(_), Some(s), _) => Some(screen::Place::Server(s)),
        (None, _, Some(d)) => Some(screen::Place::Db(d)),
        _ => None,
    };
    app.begin_load(&api, None, false);
    app.offer_draft(&api);
    // A dropped link (SIGHUP) or a stop (SIGTERM) keeps the form being filled in as a draft.
    let slot: draft::Slot = Default::default();
    draft::watch_signals(Arc::downgrade(&backend), slot.clone(), restore)?;
    install_panic_hook();
    let guard = TerminalGuard::enter()?;
    // One buffered write per frame: stdout alone is line-buffered and would split a frame into
    // many small writes, each its own packet on an SSH link.
    let mut term = Terminal::new(wire::crossterm(BufWriter::with_capacity(
        1 << 16,
        io::stdout(),
    )))?;
    term.draw(|f| f.render_widget(&app, f.area()))?;

    let (tx, rx) = mpsc::channel();
    spawn_terminal_reader(tx.clone())?;
    let jobs = spawn_loader(Arc::downgrade(&backend), tx.clone())?;
    if let Some(notices) = backend.subscribe() {
        let tx = tx.clone();
        thread::Builder::new()
            .name("notices".into())
            .spawn(move || {
                for n in notices {
                    if tx.send(Input::Notice(n)).is_err() {
                        break;
                    }
                }
            })?;
    }
    drop(tx);
    let r = event_loop(&mut term, &mut app, &api, &slot, &rx, &jobs);
    // The shell first; then what to remember (a synced write takes a moment).
    drop(term);
    drop(guard);
    if let Some(p) = &opts.state {
        // Remembering is a convenience: a read-only home does not stop the user quitting.
        let _ = state::save(p, &app.remembered());
    }
    r
}

/// Terminal events, read as they come (`event::read` blocks; nothing polls). The events
/// already waiting after one are taken with it, so what one read gave is seen together.
fn spawn_terminal_reader(tx: mpsc::Sender<Input>) -> io::Result<()> {
    thread::Builder::new()
        .name("terminal".into())
        .spawn(move || {
            loop {
                let mut gone = None;
                let mut batch = Vec::new();
                match event::read() {
                    Ok(ev) => batch.push(ev),
                    Err(e) => gone = Some(e),
                }
                while gone.is_none() && batch.len() < 4096 {
                    match event::poll(std::time::Duration::ZERO) {
                        Ok(true) => match event::read() {
                            Ok(ev) => batch.push(ev),
                            Err(e) => gone = Some(e),
                        },
                        Ok(false) => break,
                        Err(e) => gone = Some(e),
                    }
                }
                let mut msgs = match input::pasted(&batch) {
                    Some(text) => vec![Input::Burst(text, batch)],
                    None => batch.into_iter().map(Input::Term).collect(),
                };
                let end = gone.is_some();
                msgs.extend(gone.map(Input::TermGone));
                if msgs.into_iter().any(|m| tx.send(m).is_err()) || end {
                    break;
                }
            }
        })?;
    Ok(())
}

/// The loader: carries out jobs one at a time, in order. Jobs queued while one ran are
/// taken together when they are for the same period, so a burst of notices costs one fetch.
fn spawn_loader(
    backend: std::sync::Weak<dyn Backend>,
    tx: mpsc::Sender<Input>,
) -> io::Result<mpsc::Sender<load::Job>> {
    let (jobs_tx, jobs) = mpsc::channel::<load::Job>();
    thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            let mut next = None;
            while let Some(mut job) = next.take().or_else(|| jobs.recv().ok()) {
                // Held only while a job runs: after the user quits, the database closes.
                let Some(backend) = backend.upgrade() else {
                    break;
                };
                let api = Api(backend.as_ref());
                while let Ok(later) = jobs.try_recv() {
                    if !job.absorb(&later) {
                        // Another period: what was asked for the old one is no longer shown.
                        job = later;
                    }
                }
                let mut gone = false;
                job.run_each(&api, |loaded| {
                    gone |= tx.send(Input::Loaded(Box::new(loaded))).is_err();
                });
                if gone {
                    break;
                }
                next = jobs.try_recv().ok();
            }
        })?;
    Ok(jobs_tx)
}

fn event_loop<W: Write>(
    term: &mut Terminal<wire::GapFill<CrosstermBackend<W>>>,
    app: &mut App,
    api: &Api,
    slot: &draft::Slot,
    rx: &mpsc::Receiver<Input>,
    jobs: &mpsc::Sender<load::Job>,
) -> anyhow::Result<()> {
    loop {
        send_jobs(app, jobs);
        // Block: an idle interface sends nothing at all.
        let mut next = Some(rx.recv()?);
        let mut dirty = false;
        while let Some(input) = next {
            let keys = match input {
                Input::Burst(text, _) if app.takes_text() => {
                    dirty = true;
                    app.paste(&text);
                    vec![]
                }
                Input::Burst(_, events) => events,
                Input::Term(ev) => vec![ev],
                other => {
                    match other {
                        Input::TermGone(e) => return Err(e.into()),
                        Input::Loaded(l) => {
                            dirty = true;
                            app.merge(*l);
                        }
                        Input::Notice(n) => app.notice_from(api, &n),
                        Input::Term(_) | Input::Burst(..) => {}
                    }
                    vec![]
                }
            };
            for ev in keys {
                match ev {
                    Event::Key(k) if k.kind == KeyEventKind::Release => {}
                    Event::Key(k)
                        if k.code == KeyCode::Char('z')
                            && k.modifiers.contains(KeyModifiers::CONTROL) =>
                    {
                        suspend(term)?;
                        dirty = true;
                    }
                    Event::Key(k) => {
                        dirty = true;
                        for k in input::unalt(k) {
                            let intent = app.handle_key(k);
                            if app.perform(api, intent) {
                                return Ok(());
                            }
                        }
                    }
                    Event::Paste(text) => {
                        dirty = true;
                        app.paste(&text);
                    }
                    Event::Resize(..) => dirty = true,
                    _ => {}
                }
            }
            // Everything already pending is handled before one frame is drawn.
            next = rx.try_recv().ok();
        }
        if dirty {
            // Serialising a form is cheap next to a key's round trip over SSH.
            let text = app.draft_text();
            if let Ok(mut g) = slot.lock() {
                *g = text;
            }
            app.sync(api);
            term.draw(|f| f.render_widget(&*app, f.area()))?;
            app.after_draw();
        }
    }
}

/// `Ctrl-Z`: give the terminal back as it was found and stop, as a shell's job; at `fg`
/// take it again and draw the whole screen, whatever was printed on it meanwhile.
fn suspend<W: Write>(term: &mut Terminal<wire::GapFill<CrosstermBackend<W>>>) -> io::Result<()> {
    restore();
    // The whole process group, as a shell stops a job: the shell sees it stopped.
    let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(0), nix::sys::signal::SIGTSTP);
    // Here again after SIGCONT (or at once where no shell can resume it, an orphaned group).
    TerminalGuard::enter_again()?;
    // Cleared with everything marked for drawing again (`clear` would ask the terminal where
    // its cursor is, an answer the terminal reader would take).
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Hand the jobs the last batch asked for to the loader.
fn send_jobs(app: &mut App, jobs: &mpsc::Sender<load::Job>) {
    for job in app.take_jobs() {
        // The loader only stops when the loop has ended.
        let _ = jobs.send(job);
    }
}

/// Raw mode and the alternate screen for as long as it lives; dropped on return and on error.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        // Made first: should a step fail, dropping it gives the terminal back.
        let guard = TerminalGuard;
        TerminalGuard::enter_again()?;
        Ok(guard)
    }

    /// Raw mode, the alternate screen, pastes marked as such (bracketed paste).
    fn enter_again() -> io::Result<()> {
        terminal::enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        execute!(
            io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide,
            event::EnableBracketedPaste
        )
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn restore() {
    ACTIVE.store(false, Ordering::SeqCst);
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
}

/// Whether the terminal is in raw mode on the alternate screen, so a panic must restore it.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Restore the terminal before the panic message is printed, so it is readable and the
/// shell is usable afterwards. Installed once; it does nothing when the interface is not up.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if ACTIVE.load(Ordering::SeqCst) {
                restore();
            }
            previous(info);
        }));
    });
}
