//! The workflow of a registration: draft → submitted → approved or returned (returned →
//! submitted again); the step moves one at a time, forward or back, and going back or
//! returning a registration is explained; an outcome is decided only on an approved
//! registration. The store checks every change against these rules inside the write; the
//! interface offers only the moves they allow.

use super::validate::FieldError;
use super::*;

/// May a registration go from `from` to `to`?
pub fn status_move(from: RegStatus, to: RegStatus) -> bool {
    use RegStatus::*;
    matches!(
        (from, to),
        (Draft, Submitted) | (Submitted, Approved) | (Submitted, Returned) | (Returned, Submitted)
    )
}

/// May the step go from `from` to `to` in a period of `steps` steps? One step at a time.
pub fn step_move(from: u8, to: u8, steps: u8) -> bool {
    (1..=steps).contains(&to) && from.abs_diff(to) == 1
}

/// May a registration in `status` carry `outcome`? Only an approved one has an outcome
/// other than pending.
pub fn outcome_allowed(status: RegStatus, outcome: Outcome) -> bool {
    outcome == Outcome::Pending || status == RegStatus::Approved
}

/// Does this change need a reason (the unit is told why)? A step back, a returned
/// registration, an outcome that does not recognise the model.
pub fn needs_reason(old: &Model, new: &Model) -> bool {
    new.step < old.step
        || (new.status == RegStatus::Returned && old.status != RegStatus::Returned)
        || (new.outcome != old.outcome
            && matches!(new.outcome, Outcome::NotRecognized | Outcome::Dropped))
}

fn err(field: &str, msg: Msg) -> FieldError {
    FieldError {
        field: field.into(),
        msg,
    }
}

/// A state a model may be created in (an import, a model entered afresh): any status and
/// step, but an outcome other than pending only with an approved registration.
pub fn consistent(m: &Model) -> Result<(), FieldError> {
    if outcome_allowed(m.status, m.outcome) {
        Ok(())
    } else {
        Err(err(
            "outcome",
            Msg::OutcomeNeedsApproval {
                code: m.code.clone(),
                status: m.status,
                outcome: m.outcome,
            },
        ))
    }
}

/// Check the change of a stored model `old` into `new`: status, step and outcome follow
/// the workflow; `reason` is what the user said. The first problem found.
pub fn change(old: &Model, new: &Model, steps: u8, reason: &str) -> Result<(), FieldError> {
    if new.status != old.status && !status_move(old.status, new.status) {
        return Err(err(
            "status",
            Msg::StatusMove {
                code: old.code.clone(),
                from: old.status,
                to: new.status,
            },
        ));
    }
    if new.step != old.step && !step_move(old.step, new.step, steps) {
        return Err(err(
            "step",
            Msg::StepMove {
                code: old.code.clone(),
                from: old.step,
                to: new.step,
            },
        ));
    }
    if new.outcome != old.outcome || new.status != old.status {
        consistent(new)?;
    }
    if needs_reason(old, new) && reason.trim().is_empty() {
        return Err(err("reason", Msg::Required));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use RegStatus::*;

    #[test]
    fn only_the_workflow_moves_a_registration() {
        // Every pair of statuses: allowed exactly when the workflow says so.
        let allowed = [
            (Draft, Submitted),
            (Submitted, Approved),
            (Submitted, Returned),
            (Returned, Submitted),
        ];
        for from in RegStatus::ALL.iter().copied() {
            for to in RegStatus::ALL.iter().copied() {
                assert_eq!(
                    status_move(from, to),
                    allowed.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
    }

    #[test]
    fn steps_move_one_at_a_time_within_the_period() {
        let table = [
            (1, 2, true),
            (2, 1, true),
            (3, 4, true),
            (4, 5, true),
            (5, 6, false),
            (1, 0, false),
            (1, 3, false),
            (4, 2, false),
            (2, 2, false),
        ];
        for (from, to, ok) in table {
            assert_eq!(step_move(from, to, 5), ok, "{from} → {to}");
        }
    }

    #[test]
    fn an_outcome_needs_an_approved_registration() {
        for s in RegStatus::ALL.iter().copied() {
            for o in Outcome::ALL.iter().copied() {
                assert_eq!(
                    outcome_allowed(s, o),
                    o == Outcome::Pending || s == Approved,
                    "{s:?} {o:?}"
                );
            }
        }
    }
}
