//! The commands that move whole files: import, export, backup, restore, check.

use std::path::Path;

use crate::api::Api;
use crate::cli::{CmdResult, ExportFormat, Failure, connect, connect_existing, io_fail, out};
use crate::config::Settings;
use crate::csvio::{self, ImportKind};
use crate::domain::Msg;
use crate::domain::text::shown_path;
use crate::i18n::Lang;
use crate::progress::Progress;

pub fn import(s: &Settings, kind: &str, file: &Path, dry_run: bool, json: bool) -> CmdResult {
    let lang = s.lang;
    let Some(k) = ImportKind::parse(kind) else {
        let m = Msg::UnknownValue {
            text: crate::domain::text::printable(kind),
            allowed: "units, models, awards, checkins, periods, fields, forms, replications".into(),
        };
        return Err(Failure::msg(m, 2, lang));
    };
    let b = crate::backend::connect_for_import(s).map_err(|e| Failure::api(&e, lang))?;
    let api = Api(b.as_ref());
    let name = shown_path(file);
    let bar = Progress::bar(
        0,
        &lang.pick(format!("Đọc {name}"), format!("Reading {name}")),
    );
    if json {
        let result =
            csvio::run_import_located(&api, k, file, dry_run, &|done, total| bar.set(done, total));
        bar.finish();
        return import_json(&name, k, dry_run, result, lang);
    }
    let result = csvio::run_import_listing(&api, k, file, dry_run, lang, &|done, total| {
        bar.set(done, total)
    });
    bar.finish();
    match result {
        Ok((rows, skipped, created)) => {
            // A semicolon-separated file (Excel with Vietnamese regional settings) is read
            // as such; the dry run says so, so a file read the wrong way is noticed.
            if dry_run {
                let mut head = vec![0u8; 64 * 1024];
                let n = std::fs::File::open(file)
                    .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                    .unwrap_or(0);
                head.truncate(n);
                if csvio::delimiter(&head) == b';' {
                    out(&Msg::DelimiterDetected {
                        file: name.clone(),
                        delimiter: ";".into(),
                    }
                    .text(lang))?;
                }
            }
            if !created.is_empty() {
                out(&format!("{name}: {}", created.line(lang, !dry_run)))?;
            }
            out(&import_summary(&name, rows, skipped, dry_run, lang))
        }
        Err(e) => Err(Failure {
            code: e.exit_code(),
            lines: e.lines(lang),
        }),
    }
}

/// `dvk import --json`: what the import did (or with `dry_run` would do) as one JSON object
/// on stdout — also when the file is refused (exit 2), then with every problem at its line
/// and column. A failure that is not the file's (it could not be read, the database, the
/// server) is the usual message on stderr and no JSON.
fn import_json(
    name: &str,
    kind: ImportKind,
    dry_run: bool,
    result: Result<(u64, u64, csvio::WouldCreate), csvio::ImportFailure>,
    lang: Lang,
) -> CmdResult {
    use serde_json::json;
    let mut obj = serde_json::Map::new();
    obj.insert("file".into(), json!(name));
    obj.insert("kind".into(), json!(kind.word()));
    obj.insert("dry_run".into(), json!(dry_run));
    match result {
        Ok((rows, skipped, created)) => {
            obj.insert("ok".into(), json!(true));
            obj.insert("rows".into(), json!(rows));
            obj.insert("imported".into(), json!(rows - skipped));
            obj.insert("skipped".into(), json!(skipped));
            obj.insert(
                "created".into(),
                json!({
                    "periods": created.periods,
                    "bodies": created.bodies,
                    "forms": created.forms,
                    "fields": created.fields,
                }),
            );
            obj.insert("problems".into(), json!([]));
            out(&serde_json::to_string_pretty(&obj).unwrap_or_default())
        }
        Err(csvio::ImportFailure::Problems(ps)) => {
            let problems: Vec<serde_json::Value> = ps
                .iter()
                .map(|p| {
                    json!({
                        "file": name,
                        "line": p.line,
                        "column": p.column,
                        "message": crate::domain::text::printable(&p.msg.text(lang)),
                    })
                })
                .collect();
            obj.insert("ok".into(), json!(false));
            obj.insert("rows".into(), json!(0));
            obj.insert("imported".into(), json!(0));
            obj.insert("skipped".into(), json!(0));
            obj.insert(
                "created".into(),
                json!({"periods": [], "bodies": [], "forms": [], "fields": []}),
            );
            obj.insert("problems".into(), json!(problems));
            out(&serde_json::to_string_pretty(&obj).unwrap_or_default())?;
            Err(Failure {
                code: 2,
                lines: vec![lang.pick(
                    format!("{name}: {} lỗi; không ghi gì", ps.len()),
                    format!("{name}: {} problems; nothing written", ps.len()),
                )],
            })
        }
        Err(csvio::ImportFailure::Api(e)) => Err(Failure::api(&e, lang)),
    }
}

