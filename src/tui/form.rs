//! A form: a list of fields edited one at a time, each checked when it is left with the same
//! validation the backend runs, so the message beside a field is the one a save would give.
//! The form knows nothing of the backend: `Ctrl-S` hands back the [`Request`] to send, and
//! [`records`](super::records) builds that request from the fields.
//!
//! Text fields are one scrolling line ([`LineEdit`]); long texts take `Ctrl-J` for a line
//! break, shown as `↵`, which keeps every field one row high at 80×24. A choice opens a list
//! that narrows as you type, ignoring diacritics.

use std::cell::Cell;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

pub use super::forms::key::{CritPart, FieldKey, StepPart};
use super::i18n::S;
use super::line_edit::LineEdit;
use super::records::{self, Base};
use crate::api::Request;
use crate::domain::text::{date_dmy, fold, parse_typed_date};
use crate::domain::{Id, Msg};
use crate::i18n::Lang;

/// What a form edits; enough to open it again from a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Target {
    /// `id == 0` creates.
    Unit {
        id: Id,
    },
    Model {
        id: Id,
    },
    CheckIn {
        model: Id,
        id: Id,
    },
    Award {
        model: Id,
        id: Id,
    },
    Replication {
        model: Id,
    },
    Period {
        code: Option<String>,
    },
    Field {
        code: Option<String>,
    },
    AwardForm {
        code: Option<String>,
    },
    /// Move a model's step, change its registration or its outcome, with a reason.
    Action {
        model: Id,
        what: ActionKind,
    },
    /// Write the period's report to a file (`None`: the latest period).
    Report {
        period: Option<String>,
    },
    /// A new model of this unit (`n` in a unit's list of models).
    NewModel {
        unit: Id,
    },
    /// One award decision for many models, saved as one change.
    AwardMany {
        models: Vec<Id>,
    },
    /// One check-in for many models (no values per criterion), saved as one change.
    CheckInMany {
        models: Vec<Id>,
    },
    /// One workflow move for many models; those that do not allow it are skipped. The
    /// first model allows it (the form is laid out from it).
    ActionMany {
        models: Vec<Id>,
        what: ActionKind,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionKind {
    StepNext,
    StepBack,
    Submit,
    Approve,
    Return,
    Outcome,
}

/// One entry of a choice: the stored code and what the user reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Opt {
    pub code: String,
    pub label: String,
}

impl Opt {
    pub fn new(code: impl Into<String>, label: impl Into<String>) -> Opt {
        Opt {
            code: code.into(),
            label: label.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Text {
        max: usize,
        multiline: bool,
    },
    Code,
    Date,
    Number,
    Int,
    /// One of a list; the editor holds the chosen code.
    Choice(Vec<Opt>),
    /// Free text with a list to pick from (awarding bodies: a new one may be typed).
    Suggest(Vec<String>),
}

/// A field's name on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Label {
    S(S),
    /// A field of a repeated row: “Tiêu chí 2 · Tên”.
    Row(S, usize, S),
    /// A check-in's value for one criterion of the model (the criterion's name).
    Actual(String),
}

impl Label {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Label::S(s) => s.get(lang).to_string(),
            Label::Row(g, i, s) => format!("{} {} · {}", g.get(lang), i + 1, s.get(lang)),
            Label::Actual(name) => format!("{}: {}", S::Actual.get(lang), name),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Which field: its name in validation messages and drafts is `key.as_str()`.
    pub key: FieldKey,
    /// For fields of a repeated row (criteria, steps): the row.
    pub row: Option<usize>,
    pub label: Label,
    pub kind: Kind,
    pub edit: LineEdit,
    pub required: bool,
    /// Shown but not editable (a catalogue entry's code once saved).
    pub readonly: bool,
    pub error: Option<Msg>,
    /// Something was typed or chosen here: an empty required field says so once left.
    pub edited: bool,
    /// The value is a suggestion (a new model's next free code): the first character typed
    /// replaces it, a movement key keeps it to edit.
    pub suggested: bool,
}

impl Field {
    pub fn new(key: FieldKey, label: S, kind: Kind, value: &str) -> Field {
        let (max, multiline) = match &kind {
            Kind::Text { max, multiline } => (*max, *multiline),
            Kind::Suggest(_) => (crate::domain::validate::MAX_NAME, false),
            _ => (64, false),
        };
        Field {
            key,
            row: None,
            label: Label::S(label),
            kind,
            edit: LineEdit::with_lines(value, max, multiline),
            required: false,
            readonly: false,
            error: None,
            edited: false,
            suggested: false,
        }
    }

