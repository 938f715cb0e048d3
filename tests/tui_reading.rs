//! Reading everything and starting new work from where one reads: a model's view wraps its
//! long texts and scrolls to its real end with its keys in the bar at 80×24; `n` in a unit's
//! list of models and on the Awards tab; the next free code of a new model; the outcome and
//! Units filters; the line under the table naming the user, the database and the period.

mod common;
#[path = "common/pty.rs"]
mod ptyd;
#[path = "common/tui.rs"]
mod tui_util;

use tui_util::{app_in, draw, key, press, typed};

use dvk::api::{Api, Request};
use dvk::domain::Outcome;
use dvk::i18n::Lang;
use dvk::tui::app::Popup;
use dvk::tui::form::{FieldKey, Form, Target};
use dvk::tui::screen::Place;
use dvk::tui::testing::sample;
use dvk::tui::{App, Intent};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const LANGS: [Lang; 2] = [Lang::Vi, Lang::En];

/// A registration text far wider than any screen, with a line break typed into it.
const PROBLEM: &str = "Người dân ở các thôn bản vùng cao còn ngại đến cơ quan làm thủ tục \
hành chính vì đường xa, thủ tục nhiều bước, thiếu người hướng dẫn bằng tiếng dân tộc; nhiều \
hộ chưa biết dùng dịch vụ công trực tuyến mức độ bốn.\nCuối đoạn: Khuổi Phầy sáng xanh sạch.";
const CRITERION: &str = "Số hộ gia đình ở thôn Khuổi Phầy được cán bộ hướng dẫn tận nhà \
cách nộp hồ sơ trực tuyến và nhận kết quả qua bưu điện";
const NOTE: &str = "Kiểm tra thực tế tại thôn: hộ dân phấn khởi, đề nghị tiếp tục duy trì \
tổ hướng dẫn lưu động và mở rộng sang các thôn lân cận trong quý tới";

/// The sample with model 1000's texts made long; returns nothing, changes the store.
fn lengthen(api: &Api) {
    let mut d = api.model(1000).unwrap();
    d.model.registration.problem = PROBLEM.into();
    d.model.criteria[0].name = CRITERION.into();
    api.save(Request::SaveModel(d.model)).unwrap();
    let mut c = d.checkins[0].clone();
    c.note = NOTE.into();
    api.save(Request::SaveCheckIn(c)).unwrap();
}

/// The text inside the model's frame, row by row (between its side borders).
fn inside(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| {
            let l = l.trim_matches('"');
            let a = l.find('│')?;
            let b = l.rfind('│')?;
            (b > a).then(|| l[a + '│'.len_utf8()..b].trim().to_string())
        })
        .collect()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn open_long_model(lang: Lang) -> (dvk::tui::testing::StoreBackend, App) {
    let be = sample();
    let api = Api(&be);
    lengthen(&api);
    let mut a = app_in(lang, &api);
    a.perform(&api, Intent::OpenModel(1000));
    assert!(matches!(a.popups.last(), Some(Popup::Model { .. })));
    (be, a)
}

#[test]
fn long_texts_of_a_model_wrap_and_are_read_whole() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            let (be, mut a) = open_long_model(lang);
            let api = Api(&be);
            let mut seen = String::new();
            let mut last = String::new();
            // Line by line down to the end: every line the window shows, in order.
            for _ in 0..80 {
                let s = draw(&a, w, h);
                let rows = inside(&s);
                assert!(
                    rows.iter().all(|r| !r.ends_with('…')),
                    "{lang:?} {w}×{h}: a value is cut\n{s}"
                );
                if last.is_empty() {
                    seen = rows.join("\n");
                } else if let Some(r) = rows.last() {
                    seen.push('\n');
                    seen.push_str(r);
                }
                if s == last {
                    break;
                }
                last = s;
                press(&mut a, &api, &[KeyCode::Char('j')]);
            }
            let all = squeeze(&seen);
            for text in [PROBLEM, CRITERION, NOTE] {
                for part in text.split('\n') {
                    assert!(
                        all.contains(&squeeze(part)),
                        "{lang:?} {w}×{h}: {part:?} not readable in\n{seen}"
                    );
                }
            }
        }
    }
}

