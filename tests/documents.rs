//! The documents the committee sends upward, on the demo period: the Excel workbook (read
//! back structurally, and printed through LibreOffice), a unit's report (`--unit`), the
//! appendices of the text and Markdown reports, and semicolon-separated imports.

mod common;

use std::io::Read;
use std::path::Path;

use common::{Sandbox, stderr, stdout};
use serde_json::Value;

fn demo() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    s
}

/// Every file of the workbook by name.
fn unzip(path: &Path) -> Vec<(String, String)> {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = vec![];
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let mut s = String::new();
        e.read_to_string(&mut s).unwrap();
        out.push((e.name().to_string(), s));
    }
    out
}

fn part<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .1
}

/// The demo with one more model whose title begins with `=`: a spreadsheet must show it as
/// text, never run it.
fn demo_with_formula_title() -> Sandbox {
    let s = demo();
    let csv = s.write(
        "m.csv",
        "code,unit_code,kind,title,field,period,registered_on,status\n\
         EQ-1,DB-SYT,collective,\"'=1+2 HYPERLINK\",economy,2017-2020,2019-05-02,approved\n",
    );
    s.ok(&["import", "models", csv.to_str().unwrap()]);
    s
}

#[test]
fn the_workbook_has_its_sheets_text_dates_and_a_frozen_header() {
    let s = demo_with_formula_title();
    let out = s.path().join("r.xlsx");
    s.ok(&["report", "--format", "xlsx", "--out", out.to_str().unwrap()]);
    let files = unzip(&out);
    let wb = part(&files, "xl/workbook.xml");
    for name in ["Tổng hợp", "Mô hình", "Khen thưởng", "Chưa đăng ký"] {
        assert!(wb.contains(&format!("name=\"{name}\"")), "{name}: {wb}");
    }
    let sheets: Vec<&(String, String)> = files
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 4);
    for (n, x) in &sheets {
        assert!(
            !x.contains("<f>") && !x.contains("<f "),
            "{n} has a formula"
        );
        assert!(x.contains("state=\"frozen\""), "{n} has no frozen pane");
    }
    // The title beginning with “=” is a string, in the shared strings.
    let strings = part(&files, "xl/sharedStrings.xml");
    assert!(strings.contains("=1+2 HYPERLINK"), "title missing");
    assert!(!strings.contains("'=1+2"), "the guard quote was kept");

    // Dates: numbers with a style whose number format is dd/mm/yyyy.
    let styles = part(&files, "xl/styles.xml");
    let fmt_id = styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| f.contains("formatCode=\"dd/mm/yyyy\""))
        .and_then(|f| f.split("numFmtId=\"").nth(1))
        .and_then(|f| f.split('"').next())
        .expect("a dd/mm/yyyy format")
        .to_string();
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let date_styles: Vec<usize> = xfs
        .split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, x)| x.contains(&format!("numFmtId=\"{fmt_id}\"")))
        .map(|(i, _)| i)
        .collect();
    assert!(!date_styles.is_empty());
    let models = part(&files, "xl/worksheets/sheet2.xml");
    // Column M is the registration date: every data row has a numeric, date-styled cell.
    let dated: Vec<&str> = models
        .split("<c r=\"M")
        .skip(1)
        .filter(|c| {
            date_styles
                .iter()
                .any(|i| c.contains(&format!(" s=\"{i}\"")))
        })
        .collect();
    assert_eq!(dated.len(), 51, "50 demo models and the one added");
    for c in dated {
        assert!(
            !c.split('>').next().unwrap().contains("t=\""),
            "date stored as text: {c}"
        );
        let v: f64 = c
            .split("<v>")
            .nth(1)
            .and_then(|v| v.split('<').next())
            .unwrap()
            .parse()
            .unwrap();
        // 2016-01-01 … 2021-01-01 as Excel serial days.
        assert!((42370.0..44197.0).contains(&v), "{v}");
    }
}

