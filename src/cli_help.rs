//! The command line as clap renders it: `--help` in the user's language, the man page and
//! the shell completions, all from the one definition in [`crate::cli::Cli`].
//!
//! The language must be known before clap writes any help, so it is read from the raw
//! arguments (`--lang`), then `DVK_LANG`, then the config file's `lang` ([`help_lang`]);
//! every description comes from [`TEXTS`], one row per command and argument, in both
//! languages.

use std::ffi::OsString;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::config::{self, Flags};
use crate::i18n::Lang;

/// Descriptions: (command, argument id, Vietnamese, English). The command is `""` for the
/// top level; an empty argument id is the command's own description.
pub const TEXTS: &[(&str, &str, &str, &str)] = &[
    (
        "",
        "",
        "Mô hình, điển hình “Dân vận khéo”: đăng ký, theo dõi, khen thưởng, báo cáo. Không có lệnh: mở giao diện toàn màn hình",
        "Models and exemplars of the “Dân vận khéo” movement: registration, check-ins, awards, reports. With no command: the full-screen interface",
    ),
    (
        "",
        "db",
        "Thư mục cơ sở dữ liệu (mặc định: DVK_DB, khóa db của tệp cấu hình, rồi $XDG_DATA_HOME/dvk/db)",
        "Database directory (default: DVK_DB, the config file's db, then $XDG_DATA_HOME/dvk/db)",
    ),
    (
        "",
        "config",
        "Tệp cấu hình TOML (mặc định: DVK_CONFIG, rồi $XDG_CONFIG_HOME/dvk/config.toml)",
        "Config file, TOML (default: DVK_CONFIG, then $XDG_CONFIG_HOME/dvk/config.toml)",
    ),
    (
        "",
        "lang",
        "Ngôn ngữ: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh); nếu không có: DVK_LANG, rồi khóa lang của tệp cấu hình",
        "Language: vi (Vietnamese, the default) or en (English); else DVK_LANG, then the config file's lang",
    ),
    (
        "",
        "socket",
        "Socket của máy chủ dùng chung (mặc định: DVK_SOCKET, khóa socket của tệp cấu hình, rồi dvk.sock cạnh thư mục cơ sở dữ liệu)",
        "Socket of the shared server (default: DVK_SOCKET, the config file's socket, then dvk.sock beside the database directory)",
    ),
    (
        "",
        "color",
        "Màu: auto (chỉ khi in ra màn hình và không có NO_COLOR), always, never",
        "Colour: auto (only on a terminal and without NO_COLOR), always, never",
    ),
    (
        "",
        "ascii",
        "Vẽ khung chỉ bằng ký tự ASCII",
        "Draw borders with ASCII characters only",
    ),
    (
        "",
        "demo",
        "Mở giao diện trên một cơ sở dữ liệu tạm có sẵn giai đoạn mẫu; cơ sở dữ liệu của bạn không bị động đến",
        "Open the interface on a throwaway database seeded with the demo period; your own database is not touched",
    ),
    ("*", "help", "In trợ giúp", "Print help"),
    ("*", "version", "In phiên bản", "Print version"),
    (
        "help",
        "",
        "In trợ giúp của dvk hoặc của một lệnh",
        "Print this help or the help of a command",
    ),
    (
        "help",
        "subcommand",
        "Lệnh cần xem trợ giúp",
        "The command to show the help of",
    ),
    (
        "status",
        "",
        "Tình hình nhanh của một giai đoạn",
        "Quick status of a period",
    ),
    (
        "status",
        "period",
        "Giai đoạn, ví dụ 2017-2020 (mặc định: giai đoạn mới nhất)",
        "Period, e.g. 2017-2020 (default: the latest period)",
    ),
    (
        "status",
        "review",
        "Tính đến một lần sơ kết, tổng kết của giai đoạn: số thứ tự từ 1 theo ngày, hoặc ngày của lần đó (không dùng cùng --as-of)",
        "As of one of the period's reviews: its number from 1 in date order, or its date (not with --as-of)",
    ),
    (
        "status",
        "as_of",
        "Ngày tính số liệu và lượt theo dõi quá hạn, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm nay, hoặc DVK_TODAY)",
        "Day the figures and overdue check-ins are counted at, dd/mm/yyyy or yyyy-mm-dd (default: today, or DVK_TODAY)",
    ),
    (
        "status",
        "json",
        "In dạng JSON (các khóa ở README)",
        "Print JSON (keys in the README)",
    ),
    (
        "status",
        "unit",
        "Chỉ đơn vị có mã này và các đơn vị trực thuộc",
        "Only the unit with this code and the units below it",
    ),
    (
        "report",
        "",
        "Báo cáo tổng hợp của giai đoạn",
        "The period's summary report",
    ),
    (
        "report",
        "period",
        "Giai đoạn, ví dụ 2017-2020 (mặc định: giai đoạn mới nhất)",
        "Period, e.g. 2017-2020 (default: the latest period)",
    ),
    (
        "report",
        "review",
        "Tính đến một lần sơ kết, tổng kết của giai đoạn: số thứ tự từ 1 theo ngày, hoặc ngày của lần đó (không dùng cùng --as-of)",
        "As of one of the period's reviews: its number from 1 in date order, or its date (not with --as-of)",
    ),
    (
        "report",
        "as_of",
        "Ngày tính số liệu, dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm nay, hoặc DVK_TODAY)",
        "Day the figures are counted at, dd/mm/yyyy or yyyy-mm-dd (default: today, or DVK_TODAY)",
    ),
    (
        "report",
        "format",
        "Định dạng của báo cáo",
        "Format of the report",
    ),
    (
        "report",
        "out",
        "Ghi vào tệp này (mặc định: in ra màn hình; bắt buộc với xlsx)",
        "Write to this file (default: standard output; required with xlsx)",
    ),
    (
        "report",
        "unit",
        "Chỉ đơn vị có mã này và các đơn vị trực thuộc",
        "Only the unit with this code and the units below it",
    ),
    (
        "report",
        "appendix",
        "Thêm các phụ lục vào báo cáo dạng văn bản (md và xlsx luôn có)",
        "Add the appendices to the text report (md and xlsx always have them)",
    ),
    (
        "import",
        "",
        "Nhập một tệp CSV: tất cả các dòng hoặc không dòng nào",
        "Import a CSV file: all rows or none",
    ),
    (
        "import",
        "kind",
        "Loại dữ liệu: units, models, awards, checkins (và periods, fields, forms, replications)",
        "What the file holds: units, models, awards, checkins (also periods, fields, forms, replications)",
    ),
    (
        "import",
        "file",
        "Tệp CSV cần nhập",
        "The CSV file to import",
    ),
    (
        "import",
        "dry_run",
        "Chỉ kiểm tra, không ghi gì",
        "Check everything, write nothing",
    ),
    (
        "import",
        "json",
        "In kết quả dạng JSON (các khóa ở README)",
        "Print the result as JSON (keys in the README)",
    ),
    (
        "export",
        "",
        "Xuất toàn bộ dữ liệu ra một thư mục",
        "Export everything to a directory",
    ),
    (
        "export",
        "out",
        "Thư mục ghi các tệp xuất (tạo nếu chưa có)",
        "Directory to write to (created if missing)",
    ),
    (
        "export",
        "format",
        "csv: mỗi loại một tệp, nhập lại được; json: một tệp dvk.json",
        "csv: one file per kind, importable again; json: one file, dvk.json",
    ),
    (
        "backup",
        "",
        "Ghi một bản sao lưu nhất quán, có mã kiểm tra, của toàn bộ cơ sở dữ liệu",
        "Write a consistent, checksummed snapshot of the whole database",
    ),
    (
        "backup",
        "file",
        "Tệp sao lưu cần ghi",
        "The backup file to write",
    ),
    (
        "restore",
        "",
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống",
        "Restore a backup into an empty database",
    ),
    (
        "restore",
        "file",
        "Tệp sao lưu cần đọc",
        "The backup file to read",
    ),
    ("check", "", "Kiểm tra cơ sở dữ liệu", "Verify the database"),
    (
        "check",
        "json",
        "In kết quả dạng JSON (các khóa ở README)",
        "Print the result as JSON (keys in the README)",
    ),
    (
        "serve",
        "",
        "Chế độ dùng chung: giữ cơ sở dữ liệu và trả lời các tiến trình dvk khác qua socket",
        "Shared mode: own the database and answer the other dvk processes over the socket",
    ),
    (
        "demo",
        "",
        "Nạp giai đoạn mẫu vào một cơ sở dữ liệu",
        "Seed the demo period into a database",
    ),
    (
        "demo",
        "force",
        "Thay toàn bộ dữ liệu đang có",
        "Replace whatever the database holds",
    ),
    (
        "undo",
        "",
        "Hoàn tác thay đổi gần nhất của bạn",
        "Undo your latest change",
    ),
    (
        "undo",
        "dry_run",
        "Chỉ cho biết sẽ hoàn tác gì, không thay đổi gì",
        "Only say what would be undone, change nothing",
    ),
    (
        "redo",
        "",
        "Làm lại thay đổi gần nhất bạn đã hoàn tác",
        "Redo your latest undone change",
    ),
    (
        "redo",
        "dry_run",
        "Chỉ cho biết sẽ làm lại gì, không thay đổi gì",
        "Only say what would be redone, change nothing",
    ),
    (
        "award",
        "",
        "Ghi một quyết định khen thưởng cho một hoặc nhiều mô hình, như một thay đổi",
        "Record one award decision for one or more models, as one change",
    ),
    (
        "award",
        "models",
        "Mã mô hình được khen thưởng; lặp lại cho mỗi mô hình",
        "A model's code; repeat for each model the decision awards",
    ),
    ("award", "body", "Cơ quan khen thưởng", "The awarding body"),
    (
        "award",
        "form",
        "Hình thức khen thưởng (mã hoặc tên trong danh mục)",
        "The award form (code or name of the catalogue)",
    ),
    (
        "award",
        "decision",
        "Số quyết định khen thưởng",
        "The decision's number",
    ),
    (
        "award",
        "date",
        "Ngày quyết định (dd/mm/yyyy hoặc yyyy-mm-dd)",
        "The decision's date (dd/mm/yyyy or yyyy-mm-dd)",
    ),
    ("award", "note", "Ghi chú", "A note"),
    (
        "man",
        "",
        "In trang man của dvk (roff, tiếng Anh)",
        "Print dvk's man page (roff, in English)",
    ),
    (
        "completions",
        "",
        "In đoạn mã tự hoàn thành lệnh cho bash, zsh hoặc fish",
        "Print a completion script for bash, zsh or fish",
    ),
    (
        "completions",
        "shell",
        "Trình shell: bash, zsh hoặc fish",
        "The shell: bash, zsh or fish",
    ),
];

