//! What dvk is installed with and what scripts read: the man page, the shell completions and
//! the files under packaging/ (which must equal what the binary prints), `--help` in both
//! languages, and `check --json` / `import --json`.

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, stderr, stdout};
use dvk::i18n::Lang;
use serde_json::Value;

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The commands of dvk (without clap's `help`).
fn commands() -> Vec<String> {
    dvk::cli_help::command(Lang::En)
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != "help")
        .collect()
}

#[test]
fn the_man_page_is_roff_and_describes_every_command() {
    let s = Sandbox::new();
    let page = s.ok(&["man"]);
    // clap_mangen defines the apostrophe string first; the page itself starts with .TH.
    let first = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap();
    assert!(first.starts_with(".TH dvk 1"), "{first}");
    let cmds = commands();
    assert!(cmds.len() >= 11, "{cmds:?}");
    for c in &cmds {
        assert!(
            page.contains(&format!(".SS \"dvk {c}\"")),
            "no section for {c}"
        );
    }
    for needle in [
        ".SH ENVIRONMENT",
        "DVK_DB",
        ".SH \"EXIT STATUS\"",
        "\\-\\-dry\\-run",
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }
    // English whatever the language: the page installed system-wide.
    assert_eq!(s.ok(&["--lang", "vi", "man"]), page);
}

#[test]
fn completions_for_bash_zsh_and_fish_name_every_command() {
    let s = Sandbox::new();
    let bash = s.ok(&["completions", "bash"]);
    let zsh = s.ok(&["completions", "zsh"]);
    let fish = s.ok(&["completions", "fish"]);
    assert!(bash.contains("_dvk()"), "{bash}");
    assert!(bash.contains("complete -F _dvk"), "{bash}");
    assert!(zsh.starts_with("#compdef dvk"), "{zsh}");
    assert!(fish.contains("complete -c dvk"), "{fish}");
    for c in commands() {
        for (shell, text) in [("bash", &bash), ("zsh", &zsh), ("fish", &fish)] {
            assert!(text.contains(&c), "{shell} completion lacks {c}");
        }
    }
    assert!(bash != zsh && zsh != fish && bash != fish);
    // The options of a command complete too.
    assert!(bash.contains("--dry-run") && fish.contains("dry-run"));
}

