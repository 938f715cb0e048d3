//! The Models tab: every model of the period in a table, narrowed by filters (kind, field,
//! step, unit, status, overdue) and the search, sorted by any column — text columns in
//! Vietnamese alphabetical order.
//!
//! The columns share the width so that titles can be told apart (most begin with “Dân vận
//! khéo trong …”): the code is as wide as the widest code and never cut; the kind is a short
//! word (`TT`/`CN`, `Col.`/`Ind.`); the title takes at least 28 columns and 35% of the width
//! (41 at 120 columns) and all the room left over. Columns that do not fit are hidden whole,
//! in this order, the first hidden first: field, unit, status, person, outcome, criteria,
//! kind. Code, title and step always show. Where the person column shows, an exemplar's
//! person is in it; where it is hidden, the title reads “title — person”, so that a table
//! sorted by title reads in order. The sort column's header is marked `▲`/`▼`.
//!
//! The rows are the server's: it sorts, filters and searches them, and the tab holds the
//! window it shows ([`super::remote`]).

use std::cell::Cell;
use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Intent, Popup};
use super::data::ListView;
use super::form::Target;
use super::i18n::{self, S};
use super::keymap::{Binding, Key, bind, enter, hidden, new};
use super::theme::Meaning;
use super::widgets::{Col, Table, bar, data_text, place};

use crate::api::ModelRow;
use crate::domain::{Coded, Id, ModelKind, Outcome, RegStatus};
use crate::i18n::Lang;

/// The tab's state: its table, filters and sort.
pub struct ModelsTab {
    pub view: ListView,
    pub filter: ModelFilter,
    pub sort: SortCol,
    pub descending: bool,
    /// Whether the table, as last drawn, had room for the person column (otherwise the
    /// title column shows “title — person”).
    pub person_col: Cell<bool>,
    /// The models marked with `Space` (here and on the Progress tab) for a change made to
    /// all of them at once, with their rows as last seen (the rows held are a window, and
    /// marked models may be far apart); kept across loads.
    pub marked: BTreeMap<Id, ModelRow>,
}

impl Default for ModelsTab {
    fn default() -> Self {
        ModelsTab {
            view: ListView::remote(),
            filter: ModelFilter::default(),
            sort: SortCol::Code,
            descending: false,
            person_col: Cell::new(false),
            marked: BTreeMap::new(),
        }
    }
}

/// What the tab's own keys do, besides the keys on a model (`MODEL_KEYS`) and those of
/// every tab (`tab.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Open,
    Filter,
    /// `s`: the next column.
    Sort,
    /// `S`: the other direction.
    Reverse,
    New,
    /// `Space`: mark or unmark the selected model.
    Mark,
}

pub const KEYS: &[Binding<Act>] = &[
    enter(S::Open, S::OpenModelLong, Act::Open),
    bind(
        &[Key::Char('f')],
        "f",
        S::Filter,
        S::FilterLong,
        Act::Filter,
    ),
    bind(&[Key::Char('s')], "s/S", S::Sort, S::SortLong, Act::Sort),
    hidden(&[Key::Char('S')], Act::Reverse),
    new(S::NewModelLong, Act::New),
    mark(Act::Mark),
];

/// `Space` marks a model for a change made to many at once (`w`, `i`, `a`).
pub const fn mark<A>(act: A) -> Binding<A> {
    bind(&[Key::Char(' ')], "Space", S::Mark, S::MarkLong, act)
}

/// Mark the model `sel`, or unmark it when it is marked.
pub fn toggle_mark(app: &mut App, sel: Option<Id>) -> Intent {
    let Some(id) = sel else {
        return app.nothing();
    };
    if app.models.marked.remove(&id).is_none()
        && let Some(row) = app.held_model(id).cloned()
    {
        app.models.marked.insert(id, row);
    }
    Intent::None
}

