//! What the interface holds between keystrokes: the rows of the chosen period as the backend
//! gave them, with everything a keystroke needs computed once per load — folded search
//! haystacks, the overdue order — so a key only filters and moves, never re-reads or re-folds.
//!
//! It comes in three parts: the [`Overview`] (catalogues, the period's figures from counters
//! and the few most overdue models), fetched before the first frame because it is cheap; the
//! unit tree ([`UnitTable`]), fetched and prepared off the loop by [`super::load`]; and the
//! model and award tables, which a period may count by the million: the server sorts,
//! filters and searches those, and each view holds only the window of rows around what it
//! shows ([`Held`], asked for by [`super::remote`]).

use std::cell::Cell;

use chrono::NaiveDate;

use crate::api::{Api, ApiResult, AwardRow, ModelRow, OverdueRow, StatusData, UnitRow};
use crate::domain::Id;

use crate::domain::text::{fold, fold_parts};
use crate::domain::{AwardForm, FieldDef, Period};
use crate::i18n::Lang;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// How many overdue models the Overview can list; the report is asked for no more.
pub const OVERDUE_ROWS: u32 = 10;

/// The rows of one period and their search keys.
#[derive(Default)]
pub struct Data {
    pub periods: Vec<Period>,
    pub fields: Vec<FieldDef>,
    pub forms: Vec<AwardForm>,
    pub status: Option<StatusData>,
    /// The most overdue models, most overdue first (at most [`OVERDUE_ROWS`]).
    pub overdue: Vec<OverdueRow>,
    pub units: Vec<UnitRow>,
    pub unit_hay: Vec<String>,
    /// The widest model code seen in the period's windows, and the widest unit code: code
    /// columns are that wide, never cut (and do not narrow while scrolling).
    pub model_code_w: Cell<u16>,
    pub unit_code_w: u16,
    /// Which tables hold the period's rows; the others are still being loaded.
    pub have: Have,
}

/// The tables that have arrived.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Have {
    pub units: bool,
}

/// What the Overview shows, and the catalogues every tab names things with: a few small
/// requests answered from counters, never a scan of the models.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub periods: Vec<Period>,
    pub fields: Vec<FieldDef>,
    pub forms: Vec<AwardForm>,
    /// `None` when there is no period yet.
    pub status: Option<StatusData>,
    pub overdue: Vec<OverdueRow>,
}

impl Overview {
    /// The figures of `period` (the latest when `None`).
    pub fn fetch(api: &Api, period: Option<String>, today: NaiveDate) -> ApiResult<Overview> {
        let periods = api.periods()?;
        if periods.is_empty() {
            return Ok(Overview {
                fields: api.fields()?,
                forms: api.forms()?,
                ..Overview::default()
            });
        }
        let r = api.report(period, today, Some(OVERDUE_ROWS))?;
        Ok(Overview {
            periods,
            fields: r.fields,
            forms: r.forms,
            status: Some(r.status),
            overdue: r.overdue,
        })
    }
}

/// The unit rows of a period (tree order) with their search keys.
pub struct UnitTable {
    pub rows: Vec<UnitRow>,
    pub hay: Vec<String>,
}

impl UnitTable {
    pub fn fetch(api: &Api, period: &str) -> ApiResult<UnitTable> {
        let rows = api.unit_rows(Some(period.to_string()))?;
        let hay = rows
            .iter()
            .map(|u| fold_parts(&[&u.unit.code, &u.unit.name]))
            .collect();
        Ok(UnitTable { rows, hay })
    }
}

impl Data {
    /// Take a period's figures and catalogues; the tables are left as they are.
    pub fn set_overview(&mut self, o: Overview) {
        self.periods = o.periods;
        self.fields = o.fields;
        self.forms = o.forms;
        self.status = o.status;
        self.overdue = o.overdue;
    }

    /// Forget the tables (another period is being loaded): tabs say they are loading.
    /// Returns the old ones, to be freed off the loop.
    pub fn clear_tables(&mut self) -> UnitTable {
        self.have = Have::default();
        self.model_code_w.set(0);
        UnitTable {
            rows: std::mem::take(&mut self.units),
            hay: std::mem::take(&mut self.unit_hay),
        }
    }

