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

pub fn import(s: &Settings, kind: &str, file: &Path, dry_run: bool) -> CmdResult {
    let lang = s.lang;
    let Some(k) = ImportKind::parse(kind) else {
        let m = Msg::UnknownValue {
            text: crate::domain::text::printable(kind),
            allowed: "units, models, awards, checkins, periods, fields, forms, replications".into(),
        };
        return Err(Failure::msg(m, 2, lang));
    };
    let b = connect(s)?;
    let api = Api(b.as_ref());
    let name = shown_path(file);
    let bar = Progress::bar(
        0,
        &lang.pick(format!("Đọc {name}"), format!("Reading {name}")),
    );
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
    let ds = crate::store::decode_backup(&bytes).map_err(|e| {
        let mut f = Failure::api(&e, lang);
        f.code = 2;
        f.lines = f
            .lines
            .into_iter()
            .map(|l| format!("{}: {l}", shown_path(file)))
            .collect();
        f
    })?;
    let b = connect(s)?;
    let bar = Progress::spinner(lang.pick("Khôi phục", "Restoring"));
    let n = (ds.units.len(), ds.models.len());
    Api(b.as_ref()).load(ds, false).map_err(|e| {
        let mut f = Failure::api(&e, lang);
        // A record the backup holds is refused: say which backup.
        if matches!(e, crate::api::ApiError::Invalid(_)) {
            f.lines = f
                .lines
                .into_iter()
                .map(|l| format!("{}: {l}", shown_path(file)))
                .collect();
        }
        f
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

pub fn check(s: &Settings) -> CmdResult {
    let lang = s.lang;
    let b = connect_existing(s)?;
    let bar = Progress::spinner(lang.pick("Kiểm tra cơ sở dữ liệu", "Checking the database"));
    let r = Api(b.as_ref())
        .check()
        .map_err(|e| Failure::api(&e, lang))?;
    bar.finish();
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
