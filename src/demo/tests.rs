//! The demo must reproduce the figures of the report it stands for (CONTRACT.md, “The demo
//! period”), computed here straight from the records, and every record must be one the
//! program itself would accept.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::*;
use crate::domain::text::fold;
use crate::domain::validate;

fn counted(ds: &Dataset) -> Vec<&Model> {
    ds.models
        .iter()
        .filter(|m| m.period == PERIOD && m.status.counted())
        .collect()
}

#[test]
fn same_dataset_every_time() {
    assert_eq!(dataset(), dataset());
}

#[test]
fn the_report_figures() {
    let ds = dataset();
    assert_eq!(ds.units.iter().filter(|u| u.active).count(), 48);
    let c = counted(&ds);
    assert_eq!(
        c.iter().filter(|m| m.kind == ModelKind::Collective).count(),
        26
    );
    assert_eq!(
        c.iter().filter(|m| m.kind == ModelKind::Individual).count(),
        24
    );
    let units: BTreeSet<Id> = c.iter().map(|m| m.unit).collect();
    assert_eq!(units.len(), 15);
    assert!(
        units
            .iter()
            .all(|id| ds.units.iter().any(|u| u.id == *id && u.active))
    );

    // Awards by body and kind of recipient.
    let kind: HashMap<Id, ModelKind> = ds.models.iter().map(|m| (m.id, m.kind)).collect();
    let tally = |body: &str, k: ModelKind| {
        ds.awards
            .iter()
            .filter(|a| a.body == body && a.form == "giay_khen" && kind[&a.model] == k)
            .count()
    };
    assert_eq!(tally(BODY_PROVINCE, ModelKind::Collective), 1);
    assert_eq!(tally(BODY_PROVINCE, ModelKind::Individual), 1);
    assert_eq!(tally(BODY_BLOC, ModelKind::Collective), 9);
    assert_eq!(tally(BODY_BLOC, ModelKind::Individual), 2);
    assert_eq!(ds.awards.len(), 13);
    // Ban Dân vận decided before the standing committee; all in October 2020.
    let date = |b: &str| ds.awards.iter().find(|a| a.body == b).unwrap().decided_on;
    assert!(date(BODY_PROVINCE) < date(BODY_BLOC));
    assert!(
        ds.awards
            .iter()
            .all(|a| a.decided_on >= d(2020, 10, 1) && a.decided_on <= as_of())
    );
    assert_eq!(
        ds.bodies
            .iter()
            .map(|b| (b.name.as_str(), b.rank))
            .collect::<Vec<_>>(),
        vec![(BODY_PROVINCE, 0), (BODY_BLOC, 1)]
    );
}

#[test]
fn four_pending_models_are_overdue_on_20_10_2020() {
    let ds = dataset();
    let p = &ds.periods[0];
    assert_eq!(p.checkin_interval_days, 90);
    let c = counted(&ds);
    let pending: Vec<_> = c.iter().filter(|m| m.outcome == Outcome::Pending).collect();
    assert!(
        (5..=7).contains(&pending.len()),
        "about six pending, got {}",
        pending.len()
    );
    let overdue = pending
        .iter()
        .filter(|m| {
            let last = ds
                .checkins
                .iter()
                .filter(|ci| ci.model == m.id)
                .map(|ci| ci.date)
                .max();
            let last = last.unwrap_or(m.registered_on);
            (as_of() - last).num_days() > p.checkin_interval_days as i64
        })
        .count();
    assert_eq!(overdue, 4);
    // Most models finished with recognition.
    let done = c
        .iter()
        .filter(|m| matches!(m.outcome, Outcome::Recognized | Outcome::Outstanding))
        .count();
    assert!(done >= 40, "{done}");
}

#[test]
fn spread_over_fields_steps_and_registration_dates() {
    let ds = dataset();
    let c = counted(&ds);
    for f in &ds.fields {
        assert!(
            c.iter().any(|m| m.field == f.code),
            "no model in {}",
            f.code
        );
    }
    let steps: BTreeSet<u8> = c.iter().map(|m| m.step).collect();
    assert_eq!(steps, BTreeSet::from([2, 3, 4, 5]));
    assert!(c.iter().filter(|m| m.step >= 3).count() > 40);
    for m in &c {
        assert!(
            m.registered_on >= d(2017, 6, 1) && m.registered_on <= d(2017, 12, 31),
            "{}",
            m.code
        );
        assert!((1..=3).contains(&m.criteria.len()), "{}", m.code);
        assert!(!m.registration.problem.is_empty() && !m.registration.outputs.is_empty());
        assert!(m.registration.start_on.is_some() && m.registration.end_on.is_some());
        if m.kind == ModelKind::Individual {
            assert!(!m.person.is_empty() && !m.position.is_empty(), "{}", m.code);
        }
    }
    // Diacritic-insensitive search has something to find.
    let hits = ds
        .models
        .iter()
        .filter(|m| fold(&m.title).contains("khuoi phay"))
        .count()
        + ds.units
            .iter()
            .filter(|u| fold(&u.name).contains("khuoi phay"))
            .count();
    assert!(hits >= 1);
}

