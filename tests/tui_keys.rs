//! Keys on the interface's state, without a terminal: tabs, search with and without
//! diacritics, filters, sorting, opening a model, help against the key bar, language.

#[path = "common/tui.rs"]
mod tui_util;

use tui_util::{app, draw, press, typed};

use dvk::api::Api;
use dvk::domain::text::cmp_vi;
use dvk::i18n::Lang;
use dvk::tui::app::{Flash, Popup};
use dvk::tui::commands::commands;
use dvk::tui::i18n::S;
use dvk::tui::models::{SortCol, listed_title};
use dvk::tui::testing::{sample, today};
use dvk::tui::{App, Tab, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

#[test]
fn tabs_by_number_and_cycle() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    assert_eq!(a.tab, Tab::Overview);
    press(&mut a, &api, &[KeyCode::Char('4')]);
    assert_eq!(a.tab, Tab::Progress);
    press(&mut a, &api, &[KeyCode::Tab, KeyCode::Tab]);
    assert_eq!(a.tab, Tab::Overview);
    press(&mut a, &api, &[KeyCode::BackTab]);
    assert_eq!(a.tab, Tab::Awards);
    assert_eq!(
        Tab::ALL
            .iter()
            .map(|t| t.label(Lang::En))
            .collect::<Vec<_>>(),
        ["Overview", "Units", "Models", "Progress", "Awards"]
    );
    assert_eq!(
        Tab::ALL
            .iter()
            .map(|t| t.label(Lang::Vi))
            .collect::<Vec<_>>(),
        ["Tổng quan", "Đơn vị", "Mô hình", "Tiến độ", "Khen thưởng"]
    );
}

#[test]
fn search_narrows_as_you_type_ignoring_diacritics() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('/')]);
    let all = a.models.view.len();
    typed(&mut a, &api, "khuoi");
    let after_word = a.models.view.len();
    assert!(after_word < all);
    typed(&mut a, &api, " phay");
    let rows: Vec<String> = tui_util::shown(&a).into_iter().map(|m| m.title).collect();
    assert_eq!(rows, ["Thôn Khuổi Phầy sáng - xanh - sạch"]);
    // The same with the diacritics typed, and `d` finding `đ`.
    press(&mut a, &api, &[KeyCode::Esc]);
    assert_eq!(a.models.view.len(), all);
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, "Khuổi Phầy");
    assert_eq!(a.models.view.len(), 1);
    press(&mut a, &api, &[KeyCode::Backspace; 10]);
    assert_eq!(a.models.view.len(), all);
    typed(&mut a, &api, "dang thi");
    let p: Vec<String> = tui_util::shown(&a).into_iter().map(|m| m.person).collect();
    assert!(p.iter().any(|p| p == "Đặng Thị Xuân"), "{p:?}");
    // Enter keeps the matches; Esc then clears them.
    press(&mut a, &api, &[KeyCode::Enter]);
    assert!(!a.searching);
    assert!(a.models.view.len() < all);
    press(&mut a, &api, &[KeyCode::Esc]);
    assert_eq!(a.models.view.len(), all);
    // Units and awards search too.
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('/')]);
    typed(&mut a, &api, "so tai chinh");
    assert!(
        a.units
            .view
            .rows
            .iter()
            .all(|&i| a.data.units[i as usize].unit.name.contains("Sở Tài chính"))
    );
    press(
        &mut a,
        &api,
        &[KeyCode::Enter, KeyCode::Char('5'), KeyCode::Char('/')],
    );
    typed(&mut a, &api, "ban dan van");
    assert_eq!(a.awards.view.len(), 2);
}

