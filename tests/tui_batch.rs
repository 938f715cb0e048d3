//! Work on many models at once, by keyboard on the sample in a real store: `Space` marks
//! rows of the Models and Progress tabs, `w`, `i` and `a` then record one award, one
//! check-in or one action for all of them, the line under the table counts the marks, `Esc`
//! clears them — and `u`/`Ctrl-R` say what they would undo or redo and ask first.

#[path = "common/tui.rs"]
mod tui_util;

use tui_util::{app, draw, press, typed};

use dvk::api::Api;
use dvk::domain::{Id, Msg, RegStatus};
use dvk::i18n::Lang;
use dvk::tui::App;
use dvk::tui::actions::{ACTIONS, Act, offered_many};
use dvk::tui::app::{Flash, Popup};
use dvk::tui::form::{ActionKind, Target};
use dvk::tui::testing::{StoreBackend, sample};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(app: &mut App, api: &Api, c: char) {
    app.key(api, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn tabs(app: &mut App, api: &Api, n: usize) {
    for _ in 0..n {
        press(app, api, &[KeyCode::Tab]);
    }
}

fn form_open(a: &App) -> bool {
    matches!(a.popups.last(), Some(Popup::Form(_)))
}

/// The line under the table at 80×24 (the one above the key bar's lines).
fn status_line(a: &App) -> String {
    let screen = draw(a, 80, 24);
    // Found by its position counter.
    screen
        .lines()
        .find(|l| l.contains(" dòng") || l.contains(" rows"))
        .unwrap_or_else(|| panic!("no status line:\n{screen}"))
        .to_string()
}

/// Mark the rows at positions `at` of the Models tab (in the table's order) with `Space`;
/// their ids.
fn mark(a: &mut App, api: &Api, at: &[usize]) -> Vec<Id> {
    press(a, api, &[KeyCode::Char('3')]);
    let mut ids = vec![];
    for &p in at {
        press(a, api, &[KeyCode::Char('g')]);
        for _ in 0..p {
            press(a, api, &[KeyCode::Down]);
        }
        ids.push(tui_util::selected(a).id);
        press(a, api, &[KeyCode::Char(' ')]);
    }
    ids
}

fn awards_of(be: &StoreBackend, decision: &str) -> Vec<Id> {
    let mut v: Vec<Id> = be
        .dataset()
        .awards
        .into_iter()
        .filter(|a| a.decision_no == decision)
        .map(|a| a.model)
        .collect();
    v.sort_unstable();
    v
}

/// The question on top: its text.
fn question(a: &App) -> String {
    match a.popups.last() {
        Some(Popup::Ask { text, .. }) => text.clone(),
        _ => panic!("no question; notice {:?}", a.notice),
    }
}

#[test]
fn one_award_for_three_marked_models_undone_and_redone_as_one_change() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    let mut ids = mark(&mut a, &api, &[0, 2, 4]);
    ids.sort_unstable();
    // Each marked row shows its mark, one cell beside the selection marker.
    let screen = draw(&a, 80, 24);
    assert_eq!(screen.matches('✓').count(), 3, "{screen}");
    assert!(status_line(&a).contains("3 đã chọn"), "{}", status_line(&a));
    press(&mut a, &api, &[KeyCode::Char('L')]);
    assert!(status_line(&a).contains("3 marked"));
    press(&mut a, &api, &[KeyCode::Char('L')]);
    // Space again unmarks; and marks again.
    press(&mut a, &api, &[KeyCode::Char(' ')]);
    assert!(status_line(&a).contains("2 đã chọn"));
    press(&mut a, &api, &[KeyCode::Char(' ')]);

    press(&mut a, &api, &[KeyCode::Char('w')]);
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("no award form: {:?}", a.notice)
    };
    let Target::AwardMany { models } = &f.target else {
        panic!("{:?}", f.target)
    };
    let mut models = models.clone();
    models.sort_unstable();
    assert_eq!(models, ids);
    assert!(draw(&a, 80, 24).contains("3 mô hình"));
    typed(&mut a, &api, "UBND tỉnh Lạng Sơn");
    tabs(&mut a, &api, 2);
    typed(&mut a, &api, "77/QĐ-UBND");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    assert_eq!(
        awards_of(&be, "77/QĐ-UBND"),
        ids,
        "one decision, three awards"
    );
    assert_eq!(a.notice, Some(Flash::Done("Đã lưu cho 3 mô hình.".into())));
    // The marks stay for the next change, across the reload after the save.
    press(&mut a, &api, &[KeyCode::Char('g')]);
    assert!(status_line(&a).contains("3 đã chọn"));
    // Every key stays on the screen: the bar takes a fourth line rather than lose any.
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("Esc Bỏ chọn"), "{screen}");
    assert!(screen.contains("L English"), "{screen}");
    press(&mut a, &api, &[KeyCode::Char('?')]);
    assert!(draw(&a, 120, 40).contains("Bỏ mọi dấu chọn"));
    press(&mut a, &api, &[KeyCode::Esc]);

    // `u` says what it would undo and waits for the answer.
    press(&mut a, &api, &[KeyCode::Char('u')]);
    let q = question(&a);
    assert!(q.starts_with("Hoàn tác: thêm khen thưởng"), "{q}");
    assert!(q.ends_with("? c/k"), "{q}");
    assert!(draw(&a, 80, 24).contains("[c] Hoàn tác"));
    assert_eq!(awards_of(&be, "77/QĐ-UBND").len(), 3, "nothing undone yet");
    press(&mut a, &api, &[KeyCode::Char('k')]);
    assert!(a.popups.is_empty());
    assert_eq!(awards_of(&be, "77/QĐ-UBND").len(), 3, "no is no");
    press(&mut a, &api, &[KeyCode::Char('u'), KeyCode::Char('c')]);
    assert!(awards_of(&be, "77/QĐ-UBND").is_empty(), "all three undone");
    let Some(Flash::Done(done)) = &a.notice else {
        panic!("{:?}", a.notice)
    };
    // Said as the question said it, not as “import batch (3)”.
    assert!(done.starts_with("Đã hoàn tác: thêm khen thưởng"), "{done}");
    assert!(!done.contains("batch"), "{done}");

    // Ctrl-R asks the same way and redoes all three.
    ctrl(&mut a, &api, 'r');
    let q = question(&a);
    assert!(q.starts_with("Làm lại: "), "{q}");
    press(&mut a, &api, &[KeyCode::Char('c')]);
    assert_eq!(awards_of(&be, "77/QĐ-UBND"), ids);
    assert!(matches!(&a.notice, Some(Flash::Done(d)) if d.starts_with("Đã làm lại: ")));

    // Esc takes the marks away first.
    press(&mut a, &api, &[KeyCode::Esc]);
    assert!(!status_line(&a).contains("đã chọn"));
    assert!(!draw(&a, 80, 24).contains('✓'));
}

