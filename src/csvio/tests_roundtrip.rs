//! Export then parse, at the CSV level: a hand-built dataset written by `write_csv` reads
//! back as the same records (ids aside), in a fixed order, byte for byte the same each time.

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::api::*;
use crate::domain::codes::{default_fields, default_forms, default_period, default_steps};
use crate::domain::text;
use crate::domain::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn unit(id: Id, code: &str, name: &str, parent: Option<Id>, kind: UnitKind, active: bool) -> Unit {
    Unit {
        id,
        code: code.into(),
        name: name.into(),
        parent,
        kind,
        active,
        rev: 3,
    }
}

fn sample() -> Dataset {
    let mut p1 = default_period("2017-2020").unwrap();
    p1.guidance = "04-HD/BDVTU".into();
    p1.guidance_date = Some(d(2017, 6, 1));
    p1.reviews = vec![
        Review {
            kind: ReviewKind::Interim,
            date: d(2018, 12, 20),
            title: "Sơ kết 02 năm".into(),
            doc_no: "38-BC/ĐUK".into(),
        },
        Review {
            kind: ReviewKind::Final,
            date: d(2020, 10, 12),
            title: "Hội nghị tổng kết, \"=giai đoạn\"".into(),
            doc_no: String::new(),
        },
    ];
    let mut p2 = default_period("2021-2025").unwrap();
    p2.checkin_interval_days = 120;
    p2.steps = vec![
        StepDef {
            vi: "Đăng ký".into(),
            en: "Register".into(),
        },
        StepDef {
            vi: "Thực hiện, sơ kết".into(),
            en: "Implement, review".into(),
        },
    ];
    let mut fields = default_fields();
    fields.push(FieldDef {
        code: "digital".into(),
        vi: "Chuyển đổi số".into(),
        en: "Digital transformation".into(),
    });
    let mut forms = default_forms();
    forms.push(AwardForm {
        code: "ky_niem_chuong".into(),
        vi: "kỷ niệm chương".into(),
        en: "commemorative medal".into(),
    });
    let bodies = vec![
        Body {
            key: text::name_key("Ban Dân vận Tỉnh ủy"),
            name: "Ban Dân vận Tỉnh ủy".into(),
            rank: 1,
        },
        Body {
            key: text::name_key("Ban Thường vụ Đảng ủy Khối"),
            name: "Ban Thường vụ Đảng ủy Khối".into(),
            rank: 2,
        },
    ];
    // Codes chosen so that sorting by code alone would put a child before its parent.
    let units = vec![
        unit(
            7,
            "A-CB2",
            "Chi bộ Văn phòng, Sở Nội vụ",
            Some(9),
            UnitKind::PartyCell,
            true,
        ),
        unit(
            9,
            "Z-DB",
            "Đảng bộ Sở Nội vụ",
            None,
            UnitKind::PartyCommittee,
            true,
        ),
        unit(
            4,
            "M-CD",
            "Công đoàn cơ quan",
            Some(9),
            UnitKind::MassOrg,
            false,
        ),
        unit(5, "B-CQ", "Sở Tài chính", None, UnitKind::Agency, true),
        unit(
            6,
            "A-CB2-T1",
            "Tổ Đảng số 1",
            Some(7),
            UnitKind::Other,
            true,
        ),
    ];
    let registration = Registration {
        problem: "Nhiều hộ còn khó khăn;\nthiếu vốn sản xuất".into(),
        goals: "Giảm 20 hộ nghèo, \"thoát nghèo bền vững\"".into(),
        activities: "Tuyên truyền, vận động\nHỗ trợ giống cây trồng".into(),
        area: "Xã Khuổi Phầy".into(),
        beneficiaries: "Hộ nghèo, cận nghèo".into(),
        lead_forces: "Chi bộ, Hội Nông dân".into(),
        partners: "Ngân hàng Chính sách xã hội".into(),
        resources: "50 triệu đồng".into(),
        start_on: Some(d(2017, 8, 1)),
        end_on: Some(d(2020, 6, 30)),
        outputs: "Báo cáo sơ kết".into(),
    };
    let m1 = Model {
        outcome_on: Some(d(2020, 10, 12)),
        outcome_decision: "125-QĐ/ĐUK".into(),
        id: 11,
        code: "MH-02".into(),
        unit: 7,
        kind: ModelKind::Collective,
        title: "Dân vận khéo trong giảm nghèo, xây dựng nông thôn mới".into(),
        person: String::new(),
        position: String::new(),
        leader: "Hoàng Văn Nam".into(),
        field: "economy".into(),
        period: "2017-2020".into(),
        registered_on: d(2017, 7, 1),
        status: RegStatus::Approved,
        step: 4,
        outcome: Outcome::Outstanding,
        summary: "Dòng 1\nDòng 2, có dấu phẩy".into(),
        registration,
        criteria: vec![
            Criterion {
                name: "Hộ thoát nghèo".into(),
                measure: "hộ".into(),
                target: 20.0,
                actual: 12.5,
                due: Some(d(2019, 12, 31)),
            },
            Criterion {
                name: "Buổi tuyên truyền".into(),
                measure: String::new(),
                target: 0.1,
                actual: 0.0,
                due: None,
            },
        ],
        rev: 5,
    };
    let m2 = Model {
        outcome_on: None,
        outcome_decision: String::new(),
        id: 12,
        code: "MH-01".into(),
        unit: 6,
        kind: ModelKind::Individual,
        title: "Cán bộ dân vận khéo".into(),
        person: "Lê Thị Ánh".into(),
        position: "Bí thư chi bộ".into(),
        leader: String::new(),
        field: "digital".into(),
        period: "2021-2025".into(),
        registered_on: d(2021, 9, 1),
        status: RegStatus::Draft,
        step: 1,
        outcome: Outcome::Pending,
        summary: String::new(),
        registration: Registration::default(),
        criteria: vec![],
        rev: 1,
    };
    let ci = |id, model, date, kind, actuals: Vec<(u16, f64)>, step, next_due| CheckIn {
        id,
        model,
        date,
        kind,
        by: "Đoàn kiểm tra số 2".into(),
        note: "Đạt yêu cầu,\nđề nghị nhân rộng".into(),
        step,
        actuals,
        next_due,
        rev: 2,
    };
    let checkins = vec![
        ci(
            21,
            11,
            d(2018, 3, 1),
            CheckInKind::Supervision,
            vec![(0, 5.0), (1, 0.05)],
            Some(3),
            Some(d(2018, 6, 1)),
        ),
        ci(
            22,
            11,
            d(2018, 3, 1),
            CheckInKind::Inspection,
            vec![],
            None,
            None,
        ),
        ci(
            23,
            12,
            d(2021, 10, 1),
            CheckInKind::SelfReport,
            vec![],
            Some(1),
            None,
        ),
        ci(
            24,
            11,
            d(2017, 12, 1),
            CheckInKind::Survey,
            vec![(1, 3.0)],
            None,
            None,
        ),
    ];
    let aw = |id, model, body: &str, form: &str, no: &str, on| Award {
        id,
        model,
        body: body.into(),
        form: form.into(),
        decision_no: no.into(),
        decided_on: on,
        note: String::new(),
        rev: 1,
    };
    let awards = vec![
        aw(
            31,
            11,
            "Ban Thường vụ Đảng ủy Khối",
            "giay_khen",
            "15-QĐ/ĐUK",
            d(2020, 10, 12),
        ),
        aw(
            32,
            11,
            "Ban Dân vận Tỉnh ủy",
            "giay_khen",
            "120-QĐ/BDVTU",
            d(2020, 10, 20),
        ),
        aw(
            33,
            12,
            "Ban Dân vận Tỉnh ủy",
            "ky_niem_chuong",
            "7-QĐ/BDVTU",
            d(2022, 1, 5),
        ),
    ];
    let replications = vec![
        Replication {
            id: 41,
            model: 11,
            unit: 5,
            date: d(2020, 11, 1),
            note: "Áp dụng tại cơ quan".into(),
            rev: 1,
        },
        Replication {
            id: 42,
            model: 11,
            unit: 4,
            date: d(2020, 11, 1),
            note: String::new(),
            rev: 1,
        },
    ];
    Dataset {
        periods: vec![p2, p1],
        fields,
        forms,
        bodies,
        units,
        models: vec![m1, m2],
        checkins,
        awards,
        replications,
        audit: vec![],
    }
}

