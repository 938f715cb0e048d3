//! The model tables as windows onto the store: with thousands of models, the interface holds
//! the rows it shows and a screen above and below, asks for more only at the edges, lets the
//! store sort, filter and search, and keeps the selection on its model as rows move — also
//! when the answers come late, after the keys that follow.

#[path = "common/tui.rs"]
mod tui_util;

use dvk::api::{Api, Notice as ServerNotice, Request};
use dvk::domain::RecordRef;
use dvk::i18n::Lang;
use dvk::tui::testing::generated;
use dvk::tui::{App, Tab};
use ratatui::crossterm::event::KeyCode;
use tui_util::{Counting, app, draw, press, typed};

const N: usize = 3_000;

fn held(a: &App) -> (usize, usize) {
    let h = a.models.view.remote.as_ref().unwrap();
    (h.start, h.rows.len())
}

/// The code of the model at position `pos` in code order (`G000001` first).
fn code(pos: usize) -> String {
    format!("G{:06}", pos + 1)
}

fn models_tab(be: &Counting) -> App {
    let api = Api(be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    draw(&a, 120, 40);
    a.after_draw();
    a.run_jobs(&api);
    a
}

#[test]
fn the_models_tab_holds_a_window_not_the_period() {
    let be = Counting::with(generated(N));
    let a = models_tab(&be);
    let log = be.take();
    assert!(!log.iter().any(|k| k == "ModelRows"), "{log:?}");
    let h = a.models.view.remote.as_ref().unwrap();
    assert_eq!((h.total, h.unfiltered), (N, N));
    let page = a.models.view.page.get();
    assert!(
        (30..40).contains(&page),
        "the rows of a 120×40 screen: {page}"
    );
    assert!(h.rows.len() <= 3 * 40, "{} rows held", h.rows.len());
    assert_eq!(h.rows[0].code, code(0));
    let screen = draw(&a, 120, 40);
    assert!(screen.contains(&format!("1/{}", dvk::tui::i18n::num(N as u64, Lang::Vi))));
}

#[test]
fn moving_asks_only_at_the_edges_of_what_is_held() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = models_tab(&be);
    be.take();
    // A page at a time through the first 600 rows: every screen shows its rows.
    let mut asked = 0;
    for _ in 0..18 {
        press(&mut a, &api, &[KeyCode::PageDown]);
        let screen = draw(&a, 120, 40);
        a.after_draw();
        a.run_jobs(&api);
        asked += be.count("Window");
        let sel = a.models.view.sel;
        assert_eq!(a.models.view.selected_model().unwrap().code, code(sel));
        assert!(screen.contains(&format!("▶ {}", code(sel))), "{screen}");
        let (start, len) = held(&a);
        assert!(start <= sel && sel < start + len);
    }
    // Each window holds three screens: one page down in two asks for one.
    assert!((4..=12).contains(&asked), "{asked} windows for 18 pages");
    // `G`: the last rows, asked for at once.
    press(&mut a, &api, &[KeyCode::Char('G')]);
    assert_eq!(
        a.models.view.selected_model().unwrap().code,
        code(N - 1),
        "the last row is held once G is pressed"
    );
    assert!(draw(&a, 120, 40).contains(&code(N - 1)));
    let (start, len) = held(&a);
    assert_eq!(start + len, N);
}

#[test]
fn keys_never_wait_for_the_store() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = models_tab(&be);
    a.background = true;
    be.take();
    press(&mut a, &api, &[KeyCode::Char('G')]);
    // Nothing asked on the loop's thread: the rows are on their way, drawn blank meanwhile.
    assert!(be.take().is_empty());
    assert_eq!(a.models.view.sel, N - 1);
    assert!(a.models.view.selected_model().is_none());
    let screen = draw(&a, 120, 40);
    assert!(!screen.contains(&code(N - 1)), "{screen}");
    assert!(screen.contains(&format!("{0}/{0}", dvk::tui::i18n::num(N as u64, Lang::Vi))));
    a.run_jobs(&api);
    assert_eq!(be.count("Window"), 1);
    assert!(draw(&a, 120, 40).contains(&format!("▶ {}", code(N - 1))));
}

