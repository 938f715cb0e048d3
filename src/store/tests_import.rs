//! Tests of imports (all or none, every kind of problem, dry runs) and of undo.

use super::tests::{d, fresh};
use crate::api::*;
use crate::domain::*;

fn mrow(f: &super::tests::Fx, line: u64, code: &str, unit_code: &str) -> ModelImport {
    let _ = f;
    ModelImport {
        line,
        unit_code: unit_code.into(),
        model: Model {
            outcome_on: None,
            outcome_decision: String::new(),
            id: 0,
            code: code.into(),
            unit: 0,
            kind: ModelKind::Collective,
            title: format!("Mô hình {code}"),
            person: String::new(),
            position: String::new(),
            leader: String::new(),
            field: "Phát triển kinh tế".into(),
            period: "2021 - 2025".into(),
            registered_on: d(2021, 6, 1),
            status: RegStatus::Submitted,
            step: 1,
            outcome: Outcome::Pending,
            summary: String::new(),
            registration: Registration::default(),
            criteria: vec![],
            rev: 0,
        },
    }
}

fn urow(line: u64, code: &str, parent: Option<&str>) -> UnitImport {
    UnitImport {
        line,
        parent_code: parent.map(Into::into),
        unit: Unit {
            id: 0,
            code: code.into(),
            name: format!("Chi bộ {code}"),
            parent: None,
            kind: UnitKind::PartyCell,
            active: true,
            rev: 0,
        },
    }
}

#[test]
fn units_import_resolves_parents_later_in_the_file() {
    let f = fresh();
    let rows = vec![
        urow(2, "C", Some("B")),
        urow(3, "B", Some("A")),
        urow(4, "A", None),
    ];
    assert_eq!(
        f.api()
            .import(ImportBatch::Units(rows.clone()), true)
            .unwrap(),
        3
    );
    assert!(
        f.api().units().unwrap().is_empty(),
        "a dry run writes nothing"
    );
    assert_eq!(f.api().import(ImportBatch::Units(rows), false).unwrap(), 3);
    let order: Vec<_> = f
        .api()
        .unit_rows(None)
        .unwrap()
        .iter()
        .map(|r| (r.unit.code.clone(), r.depth))
        .collect();
    assert_eq!(
        order,
        vec![("A".into(), 0), ("B".into(), 1), ("C".into(), 2)]
    );
    // One audit entry for the whole file.
    let ds = f.api().dataset().unwrap();
    assert_eq!(ds.audit.len(), 1);
    assert_eq!(
        ds.audit[0].record,
        RecordRef::Import {
            file: "units".into(),
            rows: 3
        }
    );
    f.sound();
}

#[test]
fn units_import_reports_every_problem() {
    let f = fresh();
    f.unit("OLD", "Cũ", None);
    let before = f.api().dataset().unwrap();
    let mut bad_name = urow(5, "N", None);
    bad_name.unit.name = "x\u{7}".into();
    let rows = vec![
        urow(2, "OLD", None),
        urow(3, "P", Some("Q")),
        urow(4, "Q", Some("P")),
        bad_name,
        urow(6, "P", None),
        urow(7, "R", Some("NOPE")),
    ];
    let Err(ApiError::Invalid(p)) = f.api().import(ImportBatch::Units(rows), false) else {
        panic!()
    };
    let got: Vec<_> = p
        .iter()
        .map(|p| (p.line.unwrap(), p.field.as_str(), p.msg.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "code", Msg::DuplicateCode { code: "OLD".into() }),
            (5, "name", Msg::ControlChar { code: 7 }),
            (
                6,
                "code",
                Msg::DuplicateInFile {
                    code: "P".into(),
                    line: 3
                }
            ),
            (
                7,
                "parent_code",
                Msg::UnknownUnit {
                    code: "NOPE".into()
                }
            ),
            (3, "parent_code", Msg::ParentCycle { code: "Q".into() }),
            (4, "parent_code", Msg::ParentCycle { code: "P".into() }),
        ]
    );
    assert_eq!(f.api().dataset().unwrap(), before, "nothing written");
}

