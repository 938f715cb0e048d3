//! The appendices and a unit's figures agree with the reference that counts every record
//! of the dataset ([`super::scan`]), on the demo loaded into a real store.

use std::collections::BTreeSet;

use super::appendix::{appendices, unit_scope};
use super::unit::unit_report;
use crate::api::{Api, ApiError, Dataset};
use crate::domain::{Msg, Outcome};

fn demo_store() -> (tempfile::TempDir, std::sync::Arc<dyn crate::api::Backend>) {
    let dir = tempfile::tempdir().unwrap();
    let b = crate::backend::embedded(&dir.path().join("db"), "test").unwrap();
    Api(b.as_ref()).load(crate::demo::dataset(), false).unwrap();
    (dir, b)
}

#[test]
fn appendix_totals_are_the_reports_figures() {
    let (_d, b) = demo_store();
    let api = Api(b.as_ref());
    let r = api.report(None, crate::demo::as_of(), None).unwrap();
    let a = appendices(&api, &r, None).unwrap();
    let s = &r.status;
    assert_eq!(a.totals.collective, s.collective);
    assert_eq!(a.totals.individual, s.individual);
    let by_field: Vec<u64> = s.by_field.iter().map(|(_, n)| *n).collect();
    assert_eq!(a.totals.by_field, by_field);
    assert_eq!(a.by_unit.len() as u64, s.units_registered);
    assert_eq!(a.models.len() as u64, s.models_total());
    assert_eq!(
        a.recognised.len() as u64,
        s.outcome(Outcome::Recognized) + s.outcome(Outcome::Outstanding)
    );
    assert_eq!(a.recognised[0].outcome, Outcome::Outstanding);
    assert_eq!(a.awards.len() as u64, s.awards_total);
    assert_eq!(a.replications.len() as u64, s.replications);
    assert_eq!(
        a.not_registered.len() as u64,
        s.units_total - s.units_registered
    );
    // Criteria met, as counting the check-ins of each model gives it.
    let ds = crate::demo::dataset();
    for m in &a.models {
        let model = ds.models.iter().find(|x| x.id == m.id).unwrap();
        let actuals = crate::domain::actuals::actuals_from_checkins(
            &model.criteria,
            ds.checkins.iter().filter(|c| c.model == m.id),
        );
        let met = model
            .criteria
            .iter()
            .zip(&actuals)
            .filter(|(c, a)| c.target > 0.0 && **a >= c.target)
            .count() as u16;
        assert_eq!(m.criteria_met, met, "{}", m.code);
        assert!(m.criteria_met <= m.criteria);
    }
    assert!(a.models.iter().any(|m| m.criteria_met > 0));
}

/// The demo narrowed to the units of `scope`, as the reference would see it.
fn only(ds: &Dataset, ids: &BTreeSet<u64>) -> Dataset {
    let mut d = ds.clone();
    d.units.retain(|u| ids.contains(&u.id));
    d.models.retain(|m| ids.contains(&m.unit));
    let models: BTreeSet<u64> = d.models.iter().map(|m| m.id).collect();
    d.checkins.retain(|c| models.contains(&c.model));
    d.awards.retain(|a| models.contains(&a.model));
    d.replications.retain(|r| models.contains(&r.model));
    d
}

#[test]
fn a_units_figures_are_the_reference_on_its_units() {
    let (_d, b) = demo_store();
    let api = Api(b.as_ref());
    let ds = crate::demo::dataset();
    let mut seen = 0;
    for code in ["DB-SYT", "DB-SNN", "CB-BVDK", "DB-STC"] {
        let scope = unit_scope(&api, code).unwrap();
        let r = api.report(None, crate::demo::as_of(), None).unwrap();
        let got = unit_report(&api, r, &scope).unwrap();
        let want =
            super::scan::report_from_dataset(&only(&ds, &scope.ids), None, crate::demo::as_of())
                .unwrap();
        assert_eq!(got.status, want.status, "{code}");
        assert_eq!(got.overdue, want.overdue, "{code}");
        seen += got.status.models_total();
    }
    assert!(seen > 0);
    assert!(matches!(
        unit_scope(&api, "NOPE"),
        Err(ApiError::Msg(Msg::UnknownUnit { code })) if code == "NOPE"
    ));
}
