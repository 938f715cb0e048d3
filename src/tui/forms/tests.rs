//! Every form, opened and saved without a change, leaves the stored records as they were;
//! a form for a new record or an action, built untouched, gives exactly the problems or the
//! request it should and writes nothing. The forms are opened on the sample in a real store.

use std::collections::BTreeSet;

use chrono::Days;
use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::open;
use crate::api::{Api, Dataset, ModelAction, Request};
use crate::domain::*;
use crate::i18n::Lang;
use crate::tui::form::{ActionKind, Target};
use crate::tui::records::build;
use crate::tui::testing::{StoreBackend, sample, today};

/// What building a form opened on a target, untouched, must give.
#[derive(Debug)]
enum Expect {
    /// The record as stored: the request is saved and the records are as they were.
    Unchanged,
    /// These problems, by field (in any order), and no request.
    Problems(Vec<&'static str>),
    /// This request (a new record with its defaults, an action, the report), not sent.
    Request(Box<Request>),
}

/// Every variant's name of an enum, as its derived `Deserialize` lists them: the test
/// below covers each, so a new kind of form fails it until it has a case.
fn variant_names<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
    struct Names(Vec<&'static str>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("names read")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> Deserializer<'de> for &mut Names {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = variants.to_vec();
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map struct
            identifier ignored_any
        }
    }
    let mut names = Names(vec![]);
    assert!(T::deserialize(&mut names).is_err());
    names.0
}

/// The variant a value is (serde's name for it).
fn variant_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v).unwrap() {
        serde_json::Value::String(s) => s,
        serde_json::Value::Object(o) => o.keys().next().unwrap().clone(),
        other => panic!("{other}"),
    }
}

/// The records with what a save may change by itself cleared: revisions and the history.
fn records(be: &StoreBackend) -> Dataset {
    let mut d = be.dataset();
    d.audit.clear();
    d.units.iter_mut().for_each(|x| x.rev = 0);
    d.models.iter_mut().for_each(|x| x.rev = 0);
    d.checkins.iter_mut().for_each(|x| x.rev = 0);
    d.awards.iter_mut().for_each(|x| x.rev = 0);
    d.replications.iter_mut().for_each(|x| x.rev = 0);
    d
}

/// Where `a` and `b` differ, record by record.
fn differences(a: &Dataset, b: &Dataset) -> Vec<String> {
    fn diff<T: PartialEq + std::fmt::Debug>(a: &[T], b: &[T], out: &mut Vec<String>) {
        if a.len() != b.len() {
            out.push(format!("{} records, then {}", a.len(), b.len()));
        }
        let pairs = a.iter().zip(b).filter(|(x, y)| x != y);
        out.extend(pairs.map(|(x, y)| format!("{x:?}\n  became {y:?}")));
    }
    let mut out = vec![];
    diff(&a.periods, &b.periods, &mut out);
    diff(&a.fields, &b.fields, &mut out);
    diff(&a.forms, &b.forms, &mut out);
    diff(&a.bodies, &b.bodies, &mut out);
    diff(&a.units, &b.units, &mut out);
    diff(&a.models, &b.models, &mut out);
    diff(&a.checkins, &b.checkins, &mut out);
    diff(&a.awards, &b.awards, &mut out);
    diff(&a.replications, &b.replications, &mut out);
    diff(&a.audit, &b.audit, &mut out);
    out
}

/// Give the sample what its forms show but it lacks: a check-in's values, a decided
/// outcome's day and decision, fractional and dated criteria, a review with its title.
fn fill_in(api: &Api, d: &Dataset) {
    let model = |id: Id| d.models.iter().find(|m| m.id == id).unwrap().clone();
    let mut c = d.checkins[0].clone();
    c.actuals = vec![(0, 7.5), (1, 3.0)];
    api.save(Request::SaveCheckIn(c)).unwrap();
    let decided = d
        .models
        .iter()
        .find(|m| m.outcome != Outcome::Pending)
        .unwrap();
    let mut m = model(decided.id);
    m.outcome_on = Some(m.registered_on + Days::new(400));
    m.outcome_decision = "12-QĐ/ĐUK".into();
    m.registration.beneficiaries = "Hộ nghèo\nHộ cận nghèo".into();
    m.criteria[0].target = 12.5;
    m.criteria[1].due = Some(m.registered_on + Days::new(300));
    api.save(Request::SaveModel(m)).unwrap();
    let mut p = d
        .periods
        .iter()
        .find(|p| !p.reviews.is_empty())
        .unwrap()
        .clone();
    p.reviews[0].title = "Hội nghị tổng kết".into();
    p.reviews[0].doc_no = "45-BC/ĐUK".into();
    p.guidance_date = Some(p.reviews[0].date - Days::new(900));
    api.save(Request::SavePeriod(p)).unwrap();
}