#[test]
fn models_checkins_awards_import_all_or_none() {
    let f = fresh();
    f.unit("CB1", "Chi bộ 1", None);
    let rows = vec![mrow(&f, 2, "M1", "CB1"), mrow(&f, 3, "M2", "CB1")];
    assert_eq!(f.api().import(ImportBatch::Models(rows), false).unwrap(), 2);
    assert_eq!(f.api().periods().unwrap()[0].code, "2021-2025");
    let s = f.api().status(None, d(2021, 7, 1)).unwrap();
    assert_eq!((s.collective, s.units_registered), (2, 1));
    let before = f.api().dataset().unwrap();

    let mut bad = mrow(&f, 5, "M4", "CB1");
    bad.model.step = 0;
    bad.model.field = "space".into();
    bad.model.period = "2021".into();
    let mut indiv = mrow(&f, 7, "M6", "CB1");
    indiv.model.kind = ModelKind::Individual;
    // The code of a stored model with other content: a row equal to it would be skipped.
    let mut other = mrow(&f, 2, "M1", "CB1");
    other.model.title = "Một mô hình khác".into();
    let rows = vec![
        other,
        mrow(&f, 3, "M3", "NOPE"),
        mrow(&f, 4, "M3", "CB1"),
        bad,
        indiv,
    ];
    let Err(ApiError::Invalid(p)) = f.api().import(ImportBatch::Models(rows), false) else {
        panic!()
    };
    let got: Vec<_> = p
        .iter()
        .map(|p| (p.line.unwrap(), p.field.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "code"),
            (3, "unit_code"),
            (4, "code"),
            (5, "period"),
            (5, "step"),
            (5, "field"),
            (7, "person")
        ]
    );
    assert_eq!(p[0].msg, Msg::DuplicateCode { code: "M1".into() });
    assert_eq!(
        p[2].msg,
        Msg::DuplicateInFile {
            code: "M3".into(),
            line: 3
        }
    );

    let ci = |line, code: &str, date, kind| CheckInImport {
        line,
        model_code: code.into(),
        checkin: CheckIn {
            id: 0,
            model: 0,
            date,
            kind,
            by: String::new(),
            note: String::new(),
            step: None,
            actuals: vec![],
            next_due: None,
            rev: 0,
        },
    };
    let ok = vec![ci(2, "M1", d(2021, 8, 1), CheckInKind::Inspection)];
    f.api().import(ImportBatch::CheckIns(ok), false).unwrap();
    // A check-in of the same model, date and kind as a stored one is skipped, not refused.
    let rows = vec![
        ci(2, "M1", d(2021, 8, 1), CheckInKind::Inspection),
        ci(3, "M1", d(2021, 8, 1), CheckInKind::Survey),
        ci(4, "M2", d(2021, 9, 1), CheckInKind::Survey),
        ci(5, "M2", d(2021, 9, 1), CheckInKind::Survey),
        ci(6, "M9", d(2021, 9, 1), CheckInKind::Survey),
        ci(7, "M2", d(2020, 1, 1), CheckInKind::Survey),
    ];
    let Err(ApiError::Invalid(p)) = f.api().import(ImportBatch::CheckIns(rows), false) else {
        panic!()
    };
    let got: Vec<_> = p
        .iter()
        .map(|p| (p.line.unwrap(), p.field.as_str(), p.msg.clone()))
        .collect();
    assert_eq!(
        got[0],
        (
            5,
            "date",
            Msg::DuplicateInFile {
                code: "M2".into(),
                line: 4
            }
        )
    );
    assert_eq!(
        got[1],
        (6, "model_code", Msg::UnknownModel { code: "M9".into() })
    );
    assert_eq!((got[2].0, got[2].1), (7, "date"));
    assert_eq!(got.len(), 3);

    let aw = |line, code: &str, form: &str, no: &str| AwardImport {
        line,
        model_code: code.into(),
        award: Award {
            id: 0,
            model: 0,
            body: "Ban Thường vụ Đảng ủy Khối".into(),
            form: form.into(),
            decision_no: no.into(),
            decided_on: d(2022, 1, 1),
            note: String::new(),
            rev: 0,
        },
    };
    f.api()
        .import(
            ImportBatch::Awards(vec![aw(2, "M1", "giấy khen", "1-QĐ")]),
            false,
        )
        .unwrap();
    // The decision of a stored award of the model with another form: refused (the same
    // body, form and decision would be skipped).
    let rows = vec![
        aw(2, "M1", "bang_khen", "1-QĐ"),
        aw(3, "M2", "huy chương", "2"),
        aw(4, "M2", "bằng khen", "3"),
        aw(5, "M2", "bang_khen", "3"),
    ];
    let Err(ApiError::Invalid(p)) = f.api().import(ImportBatch::Awards(rows), false) else {
        panic!()
    };
    let got: Vec<_> = p
        .iter()
        .map(|p| (p.line.unwrap(), p.field.as_str(), p.msg.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "decision_no", Msg::DuplicateRecord),
            (
                3,
                "form",
                Msg::UnknownForm {
                    code: "huy chương".into()
                }
            ),
            (
                5,
                "decision_no",
                Msg::DuplicateInFile {
                    code: "3".into(),
                    line: 4
                }
            ),
        ]
    );
    let after = f.api().dataset().unwrap();
    assert_eq!(after.models, before.models);
    assert_eq!(after.checkins.len(), 1);
    assert_eq!(after.awards.len(), 1);
    let s = f.api().status(None, d(2022, 7, 1)).unwrap();
    assert_eq!((s.checkins, s.awards_total), (1, 1));
    f.sound();
}

