//! `--as-of` is a point in time: what the records gave on that day, answered from counters
//! when nothing is dated after the day and by reading the period's records otherwise.

use super::tests::{d, fresh};
use crate::api::*;
use crate::domain::*;
use crate::report::report_from_dataset;

fn recognized(s: &StatusData) -> u64 {
    s.by_outcome
        .iter()
        .find(|(o, _)| *o == Outcome::Recognized)
        .map_or(0, |x| x.1)
}

#[test]
fn what_came_after_the_day_does_not_count() {
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    let v = f.unit("B", "Chi bộ B", None);
    // A registered in 2018, followed in 2018 and 2019, recognised and awarded on 12/10/2020.
    let a = f.approved("M1", u);
    f.checkin(a.id, d(2018, 2, 1));
    f.checkin(a.id, d(2019, 3, 1));
    f.award(a.id, "UBND tỉnh", "Q1");
    let mut m = f.api().model(a.id).unwrap().model;
    m.outcome = Outcome::Recognized;
    m.outcome_on = Some(d(2020, 10, 12));
    m.outcome_decision = "125-QĐ/ĐUK".into();
    f.api().save(Request::SaveModel(m)).unwrap();
    // B registered in mid-2019, recognised with no date on record.
    let b = f.model(
        "M2",
        v,
        ModelKind::Individual,
        RegStatus::Approved,
        d(2019, 6, 1),
    );
    let mut m = f.api().model(b.id).unwrap().model;
    m.outcome = Outcome::Recognized;
    f.api().save(Request::SaveModel(m)).unwrap();
    f.sound();

    let status = |day| f.api().status(None, day).unwrap();
    // End of 2018: B not yet registered, A's 2019 check-in and 2020 award and outcome not yet.
    let s = status(d(2018, 12, 31));
    assert_eq!((s.collective, s.individual, s.units_registered), (1, 0, 1));
    assert_eq!((s.checkins, s.awards_total, recognized(&s)), (1, 0, 0));
    assert!(s.awards_by.is_empty());
    // Overdue from the latest check-in on or before the day (1/2/2018), not from 1/3/2019.
    assert_eq!(s.overdue, 1);
    let r = f.api().report(None, d(2018, 12, 31), None).unwrap();
    assert_eq!(r.overdue.len(), 1);
    assert_eq!((r.overdue[0].last, r.overdue[0].days), (d(2018, 2, 1), 333));

    // End of 2019: B counts, and its outcome without a date counts at every date.
    let s = status(d(2019, 12, 31));
    assert_eq!((s.collective, s.individual, s.units_registered), (1, 1, 2));
    assert_eq!((s.checkins, s.awards_total, recognized(&s)), (2, 0, 1));
    assert_eq!(s.overdue, 1, "A is still pending, last seen 1/3/2019");

    // After the last event: the counters, with everything.
    let s = status(d(2020, 12, 31));
    assert_eq!((s.checkins, s.awards_total, recognized(&s)), (2, 1, 2));
    assert_eq!(s.overdue, 0);

    // The store's answers are the reference scan's, at every day.
    let ds = f.api().dataset().unwrap();
    for day in [
        d(2017, 12, 31),
        d(2018, 1, 1),
        d(2018, 12, 31),
        d(2019, 6, 1),
        d(2020, 10, 11),
        d(2020, 10, 12),
        d(2021, 1, 1),
    ] {
        let want = report_from_dataset(&ds, None, day).unwrap();
        assert_eq!(status(day), want.status, "{day}");
        let got = f.api().report(None, day, None).unwrap();
        assert_eq!(got.overdue.len(), want.overdue.len(), "{day}");
    }
    // Before anything was registered there is nothing.
    let s = status(d(2017, 12, 31));
    assert_eq!((s.collective, s.individual, s.checkins), (0, 0, 0));
}

#[test]
fn the_period_knows_its_latest_event() {
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    let a = f.approved("M1", u);
    let fig = |day| {
        let st = f.api().status(None, day).unwrap();
        (st.collective, st.checkins)
    };
    assert_eq!(fig(d(2018, 1, 1)), (1, 0));
    let c = f.checkin(a.id, d(2019, 5, 1));
    assert_eq!(fig(d(2019, 4, 30)), (1, 0));
    assert_eq!(fig(d(2019, 5, 1)), (1, 1));
    // Removing the check-in takes its day out of the period's events.
    f.api()
        .delete(Request::DeleteCheckIn { model: a.id, id: c })
        .unwrap();
    assert_eq!(fig(d(2018, 6, 1)), (1, 0));
    f.sound();
}

