//! The replication form: another unit took the model up, on a day. Replications are only
//! added here.

use chrono::NaiveDate;

use super::{long, unit_opts};
use crate::api::{Api, ApiResult, Request};
use crate::domain::text::date_dmy;
use crate::domain::validate;
use crate::domain::*;
use crate::tui::form::{Field, FieldKey as K, Form, Kind, Target};
use crate::tui::i18n::S;
use crate::tui::records::{Base, Reader};

/// A new replication of `model`, today, by a unit to choose (not the model's own).
pub fn open(api: &Api, model: Id, today: NaiveDate) -> ApiResult<Form> {
    let d = api.model(model)?;
    let units = api.units()?;
    let r = Replication {
        id: 0,
        model,
        unit: 0,
        date: today,
        note: String::new(),
        rev: 0,
    };
    let fields = vec![
        Field::new(
            K::UnitCode,
            S::ColUnit,
            Kind::Choice(unit_opts(&units, d.model.unit)),
            "",
        )
        .required(),
        Field::new(K::Date, S::ColDate, Kind::Date, &date_dmy(r.date)).required(),
        Field::new(K::Note, S::ColNote, long(), ""),
    ];
    let base = Base::Replication {
        replication: r,
        registered_on: d.model.registered_on,
    };
    let target = Target::Replication { model };
    Ok(Form::new(
        target,
        base,
        S::NewReplication,
        d.model.code.clone(),
        fields,
    ))
}

/// `registered_on` is the model's: a replication is not dated before it.
pub(crate) fn build(r: &mut Reader, base: &Replication, registered_on: NaiveDate) -> Request {
    let mut x = base.clone();
    x.unit = r.chosen(K::UnitCode).parse().unwrap_or(0);
    if let Some(d) = r.date(K::Date) {
        x.date = d;
    }
    x.note = r.s(K::Note);
    let v = validate::replication(&mut x, registered_on);
    r.validated(v, &[]);
    Request::SaveReplication(x)
}
