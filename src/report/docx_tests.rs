//! The Word document's text on the demo period: what its letterhead, signature and
//! appendices say, with and without a `[letterhead]`.

use std::io::Read;

use super::appendix::{Appendices, appendices};
use super::docx::report_docx;
use crate::api::{Api, ReportData};
use crate::config::Letterhead;
use crate::i18n::Lang;

/// The report of the demo and its appendices, from the demo loaded into a store.
fn demo_app() -> (ReportData, Appendices) {
    let dir = tempfile::tempdir().unwrap();
    let b = crate::backend::embedded(&dir.path().join("db"), "test").unwrap();
    let api = Api(b.as_ref());
    api.load(crate::demo::dataset(), false).unwrap();
    let r = api.report(None, crate::demo::as_of(), None).unwrap();
    let app = appendices(&api, &r, None).unwrap();
    (r, app)
}

/// The text of `word/document.xml` inside a `.docx`.
fn document_xml(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut f = z.by_name("word/document.xml").expect("word/document.xml");
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

fn lang_son() -> Letterhead {
    Letterhead {
        parent: Some("ĐẢNG BỘ TỈNH LẠNG SƠN".into()),
        body: Some("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH".into()),
        number: Some("Số 45-BC/ĐUK".into()),
        place: Some("Lạng Sơn".into()),
        signer_role: Some("T/M BAN THƯỜNG VỤ".into()),
        signer_title: Some("PHÓ BÍ THƯ".into()),
        signer: Some("Hoàng Văn Nam".into()),
        recipients: Some(vec![
            "Ban Dân vận Tỉnh ủy".into(),
            "Lưu Văn phòng Đảng ủy Khối".into(),
        ]),
    }
}

#[test]
fn docx_has_the_letterhead_the_sections_and_the_appendices() {
    let (r, app) = demo_app();
    let xml = document_xml(&report_docx(&r, &app, &lang_son(), Lang::Vi));
    for want in [
        "ĐẢNG BỘ TỈNH LẠNG SƠN",
        // Split between words near its middle, not wherever the column ends.
        ">ĐẢNG ỦY KHỐI<",
        ">CÁC CƠ QUAN TỈNH<",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 45-BC/ĐUK",
        "Lạng Sơn, ngày 20 tháng 10 năm 2020",
        ">BÁO CÁO<",
        "Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Hoàng Văn Nam",
        "Nơi nhận:",
        "Trên đây là báo cáo kết quả thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2017 - 2020./.",
        "- Ban Dân vận Tỉnh ủy,",
        "- Lưu Văn phòng Đảng ủy Khối.",
        "PHỤ LỤC 6",
        "(Kèm theo Báo cáo số 45-BC/ĐUK ngày 20/10/2020)",
        "452-QĐ/ĐUK",
        "MH-01",
        "w:orient=\"landscape\"",
    ] {
        assert!(xml.contains(want), "missing {want}");
    }
    assert!(!xml.contains("ĐẢNG ỦY …"));
    // Tables with borders for the figures; the letterhead and the signature without.
    assert!(xml.matches("<w:tbl>").count() >= 10);
    assert!(xml.contains("w:val=\"nil\""));
}

#[test]
fn docx_without_letterhead_leaves_placeholders() {
    let (r, app) = demo_app();
    let xml = document_xml(&report_docx(&r, &app, &Letterhead::default(), Lang::Vi));
    for want in [
        "ĐẢNG BỘ …",
        "ĐẢNG ỦY …",
        "-BC/…",
        "……, ngày 20 tháng 10 năm 2020",
        "T/M …",
        "Nơi nhận:",
        "Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở",
        "PHỤ LỤC 1",
        "PHỤ LỤC 6",
    ] {
        assert!(xml.contains(want), "missing {want}");
    }
}

#[test]
fn docx_headings_in_english() {
    let (r, app) = demo_app();
    let xml = document_xml(&report_docx(&r, &app, &lang_son(), Lang::En));
    for want in [
        ">REPORT<",
        "APPENDIX 1",
        "Recipients:",
        "Lạng Sơn, 20 October 2020",
        "UNITS WITHOUT A REGISTERED MODEL",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ] {
        assert!(xml.contains(want), "missing {want}");
    }
    assert!(!xml.contains("PHỤ LỤC"));
}

#[test]
fn docx_dates_write_a_leading_zero_where_documents_do() {
    let (mut r, app) = demo_app();
    r.status.as_of = chrono::NaiveDate::from_ymd_opt(2021, 2, 5).unwrap();
    let xml = document_xml(&report_docx(&r, &app, &lang_son(), Lang::Vi));
    assert!(xml.contains("Lạng Sơn, ngày 05 tháng 02 năm 2021"));
}

#[test]
fn docx_text_from_storage_is_printable() {
    let (r, mut app) = demo_app();
    app.models[0].title = "Mô hình\u{202e}lạ & <b>".into();
    let head = Letterhead {
        signer: Some("Nguyễn\u{0007} Văn A".into()),
        ..lang_son()
    };
    let bytes = report_docx(&r, &app, &head, Lang::Vi);
    let xml = document_xml(&bytes);
    assert!(!xml.contains('\u{202e}') && !xml.contains('\u{0007}'));
    assert!(xml.contains("&amp;") && xml.contains("&lt;b&gt;"));
}