#[test]
fn filters_and_escape() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let all = a.models.view.len();
    // f → “Loại” (second) → “Cá nhân” (third in its list).
    press(
        &mut a,
        &api,
        &[
            KeyCode::Char('f'),
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    assert!(a.popups.is_empty());
    assert_eq!(a.models.view.len(), 24);
    // And overdue only (the dimension before the last, “Có”).
    press(
        &mut a,
        &api,
        &[
            KeyCode::Char('f'),
            KeyCode::Char('G'),
            KeyCode::Up,
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    assert!(tui_util::shown(&a).iter().all(|m| m.overdue));
    assert_eq!(a.models.view.len(), 2);
    assert!(commands(&a).iter().any(|c| c.short == S::Clear));
    press(&mut a, &api, &[KeyCode::Esc]);
    assert_eq!(a.models.view.len(), all);
    assert!(!commands(&a).iter().any(|c| c.short == S::Clear));
}

#[test]
fn sort_by_column_in_vietnamese_order() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(
        &mut a,
        &api,
        &[KeyCode::Char('3'), KeyCode::Char('s'), KeyCode::Char('s')],
    );
    assert_eq!(a.models.sort, SortCol::Title);
    let titles: Vec<String> = tui_util::shown(&a)
        .iter()
        // The titles as the table shows them: with the person, where it has no column.
        .map(|m| listed_title(m, !a.models.person_col.get()))
        .collect();
    assert!(
        titles.windows(2).all(|w| cmp_vi(&w[0], &w[1]).is_le()),
        "{titles:?}"
    );
    press(&mut a, &api, &[KeyCode::Char('S')]);
    let rev: Vec<String> = tui_util::shown(&a)
        .iter()
        .map(|m| listed_title(m, !a.models.person_col.get()))
        .collect();
    assert_eq!(rev.first(), titles.last());
    // Step sorts numerically.
    press(
        &mut a,
        &api,
        &[KeyCode::Char('s'), KeyCode::Char('s'), KeyCode::Char('s')],
    );
    assert_eq!(a.models.sort, SortCol::Step);
    let steps: Vec<u8> = tui_util::shown(&a).iter().map(|m| m.step).collect();
    assert!(steps.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn open_a_model_and_scroll() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('/')]);
    typed(&mut a, &api, "khuoi phay");
    press(&mut a, &api, &[KeyCode::Enter, KeyCode::Enter]);
    assert!(matches!(a.popups.last(), Some(Popup::Model { .. })));
    let s = draw(&a, 120, 40);
    assert!(s.contains("Thôn Khuổi Phầy"));
    assert!(s.contains("Tiêu chí") && s.contains("Theo dõi, kiểm tra"));
    press(&mut a, &api, &[KeyCode::Char('G')]);
    let s = draw(&a, 120, 40);
    assert!(s.contains("Lịch sử"));
    press(&mut a, &api, &[KeyCode::Char('q')]);
    assert!(a.popups.is_empty());
    // q without a popup quits.
    assert!(press(&mut a, &api, &[KeyCode::Char('q')]));
}

#[test]
fn unit_popup_lists_its_models() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Enter]);
    let Some(Popup::Unit { view, .. }) = a.popups.last() else {
        panic!("no unit popup")
    };
    assert!(!view.is_empty());
    press(&mut a, &api, &[KeyCode::Enter]);
    assert!(matches!(a.popups.last(), Some(Popup::Model { .. })));
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Esc]);
    assert!(a.popups.is_empty());
}

#[test]
fn help_lists_exactly_the_key_bar_commands() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    for tab in ['1', '2', '3', '4', '5'] {
        press(&mut a, &api, &[KeyCode::Char(tab)]);
        let bar = commands(&a);
        let screen = draw(&a, 120, 40);
        let bar_lines: String = screen.lines().rev().take(2).collect();
        for c in &bar {
            assert!(
                bar_lines.contains(c.short.get(Lang::Vi)),
                "{:?} missing from the key bar",
                c.short
            );
        }
        press(&mut a, &api, &[KeyCode::Char('?')]);
        let help = draw(&a, 120, 40);
        assert!(help.contains("Trợ giúp"));
        for c in &bar {
            assert!(
                help.contains(c.long.get(Lang::Vi)),
                "{:?} missing from the help",
                c.long
            );
        }
        let Some(Popup::Help { .. }) = a.popups.last() else {
            panic!()
        };
        let listed = help
            .lines()
            .filter(|l| bar.iter().any(|c| l.contains(c.long.get(Lang::Vi))))
            .count();
        assert_eq!(listed, bar.len());
        press(&mut a, &api, &[KeyCode::Esc]);
    }
    // The editing keys are listed where they work.
    press(&mut a, &api, &[KeyCode::Char('2')]);
    let keys: Vec<&str> = commands(&a).iter().map(|c| c.keys).collect();
    for k in ["n", "e", "d", "h", "u", "c"] {
        assert!(keys.contains(&k), "{k} missing from the units bar");
    }
    press(&mut a, &api, &[KeyCode::Char('1'), KeyCode::Char('n')]);
    assert_eq!(a.notice, Some(Flash::Info(S::Nothing)));
}

