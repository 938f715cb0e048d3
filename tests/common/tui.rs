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

/// The model rows a view holds, in its order: every row of the view, a test's tables being
/// far smaller than a window.
pub fn held(v: &dvk::tui::data::ListView) -> Vec<dvk::api::ModelRow> {
    let h = v.remote.as_ref().expect("a view of models");
    assert_eq!(h.start, 0, "the view holds its rows from the first");
    assert_eq!(h.rows.len(), h.total, "the view holds all its rows");
    h.rows.clone()
}

/// The rows of the Models tab as shown (sorted, filtered, searched).
pub fn shown(a: &App) -> Vec<dvk::api::ModelRow> {
    held(&a.models.view)
}

/// The selected model of the Models tab.
pub fn selected(a: &App) -> dvk::api::ModelRow {
    a.models
        .view
        .selected_model()
        .expect("a model selected")
        .clone()
}

/// Every model row of the period shown, in code order.
pub fn all_models(a: &App, api: &Api) -> Vec<dvk::api::ModelRow> {
    let p = a.data.period().map(|p| p.code.clone());
    let mut rows = api.model_rows(p, a.today).unwrap();
    rows.sort_by(|x, y| x.code.cmp(&y.code));
    rows
}

/// The store, recording the kind of each request that reaches it.
pub struct Counting {
    pub inner: dvk::tui::testing::StoreBackend,
    log: std::sync::Mutex<Vec<String>>,
}

impl Counting {
    pub fn with(inner: dvk::tui::testing::StoreBackend) -> Counting {
        Counting {
            inner,
            log: std::sync::Mutex::new(vec![]),
        }
    }
    /// The kinds of request made since the last call, in order.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
    /// How many requests of this kind were made since the last call.
    pub fn count(&self, kind: &str) -> usize {
        self.take().iter().filter(|k| *k == kind).count()
    }
}

impl dvk::api::Backend for Counting {
    fn call(&self, req: dvk::api::Request) -> dvk::api::ApiResult<dvk::api::Response> {
        let name = format!("{req:?}");
        let name = name
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_string();
        self.log.lock().unwrap().push(name);
        self.inner.call(req)
    }
}