#[test]
fn reviews_import_replaces_a_periods_reviews() {
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    f.approved("M1", u);
    let row = |line, kind, date, title: &str| ReviewImport {
        line,
        period: "2017-2020".into(),
        review: Review {
            kind,
            date,
            title: title.into(),
            doc_no: String::new(),
        },
    };
    let batch = ImportBatch::Reviews(vec![
        row(2, ReviewKind::Final, d(2020, 10, 12), "Tổng kết"),
        row(3, ReviewKind::Interim, d(2018, 12, 20), "Sơ kết"),
    ]);
    f.api().import(batch.clone(), false).unwrap();
    let p = f.api().periods().unwrap().remove(0);
    assert_eq!(
        p.reviews.iter().map(|r| r.date).collect::<Vec<_>>(),
        [d(2018, 12, 20), d(2020, 10, 12)]
    );
    assert_eq!(p.final_review(), Some(d(2020, 10, 12)));
    // The same file again changes nothing; an unknown period is refused with its line.
    f.api().import(batch, false).unwrap();
    let bad = ImportBatch::Reviews(vec![ReviewImport {
        period: "2030-2035".into(),
        ..row(2, ReviewKind::Final, d(2035, 1, 1), "")
    }]);
    match f.api().import(bad, false) {
        Err(ApiError::Invalid(ps)) => {
            assert_eq!(ps[0].line, Some(2));
            assert_eq!(ps[0].field, "period");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.api().periods().unwrap().remove(0), p);
    f.sound();
}

/// A database of schema 3 kept no events by day: on open they are counted, so a day before
/// the latest event is answered by a scan and `check` finds nothing.
#[test]
fn third_schema_gains_the_events_of_each_period() {
    use super::keys;
    use std::sync::Arc;
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    let a = f.approved("M1", u);
    f.checkin(a.id, d(2019, 5, 1));
    f.award(a.id, "UBND tỉnh", "Q1");
    let path = {
        let store = f.be.store();
        for day in [d(2018, 1, 1), d(2019, 5, 1), d(2020, 10, 12)] {
            let k = keys::counter("2017-2020", keys::tag::EVENTS, &keys::date(day));
            store.plant_raw("counters", &k, None).unwrap();
        }
        store.plant_schema(3).unwrap();
        assert!(!Api(&f.be).check().unwrap().problems.is_empty());
        store.path().to_path_buf()
    };
    drop(f.be);
    let store = loop {
        match super::Store::open(&path) {
            Err(ApiError::Msg(Msg::DbLocked { .. })) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            r => break r.unwrap(),
        }
    };
    let be = super::Embedded::new(Arc::new(store), "canbo".into());
    let r = Api(&be).check().unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let s = Api(&be).status(None, d(2019, 1, 1)).unwrap();
    assert_eq!((s.collective, s.checkins, s.awards_total), (1, 0, 0));
    let s = Api(&be).status(None, d(2021, 1, 1)).unwrap();
    assert_eq!((s.collective, s.checkins, s.awards_total), (1, 1, 1));
}

#[test]
fn an_outcome_is_decided_with_its_day_and_decision() {
    let f = fresh();
    let u = f.unit("A", "Chi bộ A", None);
    let m = f.approved("M1", u);
    let act = |rev, action| {
        f.api().save(Request::ModelAction {
            id: m.id,
            rev,
            action,
            reason: String::new(),
        })
    };
    // Not before the registration (1/1/2018).
    let early = act(
        m.rev,
        ModelAction::Decide {
            outcome: Outcome::Recognized,
            on: Some(d(2017, 12, 31)),
            decision: "1-QĐ".into(),
        },
    );
    assert!(matches!(early, Err(ApiError::Invalid(ref ps)) if ps[0].field == "outcome_on"));
    let (_, rev) = act(
        m.rev,
        ModelAction::Decide {
            outcome: Outcome::Recognized,
            on: Some(d(2020, 10, 12)),
            decision: " 125-QĐ/ĐUK ".into(),
        },
    )
    .unwrap();
    let got = f.api().model(m.id).unwrap().model;
    assert_eq!(
        (got.outcome, got.outcome_on, got.outcome_decision.as_str()),
        (Outcome::Recognized, Some(d(2020, 10, 12)), "125-QĐ/ĐUK")
    );
    assert_eq!(
        recognized(&f.api().status(None, d(2020, 10, 11)).unwrap()),
        0
    );
    assert_eq!(
        recognized(&f.api().status(None, d(2020, 10, 12)).unwrap()),
        1
    );
    // Back to pending: no longer decided, on any day.
    act(rev, ModelAction::Outcome(Outcome::Pending)).unwrap();
    let got = f.api().model(m.id).unwrap().model;
    assert_eq!((got.outcome_on, got.outcome_decision.as_str()), (None, ""));
    f.sound();
}