    /// The value is only a suggestion, replaced by what is typed.
    pub fn suggested(mut self) -> Field {
        self.suggested = !self.text().is_empty();
        self
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn readonly(mut self, yes: bool) -> Field {
        self.readonly = yes;
        self
    }

    pub fn in_row(mut self, group: S, row: usize, sub: S) -> Field {
        self.row = Some(row);
        self.label = Label::Row(group, row, sub);
        self
    }

    pub fn text(&self) -> &str {
        self.edit.text()
    }

    /// Where a draft keeps this field's value: the key and the row.
    pub fn draft_key(&self) -> String {
        match self.row {
            Some(r) => format!("{}.{r}.{}", self.key.as_str(), self.sub()),
            None => self.key.as_str().to_string(),
        }
    }

    /// The part of its row a field holds; a check-in's value goes by its criterion's name.
    fn sub(&self) -> String {
        match (self.key.part(), &self.label) {
            (Some(p), _) => p.to_string(),
            (None, Label::Actual(n)) => n.clone(),
            (None, Label::Row(_, _, s) | Label::S(s)) => format!("{s:?}"),
        }
    }

    /// What the field shows when it does not have the cursor.
    pub fn shown(&self) -> String {
        match &self.kind {
            Kind::Choice(opts) => opts
                .iter()
                .find(|o| o.code == self.text())
                .map(|o| o.label.clone())
                .unwrap_or_default(),
            _ => self.text().to_string(),
        }
    }

    pub fn is_choice(&self) -> bool {
        matches!(self.kind, Kind::Choice(_) | Kind::Suggest(_))
    }
}

/// The list a choice opens, narrowed by what is typed.
#[derive(Debug, Clone)]
pub struct Picker {
    pub options: Vec<String>,
    pub codes: Vec<String>,
    pub query: LineEdit,
    /// Indices of the options that match the query.
    pub rows: Vec<usize>,
    pub cursor: usize,
    /// A free-text field: Enter with no match keeps the typed text.
    pub free: bool,
}

impl Picker {
    fn refilter(&mut self) {
        let q = fold(self.query.text());
        self.rows = (0..self.options.len())
            .filter(|&i| q.is_empty() || fold(&self.options[i]).contains(&q))
            .collect();
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }
}

/// Why the form was not saved, shown at its foot.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The field at this index is invalid.
    Invalid(usize),
    /// The backend refused the save for a reason not tied to a field.
    Failed(Msg),
}

/// What the keys of an open choice list do (their table is in `popup/form.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickAct {
    Move,
    Choose,
    /// Typing narrows the list: letters, `Backspace`, `Ctrl-W`, `Ctrl-U`.
    Filter,
    Close,
}

pub struct Form {
    pub target: Target,
    pub base: Base,
    pub title: S,
    /// What the title names, e.g. the record's code.
    pub subject: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub pick: Option<Picker>,
    pub note: Option<Note>,
    /// First visible line, kept by drawing.
    pub top: Cell<usize>,
    /// The values as opened, to tell whether anything changed.
    initial: Vec<(String, String)>,
    /// A save was asked for: from then on every empty required field says so.
    pub tried: bool,
}

