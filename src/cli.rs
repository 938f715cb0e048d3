//! The non-interactive commands of CONTRACT.md, on any `Backend`. Each command returns its
//! exit code; errors are one line in the user's language.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::api::{Api, ApiError, Backend};
use crate::config::{self, ColorChoice, Flags, Settings};
use crate::domain::Msg;
use crate::domain::text::parse_date;
use crate::i18n::Lang;
use crate::progress::Progress;

#[derive(Debug, Parser)]
#[command(
    name = "dvk",
    version,
    about = "Mô hình, điển hình “Dân vận khéo”: đăng ký, theo dõi, khen thưởng, báo cáo"
)]
pub struct Cli {
    /// Database directory (default: $XDG_DATA_HOME/dvk/db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file (default: $XDG_CONFIG_HOME/dvk/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language: vi or en.
    #[arg(long, global = true, value_name = "vi|en")]
    pub lang: Option<String>,
    /// Server socket (default: dvk.sock beside the database directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub socket: Option<PathBuf>,
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Draw borders with ASCII characters only.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Open the interface on a throwaway database seeded with the demo period.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Md,
    Json,
    Csv,
    /// A Word document (needs `--out`).
    Docx,
    /// An Excel workbook of lists (needs `--out`).
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// The shells `dvk completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Quick status of a period.
    Status {
        #[arg(long)]
        period: Option<String>,
        /// The day the figures are as of: what was registered, checked, awarded or decided
        /// after it does not count (default: today, or DVK_TODAY).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// As of one of the period's reviews: its number from 1 in date order, or its date.
        #[arg(long, value_name = "N|DATE", conflicts_with = "as_of")]
        review: Option<String>,
        #[arg(long)]
        json: bool,
        /// Only this unit and the units below it.
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
    },
    /// The period's summary report.
    Report {
        #[arg(long)]
        period: Option<String>,
        /// The day the figures are as of (default: today, or DVK_TODAY).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// As of one of the period's reviews: its number from 1 in date order, or its date;
        /// the report's heading names the review.
        #[arg(long, value_name = "N|DATE", conflicts_with = "as_of")]
        review: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Only this unit and the units below it.
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Add the appendix lists to the text report (Markdown and xlsx always have them).
        #[arg(long)]
        appendix: bool,
    },
    /// Import a CSV file: all rows or none.
    Import {
        /// units, models, awards, checkins (also periods, fields, forms, replications).
        kind: String,
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export everything to a directory.
    Export {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
    },
    /// Write a consistent, checksummed snapshot of the whole database.
    Backup { file: PathBuf },
    /// Restore a backup into an empty database.
    Restore { file: PathBuf },
    /// Verify the database.
    Check {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Shared mode: own the database and answer the other dvk processes over the socket.
    Serve,
    /// Seed the demo period into a database.
    Demo {
        /// Replace whatever the database holds.
        #[arg(long)]
        force: bool,
    },
    /// Undo your latest change.
    Undo {
        /// Only say what would be undone.
        #[arg(long)]
        dry_run: bool,
    },
    /// Redo your latest undone change.
    Redo {
        /// Only say what would be redone.
        #[arg(long)]
        dry_run: bool,
    },
    /// Record one award decision for one or more models, as one change.
    Award {
        /// A model's code; repeat for each model the decision awards.
        #[arg(long = "model", value_name = "CODE", required = true)]
        models: Vec<String>,
        /// The awarding body.
        #[arg(long)]
        body: String,
        /// The award form (code or name of the catalogue).
        #[arg(long)]
        form: String,
        /// The decision's number.
        #[arg(long, value_name = "NUMBER")]
        decision: String,
        /// The decision's date.
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Print the man page.
    Man,
    /// Print a completion script.
    Completions { shell: Shell },
}

/// Where a command's errors go: one line on stderr, in the user's language.
pub struct Failure {
    pub code: i32,
    pub lines: Vec<String>,
}

impl Failure {
    pub fn api(e: &ApiError, lang: Lang) -> Failure {
        Failure {
            code: e.exit_code(),
            lines: e.text(lang).lines().map(String::from).collect(),
        }
    }
    pub fn msg(m: Msg, code: i32, lang: Lang) -> Failure {
        Failure {
            code,
            lines: vec![m.text(lang)],
        }
    }
}

pub type CmdResult = Result<(), Failure>;

fn flags(cli: &Cli) -> Flags {
    Flags {
        db: cli.db.clone(),
        config: cli.config.clone(),
        lang: cli.lang.clone(),
        socket: cli.socket.clone(),
        color: cli.color,
    }
}

/// Print to stdout; a closed pipe (`dvk report | head`) is not an error.
pub fn out(text: &str) -> CmdResult {
    let mut o = std::io::stdout().lock();
    let r = o
        .write_all(text.as_bytes())
        .and_then(|_| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                o.write_all(b"\n")
            }
        })
        .and_then(|_| o.flush());
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            lines: vec![e.to_string()],
        }),
    }
}

