//! `dvk report --format docx` as a person uses it: the file LibreOffice opens says what the
//! text report says, with the letterhead of the config.

mod common;

use common::{Sandbox, stderr};

const CONFIG: &str = r#"
[letterhead]
parent = "ĐẢNG BỘ TỈNH LẠNG SƠN"
body = "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
number = "Số 45-BC/ĐUK"
place = "Lạng Sơn"
signer_role = "T/M BAN THƯỜNG VỤ"
signer_title = "PHÓ BÍ THƯ"
signer = "Hoàng Văn Nam"
recipients = ["Ban Dân vận Tỉnh ủy", "Lưu Văn phòng Đảng ủy Khối"]
"#;

#[test]
fn demo_docx_opens_in_libreoffice_with_the_report_sentence() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let cfg = sb.write("config.toml", CONFIG);
    let file = sb.path().join("bao-cao.docx");
    sb.ok(&[
        "--config",
        cfg.to_str().unwrap(),
        "report",
        "--format",
        "docx",
        "--out",
        file.to_str().unwrap(),
    ]);
    // Written whole: no temporary file left beside it.
    let names: Vec<String> = std::fs::read_dir(sb.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK"));

    let Some(text) = common::pdf_text(&file, sb.path(), false) else {
        return;
    };
    for want in [
        "Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở đăng ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn 2017 - 2020",
        "MH-01",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Lạng Sơn, ngày 20 tháng 10 năm 2020",
        "Hoàng Văn Nam",
        "PHỤ LỤC 6",
        "452-QĐ/ĐUK",
    ] {
        assert!(text.contains(want), "the PDF lacks {want:?}");
    }
}

#[test]
fn docx_needs_a_file_and_writes_nothing_without_one() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let out = sb.run(&["report", "--format", "docx"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--out"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn docx_letterhead_key_unknown_is_refused_with_its_place() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let cfg = sb.write("config.toml", "[letterhead]\nsigner_name = \"A\"\n");
    let file = sb.path().join("r.docx");
    let out = sb.run(&[
        "--config",
        cfg.to_str().unwrap(),
        "report",
        "--format",
        "docx",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("signer_name"), "{}", stderr(&out));
    assert!(!file.exists());
}