/// The environment variables dvk reads: (name, Vietnamese, English).
pub const ENVIRONMENT: &[(&str, &str, &str)] = &[
    (
        "DVK_DB",
        "thư mục cơ sở dữ liệu (như --db)",
        "database directory (as --db)",
    ),
    (
        "DVK_CONFIG",
        "tệp cấu hình (như --config)",
        "config file (as --config)",
    ),
    (
        "DVK_LANG",
        "ngôn ngữ, vi hoặc en (như --lang)",
        "language, vi or en (as --lang)",
    ),
    (
        "DVK_SOCKET",
        "socket của máy chủ dùng chung (như --socket)",
        "socket of the shared server (as --socket)",
    ),
    (
        "DVK_TODAY",
        "ngày dùng làm hôm nay, yyyy-mm-dd",
        "the day taken as today, yyyy-mm-dd",
    ),
    (
        "NO_COLOR",
        "có đặt (giá trị bất kỳ) thì không dùng màu",
        "when set (to anything), no colour",
    ),
    (
        "XDG_DATA_HOME",
        "nơi mặc định của cơ sở dữ liệu (dvk/db)",
        "where the database is by default (dvk/db)",
    ),
    (
        "XDG_CONFIG_HOME",
        "nơi mặc định của tệp cấu hình (dvk/config.toml)",
        "where the config file is by default (dvk/config.toml)",
    ),
];

