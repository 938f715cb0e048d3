//! Where things come from: the database path, the server socket, the language and colours,
//! resolved in the order of CONTRACT.md (flag, environment, config file, default).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::Msg;
use crate::domain::text::parse_date;
use crate::i18n::Lang;

/// The optional TOML config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub db: Option<PathBuf>,
    pub lang: Option<String>,
    pub socket: Option<PathBuf>,
    /// Group that owns the server socket (shared mode).
    pub group: Option<String>,
    /// Hours between the server's backups; 0 turns them off.
    pub backup_every_hours: Option<u64>,
    /// How many backups the server keeps.
    pub backup_keep: Option<usize>,
    /// Roles by login name (shared mode). `None`: no `[roles]` table at all, which is not
    /// the same as an empty one (see `server::auth::role_of`).
    #[serde(default)]
    pub roles: Option<Roles>,
    /// Most connections the server holds at once (shared mode); fewer when the open-file
    /// limit does not allow as many.
    pub max_connections: Option<usize>,
    /// The committee's letterhead and signature on the Word report; every key optional.
    #[serde(default)]
    pub letterhead: Letterhead,
}

/// `[letterhead]`: what the Word report puts at its head and under its end. A key left out
/// leaves a placeholder for a person to fill in.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Letterhead {
    /// The committee above, e.g. `ĐẢNG BỘ TỈNH LẠNG SƠN`.
    pub parent: Option<String>,
    /// The committee issuing the report, e.g. `ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH`.
    pub body: Option<String>,
    /// The document number, e.g. `Số 45-BC/ĐUK`.
    pub number: Option<String>,
    /// The place before the date, e.g. `Lạng Sơn`.
    pub place: Option<String>,
    /// e.g. `T/M BAN THƯỜNG VỤ`.
    pub signer_role: Option<String>,
    /// e.g. `PHÓ BÍ THƯ`.
    pub signer_title: Option<String>,
    pub signer: Option<String>,
    /// Listed under “Nơi nhận:”.
    pub recipients: Option<Vec<String>>,
}

/// Rights of the staff on a shared server, by Unix login name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    #[serde(default)]
    pub admin: Vec<String>,
    #[serde(default)]
    pub editor: Vec<String>,
    #[serde(default)]
    pub viewer: Vec<String>,
    /// Login name → unit codes that user may edit.
    #[serde(default)]
    pub unit_editor: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// What the command line said, before resolution.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub db: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub lang: Option<String>,
    pub socket: Option<PathBuf>,
    pub color: ColorChoice,
}

/// Everything resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub db: PathBuf,
    pub socket: PathBuf,
    pub lang: Lang,
    pub color: bool,
    pub today: NaiveDate,
    pub user: String,
    pub file: ConfigFile,
    pub config_path: Option<PathBuf>,
    /// The database was named by `--db` or `DVK_DB`: a server owning another database is
    /// not used for it.
    pub db_given: bool,
    /// The socket was named by `--socket` or `DVK_SOCKET`.
    pub socket_given: bool,
}

/// The environment, as a function so tests need not touch the real one.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

pub fn real_env(key: &str) -> Option<String> {
    std::env::var(key)
        .ok()
        .filter(|v| !v.is_empty() || key == "NO_COLOR")
}

fn home(env: Env) -> PathBuf {
    env("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn xdg(env: Env, var: &str, fallback: &str) -> PathBuf {
    env(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .unwrap_or_else(|| home(env).join(fallback))
}

/// Where the interface remembers the user's language, tab and sort:
/// `$XDG_CONFIG_HOME/dvk/state.toml` (`~/.config/dvk/state.toml`).
pub fn state_path(env: Env) -> PathBuf {
    xdg(env, "XDG_CONFIG_HOME", ".config")
        .join("dvk")
        .join("state.toml")
}

/// Read and parse the config file; a missing default file is not an error.
fn load_config(flags: &Flags, env: Env) -> Result<(ConfigFile, Option<PathBuf>), Msg> {
    let (path, explicit) = match (&flags.config, env("DVK_CONFIG")) {
        (Some(p), _) => (p.clone(), true),
        (None, Some(p)) => (PathBuf::from(p), true),
        (None, None) => (
            xdg(env, "XDG_CONFIG_HOME", ".config")
                .join("dvk")
                .join("config.toml"),
            false,
        ),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok((ConfigFile::default(), None));
        }
        Err(e) => {
            return Err(Msg::Io {
                detail: format!("{}: {e}", crate::domain::text::shown_path(&path)),
            });
        }
    };
    let cfg: ConfigFile = toml::from_str(&text).map_err(|e| {
        let (line, col) = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                (
                    before.matches('\n').count() + 1,
                    before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                )
            })
            .unwrap_or((1, 1));
        let what = e.message().replace('\n', " ");
        Msg::Other(format!(
            "{}:{line}:{col}: {what}",
            crate::domain::text::shown_path(&path)
        ))
    })?;
    Ok((cfg, Some(path)))
}