/// The marked models, in the order they were registered (by id). A marked model deleted
/// meanwhile is named by the store when the change for all of them is saved.
pub fn marked(app: &App) -> Vec<Id> {
    app.models.marked.keys().copied().collect()
}

/// “3 đã chọn”, or nothing when no model is marked.
pub fn marked_note(app: &App) -> Option<String> {
    let n = marked(app).len();
    (n > 0).then(|| i18n::marked(n, app.lang))
}

/// The mark of each marked row shown: one cell between the selection marker and the first
/// column, so marking a row redraws one cell.
pub fn draw_marks(app: &App, view: &ListView, area: Rect, buf: &mut Buffer) {
    if app.models.marked.is_empty() || area.height < 2 || area.width < 2 {
        return;
    }
    let height = (area.height - 1) as usize;
    let top = view.window(height);
    let end = (top + height).min(view.len());
    let glyph = if app.theme.ascii { "*" } else { "✓" };
    for (line, pos) in (top..end).enumerate() {
        if view
            .key(pos)
            .and_then(|k| view.model(k))
            .is_some_and(|m| app.models.marked.contains_key(&m.id))
        {
            buf.set_string(
                area.x + 1,
                area.y + 1 + line as u16,
                glyph,
                app.theme.style(Meaning::Marker),
            );
        }
    }
}

/// What a key of [`KEYS`] does to the tab, on the selected model `sel`.
pub fn run(app: &mut App, act: Act, sel: Option<Id>) -> Intent {
    match act {
        Act::Open => return sel.map_or(Intent::None, Intent::OpenModel),
        Act::Filter => app.popups.push(Popup::FilterDims { cursor: 0 }),
        Act::Sort => {
            app.models.sort = app.models.sort.next();
            app.models.descending = false;
            app.resort();
        }
        Act::Reverse => {
            app.models.descending = !app.models.descending;
            app.resort();
        }
        Act::New => return Intent::Open(Target::Model { id: 0 }),
        Act::Mark => return toggle_mark(app, sel),
    }
    Intent::None
}

/// The column the table is sorted by (the server's name for it); `s` moves to the next.
pub use crate::api::SortBy as SortCol;

impl SortCol {
    const ALL: &'static [SortCol] = <SortCol as strum::VariantArray>::VARIANTS;

    pub fn next(self) -> SortCol {
        let i = SortCol::ALL.iter().position(|c| *c == self).unwrap_or(0);
        SortCol::ALL[(i + 1) % SortCol::ALL.len()]
    }

    pub fn title(self) -> S {
        COLS[self.col()].title
    }

    /// The column of [`COLS`] it sorts by.
    pub fn col(self) -> usize {
        match self {
            SortCol::Code => 0,
            SortCol::Kind => 1,
            SortCol::Title => 2,
            SortCol::Unit => 4,
            SortCol::Field => 5,
            SortCol::Step => 6,
            SortCol::Status => 7,
            SortCol::Outcome => 8,
            SortCol::Progress => 9,
        }
    }
}

/// What the filter popup offers, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum Dim {
    Period,
    Kind,
    Field,
    Step,
    Unit,
    Status,
    Outcome,
    Overdue,
    Quality,
}

impl Dim {
    /// Every variant, in declaration order (derived, so a new one cannot be left out).
    pub const ALL: &'static [Dim] = <Dim as strum::VariantArray>::VARIANTS;

    pub fn label(self) -> S {
        match self {
            Dim::Period => S::FilterPeriod,
            Dim::Kind => S::ColKind,
            Dim::Field => S::ColField,
            Dim::Step => S::ColStep,
            Dim::Unit => S::ColUnit,
            Dim::Status => S::ColStatus,
            Dim::Outcome => S::ColOutcome,
            Dim::Overdue => S::FilterOverdue,
            Dim::Quality => S::QualityFilter,
        }
    }
}

/// What a counted registration lacks (`quality` of the status): the server's name for it.
pub use crate::api::Lack as Gap;