fn read(dir: &Path, kind: ImportKind, ds: &Dataset) -> ImportBatch {
    let data = std::fs::read(dir.join(kind.file_name())).unwrap();
    match parse(kind, &kind.file_name(), &data, &ds.fields, &ds.forms) {
        Ok(p) => p.batch,
        Err(ps) => panic!(
            "{kind}: {:?}",
            ps.iter()
                .map(|p| p.render(&kind.file_name(), Lang::En))
                .collect::<Vec<_>>()
        ),
    }
}

fn code_of(ds: &Dataset, unit: Id) -> &str {
    &ds.units.iter().find(|u| u.id == unit).unwrap().code
}

fn model_code(ds: &Dataset, model: Id) -> &str {
    &ds.models.iter().find(|m| m.id == model).unwrap().code
}

#[test]
fn csv_export_reads_back_as_the_same_records() {
    let ds = sample();
    let dir = tempfile::tempdir().unwrap();
    let paths = write_csv(&ds, dir.path()).unwrap();
    assert_eq!(paths.len(), 9);

    let ImportBatch::Periods(p) = read(dir.path(), ImportKind::Periods, &ds) else {
        panic!()
    };
    let got: Vec<Period> = p.into_iter().map(|r| r.record).collect();
    // A period's row carries only the final review's date; `reviews.csv` carries them all.
    let only_final = |p: &Period| Period {
        reviews: p.final_review().map(Review::final_on).into_iter().collect(),
        ..p.clone()
    };
    assert_eq!(
        got,
        vec![only_final(&ds.periods[1]), only_final(&ds.periods[0])],
        "periods by start year"
    );
    let ImportBatch::Reviews(r) = read(dir.path(), ImportKind::Reviews, &ds) else {
        panic!()
    };
    let p1 = ds.periods.iter().find(|p| p.code == "2017-2020").unwrap();
    assert_eq!(p1.reviews.len(), 2);
    assert_eq!(
        r.iter()
            .map(|x| (x.period.as_str(), x.review.clone()))
            .collect::<Vec<_>>(),
        p1.reviews
            .iter()
            .map(|x| ("2017-2020", x.clone()))
            .collect::<Vec<_>>()
    );
    assert_eq!(got[0].steps, default_steps());

    let ImportBatch::Fields(f) = read(dir.path(), ImportKind::Fields, &ds) else {
        panic!()
    };
    assert_eq!(
        f.into_iter().map(|r| r.record).collect::<Vec<_>>(),
        ds.fields
    );
    let ImportBatch::Forms(f) = read(dir.path(), ImportKind::Forms, &ds) else {
        panic!()
    };
    assert_eq!(
        f.into_iter().map(|r| r.record).collect::<Vec<_>>(),
        ds.forms
    );

    let ImportBatch::Units(u) = read(dir.path(), ImportKind::Units, &ds) else {
        panic!()
    };
    let order: Vec<&str> = u.iter().map(|x| x.unit.code.as_str()).collect();
    assert_eq!(
        order,
        vec!["B-CQ", "Z-DB", "A-CB2", "A-CB2-T1", "M-CD"],
        "parents before children, then code"
    );
    for x in &u {
        let orig = ds.units.iter().find(|o| o.code == x.unit.code).unwrap();
        let want = Unit {
            id: 0,
            parent: None,
            rev: 0,
            ..orig.clone()
        };
        assert_eq!(x.unit, want);
        assert_eq!(
            x.parent_code.as_deref(),
            orig.parent.map(|p| code_of(&ds, p))
        );
    }

    let ImportBatch::Models(m) = read(dir.path(), ImportKind::Models, &ds) else {
        panic!()
    };
    assert_eq!(
        m.iter().map(|x| x.model.code.as_str()).collect::<Vec<_>>(),
        vec!["MH-01", "MH-02"]
    );
    for x in &m {
        let orig = ds.models.iter().find(|o| o.code == x.model.code).unwrap();
        assert_eq!(
            x.model,
            Model {
                id: 0,
                unit: 0,
                rev: 0,
                ..orig.clone()
            }
        );
        assert_eq!(x.unit_code, code_of(&ds, orig.unit));
    }

    let ImportBatch::CheckIns(c) = read(dir.path(), ImportKind::CheckIns, &ds) else {
        panic!()
    };
    let ids = [23, 24, 22, 21]; // MH-01 first; MH-02 by date, then kind (inspection < supervision)
    assert_eq!(c.len(), ids.len());
    for (x, id) in c.iter().zip(ids) {
        let orig = ds.checkins.iter().find(|o| o.id == id).unwrap();
        assert_eq!(
            x.checkin,
            CheckIn {
                id: 0,
                model: 0,
                rev: 0,
                ..orig.clone()
            }
        );
        assert_eq!(x.model_code, model_code(&ds, orig.model));
    }

    let ImportBatch::Awards(a) = read(dir.path(), ImportKind::Awards, &ds) else {
        panic!()
    };
    let ids = [32, 33, 31]; // bodies in rank order, then date
    for (x, id) in a.iter().zip(ids) {
        let orig = ds.awards.iter().find(|o| o.id == id).unwrap();
        assert_eq!(
            x.award,
            Award {
                id: 0,
                model: 0,
                rev: 0,
                ..orig.clone()
            }
        );
        assert_eq!(x.model_code, model_code(&ds, orig.model));
    }
    assert_eq!(a.len(), 3);

    let ImportBatch::Replications(r) = read(dir.path(), ImportKind::Replications, &ds) else {
        panic!()
    };
    let ids = [41, 42]; // same model and date: by unit code (B-CQ before M-CD)
    for (x, id) in r.iter().zip(ids) {
        let orig = ds.replications.iter().find(|o| o.id == id).unwrap();
        assert_eq!(
            x.replication,
            Replication {
                id: 0,
                model: 0,
                unit: 0,
                rev: 0,
                ..orig.clone()
            }
        );
        assert_eq!(
            (x.model_code.as_str(), x.unit_code.as_str()),
            (model_code(&ds, orig.model), code_of(&ds, orig.unit))
        );
    }
    assert_eq!(r.len(), 2);
}