fn as_of(s: &Settings, given: &Option<String>) -> Result<NaiveDate, Failure> {
    match given {
        None => Ok(s.today),
        Some(t) => parse_date(t).ok_or_else(|| {
            let m = crate::domain::text::date_problem(t, false);
            Failure {
                code: 2,
                lines: vec![format!("--as-of: {}", m.text(s.lang))],
            }
        }),
    }
}

/// Write a document the user asked for whole or not at all ([`crate::fsutil`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::fsutil::write_atomic(path, bytes, crate::fsutil::DOCUMENT)
}

/// An I/O failure on `path`: exit code 1, the path in the message.
pub(crate) fn io_fail(path: &Path, e: std::io::Error, lang: Lang) -> Failure {
    Failure::msg(crate::store::file_msg(path, &e), 1, lang)
}

/// Open the backend for these settings: the server when its socket answers, else the
/// database itself.
pub fn connect(s: &Settings) -> Result<Arc<dyn Backend>, Failure> {
    crate::backend::connect(s).map_err(|e| Failure::api(&e, s.lang))
}

/// The backend of a command that only reads: a missing database is an error, never created.
pub fn connect_existing(s: &Settings) -> Result<Arc<dyn Backend>, Failure> {
    crate::backend::connect_existing(s).map_err(|e| Failure::api(&e, s.lang))
}

/// Run the parsed command line; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let f = flags(&cli);
    // Generated from the command line alone: no database, and a broken config file does not
    // stop them.
    match &cli.command {
        Some(Command::Man) => return exit_of(out_bytes(&crate::cli_help::man_page())),
        Some(Command::Completions { shell }) => {
            let lang = config::lang_before_parsing(&f, &config::real_env);
            return exit_of(out_bytes(&crate::cli_help::completions(*shell, lang)));
        }
        _ => {}
    }
    let early = config::early_lang(&f, &config::real_env);
    let settings = match config::resolve(&f, &config::real_env, std::io::stdout().is_terminal()) {
        Ok(s) => s,
        Err(m) => return report_failure(Failure::msg(m, 2, early)),
    };
    let lang = settings.lang;
    let result = match &cli.command {
        None => interface(&cli, &settings),
        Some(cmd) => command(cmd, &settings),
    };
    match result {
        Ok(()) => 0,
        Err(f) => {
            let _ = lang;
            report_failure(f)
        }
    }
}

fn exit_of(r: CmdResult) -> i32 {
    match r {
        Ok(()) => 0,
        Err(f) => report_failure(f),
    }
}

/// Write bytes to stdout as they are; a closed pipe is not an error.
fn out_bytes(bytes: &[u8]) -> CmdResult {
    let mut o = std::io::stdout().lock();
    match o.write_all(bytes).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            lines: vec![e.to_string()],
        }),
    }
}