/// What an untouched action form on `m` gives.
fn action(m: &Model, steps: u8, what: ActionKind) -> Expect {
    let request = |action| {
        Expect::Request(Box::new(Request::ModelAction {
            id: m.id,
            rev: m.rev,
            action,
            reason: String::new(),
        }))
    };
    match what {
        ActionKind::StepNext => request(ModelAction::Step((m.step + 1).min(steps))),
        ActionKind::Submit => request(ModelAction::Status(RegStatus::Submitted)),
        ActionKind::Approve => request(ModelAction::Status(RegStatus::Approved)),
        // Going back and returning need a reason.
        ActionKind::StepBack | ActionKind::Return => Expect::Problems(vec!["reason"]),
        ActionKind::Outcome => request(ModelAction::Decide {
            outcome: m.outcome,
            on: Some(m.outcome_on.unwrap_or(today())),
            decision: m.outcome_decision.clone(),
        }),
    }
}

/// What the form of `t` gives untouched, on the records `d`. A new kind of form does not
/// compile until it has a case here.
fn expect(t: &Target, d: &Dataset) -> Expect {
    let model = |id: Id| d.models.iter().find(|m| m.id == id).unwrap();
    let period_of = |m: &Model| d.periods.iter().find(|p| p.code == m.period).unwrap();
    match t {
        Target::Unit { id: 0 } => Expect::Problems(vec!["code", "name"]),
        // The next free code is suggested.
        Target::Model { id: 0 } => Expect::Problems(vec!["unit_code", "field", "title"]),
        Target::Unit { .. } | Target::Model { .. } => Expect::Unchanged,
        // The unit is chosen and the next free code suggested.
        Target::NewModel { .. } => Expect::Problems(vec!["field", "title"]),
        Target::CheckIn { model: m, id: 0 } => {
            let m = model(*m);
            let interval = period_of(m).checkin_interval_days as u64;
            Expect::Request(Box::new(Request::SaveCheckIn(CheckIn {
                id: 0,
                model: m.id,
                date: today(),
                kind: CheckInKind::Inspection,
                by: String::new(),
                note: String::new(),
                step: Some(m.step),
                actuals: vec![],
                next_due: today().checked_add_days(Days::new(interval)),
                rev: 0,
            })))
        }
        Target::Award { id: 0, .. } => Expect::Problems(vec!["body", "decision_no"]),
        Target::CheckIn { .. } | Target::Award { .. } => Expect::Unchanged,
        Target::Replication { .. } => Expect::Problems(vec!["unit_code"]),
        Target::Period { code: None } => Expect::Problems(vec!["code"]),
        Target::Field { code: None } | Target::AwardForm { code: None } => {
            Expect::Problems(vec!["code", "vi", "en"])
        }
        Target::Period { .. } | Target::Field { .. } | Target::AwardForm { .. } => {
            Expect::Unchanged
        }
        Target::Action { model: m, what } => {
            let m = model(*m);
            action(m, period_of(m).steps.len() as u8, *what)
        }
        Target::Report { period } => Expect::Request(Box::new(Request::Report {
            period: period.clone(),
            as_of: today(),
            overdue_limit: None,
        })),
        // A form for many models builds the first model's request (the interface makes the
        // change for all of them of it): a check-in without a step.
        Target::AwardMany { .. } => Expect::Problems(vec!["body", "decision_no"]),
        Target::CheckInMany { models } => {
            let m = model(models[0]);
            let interval = period_of(m).checkin_interval_days as u64;
            Expect::Request(Box::new(Request::SaveCheckIn(CheckIn {
                id: 0,
                model: m.id,
                date: today(),
                kind: CheckInKind::Inspection,
                by: String::new(),
                note: String::new(),
                step: None,
                actuals: vec![],
                next_due: today().checked_add_days(Days::new(interval)),
                rev: 0,
            })))
        }
        Target::ActionMany { models, what } => {
            let m = model(models[0]);
            action(m, period_of(m).steps.len() as u8, *what)
        }
    }
}