#[test]
fn an_unknown_shell_is_a_one_line_usage_error() {
    let s = Sandbox::new();
    let out = s.run(&["completions", "ksh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("ksh") && err.contains("bash, zsh, fish"),
        "{err}"
    );
    let out = s.run(&["--lang", "en", "completions", "ksh"]);
    assert!(stderr(&out).contains("is not valid"), "{}", stderr(&out));
}

#[test]
fn help_is_vietnamese_by_default_with_the_environment_and_exit_codes() {
    let s = Sandbox::new();
    let out = s.run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let vi = stdout(&out);
    for needle in [
        "Cách dùng: dvk",
        "Tùy chọn:",
        "Lệnh:",
        "Biến môi trường:",
        "Mã thoát:",
        "DVK_DB",
        "DVK_CONFIG",
        "DVK_LANG",
        "DVK_SOCKET",
        "DVK_TODAY",
        "NO_COLOR",
        "Thư mục cơ sở dữ liệu",
    ] {
        assert!(vi.contains(needle), "{needle} missing:\n{vi}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Print help",
        "Exit codes",
        "[default:",
    ] {
        assert!(!vi.contains(english), "{english} in:\n{vi}");
    }
    // Every command's help too.
    for c in commands() {
        let h = s.ok(&[&c, "--help"]);
        assert!(
            h.contains("Mã thoát:") && h.contains("In trợ giúp"),
            "{c}:\n{h}"
        );
    }
    let h = s.ok(&["import", "-h"]);
    assert!(
        h.contains("Đối số:") && h.contains("Chỉ kiểm tra, không ghi gì"),
        "{h}"
    );
}

#[test]
fn help_is_english_with_lang_en_the_environment_or_the_config_file() {
    let s = Sandbox::new();
    let en = s.ok(&["--lang", "en", "--help"]);
    for needle in [
        "Usage: dvk",
        "Options:",
        "Environment:",
        "Exit codes:",
        "DVK_DB",
        "Database directory",
    ] {
        assert!(en.contains(needle), "{needle} missing:\n{en}");
    }
    assert!(!en.contains("Mã thoát"));
    let by_env = s
        .cmd()
        .env("DVK_LANG", "en")
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(stdout(&by_env), en);
    let cfg = s.write("c.toml", "lang = \"en\"\n");
    let by_config = s.ok(&["--config", cfg.to_str().unwrap(), "status", "--help"]);
    assert!(by_config.contains("Exit codes:"), "{by_config}");
    // The flag wins over the environment.
    let flag = s
        .cmd()
        .env("DVK_LANG", "en")
        .args(["--lang", "vi", "--help"])
        .output()
        .unwrap();
    assert!(stdout(&flag).contains("Mã thoát:"));
}

/// The packaged copy of a generated file, and the command that regenerates it.
fn same_as_packaged(s: &Sandbox, args: &[&str], file: &str) {
    let generated = s.ok(args);
    let packaged = std::fs::read_to_string(repo(file)).unwrap_or_default();
    assert!(
        generated == packaged,
        "{file} differs from `dvk {}`: run packaging/generate.sh",
        args.join(" ")
    );
}

#[test]
fn the_packaged_man_page_and_completions_are_what_dvk_prints() {
    let s = Sandbox::new();
    same_as_packaged(&s, &["man"], "packaging/dvk.1");
    same_as_packaged(
        &s,
        &["completions", "bash"],
        "packaging/completions/dvk.bash",
    );
    same_as_packaged(&s, &["completions", "zsh"], "packaging/completions/_dvk");
    same_as_packaged(
        &s,
        &["completions", "fish"],
        "packaging/completions/dvk.fish",
    );
}

#[test]
fn the_debian_package_lists_files_that_exist_and_a_config_dvk_reads() {
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo("Cargo.toml")).unwrap()).unwrap();
    let deb = &manifest["package"]["metadata"]["deb"];
    let assets = deb["assets"].as_array().unwrap();
    let mut targets = vec![];
    for a in assets {
        let a = a.as_array().unwrap();
        let (src, dest) = (a[0].as_str().unwrap(), a[1].as_str().unwrap());
        targets.push(dest.to_string());
        if !src.starts_with("target/") {
            assert!(repo(src).is_file(), "{src} is not a file");
        }
    }
    for t in [
        "usr/bin/",
        "usr/share/man/man1/dvk.1",
        "usr/share/bash-completion/completions/dvk",
        "usr/share/zsh/vendor-completions/_dvk",
        "usr/share/fish/vendor_completions.d/dvk.fish",
        "etc/dvk/config.toml",
        "usr/lib/systemd/system/dvk.service",
    ] {
        assert!(targets.iter().any(|d| d == t), "{t} not packaged");
    }
    assert_eq!(deb["conf-files"][0].as_str(), Some("/etc/dvk/config.toml"));
    let script = repo(deb["maintainer-scripts"].as_str().unwrap()).join("postinst");
    assert!(script.is_file());

    // The example config is one dvk accepts, and the unit runs the packaged binary with it.
    let cfg: dvk::config::ConfigFile =
        toml::from_str(&std::fs::read_to_string(repo("packaging/config.toml")).unwrap()).unwrap();
    assert_eq!(cfg.group.as_deref(), Some("dvk"));
    let unit = std::fs::read_to_string(repo("packaging/dvk.service")).unwrap();
    assert!(unit.contains("ExecStart=/usr/bin/dvk serve"));
    assert!(unit.contains("Environment=DVK_CONFIG=/etc/dvk/config.toml"));
    // The README shows the unit as it is shipped.
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    for line in unit
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        assert!(
            readme.contains(line),
            "README lacks {line:?} of dvk.service"
        );
    }
}