impl Gap {
    pub fn label(self) -> S {
        match self {
            Gap::Criteria => S::NoQuantifiedCriterion,
            Gap::Content => S::NoGoalsActivities,
        }
    }

    /// Whether the row is a counted model with this gap, as the status counts them.
    pub fn of(self, m: &ModelRow) -> bool {
        m.status.counted()
            && match self {
                // Progress is measured over the criteria with a target: none means none.
                Gap::Criteria => m.progress.is_none(),
                Gap::Content => !m.has_content,
            }
    }
}

/// One value chosen in the filter popup; `All` lifts that filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    All(Dim),
    Kind(ModelKind),
    Field(String),
    Step(u8),
    Unit(Id),
    Status(RegStatus),
    Outcome(Outcome),
    Overdue,
    Quality(Gap),
}

/// The filters of the Models tab (the period is chosen by loading it): what the server
/// narrows the table by.
pub use crate::api::Filters as ModelFilter;

impl ModelFilter {
    pub fn keep(&self, m: &ModelRow) -> bool {
        self.kind.is_none_or(|k| m.kind == k)
            && self.field.as_ref().is_none_or(|f| &m.field == f)
            && self.step.is_none_or(|s| m.step == s)
            && self.unit.is_none_or(|u| m.unit == u)
            && self.status.is_none_or(|s| m.status == s)
            && (!self.overdue || m.overdue)
            && self.lacking.is_none_or(|g| g.of(m))
            && self.outcome.is_none_or(|o| m.outcome == o)
    }

    pub fn any(&self) -> bool {
        *self != ModelFilter::default()
    }

    pub fn set(&mut self, c: Choice) {
        match c {
            Choice::All(Dim::Kind) => self.kind = None,
            Choice::All(Dim::Field) => self.field = None,
            Choice::All(Dim::Step) => self.step = None,
            Choice::All(Dim::Unit) => self.unit = None,
            Choice::All(Dim::Status) => self.status = None,
            Choice::All(Dim::Overdue) => self.overdue = false,
            Choice::All(Dim::Quality) => self.lacking = None,
            Choice::All(Dim::Outcome) => self.outcome = None,
            Choice::All(Dim::Period) => {}
            Choice::Kind(k) => self.kind = Some(k),
            Choice::Field(f) => self.field = Some(f),
            Choice::Step(s) => self.step = Some(s),
            Choice::Unit(u) => self.unit = Some(u),
            Choice::Status(s) => self.status = Some(s),
            Choice::Overdue => self.overdue = true,
            Choice::Quality(g) => self.lacking = Some(g),
            Choice::Outcome(o) => self.outcome = Some(o),
        }
    }

    /// The filters in force, for the line under the table: “Loại: Cá nhân · Bước: 3”.
    pub fn describe(&self, app: &App) -> String {
        let lang = app.lang;
        let mut parts = Vec::new();
        if let Some(k) = self.kind {
            parts.push(format!("{}: {}", S::ColKind.get(lang), k.label(lang)));
        }
        if let Some(f) = &self.field {
            parts.push(format!(
                "{}: {}",
                S::ColField.get(lang),
                app.data.field_label(f, lang)
            ));
        }
        if let Some(s) = self.step {
            parts.push(format!("{}: {s}", S::ColStep.get(lang)));
        }
        if let Some(u) = self.unit {
            let name = app
                .data
                .units
                .iter()
                .find(|r| r.unit.id == u)
                .map_or(String::new(), |r| r.unit.code.clone());
            parts.push(format!("{}: {name}", S::ColUnit.get(lang)));
        }
        if let Some(s) = self.status {
            parts.push(format!("{}: {}", S::ColStatus.get(lang), s.label(lang)));
        }
        if let Some(o) = self.outcome {
            parts.push(format!("{}: {}", S::ColOutcome.get(lang), o.label(lang)));
        }
        if self.overdue {
            parts.push(S::FilterOverdue.get(lang).to_string());
        }
        if let Some(g) = self.lacking {
            parts.push(g.label().get(lang).to_string());
        }
        parts.join(" · ")
    }
}

