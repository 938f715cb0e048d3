//! The tables as a clerk reads them at 80×24 and 120×40 in both languages: titles with room
//! to be told apart, codes whole, columns hidden by priority, the sort column marked, the
//! text a search found marked in its rows, `n`/`N` through the matches, and a search that
//! shows its matches from the first one.

#[path = "common/tui.rs"]
mod tui_util;

use tui_util::{app_in, draw, press, typed};

use dvk::api::Api;
use dvk::domain::text::sort_key;
use dvk::i18n::Lang;
use dvk::tui::app::Popup;
use dvk::tui::commands::commands;
use dvk::tui::models::{SortCol, listed_title, shown_title};
use dvk::tui::testing::sample;
use dvk::tui::{App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;

fn buffer(app: &App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().buffer().clone()
}

/// The screen's lines as plain text.
fn lines(app: &App, w: u16, h: u16) -> Vec<String> {
    let buf = buffer(app, w, h);
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

fn chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The rows on the screen of the Models tab: each visible model's line.
fn model_lines<'a>(app: &App, lines: &'a [String]) -> Vec<(dvk::api::ModelRow, &'a str)> {
    let v = &app.models.view;
    let top = v.top.get();
    let shown = v.page.get();
    (top..(top + shown).min(v.len()))
        .enumerate()
        .map(|(i, pos)| {
            let m = v.key(pos).and_then(|k| v.model(k)).expect("held");
            (m.clone(), lines[2 + i].as_str())
        })
        .collect()
}

#[test]
fn model_titles_get_the_room_codes_stay_whole_and_columns_hide_by_priority() {
    let be = sample();
    let api = Api(&be);
    for lang in [Lang::Vi, Lang::En] {
        let mut a = app_in(lang, &api);
        press(&mut a, &api, &[KeyCode::Char('3')]);
        // Exemplars are further down: show them too.
        press(&mut a, &api, &[KeyCode::End]);
        for (w, h, room, person_col) in [(120, 40, 40, true), (80, 24, 28, false)] {
            for at in [KeyCode::Home, KeyCode::End] {
                press(&mut a, &api, &[at]);
                let screen = lines(&a, w, h);
                let header = &screen[1];
                let has =
                    |vi: &str, en: &str| header.contains(if lang == Lang::Vi { vi } else { en });
                // Kept longest: code, title, step, kind, criteria, outcome; then person and
                // status at 120 columns; never the unit and field at these widths.
                assert!(has("Mã", "Code") && has("Tên mô hình", "Title"), "{header}");
                assert!(has("Bước", "Step") && has("Loại", "Kind"), "{header}");
                assert!(
                    has("Kết quả", "Outcome") && has("Tiêu chí", "Criteria"),
                    "{header}"
                );
                assert_eq!(has("Họ tên", "Person"), person_col, "{w}: {header}");
                assert_eq!(has("Đăng ký", "Status"), person_col, "{w}: {header}");
                assert!(
                    !has("Lĩnh vực", "Field") && !has("Đơn vị", "Unit"),
                    "{header}"
                );
                let mut exemplars = 0;
                for (m, line) in model_lines(&a, &screen) {
                    let m = &m;
                    let rest: String = line.chars().skip(2).collect();
                    assert!(
                        rest.starts_with(&format!("{} ", m.code)),
                        "code cut: {line}"
                    );
                    let kind = match (m.person.is_empty(), lang) {
                        (true, Lang::Vi) => " TT ",
                        (false, Lang::Vi) => " CN ",
                        (true, Lang::En) => " Col. ",
                        (false, Lang::En) => " Ind. ",
                    };
                    assert!(line.contains(kind), "{line}");
                    let title = listed_title(m, !person_col);
                    assert!(
                        line.contains(&chars(&title, room)),
                        "{w}×{h} {lang:?}: fewer than {room} characters of {title:?}: {line}"
                    );
                    if !m.person.is_empty() {
                        exemplars += 1;
                        if person_col {
                            assert!(line.contains(&chars(&m.person, 16)), "{line}");
                            assert!(!line.contains(" — "), "{line}");
                        }
                    }
                }
                if at == KeyCode::End {
                    assert!(exemplars > 0, "{screen:#?}");
                }
            }
        }
    }
}

#[test]
fn the_sort_column_is_marked_in_its_header() {
    let be = sample();
    let api = Api(&be);
    let mut a = app_in(Lang::Vi, &api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let header = |a: &App, w| lines(a, w, 24)[1].clone();
    assert!(header(&a, 80).starts_with("  Mã ▲"), "{}", header(&a, 80));
    press(&mut a, &api, &[KeyCode::Char('s')]);
    assert_eq!(a.models.sort, SortCol::Kind);
    assert!(header(&a, 80).contains("Loại ▲") && !header(&a, 80).contains("Mã ▲"));
    press(&mut a, &api, &[KeyCode::Char('S')]);
    assert!(header(&a, 120).contains("Loại ▼"), "{}", header(&a, 120));
    a.theme = Theme {
        color: false,
        ascii: true,
    };
    assert!(header(&a, 80).contains("Loại v"), "{}", header(&a, 80));
    press(&mut a, &api, &[KeyCode::Char('s')]);
    assert!(
        header(&a, 80).contains("Tên mô hình ^"),
        "{}",
        header(&a, 80)
    );
}

/// Sorting by title sorts the titles as shown: “person — title” where the person has no
/// column of their own, the title alone where they do.
#[test]
fn sorting_by_title_sorts_what_the_title_column_shows() {
    let be = sample();
    let api = Api(&be);
    let mut a = app_in(Lang::Vi, &api);
    press(
        &mut a,
        &api,
        &[KeyCode::Char('3'), KeyCode::Char('s'), KeyCode::Char('s')],
    );
    assert_eq!(a.models.sort, SortCol::Title);
    // Sorted by title, the table reads in order whether the person has a column of its own
    // or follows the title (“title — person”).
    let sorted = |a: &App, person: bool| {
        let keys: Vec<Vec<u8>> = tui_util::shown(a)
            .iter()
            .map(|m| sort_key(&listed_title(m, person)))
            .collect();
        keys.windows(2).all(|w| w[0] <= w[1])
    };
    // The person before the title would not read in order: the sample tells them apart.
    let person_first: Vec<Vec<u8>> = tui_util::shown(&a)
        .iter()
        .map(|m| sort_key(&shown_title(m, true)))
        .collect();
    assert!(!person_first.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        tui_util::shown(&a).iter().any(|m| !m.person.is_empty()),
        "the sample has exemplars"
    );
    for (w, person_col) in [(80, false), (120, true), (80, false)] {
        draw(&a, w, 24);
        a.after_draw();
        assert_eq!(a.models.person_col.get(), person_col);
        assert!(sorted(&a, !person_col), "{w}: not sorted by what is shown");
    }
}

#[test]
fn the_text_a_search_found_is_marked_in_its_row() {
    let be = sample();
    let api = Api(&be);
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = app_in(Lang::Vi, &api);
        press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::Char('/')]);
        typed(&mut a, &api, "khuoi  PHAY");
        press(&mut a, &api, &[KeyCode::Enter]);
        let buf = buffer(&a, w, h);
        let line: String = (0..w).map(|x| buf[(x, 2)].symbol().to_string()).collect();
        let at = line.find("Khuổi Phầy").unwrap_or_else(|| panic!("{line}"));
        let x0 = line[..at].chars().count() as u16;
        let marked = |x: u16| {
            buf[(x, 2)]
                .modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED)
        };
        // “Khuổi Phầy” (10 characters) is marked; “Thôn ” before it and “ sáng” after not.
        for x in x0..x0 + 10 {
            assert!(marked(x), "{w}: column {x} of {line:?} not marked");
        }
        assert!(!marked(x0 - 1) && !marked(x0 + 10), "{w}: {line:?}");
        // The code cell of the other rows is plain.
        assert!(!marked(2) && !marked(3));
    }
}