/// The exit codes of CONTRACT.md: (code, Vietnamese, English).
pub const EXIT_CODES: &[(&str, &str, &str)] = &[
    ("0", "thành công", "success"),
    (
        "1",
        "lỗi khi chạy (vào/ra, cơ sở dữ liệu, mất kết nối tới máy chủ trước khi có trả lời)",
        "failure at run time (I/O, the database, the connection to the server lost before its answer)",
    ),
    (
        "2",
        "sai cách dùng hoặc dữ liệu không hợp lệ (không ghi gì)",
        "bad usage or invalid input (nothing was written)",
    ),
    (
        "3",
        "cơ sở dữ liệu đang do tiến trình khác giữ và không có máy chủ trả lời qua socket",
        "the database is in use by another process and no server answers on the socket",
    ),
];

/// What ends every help: the environment and the exit codes.
fn after_help(lang: Lang) -> String {
    let mut t = String::from(lang.pick("Biến môi trường:\n", "Environment:\n"));
    for (name, vi, en) in ENVIRONMENT {
        t.push_str(&format!("  {name:<16} {}\n", lang.pick(*vi, *en)));
    }
    t.push_str(lang.pick("\nMã thoát:\n", "\nExit codes:\n"));
    for (code, vi, en) in EXIT_CODES {
        t.push_str(&format!("  {code}  {}\n", lang.pick(*vi, *en)));
    }
    t.trim_end().to_string()
}