#[test]
fn the_store_sorts_filters_and_searches_and_the_selection_stays_on_its_model() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = models_tab(&be);
    // Deep in the table.
    press(&mut a, &api, &[KeyCode::Char('G')]);
    press(&mut a, &api, &[KeyCode::Up; 3]);
    let chosen = a.models.view.selected_model().unwrap().clone();
    assert_eq!(chosen.code, code(N - 4));
    assert_eq!(chosen.kind, dvk::domain::ModelKind::Collective);
    // Sorted by kind: the chosen collective among the first half, far from where it was.
    press(&mut a, &api, &[KeyCode::Char('s')]);
    let now = a.models.view.selected_model().expect("held").clone();
    assert_eq!(now.id, chosen.id, "the selection stays on its model");
    let pos = a.models.view.sel;
    assert!(
        (N / 2 - 10..N / 2).contains(&pos),
        "collectives come first: {pos}"
    );
    assert!(draw(&a, 120, 40).contains(&format!("▶ {}", chosen.code)));
    // A search is the store's: every row it shows has the words.
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, "khuoi phay so 1");
    let h = a.models.view.remote.as_ref().unwrap();
    let shown = h.rows.clone();
    assert!(!shown.is_empty() && h.total < N);
    let folded = |s: &str| dvk::domain::text::fold(s);
    assert!(
        shown
            .iter()
            .all(|m| folded(&m.title).contains("khuoi phay so 1"))
    );
    assert_eq!(a.models.view.sel, 0, "a search starts from its first match");
    let from = be.inner.dataset();
    let want = from
        .models
        .iter()
        .filter(|m| folded(&m.title).contains("khuoi phay so 1"))
        .count();
    assert_eq!(a.models.view.len(), want);
    // Cleared, the search gives back the table, on the model found.
    press(&mut a, &api, &[KeyCode::Down, KeyCode::Enter]);
    let found = a.models.view.selected_model().unwrap().id;
    press(&mut a, &api, &[KeyCode::Esc]);
    assert_eq!(a.models.view.len(), N);
    assert_eq!(a.models.view.selected_model().unwrap().id, found);
}

#[test]
fn a_move_made_while_the_rows_are_on_their_way_is_kept() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = models_tab(&be);
    a.background = true;
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, "G00000");
    a.run_jobs(&api);
    press(
        &mut a,
        &api,
        &[KeyCode::Enter, KeyCode::Down, KeyCode::Down],
    );
    assert_eq!(a.models.view.selected_model().unwrap().code, code(2));
    // The search cleared; before the table comes back, one row further down.
    press(&mut a, &api, &[KeyCode::Esc, KeyCode::Down]);
    assert_eq!(a.models.view.selected_model().unwrap().code, code(3));
    a.run_jobs(&api);
    a.run_jobs(&api);
    assert_eq!(a.models.view.len(), N);
    assert_eq!(a.models.view.selected_model().unwrap().code, code(3));
}

#[test]
fn another_users_change_far_above_keeps_the_selection_on_its_model() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = models_tab(&be);
    press(&mut a, &api, &[KeyCode::Char('G')]);
    press(&mut a, &api, &[KeyCode::PageUp; 20]);
    let chosen = a.models.view.selected_model().unwrap().clone();
    let pos = a.models.view.sel;
    a.background = true;
    // A model whose code sorts first: every row below it moves down one.
    let mut m = be.inner.dataset().models[0].clone();
    m.id = 0;
    m.rev = 0;
    m.code = "A-0001".into();
    api.save(Request::SaveModel(m)).unwrap();
    be.take();
    a.notice_from(
        &api,
        &ServerNotice {
            seq: 1,
            user: "khac".into(),
            records: vec![RecordRef::Model(999_999)],
            conn: 2,
        },
    );
    a.run_jobs(&api);
    a.run_jobs(&api);
    let log = be.take();
    assert!(!log.iter().any(|k| k == "ModelRows"), "{log:?}");
    assert_eq!(a.models.view.len(), N + 1);
    assert_eq!(a.models.view.sel, pos + 1);
    assert_eq!(a.models.view.selected_model().unwrap().id, chosen.id);
    assert_eq!(a.tab, Tab::Models);
    assert!(draw(&a, 120, 40).contains(&format!("▶ {}", chosen.code)));
}

#[test]
fn marks_made_far_apart_act_together() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = models_tab(&be);
    press(&mut a, &api, &[KeyCode::Char(' ')]);
    press(&mut a, &api, &[KeyCode::Char('G'), KeyCode::Char(' ')]);
    assert_eq!(a.models.marked.len(), 2);
    press(&mut a, &api, &[KeyCode::Char('g')]);
    // The first is held again, the last is not; both are marked and counted.
    assert!(draw(&a, 120, 40).contains("2 đã chọn"));
    press(&mut a, &api, &[KeyCode::Char('i')]);
    let Some(dvk::tui::app::Popup::Form(f)) = a.popups.last() else {
        panic!("no form: {:?}", a.notice)
    };
    let dvk::tui::form::Target::CheckInMany { models } = &f.target else {
        panic!("{:?}", f.target)
    };
    assert_eq!(models.len(), 2);
}

