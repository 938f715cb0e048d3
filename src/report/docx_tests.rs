//! The appendices of the demo period and the Word document's text: what its letterhead,
//! signature and appendices say, with and without a `[letterhead]`.

use std::io::Read;

use super::docx::report_docx;
use super::docx_lists::appendices;
use super::scan::report_from_dataset;
use crate::config::Letterhead;
use crate::domain::Outcome;
use crate::i18n::Lang;

fn demo_app() -> (crate::api::ReportData, super::docx_lists::Appendices) {
    let ds = crate::demo::dataset();
    let r = report_from_dataset(&ds, None, crate::demo::as_of()).unwrap();
    let app = appendices(&ds, &r.status.period, crate::demo::as_of());
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
fn demo_appendices_list_what_the_report_counts() {
    let (r, app) = demo_app();
    let s = &r.status;
    assert_eq!(app.models.len() as u64, s.collective + s.individual);
    assert_eq!(app.by_unit_field.len() as u64, s.units_registered);
    let total: u64 = app.by_unit_field.iter().map(|u| u.total()).sum();
    assert_eq!(total, 50);
    // Every field column adds up to the report's count by field.
    for (i, f) in app.fields.iter().enumerate() {
        let n: u64 = app.by_unit_field.iter().map(|u| u.by_field[i]).sum();
        let want = s.by_field.iter().find(|(c, _)| c == f).map_or(0, |e| e.1);
        assert_eq!(n, want, "field {f}");
    }
    assert_eq!(
        app.not_registered.len() as u64,
        s.units_total - s.units_registered
    );
    assert_eq!(app.awards.len() as u64, s.awards_total);
    assert!(app.awards.iter().all(|a| !a.decision_no.is_empty()));
    assert!(
        app.awards
            .windows(2)
            .all(|w| w[0].decided_on <= w[1].decided_on)
    );
    assert_eq!(app.replications.len() as u64, s.replications);
    assert_eq!(
        app.recognised.len() as u64,
        s.outcome(Outcome::Recognized) + s.outcome(Outcome::Outstanding)
    );
    // Outstanding models first.
    let first_recognised = app
        .recognised
        .iter()
        .position(|m| m.outcome == Outcome::Recognized)
        .unwrap();
    assert!(
        app.recognised[..first_recognised]
            .iter()
            .all(|m| m.outcome == Outcome::Outstanding)
    );
    assert!(first_recognised > 0);
}

#[test]
fn appendices_count_only_what_was_there_on_the_day() {
    let ds = crate::demo::dataset();
    let r = report_from_dataset(&ds, None, crate::demo::as_of()).unwrap();
    // Before the awards of October 2020 and the registrations of the autumn of 2017.
    let early = chrono::NaiveDate::from_ymd_opt(2017, 9, 1).unwrap();
    let app = appendices(&ds, &r.status.period, early);
    let late = appendices(&ds, &r.status.period, crate::demo::as_of());
    assert!(app.awards.is_empty());
    assert!(app.models.len() < late.models.len());
    assert!(app.models.iter().all(|m| m.registered_on <= early));
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
        "UNITS THAT HAVE NOT REGISTERED",
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
