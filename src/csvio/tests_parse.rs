//! Every kind of problem a CSV file can have, each asserted at its exact `FILE:LINE:COLUMN`,
//! and the forms of values that must be accepted.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::api::{ImportBatch, Problem};
use crate::domain::codes::{default_fields, default_forms};
use crate::domain::*;

fn run(kind: ImportKind, data: &[u8]) -> Result<Parsed, Vec<CsvProblem>> {
    parse(kind, "f.csv", data, &default_fields(), &default_forms())
}

/// The rendered problems of a file that must be refused, in English.
fn problems(kind: ImportKind, data: &str) -> Vec<String> {
    problems_bytes(kind, data.as_bytes())
}

fn problems_bytes(kind: ImportKind, data: &[u8]) -> Vec<String> {
    match run(kind, data) {
        Ok(p) => panic!("accepted: {:?}", p.batch),
        Err(ps) => ps.iter().map(|p| p.render("f.csv", Lang::En)).collect(),
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn models(data: &str) -> Vec<crate::api::ModelImport> {
    match run(ImportKind::Models, data.as_bytes()) {
        Ok(Parsed {
            batch: ImportBatch::Models(v),
            ..
        }) => v,
        other => panic!("{other:?}"),
    }
}

const MODEL_HEAD: &str = "code,unit_code,kind,title,field,period,registered_on";

#[test]
fn header_problems_name_the_column() {
    assert_eq!(
        problems(ImportKind::Units, "code,name,colour\nCB1,Chi bộ 1,đỏ\n"),
        vec!["f.csv:1:3: unknown column “colour”"]
    );
    assert_eq!(
        problems(ImportKind::Units, "code,parent_code\nCB1,\n"),
        vec!["f.csv:1:1: the column “name” is missing"]
    );
    assert_eq!(
        problems(ImportKind::Units, "code,name,code\nCB1,Chi bộ 1,CB2\n"),
        vec!["f.csv:1:3: the column “code” repeats"]
    );
    // An empty file lacks every required column, reported once each, not once per row.
    assert_eq!(
        problems(ImportKind::Awards, ""),
        ["model_code", "body", "form", "decision_no", "decided_on"]
            .map(|c| format!("f.csv:1:1: the column “{c}” is missing"))
    );
}

#[test]
fn columns_in_any_order_and_header_case_ignored() {
    let p = run(ImportKind::Units, " Name ,CODE\nChi bộ 1,CB1\n".as_bytes()).unwrap();
    assert_eq!(p.columns, vec!["name", "code"]);
    let ImportBatch::Units(v) = p.batch else {
        panic!()
    };
    assert_eq!(
        (v[0].unit.code.as_str(), v[0].unit.name.as_str(), v[0].line),
        ("CB1", "Chi bộ 1", 2)
    );
    assert_eq!(
        (v[0].unit.kind, v[0].unit.active, v[0].parent_code.clone()),
        (UnitKind::Other, true, None)
    );
}

#[test]
fn bad_dates_and_enum_values_at_their_cells() {
    let f = format!(
        "{MODEL_HEAD},status\nMH1,CB1,collective,A,economy,2017-2020,31/02/2017,approved\n\
         MH2,CB1,group,B,economy,2017-2020,2017-07-01,finished\n"
    );
    assert_eq!(
        problems(ImportKind::Models, &f),
        vec![
            "f.csv:2:7: no such day: 31/02/2017 (2/2017 has 28 days)",
            "f.csv:3:3: “group” is not valid; use one of: collective (Tập thể), individual (Cá nhân)",
            "f.csv:3:8: “finished” is not valid; use one of: draft (Dự thảo), submitted (Đã đăng ký), \
             approved (Đã duyệt), returned (Trả lại)",
        ]
    );
    assert_eq!(
        problems(
            ImportKind::Models,
            &format!("{MODEL_HEAD}\nMH1,CB1,collective,A,sports,2017/2020,\n")
        ),
        vec![
            "f.csv:2:5: no field “sports” in the catalogue",
            "f.csv:2:6: period “2017/2020” is not valid (write YYYY-YYYY, e.g. 2021-2025)",
            "f.csv:2:7: is required",
        ]
    );
}

#[test]
fn invalid_utf8_is_a_problem_at_its_cell() {
    let mut data = b"code,name\nCB1,Chi b\xF4 1\nCB2,ok\n".to_vec();
    assert_eq!(
        problems_bytes(ImportKind::Units, &data),
        vec!["f.csv:2:2: is not UTF-8 text (save the file as “CSV UTF-8”)"]
    );
    // In the header too.
    data = b"code,n\xE1me\nCB1,x\n".to_vec();
    let ps = problems_bytes(ImportKind::Units, &data);
    assert!(
        ps.contains(&"f.csv:1:2: is not UTF-8 text (save the file as “CSV UTF-8”)".to_string()),
        "{ps:?}"
    );
}

#[test]
fn control_and_zero_width_characters_are_refused() {
    let f = "code,name\nCB1,\"Chi bộ\u{1b}[2J\"\nCB\u{200b}2,Chi bộ 2\nCB3,Chi\u{202e}bộ\n";
    assert_eq!(
        problems(ImportKind::Units, f),
        vec![
            "f.csv:2:2: contains the control character U+001B (not allowed)",
            "f.csv:3:1: contains the invisible character U+200B (not allowed)",
            "f.csv:4:2: contains the invisible character U+202E (not allowed)",
        ]
    );
}

#[test]
fn text_from_the_file_never_reaches_the_terminal_raw() {
    let ps = problems(ImportKind::Units, "code,name,\u{1b}[31mx\nCB1,a,b\n");
    assert_eq!(ps, vec!["f.csv:1:3: unknown column “\u{FFFD}[31mx”"]);
    let p = CsvProblem {
        line: 1,
        column: 1,
        msg: Msg::Required,
    };
    assert_eq!(
        p.render("a\u{1b}b.csv", Lang::En),
        "a\u{FFFD}b.csv:1:1: is required"
    );
}

#[test]
fn an_individual_needs_a_person() {
    let f = format!("{MODEL_HEAD},person\nMH1,CB1,Cá nhân,A,economy,2017-2020,01/07/2017,\n");
    assert_eq!(
        problems(ImportKind::Models, &f),
        vec!["f.csv:2:8: an individual exemplar needs the person's name"]
    );
    // Without a person column the problem is shown at the row's code.
    let f = format!("{MODEL_HEAD}\nMH1,CB1,ca nhan,A,economy,2017-2020,01/07/2017\n");
    assert_eq!(
        problems(ImportKind::Models, &f),
        vec!["f.csv:2:1: an individual exemplar needs the person's name"]
    );
}

#[test]
fn bad_numbers_in_criteria_and_actuals() {
    let f = format!(
        "{MODEL_HEAD},criteria\nMH1,CB1,collective,A,economy,2017-2020,2017-07-01,\"Hộ | hộ | hai mươi\"\n"
    );
    assert_eq!(
        problems(ImportKind::Models, &f),
        vec!["f.csv:2:8: “hai mươi” is not a number"]
    );
    let f = format!(
        "{MODEL_HEAD},criteria\nMH1,CB1,collective,A,economy,2017-2020,2017-07-01,chỉ tên\n"
    );
    assert_eq!(
        problems(ImportKind::Models, &f),
        vec!["f.csv:2:8: “chỉ tên” is not in the form “name | measure | target | actual | due”"]
    );
    let f = "model_code,date,kind,actuals\nMH1,2018-01-02,inspection,1=5; 2=x\nMH1,2018-02-02,survey,0=1\n\
             MH1,2018-03-02,survey,1:4\n";
    assert_eq!(
        problems(ImportKind::CheckIns, f),
        vec![
            "f.csv:2:4: “x” is not a number",
            "f.csv:3:4: must be at least 1",
            "f.csv:4:4: “1:4” is not in the form “1=5; 2=8”",
        ]
    );
}

#[test]
fn every_problem_of_the_file_is_reported() {
    let f = "code,name,active,kind\n,Chi bộ 1,true,chi bo\nCB2,,maybe,cell\nCB1,x,có,\nCB1,y,,\n";
    assert_eq!(
        problems(ImportKind::Units, f),
        vec![
            "f.csv:2:1: is required",
            "f.csv:3:2: is required",
            "f.csv:3:3: “maybe” is not valid (use true or false)",
            "f.csv:3:4: “cell” is not valid; use one of: party_cell (Chi bộ), party_committee (Đảng bộ cơ sở), \
             agency (Cơ quan), mass_org (Đoàn thể), other (Khác)",
            "f.csv:5:1: the code “CB1” repeats line 4",
        ]
    );
}

#[test]
fn rows_with_the_wrong_number_of_cells() {
    assert_eq!(
        problems(ImportKind::Units, "code,name\nCB1\nCB2,a,b\n"),
        vec![
            "f.csv:2:2: the row has 1 cells but the header has 2 columns",
            "f.csv:3:3: the row has 3 cells but the header has 2 columns",
        ]
    );
}

#[test]
fn bom_quotes_commas_and_newlines() {
    let f = "\u{feff}code,unit_code,kind,title,field,period,registered_on,summary,criteria\r\n\
             MH1,CB1,collective,\"Dân vận khéo, nông thôn mới\",economy,2017 - 2020,1/7/2017,\
             \"Dòng 1\r\nDòng \"\"2\"\"\",\"Hộ thoát nghèo | hộ | 20 | 5,5 | 30/06/2019\nBuổi | buổi | 12\"\r\n\
             MH2,CB1,collective,B,economy,2017-2020,2017-07-02,,\r\n";
    let v = models(f);
    assert_eq!(v.len(), 2);
    let m = &v[0].model;
    assert_eq!(m.title, "Dân vận khéo, nông thôn mới");
    assert_eq!(m.summary, "Dòng 1\nDòng \"2\"");
    assert_eq!(m.period, "2017-2020");
    assert_eq!(m.registered_on, d(2017, 7, 1));
    assert_eq!(m.criteria.len(), 2);
    assert_eq!(
        (m.criteria[0].actual, m.criteria[0].due),
        (5.5, Some(d(2019, 6, 30)))
    );
    assert_eq!(
        (
            m.criteria[1].target,
            m.criteria[1].actual,
            m.criteria[1].due
        ),
        (12.0, 0.0, None)
    );
    // The second row starts on line 5: the quoted summary and criteria span three lines.
    assert_eq!(v[1].line, 5);
    // A problem in a row after a multi-line cell is placed at that row's first line.
    let bad = f.replace("2017-07-02", "2017-13-02");
    assert_eq!(
        problems(ImportKind::Models, &bad),
        vec!["f.csv:5:7: “2017-13-02” is not a valid date (use dd/mm/yyyy or yyyy-mm-dd)"]
    );
}

#[test]
fn vietnamese_words_with_and_without_diacritics() {
    let f = format!(
        "{MODEL_HEAD},person,status,outcome,step\n\
         MH1,CB1,Tập thể,A,Phát triển kinh tế,2017-2020,2017-07-01,,Đã duyệt,Tiêu biểu,3\n\
         MH2,CB1,ca nhan,B,van hoa - xa hoi,2017-2020,2017-07-01,Nguyễn Văn A,DU THAO,khong cong nhan,\n\
         MH3,CB1,INDIVIDUAL,C,professional,2017-2020,2017-07-01,Lê Thị B,,,\n"
    );
    let v = models(&f);
    let got: Vec<_> = v
        .iter()
        .map(|m| {
            (
                m.model.kind,
                m.model.field.as_str(),
                m.model.status,
                m.model.outcome,
                m.model.step,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                ModelKind::Collective,
                "economy",
                RegStatus::Approved,
                Outcome::Outstanding,
                3
            ),
            (
                ModelKind::Individual,
                "culture_society",
                RegStatus::Draft,
                Outcome::NotRecognized,
                1
            ),
            (
                ModelKind::Individual,
                "professional",
                RegStatus::Approved,
                Outcome::Pending,
                1
            ),
        ]
    );
    let f = "model_code,body,form,decision_no,decided_on\n\
             MH1,Ban Dân vận Tỉnh ủy,Giấy khen,12-QĐ/BDVTU,20/10/2020\nMH2,UBND tỉnh,bang khen,34/QĐ-UBND,2020-11-02\n";
    let Ok(Parsed {
        batch: ImportBatch::Awards(a),
        ..
    }) = run(ImportKind::Awards, f.as_bytes())
    else {
        panic!()
    };
    assert_eq!(
        (a[0].award.form.as_str(), a[1].award.form.as_str()),
        ("giay_khen", "bang_khen")
    );
    assert_eq!(a[0].model_code, "MH1");
    let f = "model_code,date,kind,step,next_due\nMH1,2018-01-02,Kiểm tra,2,2018-04-02\nMH1,2018-02-02,tu bao cao,,\n";
    let Ok(Parsed {
        batch: ImportBatch::CheckIns(c),
        ..
    }) = run(ImportKind::CheckIns, f.as_bytes())
    else {
        panic!()
    };
    assert_eq!(
        (c[0].checkin.kind, c[0].checkin.step),
        (CheckInKind::Inspection, Some(2))
    );
    assert_eq!(
        (c[1].checkin.kind, c[1].checkin.step, c[1].checkin.next_due),
        (CheckInKind::SelfReport, None, None)
    );
}

#[test]
fn store_problems_are_placed_at_their_columns() {
    let columns: Vec<String> = ["title", "code", "unit_code"].map(String::from).to_vec();
    let ps = vec![
        Problem {
            line: Some(3),
            field: "unit_code".into(),
            msg: Msg::UnknownUnit { code: "X".into() },
        },
        Problem {
            line: Some(2),
            field: "step".into(),
            msg: Msg::StepOutOfRange { step: 7, max: 5 },
        },
        Problem {
            line: None,
            field: "period".into(),
            msg: Msg::Required,
        },
    ];
    let got: Vec<_> = locate(&ps, &columns)
        .iter()
        .map(|p| p.render("m.csv", Lang::Vi))
        .collect();
    assert_eq!(
        got,
        vec![
            "m.csv:1:2: bắt buộc phải nhập",
            "m.csv:2:2: bước 7 không có (giai đoạn có 5 bước)",
            "m.csv:3:3: không có đơn vị mã “X”",
        ]
    );
    // Without the field's column: the key column, or the first.
    let columns: Vec<String> = ["date", "model_code"].map(String::from).to_vec();
    assert_eq!(locate(&ps[..1], &columns)[0].column, 2);
    let columns: Vec<String> = ["date", "note"].map(String::from).to_vec();
    assert_eq!(locate(&ps[..1], &columns)[0].column, 1);
}

#[test]
fn kinds_from_the_command_line() {
    for k in IMPORT_ORDER {
        assert_eq!(k.word().parse::<ImportKind>(), Ok(*k));
        assert_eq!(ImportKind::parse(&k.file_name()), Some(*k));
    }
    assert_eq!(ImportKind::parse("Check-ins"), Some(ImportKind::CheckIns));
    assert!("people".parse::<ImportKind>().is_err());
    assert_eq!(IMPORT_ORDER.len(), 9);
    assert_eq!(IMPORT_ORDER[1], ImportKind::Reviews);
}

#[test]
fn many_problems_are_cut_at_fifty() {
    let mut f = String::from("code,name\n");
    for _ in 0..60 {
        f.push_str(",x\n");
    }
    let Err(ps) = run(ImportKind::Units, f.as_bytes()) else {
        panic!()
    };
    assert_eq!(ps.len(), 60);
    let lines = import::render_all(&ps, "u.csv", Lang::Vi);
    assert_eq!(lines.len(), 51);
    assert_eq!(lines[50], "… và 10 lỗi khác");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..400), k in 0usize..8) {
        let _ = run(IMPORT_ORDER[k], &data);
    }

    #[test]
    fn arbitrary_rows_under_a_real_header_never_panic(body in "[a-zA-Z0-9,;=|/\\-\"\n .đĐ\u{200b}\u{1b}]{0,300}", k in 0usize..8) {
        let kind = IMPORT_ORDER[k];
        let head: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
        let data = format!("{}\n{body}", head.join(","));
        if let Err(ps) = run(kind, data.as_bytes()) {
            for p in ps {
                let line = p.render("f.csv", Lang::Vi);
                let safe = !line.contains('\n') && !line.contains('\u{1b}');
                prop_assert!(safe, "unsafe line: {:?}", line);
            }
        }
    }
}

