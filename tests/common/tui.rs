//! What the interface's tests share: an app on a backend, keys, typing, drawing.
#![allow(dead_code)]

use dvk::api::Api;
use dvk::i18n::Lang;
use dvk::tui::testing::today;
use dvk::tui::{App, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The interface in `lang`, without colour, loaded from `api`.
pub fn app_in(lang: Lang, api: &Api) -> App {
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

/// The interface in Vietnamese.
pub fn app(api: &Api) -> App {
    app_in(Lang::Vi, api)
}

pub fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Press the keys in turn; true if one of them asked to quit.
pub fn press(app: &mut App, api: &Api, keys: &[KeyCode]) -> bool {
    keys.iter().any(|k| app.key(api, key(*k)))
}

pub fn typed(app: &mut App, api: &Api, s: &str) {
    for c in s.chars() {
        press(app, api, &[KeyCode::Char(c)]);
    }
}

/// The screen as text, at `w`×`h`.
pub fn draw(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(app, f.area())).unwrap();
    t.backend().to_string()
}