#[test]
fn check_json_has_the_counts_and_no_problems_on_a_sound_database() {
    let s = Sandbox::new();
    let f = s.write("units.csv", "code,name\nU1,Đơn vị một\nU2,Đơn vị hai\n");
    s.ok(&["import", "units", f.to_str().unwrap()]);
    let out = s.run(&["check", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["records"]["units"], 2);
    assert_eq!(v["problems"], serde_json::json!([]));
    assert_eq!(v["problem_count"], 0);
}

#[test]
fn check_json_splits_each_problem_into_kind_record_and_detail() {
    let r = dvk::api::CheckReport {
        records: vec![("models".into(), 3)],
        problems: vec![
            "model 12 (M-1): unit 3 does not exist".into(),
            "counter units: stored 4, recount 3".into(),
        ],
    };
    let v = dvk::cli_data::check_json(&r);
    assert_eq!(v["ok"], false);
    assert_eq!(v["problem_count"], 2);
    assert_eq!(v["records"]["models"], 3);
    assert_eq!(v["problems"][0]["kind"], "model");
    assert_eq!(v["problems"][0]["record"], "12 (M-1)");
    assert_eq!(v["problems"][0]["detail"], "unit 3 does not exist");
    assert_eq!(v["problems"][1]["kind"], "counter");
    assert_eq!(v["problems"][1]["record"], "units");
    assert_eq!(v["problems"][1]["detail"], "stored 4, recount 3");
}

#[test]
fn import_json_says_what_was_imported_and_skipped() {
    let s = Sandbox::new();
    let f = s.write("units.csv", "code,name\nU1,Đơn vị một\nU2,Đơn vị hai\n");
    let path = f.to_str().unwrap();
    let v: Value =
        serde_json::from_str(&s.ok(&["import", "units", path, "--json", "--dry-run"])).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["kind"], "units");
    assert_eq!(v["rows"], 2);
    assert_eq!(v["imported"], 2);
    let v: Value = serde_json::from_str(&s.ok(&["import", "units", path, "--json"])).unwrap();
    assert_eq!(
        (v["rows"].as_u64(), v["skipped"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(v["problems"], serde_json::json!([]));
    for k in ["periods", "bodies", "forms", "fields"] {
        assert!(v["created"][k].is_array(), "{k}");
    }
    // Again: every row is already stored.
    let v: Value = serde_json::from_str(&s.ok(&["import", "units", path, "--json"])).unwrap();
    assert_eq!(
        (v["imported"].as_u64(), v["skipped"].as_u64()),
        (Some(0), Some(2))
    );
}

#[test]
fn import_json_of_a_refused_file_lists_every_problem_and_exits_2() {
    let s = Sandbox::new();
    let good = s.write("ok.csv", "code,name\nU1,Đơn vị một\n");
    s.ok(&["import", "units", good.to_str().unwrap()]);
    let f = s.write("units.csv", "code,name\nU2,\nU3,Đơn vị ba\n,Không mã\n");
    let out = s.run(&[
        "--lang",
        "en",
        "import",
        "units",
        f.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["imported"], 0);
    let ps = v["problems"].as_array().unwrap();
    assert_eq!(ps.len(), 2, "{ps:?}");
    assert!(
        ps[0]["file"].as_str().unwrap().ends_with("units.csv"),
        "{ps:?}"
    );
    assert_eq!(
        (ps[0]["line"].as_u64(), ps[0]["column"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (ps[1]["line"].as_u64(), ps[1]["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert!(
        ps[0]["message"].as_str().unwrap().contains("required"),
        "{ps:?}"
    );
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    // Nothing was written.
    let v: Value = serde_json::from_str(&s.ok(&["check", "--json"])).unwrap();
    assert_eq!(v["records"]["units"], 1);
}