/// The values the filter popup lists for `dim`, “All” first.
pub fn choices(app: &App, dim: Dim) -> Vec<(String, Choice)> {
    let lang = app.lang;
    let mut out = vec![(S::All.get(lang).to_string(), Choice::All(dim))];
    match dim {
        Dim::Period => {}
        Dim::Kind => out.extend(
            ModelKind::ALL
                .iter()
                .map(|k| (k.label(lang).to_string(), Choice::Kind(*k))),
        ),
        Dim::Field => out.extend(app.data.fields.iter().map(|f| {
            (
                lang.pick(&f.vi, &f.en).clone(),
                Choice::Field(f.code.clone()),
            )
        })),
        Dim::Step => {
            let steps = app.data.period().map_or(0, |p| p.steps.len());
            out.extend((1..=steps as u8).map(|s| {
                (
                    format!("{s}. {}", app.data.step_label(s, lang)),
                    Choice::Step(s),
                )
            }))
        }
        Dim::Unit => out.extend(
            app.data
                .units
                .iter()
                .filter(|u| u.models > 0 || u.drafts > 0)
                .map(|u| {
                    (
                        format!("{} {}", u.unit.code, u.unit.name),
                        Choice::Unit(u.unit.id),
                    )
                }),
        ),
        Dim::Status => out.extend(
            RegStatus::ALL
                .iter()
                .map(|s| (s.label(lang).to_string(), Choice::Status(*s))),
        ),
        Dim::Outcome => out.extend(
            Outcome::ALL
                .iter()
                .map(|o| (o.label(lang).to_string(), Choice::Outcome(*o))),
        ),
        Dim::Overdue => out.push((S::Yes.get(lang).to_string(), Choice::Overdue)),
        Dim::Quality => out.extend(
            [Gap::Criteria, Gap::Content]
                .map(|g| (g.label().get(lang).to_string(), Choice::Quality(g))),
        ),
    }
    out
}

/// Columns of the table (see the module's doc for who gives way first).
pub const COLS: [Col; 10] = [
    Col::new(S::ColCode, 4, false, 0),
    Col::new(S::ColKind, 6, false, 3),
    Col::new(S::ColTitle, 28, true, 0).share(35),
    Col::new(S::ColPerson, 16, false, 6),
    Col::new(S::ColUnit, 14, false, 8),
    Col::new(S::ColField, 14, false, 9),
    Col::new(S::ColStep, 5, false, 0),
    Col::new(S::ColStatus, 10, false, 7),
    Col::new(S::ColOutcome, 14, false, 5),
    Col::new(S::ColProgress, 11, false, 4),
];

/// The person column of [`COLS`].
const PERSON: usize = 3;

/// A kind in the table: a short word (the full label is in the model's window).
pub fn kind_short(k: ModelKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (ModelKind::Collective, Lang::Vi) => "TT",
        (ModelKind::Individual, Lang::Vi) => "CN",
        (ModelKind::Collective, Lang::En) => "Col.",
        (ModelKind::Individual, Lang::En) => "Ind.",
    }
}

/// A model's title as the Progress tab and a unit's list show it: for an exemplar with
/// `person`, “person — title”.
pub fn shown_title(m: &ModelRow, person: bool) -> String {
    if !person || m.person.is_empty() {
        m.title.clone()
    } else {
        format!("{} — {}", m.person, m.title)
    }
}

/// A model's title as the Models tab shows it: for an exemplar with `person` (no person
/// column), “title — person” — the title first, so that the table sorted by title reads in
/// order.
pub fn listed_title(m: &ModelRow, person: bool) -> String {
    if !person || m.person.is_empty() {
        m.title.clone()
    } else {
        format!("{} — {}", m.title, m.person)
    }
}

