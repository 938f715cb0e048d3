//! The two catalogues people extend: fields of work and forms of award. An entry is a code
//! (fixed once saved) and its name in both languages; both forms are laid out alike.

use super::{not_found, text};
use crate::api::{Api, ApiResult, Request};
use crate::domain::validate::{self, FieldError, MAX_NAME};
use crate::domain::*;
use crate::tui::form::{Field, FieldKey as K, Form, Kind, Target};
use crate::tui::i18n::S;
use crate::tui::records::{Base, Reader};

/// An entry's code, Vietnamese and English names.
type Entry = (String, String, String);

/// The entry `code` among those `list` reads, or a new one for `None`.
fn find(code: Option<&str>, list: impl FnOnce() -> ApiResult<Vec<Entry>>) -> ApiResult<Entry> {
    match code {
        None => Ok(Entry::default()),
        Some(c) => list()?.into_iter().find(|e| e.0 == c).ok_or_else(not_found),
    }
}

/// The form of an entry: code (read only once saved), Vietnamese name, English name.
fn entry_form(
    target: Target,
    saved: bool,
    titles: [S; 2],
    entry: Entry,
    base: fn(Entry) -> Base,
) -> Form {
    let (code, vi, en) = &entry;
    let fields = vec![
        Field::new(K::Code, S::ColCode, Kind::Code, code)
            .required()
            .readonly(saved),
        Field::new(K::Vi, S::NameVi, text(MAX_NAME), vi).required(),
        Field::new(K::En, S::NameEn, text(MAX_NAME), en).required(),
    ];
    let subject = code.clone();
    Form::new(target, base(entry), titles[saved as usize], subject, fields)
}

/// The entry as typed, checked by `check`.
fn read<T>(
    r: &mut Reader,
    make: fn(Entry) -> T,
    check: fn(&mut T) -> Result<(), Vec<FieldError>>,
) -> T {
    let mut t = make((r.s(K::Code), r.s(K::Vi), r.s(K::En)));
    let v = check(&mut t);
    r.validated(v, &[]);
    t
}

fn field_def((code, vi, en): Entry) -> FieldDef {
    FieldDef { code, vi, en }
}

fn award_form((code, vi, en): Entry) -> AwardForm {
    AwardForm { code, vi, en }
}

/// A field of work; `None`: a new one.
pub fn open_field(api: &Api, code: Option<&str>) -> ApiResult<Form> {
    let entry = find(code, || {
        Ok(api
            .fields()?
            .into_iter()
            .map(|f| (f.code, f.vi, f.en))
            .collect())
    })?;
    let target = Target::Field {
        code: code.map(str::to_string),
    };
    let titles = [S::NewField, S::EditField];
    Ok(entry_form(target, code.is_some(), titles, entry, |e| {
        Base::Field(field_def(e))
    }))
}

/// A form of award; `None`: a new one.
pub fn open_award_form(api: &Api, code: Option<&str>) -> ApiResult<Form> {
    let entry = find(code, || {
        Ok(api
            .forms()?
            .into_iter()
            .map(|f| (f.code, f.vi, f.en))
            .collect())
    })?;
    let target = Target::AwardForm {
        code: code.map(str::to_string),
    };
    let titles = [S::NewForm, S::EditForm];
    Ok(entry_form(target, code.is_some(), titles, entry, |e| {
        Base::AwardForm(award_form(e))
    }))
}

pub(crate) fn build_field(r: &mut Reader) -> Request {
    Request::SaveField(read(r, field_def, validate::field_def))
}

pub(crate) fn build_award_form(r: &mut Reader) -> Request {
    Request::SaveForm(read(r, award_form, validate::award_form))
}