/// The choice lists' bars offer `?` and `L`: both answer there too, and `Esc` goes back one
/// window at a time.
#[test]
fn every_window_answers_the_help_and_language_keys_its_bar_lists() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    // The catalogues, one catalogue's entries, a model's actions, the filters.
    let windows: [&[KeyCode]; 4] = [
        &[KeyCode::Char('c')],
        &[KeyCode::Char('c'), KeyCode::Enter],
        &[KeyCode::Char('3'), KeyCode::Char('a')],
        &[KeyCode::Char('3'), KeyCode::Char('f')],
    ];
    for keys in windows {
        press(&mut a, &api, keys);
        let depth = a.popups.len();
        assert!(depth > 0, "{keys:?} opens a window");
        let listed: Vec<&str> = commands(&a).iter().map(|c| c.keys).collect();
        assert!(
            listed.contains(&"?") && listed.contains(&"L"),
            "{keys:?}: {listed:?}"
        );
        press(&mut a, &api, &[KeyCode::Char('?')]);
        assert!(
            matches!(a.popups.last(), Some(Popup::Help { .. })),
            "{keys:?}: ? opens the help"
        );
        press(&mut a, &api, &[KeyCode::Esc, KeyCode::Char('L')]);
        assert_eq!(a.popups.len(), depth);
        assert_eq!(a.lang, Lang::En, "{keys:?}: L switches the language");
        press(&mut a, &api, &[KeyCode::Char('L')]);
        while !a.popups.is_empty() {
            press(&mut a, &api, &[KeyCode::Esc]);
        }
    }
}

#[test]
fn l_switches_language_at_once() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    assert!(draw(&a, 80, 24).contains("Tổng quan"));
    press(&mut a, &api, &[KeyCode::Char('L')]);
    assert_eq!(a.lang, Lang::En);
    let s = draw(&a, 80, 24);
    assert!(s.contains("Overview") && s.contains("Units registered"));
    press(&mut a, &api, &[KeyCode::Char('?')]);
    assert!(draw(&a, 80, 24).contains("Help"));
}

#[test]
fn period_popup_loads_another_period() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    assert_eq!(a.data.period().unwrap().code, "2017-2020");
    press(&mut a, &api, &[KeyCode::Char('p')]);
    let Some(Popup::Period { cursor }) = a.popups.last() else {
        panic!()
    };
    let other = if *cursor == 0 {
        KeyCode::Down
    } else {
        KeyCode::Up
    };
    press(&mut a, &api, &[other, KeyCode::Enter]);
    assert_eq!(a.data.period().unwrap().code, "2012-2016");
    assert_eq!(tui_util::all_models(&a, &api).len(), 1);
    assert_eq!(
        a.models.view.len(),
        1,
        "the Models tab shows the period's one model"
    );
}

#[test]
fn too_small_then_resized() {
    let be = sample();
    let api = Api(&be);
    let a = app(&api);
    let mut t = Terminal::new(TestBackend::new(70, 20)).unwrap();
    t.draw(|f| f.render_widget(&a, f.area())).unwrap();
    assert!(t.backend().to_string().contains("Cửa sổ quá nhỏ"));
    t.backend_mut().resize(100, 30);
    t.draw(|f| f.render_widget(&a, f.area())).unwrap();
    let s = t.backend().to_string();
    assert!(!s.contains("Cửa sổ quá nhỏ") && s.contains("Tổng quan"));
}

#[test]
fn moves_pages_and_ends() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    draw(&a, 80, 24);
    press(&mut a, &api, &[KeyCode::Char('j'), KeyCode::Down]);
    assert_eq!(a.models.view.sel, 2);
    press(&mut a, &api, &[KeyCode::Char('k')]);
    assert_eq!(a.models.view.sel, 1);
    press(&mut a, &api, &[KeyCode::PageDown]);
    assert!(a.models.view.sel > 10);
    press(&mut a, &api, &[KeyCode::Char('G')]);
    assert_eq!(a.models.view.sel, a.models.view.len() - 1);
    let s = draw(&a, 80, 24);
    assert!(s.contains("53/53"));
    press(&mut a, &api, &[KeyCode::Char('g')]);
    assert_eq!(a.models.view.sel, 0);
}

// --- loading in the background and live updates ---------------------------------------------

use dvk::api::{Notice as ServerNotice, Request};
use dvk::domain::RecordRef;
use tui_util::Counting;

/// An interface with a loader: tables arrive only when the test runs the queued jobs.
fn background_app(api: &Api) -> App {
    let mut a = App::new(
        Lang::Vi,
        Theme {
            color: false,
            ascii: false,
        },
        today(),
    );
    a.background = true;
    a.user = api.whoami().ok();
    a.begin_load(api, None, false);
    a
}

