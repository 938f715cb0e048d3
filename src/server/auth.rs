//! Who may do what on a shared server. Identity comes from the socket's peer credentials,
//! never from the client; roles come from the config file's `[roles]` table.

use std::collections::BTreeSet;

use crate::api::{Api, Request};
use crate::config::Roles;
use crate::domain::{Msg, RecordRef};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Catalogues, periods, restore; and everything an editor may do.
    Admin,
    /// Every unit's records, and imports.
    Editor,
    /// The records of the listed units (by code).
    UnitEditor(BTreeSet<String>),
    /// Reads only.
    Viewer,
    /// Not listed in a config that lists roles: nothing.
    Nobody,
}

/// The role of `user`. With no `[roles]` at all, the user who runs the server is admin and
/// every other user who can reach the socket (its group) is an editor.
pub fn role_of(user: &str, roles: &Roles, owner: &str) -> Role {
    let listed = |v: &Vec<String>| v.iter().any(|u| u == user);
    let none = roles.admin.is_empty()
        && roles.editor.is_empty()
        && roles.viewer.is_empty()
        && roles.unit_editor.is_empty();
    if none {
        return if user == owner {
            Role::Admin
        } else {
            Role::Editor
        };
    }
    if listed(&roles.admin) {
        Role::Admin
    } else if listed(&roles.editor) {
        Role::Editor
    } else if let Some(units) = roles.unit_editor.get(user) {
        Role::UnitEditor(units.iter().cloned().collect())
    } else if listed(&roles.viewer) {
        Role::Viewer
    } else {
        Role::Nobody
    }
}

fn forbidden(right: &str) -> Msg {
    Msg::Forbidden {
        right: right.into(),
    }
}

/// May `role` make this request? `api` looks up which unit a record belongs to.
pub fn authorize(role: &Role, req: &Request, api: &Api) -> Result<(), Msg> {
    if matches!(role, Role::Nobody) {
        return Err(forbidden("viewer"));
    }
    if !req.is_write() {
        return Ok(());
    }
    let admin_only = matches!(
        req,
        Request::SavePeriod(_)
            | Request::SaveField(_)
            | Request::SaveForm(_)
            | Request::Load { .. }
    );
    match role {
        Role::Admin => Ok(()),
        _ if admin_only => Err(forbidden("admin")),
        Role::Editor => Ok(()),
        Role::Viewer | Role::Nobody => Err(forbidden("editor")),
        Role::UnitEditor(units) => unit_scope(units, req, api),
    }
}

fn unit_scope(units: &BTreeSet<String>, req: &Request, api: &Api) -> Result<(), Msg> {
    let all_units = api
        .units()
        .map_err(|e| Msg::Other(e.text(crate::i18n::Lang::En)))?;
    let code_of = |id: u64| {
        all_units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.code.clone())
    };
    let owner = |r: RecordRef| api.unit_of(r).ok().flatten().and_then(code_of);
    let mut owners: Vec<Option<String>> = Vec::new();
    match req {
        Request::SaveUnit(u) if u.id != 0 => {
            owners.push(code_of(u.id));
            owners.push(Some(u.code.clone()));
        }
        Request::SaveModel(m) => {
            owners.push(code_of(m.unit));
            if m.id != 0 {
                owners.push(owner(RecordRef::Model(m.id)));
            }
        }
        Request::DeleteModel { id } | Request::ModelAction { id, .. } => {
            owners.push(owner(RecordRef::Model(*id)))
        }
        // A check-in is looked up under the model named in the request, so the model's unit
        // is the stored check-in's owner too.
        Request::SaveCheckIn(c) => owners.push(owner(RecordRef::Model(c.model))),
        Request::DeleteCheckIn { model, .. } => owners.push(owner(RecordRef::Model(*model))),
        Request::SaveAward(a) => {
            owners.push(owner(RecordRef::Model(a.model)));
            if a.id != 0 {
                owners.push(owner(RecordRef::Award(a.id)));
            }
        }
        Request::DeleteAward { id } => owners.push(owner(RecordRef::Award(*id))),
        Request::SaveReplication(r) => owners.push(owner(RecordRef::Model(r.model))),
        Request::DeleteReplication { id } => owners.push(owner(RecordRef::Replication(*id))),
        // Undo only touches the caller's own changes, which were allowed when made.
        Request::Undo => return Ok(()),
        _ => return Err(forbidden("editor")),
    }
    for o in owners {
        match o {
            Some(code) if units.contains(&code) => {}
            Some(code) => return Err(forbidden(&format!("editor ({code})"))),
            None => return Err(forbidden("editor")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_config() {
        let mut r = Roles::default();
        assert_eq!(role_of("lan", &r, "lan"), Role::Admin);
        assert_eq!(role_of("minh", &r, "lan"), Role::Editor);
        r.admin = vec!["lan".into()];
        r.viewer = vec!["hoa".into()];
        r.unit_editor.insert("tuan".into(), vec!["CB-01".into()]);
        assert_eq!(role_of("lan", &r, "root"), Role::Admin);
        assert_eq!(role_of("hoa", &r, "root"), Role::Viewer);
        assert_eq!(
            role_of("tuan", &r, "root"),
            Role::UnitEditor(["CB-01".to_string()].into())
        );
        assert_eq!(role_of("minh", &r, "root"), Role::Nobody);
    }

    #[test]
    fn write_classification() {
        assert!(!Request::Periods.is_write());
        assert!(Request::Undo.is_write());
        assert!(Request::DeleteModel { id: 1 }.is_write());
    }
}
