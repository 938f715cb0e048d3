//! The unit form: code, name, the unit above it, kind, whether it is active.

use super::{choice, existing, text, unit_opts};
use crate::api::{Api, ApiResult, Request};
use crate::domain::validate::{self, MAX_NAME};
use crate::domain::*;
use crate::i18n::Lang;
use crate::tui::form::{Field, FieldKey as K, Form, Kind, Opt, Target};
use crate::tui::i18n::S;
use crate::tui::records::{Base, Reader, coded};

/// `id == 0`: a new unit.
pub fn open(api: &Api, id: Id, lang: Lang) -> ApiResult<Form> {
    let units = api.units()?;
    let u = existing(
        &units,
        id,
        |u| u.id,
        || Unit {
            id: 0,
            code: String::new(),
            name: String::new(),
            parent: None,
            kind: UnitKind::PartyCell,
            active: true,
            rev: 0,
        },
    )?;
    let mut parents = vec![Opt::new("", S::NoParent.get(lang))];
    parents.extend(unit_opts(&units, u.id));
    let fields = vec![
        Field::new(K::Code, S::ColCode, Kind::Code, &u.code).required(),
        Field::new(K::Name, S::ColName, text(MAX_NAME), &u.name).required(),
        Field::new(
            K::ParentCode,
            S::Parent,
            Kind::Choice(parents),
            &u.parent.map(|p| p.to_string()).unwrap_or_default(),
        ),
        Field::new(K::Kind, S::ColKind, choice::<UnitKind>(lang), u.kind.code()),
        Field::new(
            K::Active,
            S::Active,
            Kind::Choice(vec![
                Opt::new("true", S::Yes.get(lang)),
                Opt::new("false", S::No.get(lang)),
            ]),
            if u.active { "true" } else { "false" },
        ),
    ];
    let (title, subject) = if id == 0 {
        (S::NewUnit, String::new())
    } else {
        (S::EditUnit, u.code.clone())
    };
    let target = Target::Unit { id };
    Ok(Form::new(target, Base::Unit(u), title, subject, fields))
}

pub(crate) fn build(r: &mut Reader, base: &Unit) -> Request {
    let mut u = base.clone();
    u.code = r.s(K::Code);
    u.name = r.s(K::Name);
    u.parent = r.s(K::ParentCode).parse().ok();
    u.kind = coded(&r.s(K::Kind)).unwrap_or(u.kind);
    u.active = r.s(K::Active) != "false";
    let v = validate::unit(&mut u);
    r.validated(v, &[]);
    Request::SaveUnit(u)
}
