//! From a form's fields to the record it edits, and the problems of each field. Each kind of
//! form reads its own fields back in its module under [`forms`](super::forms), through the
//! `Reader` here: dates and numbers are parsed, then the record goes through the same
//! `domain::validate` function the backend runs, so a field's message is the one a save
//! would give. Rows of criteria and steps are checked one by one, so the message lands on
//! the row at fault.

use chrono::NaiveDate;

use super::form::{ActionKind, Field, FieldKey, Form, Label};
use super::forms;
use crate::api::Request;
use crate::domain::text;
use crate::domain::validate::FieldError;
use crate::domain::*;

/// The record a form started from, and what its checks need to know.
// One per open form; boxing the model would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Base {
    Unit(Unit),
    Model {
        model: Model,
        /// Every period with its number of steps.
        periods: Vec<(String, u8)>,
    },
    CheckIn {
        checkin: CheckIn,
        registered_on: NaiveDate,
        criteria: usize,
        steps: u8,
        today: NaiveDate,
    },
    Award {
        award: Award,
        registered_on: NaiveDate,
        today: NaiveDate,
    },
    Replication {
        replication: Replication,
        registered_on: NaiveDate,
    },
    Period(Period),
    Field(FieldDef),
    AwardForm(AwardForm),
    Action {
        model: Id,
        rev: u64,
        what: ActionKind,
        /// An outcome is not decided after today.
        today: NaiveDate,
    },
    /// The report form: not a record; its request is the report it writes.
    Report {
        period: Option<String>,
        as_of: NaiveDate,
    },
}

impl Base {
    /// The revision a save is based on (`0` for a new record or a catalogue entry).
    pub fn rev(&self) -> u64 {
        match self {
            Base::Unit(u) => u.rev,
            Base::Model { model, .. } => model.rev,
            Base::CheckIn { checkin, .. } => checkin.rev,
            Base::Award { award, .. } => award.rev,
            Base::Replication { replication, .. } => replication.rev,
            Base::Action { rev, .. } => *rev,
            _ => 0,
        }
    }

    /// Base a new save on another revision (overwrite after a conflict, a restored draft).
    pub fn set_rev(&mut self, r: u64) {
        match self {
            Base::Unit(u) => u.rev = r,
            Base::Model { model, .. } => model.rev = r,
            Base::CheckIn { checkin, .. } => checkin.rev = r,
            Base::Award { award, .. } => award.rev = r,
            Base::Replication { replication, .. } => replication.rev = r,
            Base::Action { rev, .. } => *rev = r,
            _ => {}
        }
    }
}

/// The fields of a new row: a criterion of a model, a step of a period; none elsewhere.
pub fn row_fields(base: &Base, row: usize) -> Vec<Field> {
    match base {
        Base::Model { .. } => forms::model::criterion_fields(row, None),
        Base::Period(_) => forms::period::step_fields(row, None),
        _ => vec![],
    }
}

/// The message a field shows, from the problems found: its own (by row) first, else one
/// that names its key.
pub fn error_for(f: &Field, errs: &[FieldError]) -> Option<Msg> {
    let key = f.draft_key();
    errs.iter()
        .find(|e| e.field == key)
        .or_else(|| {
            (f.row.is_none())
                .then(|| {
                    errs.iter()
                        .find(|e| FieldKey::named(&e.field) == Some(f.key))
                })
                .flatten()
        })
        .map(|e| e.msg.clone())
}

/// Reads typed values, collecting what cannot be read.
pub(crate) struct Reader<'a> {
    form: &'a Form,
    errs: Vec<FieldError>,
}

