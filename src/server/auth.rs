//! Who may do what on a shared server. Identity comes from the socket's peer credentials,
//! never from the client; roles come from the config file's `[roles]` table.
//!
//! # Roles
//!
//! - With **no `[roles]` table** the user who runs the server is admin and every other user
//!   who can reach the socket (its group) is an editor.
//! - With a `[roles]` table, **rights fail closed**: a user it does not list can do nothing —
//!   no reads, no drafts, no notices of changes. An empty table refuses everyone except the
//!   user who runs the server, who is admin unless the table gives them another role (that
//!   user owns the database files).
//! - **admin**: everything, including the catalogues (fields, award forms), periods and
//!   restoring a whole dataset.
//! - **editor**: every unit's records, imports, and the committee's acts: approving or
//!   returning a registration, deciding an outcome, recording or removing an award.
//! - **viewer**: reads only (and a draft of an unfinished form, which is not a record).
//! - **unit editor** (`[roles.unit_editor]`, login → unit codes), within its units only:
//!   - a unit: change its name and kind; not its code, its parent or whether it is active,
//!     and no creating or removing units;
//!   - a model: register one (status draft or submitted, outcome pending, in a period that
//!     exists); edit it while it is a draft or returned, and submit it (the registration
//!     workflow, `domain::workflow`, allows no way back to draft);
//!     remove it while it is a draft or returned and has no awards or replications; move
//!     it between steps at any time (the unit's report of its progress);
//!   - check-ins of its models: record, edit, remove;
//!   - replications: record, edit, remove those where both the replicating unit and the
//!     model's unit are its own;
//!   - undo of its own latest change, within its units, unless the undo would approve,
//!     decide an outcome or put back awards;
//!   - never: approving, returning, deciding an outcome, awards, imports, catalogues,
//!     periods, restore.
//!
//! The role is given to the store with each request ([`crate::store::Embedded::with_role`]).
//! Whether a role may make a kind of request at all is decided here ([`authorize`]); a unit
//! editor's right to the records themselves is checked inside the write, under the write
//! lock, on the record as stored and as it would be written (`store::rights`), so a record
//! that moves to another unit between a check and the write cannot slip through.

use std::collections::BTreeSet;

use crate::api::{ModelAction, Request};
use crate::config::Roles;
use crate::domain::{Msg, RegStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Catalogues, periods, restore; and everything an editor may do.
    Admin,
    /// Every unit's records, imports, and the committee's acts.
    Editor,
    /// The records of the listed units (by code), within the limits of the module's doc.
    UnitEditor(BTreeSet<String>),
    /// Reads only.
    Viewer,
    /// Not listed in a config that lists roles: nothing.
    Nobody,
}

/// The role of `user`. With no `[roles]` table, the user who runs the server (`owner`) is
/// admin and every other user who can reach the socket (its group) is an editor. With one,
/// a listed user has the role it gives; the owner, unlisted, is admin; anyone else unlisted
/// is nobody.
pub fn role_of(user: &str, roles: Option<&Roles>, owner: &str) -> Role {
    let Some(roles) = roles else {
        return if user == owner {
            Role::Admin
        } else {
            Role::Editor
        };
    };
    let listed = |v: &Vec<String>| v.iter().any(|u| u == user);
    if listed(&roles.admin) {
        Role::Admin
    } else if listed(&roles.editor) {
        Role::Editor
    } else if let Some(units) = roles.unit_editor.get(user) {
        Role::UnitEditor(units.iter().cloned().collect())
    } else if listed(&roles.viewer) {
        Role::Viewer
    } else if user == owner {
        Role::Admin
    } else {
        Role::Nobody
    }
}

pub fn forbidden(right: &str) -> Msg {
    Msg::Forbidden {
        right: right.into(),
    }
}

/// The committee's acts on a model: approving, returning, deciding an outcome.
fn committee_act(a: &ModelAction) -> bool {
    match a {
        ModelAction::Step(_) => false,
        ModelAction::Status(s) => !matches!(s, RegStatus::Draft | RegStatus::Submitted),
        ModelAction::Outcome(_) | ModelAction::Decide { .. } => true,
    }
}