/// A notice of a change made through another connection than the interface's.
fn notice(user: &str, records: Vec<RecordRef>) -> ServerNotice {
    notice_via(user, 2, records)
}

fn notice_via(user: &str, conn: u64, records: Vec<RecordRef>) -> ServerNotice {
    ServerNotice {
        seq: 1,
        user: user.into(),
        records,
        conn,
    }
}

#[test]
fn first_frame_is_the_whole_overview_before_any_table() {
    let be = Counting::with(sample());
    let api = Api(&be);
    let mut a = background_app(&api);
    // Only the cheap requests before the first frame: no rows of any table.
    let asked = be.take();
    assert_eq!(asked, ["Whoami", "Periods", "Report"], "{asked:?}");
    let mut full = app(&api);
    // The same user, named under the table.
    full.user = a.user.clone();
    for (w, h) in [(80, 24), (120, 40)] {
        assert_eq!(
            draw(&a, w, h),
            draw(&full, w, h),
            "the Overview is complete"
        );
    }
    // Keys work meanwhile; the table tabs say they are loading.
    press(&mut a, &api, &[KeyCode::Char('3')]);
    assert_eq!(a.tab, Tab::Models);
    let s = draw(&a, 80, 24);
    assert!(s.contains("Đang tải…") && !s.contains("MH"), "{s}");
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, "khuoi");
    // The tables arrive; the search typed meanwhile applies to them.
    a.run_jobs(&api);
    let s = draw(&a, 80, 24);
    assert!(!s.contains("Đang tải…") && s.contains("Khuổi"), "{s}");
    assert!(!a.models.view.is_empty() && a.models.view.len() < full.models.view.len());
    press(&mut a, &api, &[KeyCode::Char('2')]);
    assert_eq!(a.units.view.len(), full.units.view.len());
}

#[test]
fn loaded_rows_keep_the_tab_and_the_selected_record() {
    let be = Counting::with(sample());
    let api = Api(&be);
    let mut a = app(&api);
    a.background = true;
    press(&mut a, &api, &[KeyCode::Char('3')]);
    press(&mut a, &api, &[KeyCode::Down; 5]);
    let id = tui_util::selected(&a).id;
    // Another user adds a model whose code sorts first: every row index moves by one.
    let mut m = be.inner.dataset().models[0].clone();
    m.id = 0;
    m.rev = 0;
    m.code = "AA-0001".into();
    api.save(Request::SaveModel(m)).unwrap();
    a.notice_from(&api, &notice("khac", vec![RecordRef::Model(999)]));
    a.run_jobs(&api);
    assert_eq!(a.tab, Tab::Models);
    assert_eq!(tui_util::selected(&a).id, id);
    assert_eq!(a.models.view.sel, 6);
    assert_eq!(tui_util::shown(&a)[0].code, "AA-0001");
    assert!(draw(&a, 80, 24).contains("Đã cập nhật thay đổi của khac"));
}

#[test]
fn a_notice_from_another_user_fetches_exactly_what_it_touches() {
    let be = Counting::with(sample());
    let api = Api(&be);
    let mut a = app(&api);
    a.user = Some("canbo".into());
    a.background = true;
    let cases: [(RecordRef, &[&str]); 5] = [
        // A unit's name is on every row: the windows too.
        (
            RecordRef::Unit(1),
            &[
                "Periods", "Report", "Window", "Window", "Window", "UnitRows",
            ],
        ),
        // The windows of the Models, Progress and Awards tabs, not the period's rows.
        (
            RecordRef::Model(1000),
            &["Periods", "Report", "Window", "Window", "Window"],
        ),
        (
            RecordRef::CheckIn(5),
            &["Periods", "Report", "Window", "Window"],
        ),
        (
            RecordRef::Award(5),
            &["Periods", "Report", "Window", "Window", "Window"],
        ),
        (RecordRef::Field("X".into()), &["Periods", "Report"]),
    ];
    for (r, want) in cases {
        be.take();
        a.notice_from(&api, &notice("khac", vec![r.clone()]));
        // Nothing is fetched on the loop's thread: it waits for the loader.
        assert!(be.take().is_empty());
        a.run_jobs(&api);
        assert_eq!(be.take(), want, "{r:?}");
    }
}