#[test]
fn a_key_pressed_before_the_rows_come_is_not_undone_by_them() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = models_tab(&be);
    a.background = true;
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, "G0001");
    a.run_jobs(&api);
    press(&mut a, &api, &[KeyCode::Enter]);
    // The first match, far from the top of the whole table.
    assert_eq!(a.models.view.selected_model().unwrap().code, code(99));
    // The search cleared: the table is to come back on the model found...
    press(&mut a, &api, &[KeyCode::Esc]);
    // ... but `g` is pressed before it does: the first row it is.
    press(&mut a, &api, &[KeyCode::Char('g')]);
    a.run_jobs(&api);
    a.run_jobs(&api);
    assert_eq!(a.models.view.len(), N);
    assert_eq!(a.models.view.sel, 0);
    assert_eq!(a.models.view.selected_model().unwrap().code, code(0));
    // Without the key, the table comes back on the model found.
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, "G0001");
    a.run_jobs(&api);
    press(&mut a, &api, &[KeyCode::Enter, KeyCode::Esc]);
    a.run_jobs(&api);
    a.run_jobs(&api);
    assert_eq!(a.models.view.sel, 99);
    assert_eq!(a.models.view.selected_model().unwrap().code, code(99));
}

#[test]
fn the_awards_tab_is_a_window_searched_by_the_store() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('5')]);
    draw(&a, 120, 40);
    let log = be.take();
    assert!(!log.iter().any(|k| k == "AwardRows"), "{log:?}");
    let awards = be.inner.dataset().awards;
    assert_eq!(a.awards.view.len(), awards.len());
    // Decisions 11-…, 110-…: the store's search, over decision numbers among the rest.
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, "11");
    let want = awards
        .iter()
        .filter(|x| x.decision_no.contains("11"))
        .count();
    assert!(want > 0 && want < awards.len());
    assert!(
        a.awards.view.len() >= want,
        "decisions and the rest searched"
    );
    let h = a.awards.view.remote.as_ref().unwrap();
    let folded = |s: &str| dvk::domain::text::fold(s);
    assert!(h.awards.iter().all(|r| {
        folded(&format!(
            "{} {} {} {} {} {}",
            r.award.decision_no,
            r.award.body,
            r.model_code,
            r.model_title,
            r.recipient,
            r.unit_name
        ))
        .contains("11")
    }));
    press(&mut a, &api, &[KeyCode::Enter, KeyCode::Down]);
    let found = a.awards.view.selected_award().unwrap().award.id;
    // Cleared, the register comes back on the award found.
    press(&mut a, &api, &[KeyCode::Esc]);
    assert_eq!(a.awards.view.len(), awards.len());
    assert_eq!(a.awards.view.selected_award().unwrap().award.id, found);
    assert!(draw(&a, 120, 40).contains("▶"));
}

/// A new database has no period: its tables say they are empty, not that they are loading —
/// and nothing is asked of the store for them.
#[test]
fn a_database_without_a_period_shows_empty_tables() {
    let be = Counting::with(dvk::tui::testing::StoreBackend::new(
        dvk::api::Dataset::default(),
    ));
    let api = Api(&be);
    let mut a = app(&api);
    for (tab, empty) in [
        ('3', "Không có dòng nào khớp."),
        ('4', "Không có dòng nào khớp."),
        ('5', "Chưa có khen thưởng."),
    ] {
        press(&mut a, &api, &[KeyCode::Char(tab)]);
        let screen = draw(&a, 80, 24);
        assert!(screen.contains(empty), "{tab}: {screen}");
        assert!(!screen.contains("Đang tải"), "{tab}: {screen}");
    }
    assert_eq!(be.count("Window"), 0);
}

/// Marks are looked for only when a notice names their models: another user's check-in costs
/// no read of each marked model; another user's deletion of a marked one takes its mark.
#[test]
fn a_notice_looks_for_the_marked_models_it_names_only() {
    let be = Counting::with(generated(N));
    let api = Api(&be);
    let mut a = models_tab(&be);
    press(&mut a, &api, &[KeyCode::Char(' '), KeyCode::Down, KeyCode::Char(' ')]);
    let marked: Vec<_> = a.models.marked.keys().copied().collect();
    assert_eq!(marked.len(), 2);
    let notice = |records| ServerNotice {
        seq: 1,
        user: "khac".into(),
        records,
        conn: 2,
    };
    be.take();
    a.notice_from(&api, &notice(vec![RecordRef::CheckIn(1)]));
    a.run_jobs(&api);
    assert_eq!(be.count("Model"), 0);
    assert_eq!(a.models.marked.len(), 2);
    // Deleted by another user: the notice names it, and its mark goes.
    api.0
        .call(Request::DeleteModel { id: marked[0] })
        .expect("the model deleted");
    be.take();
    a.notice_from(&api, &notice(vec![RecordRef::Model(marked[0])]));
    a.run_jobs(&api);
    assert_eq!(be.count("Model"), 1);
    assert_eq!(a.models.marked.keys().copied().collect::<Vec<_>>(), [marked[1]]);
}
