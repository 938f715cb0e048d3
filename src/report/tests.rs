//! The report must say what CONTRACT.md promises, word for word, in Vietnamese; mirror it in
//! English; give the status JSON its contract keys; and fit the status on one screen.

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use super::*;
use crate::api::{AwardTally, OverdueRow, ReportData, StatusData};
use crate::domain::codes::{default_fields, default_forms, default_steps};
use crate::domain::{ModelKind, Outcome, Period};
use crate::i18n::Lang;

const REGISTRATION_VI: &str = "Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở đăng ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn 2017 - 2020";
const AWARDS_VI: &str = "01 tập thể, 01 cá nhân được Ban Dân vận Tỉnh ủy tặng giấy khen; 09 tập thể, 02 cá nhân được Ban Thường vụ Đảng ủy Khối tặng giấy khen";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn tally(body: &str, form: &str, c: u64, i: u64) -> AwardTally {
    AwardTally {
        body: body.into(),
        form: form.into(),
        collective: c,
        individual: i,
    }
}

/// The demo's figures, written by hand so the test does not depend on the demo data.
pub(crate) fn status() -> StatusData {
    StatusData {
        period: Period {
            code: "2017-2020".into(),
            start_year: 2017,
            end_year: 2020,
            guidance: "04-HD/BDVTU".into(),
            guidance_date: Some(d(2017, 6, 1)),
            steps: default_steps(),
            checkin_interval_days: 90,
            reviews: vec![crate::domain::Review::final_on(d(2020, 10, 12))],
        },
        as_of: d(2020, 10, 20),
        units_total: 48,
        units_registered: 15,
        collective: 26,
        individual: 24,
        by_field: vec![
            ("economy".into(), 14),
            ("culture_society".into(), 12),
            ("security_order".into(), 6),
            ("professional".into(), 13),
            ("political_system".into(), 5),
        ],
        by_step: vec![0, 2, 5, 9, 34],
        by_outcome: vec![
            (Outcome::Pending, 6),
            (Outcome::Recognized, 29),
            (Outcome::Outstanding, 13),
            (Outcome::NotRecognized, 2),
        ],
        drafts: 1,
        returned: 0,
        overdue: 4,
        awards_total: 13,
        awards_by: vec![
            tally("Ban Dân vận Tỉnh ủy", "giay_khen", 1, 1),
            tally("Ban Thường vụ Đảng ủy Khối", "giay_khen", 9, 2),
        ],
        checkins: 198,
        replications: 4,
        without_criteria: 3,
        without_content: 2,
    }
}

fn overdue_row(n: usize) -> OverdueRow {
    OverdueRow {
        id: n as u64,
        code: format!("DH-{n:02}"),
        title: "Vận động phụ nữ vùng cao tham gia lớp xóa mù chữ".into(),
        kind: ModelKind::Individual,
        person: "Lăng Văn Đức".into(),
        unit_name: "Đảng bộ Sở Giáo dục và Đào tạo".into(),
        last: d(2020, 5, 15),
        days: 158 - n as i64,
    }
}

fn report(overdue: usize) -> ReportData {
    ReportData {
        status: status(),
        fields: default_fields(),
        forms: default_forms(),
        overdue: (1..=overdue).map(overdue_row).collect(),
    }
}

#[test]
fn vietnamese_report_has_the_contract_sentences() {
    let t = report_text(&report(4), Lang::Vi);
    assert!(t.contains(REGISTRATION_VI), "{t}");
    assert!(t.contains(AWARDS_VI), "{t}");
    assert!(t.contains("15/48 đơn vị, 31,3%"), "{t}");
    assert!(t.contains("Phát triển kinh tế"), "{t}");
    assert!(t.contains("Tổ chức thực hiện"), "{t}");
    assert!(t.contains("Tiêu biểu"), "{t}");
    assert!(
        t.contains("DH-01") && t.contains("15/05/2020") && t.contains("157 ngày"),
        "{t}"
    );
    assert!(
        t.contains("Hướng dẫn số 04-HD/BDVTU ngày 01/06/2017"),
        "{t}"
    );
    assert!(t.contains("20/10/2020") && t.contains("12/10/2020"), "{t}");
    // Counts under ten with a leading zero.
    assert!(t.contains("(không có kiểm tra quá 90 ngày): 04"), "{t}");
    for f in [Format::Md, Format::Json] {
        let out = render(&report(4), f, Lang::Vi);
        assert!(out.contains(REGISTRATION_VI), "{}", f.code());
        assert!(out.contains(AWARDS_VI), "{}", f.code());
    }
}