    /// Model codes came (a window's rows, the awards): the code columns widen to hold them.
    pub fn saw_models<'a>(&self, codes: impl Iterator<Item = &'a str>) {
        let w = code_width(codes);
        if w > self.model_code_w.get() {
            self.model_code_w.set(w);
        }
    }

    /// Put new unit rows in place; returns the old ones.
    pub fn set_units(&mut self, t: UnitTable) -> UnitTable {
        self.have.units = true;
        self.unit_code_w = code_width(t.rows.iter().map(|u| u.unit.code.as_str()));
        UnitTable {
            rows: std::mem::replace(&mut self.units, t.rows),
            hay: std::mem::replace(&mut self.unit_hay, t.hay),
        }
    }

    pub fn period(&self) -> Option<&Period> {
        self.status.as_ref().map(|s| &s.period)
    }

    pub fn field_label(&self, code: &str, lang: Lang) -> String {
        match self.fields.iter().find(|f| f.code == code) {
            Some(f) => lang.pick(&f.vi, &f.en).clone(),
            None => code.to_string(),
        }
    }

    pub fn form_label(&self, code: &str, lang: Lang) -> String {
        match self.forms.iter().find(|f| f.code == code) {
            Some(f) => lang.pick(&f.vi, &f.en).clone(),
            None => code.to_string(),
        }
    }

    /// The step's name in the period, e.g. “Tổ chức thực hiện”.
    pub fn step_label(&self, step: u8, lang: Lang) -> String {
        self.period()
            .and_then(|p| p.steps.get((step as usize).wrapping_sub(1)))
            .map(|s| lang.pick(&s.vi, &s.en).clone())
            .unwrap_or_default()
    }
}

/// The display width of the widest code (codes are at most 32 characters).
fn code_width<'a>(codes: impl Iterator<Item = &'a str>) -> u16 {
    super::widgets::widest(codes, crate::domain::validate::MAX_CODE)
}

/// Where the folded query `q` first occurs in `text`, as a range of `text`'s characters
/// (start, end) — none for a query of one character, which would mark letters all over the
/// screen and cost a style change on each over a slow link. The text is folded as [`hay`] folds it — case, diacritics, `đ`, runs of spaces — with
/// each folded byte remembering the character it came from, so a match of `khuoi` is drawn on
/// the five characters of “Khuổi” as shown.
pub fn found(text: &str, q: &str) -> Vec<(usize, usize)> {
    if q.chars().nth(1).is_none() {
        return Vec::new();
    }
    let mut folded = String::with_capacity(text.len());
    let mut owner: Vec<usize> = Vec::with_capacity(text.len());
    let mut space = false;
    for (ci, ch) in text.chars().enumerate() {
        let mut push = |c: char| {
            let c = if c == 'đ' || c == 'Đ' { 'd' } else { c };
            if c.is_whitespace() {
                if !space && !folded.is_empty() {
                    folded.push(' ');
                    owner.push(ci);
                }
                space = true;
            } else {
                space = false;
                for l in c.to_lowercase() {
                    folded.push(l);
                    owner.extend(std::iter::repeat_n(ci, l.len_utf8()));
                }
            }
        };
        if ch.is_ascii() {
            push(ch);
        } else {
            decompose_canonical(ch, |d| {
                if !is_combining_mark(d) {
                    push(d)
                }
            });
        }
    }
    folded
        .find(q)
        .map(|b| (owner[b], owner[b + q.len() - 1] + 1))
        .into_iter()
        .collect()
}

/// A table's view: which rows show (indices into the data, in display order), which one is
/// selected, the search typed so far, and the scroll offset kept by drawing.
///
/// The model tables are held otherwise ([`remote`](Self::remote)): the server sorts,
/// filters and searches them, and the view holds only the rows around those shown — a
/// [`Held`] window — with positions counting over the whole view.
#[derive(Default)]
pub struct ListView {
    pub rows: Vec<u32>,
    pub sel: usize,
    pub query: String,
    /// The folded query the rows were last narrowed with.
    folded: String,
    /// Whether `rows` are the narrowing of `folded` over the current data and filters.
    valid: bool,
    /// The folded query of the last narrowing, kept when the data change: a query that differs
    /// from it was just typed, and the view goes to its first match.
    last: String,
    /// Rows shown for each shorter query typed so far, so Backspace needs no scan.
    stack: Vec<(String, Vec<u32>)>,
    /// First visible row; adjusted while drawing so the selection stays in view.
    pub top: Cell<usize>,
    /// Rows that fit, as last drawn; PgUp/PgDn move by this.
    pub page: Cell<usize>,
    /// A table of the server's: the window of it held (`rows` is then unused).
    pub remote: Option<Box<Held>>,
}

/// The rows of a server's table that a view holds: a window of the view as the server sorts,
/// filters and searches it (see [`crate::api::Request::Window`]), and what was last asked.
#[derive(Debug, Default)]
pub struct Held {
    /// Rows `start..start + len()` of the view: models, or awards for the Awards tab.
    pub rows: Vec<ModelRow>,
    pub awards: Vec<AwardRow>,
    pub start: usize,
    /// Rows in the view, and in the table before filters and search.
    pub total: usize,
    pub unfiltered: usize,
    /// The view the rows are of; `None` until the first answer.
    pub spec: Option<crate::api::ViewSpec>,
    /// The folded query of `spec`, for marking what the search found.
    pub folded: String,
    /// The last request.
    pub asked: Option<super::remote::Ask>,
    /// The rows may be out of date (a change was made): they are asked for again.
    pub stale: bool,
    /// The model to select when the next rows come: the one selected when the sort, the
    /// filters or the data changed, or one just created. The next request asks where it is.
    /// A key that moves the selection meanwhile lets it go: the user has moved on.
    pub follow: Option<Id>,
}