/// The description of `arg` (empty: the command itself) of the command `cmd`.
pub fn text(cmd: &str, arg: &str, lang: Lang) -> Option<&'static str> {
    TEXTS
        .iter()
        .find(|(c, a, _, _)| (*c == cmd || *c == "*" && !arg.is_empty()) && *a == arg)
        .map(|(_, _, vi, en)| lang.pick(*vi, *en))
}

/// The command line of dvk, described in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    let cmd = Cli::command()
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version),
        );
    // The options every command has come after a command's own ones (clap copies them into
    // each command as it builds).
    let mut cmd = describe(with_help_flag(cmd), "", lang, 100);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for n in &names {
        cmd = cmd.mut_subcommand(n, |s| {
            describe(with_help_flag(s.disable_help_flag(true)), n, lang, 0)
        });
    }
    // Building adds the `help` command. Once built, an argument may be changed but not
    // moved: clap has indexed them.
    cmd.build();
    cmd = cmd.mut_subcommand("help", |s| {
        let s = describe(s, "help", lang, 0);
        match s.find_subcommand("help") {
            Some(_) => s.mut_subcommand("help", |h| describe(h, "help", lang, 0)),
            None => s,
        }
    });
    if lang == Lang::Vi {
        cmd = vi_usage(cmd);
        for n in &names {
            cmd = cmd.mut_subcommand(n, vi_usage);
        }
    }
    cmd
}

fn with_help_flag(cmd: clap::Command) -> clap::Command {
    cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help),
    )
}

/// The usage line with Vietnamese placeholders.
fn vi_usage(mut cmd: clap::Command) -> clap::Command {
    let usage = cmd
        .render_usage()
        .to_string()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[TÙY_CHỌN]")
        .replace("[COMMAND]", "[LỆNH]")
        .replace("<COMMAND>", "<LỆNH>");
    cmd.override_usage(usage)
}