#[test]
fn english_report_mirrors_it() {
    let t = report_text(&report(4), Lang::En);
    assert!(
        t.contains("26 collectives and 24 individuals in 15 units registered “Dân vận khéo” models and exemplars, period 2017–2020"),
        "{t}"
    );
    assert!(
        t.contains(
            "1 collective and 1 individual received a certificate of merit from Ban Dân vận Tỉnh ủy"
        ),
        "{t}"
    );
    assert!(t.contains("9 collectives and 2 individuals received certificates of merit from Ban Thường vụ Đảng ủy Khối"), "{t}");
    assert!(t.contains("15/48 units, 31.3%"), "{t}");
    assert!(
        t.contains("Economic development") && t.contains("Implement") && t.contains("157 days"),
        "{t}"
    );
    assert!(!t.contains("tập thể"), "{t}");
}

#[test]
fn a_zero_part_is_left_out() {
    let forms = default_forms();
    let t = tally("UBND tỉnh", "bang_khen", 1, 0);
    assert_eq!(
        words::award_part(&t, &forms, Lang::Vi).unwrap(),
        "01 tập thể được UBND tỉnh tặng bằng khen"
    );
    assert_eq!(
        words::award_part(&t, &forms, Lang::En).unwrap(),
        "1 collective received a diploma of merit from UBND tỉnh"
    );
    let t = tally("UBND tỉnh", "bang_khen", 0, 3);
    assert_eq!(
        words::award_part(&t, &forms, Lang::Vi).unwrap(),
        "03 cá nhân được UBND tỉnh tặng bằng khen"
    );
    assert!(words::award_part(&tally("X", "giay_khen", 0, 0), &forms, Lang::Vi).is_none());
    let mut s = status();
    s.awards_by = vec![
        tally("A", "giay_khen", 0, 0),
        tally("UBND tỉnh", "bang_khen", 1, 0),
    ];
    assert_eq!(
        words::award_sentence(&s.awards_by, &forms, Lang::Vi).unwrap(),
        "01 tập thể được UBND tỉnh tặng bằng khen"
    );
}

#[test]
fn status_json_has_the_contract_keys() {
    let v = status_json(&status());
    assert_eq!(v["period"], "2017-2020");
    assert_eq!(v["units"]["total"], 48);
    assert_eq!(v["units"]["registered"], 15);
    assert_eq!(v["units"]["share_percent"], 31.3);
    assert_eq!(v["models"]["total"], 50);
    assert_eq!(v["models"]["collective"], 26);
    assert_eq!(v["models"]["individual"], 24);
    let by_field = v["models"]["by_field"].as_object().unwrap();
    assert_eq!(by_field.len(), 5);
    assert_eq!(by_field["economy"], 14);
    let by_step = v["models"]["by_step"].as_object().unwrap();
    assert_eq!(
        by_step
            .keys()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        5
    );
    assert_eq!(by_step["1"], 0);
    assert_eq!(by_step["5"], 34);
    assert_eq!(v["models"]["by_outcome"]["dropped"], 0);
    assert_eq!(v["overdue"], 4);
    assert_eq!(v["awards"]["total"], 13);
    let b = &v["awards"]["by_body"];
    assert_eq!(b[0]["body"], "Ban Dân vận Tỉnh ủy");
    assert_eq!(b[0]["form"], "giay_khen");
    assert_eq!(
        (b[0]["collective"].clone(), b[0]["individual"].clone()),
        (1.into(), 1.into())
    );
    assert_eq!(
        (b[1]["collective"].clone(), b[1]["individual"].clone()),
        (9.into(), 2.into())
    );
    assert_eq!(v["as_of"], "2020-10-20");

    let r = report_json(&report(60), Lang::Vi);
    assert_eq!(
        r["overdue_models"].as_array().unwrap().len(),
        60,
        "JSON lists every overdue model"
    );
    assert_eq!(r["sentences"]["registration"], REGISTRATION_VI);
    assert_eq!(r["sentences"]["awards"], AWARDS_VI);
    assert_eq!(r["units"]["total"], 48);
}