/// A command line clap could not parse: one line in the user's language (help and version
/// are printed as clap writes them). Exit code 2.
pub fn usage_error(e: clap::Error) -> i32 {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.use_stderr() { 2 } else { 0 };
    }
    // The language from the arguments, the environment or the config file, as far as they
    // can be read: the one the help is written in.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = crate::cli_help::help_lang(&args, &config::real_env);
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => crate::domain::text::printable(s),
        Some(ContextValue::Strings(v)) => crate::domain::text::printable(&v.join(", ")),
        _ => String::new(),
    };
    let arg = ctx(ContextKind::InvalidArg);
    let value = ctx(ContextKind::InvalidValue);
    let valid = ctx(ContextKind::ValidValue);
    let sub = ctx(ContextKind::InvalidSubcommand);
    let line = match e.kind() {
        ErrorKind::InvalidSubcommand => lang.pick(
            format!("không có lệnh “{sub}”; xem `dvk --help`"),
            format!("there is no command “{sub}”; see `dvk --help`"),
        ),
        ErrorKind::UnknownArgument => lang.pick(
            format!("không có tùy chọn “{arg}”; xem `dvk --help`"),
            format!("there is no option “{arg}”; see `dvk --help`"),
        ),
        ErrorKind::InvalidValue if value.is_empty() => lang.pick(
            format!("{arg} cần một giá trị; xem `dvk --help`"),
            format!("{arg} needs a value; see `dvk --help`"),
        ),
        ErrorKind::InvalidValue if valid.is_empty() => lang.pick(
            format!("{arg}: giá trị “{value}” không hợp lệ; xem `dvk --help`"),
            format!("{arg}: “{value}” is not valid; see `dvk --help`"),
        ),
        ErrorKind::InvalidValue => lang.pick(
            format!("{arg}: giá trị “{value}” không hợp lệ; dùng một trong: {valid}"),
            format!("{arg}: “{value}” is not valid; use one of: {valid}"),
        ),
        ErrorKind::MissingRequiredArgument => lang.pick(
            format!("thiếu {arg}; xem `dvk --help`"),
            format!("{arg} is missing; see `dvk --help`"),
        ),
        _ => {
            let detail = e.to_string();
            let first = detail
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string();
            lang.pick(
                format!(
                    "cách dùng không đúng: {}; xem `dvk --help`",
                    crate::domain::text::printable(&first)
                ),
                format!(
                    "bad usage: {}; see `dvk --help`",
                    crate::domain::text::printable(&first)
                ),
            )
        }
    };
    report_failure(Failure {
        code: 2,
        lines: vec![line],
    })
}

fn report_failure(f: Failure) -> i32 {
    let mut e = std::io::stderr().lock();
    for l in &f.lines {
        let _ = writeln!(e, "dvk: {l}");
    }
    f.code
}

fn interface(cli: &Cli, s: &Settings) -> CmdResult {
    let lang = s.lang;
    let (backend, _tmp) = if cli.demo {
        let dir = crate::backend::demo_dir().map_err(|e| {
            Failure::msg(
                Msg::Io {
                    detail: e.to_string(),
                },
                1,
                lang,
            )
        })?;
        let b = crate::backend::embedded(&dir.path().join("db"), &s.user)
            .map_err(|e| Failure::api(&e, lang))?;
        Api(b.as_ref())
            .load(crate::demo::dataset(), false)
            .map_err(|e| Failure::api(&e, lang))?;
        (b, Some(dir))
    } else {
        (connect(s)?, None)
    };
    let theme = crate::tui::Theme::for_terminal(
        s.color,
        cli.color == ColorChoice::Always,
        cli.ascii,
        std::env::var("TERM").ok().as_deref(),
    );
    let env = &config::real_env;
    crate::tui::run(
        backend,
        crate::tui::TuiOptions {
            lang,
            color: theme.color,
            ascii: theme.ascii,
            today: s.today,
            letterhead: s.file.letterhead.clone(),
            state: Some(config::state_path(env)),
            lang_given: cli.lang.is_some() || env("DVK_LANG").is_some() || s.file.lang.is_some(),
            db: Some(match &_tmp {
                Some(dir) => dir.path().join("db"),
                None => s.db.clone(),
            }),
            socket: Some(s.socket.clone()),
        },
    )
    .map_err(|e| Failure {
        code: 1,
        lines: vec![e.to_string()],
    })
}