#[test]
fn a_notice_of_ones_own_connection_is_ignored_not_one_of_ones_login() {
    let be = Counting::with(sample());
    let api = Api(&be);
    let mut a = app(&api);
    a.user = api.whoami().ok();
    a.conn = Some(1);
    a.background = true;
    be.take();
    // A change made through this interface's own connection is already shown.
    a.notice_from(&api, &notice_via("canbo", 1, vec![RecordRef::Model(1000)]));
    a.run_jobs(&api);
    assert!(be.take().is_empty());
    assert_eq!(a.notice, None);
    // The same login elsewhere (another window, another office sharing the account): shown.
    a.notice_from(&api, &notice_via("canbo", 5, vec![RecordRef::Model(1000)]));
    a.run_jobs(&api);
    assert!(!be.take().is_empty(), "the change is fetched");
    assert!(a.notice.is_some(), "and said");
}

#[test]
fn an_open_model_shows_another_users_change() {
    let be = Counting::with(sample());
    let api = Api(&be);
    let mut a = app(&api);
    a.user = Some("canbo".into());
    a.background = true;
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Enter]);
    let Some(Popup::Model { detail, .. }) = a.popups.last() else {
        panic!("no model open")
    };
    let mut m = detail.model.clone();
    m.title = "Tên mới do người khác đặt".into();
    api.save(Request::SaveModel(m.clone())).unwrap();
    // Unrelated: the open model is not fetched again.
    be.take();
    a.notice_from(&api, &notice("khac", vec![RecordRef::Unit(1)]));
    a.run_jobs(&api);
    assert!(!be.take().contains(&"Model".to_string()));
    a.notice_from(&api, &notice("khac", vec![RecordRef::Model(m.id)]));
    a.run_jobs(&api);
    let Some(Popup::Model { detail, .. }) = a.popups.last() else {
        panic!("the model window closed")
    };
    assert_eq!(detail.model.title, "Tên mới do người khác đặt");
}

/// The quality filter (last dimension) lists the counted models the Overview counts: without
/// a quantified criterion, or without goals or activities. A draft is not among them.
#[test]
fn quality_filter_lists_the_models_the_overview_counts() {
    use dvk::api::Request;
    use dvk::domain::RegStatus;
    let be = sample();
    let api = Api(&be);
    let a = app(&api);
    let all = tui_util::all_models(&a, &api);
    let counted: Vec<_> = all
        .iter()
        .filter(|m| m.status.counted())
        .map(|m| m.id)
        .take(2)
        .collect();
    let draft = all
        .iter()
        .find(|m| m.status == RegStatus::Draft)
        .unwrap()
        .id;
    for (n, id) in counted.iter().chain([&draft]).enumerate() {
        let mut m = api.model(*id).unwrap().model;
        m.registration.activities.clear();
        if n != 1 {
            m.criteria.clear();
        }
        api.save(Request::SaveModel(m)).unwrap();
    }
    let mut a = app(&api);
    let s = a.data.status.clone().unwrap();
    assert_eq!((s.without_criteria, s.without_content), (1, 2));
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let filter = |a: &mut App, downs: usize| {
        let mut keys = vec![KeyCode::Char('f'), KeyCode::Char('G'), KeyCode::Enter];
        keys.extend(std::iter::repeat_n(KeyCode::Down, downs));
        keys.push(KeyCode::Enter);
        press(a, &api, &keys);
        let mut ids: Vec<_> = tui_util::shown(a).iter().map(|m| m.id).collect();
        ids.sort();
        ids
    };
    assert_eq!(filter(&mut a, 1), vec![counted[0]]);
    let mut both = counted.clone();
    both.sort();
    assert_eq!(filter(&mut a, 2), both);
    let screen = draw(&a, 120, 40);
    assert!(screen.contains("Chưa có mục tiêu, nội dung"), "{screen}");
}