#[test]
fn text_lists_fifty_overdue_and_says_how_many_more() {
    let r = report(63);
    for lang in [Lang::Vi, Lang::En] {
        let t = report_text(&r, lang);
        assert!(t.contains("DH-50") && !t.contains("DH-51"), "{t}");
        assert!(
            t.contains(&format!("… 13 {}", words::W::More.get(lang))),
            "{t}"
        );
        let md = report_md(&r, lang);
        assert!(md.contains("DH-50") && !md.contains("DH-51"));
    }
    let csv = report_csv(&r, Lang::Vi);
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("overdue,")).count(),
        63
    );
}

#[test]
fn csv_rows_are_machine_friendly() {
    let csv = report_csv(&report(2), Lang::Vi);
    let mut rd = ::csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        CSV_HEADER.to_vec()
    );
    let rows: Vec<::csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let find = |s: &str, k: &str| {
        rows.iter()
            .find(|r| &r[0] == s && &r[1] == k)
            .unwrap()
            .clone()
    };
    let m = find("summary", "models");
    assert_eq!((&m[5], &m[6], &m[7]), ("26", "24", "50"));
    assert_eq!(&find("summary", "units_registered")[7], "15");
    assert_eq!(&find("summary", "without_criteria")[7], "3");
    assert_eq!(&find("summary", "without_content")[7], "2");
    assert_eq!(&find("field", "economy")[2], "Phát triển kinh tế");
    assert_eq!(&find("step", "5")[7], "34");
    let a = find("award", "giay_khen");
    assert_eq!(
        (&a[2], &a[5], &a[6], &a[7]),
        ("Ban Dân vận Tỉnh ủy", "1", "1", "2")
    );
    let o = find("overdue", "DH-01");
    assert_eq!((&o[3], &o[8], &o[9]), ("Lăng Văn Đức", "2020-05-15", "157"));
}

#[test]
fn status_fits_one_screen() {
    let s = status();
    for lang in [Lang::Vi, Lang::En] {
        for width in [40, 60, 80, 120, 200] {
            let t = status_text(&s, &default_fields(), lang, width);
            let lines: Vec<&str> = t.lines().collect();
            assert!(
                lines.len() <= MAX_LINES,
                "{lang:?} {width}: {} lines\n{t}",
                lines.len()
            );
            for l in &lines {
                assert!(
                    UnicodeWidthStr::width(*l) <= width,
                    "{lang:?} {width}: {l:?}"
                );
            }
            assert!(!t.contains('\u{1b}'));
        }
        let t = status_text(&s, &default_fields(), lang, 100);
        assert!(
            t.contains(lang.pick("Tổ chức thực hiện", "Implement")),
            "{t}"
        );
        assert!(
            t.contains(lang.pick("Văn hóa - xã hội", "Culture and society")),
            "{t}"
        );
        assert!(t.contains(lang.pick("31,3%", "31.3%")), "{t}");
    }
    let t = status_text(&s, &default_fields(), Lang::Vi, 200);
    assert!(t.contains(REGISTRATION_VI), "{t}");
    assert!(
        t.contains("09 tập thể, 02 cá nhân được Ban Thường vụ Đảng ủy Khối tặng giấy khen"),
        "{t}"
    );
    // Very narrow or very long catalogues still fit.
    let mut long = s.clone();
    long.by_field = (0..12).map(|i| (format!("f{i}"), i)).collect();
    long.period.steps = (0..12).map(|_| default_steps()[0].clone()).collect();
    long.awards_by = (0..6)
        .map(|i| tally(&format!("Cơ quan {i}"), "giay_khen", i, 1))
        .collect();
    for width in [10, 30, 80] {
        let t = status_text(&long, &default_fields(), Lang::Vi, width);
        assert!(t.lines().count() <= MAX_LINES, "{t}");
        assert!(t.lines().all(|l| UnicodeWidthStr::width(l) <= width), "{t}");
    }
}

#[test]
fn stored_text_cannot_reach_the_terminal_as_control_sequences() {
    let mut r = report(1);
    r.status.awards_by[0].body = "Ban\u{1b}[2J Dân vận".into();
    r.overdue[0].title = "Tiêu đề\u{202e}ngược\u{9b}31m".into();
    r.overdue[0].unit_name = "Đơn vị\ndòng hai".into();
    r.status.period.steps[0].vi = "Bước\u{7}".into();
    for f in Format::ALL {
        for lang in [Lang::Vi, Lang::En] {
            let out = render(&r, *f, lang);
            for bad in ['\u{1b}', '\u{202e}', '\u{9b}', '\u{7}'] {
                assert!(!out.contains(bad), "{} {lang:?} contains {bad:?}", f.code());
            }
        }
    }
    let t = status_text(&r.status, &r.fields, Lang::Vi, 80);
    assert!(!t.contains('\u{1b}') && !t.contains('\u{7}'));
}