#[test]
fn checkins_fall_between_registration_and_the_report() {
    let ds = dataset();
    let models: HashMap<Id, &Model> = ds.models.iter().map(|m| (m.id, m)).collect();
    let kinds: HashSet<CheckInKind> = ds.checkins.iter().map(|c| c.kind).collect();
    assert_eq!(kinds.len(), 4);
    assert!(ds.checkins.iter().any(|c| c.by == INSPECTION_TEAM));
    assert!(
        ds.checkins
            .iter()
            .any(|c| !c.actuals.is_empty() && c.next_due.is_some())
    );
    let years: BTreeSet<i32> = ds
        .checkins
        .iter()
        .map(|c| chrono::Datelike::year(&c.date))
        .collect();
    assert_eq!(years, BTreeSet::from([2017, 2018, 2019, 2020]));
    for c in &ds.checkins {
        let m = models[&c.model];
        assert!(
            c.date > m.registered_on && c.date <= as_of(),
            "{} {}",
            m.code,
            c.date
        );
        assert!(!c.note.is_empty());
    }
    for r in &ds.replications {
        assert!(r.date > models[&r.model].registered_on && r.date <= as_of());
        assert_ne!(r.unit, models[&r.model].unit);
    }
    assert!(!ds.replications.is_empty());
}

#[test]
fn ids_codes_and_references() {
    let ds = dataset();
    assert!(ds.audit.is_empty());
    fn seq(ids: impl Iterator<Item = Id>) -> bool {
        ids.enumerate().all(|(i, id)| id == i as Id + 1)
    }
    assert!(seq(ds.units.iter().map(|u| u.id)));
    assert!(seq(ds.models.iter().map(|m| m.id)));
    assert!(seq(ds.checkins.iter().map(|c| c.id)));
    assert!(seq(ds.awards.iter().map(|a| a.id)));
    assert!(seq(ds.replications.iter().map(|r| r.id)));
    assert!(ds.units.iter().all(|u| u.rev == 1) && ds.models.iter().all(|m| m.rev == 1));
    assert!(ds.checkins.iter().all(|c| c.rev == 1) && ds.awards.iter().all(|a| a.rev == 1));

    let unit_codes: HashSet<&str> = ds.units.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(unit_codes.len(), ds.units.len());
    let model_codes: HashSet<&str> = ds.models.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(model_codes.len(), ds.models.len());

    let unit_ids: HashSet<Id> = ds.units.iter().map(|u| u.id).collect();
    let model_ids: HashSet<Id> = ds.models.iter().map(|m| m.id).collect();
    let fields: HashSet<&str> = ds.fields.iter().map(|f| f.code.as_str()).collect();
    let forms: HashSet<&str> = ds.forms.iter().map(|f| f.code.as_str()).collect();
    let bodies: HashSet<String> = ds.bodies.iter().map(|b| b.key.clone()).collect();
    for u in &ds.units {
        if let Some(p) = u.parent {
            assert!(unit_ids.contains(&p) && p < u.id, "{}", u.code);
            assert!(ds.units.iter().any(|x| x.id == p && x.active));
        }
    }
    for m in &ds.models {
        assert!(unit_ids.contains(&m.unit) && fields.contains(m.field.as_str()));
        assert!(ds.periods.iter().any(|p| p.code == m.period));
    }
    assert!(ds.checkins.iter().all(|c| model_ids.contains(&c.model)));
    for a in &ds.awards {
        assert!(model_ids.contains(&a.model) && forms.contains(a.form.as_str()));
        assert!(bodies.contains(&name_key(&a.body)));
        assert_eq!(
            ds.models[a.model as usize - 1].outcome,
            Outcome::Outstanding
        );
    }
    assert!(
        ds.replications
            .iter()
            .all(|r| model_ids.contains(&r.model) && unit_ids.contains(&r.unit))
    );
    // Some units have parents, and the parents are among the 48.
    assert!(ds.units.iter().filter(|u| u.parent.is_some()).count() >= 10);
}

/// Validation also normalises: a record that comes out changed was not clean NFC text.
#[test]
fn every_record_validates_unchanged() {
    let ds = dataset();
    let p = &ds.periods[0];
    let steps = p.steps.len() as u8;
    let mut x = p.clone();
    validate::period(&mut x).unwrap();
    assert_eq!(&x, p);
    for f in &ds.fields {
        let mut x = f.clone();
        validate::field_def(&mut x).unwrap();
        assert_eq!(&x, f);
    }
    for f in &ds.forms {
        let mut x = f.clone();
        validate::award_form(&mut x).unwrap();
        assert_eq!(&x, f);
    }
    for u in &ds.units {
        let mut x = u.clone();
        validate::unit(&mut x).unwrap_or_else(|e| panic!("{}: {e:?}", u.code));
        assert_eq!(&x, u);
    }
    let models: HashMap<Id, &Model> = ds.models.iter().map(|m| (m.id, m)).collect();
    for m in &ds.models {
        let mut x = m.clone();
        validate::model(&mut x, steps).unwrap_or_else(|e| panic!("{}: {e:?}", m.code));
        assert_eq!(&x, m);
    }
    for c in &ds.checkins {
        let m = models[&c.model];
        let mut x = c.clone();
        validate::checkin(
            &mut x,
            m.registered_on,
            m.criteria.len(),
            steps,
            Some(as_of()),
        )
        .unwrap_or_else(|e| panic!("{} {}: {e:?}", m.code, c.date));
        assert_eq!(&x, c);
    }
    for a in &ds.awards {
        let mut x = a.clone();
        validate::award(&mut x, models[&a.model].registered_on, None).unwrap();
        assert_eq!(&x, a);
    }
    for r in &ds.replications {
        let mut x = r.clone();
        validate::replication(&mut x, models[&r.model].registered_on).unwrap();
        assert_eq!(&x, r);
    }
}

#[test]
fn the_draft_is_not_counted() {
    let ds = dataset();
    let drafts: Vec<_> = ds
        .models
        .iter()
        .filter(|m| m.status == RegStatus::Draft)
        .collect();
    assert_eq!(drafts.len(), 1);
    // Its unit owns nothing else, so it must not raise the 15 registered units.
    assert!(!counted(&ds).iter().any(|m| m.unit == drafts[0].unit));
}