/// The line that ends an import: rows imported, and rows skipped as already stored (a
/// repeated import skips every row and changes nothing).
fn import_summary(name: &str, rows: u64, skipped: u64, dry_run: bool, lang: Lang) -> String {
    let new = rows - skipped;
    match (dry_run, skipped) {
        (true, 0) => lang.pick(
            format!("{name}: {rows} dòng hợp lệ; chạy thử nên chưa ghi gì"),
            format!("{name}: {rows} rows are valid; dry run, nothing written"),
        ),
        (true, _) => lang.pick(
            format!(
                "{name}: {rows} dòng hợp lệ, trong đó {skipped} dòng đã có trong cơ sở dữ liệu sẽ được bỏ qua; chạy thử nên chưa ghi gì"
            ),
            format!(
                "{name}: {rows} rows are valid, of which {skipped} already stored would be skipped; dry run, nothing written"
            ),
        ),
        (false, 0) => lang.pick(
            format!("{name}: đã nhập {rows} dòng"),
            format!("{name}: imported {rows} rows"),
        ),
        (false, _) => lang.pick(
            format!(
                "{name}: đã nhập {new} dòng, bỏ qua {skipped} dòng đã có trong cơ sở dữ liệu"
            ),
            format!("{name}: imported {new} rows, skipped {skipped} rows already stored"),
        ),
    }
}

pub fn export(s: &Settings, dir: &Path, format: ExportFormat) -> CmdResult {
    let lang = s.lang;
    let b = connect_existing(s)?;
    let bar = Progress::spinner(lang.pick("Xuất dữ liệu", "Exporting"));
    let ds = Api(b.as_ref())
        .dataset()
        .map_err(|e| Failure::api(&e, lang))?;
    std::fs::create_dir_all(dir).map_err(|e| io_fail(dir, e, lang))?;
    let written = match format {
        ExportFormat::Csv => csvio::export::write_csv(&ds, dir),
        ExportFormat::Json => csvio::export::write_json(&ds, dir).map(|p| vec![p]),
    }
    .map_err(|e| io_fail(dir, e, lang))?;
    bar.finish();
    let mut text = String::new();
    for p in written {
        text.push_str(&format!("{}\n", shown_path(&p)));
    }
    out(&text)
}

pub fn backup(s: &Settings, file: &Path) -> CmdResult {
    let lang = s.lang;
    let b = connect_existing(s)?;
    let bar = Progress::spinner(lang.pick("Sao lưu", "Backing up"));
    let ds = Api(b.as_ref())
        .dataset()
        .map_err(|e| Failure::api(&e, lang))?;
    let bytes = crate::store::encode_backup(&ds);
    crate::store::write_backup_file(file, &bytes).map_err(|e| io_fail(file, e, lang))?;
    bar.finish();
    let (u, m, c, a) = (
        ds.units.len(),
        ds.models.len(),
        ds.checkins.len(),
        ds.awards.len(),
    );
    let (f, n) = (shown_path(file), bytes.len());
    out(&lang.pick(
        format!("Đã sao lưu {u} đơn vị, {m} mô hình, {c} lượt theo dõi, {a} khen thưởng vào {f} ({n} byte)"),
        format!("Backed up {u} units, {m} models, {c} check-ins, {a} awards to {f} ({n} bytes)"),
    ))
}