#[test]
fn nothing_to_undo_or_redo_is_said_without_a_question() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('u')]);
    assert!(a.popups.is_empty());
    assert_eq!(
        a.notice,
        Some(Flash::Error(Msg::NothingToUndo.text(Lang::Vi)))
    );
    ctrl(&mut a, &api, 'r');
    assert!(a.popups.is_empty());
    assert_eq!(
        a.notice,
        Some(Flash::Error(Msg::NothingToRedo.text(Lang::Vi)))
    );
}

#[test]
fn one_check_in_for_marked_models_on_the_progress_tab() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('4')]);
    let mut ids = vec![];
    for _ in 0..2 {
        ids.push(a.progress.view.selected_model().unwrap().id);
        press(&mut a, &api, &[KeyCode::Char(' '), KeyCode::Down]);
    }
    let screen = draw(&a, 80, 24);
    assert_eq!(screen.matches('✓').count(), 2, "{screen}");
    assert!(screen.contains("2 đã chọn"), "{screen}");
    let before = be.dataset().checkins.len();
    press(&mut a, &api, &[KeyCode::Char('i')]);
    assert!(form_open(&a));
    tabs(&mut a, &api, 2);
    typed(&mut a, &api, "Tổ kiểm tra");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    let d = be.dataset();
    assert_eq!(d.checkins.len(), before + 2);
    let mut got: Vec<Id> = d
        .checkins
        .iter()
        .filter(|c| c.by == "Tổ kiểm tra")
        .map(|c| c.model)
        .collect();
    got.sort_unstable();
    ids.sort_unstable();
    assert_eq!(got, ids);
}