#[test]
fn at_most_fifty_problems_then_a_count() {
    let f = fresh();
    let rows: Vec<_> = (0..80)
        .map(|i| mrow(&f, i + 2, &format!("M{i}"), "NOPE"))
        .collect();
    let Err(ApiError::Invalid(p)) = f.api().import(ImportBatch::Models(rows), true) else {
        panic!()
    };
    assert_eq!(p.len(), 51);
    assert_eq!(p[50].msg, Msg::MoreProblems { count: 30 });
}

#[test]
fn undo_restores_exactly_the_previous_record() {
    let f = fresh();
    let a = f.unit("A", "A", None);
    let m = f.approved("M", a);
    let c1 = f.checkin(m.id, d(2018, 2, 1));
    f.award(m.id, "UBND tỉnh", "9");
    let status0 = f.api().status(None, d(2019, 1, 1)).unwrap();

    // Update, then undo: the whole struct comes back.
    let mut changed = m.clone();
    changed.title = "Đổi tên".into();
    changed.kind = ModelKind::Individual;
    changed.person = "Lò Văn B".into();
    changed.period = "2018-2022".into();
    f.api().save(Request::SaveModel(changed)).unwrap();
    assert_eq!(
        f.api().undo().unwrap(),
        (RecordRef::Model(m.id), Action::Update)
    );
    // Everything but the revision, which goes on rather than back.
    assert_eq!(
        f.api().model(m.id).unwrap().model,
        Model {
            rev: m.rev + 2,
            ..m.clone()
        }
    );
    assert_eq!(
        f.api()
            .status(Some("2017-2020".into()), d(2019, 1, 1))
            .unwrap()
            .awards_by,
        status0.awards_by
    );
    f.sound();

    // Delete with children, then undo: model, check-ins and awards come back with their ids.
    let det = f.api().model(m.id).unwrap();
    f.api().delete(Request::DeleteModel { id: m.id }).unwrap();
    assert!(f.api().model(m.id).is_err());
    f.api().undo().unwrap();
    let back = f.api().model(m.id).unwrap();
    assert_eq!(
        (&back.model, &back.checkins, &back.awards),
        (&det.model, &det.checkins, &det.awards)
    );
    assert_eq!(back.checkins[0].id, c1);
    assert_eq!(
        f.api()
            .status(Some("2017-2020".into()), d(2019, 1, 1))
            .unwrap(),
        status0
    );
    f.sound();

    // Create, then undo: gone. Another user's change is not ours to undo.
    let c2 = f.checkin(m.id, d(2018, 3, 1));
    f.api().undo().unwrap();
    assert!(
        f.api()
            .model(m.id)
            .unwrap()
            .checkins
            .iter()
            .all(|c| c.id != c2)
    );
    let other = super::Embedded::new(f.be.store().clone(), "khac".into());
    assert!(matches!(
        Api(&other).undo(),
        Err(ApiError::Msg(Msg::NothingToUndo))
    ));

    // An import is undone as a whole.
    let rows = vec![urow(2, "X", Some("Y")), urow(3, "Y", None)];
    f.api().import(ImportBatch::Units(rows), false).unwrap();
    assert_eq!(f.api().units().unwrap().len(), 3);
    let (r, act) = f.api().undo().unwrap();
    assert_eq!(
        (r, act),
        (
            RecordRef::Import {
                file: "units".into(),
                rows: 2
            },
            Action::Import
        )
    );
    assert_eq!(f.api().units().unwrap().len(), 1);
    f.sound();
    let hist = f.api().history(RecordRef::Model(m.id), 0).unwrap();
    assert_eq!(hist[0].action, Action::Undo);
}