#[test]
fn the_actions_menu_offers_only_what_the_state_allows() {
    use dvk::domain::RegStatus;
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let labels = |s: &[S]| s.iter().map(|s| s.get(Lang::Vi)).collect::<Vec<_>>();
    let find = |a: &App, f: &dyn Fn(&dvk::api::ModelRow) -> bool| {
        tui_util::shown(a)
            .iter()
            .position(f)
            .expect("a model in that state")
    };
    type Which = fn(&dvk::api::ModelRow) -> bool;
    let cases: Vec<(Which, Vec<S>, Vec<S>)> = vec![
        (
            (|m| m.status == RegStatus::Draft && m.step == 1),
            vec![S::ActStepNext, S::ActSubmit, S::NewCheckin, S::NewAward],
            vec![S::ActStepBack, S::ActApprove, S::ActReturn, S::ActOutcome],
        ),
        (
            (|m| m.status == RegStatus::Returned),
            vec![S::ActSubmit],
            vec![S::ActApprove, S::ActReturn, S::ActOutcome],
        ),
        (
            (|m| m.status == RegStatus::Submitted && m.step > 1 && m.step < m.steps),
            vec![S::ActStepNext, S::ActStepBack, S::ActApprove, S::ActReturn],
            vec![S::ActSubmit, S::ActOutcome],
        ),
        (
            (|m| m.status == RegStatus::Approved && m.step == m.steps),
            vec![S::ActStepBack, S::ActOutcome, S::NewReplication],
            vec![S::ActStepNext, S::ActSubmit, S::ActApprove, S::ActReturn],
        ),
    ];
    for (which, shown, hidden) in cases {
        a.models.view.sel = find(&a, &which);
        press(&mut a, &api, &[KeyCode::Char('a')]);
        assert!(matches!(a.popups.last(), Some(Popup::Actions { .. })));
        let screen = draw(&a, 120, 40);
        for l in labels(&shown) {
            assert!(screen.contains(l), "{l} is offered:\n{screen}");
        }
        for l in labels(&hidden) {
            assert!(!screen.contains(l), "{l} is not offered:\n{screen}");
        }
        press(&mut a, &api, &[KeyCode::Esc]);
    }
    // The entries chosen are the ones shown: on a submitted model between its first and last
    // steps, the third entry approves.
    a.models.view.sel = find(&a, &|m| {
        m.status == RegStatus::Submitted && m.step > 1 && m.step < m.steps
    });
    press(
        &mut a,
        &api,
        &[
            KeyCode::Char('a'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
        ],
    );
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("a form opens")
    };
    assert_eq!(f.title, S::ActApprove);
    // The form offers only the status the action moves to.
    let dvk::tui::form::Kind::Choice(opts) = &f.fields[0].kind else {
        panic!("a choice")
    };
    let codes: Vec<&str> = opts.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["approved"]);
}

#[test]
fn v_cycles_the_overview_through_the_periods_reviews() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    let review = chrono::NaiveDate::from_ymd_opt(2020, 10, 12).unwrap();
    assert!(commands(&a).iter().any(|c| c.keys == "v"));
    press(&mut a, &api, &[KeyCode::Char('v')]);
    assert_eq!(a.overview.as_of, Some(review));
    let s = a.data.status.clone().unwrap();
    assert_eq!(s.as_of, review);
    assert_eq!(s, api.status(None, review).unwrap());
    // The title says which review, as room allows.
    let wide = draw(&a, 120, 40);
    assert!(
        wide.lines()
            .next()
            .unwrap()
            .contains("Giai đoạn 2017-2020 · Tổng kết 12/10/2020"),
        "{wide}"
    );
    let narrow = draw(&a, 80, 24);
    assert!(
        narrow.lines().next().unwrap().contains("12/10/2020"),
        "{narrow}"
    );
    // Other tabs are as of today; back on the Overview, `v` returns to today.
    press(&mut a, &api, &[KeyCode::Char('3')]);
    assert!(
        !draw(&a, 120, 40)
            .lines()
            .next()
            .unwrap()
            .contains("12/10/2020")
    );
    press(&mut a, &api, &[KeyCode::Char('1'), KeyCode::Char('v')]);
    assert_eq!(a.overview.as_of, None);
    assert_eq!(a.data.status.as_ref().unwrap().as_of, today());
    // Another period has no reviews: `v` says so, and choosing it returns to today.
    press(&mut a, &api, &[KeyCode::Char('v'), KeyCode::Char('p')]);
    let Some(Popup::Period { cursor }) = a.popups.last() else {
        panic!()
    };
    let other = if *cursor == 0 {
        KeyCode::Down
    } else {
        KeyCode::Up
    };
    press(&mut a, &api, &[other, KeyCode::Enter]);
    assert_eq!(a.overview.as_of, None);
    assert_eq!(a.data.status.as_ref().unwrap().as_of, today());
    press(&mut a, &api, &[KeyCode::Char('v')]);
    assert_eq!(a.notice, Some(Flash::Info(S::NoReviews)));
    assert!(!commands(&a).iter().any(|c| c.keys == "v"));
}