#[test]
fn g_end_and_page_down_reach_the_last_line_of_a_long_model() {
    for lang in LANGS {
        for (w, h) in [(80, 24), (120, 40)] {
            // `G` typed right after `Enter`, before the model was ever drawn (keys typed ahead
            // on a slow link): the end is still where it lands.
            let (be, mut a) = open_long_model(lang);
            let api = Api(&be);
            press(&mut a, &api, &[KeyCode::Char('G')]);
            let s = draw(&a, w, h);
            let rows = inside(&s);
            let end = rows.iter().rfind(|r| !r.is_empty()).unwrap();
            assert!(
                end.contains("canbo"),
                "{lang:?} {w}×{h}: not at the end\n{s}"
            );
            press(&mut a, &api, &[KeyCode::Char('g')]);
            let first = draw(&a, w, h);
            // The last line: the model's latest change, by the sample's user, in words.
            let history = if lang == Lang::Vi {
                "Lịch sử"
            } else {
                "History"
            };
            assert!(!inside(&first).iter().any(|r| r == history), "{first}");
            for keys in [
                vec![KeyCode::Char('G')],
                vec![KeyCode::End],
                vec![KeyCode::PageDown; 8],
            ] {
                press(&mut a, &api, &[KeyCode::Char('g')]);
                draw(&a, w, h);
                press(&mut a, &api, &keys);
                let s = draw(&a, w, h);
                let rows = inside(&s);
                let body: Vec<&String> = rows.iter().filter(|r| !r.is_empty()).collect();
                let end = body.last().unwrap();
                assert!(
                    end.contains("canbo"),
                    "{lang:?} {w}×{h} {keys:?}: the last line is not the last change\n{s}"
                );
                assert!(rows.iter().any(|r| r == history), "{s}");
                // And it is the end: one more line down changes nothing.
                press(&mut a, &api, &[KeyCode::Char('j')]);
                assert_eq!(draw(&a, w, h), s, "{lang:?} {w}×{h} {keys:?}");
            }
            // Back up from the end moves at once.
            press(&mut a, &api, &[KeyCode::Char('G')]);
            let end = draw(&a, w, h);
            press(&mut a, &api, &[KeyCode::Char('k')]);
            assert_ne!(draw(&a, w, h), end);
        }
    }
}

/// `PgDn` turns a window's page, keeping its last line in sight at the top; `PgUp` turns
/// it back.
#[test]
fn page_down_in_a_model_turns_a_whole_window() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (be, mut a) = open_long_model(Lang::Vi);
        let api = Api(&be);
        // The tab line's separators are the first row found; the frame's rows follow.
        let first = inside(&draw(&a, w, h));
        let last = first.last().unwrap().clone();
        press(&mut a, &api, &[KeyCode::PageDown]);
        let screen = draw(&a, w, h);
        let next = inside(&screen);
        // Unless the page reached the end of the model, which stops it short.
        press(&mut a, &api, &[KeyCode::Char('j')]);
        let at_end = draw(&a, w, h) == screen;
        press(&mut a, &api, &[KeyCode::Char('k')]);
        assert!(
            next[1] == last || at_end,
            "{w}×{h}: the page starts with the last line seen\n{screen}"
        );
        assert_ne!(next, first, "{w}×{h}: the page turned");
        press(&mut a, &api, &[KeyCode::PageUp]);
        assert_eq!(inside(&draw(&a, w, h)), first, "{w}×{h}");
    }
}

#[test]
fn the_bar_over_a_model_keeps_its_keys_at_80x24() {
    for lang in LANGS {
        let (_be, a) = open_long_model(lang);
        let s = draw(&a, 80, 24);
        let rows: Vec<&str> = s.lines().collect();
        // The bar: the rows under the model's frame.
        let bottom = rows.iter().rposition(|r| r.contains('└')).unwrap();
        let bar = rows[bottom + 1..].join("\n");
        for k in [" e ", " i ", " w ", " a ", " h ", " Esc/q ", "g/G", " d "] {
            assert!(bar.contains(k), "{lang:?}: {k:?} not in the bar\n{s}");
        }
    }
}

fn top_form(a: &App) -> &Form {
    match a.popups.last() {
        Some(Popup::Form(f)) => f,
        _ => panic!("no form on top"),
    }
}

fn field(f: &Form, k: FieldKey) -> &str {
    f.fields.iter().find(|x| x.key == k).unwrap().text()
}