/// A criteria progress cell: `██████ 67%`.
pub fn progress_cell(p: Option<f32>, app: &App) -> String {
    match p {
        Some(p) => format!(
            "{} {:>3}%",
            bar(p as f64, 6, &app.theme),
            (p * 100.0).round() as u32
        ),
        None => "—".into(),
    }
}

pub fn outcome_meaning(o: Outcome) -> Meaning {
    match o {
        Outcome::Recognized | Outcome::Outstanding => Meaning::Good,
        Outcome::NotRecognized | Outcome::Dropped => Meaning::Muted,
        Outcome::Pending => Meaning::Plain,
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let d = &app.data;
    let t = &app.theme;
    let mut cols = COLS;
    cols[0] = cols[0].at_least(d.model_code_w.get());
    let person_col = place(&cols, area.width)[PERSON].is_some();
    app.models.person_col.set(person_col);
    let view = &app.models.view;
    let cell = |row: u32, col: usize| -> (String, Meaning) {
        let Some(m) = view.model(row) else {
            return (String::new(), Meaning::Plain);
        };
        let w = 60;
        match col {
            0 => (data_text(&m.code, w, t), Meaning::Plain),
            1 => (kind_short(m.kind, lang).to_string(), Meaning::Plain),
            2 => (
                data_text(&listed_title(m, !person_col), 200, t),
                Meaning::Plain,
            ),
            3 => (data_text(&m.person, 200, t), Meaning::Plain),
            4 => (data_text(&m.unit_name, 200, t), Meaning::Plain),
            5 => (
                data_text(&d.field_label(&m.field, lang), w, t),
                Meaning::Plain,
            ),
            6 => (
                format!("{}/{}", m.step, m.steps),
                if m.overdue {
                    Meaning::Warn
                } else {
                    Meaning::Plain
                },
            ),
            7 => (
                m.status.label(lang).to_string(),
                if m.status.counted() {
                    Meaning::Plain
                } else {
                    Meaning::Muted
                },
            ),
            8 => (
                m.outcome.label(lang).to_string(),
                outcome_meaning(m.outcome),
            ),
            _ => (progress_cell(m.progress, app), Meaning::Good),
        }
    };
    Table {
        cols: &cols,
        view: &app.models.view,
        cell,
        lang,
        theme: t,
        empty: S::NoMatch,
        loading: !view.arrived(),
        sort: Some((app.models.sort.col(), app.models.descending)),
    }
    .render(area, buf);
    draw_marks(app, &app.models.view, area, buf);
}

/// The line under the table: position, sort and filters.
pub fn status_line(app: &App) -> String {
    let lang = app.lang;
    let v = &app.models.view;
    let arrow = if app.models.descending { "↓" } else { "↑" };
    let arrow = if app.theme.ascii {
        if app.models.descending { "v" } else { "^" }
    } else {
        arrow
    };
    let mut s = format!(
        "{}  {} {}{}",
        i18n::position(
            if v.is_empty() { 0 } else { v.sel + 1 },
            v.len(),
            v.remote.as_ref().map_or(0, |h| h.unfiltered),
            lang
        ),
        S::SortedBy.get(lang),
        app.models.sort.title().get(lang),
        arrow
    );
    if app.models.filter.any() {
        s.push_str(&format!(
            "  {}: {}",
            S::Filters.get(lang),
            app.models.filter.describe(app)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::domain::text::{KeyMaker, sort_key};

    #[test]
    fn key_maker_gives_the_domain_sort_key() {
        let mut k = KeyMaker::default();
        for s in [
            "Thôn Khuổi Phầy sáng - xanh - sạch",
            "Đặng Văn Ơn",
            "Ưng Thị Lan",
            "ĐẢNG BỘ Sở Y tế 2020",
            "mạ má mã mả mà ma",
            "Khuo\u{31b}\u{309}i",
            "İstanbul ß Ǆ",
            "",
        ] {
            assert_eq!(k.key(s), sort_key(s), "{s}");
        }
    }
}
