//! Every tab drawn at 80×24 and 120×40 in both languages on ratatui's `TestBackend`, and the
//! popups, compared with stored snapshots (insta).

use dvk::api::Api;
use dvk::i18n::Lang;
use dvk::tui::testing::{sample, today};
use dvk::tui::{App, Tab, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(lang: Lang, api: &Api) -> App {
    let mut app = App::new(
        lang,
        Theme {
            color: false,
            ascii: false,
        },
        today(),
    );
    app.load(api, None);
    app
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().to_string()
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

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