#[test]
fn n_in_a_units_list_of_models_opens_a_new_model_of_that_unit() {
    for lang in LANGS {
        let be = sample();
        let api = Api(&be);
        let mut a = app_in(lang, &api);
        press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('j')]);
        let unit = a.data.units[a.units.view.selected().unwrap() as usize]
            .unit
            .clone();
        press(&mut a, &api, &[KeyCode::Enter]);
        assert!(matches!(a.popups.last(), Some(Popup::Unit { .. })));
        let bar = draw(&a, 80, 24);
        let new = if lang == Lang::Vi {
            " n Thêm "
        } else {
            " n New "
        };
        assert!(bar.contains(new), "{bar}");
        press(&mut a, &api, &[KeyCode::Char('n')]);
        let f = top_form(&a);
        assert_eq!(f.target, Target::NewModel { unit: unit.id });
        assert_eq!(field(f, FieldKey::UnitCode), unit.id.to_string());
        let s = draw(&a, 80, 24);
        assert!(s.contains(&unit.code), "{s}");
        // Filled in and saved, it is the unit's and the unit's list shows it.
        let count = |a: &dvk::tui::App| {
            tui_util::all_models(a, &api)
                .iter()
                .filter(|m| m.unit == unit.id)
                .count()
        };
        let before = count(&a);
        let f = match a.popups.last_mut() {
            Some(Popup::Form(f)) => f,
            _ => unreachable!(),
        };
        for fl in f.fields.iter_mut() {
            match fl.key {
                FieldKey::Title => fl.edit.set("Mô hình mới của đơn vị"),
                FieldKey::Field => fl.edit.set("economy"),
                _ => {}
            }
        }
        a.key(
            &api,
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
        );
        assert!(
            !matches!(a.popups.last(), Some(Popup::Form(_))),
            "{}",
            draw(&a, 120, 40)
        );
        let after = count(&a);
        assert_eq!(after, before + 1);
        let Some(Popup::Unit { view, .. }) = a.popups.last() else {
            panic!("the unit's list is still open")
        };
        assert_eq!(view.len(), after);
        assert_eq!(tui_util::held(view).len(), after);
    }
}

#[test]
fn n_on_the_awards_tab_opens_an_award_for_the_selected_awards_model() {
    for lang in LANGS {
        let be = sample();
        let api = Api(&be);
        let mut a = app_in(lang, &api);
        press(&mut a, &api, &[KeyCode::Char('5'), KeyCode::Char('j')]);
        let model = a.awards.view.selected_award().unwrap().award.model;
        let s = draw(&a, 80, 24);
        let new = if lang == Lang::Vi {
            " n Thêm "
        } else {
            " n New "
        };
        assert!(s.contains(new), "{s}");
        press(&mut a, &api, &[KeyCode::Char('n')]);
        assert_eq!(top_form(&a).target, Target::Award { model, id: 0 });
        let code = &api.model(model).unwrap().model.code;
        let s = draw(&a, 80, 24);
        assert!(s.contains(code.as_str()), "{s}");
    }
}

#[test]
fn a_new_models_form_suggests_the_next_free_code() {
    let be = sample();
    let api = Api(&be);
    let mut a = app_in(Lang::Vi, &api);
    let last = tui_util::all_models(&a, &api)
        .iter()
        .filter_map(|m| m.code.strip_prefix("MH")?.parse::<u32>().ok())
        .max()
        .unwrap();
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('n')]);
    let want = format!("MH{:03}", last + 1);
    assert_eq!(field(top_form(&a), FieldKey::Code), want);
    assert!(draw(&a, 80, 24).contains(&want));
    // A suggestion only: what is typed replaces it; a movement key keeps it to edit.
    typed(&mut a, &api, "KP-01");
    assert_eq!(field(top_form(&a), FieldKey::Code), "KP-01");
    press(&mut a, &api, &[KeyCode::Esc]);
    if matches!(a.popups.last(), Some(Popup::Ask { .. })) {
        a.key(&api, key(KeyCode::Char('y')));
    }
    a.popups.clear();
    press(&mut a, &api, &[KeyCode::Char('n'), KeyCode::Left]);
    typed(&mut a, &api, "A");
    assert_eq!(
        field(top_form(&a), FieldKey::Code),
        format!("MH{:02}A{}", (last + 1) / 10, (last + 1) % 10)
    );
    // The suggestion is free: once a model takes it, the next one is offered.
    press(&mut a, &api, &[KeyCode::Esc]);
    if matches!(a.popups.last(), Some(Popup::Ask { .. })) {
        a.key(&api, key(KeyCode::Char('y')));
    }
    let mut m = api.model(1000).unwrap().model;
    m.id = 0;
    m.rev = 0;
    m.code = want.clone();
    api.save(Request::SaveModel(m)).unwrap();
    a.popups.clear();
    press(&mut a, &api, &[KeyCode::Char('n')]);
    assert_eq!(
        field(top_form(&a), FieldKey::Code),
        format!("MH{:03}", last + 2)
    );
}

