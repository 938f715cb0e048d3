//! Figures of one model derived from its records: the actual of each criterion as the
//! check-ins report it, the progress towards the targets, and the quality of a registration.
//!
//! A criterion's actual is the value reported for it by the latest dated check-in that reports
//! it (`actuals` `1=12`), or the value typed on the criterion when no check-in reports it. Two
//! check-ins of the same date: the one entered later (the greater id) wins.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::types::{CheckIn, Criterion, Id, Model};

/// The latest value a check-in reported for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    /// 0-based criterion number.
    pub criterion: u16,
    pub value: f64,
    pub date: NaiveDate,
    /// The check-in that reported it.
    pub checkin: Id,
}

impl Reported {
    fn order(&self) -> (NaiveDate, Id) {
        (self.date, self.checkin)
    }
}

/// Add what one check-in reports to `list` (kept in criterion order): a value replaces the
/// one held unless that one is from a later check-in. The result does not depend on the order
/// check-ins are added in.
pub fn add_reported(list: &mut Vec<Reported>, ci: &CheckIn) {
    for (i, v) in &ci.actuals {
        let r = Reported {
            criterion: *i,
            value: *v,
            date: ci.date,
            checkin: ci.id,
        };
        match list.binary_search_by_key(i, |x| x.criterion) {
            Ok(p) if list[p].order() <= r.order() => list[p] = r,
            Ok(_) => {}
            Err(p) => list.insert(p, r),
        }
    }
}

/// The latest reported value of every criterion some check-in reports.
pub fn latest_reported<'a>(checkins: impl IntoIterator<Item = &'a CheckIn>) -> Vec<Reported> {
    let mut out = vec![];
    for c in checkins {
        add_reported(&mut out, c);
    }
    out
}

/// The actual of each criterion: reported by the latest check-in that reports it, else typed.
pub fn effective_actuals(criteria: &[Criterion], reported: &[Reported]) -> Vec<f64> {
    criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            reported
                .iter()
                .find(|r| r.criterion as usize == i)
                .map_or(c.actual, |r| r.value)
        })
        .collect()
}

/// [`effective_actuals`] straight from a model's check-ins.
pub fn actuals_from_checkins<'a>(
    criteria: &[Criterion],
    checkins: impl IntoIterator<Item = &'a CheckIn>,
) -> Vec<f64> {
    effective_actuals(criteria, &latest_reported(checkins))
}

/// Mean of actual/target over the criteria with a target, each capped to 0–1; `None` when no
/// criterion has a target.
pub fn progress(criteria: &[Criterion], actuals: &[f64]) -> Option<f32> {
    let fracs: Vec<f64> = criteria
        .iter()
        .zip(actuals)
        .filter(|(c, _)| c.target > 0.0)
        .map(|(c, a)| (a / c.target).clamp(0.0, 1.0))
        .collect();
    (!fracs.is_empty()).then(|| (fracs.iter().sum::<f64>() / fracs.len() as f64) as f32)
}

/// A criterion is behind its target when its due date has passed on `today` and its actual
/// is still below the target.
pub fn behind_target(c: &Criterion, actual: f64, today: NaiveDate) -> bool {
    c.target > 0.0 && actual < c.target && c.due.is_some_and(|d| d < today)
}

/// Whether a registration has at least one quantified criterion (one with a target).
pub fn has_quantified_criterion(m: &Model) -> bool {
    m.criteria.iter().any(|c| c.target > 0.0)
}