#[test]
fn exports_are_byte_identical_and_leave_no_temporary_files() {
    let ds = sample();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_csv(&ds, a.path()).unwrap();
    write_json(&ds, a.path()).unwrap();
    // The same records in another order give the same files.
    let mut shuffled = ds.clone();
    shuffled.units.reverse();
    shuffled.models.reverse();
    shuffled.checkins.reverse();
    shuffled.awards.reverse();
    shuffled.replications.reverse();
    shuffled.periods.reverse();
    write_csv(&shuffled, b.path()).unwrap();
    write_json(&shuffled, b.path()).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "awards",
            "checkins",
            "dvk",
            "fields",
            "forms",
            "models",
            "periods",
            "replications",
            "reviews",
            "units"
        ]
        .map(|n| if n == "dvk" {
            "dvk.json".to_string()
        } else {
            format!("{n}.csv")
        })
    );
    for n in &names {
        assert_eq!(
            std::fs::read(a.path().join(n)).unwrap(),
            std::fs::read(b.path().join(n)).unwrap(),
            "{n}"
        );
    }
    let units = std::fs::read_to_string(a.path().join("units.csv")).unwrap();
    assert!(
        units.starts_with(
            "\u{feff}code,name,parent_code,kind,active\nB-CQ,Sở Tài chính,,agency,true\n"
        ),
        "{units}"
    );
}

