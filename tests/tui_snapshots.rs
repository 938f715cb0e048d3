//! Every tab drawn at 80×24 and 120×40 in both languages on ratatui's `TestBackend`, and the
//! popups, compared with stored snapshots (insta).

#[path = "common/tui.rs"]
mod tui_util;

use tui_util::{app_in as app, draw, key};

use dvk::api::Api;
use dvk::i18n::Lang;
use dvk::tui::testing::sample;
use dvk::tui::{Tab, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn every_tab_at_both_sizes_in_both_languages() {
    let be = sample();
    let api = Api(&be);
    for lang in [Lang::Vi, Lang::En] {
        let mut a = app(lang, &api);
        for (i, tab) in Tab::ALL.iter().enumerate() {
            a.key(&api, key(KeyCode::Char(char::from(b'1' + i as u8))));
            assert_eq!(a.tab, *tab);
            for (w, h) in [(80, 24), (120, 40)] {
                let name = format!("{}_{}_{}x{}", i + 1, lang.code(), w, h);
                insta::assert_snapshot!(name, draw(&a, w, h));
            }
        }
    }
}

#[test]
fn popups() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(Lang::Vi, &api);
    a.key(&api, key(KeyCode::Char('3')));
    a.key(&api, key(KeyCode::Char('?')));
    insta::assert_snapshot!("help_models_vi", draw(&a, 80, 24));
    a.key(&api, key(KeyCode::Esc));
    a.key(&api, key(KeyCode::Down));
    a.key(&api, key(KeyCode::Enter));
    insta::assert_snapshot!("model_detail_vi_120x40", draw(&a, 120, 40));
    a.key(&api, key(KeyCode::Char('q')));
    a.key(&api, key(KeyCode::Char('f')));
    insta::assert_snapshot!("filter_vi", draw(&a, 80, 24));
    a.key(&api, key(KeyCode::Esc));
    a.key(&api, key(KeyCode::Char('2')));
    a.key(&api, key(KeyCode::Enter));
    insta::assert_snapshot!("unit_models_vi", draw(&a, 80, 24));
    let mut a = app(Lang::En, &api);
    a.theme = Theme {
        color: false,
        ascii: true,
    };
    a.key(&api, key(KeyCode::Char('p')));
    insta::assert_snapshot!("period_ascii_en", draw(&a, 80, 24));
}

#[test]
fn too_small_terminal_asks_to_enlarge() {
    let be = sample();
    let api = Api(&be);
    let a = app(Lang::Vi, &api);
    let s = draw(&a, 60, 20);
    assert!(s.contains("Cửa sổ quá nhỏ"), "{s}");
    assert!(s.contains("80×24"));
    insta::assert_snapshot!("too_small_vi", s);
}

/// Every form at both sizes in both languages, and a choice's list open over a form.
#[test]
fn forms_at_both_sizes_in_both_languages() {
    use dvk::tui::app::Intent;
    use dvk::tui::form::{ActionKind, Target};
    let be = sample();
    let api = Api(&be);
    let forms = [
        ("unit_new", Target::Unit { id: 0 }),
        ("model_edit", Target::Model { id: 1000 }),
        ("checkin_new", Target::CheckIn { model: 1000, id: 0 }),
        ("award_new", Target::Award { model: 1000, id: 0 }),
        ("replication_new", Target::Replication { model: 1000 }),
        (
            "period_edit",
            Target::Period {
                code: Some("2017-2020".into()),
            },
        ),
        ("field_new", Target::Field { code: None }),
        (
            "action_step",
            Target::Action {
                model: 1000,
                what: ActionKind::StepNext,
            },
        ),
    ];
    for lang in [Lang::Vi, Lang::En] {
        for (name, target) in &forms {
            let mut a = app(lang, &api);
            a.key(&api, key(KeyCode::Char('3')));
            a.perform(&api, Intent::Open(target.clone()));
            for (w, h) in [(80, 24), (120, 40)] {
                let snap = format!("form_{name}_{}_{}x{}", lang.code(), w, h);
                insta::assert_snapshot!(snap, draw(&a, w, h));
            }
        }
    }
    // The unit list of the model form, narrowed by typing, and a field's message.
    let mut a = app(Lang::Vi, &api);
    a.perform(&api, Intent::Open(Target::Model { id: 0 }));
    a.key(&api, key(KeyCode::Tab));
    a.key(&api, key(KeyCode::Enter));
    for c in "tai chinh".chars() {
        a.key(&api, key(KeyCode::Char(c)));
    }
    insta::assert_snapshot!("form_model_pick_unit_vi_80x24", draw(&a, 80, 24));
    a.key(&api, key(KeyCode::Esc));
    a.key(&api, key(KeyCode::BackTab));
    // Required fields say so once a save was tried.
    a.key(
        &api,
        ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('s'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        ),
    );
    insta::assert_snapshot!("form_model_required_vi_80x24", draw(&a, 80, 24));
}