#[test]
fn an_action_for_marked_models_is_done_where_allowed_and_names_the_rest() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    // One model that may be submitted, two that may not (already approved).
    let pos = |a: &App, ok: &dyn Fn(RegStatus) -> bool, skip: usize| {
        tui_util::shown(a)
            .iter()
            .enumerate()
            .filter(|(_, m)| ok(m.status))
            .nth(skip)
            .map(|(p, _)| p)
            .expect("the sample has such a model")
    };
    let draft = pos(
        &a,
        &|s| matches!(s, RegStatus::Draft | RegStatus::Returned),
        0,
    );
    let approved = [
        pos(&a, &|s| s == RegStatus::Approved, 0),
        pos(&a, &|s| s == RegStatus::Approved, 1),
    ];
    let ids = mark(&mut a, &api, &[draft, approved[0], approved[1]]);
    let shown = tui_util::shown(&a);
    let code = |id: Id| shown.iter().find(|m| m.id == id).unwrap().code.clone();
    let codes: Vec<String> = ids.iter().map(|&i| code(i)).collect();
    let was = be
        .dataset()
        .models
        .iter()
        .find(|m| m.id == ids[0])
        .unwrap()
        .status;

    press(&mut a, &api, &[KeyCode::Char('a')]);
    assert!(matches!(a.popups.last(), Some(Popup::ActionsMany { .. })));
    // The list offers what at least one marked model allows: submitting, for the draft.
    let rows: Vec<_> = shown.iter().filter(|m| ids.contains(&m.id)).collect();
    let offered = offered_many(&rows);
    let submit = offered
        .iter()
        .position(|&i| ACTIONS[i].1 == Act::Workflow(ActionKind::Submit))
        .expect("submit offered");
    assert!(draw(&a, 80, 24).contains("Thao tác 3 mô hình"));
    for _ in 0..submit {
        press(&mut a, &api, &[KeyCode::Down]);
    }
    press(&mut a, &api, &[KeyCode::Enter]);
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("no action form: {:?}", a.notice)
    };
    assert!(matches!(
        &f.target,
        Target::ActionMany { models, what: ActionKind::Submit } if models[0] == ids[0]
    ));
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    let d = be.dataset();
    let status = |id: Id| d.models.iter().find(|m| m.id == id).unwrap().status;
    assert_eq!(status(ids[0]), RegStatus::Submitted);
    assert_eq!(status(ids[1]), RegStatus::Approved);
    assert_eq!(status(ids[2]), RegStatus::Approved);
    // The result: how many were done, and each skipped model by code with why.
    let Some(Flash::Done(done)) = &a.notice else {
        panic!("{:?}", a.notice)
    };
    assert!(
        done.starts_with("Đã làm cho 1 mô hình; bỏ qua 2:"),
        "{done}"
    );
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("Kết quả"), "{screen}");
    for c in &codes[1..] {
        assert!(done.contains(&format!("{c}: ")), "{c} not named: {done}");
        assert!(screen.contains(c.as_str()), "{screen}");
    }
    assert!(!done.contains(&format!("{}: ", codes[0])), "{done}");
    press(&mut a, &api, &[KeyCode::Esc]);
    assert!(a.popups.is_empty());

    // Undone as one change.
    press(&mut a, &api, &[KeyCode::Char('u')]);
    assert!(question(&a).starts_with("Hoàn tác: "));
    press(&mut a, &api, &[KeyCode::Char('c')]);
    let d = be.dataset();
    assert_eq!(
        d.models.iter().find(|m| m.id == ids[0]).unwrap().status,
        was
    );
}

#[test]
fn an_action_no_marked_model_allows_is_refused_naming_each() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let approved: Vec<usize> = tui_util::shown(&a)
        .iter()
        .enumerate()
        .filter(|(_, m)| m.status == RegStatus::Approved)
        .map(|(p, _)| p)
        .take(2)
        .collect();
    let ids = mark(&mut a, &api, &approved);
    // Submitting, asked for by way of the form for many (the list would not offer it).
    let before = be.dataset();
    let t = Target::ActionMany {
        models: ids.clone(),
        what: ActionKind::Submit,
    };
    let f = dvk::tui::forms::open(&api, &t, Lang::Vi, dvk::tui::testing::today()).unwrap();
    a.popups.push(Popup::Form(Box::new(f)));
    ctrl(&mut a, &api, 's');
    assert!(form_open(&a), "refused: the form stays");
    let screen = draw(&a, 120, 40);
    let first = &api.model(ids[0]).unwrap().model.code;
    assert!(screen.contains(&format!("mô hình “{first}”")), "{screen}");
    assert_eq!(be.dataset().models, before.models, "nothing changed");
}