/// Put the texts of `name` on `cmd` and its arguments (in the order they are declared,
/// from `first`, help and version last) and, in Vietnamese, the headings.
fn describe(mut cmd: clap::Command, name: &str, lang: Lang, first: usize) -> clap::Command {
    if let Some(t) = text(name, "", lang) {
        cmd = cmd.about(t);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let own = text(name, id, lang);
        let global = text("", id, lang);
        let order = if id == "help" || id == "version" {
            1000 + i
        } else {
            first + i
        };
        cmd = cmd.mut_arg(id, |a| {
            let a = a.display_order(order);
            let Some(t) = own.or(global) else {
                return a;
            };
            if lang == Lang::En {
                return a.help(t);
            }
            // clap's “[default: …] [possible values: …]”, in Vietnamese.
            let mut t = t.to_string();
            let takes_value = a.get_action().takes_values();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
                t.push_str(&format!(" [mặc định: {}]", defaults.join(", ")));
            }
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if takes_value && !values.is_empty() && !a.is_hide_possible_values_set() {
                t.push_str(&format!(" [giá trị: {}]", values.join(", ")));
            }
            let heading = if a.is_positional() {
                "Đối số"
            } else {
                "Tùy chọn"
            };
            a.help(t)
                .hide_default_value(takes_value && !defaults.is_empty())
                .hide_possible_values(takes_value && !values.is_empty())
                .help_heading(heading)
        });
    }
    cmd = cmd.after_help(after_help(lang));
    if lang == Lang::Vi {
        cmd = cmd
            .subcommand_help_heading("Lệnh")
            .subcommand_value_name("LỆNH")
            .help_template(
                "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}",
            );
    }
    cmd
}

/// The language help is written in, known before the command line is parsed: `--lang` among
/// the arguments, then `DVK_LANG`, then the `lang` of the config file (`--config`,
/// `DVK_CONFIG` or the default file); Vietnamese otherwise, and when a value is not a
/// language (the command then says so, once parsed).
pub fn help_lang(args: &[OsString], env: config::Env) -> Lang {
    let value = |name: &str| -> Option<String> {
        let long = format!("--{name}");
        let eq = format!("--{name}=");
        let mut found = None;
        let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            if a == long {
                found = it.next().map(|v| v.into_owned());
            } else if let Some(v) = a.strip_prefix(&eq) {
                found = Some(v.to_string());
            }
        }
        found
    };
    let flags = Flags {
        lang: value("lang"),
        config: value("config").map(Into::into),
        ..Flags::default()
    };
    config::lang_before_parsing(&flags, env)
}

/// Parse the process's arguments with the help in the user's language.
pub fn parse() -> Result<Cli, clap::Error> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = help_lang(&args, &config::real_env);
    parse_from(args, lang)
}

pub fn parse_from(args: Vec<OsString>, lang: Lang) -> Result<Cli, clap::Error> {
    let mut cmd = command(lang);
    let m = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&m).map_err(|e| e.format(&mut cmd))
}

/// The man page (roff), in English: the language of man pages installed system-wide. One
/// page: the options every command has, then each command with its own, the environment and
/// the exit status.
pub fn man_page() -> Vec<u8> {
    let cmd = command(Lang::En);
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    let mem = |r: std::io::Result<()>| r.expect("writing to memory");
    mem(man.render_title(&mut out));
    mem(man.render_name_section(&mut out));
    mem(man.render_synopsis_section(&mut out));
    mem(man.render_description_section(&mut out));
    mem(man.render_options_section(&mut out));
    out.extend_from_slice(b".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let own = clap::Command::new("dvk")
            .bin_name(format!("dvk {}", sub.get_name()))
            .disable_help_flag(true)
            .disable_version_flag(true)
            .args(
                sub.get_arguments()
                    .filter(|a| !a.is_global_set() && a.get_id() != "help")
                    .cloned(),
            );
        let m = clap_mangen::Man::new(own);
        let mut synopsis = Vec::new();
        m.render_synopsis_section(&mut synopsis)
            .expect("writing to memory");
        let mut options = Vec::new();
        m.render_options_section(&mut options)
            .expect("writing to memory");
        out.extend_from_slice(format!(".SS \"dvk {}\"\n", sub.get_name()).as_bytes());
        out.extend_from_slice(
            roff_text(&sub.get_about().map(|a| a.to_string()).unwrap_or_default()).as_bytes(),
        );
        out.extend_from_slice(b"\n.PP\n");
        out.extend_from_slice(&strip_heading(&synopsis));
        out.extend_from_slice(&strip_heading(&options));
    }
    out.extend_from_slice(b".SH ENVIRONMENT\n");
    for (name, _, en) in ENVIRONMENT {
        out.extend_from_slice(
            format!(".TP\n\\fB{}\\fR\n{}\n", roff_text(name), roff_text(en)).as_bytes(),
        );
    }
    out.extend_from_slice(b".SH \"EXIT STATUS\"\n");
    for (code, _, en) in EXIT_CODES {
        out.extend_from_slice(format!(".TP\n\\fB{code}\\fR\n{}\n", roff_text(en)).as_bytes());
    }
    man.render_version_section(&mut out)
        .expect("writing to memory");
    out
}