/// Whether a registration states both its goals and its activities.
pub fn has_content(m: &Model) -> bool {
    !m.registration.goals.trim().is_empty() && !m.registration.activities.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CheckInKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn crit(target: f64, actual: f64) -> Criterion {
        Criterion {
            name: "c".into(),
            measure: "hộ".into(),
            target,
            actual,
            due: None,
        }
    }

    fn ci(id: Id, date: NaiveDate, actuals: &[(u16, f64)]) -> CheckIn {
        CheckIn {
            id,
            model: 1,
            date,
            kind: CheckInKind::Inspection,
            by: String::new(),
            note: String::new(),
            step: None,
            actuals: actuals.to_vec(),
            next_due: None,
            rev: 1,
        }
    }

    #[test]
    fn latest_dated_check_in_wins_whatever_the_order_entered() {
        let cs = [crit(40.0, 10.0), crit(5.0, 1.0), crit(3.0, 2.0)];
        // Entered out of date order: the one dated later wins even though entered first.
        let a = ci(1, d(2019, 6, 1), &[(0, 35.0), (1, 4.0)]);
        let b = ci(2, d(2018, 6, 1), &[(0, 20.0)]);
        assert_eq!(actuals_from_checkins(&cs, [&a, &b]), vec![35.0, 4.0, 2.0]);
        assert_eq!(actuals_from_checkins(&cs, [&b, &a]), vec![35.0, 4.0, 2.0]);
        // A later check-in that does not report criterion 2 leaves it as reported before.
        let c = ci(3, d(2020, 1, 1), &[(0, 38.0)]);
        assert_eq!(
            actuals_from_checkins(&cs, [&a, &b, &c]),
            vec![38.0, 4.0, 2.0]
        );
    }

    #[test]
    fn same_date_the_later_entered_wins() {
        let cs = [crit(40.0, 0.0)];
        let a = ci(7, d(2019, 6, 1), &[(0, 30.0)]);
        let b = ci(9, d(2019, 6, 1), &[(0, 31.0)]);
        assert_eq!(actuals_from_checkins(&cs, [&a, &b]), vec![31.0]);
        assert_eq!(actuals_from_checkins(&cs, [&b, &a]), vec![31.0]);
    }

    #[test]
    fn without_reports_the_typed_value_stands_and_unknown_criteria_are_ignored() {
        let cs = [crit(40.0, 12.0)];
        assert_eq!(actuals_from_checkins(&cs, []), vec![12.0]);
        let a = ci(1, d(2019, 6, 1), &[(3, 99.0)]);
        assert_eq!(actuals_from_checkins(&cs, [&a]), vec![12.0]);
    }

    #[test]
    fn editing_or_deleting_a_check_in_recomputes() {
        let cs = [crit(40.0, 5.0)];
        let a = ci(1, d(2019, 1, 1), &[(0, 20.0)]);
        let mut b = ci(2, d(2019, 6, 1), &[(0, 30.0)]);
        assert_eq!(actuals_from_checkins(&cs, [&a, &b]), vec![30.0]);
        b.date = d(2018, 6, 1);
        assert_eq!(actuals_from_checkins(&cs, [&a, &b]), vec![20.0]);
        assert_eq!(actuals_from_checkins(&cs, [&a]), vec![20.0]);
        assert_eq!(actuals_from_checkins(&cs, []), vec![5.0]);
    }

    #[test]
    fn progress_and_behind_target_use_the_actuals_given() {
        let mut cs = vec![crit(40.0, 0.0), crit(0.0, 3.0), crit(10.0, 0.0)];
        cs[0].due = Some(d(2019, 12, 31));
        let a = ci(1, d(2019, 6, 1), &[(0, 20.0), (2, 15.0)]);
        let actuals = actuals_from_checkins(&cs, [&a]);
        assert_eq!(progress(&cs, &actuals), Some(0.75));
        assert_eq!(progress(&cs, &[0.0, 0.0, 0.0]), Some(0.0));
        assert_eq!(progress(&cs[1..2], &[3.0]), None);
        assert!(behind_target(&cs[0], actuals[0], d(2020, 1, 1)));
        assert!(!behind_target(&cs[0], actuals[0], d(2019, 12, 31)));
        assert!(!behind_target(&cs[0], 40.0, d(2020, 1, 1)));
    }
}