/// The date of the review `--review` names: its number from 1 in date order, or its date.
fn review_day(
    api: &Api,
    period: &Option<String>,
    given: &str,
    lang: crate::i18n::Lang,
) -> Result<NaiveDate, Failure> {
    let periods = api.periods().map_err(|e| Failure::api(&e, lang))?;
    let p = match period {
        Some(c) => {
            let c2 = crate::domain::validate::clean_period_code(c).unwrap_or_else(|_| c.clone());
            periods.iter().find(|p| p.code == c2)
        }
        None => periods.iter().max_by(|a, b| a.code.cmp(&b.code)),
    };
    let Some(p) = p else {
        let m = Msg::UnknownPeriod {
            code: crate::domain::text::printable(period.as_deref().unwrap_or_default()),
        };
        return Err(Failure::msg(m, 2, lang));
    };
    let mut days: Vec<NaiveDate> = p.reviews.iter().map(|r| r.date).collect();
    days.sort();
    let by_number = given
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| days.get(i).copied());
    let by_date = parse_date(given).filter(|d| days.contains(d));
    by_number.or(by_date).ok_or_else(|| {
        let m = Msg::NoSuchReview {
            given: crate::domain::text::printable(given),
            period: p.code.clone(),
            count: days.len() as u64,
        };
        Failure {
            code: 2,
            lines: vec![format!("--review: {}", m.text(lang))],
        }
    })
}