/// May `role` make this kind of request at all? A unit editor's right to the records it
/// names is checked later, inside the write.
pub fn authorize(role: &Role, req: &Request) -> Result<(), Msg> {
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
        Role::UnitEditor(_) => match req {
            Request::SaveUnit(_)
            | Request::SaveModel(_)
            | Request::DeleteModel { .. }
            | Request::SaveCheckIn(_)
            | Request::DeleteCheckIn { .. }
            | Request::SaveReplication(_)
            | Request::DeleteReplication { .. }
            | Request::Undo
            | Request::Redo
            | Request::CheckInMany { .. } => Ok(()),
            Request::ModelAction { action, .. } if !committee_act(action) => Ok(()),
            Request::ModelActionMany { action, .. } if !committee_act(action) => Ok(()),
            _ => Err(forbidden("editor")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Outcome;

    #[test]
    fn roles_from_config() {
        assert_eq!(role_of("lan", None, "lan"), Role::Admin);
        assert_eq!(role_of("minh", None, "lan"), Role::Editor);
        let mut r = Roles {
            admin: vec!["lan".into()],
            viewer: vec!["hoa".into()],
            ..Default::default()
        };
        r.unit_editor.insert("tuan".into(), vec!["CB-01".into()]);
        assert_eq!(role_of("lan", Some(&r), "root"), Role::Admin);
        assert_eq!(role_of("hoa", Some(&r), "root"), Role::Viewer);
        assert_eq!(
            role_of("tuan", Some(&r), "root"),
            Role::UnitEditor(["CB-01".to_string()].into())
        );
        assert_eq!(role_of("minh", Some(&r), "root"), Role::Nobody);
        assert_eq!(role_of("root", Some(&r), "root"), Role::Admin);
        assert_eq!(role_of("hoa", Some(&r), "hoa"), Role::Viewer);
    }

    /// An empty `[roles]` table is not the absence of one: it refuses everyone but the user
    /// who runs the server.
    #[test]
    fn an_empty_roles_table_refuses_everyone_but_the_owner() {
        let empty = Roles::default();
        assert_eq!(role_of("minh", Some(&empty), "dvk"), Role::Nobody);
        assert_eq!(role_of("dvk", Some(&empty), "dvk"), Role::Admin);
        let nobody = role_of("minh", Some(&empty), "dvk");
        for req in [
            Request::Units,
            Request::Draft,
            Request::Whoami,
            Request::Undo,
        ] {
            assert_eq!(
                authorize(&nobody, &req),
                Err(forbidden("viewer")),
                "{req:?}"
            );
        }
    }

    #[test]
    fn committee_acts_are_not_a_unit_editors() {
        let ue = Role::UnitEditor(["CB-01".to_string()].into());
        let act = |action| Request::ModelAction {
            id: 1,
            rev: 1,
            action,
            reason: "x".into(),
        };
        for req in [
            act(ModelAction::Status(RegStatus::Approved)),
            act(ModelAction::Status(RegStatus::Returned)),
            act(ModelAction::Outcome(Outcome::Recognized)),
            Request::DeleteAward { id: 1 },
            Request::DeleteUnit { id: 1 },
        ] {
            assert_eq!(authorize(&ue, &req), Err(forbidden("editor")), "{req:?}");
            assert_eq!(authorize(&Role::Editor, &req), Ok(()));
        }
        assert_eq!(
            authorize(&ue, &act(ModelAction::Status(RegStatus::Submitted))),
            Ok(())
        );
        assert_eq!(authorize(&ue, &act(ModelAction::Step(2))), Ok(()));
        assert_eq!(
            authorize(&Role::Viewer, &Request::DeleteModel { id: 1 }),
            Err(forbidden("editor"))
        );
        assert_eq!(authorize(&Role::Viewer, &Request::Units), Ok(()));
    }

    #[test]
    fn write_classification() {
        assert!(!Request::Periods.is_write());
        assert!(Request::Undo.is_write());
        assert!(Request::DeleteModel { id: 1 }.is_write());
    }

    /// A change for many models is classed as the change for one: awards are the
    /// committee's, check-ins and a unit's own moves are a unit editor's too (each model's
    /// unit is checked inside the write). Previews are reads; redo is an undo's.
    #[test]
    fn changes_for_many_models_are_classed_as_for_one() {
        let ue = Role::UnitEditor(["CB-01".to_string()].into());
        let many = |action| Request::ModelActionMany {
            models: vec![1, 2],
            action,
            reason: "x".into(),
        };
        let award = Request::AwardMany {
            award: crate::domain::Award {
                id: 0,
                model: 0,
                body: "b".into(),
                form: "f".into(),
                decision_no: "1".into(),
                decided_on: chrono::NaiveDate::MIN,
                note: String::new(),
                rev: 0,
            },
            models: vec![1],
        };
        for req in [
            award.clone(),
            many(ModelAction::Status(RegStatus::Approved)),
            many(ModelAction::Outcome(Outcome::Recognized)),
        ] {
            assert!(req.is_write());
            assert_eq!(authorize(&ue, &req), Err(forbidden("editor")), "{req:?}");
            assert_eq!(authorize(&Role::Editor, &req), Ok(()));
        }
        for req in [
            many(ModelAction::Status(RegStatus::Submitted)),
            Request::Redo,
        ] {
            assert!(req.is_write());
            assert_eq!(authorize(&ue, &req), Ok(()), "{req:?}");
            assert_eq!(authorize(&Role::Viewer, &req), Err(forbidden("editor")));
        }
        for req in [Request::UndoPreview, Request::RedoPreview] {
            assert!(!req.is_write());
            assert_eq!(authorize(&Role::Viewer, &req), Ok(()));
        }
        // A part of a large import is an import: a viewer or a unit's editor cannot send one
        // (nor fill the server's disk with parts kept aside).
        let part = Request::ImportPart {
            batch: crate::api::ImportBatch::Models(vec![]),
            first: true,
            last: false,
            dry_run: false,
        };
        assert!(part.is_write());
        assert_eq!(authorize(&ue, &part), Err(forbidden("editor")));
        assert_eq!(authorize(&Role::Viewer, &part), Err(forbidden("editor")));
        assert_eq!(authorize(&Role::Editor, &part), Ok(()));
    }
}