/// The login name of the person running the program (the audit log's “who” in embedded mode):
/// `$USER`, `$LOGNAME`, else the name of the user id the program runs as (a cron job, `su`
/// without a login shell, `env -i`).
pub fn login_name(env: Env) -> String {
    env("USER")
        .or_else(|| env("LOGNAME"))
        .unwrap_or_else(uid_name)
}

/// The name of the effective user id in the user database, or `uid1234` when it has none.
pub fn uid_name() -> String {
    let uid = nix::unistd::geteuid();
    nix::unistd::User::from_uid(uid)
        .ok()
        .flatten()
        .map(|u| u.name)
        .unwrap_or_else(|| format!("uid{uid}"))
}

/// The time of day now, on the day [`today`] gives: `DVK_TODAY`'s day when set.
pub fn now(env: Env) -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Local::now();
    let Some(day) = env("DVK_TODAY").and_then(|s| parse_date(&s)) else {
        return now.with_timezone(&chrono::Utc);
    };
    day.and_time(now.time())
        .and_local_timezone(chrono::Local)
        .earliest()
        .map_or_else(
            || now.with_timezone(&chrono::Utc),
            |t| t.with_timezone(&chrono::Utc),
        )
}

/// `DVK_TODAY` (for repeatable reports and tests) or the local date.
pub fn today(env: Env) -> Result<NaiveDate, Msg> {
    match env("DVK_TODAY") {
        Some(s) => parse_date(&s).ok_or(Msg::BadDate { text: s }),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// The language alone, resolvable before anything can fail, so even early errors are in the
/// user's language.
pub fn early_lang(flags: &Flags, env: Env) -> Lang {
    flags
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| env("DVK_LANG").as_deref().and_then(Lang::parse))
        .unwrap_or_default()
}

/// The language as far as it can be known before the command line is parsed (help is
/// written in it): the flag, `DVK_LANG`, then the config file's `lang`; Vietnamese when
/// none says, when a value is not a language, or when the config file cannot be read.
pub fn lang_before_parsing(flags: &Flags, env: Env) -> Lang {
    flags
        .lang
        .as_deref()
        .or(env("DVK_LANG").as_deref())
        .map(|t| Lang::parse(t).unwrap_or_default())
        .or_else(|| {
            load_config(flags, env)
                .ok()
                .and_then(|(f, _)| f.lang.as_deref().and_then(Lang::parse))
        })
        .unwrap_or_default()
}

pub fn resolve(flags: &Flags, env: Env, stdout_is_tty: bool) -> Result<Settings, Msg> {
    let (file, config_path) = load_config(flags, env)?;
    let lang_text = flags
        .lang
        .clone()
        .or_else(|| env("DVK_LANG"))
        .or_else(|| file.lang.clone());
    let lang = match lang_text {
        Some(t) => Lang::parse(&t).ok_or(Msg::UnknownValue {
            text: t,
            allowed: "vi, en".into(),
        })?,
        None => Lang::Vi,
    };
    let db_given = flags.db.is_some() || env("DVK_DB").is_some();
    let socket_given = flags.socket.is_some() || env("DVK_SOCKET").is_some();
    let db = flags
        .db
        .clone()
        .or_else(|| env("DVK_DB").map(PathBuf::from))
        .or_else(|| file.db.clone())
        .unwrap_or_else(|| {
            xdg(env, "XDG_DATA_HOME", ".local/share")
                .join("dvk")
                .join("db")
        });
    let socket = flags
        .socket
        .clone()
        .or_else(|| env("DVK_SOCKET").map(PathBuf::from))
        .or_else(|| file.socket.clone())
        .unwrap_or_else(|| default_socket(&db));
    let color = match flags.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => env("NO_COLOR").is_none() && stdout_is_tty,
    };
    Ok(Settings {
        db,
        socket,
        lang,
        color,
        today: today(env)?,
        user: login_name(env),
        file,
        config_path,
        db_given,
        socket_given,
    })
}