/// The Overview writes the report's own sentences: with one collective, no individual, one
/// unit, one overdue model and one award, the sentence under the figures is the report's
/// (zero written `0`, English singulars), not a copy of it.
#[test]
fn overview_uses_the_report_sentences() {
    use dvk::api::AwardTally;
    use dvk::report::words;
    let be = sample();
    let api = Api(&be);
    for lang in [Lang::Vi, Lang::En] {
        let mut a = app(lang, &api);
        let s = a.data.status.as_mut().unwrap();
        (s.collective, s.individual, s.units_registered) = (1, 0, 1);
        s.overdue = 1;
        s.awards_total = 1;
        (s.without_criteria, s.without_content) = (3, 2);
        s.awards_by = vec![AwardTally {
            body: "Ban Dân vận Tỉnh ủy".into(),
            form: "giay_khen".into(),
            collective: 1,
            individual: 0,
        }];
        let s = s.clone();
        let screen = draw(&a, 120, 40);
        let text: String = screen
            .lines()
            .map(|l| l.trim_matches('"').trim())
            .collect::<Vec<_>>()
            .join(" ");
        let sentence = format!("{}.", words::registration_sentence(&s, lang));
        assert!(text.contains(&sentence), "{sentence}\n{screen}");
        assert!(text.contains(&words::overdue_count(1, lang)), "{screen}");
        assert!(text.contains(&words::awards_count(1, lang)), "{screen}");
        assert!(text.contains(&words::recipients(1, 0, lang)), "{screen}");
        match lang {
            Lang::Vi => {
                assert!(sentence.contains("01 tập thể và 0 cá nhân thuộc 01 cơ sở"));
                assert!(!text.contains("00 "), "{screen}");
            }
            Lang::En => {
                assert!(sentence.starts_with("1 collective and 0 individuals in 1 unit"));
                assert!(text.contains("1 model overdue"), "{screen}");
                assert!(text.contains(" 1 award "), "{screen}");
            }
        }
        let quality = format!("{}.", words::quality_sentence(&s, lang));
        assert!(text.contains(&quality), "{quality}\n{screen}");
        insta::assert_snapshot!(format!("overview_report_sentence_{}", lang.code()), screen);
        // At 80×24 the figures keep their rows: the Vietnamese sentence is too long to join
        // the paragraph, so the counts go to the right column.
        let small = draw(&a, 80, 24);
        let joined: String = small
            .lines()
            .map(|l| l.trim_matches('"').trim())
            .collect::<Vec<_>>()
            .join(" ");
        match lang {
            Lang::Vi => {
                assert!(small.contains("Chưa có tiêu chí lượng hóa: 03"), "{small}");
                assert!(small.contains("Chưa có mục tiêu, nội dung: 02"), "{small}");
            }
            Lang::En => assert!(joined.contains(&quality), "{small}"),
        }
        assert!(
            small.contains("5. "),
            "the last step is still shown\n{small}"
        );
        insta::assert_snapshot!(format!("overview_quality_{}_80x24", lang.code()), small);
        if lang == Lang::Vi {
            // Many awarding bodies give way to the quality block, not the other way round.
            let s = a.data.status.as_mut().unwrap();
            s.awards_by = (0..8)
                .map(|i| AwardTally {
                    body: format!("Cơ quan {i}"),
                    form: "giay_khen".into(),
                    collective: 1,
                    individual: 1,
                })
                .collect();
            let crowded = draw(&a, 80, 24);
            assert!(
                crowded.contains("Chưa có tiêu chí lượng hóa: 03"),
                "{crowded}"
            );
            assert!(
                crowded.contains("Chưa có mục tiêu, nội dung: 02"),
                "{crowded}"
            );
        }
    }
}

/// The model's view shows each criterion's actual as the latest dated check-in reported it,
/// and each check-in line shows the values it reported.
#[test]
fn model_view_shows_the_actuals_the_check_ins_reported() {
    use chrono::NaiveDate;
    use dvk::api::Request;
    use dvk::domain::{CheckIn, CheckInKind};
    use dvk::tui::app::Intent;
    let be = sample();
    let api = Api(&be);
    let mut a = app(Lang::Vi, &api);
    let id = tui_util::shown(&a)[0].id;
    let target = api.model(id).unwrap().model.criteria[0].target;
    let save = |date: NaiveDate, actuals: Vec<(u16, f64)>| {
        let c = CheckIn {
            id: 0,
            model: id,
            date,
            kind: CheckInKind::Inspection,
            by: "Đoàn kiểm tra".into(),
            note: "Kiểm tra".into(),
            step: None,
            actuals,
            next_due: None,
            rev: 0,
        };
        api.save(Request::SaveCheckIn(c)).unwrap();
    };
    let day = |m, d| NaiveDate::from_ymd_opt(2020, m, d).unwrap();
    save(day(9, 1), vec![(0, 19.0)]);
    // Entered later, dated earlier: its value for criterion 1 is not the latest.
    save(day(8, 1), vec![(0, 3.0), (1, 7.0)]);
    a.perform(&api, Intent::OpenModel(id));
    let screen = draw(&a, 120, 40);
    assert!(screen.contains(&format!("19/{target} hộ")), "{screen}");
    assert!(screen.contains("7/12 buổi"), "{screen}");
    assert!(screen.contains("báo cáo 1=19"), "{screen}");
    assert!(screen.contains("báo cáo 1=3; 2=7"), "{screen}");
}
