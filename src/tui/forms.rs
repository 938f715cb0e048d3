//! Opening a form and reading it back, one module per kind of record: each lays out its
//! fields from the record in the order people fill them in (CONTRACT.md: the unit form
//! begins with code, then name; the model form with code, unit, kind, title) and, beside
//! that, builds the request from those fields, so a field is added in one file.
//! [`records::build`](super::records::build) hands each form to its module's `build`.

pub mod action;
pub mod award;
pub mod catalogue;
pub mod checkin;
pub mod key;
pub mod model;
pub mod period;
pub mod replication;
#[cfg(test)]
mod tests;
pub mod unit;

use chrono::NaiveDate;

pub use period::review_line;

use super::form::{Form, Kind, Opt, Target};
use crate::api::{Api, ApiError, ApiResult};
use crate::domain::text::{date_dmy, printable};
use crate::domain::validate::MAX_LONG;
use crate::domain::*;
use crate::i18n::Lang;

/// The form for `target`, filled from the backend.
pub fn open(api: &Api, target: &Target, lang: Lang, today: NaiveDate) -> ApiResult<Form> {
    match target {
        Target::Unit { id } => unit::open(api, *id, lang),
        Target::Model { id } => model::open(api, *id, lang, today),
        Target::NewModel { unit } => model::open_new(api, Some(*unit), lang, today),
        Target::CheckIn { model, id } => checkin::open(api, *model, *id, lang, today),
        Target::Award { model, id } => award::open(api, *model, *id, lang, today),
        Target::Replication { model } => replication::open(api, *model, today),
        Target::Period { code } => period::open(api, code.as_deref(), lang),
        Target::Field { code } => catalogue::open_field(api, code.as_deref()),
        Target::AwardForm { code } => catalogue::open_award_form(api, code.as_deref()),
        Target::Action { model, what } => action::open(api, *model, *what, lang, today),
        Target::Report { period } => Ok(super::report_form::open(period.clone(), today, lang)),
        Target::AwardMany { models } => award::open_many(api, models, lang, today),
        Target::CheckInMany { models } => checkin::open_many(api, models, lang, today),
        Target::ActionMany { models, what } => action::open_many(api, models, *what, lang, today),
    }
}

/// The form `one`, laid out for the first of `models`, made the form for all of them:
/// `keep` says which fields stay; the title names how many models.
fn for_many(
    one: Form,
    target: Target,
    keep: impl Fn(&super::form::Field) -> bool,
    lang: Lang,
) -> Form {
    let n = match &target {
        Target::AwardMany { models }
        | Target::CheckInMany { models }
        | Target::ActionMany { models, .. } => models.len(),
        _ => 1,
    };
    let fields = one.fields.into_iter().filter(|f| keep(f)).collect();
    Form::new(
        target,
        one.base,
        one.title,
        super::i18n::models_n(n, lang),
        fields,
    )
}

/// The first of the models a form for many is about.
fn first(models: &[Id]) -> ApiResult<Id> {
    models.first().copied().ok_or_else(not_found)
}

fn text(max: usize) -> Kind {
    Kind::Text {
        max,
        multiline: false,
    }
}

fn long() -> Kind {
    Kind::Text {
        max: MAX_LONG,
        multiline: true,
    }
}

fn choice<T: Coded>(lang: Lang) -> Kind {
    Kind::Choice(
        T::ALL
            .iter()
            .map(|v| Opt::new(v.code(), v.label(lang)))
            .collect(),
    )
}

fn unit_opts(units: &[Unit], except: Id) -> Vec<Opt> {
    let mut v: Vec<&Unit> = units.iter().filter(|u| u.id != except).collect();
    v.sort_by(|a, b| a.code.cmp(&b.code));
    v.iter()
        .map(|u| {
            Opt::new(
                u.id.to_string(),
                printable(&format!("{} — {}", u.code, u.name)),
            )
        })
        .collect()
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date_dmy).unwrap_or_default()
}

fn not_found() -> ApiError {
    ApiError::Msg(Msg::NotFound)
}

/// The record `id` among `all`, or the new one `new` makes when `id` is 0.
fn existing<T: Clone>(
    all: &[T],
    id: Id,
    id_of: fn(&T) -> Id,
    new: impl FnOnce() -> T,
) -> ApiResult<T> {
    match id {
        0 => Ok(new()),
        id => all
            .iter()
            .find(|x| id_of(x) == id)
            .cloned()
            .ok_or_else(not_found),
    }
}