#[test]
fn n_and_shift_n_go_through_the_matches_while_a_search_is_in_force() {
    let be = sample();
    let api = Api(&be);
    let mut a = app_in(Lang::Vi, &api);
    press(&mut a, &api, &[KeyCode::Char('3')]);
    let bar = |a: &App| -> Vec<&'static str> { commands(a).iter().map(|c| c.keys).collect() };
    assert!(bar(&a).contains(&"n") && !bar(&a).contains(&"n/N"));
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, "dan van");
    press(&mut a, &api, &[KeyCode::Enter]);
    let n = a.models.view.len();
    assert!(n > 2, "{n}");
    assert_eq!(a.models.view.sel, 0);
    assert!(
        bar(&a).contains(&"n/N") && !bar(&a).contains(&"n"),
        "{:?}",
        bar(&a)
    );
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("n/N Khớp sau/trước"), "{screen}");
    press(&mut a, &api, &[KeyCode::Char('n'), KeyCode::Char('n')]);
    assert_eq!(a.models.view.sel, 2);
    assert!(a.popups.is_empty(), "n is not “new” while searching");
    press(&mut a, &api, &[KeyCode::Char('N')]);
    assert_eq!(a.models.view.sel, 1);
    press(&mut a, &api, &[KeyCode::Char('N'), KeyCode::Char('N')]);
    assert_eq!(
        a.models.view.sel,
        n - 1,
        "N before the first goes to the last"
    );
    press(&mut a, &api, &[KeyCode::Char('n')]);
    assert_eq!(a.models.view.sel, 0, "n after the last goes to the first");
    // On the other tabs with their own search: Units.
    press(&mut a, &api, &[KeyCode::Char('2'), KeyCode::Char('/')]);
    typed(&mut a, &api, "so");
    press(&mut a, &api, &[KeyCode::Enter, KeyCode::Char('n')]);
    assert_eq!(a.units.view.sel, 1);
    // Esc clears the search: `n` adds a record again.
    press(&mut a, &api, &[KeyCode::Esc]);
    assert!(bar(&a).contains(&"n"));
    press(&mut a, &api, &[KeyCode::Char('n')]);
    assert!(
        matches!(a.popups.last(), Some(Popup::Form(_))),
        "n opens a new unit"
    );
}