#[test]
fn json_is_keyed_by_codes_without_ids() {
    let v = export::to_json(&sample());
    assert_eq!(v["units"]["A-CB2"]["parent_code"], "Z-DB");
    assert_eq!(v["models"]["MH-02"]["unit_code"], "A-CB2");
    assert_eq!(v["models"]["MH-02"]["kind"], "collective");
    assert_eq!(v["models"]["MH-02"]["registered_on"], "2017-07-01");
    assert_eq!(
        v["models"]["MH-02"]["awards"][0]["body"],
        "Ban Dân vận Tỉnh ủy"
    );
    assert_eq!(
        v["models"]["MH-02"]["checkins"].as_array().unwrap().len(),
        3
    );
    // The typed actual (what import reads back) and the one the latest check-in reported.
    let crit = &v["models"]["MH-02"]["criteria"];
    assert_eq!(
        (crit[0]["actual"].as_f64(), crit[0]["current"].as_f64()),
        (Some(12.5), Some(5.0))
    );
    assert_eq!(crit[1]["current"].as_f64(), Some(0.05));
    assert_eq!(v["periods"]["2017-2020"]["guidance"], "04-HD/BDVTU");
    assert_eq!(v["bodies"][1], "Ban Thường vụ Đảng ủy Khối");
    let text = serde_json::to_string(&v).unwrap();
    assert!(!text.contains("\"id\"") && !text.contains("\"rev\"") && !text.contains("audit"));
}