impl Held {
    /// How many rows are held.
    pub fn len(&self) -> usize {
        self.rows.len() + self.awards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of the record held at `i` (a model, or an award).
    pub fn id_at(&self, i: usize) -> Option<Id> {
        match self.rows.get(i) {
            Some(m) => Some(m.id),
            None => self.awards.get(i).map(|a| a.award.id),
        }
    }

    /// Where the record `id` is among the rows held.
    pub fn position(&self, id: Id) -> Option<usize> {
        if self.rows.is_empty() {
            self.awards.iter().position(|a| a.award.id == id)
        } else {
            self.rows.iter().position(|m| m.id == id)
        }
    }
}

impl ListView {
    /// A view of a server's table, nothing held yet.
    pub fn remote() -> ListView {
        ListView {
            remote: Some(Box::default()),
            ..ListView::default()
        }
    }

    /// Rows in the view.
    pub fn len(&self) -> usize {
        match &self.remote {
            Some(h) => h.total,
            None => self.rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What drawing passes on for the row at `pos`: the index into the data (or, for a
    /// server's table, into the rows held); `None` while the row is not held.
    pub fn key(&self, pos: usize) -> Option<u32> {
        match &self.remote {
            Some(h) => (pos >= h.start && pos < h.start + h.len()).then(|| (pos - h.start) as u32),
            None => self.rows.get(pos).copied(),
        }
    }

    pub fn selected(&self) -> Option<u32> {
        self.key(self.sel)
    }

    /// A held row of a server's table, by [`key`](Self::key).
    pub fn model(&self, key: u32) -> Option<&ModelRow> {
        self.remote.as_ref()?.rows.get(key as usize)
    }

    /// The selected model of a server's table, when held.
    pub fn selected_model(&self) -> Option<&ModelRow> {
        self.selected().and_then(|k| self.model(k))
    }

    /// A held row of the server's award table, by [`key`](Self::key).
    pub fn award(&self, key: u32) -> Option<&AwardRow> {
        self.remote.as_ref()?.awards.get(key as usize)
    }

    /// The selected award, when held.
    pub fn selected_award(&self) -> Option<&AwardRow> {
        self.selected().and_then(|k| self.award(k))
    }

    /// The id of the selected record of a server's table, when held.
    pub fn selected_id(&self) -> Option<Id> {
        let k = self.selected()?;
        self.remote.as_ref()?.id_at(k as usize)
    }

    /// Whether the rows of the view have come (a server's table: its first answer).
    pub fn arrived(&self) -> bool {
        self.remote.as_ref().is_none_or(|h| h.spec.is_some())
    }

    /// Show `base` narrowed by the query, as the user types. Typing narrows the rows already
    /// shown; Backspace goes back to the rows kept for the shorter query — neither scans the
    /// whole table, which keeps keystrokes quick on very long tables.
    pub fn narrow(
        &mut self,
        base: impl Fn() -> Vec<u32>,
        hay: &[String],
        keep: impl Fn(u32) -> bool,
    ) {
        let q = fold(&self.query);
        if self.valid && q == self.folded {
            return;
        }
        let prev = self.selected();
        let candidates = if !self.valid {
            None
        } else if q.starts_with(self.folded.as_str()) {
            let cur = std::mem::take(&mut self.rows);
            self.stack
                .push((std::mem::take(&mut self.folded), cur.clone()));
            Some(cur)
        } else {
            while self
                .stack
                .last()
                .is_some_and(|(p, _)| !q.starts_with(p.as_str()))
            {
                self.stack.pop();
            }
            match self.stack.last() {
                Some((p, _)) if *p == q => {
                    let (p, rows) = self.stack.pop().expect("checked above");
                    self.rows = rows;
                    self.folded = p;
                    self.settle(prev);
                    return;
                }
                Some((_, rows)) => Some(rows.clone()),
                None => None,
            }
        };
        let candidates = candidates.unwrap_or_else(|| {
            self.stack.clear();
            base()
        });
        self.rows = if q.is_empty() {
            candidates.into_iter().filter(|&i| keep(i)).collect()
        } else if q.len() == 1 {
            // One typed letter: a byte search, which is the fastest scan there is.
            let b = q.as_bytes()[0];
            candidates
                .into_iter()
                .filter(|&i| keep(i) && hay[i as usize].as_bytes().contains(&b))
                .collect()
        } else {
            candidates
                .into_iter()
                .filter(|&i| keep(i) && hay[i as usize].contains(q.as_str()))
                .collect()
        };
        self.folded = q;
        self.valid = true;
        self.settle(prev);
    }

    /// The selection after a narrowing. A query just typed or changed shows its matches from
    /// the first one, at the top of the table (matches above a scrolled view would be missed).
    /// Otherwise — the data reloaded, the filters or sort changed, the query cleared — the
    /// same row stays selected when it is still shown.
    fn settle(&mut self, prev: Option<u32>) {
        if !self.folded.is_empty() && self.folded != self.last {
            self.sel = 0;
            self.top.set(0);
        } else {
            self.sel = prev
                .and_then(|p| self.rows.iter().position(|&r| r == p))
                .unwrap_or(0);
        }
        self.last.clone_from(&self.folded);
    }

    /// The folded query the rows shown were narrowed with (empty: no search).
    pub fn searched(&self) -> &str {
        match &self.remote {
            Some(h) => &h.folded,
            None => &self.folded,
        }
    }

    /// A key moved the selection: the rows to come do not move it back.
    fn moved(&mut self) {
        if let Some(h) = &mut self.remote {
            h.follow = None;
        }
    }

    /// `n`: the next row — every row shown matches the search — after the last the first.
    pub fn next_match(&mut self) {
        self.moved();
        let n = self.len();
        if n > 0 {
            self.sel = (self.sel + 1) % n;
        }
    }

    /// `N`: the previous row, before the first the last.
    pub fn prev_match(&mut self) {
        self.moved();
        let n = self.len();
        if n > 0 {
            self.sel = (self.sel + n - 1) % n;
        }
    }

    /// Forget the narrowing (the data, the filters or the order changed) so the next
    /// [`narrow`](Self::narrow) starts from the full rows; a server's table is asked again.
    pub fn reset(&mut self) {
        self.valid = false;
        self.folded.clear();
        self.stack.clear();
        let sel = self.selected_id();
        if let Some(h) = &mut self.remote {
            h.stale = true;
            h.follow = h.follow.or(sel);
        }
    }

    pub fn up(&mut self, n: usize) {
        self.moved();
        self.sel = self.sel.saturating_sub(n);
    }

    pub fn down(&mut self, n: usize) {
        self.moved();
        let len = self.len();
        if len > 0 {
            self.sel = (self.sel + n).min(len - 1);
        }
    }

    pub fn first(&mut self) {
        self.moved();
        self.sel = 0;
    }

    pub fn last(&mut self) {
        self.moved();
        self.sel = self.len().saturating_sub(1);
    }

    pub fn page_size(&self) -> usize {
        self.page.get().max(1)
    }

    /// The first row to draw for `height` rows so that the selection is visible, moving the
    /// window as little as possible (scrolling a whole page costs far more bytes than a move).
    pub fn window(&self, height: usize) -> usize {
        self.page.set(height);
        let top = self.top_for(height);
        self.top.set(top);
        top
    }

    /// [`window`](Self::window) without keeping it: where the view will start.
    pub fn top_for(&self, height: usize) -> usize {
        let mut top = self.top.get().min(self.len().saturating_sub(1));
        if self.sel < top {
            top = self.sel;
        } else if height > 0 && self.sel >= top + height {
            top = self.sel + 1 - height;
        }
        top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_maps_the_folded_match_to_the_characters_shown() {
        let t = "Thôn Khuổi  Phầy — ĐOÀN";
        assert_eq!(found(t, "khuoi phay"), [(5, 16)]);
        assert_eq!(found(t, "doan"), [(19, 23)]);
        assert_eq!(
            found(t, "phầy"),
            Vec::new(),
            "the query is folded by the caller"
        );
        assert_eq!(found(t, "k"), Vec::new());
        assert_eq!(found("Khuo\u{31b}\u{309}i", "khuoi"), [(0, 7)]);
        assert_eq!(found("Straße İ", "ße i"), [(4, 8)]);
    }

    #[test]
    fn hay_is_the_fold_of_the_joined_texts() {
        let cases: &[&[&str]] = &[
            &[
                "MH008",
                "Thôn Khuổi Phầy sáng - xanh - sạch",
                "",
                "DB01",
                "Đảng bộ Sở Tài chính",
            ],
            &["  ĐOÀN  ", "Ưng Thị Lan\tx", "Ǆ ß İ"],
            &["Khuo\u{31b}\u{309}i Pha\u{302}\u{300}y", "a\u{301}"],
            &[""],
        ];
        for parts in cases {
            assert_eq!(fold_parts(parts), fold(&parts.join(" ")), "{parts:?}");
        }
    }
}