#[test]
fn a_search_shows_its_matches_from_the_first_one() {
    let be = sample();
    let api = Api(&be);
    let mut a = app_in(Lang::En, &api);
    press(&mut a, &api, &[KeyCode::Char('3'), KeyCode::End]);
    draw(&a, 80, 24);
    assert!(a.models.view.top.get() > 0);
    let last = tui_util::selected(&a);
    // A query the selected (last) row matches as well as rows far above it.
    let q = "mh0";
    assert!(
        last.code.to_lowercase().replace('-', "").contains(q),
        "{}",
        last.code
    );
    press(&mut a, &api, &[KeyCode::Char('/')]);
    typed(&mut a, &api, q);
    assert_eq!(a.models.view.sel, 0, "the first match is selected");
    let screen = lines(&a, 80, 24);
    assert_eq!(a.models.view.top.get(), 0, "the view is at the top");
    let first = &tui_util::shown(&a)[0].code;
    assert!(screen[2].contains(first.as_str()), "{screen:#?}");
    // Moving down, then changing the query, goes back to the first match.
    press(&mut a, &api, &[KeyCode::End]);
    press(&mut a, &api, &[KeyCode::Char('1')]);
    assert_eq!(a.models.view.sel, 0);
    // Ending the search and clearing it keeps the row found.
    press(&mut a, &api, &[KeyCode::Down, KeyCode::Enter]);
    let found = tui_util::selected(&a).id;
    press(&mut a, &api, &[KeyCode::Esc]);
    assert!(a.models.view.query.is_empty());
    assert_eq!(tui_util::selected(&a).id, found);
}