fn command(cmd: &Command, s: &Settings) -> CmdResult {
    let lang = s.lang;
    let fail = |e: ApiError| Failure::api(&e, lang);
    match cmd {
        Command::Status {
            period,
            as_of: given,
            review,
            json,
            unit: Some(code),
        } => {
            let day = as_of(s, given)?;
            let b = connect_existing(s)?;
            let api = Api(b.as_ref());
            let day = match review {
                Some(r) => review_day(&api, period, r, lang)?,
                None => day,
            };
            let (r, scope) = unit_figures(&api, period, day, code).map_err(fail)?;
            let below = scope.ids.len() > 1;
            if *json {
                let mut v = crate::report::status_json(&r.status);
                if let serde_json::Value::Object(o) = &mut v {
                    o.insert("unit".into(), unit_json(&scope));
                }
                out(&serde_json::to_string_pretty(&v).unwrap_or_default())
            } else {
                let head = crate::report::appendix_words::unit_header(
                    &crate::domain::text::printable(&scope.unit.name),
                    &crate::domain::text::printable(&scope.unit.code),
                    below,
                    lang,
                );
                // The unit's line comes above the one-screen status: 23 lines at most, which
                // still leaves the prompt's line of a 24-line terminal.
                let width = terminal_width();
                let body = crate::report::status_text(&r.status, &r.fields, lang, width);
                out(&format!(
                    "{}\n{body}",
                    crate::report::layout::fit(&head, width)
                ))
            }
        }
        Command::Status {
            period,
            as_of: given,
            review,
            json,
            unit: None,
        } => {
            let day = as_of(s, given)?;
            // The server if one answers; else the status cache of a closed database; else
            // the database itself. A review's date is read from the database.
            let server = crate::backend::server(s).map_err(fail)?;
            let quick = match server {
                Some(_) => None,
                None if review.is_some() => None,
                None => crate::backend::quick_status(s, period.as_deref(), day),
            };
            let (st, fields) = match quick {
                Some(r) => r.map_err(fail)?,
                None => {
                    let b = match server {
                        Some(b) => b,
                        None => crate::backend::open_existing(s).map_err(fail)?,
                    };
                    let api = Api(b.as_ref());
                    let day = match review {
                        Some(r) => review_day(&api, period, r, lang)?,
                        None => day,
                    };
                    (
                        api.status(period.clone(), day).map_err(fail)?,
                        api.fields().map_err(fail)?,
                    )
                }
            };
            if *json {
                out(
                    &serde_json::to_string_pretty(&crate::report::status_json(&st))
                        .unwrap_or_default(),
                )
            } else {
                out(&crate::report::status_text(
                    &st,
                    &fields,
                    lang,
                    terminal_width(),
                ))
            }
        }
        Command::Report {
            period,
            as_of: given,
            review,
            format,
            out: file,
            unit,
            appendix,
        } => {
            let day = as_of(s, given)?;
            if matches!(format, ReportFormat::Docx | ReportFormat::Xlsx) && file.is_none() {
                return Err(Failure::msg(
                    Msg::ReportNeedsOut {
                        format: format!("{format:?}").to_lowercase(),
                    },
                    2,
                    lang,
                ));
            }
            let b = connect_existing(s)?;
            let api = Api(b.as_ref());
            let day = match review {
                Some(r) => review_day(&api, period, r, lang)?,
                None => day,
            };
            let job = ReportJob {
                period: period.clone(),
                day,
                format: *format,
                unit: unit.as_deref(),
                appendix: *appendix,
                letterhead: &s.file.letterhead,
            };
            let bytes = report_bytes(b.as_ref(), &job, lang).map_err(fail)?;
            match file {
                Some(p) => write_atomic(p, &bytes).map_err(|e| io_fail(p, e, lang)),
                None => out(&String::from_utf8_lossy(&bytes)),
            }
        }
        Command::Import {
            kind,
            file,
            dry_run,
            json,
        } => crate::cli_data::import(s, kind, file, *dry_run, *json),
        Command::Export { out: dir, format } => crate::cli_data::export(s, dir, *format),
        Command::Backup { file } => crate::cli_data::backup(s, file),
        Command::Restore { file } => crate::cli_data::restore(s, file),
        Command::Check { json } => crate::cli_data::check(s, *json),
        Command::Serve => crate::server::serve(s).map_err(fail),
        Command::Undo { dry_run } => crate::cli_undo::undo(s, false, *dry_run),
        Command::Redo { dry_run } => crate::cli_undo::undo(s, true, *dry_run),
        Command::Award {
            models,
            body,
            form,
            decision,
            date,
            note,
        } => crate::cli_undo::award(
            s,
            crate::cli_undo::AwardArgs {
                models,
                body,
                form,
                decision,
                date,
                note: note.as_deref().unwrap_or_default(),
            },
        ),
        Command::Man => out_bytes(&crate::cli_help::man_page()),
        Command::Completions { shell } => out_bytes(&crate::cli_help::completions(*shell, lang)),
        Command::Demo { force } => {
            let b = connect(s)?;
            let p = Progress::spinner(lang.pick("Nạp dữ liệu mẫu", "Loading the demo"));
            Api(b.as_ref())
                .load(crate::demo::dataset(), *force)
                .map_err(fail)?;
            p.finish();
            out(&lang.pick(
                format!(
                    "Đã nạp giai đoạn mẫu 2017 - 2020 vào {}",
                    crate::domain::text::shown_path(&s.db)
                ),
                format!(
                    "Loaded the demo period 2017–2020 into {}",
                    crate::domain::text::shown_path(&s.db)
                ),
            ))
        }
    }
}

/// What `dvk report` (or `r` in the interface) is asked to write.
pub struct ReportJob<'a> {
    pub period: Option<String>,
    pub day: NaiveDate,
    pub format: ReportFormat,
    /// One unit and the units below it (`--unit CODE`).
    pub unit: Option<&'a str>,
    /// The text report with its appendices (`--appendix`; Markdown and the documents always
    /// have them).
    pub appendix: bool,
    pub letterhead: &'a config::Letterhead,
}