impl Reader<'_> {
    /// A problem of a field outside rows.
    pub(crate) fn err(&mut self, key: FieldKey, msg: Msg) {
        self.errs.push(FieldError {
            field: key.as_str().into(),
            msg,
        });
    }

    /// A problem of this field (of its row, for a field of a row).
    pub(crate) fn err_at(&mut self, f: &Field, msg: Msg) {
        self.errs.push(FieldError {
            field: f.draft_key(),
            msg,
        });
    }

    pub(crate) fn s(&self, key: FieldKey) -> String {
        self.form.get(key).to_string()
    }

    pub(crate) fn date_of(&mut self, f: &Field) -> Option<NaiveDate> {
        let t = f.text().trim();
        if t.is_empty() {
            if f.required {
                self.err_at(f, Msg::Required);
            }
            return None;
        }
        let d = text::parse_typed_date(t);
        if d.is_none() {
            self.err_at(f, text::date_problem(t, true));
        }
        d
    }

    pub(crate) fn field(&self, key: FieldKey) -> Option<&Field> {
        self.form
            .fields
            .iter()
            .find(|f| f.key == key && f.row.is_none())
    }

    pub(crate) fn date(&mut self, key: FieldKey) -> Option<NaiveDate> {
        let f = self.field(key)?.clone();
        self.date_of(&f)
    }

    /// A number as people type it; a decimal comma is accepted (`12,5`).
    pub(crate) fn num_of(&mut self, f: &Field) -> Option<f64> {
        let t = f.text().trim().replace(',', ".");
        if t.is_empty() {
            if f.required {
                self.err_at(f, Msg::Required);
            }
            return None;
        }
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() && v < 0.0 => {
                self.err_at(f, Msg::Negative);
                None
            }
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                self.err_at(
                    f,
                    Msg::BadNumber {
                        text: text::printable(f.text().trim()),
                    },
                );
                None
            }
        }
    }

    pub(crate) fn int(&mut self, key: FieldKey) -> Option<i64> {
        let f = self.field(key)?.clone();
        let t = f.text().trim();
        if t.is_empty() {
            if f.required {
                self.err_at(&f, Msg::Required);
            }
            return None;
        }
        match t.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.err_at(
                    &f,
                    Msg::BadNumber {
                        text: text::printable(t),
                    },
                );
                None
            }
        }
    }

    /// A choice that must be made.
    pub(crate) fn chosen(&mut self, key: FieldKey) -> String {
        let v = self.s(key);
        if v.is_empty() && self.field(key).is_some_and(|f| f.required) {
            self.err(key, Msg::Required);
        }
        v
    }

    /// A text cleaned as validation cleans it, its problem on the field.
    pub(crate) fn cleaned(&mut self, key: FieldKey, max: usize, multiline: bool) -> String {
        match text::clean(&self.s(key), max, multiline) {
            Ok(s) => s,
            Err(p) => {
                self.err(key, p.into());
                String::new()
            }
        }
    }

    /// The rows of fields whose key is `of`'s, each with the parts `parts` in that order; a
    /// row missing one of them is left out.
    pub(crate) fn rows<const N: usize>(
        &self,
        of: fn(FieldKey) -> bool,
        parts: [FieldKey; N],
    ) -> Vec<[Field; N]> {
        self.row_fields(of)
            .into_iter()
            .filter_map(|row| {
                let cells = parts.map(|k| row.iter().find(|f| f.key == k).cloned());
                cells
                    .iter()
                    .all(Option::is_some)
                    .then(|| cells.map(Option::unwrap))
            })
            .collect()
    }

    /// The fields of each row whose key is `of`'s, by row.
    pub(crate) fn row_fields(&self, of: fn(FieldKey) -> bool) -> Vec<Vec<Field>> {
        let mut out: Vec<Vec<Field>> = Vec::new();
        for f in self.form.fields.iter().filter(|f| of(f.key)) {
            let r = f.row.unwrap_or(0);
            if out.len() <= r {
                out.resize(r + 1, Vec::new());
            }
            out[r].push(f.clone());
        }
        out
    }

    /// A text of a row, checked as validation checks it, the message on that row's field.
    pub(crate) fn row_text(&mut self, f: &Field, max: usize) -> String {
        let r = if f.required {
            text::clean_required(f.text(), max, false)
        } else {
            text::clean(f.text(), max, false)
        };
        match r {
            Ok(s) if s.contains('|') => {
                self.err_at(f, Msg::BadCsv { detail: "|".into() });
                s
            }
            Ok(s) => s,
            Err(p) => {
                self.err_at(f, p.into());
                String::new()
            }
        }
    }

    /// Add validation's problems, except those named as the rows of `row_keys` are (already
    /// checked row by row).
    pub(crate) fn validated(&mut self, r: Result<(), Vec<FieldError>>, row_keys: &[FieldKey]) {
        for e in r.err().unwrap_or_default() {
            if !row_keys.iter().any(|k| k.as_str() == e.field) {
                self.errs.push(e);
            }
        }
    }
}

pub(crate) fn coded<T: Coded>(code: &str) -> Option<T> {
    T::ALL.iter().copied().find(|v| v.code() == code)
}

/// The request the form would send, if every field is valid, and every problem found.
pub fn build(form: &Form) -> (Option<Request>, Vec<FieldError>) {
    let mut r = Reader {
        form,
        errs: Vec::new(),
    };
    let req = match &form.base {
        Base::Unit(u) => forms::unit::build(&mut r, u),
        Base::Model { model, periods } => forms::model::build(&mut r, model, periods),
        Base::CheckIn {
            checkin,
            registered_on,
            criteria,
            steps,
            today,
        } => forms::checkin::build(&mut r, checkin, *registered_on, *criteria, *steps, *today),
        Base::Award {
            award,
            registered_on,
            today,
        } => forms::award::build(&mut r, award, *registered_on, *today),
        Base::Replication {
            replication,
            registered_on,
        } => forms::replication::build(&mut r, replication, *registered_on),
        Base::Period(p) => forms::period::build(&mut r, p),
        Base::Field(_) => forms::catalogue::build_field(&mut r),
        Base::AwardForm(_) => forms::catalogue::build_award_form(&mut r),
        Base::Action {
            model,
            rev,
            what,
            today,
        } => forms::action::build(&mut r, *model, *rev, *what, *today),
        Base::Report { period, as_of } => super::report_form::build(&mut r, period, *as_of),
    };
    let ok = r.errs.is_empty();
    (ok.then_some(req), r.errs)
}

/// The label a field's message is shown with at the foot of the form.
pub fn label_of(f: &Field, lang: crate::i18n::Lang) -> String {
    match &f.label {
        Label::S(s) => s.get(lang).to_string(),
        l => l.text(lang),
    }
}