#[test]
fn the_outcome_filter_narrows_the_models() {
    for lang in LANGS {
        let be = sample();
        let api = Api(&be);
        let mut a = app_in(lang, &api);
        press(&mut a, &api, &[KeyCode::Char('3')]);
        let all = a.models.view.len();
        let want = tui_util::all_models(&a, &api)
            .iter()
            .filter(|m| m.outcome == Outcome::Recognized)
            .count();
        assert!(want > 0 && want < all);
        press(&mut a, &api, &[KeyCode::Char('f')]);
        let s = draw(&a, 80, 24);
        let dim = if lang == Lang::Vi {
            "Kết quả"
        } else {
            "Outcome"
        };
        assert!(s.contains(dim), "{s}");
        // The outcome is the seventh of the filters; recognised the third of its values.
        press(&mut a, &api, &[KeyCode::Down; 6]);
        press(&mut a, &api, &[KeyCode::Enter]);
        let s = draw(&a, 80, 24);
        let value = if lang == Lang::Vi {
            "Công nhận"
        } else {
            "Recognised"
        };
        assert!(s.contains(value), "{s}");
        press(
            &mut a,
            &api,
            &[KeyCode::Down, KeyCode::Down, KeyCode::Enter],
        );
        assert!(a.popups.is_empty());
        assert_eq!(a.models.view.len(), want);
        assert!(
            tui_util::shown(&a)
                .iter()
                .all(|m| m.outcome == Outcome::Recognized)
        );
        let s = draw(&a, 120, 40);
        assert!(s.contains(&format!("{dim}: {value}")), "{s}");
        press(&mut a, &api, &[KeyCode::Esc]);
        assert_eq!(a.models.view.len(), all);
    }
}

#[test]
fn the_units_filter_keeps_units_with_or_without_a_registered_model() {
    for lang in LANGS {
        let be = sample();
        let api = Api(&be);
        let mut a = app_in(lang, &api);
        press(&mut a, &api, &[KeyCode::Char('2')]);
        let all = a.units.view.len();
        let s = draw(&a, 80, 24);
        let f = if lang == Lang::Vi {
            " f Lọc "
        } else {
            " f Filter "
        };
        assert!(s.contains(f), "{lang:?}: {f:?} not in the bar\n{s}");
        let rows = |a: &App| -> Vec<u32> {
            a.units
                .view
                .rows
                .iter()
                .map(|&i| a.data.units[i as usize].models)
                .collect()
        };
        press(&mut a, &api, &[KeyCode::Char('f')]);
        let with = rows(&a);
        assert!(!with.is_empty() && with.iter().all(|&n| n > 0), "{with:?}");
        let s = draw(&a, 80, 24);
        let said = if lang == Lang::Vi {
            "Đã đăng ký"
        } else {
            "Registered"
        };
        assert!(s.contains(said), "{s}");
        press(&mut a, &api, &[KeyCode::Char('f')]);
        let without = rows(&a);
        assert!(!without.is_empty() && without.iter().all(|&n| n == 0));
        assert_eq!(with.len() + without.len(), all);
        // The search works within the filter; Esc clears the search, then the filter.
        press(&mut a, &api, &[KeyCode::Char('/')]);
        typed(&mut a, &api, "van phong");
        press(&mut a, &api, &[KeyCode::Enter]);
        assert!(!a.units.view.is_empty());
        assert!(rows(&a).iter().all(|&n| n == 0));
        press(&mut a, &api, &[KeyCode::Esc]);
        assert_eq!(a.units.view.len(), without.len());
        press(&mut a, &api, &[KeyCode::Esc]);
        assert_eq!(a.units.view.len(), all);
        press(
            &mut a,
            &api,
            &[KeyCode::Char('f'), KeyCode::Char('f'), KeyCode::Char('f')],
        );
        assert_eq!(a.units.view.len(), all);
    }
}

/// The row under the table (the one above the key bar) of a drawn tab.
fn status_row(s: &str) -> String {
    let rows: Vec<&str> = s.lines().collect();
    let bar = rows
        .iter()
        .position(|r| r.contains("? ") && (r.contains("Trợ giúp") || r.contains("Help")))
        .unwrap();
    rows[bar - 1].to_string()
}