#[test]
fn a_failed_export_leaves_no_half_written_file() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where `models.csv` should go makes the rename fail.
    std::fs::create_dir(dir.path().join("models.csv")).unwrap();
    std::fs::write(dir.path().join("models.csv").join("keep"), b"x").unwrap();
    assert!(write_csv(&sample(), dir.path()).is_err());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn formula_like_text_is_guarded_in_the_file_and_read_back_as_it_was() {
    let mut ds = sample();
    ds.units[3].code = "-B-CQ".into();
    ds.units[3].name = "=HYPERLINK(\"http://x\",\"Sở\")".into();
    ds.models[0].title = "+84 912 345 678".into();
    ds.models[0].summary = "- gạch đầu dòng\n- dòng hai".into();
    ds.models[1].leader = "'=đã có dấu nháy".into();
    ds.checkins[0].by = "@Tổ kiểm tra".into();
    ds.awards[0].note = "-".into();
    let dir = tempfile::tempdir().unwrap();
    write_csv(&ds, dir.path()).unwrap();
    for k in IMPORT_ORDER {
        let bytes = std::fs::read(dir.path().join(k.file_name())).unwrap();
        assert!(bytes.starts_with(BOM.as_bytes()), "{k}");
    }
    let units = std::fs::read_to_string(dir.path().join("units.csv")).unwrap();
    assert!(
        units.contains("'-B-CQ,\"'=HYPERLINK(\"\"http://x\"\",\"\"Sở\"\")\","),
        "{units}"
    );
    let models = std::fs::read_to_string(dir.path().join("models.csv")).unwrap();
    assert!(models.contains(",'+84 912 345 678,"), "{models}");
    assert!(
        models.contains("\"'- gạch đầu dòng\n- dòng hai\""),
        "{models}"
    );
    assert!(models.contains(",''=đã có dấu nháy,"), "{models}");
    // No cell of any file begins like a formula.
    for k in IMPORT_ORDER {
        let data = std::fs::read(dir.path().join(k.file_name())).unwrap();
        let mut rd = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&data[3..]);
        for r in rd.records() {
            for c in r.unwrap().iter() {
                assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']), "{k}: {c}");
            }
        }
    }

    let ImportBatch::Units(u) = read(dir.path(), ImportKind::Units, &ds) else {
        panic!()
    };
    let u = u.iter().find(|r| r.unit.code == "-B-CQ").unwrap();
    assert_eq!(u.unit.name, ds.units[3].name);
    let ImportBatch::Models(m) = read(dir.path(), ImportKind::Models, &ds) else {
        panic!()
    };
    let by_code = |c: &str| m.iter().find(|r| r.model.code == c).unwrap().model.clone();
    assert_eq!(by_code("MH-02").title, ds.models[0].title);
    assert_eq!(by_code("MH-02").summary, ds.models[0].summary);
    assert_eq!(by_code("MH-01").leader, ds.models[1].leader);
    let ImportBatch::CheckIns(c) = read(dir.path(), ImportKind::CheckIns, &ds) else {
        panic!()
    };
    assert!(c.iter().any(|r| r.checkin.by == "@Tổ kiểm tra"));
    let ImportBatch::Awards(a) = read(dir.path(), ImportKind::Awards, &ds) else {
        panic!()
    };
    assert!(a.iter().any(|r| r.award.note == "-"));
}