/// The period's report in a format, as the bytes of a file (text formats end with a newline
/// except JSON, as `dvk report` has always printed them).
pub fn report_bytes(b: &dyn Backend, job: &ReportJob, lang: Lang) -> Result<Vec<u8>, ApiError> {
    use crate::report::{Extras, appendix as app};
    let api = Api(b);
    let format = job.format;
    let scope = match job.unit {
        Some(code) => Some(app::unit_scope(&api, code)?),
        None => None,
    };
    // Text, Markdown and Word list the most overdue models; JSON and CSV list them all. A
    // unit's report takes the whole list and keeps the unit's.
    let limit = (scope.is_none()
        && matches!(
            format,
            ReportFormat::Text | ReportFormat::Md | ReportFormat::Docx
        ))
    .then_some(crate::report::OVERDUE_LISTED as u32);
    let mut r = api.report(job.period.clone(), job.day, limit)?;
    let wants_appendix = match format {
        ReportFormat::Text => job.appendix,
        ReportFormat::Md | ReportFormat::Xlsx | ReportFormat::Docx => true,
        ReportFormat::Json | ReportFormat::Csv => false,
    };
    let src = if scope.is_some() || wants_appendix {
        Some(app::Source::fetch(&api, &r)?)
    } else {
        None
    };
    if let (Some(sc), Some(src)) = (&scope, &src) {
        r = crate::report::unit::narrow(r, src, sc);
    }
    let appendices = match (&src, wants_appendix) {
        (Some(src), true) => Some(app::build(&api, &r, src, scope.as_ref())?),
        _ => None,
    };
    let extras = Extras {
        unit: scope.as_ref().map(|sc| (&sc.unit, sc.ids.len() > 1)),
        appendices: appendices.as_ref(),
    };
    Ok(match format {
        ReportFormat::Text => crate::report::report_text_with(&r, lang, extras).into(),
        ReportFormat::Md => crate::report::report_md_with(&r, lang, extras).into(),
        ReportFormat::Json => {
            let mut v = crate::report::report_json(&r, lang);
            if let (Some(sc), serde_json::Value::Object(o)) = (&scope, &mut v) {
                o.insert("unit".into(), unit_json(sc));
                // The sentence names the unit, as the text report does.
                if let Some(serde_json::Value::Object(t)) = o.get_mut("sentences") {
                    t.insert(
                        "registration".into(),
                        crate::report::appendix_words::unit_registration_sentence(
                            &r.status,
                            &crate::domain::text::printable(&sc.unit.name),
                            sc.ids.len() > 1,
                            lang,
                        )
                        .into(),
                    );
                }
            }
            serde_json::to_string_pretty(&v).unwrap_or_default().into()
        }
        ReportFormat::Csv => crate::report::report_csv(&r, lang).into(),
        ReportFormat::Xlsx => crate::report::xlsx::report_xlsx(
            &r,
            appendices.as_ref().expect("xlsx has appendices"),
            extras.unit,
            lang,
        )?,
        ReportFormat::Docx => crate::report::report_docx(
            &r,
            appendices.as_ref().expect("docx has appendices"),
            job.letterhead,
            lang,
        ),
    })
}

/// The report of one unit and the units below it, with every overdue model of the unit.
fn unit_figures(
    api: &Api,
    period: &Option<String>,
    day: NaiveDate,
    code: &str,
) -> Result<(crate::api::ReportData, crate::report::appendix::UnitScope), ApiError> {
    let scope = crate::report::appendix::unit_scope(api, code)?;
    let r = api.report(period.clone(), day, None)?;
    let r = crate::report::unit::unit_report(api, r, &scope)?;
    Ok((r, scope))
}

/// `"unit": {"code": …, "name": …, "units": N}` of a unit's JSON (N: the unit and those below).
fn unit_json(scope: &crate::report::appendix::UnitScope) -> serde_json::Value {
    serde_json::json!({
        "code": crate::domain::text::printable(&scope.unit.code),
        "name": crate::domain::text::printable(&scope.unit.name),
        "units": scope.ids.len(),
    })
}

fn terminal_width() -> usize {
    if std::io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size()
            .map(|(w, _)| w as usize)
            .unwrap_or(80)
    } else {
        80
    }
}