#[test]
fn every_word_in_both_languages() {
    for w in words::W::ALL {
        let (vi, en) = (w.get(Lang::Vi), w.get(Lang::En));
        assert!(!vi.is_empty() && !en.is_empty(), "{w:?}");
    }
    // Both languages render every format.
    for f in Format::ALL {
        for lang in [Lang::Vi, Lang::En] {
            assert!(!render(&report(2), *f, lang).is_empty());
        }
        assert_eq!(Format::parse(f.code()), Some(*f));
    }
}

#[test]
fn markdown_escapes_data() {
    let mut r = report(1);
    r.overdue[0].title = "a|b *c* [x](y)".into();
    let md = report_md(&r, Lang::Vi);
    assert!(md.contains(r"a\|b \*c\* \[x\](y)"), "{md}");
}

#[test]
fn an_empty_period_reads_well() {
    let mut s = status();
    s.collective = 0;
    s.individual = 0;
    s.units_registered = 0;
    s.awards_by.clear();
    s.awards_total = 0;
    let r = ReportData {
        status: s,
        fields: default_fields(),
        forms: default_forms(),
        overdue: vec![],
    };
    let t = report_text(&r, Lang::Vi);
    assert!(t.contains("Chưa có tập thể, cá nhân nào đăng ký"), "{t}");
    assert!(t.contains("Chưa có khen thưởng"), "{t}");
}

/// The demo, counted by reading every record, gives the report's sentences.
#[test]
fn the_demo_reproduces_the_report() {
    let ds = crate::demo::dataset();
    let r = report_from_dataset(&ds, None, crate::demo::as_of()).unwrap();
    let s = &r.status;
    assert_eq!(
        (
            s.units_total,
            s.units_registered,
            s.collective,
            s.individual
        ),
        (48, 15, 26, 24)
    );
    assert_eq!((s.overdue, s.awards_total, s.drafts), (4, 13, 1));
    assert_eq!(s.by_field.iter().map(|(_, n)| n).sum::<u64>(), 50);
    let t = report_text(&r, Lang::Vi);
    assert!(t.contains(REGISTRATION_VI), "{t}");
    assert!(t.contains(AWARDS_VI), "{t}");
    assert!(t.contains("15/48 đơn vị, 31,3%"), "{t}");
    let v = status_json(s);
    assert_eq!(v["models"]["by_field"].as_object().unwrap().len(), 5);
    assert_eq!(v["overdue"], 4);
}

#[test]
#[ignore = "prints the demo's report for a person to read"]
fn show_demo() {
    let r = report_from_dataset(&crate::demo::dataset(), None, crate::demo::as_of()).unwrap();
    for lang in [Lang::Vi, Lang::En] {
        for w in [80, 50] {
            println!("{}", status_text(&r.status, &r.fields, lang, w));
        }
        for f in Format::ALL {
            println!("{}", render(&r, *f, lang));
        }
    }
}

/// The report says how many counted models lack a quantified criterion or content, in the
/// text, the Markdown and the JSON (keys of the status and the sentence).
#[test]
fn report_states_the_quality_of_registrations() {
    let r = report(0);
    let vi = "Có 03 mô hình, điển hình chưa có tiêu chí lượng hóa và 02 mô hình, điển hình chưa có mục tiêu, nội dung hoạt động.";
    for f in [Format::Text, Format::Md] {
        let t = render(&r, f, Lang::Vi);
        assert!(t.contains(vi), "{t}");
    }
    let en = render(&r, Format::Text, Lang::En);
    assert!(
        en.contains(
            "3 models have no quantified criterion and 2 models have no goals or activities."
        ),
        "{en}"
    );
    let v = report_json(&r, Lang::Vi);
    assert_eq!(v["quality"]["without_criteria"], 3);
    assert_eq!(v["quality"]["without_content"], 2);
    assert_eq!(v["sentences"]["quality"], vi.trim_end_matches('.'));
}