/// The sample files under `tests/fixtures/csv/` (contract columns only, as staff would
/// write them: BOM and CRLF, Vietnamese words, day-first dates) import; the bad one is
/// refused with every problem.
#[test]
fn fixture_files() {
    let fixture = |n: &str| {
        std::fs::read(format!(
            "{}/tests/fixtures/csv/{n}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    for (kind, name, rows) in [
        (ImportKind::Units, "units.csv", 3),
        (ImportKind::Models, "models.csv", 2),
        (ImportKind::CheckIns, "checkins.csv", 2),
        (ImportKind::Awards, "awards.csv", 2),
    ] {
        match run(kind, &fixture(name)) {
            Ok(p) => assert_eq!(p.batch.len(), rows, "{name}"),
            Err(ps) => panic!(
                "{name}: {:?}",
                ps.iter()
                    .map(|p| p.render(name, Lang::En))
                    .collect::<Vec<_>>()
            ),
        }
    }
    assert_eq!(
        problems_bytes(ImportKind::Models, &fixture("models_bad.csv")),
        vec![
            "f.csv:1:9: unknown column “colour”",
            "f.csv:2:3: “nhóm” is not valid; use one of: collective (Tập thể), individual (Cá nhân)",
            "f.csv:2:7: no such day: 31/02/2018 (2/2018 has 28 days)",
            "f.csv:3:8: an individual exemplar needs the person's name",
        ]
    );
}

/// A check-ins file whose third row has a bad `kind` cell, with the lines ended by `eol`,
/// and a quoted note spanning two lines in the first row.
fn checkins_with_eol(eol: &str) -> String {
    format!(
        "model_code,date,kind,note{eol}MH1,2018-03-01,survey,\"Dòng 1{eol}Dòng 2\"{eol}MH1,2018-04-01,survey,B{eol}{eol}MH1,2018-05-01,maybe,C{eol}"
    )
}

#[test]
fn line_numbers_are_editor_lines_for_lf_crlf_and_cr() {
    // Header 1, the first row 2–3, the second 4, an empty line 5, the third 6.
    for eol in ["\n", "\r\n", "\r"] {
        let f = checkins_with_eol(eol);
        let ps = problems(ImportKind::CheckIns, &f);
        assert_eq!(ps.len(), 1, "{eol:?}: {ps:?}");
        assert!(ps[0].starts_with("f.csv:6:3: "), "{eol:?}: {ps:?}");
    }
    // Mixed line ends, as in files edited on several systems: each counts once.
    let mixed = "model_code,date,kind,note\r\nMH1,2018-03-01,survey,\"a\rb\r\nc\nd\"\nMH1,2018-04-01,survey,B\r\rMH1,2018-05-01,maybe,C\n";
    // Header 1; the first row 2–5 (CR, CRLF, LF inside the quotes); the second 6; an empty
    // line 7; the third 8.
    assert_eq!(
        problems(ImportKind::CheckIns, mixed)[0].split(' ').next(),
        Some("f.csv:8:3:")
    );
    let Ok(Parsed {
        batch: ImportBatch::CheckIns(v),
        ..
    }) = run(
        ImportKind::CheckIns,
        mixed.replace("maybe", "survey").as_bytes(),
    )
    else {
        panic!()
    };
    assert_eq!(v.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 6, 8]);
    // With a byte-order mark too.
    let f = format!("\u{feff}{}", checkins_with_eol("\r\n"));
    assert!(problems(ImportKind::CheckIns, &f)[0].starts_with("f.csv:6:3: "));
}
