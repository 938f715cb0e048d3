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

/// What tells the two catalogues apart.
struct Catalogue {
    target: fn(Option<String>) -> Target,
    /// A new entry's title, a saved one's.
    titles: [S; 2],
    list: fn(&Api) -> ApiResult<Vec<Entry>>,
    base: fn(Entry) -> Base,
}

const FIELDS: Catalogue = Catalogue {
    target: |code| Target::Field { code },
    titles: [S::NewField, S::EditField],
    list: |api| {
        Ok(api
            .fields()?
            .into_iter()
            .map(|f| (f.code, f.vi, f.en))
            .collect())
    },
    base: |e| Base::Field(field_def(e)),
};

const FORMS: Catalogue = Catalogue {
    target: |code| Target::AwardForm { code },
    titles: [S::NewForm, S::EditForm],
    list: |api| {
        Ok(api
            .forms()?
            .into_iter()
            .map(|f| (f.code, f.vi, f.en))
            .collect())
    },
    base: |e| Base::AwardForm(award_form(e)),
};

/// The form of entry `code` (`None`: a new one): code (read only once saved), Vietnamese
/// name, English name.
fn open(api: &Api, code: Option<&str>, c: &Catalogue) -> ApiResult<Form> {
    let entry = match code {
        None => Entry::default(),
        Some(code) => (c.list)(api)?
            .into_iter()
            .find(|e| e.0 == code)
            .ok_or_else(not_found)?,
    };
    let saved = code.is_some();
    let (code, vi, en) = &entry;
    let fields = vec![
        Field::new(K::Code, S::ColCode, Kind::Code, code)
            .required()
            .readonly(saved),
        Field::new(K::Vi, S::NameVi, text(MAX_NAME), vi).required(),
        Field::new(K::En, S::NameEn, text(MAX_NAME), en).required(),
    ];
    let subject = code.clone();
    let target = (c.target)(saved.then(|| subject.clone()));
    let title = c.titles[saved as usize];
    Ok(Form::new(target, (c.base)(entry), title, subject, fields))
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
    open(api, code, &FIELDS)
}

/// A form of award; `None`: a new one.
pub fn open_award_form(api: &Api, code: Option<&str>) -> ApiResult<Form> {
    open(api, code, &FORMS)
}

pub(crate) fn build_field(r: &mut Reader) -> Request {
    Request::SaveField(read(r, field_def, validate::field_def))
}

pub(crate) fn build_award_form(r: &mut Reader) -> Request {
    Request::SaveForm(read(r, award_form, validate::award_form))
}