/// A section rendered by clap_mangen without its `.SH` line.
fn strip_heading(section: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(section);
    text.lines()
        .filter(|l| !l.starts_with(".SH "))
        .flat_map(|l| [l, "\n"])
        .collect::<String>()
        .into_bytes()
}

/// Text as roff prints it: backslashes and hyphens escaped, no line taken for a request.
fn roff_text(s: &str) -> String {
    let t = s.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

/// The completion script for `shell`, with the descriptions in `lang`.
pub fn completions(shell: crate::cli::Shell, lang: Lang) -> Vec<u8> {
    use clap_complete::Shell as S;
    let s = match shell {
        crate::cli::Shell::Bash => S::Bash,
        crate::cli::Shell::Zsh => S::Zsh,
        crate::cli::Shell::Fish => S::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(s, &mut command(lang), "dvk", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn every_argument_and_command_is_described_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let cmd = command(lang);
            let mut missing = vec![];
            let mut check = |c: &clap::Command, name: &str| {
                if text(name, "", lang).is_none() {
                    missing.push(format!("{name}: about"));
                }
                for a in c.get_arguments() {
                    let id = a.get_id().as_str();
                    if text(name, id, lang).is_none() && text("", id, lang).is_none() {
                        missing.push(format!("{name}: {id}"));
                    }
                }
            };
            check(&cmd, "");
            for s in cmd.get_subcommands() {
                check(s, s.get_name());
            }
            assert!(
                missing.is_empty(),
                "{lang:?}: no description for {missing:?}"
            );
        }
    }

    #[test]
    fn the_language_of_help_comes_from_the_arguments_then_the_environment_then_the_config() {
        let none = env_of(&[("HOME", "/nonexistent")]);
        assert_eq!(help_lang(&args(&["dvk", "--help"]), &none), Lang::Vi);
        assert_eq!(
            help_lang(&args(&["dvk", "status", "--lang", "en", "-h"]), &none),
            Lang::En
        );
        assert_eq!(help_lang(&args(&["dvk", "--lang=en"]), &none), Lang::En);
        // After `--` nothing is an option.
        assert_eq!(
            help_lang(&args(&["dvk", "import", "--", "--lang", "en"]), &none),
            Lang::Vi
        );
        let en = env_of(&[("HOME", "/nonexistent"), ("DVK_LANG", "en")]);
        assert_eq!(help_lang(&args(&["dvk", "-h"]), &en), Lang::En);
        assert_eq!(help_lang(&args(&["dvk", "--lang", "vi"]), &en), Lang::Vi);

        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, "lang = \"en\"\n").unwrap();
        let c = cfg.to_string_lossy().into_owned();
        assert_eq!(
            help_lang(&args(&["dvk", "--config", &c, "-h"]), &none),
            Lang::En
        );
        // A config file that cannot be read leaves the default.
        assert_eq!(
            help_lang(&args(&["dvk", "--config", "/nonexistent/c.toml"]), &none),
            Lang::Vi
        );
    }
}