/// Marks last while their models do: a deleted model's mark goes with it, the others stay.
#[test]
fn a_deleted_model_loses_its_mark_the_others_keep_theirs() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    // The first rows are drafts, which may be deleted.
    let ids = mark(&mut a, &api, &[0, 1]);
    press(&mut a, &api, &[KeyCode::Char('g')]);
    assert!(status_line(&a).contains("2 đã chọn"));
    press(&mut a, &api, &[KeyCode::Char('d'), KeyCode::Char('c')]);
    assert!(
        be.dataset().models.iter().all(|m| m.id != ids[0]),
        "{:?}",
        a.notice
    );
    press(&mut a, &api, &[KeyCode::Char('g')]);
    assert!(status_line(&a).contains("1 đã chọn"), "{}", status_line(&a));
    assert_eq!(
        a.models.marked.keys().copied().collect::<Vec<_>>(),
        vec![ids[1]]
    );
}

/// A writer the test reads after the terminal has written to it.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Over a slow link a mark costs a few bytes: its one cell and the count under the table.
#[test]
fn marking_one_more_row_sends_a_few_bytes() {
    use ratatui::layout::Rect;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    let out = Shared::default();
    let opts = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
    };
    let mut t = Terminal::with_options(dvk::tui::wire::crossterm(out.clone()), opts).unwrap();
    press(
        &mut a,
        &api,
        &[KeyCode::Char('3'), KeyCode::Char(' '), KeyCode::Down],
    );
    t.draw(|f| f.render_widget(&a, f.area())).unwrap();
    out.0.borrow_mut().clear();
    press(&mut a, &api, &[KeyCode::Char(' ')]);
    t.draw(|f| f.render_widget(&a, f.area())).unwrap();
    let sent = String::from_utf8_lossy(&out.0.borrow()).to_string();
    assert!(sent.contains('✓') && sent.contains('2'), "{sent:?}");
    assert!(
        out.0.borrow().len() < 80,
        "{} bytes: {sent:?}",
        out.0.borrow().len()
    );
}

/// A step forward for many models is one step, to the step after the first model's: a model
/// already further on is skipped, never taken back.
#[test]
fn a_step_forward_for_many_never_takes_a_model_back() {
    let be = sample();
    let api = Api(&be);
    let mut a = app(&api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let at = |a: &App, step: u8| {
        tui_util::shown(a)
            .iter()
            .position(|m| m.step == step && m.steps == 5)
            .expect("the sample has such a model")
    };
    let (two, four) = (at(&a, 2), at(&a, 4));
    let ids = mark(&mut a, &api, &[two, four]);
    // The form for many is laid out from the first marked (in the order of registration).
    let first = *ids.iter().min().unwrap();
    let other = *ids.iter().find(|&&i| i != first).unwrap();
    let step = |id: Id| {
        be.dataset()
            .models
            .iter()
            .find(|m| m.id == id)
            .unwrap()
            .step
    };
    let (s_first, s_other) = (step(first), step(other));
    assert_ne!(s_first.abs_diff(s_other), 1);
    press(&mut a, &api, &[KeyCode::Char('a'), KeyCode::Enter]);
    let Some(Popup::Form(f)) = a.popups.last() else {
        panic!("no form: {:?}", a.notice)
    };
    assert!(matches!(
        f.target,
        Target::ActionMany {
            what: ActionKind::StepNext,
            ..
        }
    ));
    // With a reason, which a move back would have taken.
    tabs(&mut a, &api, 1);
    typed(&mut a, &api, "Đủ điều kiện sang bước sau");
    ctrl(&mut a, &api, 's');
    assert!(!form_open(&a), "{}", draw(&a, 120, 40));
    assert_eq!(step(first), s_first + 1);
    assert_eq!(step(other), s_other, "not moved, and above all not back");
    let Some(Flash::Done(done)) = &a.notice else {
        panic!("{:?}", a.notice)
    };
    assert!(
        done.starts_with("Đã làm cho 1 mô hình; bỏ qua 1:"),
        "{done}"
    );
    assert!(done.contains(&format!("đang ở bước {s_other}")), "{done}");
}
