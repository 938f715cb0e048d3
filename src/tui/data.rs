//! What the interface holds between keystrokes: the rows of the chosen period as the backend
//! gave them, with everything a keystroke needs computed once per load — folded search
//! haystacks, the overdue order — so a key only filters and moves, never re-reads or re-folds.

use std::cell::Cell;

use chrono::NaiveDate;

use crate::api::{Api, ApiResult, AwardRow, ModelRow, StatusData, UnitRow};
use crate::domain::text::fold;
use crate::domain::{AwardForm, FieldDef, Period};
use crate::i18n::Lang;

/// The rows of one period and their search keys.
#[derive(Default)]
pub struct Data {
    pub periods: Vec<Period>,
    pub fields: Vec<FieldDef>,
    pub forms: Vec<AwardForm>,
    pub status: Option<StatusData>,
    pub models: Vec<ModelRow>,
    pub model_hay: Vec<String>,
    pub units: Vec<UnitRow>,
    pub unit_hay: Vec<String>,
    pub awards: Vec<AwardRow>,
    pub award_hay: Vec<String>,
    /// Models with the overdue ones first (longest without a check-in first), then by code.
    pub progress_order: Vec<u32>,
}

impl Data {
    /// Everything the tabs show for `period` (the latest when `None`).
    pub fn load(api: &Api, period: Option<String>, today: NaiveDate) -> ApiResult<Data> {
        let periods = api.periods()?;
        if periods.is_empty() {
            return Ok(Data { fields: api.fields()?, forms: api.forms()?, ..Data::default() });
        }
        let status = api.status(period, today)?;
        let code = Some(status.period.code.clone());
        let mut models = api.model_rows(code.clone(), today)?;
        // Codes are the stable default order; the backend's order is not promised.
        models.sort_by(|a, b| a.code.cmp(&b.code));
        let units = api.unit_rows(code.clone())?;
        let awards = api.award_rows(code)?;
        let model_hay = models
            .iter()
            .map(|m| fold(&format!("{} {} {} {} {}", m.code, m.title, m.person, m.unit_code, m.unit_name)))
            .collect();
        let unit_hay = units.iter().map(|u| fold(&format!("{} {}", u.unit.code, u.unit.name))).collect();
        let award_hay = awards
            .iter()
            .map(|a| {
                fold(&format!(
                    "{} {} {} {} {} {}",
                    a.award.decision_no, a.award.body, a.model_code, a.model_title, a.recipient, a.unit_name
                ))
            })
            .collect();
        let mut progress_order: Vec<u32> = (0..models.len() as u32).collect();
        progress_order.sort_by_key(|&i| {
            let m = &models[i as usize];
            (!m.overdue, m.last_checkin.unwrap_or(m.registered_on))
        });
        Ok(Data {
            periods,
            fields: api.fields()?,
            forms: api.forms()?,
            status: Some(status),
            models,
            model_hay,
            units,
            unit_hay,
            awards,
            award_hay,
            progress_order,
        })
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

/// A table's view: which rows show (indices into the data, in display order), which one is
/// selected, the search typed so far, and the scroll offset kept by drawing.
#[derive(Default)]
pub struct ListView {
    pub rows: Vec<u32>,
    pub sel: usize,
    pub query: String,
    /// The folded query the rows were last narrowed with.
    folded: String,
    /// First visible row; adjusted while drawing so the selection stays in view.
    pub top: Cell<usize>,
    /// Rows that fit, as last drawn; PgUp/PgDn move by this.
    pub page: Cell<usize>,
}

impl ListView {
    pub fn selected(&self) -> Option<u32> {
        self.rows.get(self.sel).copied()
    }

    /// Show `base` narrowed by the query. When the query only grew, narrowing the rows
    /// already shown is enough — the common case of typing — and keeps keystrokes cheap on
    /// very long tables.
    pub fn narrow(&mut self, base: impl Fn() -> Vec<u32>, hay: &[String], keep: impl Fn(u32) -> bool) {
        let q = fold(&self.query);
        let grew = !self.folded.is_empty() && q.starts_with(&self.folded);
        let prev = self.selected();
        let candidates = if grew { std::mem::take(&mut self.rows) } else { base() };
        self.rows = if q.is_empty() {
            candidates.into_iter().filter(|&i| keep(i)).collect()
        } else {
            candidates.into_iter().filter(|&i| keep(i) && hay[i as usize].contains(&q)).collect()
        };
        self.folded = q;
        // Keep the same row selected when it is still shown.
        self.sel = prev.and_then(|p| self.rows.iter().position(|&r| r == p)).unwrap_or(0);
    }

    /// Forget the narrowing so the next [`narrow`](Self::narrow) starts from the full rows.
    pub fn reset(&mut self) {
        self.folded.clear();
    }

    pub fn up(&mut self, n: usize) {
        self.sel = self.sel.saturating_sub(n);
    }

    pub fn down(&mut self, n: usize) {
        if !self.rows.is_empty() {
            self.sel = (self.sel + n).min(self.rows.len() - 1);
        }
    }

    pub fn first(&mut self) {
        self.sel = 0;
    }

    pub fn last(&mut self) {
        self.sel = self.rows.len().saturating_sub(1);
    }

    pub fn page_size(&self) -> usize {
        self.page.get().max(1)
    }

    /// The first row to draw for `height` rows so that the selection is visible, moving the
    /// window as little as possible (scrolling a whole page costs far more bytes than a move).
    pub fn window(&self, height: usize) -> usize {
        self.page.set(height);
        let mut top = self.top.get().min(self.rows.len().saturating_sub(1));
        if self.sel < top {
            top = self.sel;
        } else if height > 0 && self.sel >= top + height {
            top = self.sel + 1 - height;
        }
        self.top.set(top);
        top
    }
}