/// Forms on every record of the sample that has one, a new one of each kind, and every
/// action on models at each stage.
fn targets(d: &Dataset) -> Vec<Target> {
    let mut t = vec![
        Target::Unit { id: 0 },
        Target::Model { id: 0 },
        Target::Period { code: None },
        Target::Field { code: None },
        Target::AwardForm { code: None },
        Target::Report { period: None },
        Target::NewModel {
            unit: d.models[0].unit,
        },
    ];
    t.extend(d.units.iter().map(|u| Target::Unit { id: u.id }));
    t.extend(d.models.iter().map(|m| Target::Model { id: m.id }));
    t.extend(d.checkins.iter().map(|c| Target::CheckIn {
        model: c.model,
        id: c.id,
    }));
    t.extend(d.awards.iter().map(|a| Target::Award {
        model: a.model,
        id: a.id,
    }));
    t.extend(d.periods.iter().flat_map(|p| {
        [
            Target::Period {
                code: Some(p.code.clone()),
            },
            Target::Report {
                period: Some(p.code.clone()),
            },
        ]
    }));
    t.extend(d.fields.iter().map(|f| Target::Field {
        code: Some(f.code.clone()),
    }));
    t.extend(d.forms.iter().map(|f| Target::AwardForm {
        code: Some(f.code.clone()),
    }));
    // A model of each status and outcome, for the new records and actions on it.
    let mut seen = BTreeSet::new();
    for m in &d.models {
        if !seen.insert((m.status.code(), m.outcome.code(), m.step)) {
            continue;
        }
        let model = m.id;
        t.extend([
            Target::CheckIn { model, id: 0 },
            Target::Award { model, id: 0 },
            Target::Replication { model },
        ]);
        for what in [
            ActionKind::StepNext,
            ActionKind::StepBack,
            ActionKind::Submit,
            ActionKind::Approve,
            ActionKind::Return,
            ActionKind::Outcome,
        ] {
            t.push(Target::Action { model, what });
        }
    }
    let two: Vec<Id> = d.models.iter().take(2).map(|m| m.id).collect();
    t.extend([
        Target::AwardMany {
            models: two.clone(),
        },
        Target::CheckInMany {
            models: two.clone(),
        },
        Target::ActionMany {
            models: two,
            what: ActionKind::Submit,
        },
    ]);
    t
}

#[test]
fn every_form_saved_unchanged_leaves_its_record_as_stored() {
    let be = sample();
    let api = Api(&be);
    fill_in(&api, &be.dataset());
    let stored = be.dataset();
    let targets = targets(&stored);

    // Every kind of form and every action is covered.
    let kinds: BTreeSet<String> = targets.iter().map(variant_of).collect();
    let all: BTreeSet<String> = variant_names::<Target>()
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(kinds, all);
    let actions: BTreeSet<String> = targets
        .iter()
        .filter_map(|t| match t {
            Target::Action { what, .. } => Some(variant_of(what)),
            _ => None,
        })
        .collect();
    let all: BTreeSet<String> = variant_names::<ActionKind>()
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(actions, all);

    // First the forms that send nothing: opening and building them writes nothing.
    let (saving, other): (Vec<_>, Vec<_>) = targets
        .iter()
        .partition(|t| matches!(expect(t, &stored), Expect::Unchanged));
    for t in other {
        let form = open(&api, t, Lang::Vi, today()).unwrap();
        let (req, problems) = build(&form);
        let mut fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        fields.sort();
        match expect(t, &stored) {
            Expect::Problems(mut want) => {
                want.sort();
                assert_eq!(fields, want, "{t:?}");
                assert_eq!(req, None, "{t:?}");
            }
            Expect::Request(want) => {
                assert_eq!(fields, Vec::<&str>::new(), "{t:?}");
                assert_eq!(req, Some(*want), "{t:?}");
            }
            Expect::Unchanged => unreachable!(),
        }
    }
    let written = differences(&stored, &be.dataset());
    assert!(written.is_empty(), "an untouched form wrote: {written:#?}");

    // Then each record saved as its form read it.
    let before = records(&be);
    for t in saving {
        let form = open(&api, t, Lang::Vi, today()).unwrap();
        let (req, problems) = build(&form);
        assert_eq!(problems, vec![], "{t:?}");
        let req = req.unwrap_or_else(|| panic!("{t:?}"));
        api.save(req).unwrap_or_else(|e| panic!("{t:?}: {e:?}"));
        let changed = differences(&before, &records(&be));
        assert!(changed.is_empty(), "{t:?} changed: {changed:#?}");
    }
}