impl Form {
    pub fn new(target: Target, base: Base, title: S, subject: String, fields: Vec<Field>) -> Form {
        let mut f = Form {
            target,
            base,
            title,
            subject,
            fields,
            focus: 0,
            pick: None,
            note: None,
            top: Cell::new(0),
            initial: Vec::new(),
            tried: false,
        };
        f.focus = f.fields.iter().position(|x| !x.readonly).unwrap_or(0);
        f.initial = f.values();
        f
    }

    /// Every field's value by its draft key.
    pub fn values(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|f| (f.draft_key(), f.text().to_string()))
            .collect()
    }

    pub fn dirty(&self) -> bool {
        self.values() != self.initial
    }

    /// Count of rows (criteria, steps) the form holds.
    pub fn rows(&self) -> usize {
        self.fields
            .iter()
            .filter_map(|f| f.row)
            .max()
            .map_or(0, |r| r + 1)
    }

    pub fn get(&self, key: FieldKey) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key && f.row.is_none())
            .map_or("", |f| f.text())
    }

    /// `Enter` on a field: a choice opens its list, any other field passes to the next.
    pub fn enter(&mut self) {
        if self.fields[self.focus].is_choice() {
            self.open_picker("");
        } else {
            self.move_focus(1);
        }
    }

    /// A key of text editing on the focused field (letters, `Backspace`, `Ctrl-W`…).
    pub fn edit_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let f = &mut self.fields[self.focus];
        if f.readonly {
            return;
        }
        if let Kind::Choice(_) = f.kind {
            // Typing on a choice starts narrowing its list.
            if let KeyCode::Char(c) = key.code
                && !ctrl
            {
                self.open_picker(&c.to_string());
            }
            return;
        }
        if std::mem::take(&mut f.suggested) {
            match key.code {
                KeyCode::Char(_) if !ctrl => f.edit.set(""),
                KeyCode::Backspace | KeyCode::Delete => {
                    f.edit.set("");
                    f.edited = true;
                    return;
                }
                _ => {}
            }
        }
        let before = f.edit.text().len();
        let e = &mut f.edit;
        let editing = match key.code {
            KeyCode::Char(c) => !ctrl || "jwuk".contains(c),
            KeyCode::Backspace | KeyCode::Delete => true,
            _ => false,
        };
        if editing && (before > 0 || !matches!(key.code, KeyCode::Backspace | KeyCode::Delete)) {
            f.edited = true;
        }
        match key.code {
            KeyCode::Char('j') if ctrl => e.insert("\n"),
            KeyCode::Char('w') if ctrl => e.delete_word(),
            KeyCode::Char('u') if ctrl => e.delete_to_start(),
            KeyCode::Char('k') if ctrl => e.delete_to_end(),
            KeyCode::Char('a') if ctrl => e.home(),
            KeyCode::Char('e') if ctrl => e.end(),
            KeyCode::Char(c) if !ctrl => e.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace => e.backspace(),
            KeyCode::Delete => e.delete(),
            KeyCode::Left => e.left(),
            KeyCode::Right => e.right(),
            KeyCode::Home => e.home(),
            KeyCode::End => e.end(),
            _ => {}
        }
    }

    /// Leave the field with the cursor (checking it) and go `by` fields on, skipping those
    /// that cannot be edited.
    pub fn move_focus(&mut self, by: isize) {
        self.leave();
        let n = self.fields.len() as isize;
        let mut i = self.focus as isize;
        for _ in 0..n {
            i = (i + by).rem_euclid(n);
            if !self.fields[i as usize].readonly {
                break;
            }
        }
        self.focus = i as usize;
    }

    /// Check the focused field: tidy a date into `dd/mm/yyyy` and show its message, if any.
    pub fn leave(&mut self) {
        let i = self.focus;
        if let Some(f) = self.fields.get_mut(i)
            && f.kind == Kind::Date
            && let Some(d) = parse_typed_date(f.text())
        {
            f.edit.set(&date_dmy(d));
        }
        let errs = records::build(self).1;
        let tried = self.tried;
        let f = &mut self.fields[i];
        f.error = records::error_for(f, &errs)
            // Tabbing past an untouched empty field is not a mistake (yet).
            .filter(|m| tried || f.edited || *m != Msg::Required);
    }

    /// Check every field; the request when all are valid, else focus the first invalid one.
    pub fn submit(&mut self) -> Option<Box<Request>> {
        self.tried = true;
        let focus = self.focus;
        self.leave();
        let (req, errs) = records::build(self);
        for f in &mut self.fields {
            f.error = records::error_for(f, &errs);
        }
        match (req, self.fields.iter().position(|f| f.error.is_some())) {
            (_, Some(bad)) => {
                self.focus = bad;
                self.note = Some(Note::Invalid(bad));
                None
            }
            (Some(r), None) => Some(Box::new(r)),
            (None, None) => {
                // A problem of the whole record (a period without steps).
                self.focus = focus;
                self.note = errs.first().map(|e| Note::Failed(e.msg.clone()));
                None
            }
        }
    }

    /// Show the backend's problems beside the fields they name.
    pub fn show_problems(&mut self, problems: &[crate::api::Problem]) {
        let errs: Vec<_> = problems
            .iter()
            .map(|p| crate::domain::validate::FieldError {
                field: p.field.clone(),
                msg: p.msg.clone(),
            })
            .collect();
        for f in &mut self.fields {
            f.error = records::error_for(f, &errs);
        }
        // A problem no field shows (a code the backend resolves) still has to be seen.
        match self.fields.iter().position(|f| f.error.is_some()) {
            Some(bad) => {
                self.focus = bad;
                self.note = Some(Note::Invalid(bad));
            }
            None => {
                self.note = problems.first().map(|p| Note::Failed(p.msg.clone()));
            }
        }
    }

    /// Forms with rows the user adds and removes (criteria, steps).
    pub fn has_rows(&self) -> bool {
        !records::row_fields(&self.base, 0).is_empty()
    }

    pub fn add_row(&mut self) {
        if !self.has_rows() {
            return;
        }
        let n = self.rows();
        let new = records::row_fields(&self.base, n);
        if new.is_empty() {
            return;
        }
        let at = self
            .fields
            .iter()
            .rposition(|f| f.row.is_some())
            .map_or(self.fields.len(), |i| i + 1);
        let first = at;
        for (k, f) in new.into_iter().enumerate() {
            self.fields.insert(at + k, f);
        }
        self.leave();
        self.focus = first;
    }

    pub fn remove_row(&mut self) {
        let Some(row) = self.fields[self.focus].row.filter(|_| self.has_rows()) else {
            return;
        };
        self.fields.retain(|f| f.row != Some(row));
        for f in &mut self.fields {
            if let Some(r) = f.row
                && r > row
            {
                f.row = Some(r - 1);
                if let Label::Row(g, _, s) = f.label {
                    f.label = Label::Row(g, r - 1, s);
                }
            }
        }
        self.focus = self.focus.min(self.fields.len().saturating_sub(1));
        if self.fields[self.focus].readonly {
            self.move_focus(1);
        }
    }

    fn open_picker(&mut self, typed: &str) {
        let f = &self.fields[self.focus];
        if f.readonly {
            return;
        }
        let (options, codes, free) = match &f.kind {
            Kind::Choice(o) => (
                o.iter().map(|x| x.label.clone()).collect(),
                o.iter().map(|x| x.code.clone()).collect(),
                false,
            ),
            Kind::Suggest(o) => (o.clone(), o.clone(), true),
            _ => return,
        };
        // The list starts whole, its cursor on the value held; what is typed narrows it.
        let start = typed.to_string();
        let (mut options, mut codes): (Vec<String>, Vec<String>) = (options, codes);
        if free && !f.text().is_empty() && !codes.iter().any(|c| c == f.text()) {
            // A value typed earlier and not in the list is offered first, to keep it.
            options.insert(0, f.text().to_string());
            codes.insert(0, f.text().to_string());
        }
        let cur = codes.iter().position(|c: &String| c == f.text());
        let mut p = Picker {
            options,
            codes,
            query: LineEdit::new(&start, 200),
            rows: vec![],
            cursor: 0,
            free,
        };
        p.refilter();
        if start.is_empty()
            && let Some(c) = cur
        {
            p.cursor = p.rows.iter().position(|&r| r == c).unwrap_or(0);
        }
        self.pick = Some(p);
    }

    /// A key in the open choice list.
    pub fn pick_key(&mut self, act: PickAct, key: KeyEvent) {
        let Some(p) = self.pick.as_mut() else { return };
        match act {
            PickAct::Close => self.pick = None,
            PickAct::Choose => {
                let chosen = match p.rows.get(p.cursor) {
                    Some(&i) => Some(p.codes[i].clone()),
                    None if p.free => Some(p.query.text().to_string()),
                    None => None,
                };
                self.pick = None;
                if let Some(v) = chosen {
                    self.fields[self.focus].edited = true;
                    self.fields[self.focus].edit.set(&v);
                    self.move_focus(1);
                }
            }
            PickAct::Move => {
                let last = p.rows.len().saturating_sub(1);
                p.cursor = match key.code {
                    KeyCode::Up => p.cursor.saturating_sub(1),
                    KeyCode::Down => (p.cursor + 1).min(last),
                    KeyCode::PageUp => p.cursor.saturating_sub(10),
                    _ => (p.cursor + 10).min(last),
                };
            }
            PickAct::Filter => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match key.code {
                    KeyCode::Backspace => p.query.backspace(),
                    KeyCode::Char('w') if ctrl => p.query.delete_word(),
                    KeyCode::Char('u') if ctrl => p.query.delete_to_start(),
                    KeyCode::Char(c) => {
                        p.query.insert(c.encode_utf8(&mut [0; 4]));
                        p.cursor = 0;
                    }
                    _ => {}
                }
                p.refilter();
            }
        }
    }

    /// Pasted text: it stays in the field with the cursor. A one-line field (and a choice's
    /// list) takes line breaks and tabs as spaces; a long text keeps its line breaks.
    pub fn paste(&mut self, text: &str) {
        self.note = None;
        if let Some(p) = self.pick.as_mut() {
            p.query.insert(&one_line(text));
            p.cursor = 0;
            p.refilter();
            return;
        }
        let f = &mut self.fields[self.focus];
        if f.readonly {
            return;
        }
        if let Kind::Choice(_) = f.kind {
            self.open_picker(one_line(text).trim());
            return;
        }
        f.edited = true;
        if std::mem::take(&mut f.suggested) {
            f.edit.set("");
        }
        if f.edit.multiline() {
            let t = text
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .replace('\t', " ");
            f.edit.insert(&t);
        } else {
            f.edit.insert(&one_line(text));
        }
    }

    /// Put back values kept in a draft (rows are added first so every key has its field).
    pub fn restore(&mut self, values: &[(String, String)], rows: usize) {
        while self.rows() < rows {
            let before = self.fields.len();
            self.add_row();
            if self.fields.len() == before {
                break;
            }
        }
        for f in &mut self.fields {
            if let Some((_, v)) = values.iter().find(|(k, _)| *k == f.draft_key()) {
                f.edit.set(v);
            }
        }
        self.focus = self.fields.iter().position(|x| !x.readonly).unwrap_or(0);
        self.note = None;
    }
}

/// Text for a one-line field: each line break (`\r\n`, `\r`, `\n`) and tab becomes a space.
pub fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n', '\t'], " ")
}