// --- imports catch mistakes --------------------------------------------------------------------

fn problems(r: ApiResult<u64>) -> Vec<(u64, String, Msg)> {
    let Err(ApiError::Invalid(p)) = r else {
        panic!("refused with problems, got {r:?}")
    };
    p.into_iter()
        .map(|p| (p.line.unwrap_or(0), p.field, p.msg))
        .collect()
}

/// A unit `A` and an approved model `M1` of 2017-2020 registered on 1 January 2018.
fn with_model() -> (super::tests::Fx, Model) {
    let f = fresh();
    let a = f.unit("A", "Chi bộ A", None);
    let m = f.approved("M1", a);
    (f, m)
}

#[test]
fn a_registration_date_more_than_a_year_outside_its_period_is_refused() {
    let f = fresh();
    f.unit("A", "Chi bộ A", None);
    let mut far = mrow(&f, 2, "M1", "A");
    far.model.registered_on = d(2027, 6, 1);
    let mut before = mrow(&f, 3, "M2", "A");
    before.model.registered_on = d(2019, 12, 31);
    // A year before the period's first year and a year after its last are still taken.
    let mut edge = mrow(&f, 4, "M3", "A");
    edge.model.registered_on = d(2020, 1, 1);
    let mut late = mrow(&f, 5, "M4", "A");
    late.model.registered_on = d(2026, 12, 31);
    let got = problems(
        f.api()
            .import(ImportBatch::Models(vec![far, before, edge, late]), false),
    );
    assert_eq!(
        got,
        vec![
            (
                2,
                "registered_on".into(),
                Msg::RegisteredOutsidePeriod {
                    date: "01/06/2027".into(),
                    period: "2021-2025".into()
                }
            ),
            (
                3,
                "registered_on".into(),
                Msg::RegisteredOutsidePeriod {
                    date: "31/12/2019".into(),
                    period: "2021-2025".into()
                }
            ),
        ]
    );
    assert!(f.api().periods().unwrap().is_empty(), "nothing was written");
}

#[test]
fn an_outcome_on_a_registration_not_approved_is_refused_at_its_row() {
    let f = fresh();
    f.unit("A", "Chi bộ A", None);
    let mut ok = mrow(&f, 2, "M1", "A");
    ok.model.status = RegStatus::Approved;
    ok.model.step = 4;
    ok.model.outcome = Outcome::Outstanding;
    let mut bad = mrow(&f, 3, "M2", "A");
    bad.model.status = RegStatus::Submitted;
    bad.model.outcome = Outcome::Recognized;
    let got = problems(
        f.api()
            .import(ImportBatch::Models(vec![ok.clone(), bad]), false),
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1.as_str()), (3, "outcome"));
    assert!(matches!(got[0].2, Msg::OutcomeNeedsApproval { .. }));
    // Any consistent state is taken as the file says.
    f.api()
        .import(ImportBatch::Models(vec![ok]), false)
        .unwrap();
    let m = f.api().model_by_code("M1".into()).unwrap().model;
    assert_eq!(
        (m.status, m.step, m.outcome),
        (RegStatus::Approved, 4, Outcome::Outstanding)
    );
}