/// `dvk.sock` in the directory that holds the database directory.
pub fn default_socket(db: &Path) -> PathBuf {
    db.parent()
        .map(|p| p.join("dvk.sock"))
        .unwrap_or_else(|| PathBuf::from("dvk.sock"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn order_of_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, "db = \"/from/config/db\"\nlang = \"en\"\n").unwrap();
        let e = env_of(&[("HOME", "/home/u"), ("DVK_CONFIG", cfg.to_str().unwrap())]);
        let s = resolve(&Flags::default(), &e, true).unwrap();
        assert_eq!(s.db, PathBuf::from("/from/config/db"));
        assert_eq!(s.socket, PathBuf::from("/from/config/dvk.sock"));
        assert_eq!(s.lang, Lang::En);
        assert!(s.color);

        let e = env_of(&[
            ("HOME", "/home/u"),
            ("DVK_CONFIG", cfg.to_str().unwrap()),
            ("DVK_DB", "/env/db"),
            ("DVK_LANG", "vi"),
            ("NO_COLOR", ""),
        ]);
        let s = resolve(&Flags::default(), &e, true).unwrap();
        assert_eq!(s.db, PathBuf::from("/env/db"));
        assert_eq!(s.lang, Lang::Vi);
        assert!(!s.color);

        let flags = Flags {
            db: Some("/flag/db".into()),
            lang: Some("en".into()),
            color: ColorChoice::Always,
            ..Default::default()
        };
        let s = resolve(&flags, &e, false).unwrap();
        assert_eq!(s.db, PathBuf::from("/flag/db"));
        assert_eq!(s.lang, Lang::En);
        assert!(s.color);
    }

    #[test]
    fn the_login_comes_from_the_uid_without_user_or_logname() {
        let e = env_of(&[("HOME", "/home/u")]);
        let name = login_name(&e);
        assert_ne!(name, "unknown");
        assert_eq!(name, uid_name());
        let e = env_of(&[("USER", "canbo")]);
        assert_eq!(login_name(&e), "canbo");
    }

    #[test]
    fn the_audit_clock_is_on_dvk_today() {
        let e = env_of(&[("DVK_TODAY", "2020-10-20")]);
        let local = now(&e).with_timezone(&chrono::Local);
        assert_eq!(
            local.date_naive(),
            NaiveDate::from_ymd_opt(2020, 10, 20).unwrap()
        );
    }

    #[test]
    fn the_state_file_follows_xdg_config_home() {
        let e = env_of(&[("HOME", "/home/u")]);
        assert_eq!(
            state_path(&e),
            PathBuf::from("/home/u/.config/dvk/state.toml")
        );
        let e = env_of(&[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "/cfg")]);
        assert_eq!(state_path(&e), PathBuf::from("/cfg/dvk/state.toml"));
    }

    #[test]
    fn defaults_follow_xdg() {
        let e = env_of(&[("HOME", "/home/u")]);
        let s = resolve(&Flags::default(), &e, false).unwrap();
        assert_eq!(s.db, PathBuf::from("/home/u/.local/share/dvk/db"));
        assert_eq!(s.socket, PathBuf::from("/home/u/.local/share/dvk/dvk.sock"));
        assert!(!s.color);
        let e = env_of(&[("HOME", "/home/u"), ("XDG_DATA_HOME", "/data")]);
        assert_eq!(
            resolve(&Flags::default(), &e, false).unwrap().db,
            PathBuf::from("/data/dvk/db")
        );
    }

    #[test]
    fn bad_config_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, "lang = \"en\"\ncolour = 3\n").unwrap();
        let e = env_of(&[("HOME", "/home/u"), ("DVK_CONFIG", cfg.to_str().unwrap())]);
        let err = resolve(&Flags::default(), &e, false).unwrap_err();
        let text = err.text(Lang::En);
        assert!(text.contains("c.toml:2:1"), "{text}");
        let e = env_of(&[("HOME", "/home/u"), ("DVK_LANG", "fr")]);
        assert!(resolve(&Flags::default(), &e, false).is_err());
        let e = env_of(&[("HOME", "/home/u"), ("DVK_TODAY", "2020-10-20")]);
        assert_eq!(
            resolve(&Flags::default(), &e, false).unwrap().today,
            NaiveDate::from_ymd_opt(2020, 10, 20).unwrap()
        );
    }
}