#[test]
fn the_line_under_the_table_names_the_user_the_database_and_the_period() {
    for lang in LANGS {
        let be = sample();
        let api = Api(&be);
        let mut a = app_in(lang, &api);
        a.user = Some("canbo.vp".into());
        a.place = Some(Place::Db(
            "/srv/dvk/so-lieu-\u{1b}[31m-khoi/ban-dan-van/db".into(),
        ));
        press(&mut a, &api, &[KeyCode::Char('2')]);
        let (db, period) = match lang {
            Lang::Vi => ("CSDL", "Giai đoạn 2017-2020"),
            Lang::En => ("db", "Period 2017-2020"),
        };
        let wide = status_row(&draw(&a, 120, 40));
        assert!(wide.contains("canbo.vp"), "{wide}");
        assert!(wide.contains(&format!("{db} ")), "{wide}");
        assert!(wide.contains("ban-dan-van/db"), "{wide}");
        assert!(wide.contains(period), "{wide}");
        // The escape is shown as text, never sent.
        assert!(wide.contains("\\x1b") && !wide.contains('\u{1b}'), "{wide}");
        let narrow = status_row(&draw(&a, 80, 24));
        assert!(narrow.contains("canbo.vp"), "{narrow}");
        assert!(narrow.contains("…") && narrow.contains("/db"), "{narrow}");
        assert!(!narrow.contains('\u{1b}'));
        // Through a server, the server's socket is named.
        a.place = Some(Place::Server("/run/dvk/dvk.sock".into()));
        let server = if lang == Lang::Vi {
            "máy chủ"
        } else {
            "server"
        };
        let s = status_row(&draw(&a, 80, 24));
        assert!(s.contains(&format!("{server} /run/dvk/dvk.sock")), "{s}");
    }
}

/// The real program in a pseudo-terminal at 80×24: the line under the Units table names the
/// login, the database and the period, and a model opened there
/// keeps that line and its keys in sight.
#[test]
fn the_program_names_who_and_where_under_the_table() {
    let sb = common::Sandbox::new();
    sb.ok(&["demo"]);
    let out = ptyd::Session::new(&sb, &[], 80, 24)
        .set_env("USER", "canbo.vp")
        .timeout(30)
        .expect("Tổng quan")
        .key("2")
        .expect("CSDL")
        .snap("units")
        .key("3")
        .key("enter")
        .expect("Nội dung đăng ký")
        .snap("model")
        .key("q")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    let units = out.snap("units");
    let line = units
        .lines()
        .find(|l| l.contains("CSDL"))
        .unwrap_or_else(|| panic!("{units}"));
    assert!(line.contains("canbo.vp"), "{line}");
    assert!(line.contains("data/db"), "{line}");
    assert!(line.contains("Giai đoạn 2017-2020"), "{line}");
    let model = out.snap("model");
    assert!(model.lines().any(|l| l.contains("CSDL")), "{model}");
    let bar: Vec<&str> = model.lines().rev().take(2).collect();
    let bar = bar.join(" ");
    for k in [" e ", " i ", " w ", " a ", " h ", "Esc/q"] {
        assert!(bar.contains(k), "{k:?} not in the bar: {model}");
    }
}

/// Counts the requests for a period's model rows that go through it.
struct Counting<'a> {
    inner: &'a dyn dvk::api::Backend,
    rows: std::sync::atomic::AtomicUsize,
}

impl dvk::api::Backend for Counting<'_> {
    fn call(&self, req: dvk::api::Request) -> dvk::api::ApiResult<dvk::api::Response> {
        if matches!(req, dvk::api::Request::ModelRows { .. }) {
            self.rows.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        self.inner.call(req)
    }
}

/// The suggested code comes from the last codes of the period, asked for as windows:
/// opening a new model's form never fetches the period's rows (which may number a million).
#[test]
fn a_new_models_form_suggests_its_code_without_the_periods_rows() {
    let be = sample();
    let counting = Counting {
        inner: &be,
        rows: std::sync::atomic::AtomicUsize::new(0),
    };
    let api = Api(&counting);
    let mut a = app_in(Lang::Vi, &api);
    let rows = || counting.rows.load(std::sync::atomic::Ordering::SeqCst);
    let before = rows();
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('n')]);
    assert!(!field(top_form(&a), FieldKey::Code).is_empty());
    assert_eq!(rows(), before, "the period's rows were fetched");
}