pub fn restore(s: &Settings, file: &Path) -> CmdResult {
    let lang = s.lang;
    let bytes = std::fs::read(file).map_err(|e| io_fail(file, e, lang))?;
    // A problem of the backup itself names the backup.
    let in_file = |mut f: Failure| {
        f.lines = f
            .lines
            .into_iter()
            .map(|l| format!("{}: {l}", shown_path(file)))
            .collect();
        f
    };
    let ds = crate::store::decode_backup(&bytes).map_err(|e| {
        let mut f = in_file(Failure::api(&e, lang));
        f.code = 2;
        f
    })?;
    let b = connect(s)?;
    let bar = Progress::spinner(lang.pick("Khôi phục", "Restoring"));
    let n = (ds.units.len(), ds.models.len());
    Api(b.as_ref()).load(ds, false).map_err(|e| {
        let f = Failure::api(&e, lang);
        // A record the backup holds is refused: say which backup.
        if matches!(e, crate::api::ApiError::Invalid(_)) {
            in_file(f)
        } else {
            f
        }
    })?;
    bar.finish();
    out(&lang.pick(
        format!(
            "Đã khôi phục {} đơn vị, {} mô hình vào {}",
            n.0,
            n.1,
            shown_path(&s.db)
        ),
        format!(
            "Restored {} units, {} models into {}",
            n.0,
            n.1,
            shown_path(&s.db)
        ),
    ))
}

pub fn check(s: &Settings, json: bool) -> CmdResult {
    let lang = s.lang;
    let b = connect_existing(s)?;
    let bar = Progress::spinner(lang.pick("Kiểm tra cơ sở dữ liệu", "Checking the database"));
    let r = Api(b.as_ref())
        .check()
        .map_err(|e| Failure::api(&e, lang))?;
    bar.finish();
    if json {
        out(&serde_json::to_string_pretty(&check_json(&r)).unwrap_or_default())?;
        return if r.problems.is_empty() {
            Ok(())
        } else {
            Err(Failure {
                code: 1,
                lines: vec![lang.pick(
                    format!("{} lỗi trong {}", r.problems.len(), shown_path(&s.db)),
                    format!("{} problems in {}", r.problems.len(), shown_path(&s.db)),
                )],
            })
        };
    }
    let counts: Vec<String> = r.records.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    if r.problems.is_empty() {
        out(&lang.pick(
            format!(
                "Cơ sở dữ liệu {} tốt ({})",
                shown_path(&s.db),
                counts.join(", ")
            ),
            format!(
                "The database {} is sound ({})",
                shown_path(&s.db),
                counts.join(", ")
            ),
        ))
    } else {
        let mut lines: Vec<String> = r
            .problems
            .iter()
            .map(|p| crate::domain::text::printable(p))
            .collect();
        lines.push(lang.pick(
            format!("{} lỗi trong {}", r.problems.len(), shown_path(&s.db)),
            format!("{} problems in {}", r.problems.len(), shown_path(&s.db)),
        ));
        Err(Failure { code: 1, lines })
    }
}

/// `dvk check --json`: `ok`, the records read by kind (`records`), and each problem as
/// `kind` (what was wrong: a table, `model`, `counter` …), `record` (its key or id) and
/// `detail`. A problem line of the store is `KIND RECORD: DETAIL`.
pub fn check_json(r: &crate::api::CheckReport) -> serde_json::Value {
    let records: serde_json::Map<String, serde_json::Value> = r
        .records
        .iter()
        .map(|(k, n)| (k.clone(), serde_json::json!(n)))
        .collect();
    let problems: Vec<serde_json::Value> = r
        .problems
        .iter()
        .map(|p| {
            let p = crate::domain::text::printable(p);
            let (head, detail) = p.split_once(": ").unwrap_or(("", &p));
            let (kind, record) = head.split_once(' ').unwrap_or((head, ""));
            serde_json::json!({"kind": kind, "record": record, "detail": detail})
        })
        .collect();
    serde_json::json!({
        "ok": r.problems.is_empty(),
        "records": records,
        "problems": problems,
        "problem_count": r.problems.len(),
    })
}