#[test]
fn a_check_in_dated_after_today_is_refused() {
    let (f, m) = with_model();
    let tomorrow = super::writes::today() + chrono::Days::new(1);
    let row = |line, date| CheckInImport {
        line,
        model_code: "M1".into(),
        checkin: CheckIn {
            date,
            ..super::tests::inspection(m.id, date)
        },
    };
    let got = problems(f.api().import(
        ImportBatch::CheckIns(vec![row(2, d(2018, 5, 1)), row(3, tomorrow)]),
        false,
    ));
    assert_eq!(
        got,
        vec![(
            3,
            "date".into(),
            Msg::InFuture {
                date: crate::domain::text::date_dmy(tomorrow)
            }
        )]
    );
    assert!(f.api().model(m.id).unwrap().checkins.is_empty());
    // Saved one by one, the same.
    let r = f.api().save(Request::SaveCheckIn(super::tests::inspection(
        m.id, tomorrow,
    )));
    assert!(
        matches!(r, Err(ApiError::Invalid(ref p)) if p[0].field == "date"),
        "{r:?}"
    );
}

#[test]
fn an_award_dated_after_today_is_refused() {
    let (f, m) = with_model();
    let tomorrow = super::writes::today() + chrono::Days::new(1);
    let a = Award {
        id: 0,
        model: 0,
        body: "UBND tỉnh".into(),
        form: "bằng khen".into(),
        decision_no: "7-QĐ/UBND".into(),
        decided_on: tomorrow,
        note: String::new(),
        rev: 0,
    };
    let got = problems(f.api().import(
        ImportBatch::Awards(vec![AwardImport {
            line: 2,
            model_code: "M1".into(),
            award: a.clone(),
        }]),
        false,
    ));
    assert_eq!((got[0].0, got[0].1.as_str()), (2, "decided_on"));
    assert!(matches!(got[0].2, Msg::InFuture { .. }));
    let r = f.api().save(Request::SaveAward(Award { model: m.id, ..a }));
    assert!(
        matches!(r, Err(ApiError::Invalid(ref p)) if p[0].field == "decided_on"),
        "{r:?}"
    );
    assert!(f.api().model(m.id).unwrap().awards.is_empty());
}

#[test]
fn a_body_written_without_diacritics_is_the_body_already_used() {
    let (f, m) = with_model();
    f.award(m.id, "Ban Thường vụ Đảng ủy Khối", "1-QĐ");
    let row = |line, body: &str, no: &str| AwardImport {
        line,
        model_code: "M1".into(),
        award: Award {
            id: 0,
            model: 0,
            body: body.into(),
            form: "giấy khen".into(),
            decision_no: no.into(),
            decided_on: d(2019, 5, 1),
            note: String::new(),
            rev: 0,
        },
    };
    f.api()
        .import(
            ImportBatch::Awards(vec![
                row(2, "Ban Thuong vu Dang uy Khoi", "2-QĐ"),
                row(3, "BAN THƯỜNG VỤ  ĐẢNG ỦY KHỐI", "3-QĐ"),
            ]),
            false,
        )
        .unwrap();
    let bodies = f.api().bodies().unwrap();
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert_eq!(bodies[0].name, "Ban Thường vụ Đảng ủy Khối");
    let awards = f.api().model(m.id).unwrap().awards;
    assert_eq!(awards.len(), 3);
    assert!(
        awards
            .iter()
            .all(|a| a.body == "Ban Thường vụ Đảng ủy Khối"),
        "{awards:?}"
    );
}

#[test]
fn an_outcome_decided_after_today_is_refused() {
    let fx = fresh();
    fx.unit("CB-01", "Chi bộ 01", None);
    let tomorrow = super::writes::today() + chrono::Days::new(1);
    let mut rows = super::tests::approved_models(2);
    for r in &mut rows {
        r.model.outcome = Outcome::Recognized;
        r.model.outcome_on = Some(d(2021, 12, 20));
    }
    rows[1].model.outcome_on = Some(tomorrow);
    let got = problems(fx.api().import(ImportBatch::Models(rows.clone()), false));
    assert_eq!(
        got,
        vec![(
            rows[1].line,
            "outcome_on".into(),
            Msg::InFuture {
                date: crate::domain::text::date_dmy(tomorrow)
            }
        )]
    );
    assert!(fx.api().model_rows(None, tomorrow).unwrap().is_empty());
    // The day before is accepted.
    rows.truncate(1);
    assert_eq!(
        fx.api().import(ImportBatch::Models(rows), false).unwrap(),
        1
    );
}