#[test]
fn the_workbook_has_english_sheet_names() {
    let s = demo();
    let out = s.path().join("en.xlsx");
    s.ok(&[
        "--lang",
        "en",
        "report",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let wb = part(&unzip(&out), "xl/workbook.xml").to_string();
    for name in ["Summary", "Models", "Awards", "Not registered"] {
        assert!(wb.contains(&format!("name=\"{name}\"")), "{name}");
    }
}

#[test]
fn xlsx_without_out_is_refused() {
    let s = demo();
    let o = s.run(&["report", "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

/// LibreOffice prints the workbook with the model codes and unit names on it. Skipped (with
/// the reason) where LibreOffice is not installed, except on CI.
#[test]
fn libreoffice_prints_the_workbook() {
    let s = demo();
    let out = s.path().join("r.xlsx");
    s.ok(&["report", "--format", "xlsx", "--out", out.to_str().unwrap()]);
    let Some(text) = common::pdf_text(&out, s.path(), true) else {
        return;
    };
    assert!(text.contains("DH-16"), "model code missing");
    assert!(text.contains("Đảng bộ Sở Y tế"), "unit name missing");
    assert!(text.contains("Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở"));
}

#[test]
fn a_units_report_counts_the_unit_and_the_units_below_it() {
    let s = demo();
    let v: Value =
        serde_json::from_str(&s.ok(&["report", "--unit", "DB-SYT", "--format", "json"])).unwrap();
    assert_eq!(v["unit"]["code"], "DB-SYT");
    assert_eq!(v["unit"]["units"], 4);
    assert!(
        v["sentences"]["registration"]
            .as_str()
            .unwrap()
            .starts_with("Đảng bộ Sở Y tế và các đơn vị trực thuộc có 05 tập thể")
    );
    let st: Value = serde_json::from_str(&s.ok(&["status", "--unit", "db-syt", "--json"])).unwrap();
    assert_eq!(st["units"]["total"], 4);
    assert_eq!(st["units"]["registered"], 2);
    assert_eq!(st["models"]["total"], 9);
    assert_eq!(st["unit"]["name"], "Đảng bộ Sở Y tế");
    let text = s.ok(&["report", "--unit", "DB-SYT"]);
    assert!(
        text.contains("Đảng bộ Sở Y tế và các đơn vị trực thuộc có 05 tập thể và 04 cá nhân thuộc 02 cơ sở đăng ký"),
        "{text}"
    );
    let status = s.ok(&["status", "--unit", "DB-SYT"]);
    assert!(
        status.starts_with("Đơn vị: Đảng bộ Sở Y tế (DB-SYT)"),
        "{status}"
    );
    for args in [
        &["report", "--unit", "KHONG-CO"][..],
        &["status", "--unit", "KHONG-CO"][..],
    ] {
        let o = s.run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("KHONG-CO"), "{}", stderr(&o));
    }
}

#[test]
fn the_text_report_has_appendices_only_when_asked_and_markdown_always() {
    let s = demo();
    let plain = s.ok(&["report"]);
    assert!(!plain.contains("Phụ lục"));
    let full = s.ok(&["report", "--appendix"]);
    for h in [
        "Phụ lục 1. Mô hình, điển hình theo đơn vị và lĩnh vực",
        "Phụ lục 2. Danh sách mô hình, điển hình đã đăng ký",
        "Phụ lục 3. Mô hình, điển hình được công nhận, tiêu biểu",
        "Phụ lục 4. Khen thưởng mô hình, điển hình",
        "Phụ lục 5. Nhân rộng mô hình, điển hình",
        "Phụ lục 6. Đơn vị chưa đăng ký mô hình, điển hình",
    ] {
        assert!(full.contains(h), "{h}");
    }
    assert!(full.contains("DH-16"));
    // On a day before any award, the award list is empty, as the figures say.
    let past = s.ok(&["report", "--as-of", "2018-03-01", "--format", "md"]);
    let awards = past.split("## Phụ lục 4.").nth(1).unwrap();
    let awards = awards.split("## Phụ lục 5.").next().unwrap();
    assert!(awards.contains("Không có."), "{awards}");
    let md = s.ok(&["report", "--format", "md"]);
    assert!(md.contains("## Phụ lục 4. Khen thưởng mô hình, điển hình"));
    assert!(md.contains("| STT | Cơ quan khen thưởng |"), "{md}");
}

#[test]
fn a_semicolon_separated_import_is_read_and_the_dry_run_says_so() {
    let s = demo();
    let f = s.write(
        "units.csv",
        "\u{feff}code;name;parent_code\r\nX-1;\"Chi bộ A, B\";DB-SYT\r\nX-2;Chi bộ C;X-9\r\n",
    );
    let o = s.run(&["import", "units", f.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    // Line 3, column 3: the unknown parent, counted as an editor shows it.
    assert!(stderr(&o).contains("units.csv:3:3:"), "{}", stderr(&o));
    let f = s.write(
        "units.csv",
        "code;name;parent_code\nX-1;\"Chi bộ A, B\";DB-SYT\nX-2;Chi bộ C;X-1\n",
    );
    let dry = s.ok(&["import", "units", f.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains("“;”"), "{dry}");
    assert!(dry.contains("2 dòng hợp lệ"), "{dry}");
    s.ok(&["import", "units", f.to_str().unwrap()]);
    let st: Value = serde_json::from_str(&s.ok(&["status", "--unit", "X-1", "--json"])).unwrap();
    assert_eq!(st["units"]["total"], 2);
    assert_eq!(st["unit"]["name"], "Chi bộ A, B");
}
