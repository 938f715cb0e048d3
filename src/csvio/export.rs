//! Export of a whole [`Dataset`]: one CSV file per kind of record (re-importable in
//! [`super::IMPORT_ORDER`]) or one JSON document. References are written as codes, never as
//! ids; dates as `YYYY-MM-DD`; fixed-list values as their English codes. The order of rows
//! is fixed by the data alone, so exporting the same data twice gives the same bytes.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::ImportKind;
use super::cells::{write_actuals, write_criteria, write_date, write_steps};
use crate::api::Dataset;
use crate::domain::actuals;
use crate::domain::text::name_key;
use crate::domain::*;

/// Codes of the records that others refer to by id.
struct Codes<'a> {
    units: HashMap<Id, &'a str>,
    models: HashMap<Id, &'a str>,
}

impl<'a> Codes<'a> {
    fn new(ds: &'a Dataset) -> Self {
        Codes {
            units: ds.units.iter().map(|u| (u.id, u.code.as_str())).collect(),
            models: ds.models.iter().map(|m| (m.id, m.code.as_str())).collect(),
        }
    }
    // A dangling id (a damaged database) is written as an empty code: the re-import then
    // names the row instead of the export failing as a whole.
    fn unit(&self, id: Id) -> &'a str {
        self.units.get(&id).copied().unwrap_or("")
    }
    fn model(&self, id: Id) -> &'a str {
        self.models.get(&id).copied().unwrap_or("")
    }
}

/// Units with every parent before its children: roots by code, then each unit's children by
/// code, depth first. Units caught in a cycle or under a missing parent come last, by code.
fn units_in_tree_order(units: &[Unit]) -> Vec<&Unit> {
    let ids: HashMap<Id, &Unit> = units.iter().map(|u| (u.id, u)).collect();
    let mut children: HashMap<Option<Id>, Vec<&Unit>> = HashMap::new();
    for u in units {
        let parent = u.parent.filter(|p| ids.contains_key(p) && *p != u.id);
        children.entry(parent).or_default().push(u);
    }
    for v in children.values_mut() {
        v.sort_by(|a, b| a.code.cmp(&b.code).then(a.id.cmp(&b.id)));
    }
    let mut out = Vec::with_capacity(units.len());
    let mut done = std::collections::HashSet::new();
    let mut stack: Vec<&Unit> = children
        .get(&None)
        .map(|v| v.iter().rev().copied().collect())
        .unwrap_or_default();
    while let Some(u) = stack.pop() {
        if !done.insert(u.id) {
            continue;
        }
        out.push(u);
        if let Some(cs) = children.get(&Some(u.id)) {
            stack.extend(cs.iter().rev().copied());
        }
    }
    let mut rest: Vec<&Unit> = units.iter().filter(|u| !done.contains(&u.id)).collect();
    rest.sort_by(|a, b| a.code.cmp(&b.code).then(a.id.cmp(&b.id)));
    out.extend(rest);
    out
}

fn sorted_periods(ds: &Dataset) -> Vec<&Period> {
    let mut v: Vec<&Period> = ds.periods.iter().collect();
    v.sort_by(|a, b| (a.start_year, a.end_year, &a.code).cmp(&(b.start_year, b.end_year, &b.code)));
    v
}

fn sorted_models(ds: &Dataset) -> Vec<&Model> {
    let mut v: Vec<&Model> = ds.models.iter().collect();
    v.sort_by(|a, b| a.code.cmp(&b.code).then(a.id.cmp(&b.id)));
    v
}

fn sorted_checkins<'a>(ds: &'a Dataset, codes: &Codes) -> Vec<&'a CheckIn> {
    let mut v: Vec<&CheckIn> = ds.checkins.iter().collect();
    v.sort_by(|a, b| {
        (codes.model(a.model), a.date, a.kind, a.id).cmp(&(
            codes.model(b.model),
            b.date,
            b.kind,
            b.id,
        ))
    });
    v
}

/// In the rank order of the body catalogue, so that re-importing adds the bodies in the
/// same order and reports list them as before; then by date and model.
fn sorted_awards<'a>(ds: &'a Dataset, codes: &Codes) -> Vec<&'a Award> {
    let rank: HashMap<String, u32> = ds.bodies.iter().map(|b| (b.key.clone(), b.rank)).collect();
    let key = |a: &'a Award| {
        let r = rank.get(&name_key(&a.body)).copied().unwrap_or(u32::MAX);
        (
            r,
            name_key(&a.body),
            a.decided_on,
            codes.model(a.model),
            a.form.as_str(),
            a.decision_no.as_str(),
            a.id,
        )
    };
    let mut v: Vec<&Award> = ds.awards.iter().collect();
    v.sort_by_cached_key(|a| key(a));
    v
}

fn sorted_replications<'a>(ds: &'a Dataset, codes: &Codes) -> Vec<&'a Replication> {
    let mut v: Vec<&Replication> = ds.replications.iter().collect();
    v.sort_by(|a, b| {
        (codes.model(a.model), a.date, codes.unit(a.unit), a.id).cmp(&(
            codes.model(b.model),
            b.date,
            codes.unit(b.unit),
            b.id,
        ))
    });
    v
}

/// The rows of one kind's file, header first; columns in the order of the kind's column list.
fn rows(ds: &Dataset, kind: ImportKind, codes: &Codes) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> =
        vec![kind.columns().iter().map(|c| c.name.to_string()).collect()];
    let s = |x: &str| x.to_string();
    match kind {
        ImportKind::Periods => out.extend(sorted_periods(ds).into_iter().map(|p| {
            vec![
                s(&p.code),
                s(&p.guidance),
                write_date(p.guidance_date),
                p.checkin_interval_days.to_string(),
                write_date(p.final_review()),
                write_steps(&p.steps),
            ]
        })),
        ImportKind::Reviews => {
            for p in sorted_periods(ds) {
                out.extend(p.reviews.iter().map(|r| {
                    vec![
                        s(&p.code),
                        s(r.kind.code()),
                        r.date.to_string(),
                        s(&r.title),
                        s(&r.doc_no),
                    ]
                }));
            }
        }
        ImportKind::Fields => out.extend(
            ds.fields
                .iter()
                .map(|f| vec![s(&f.code), s(&f.vi), s(&f.en)]),
        ),
        ImportKind::Forms => out.extend(
            ds.forms
                .iter()
                .map(|f| vec![s(&f.code), s(&f.vi), s(&f.en)]),
        ),
        ImportKind::Units => out.extend(units_in_tree_order(&ds.units).into_iter().map(|u| {
            let parent = u.parent.map(|p| codes.unit(p)).unwrap_or("");
            vec![
                s(&u.code),
                s(&u.name),
                s(parent),
                s(u.kind.code()),
                u.active.to_string(),
            ]
        })),
        ImportKind::Models => out.extend(sorted_models(ds).into_iter().map(|m| {
            let r = &m.registration;
            vec![
                s(&m.code),
                s(codes.unit(m.unit)),
                s(m.kind.code()),
                s(&m.title),
                s(&m.field),
                s(&m.period),
                m.registered_on.to_string(),
                s(&m.person),
                s(&m.position),
                s(&m.leader),
                m.step.to_string(),
                s(m.status.code()),
                s(m.outcome.code()),
                write_date(m.outcome_on),
                s(&m.outcome_decision),
                s(&m.summary),
                s(&r.problem),
                s(&r.goals),
                s(&r.activities),
                s(&r.area),
                s(&r.beneficiaries),
                s(&r.lead_forces),
                s(&r.partners),
                s(&r.resources),
                write_date(r.start_on),
                write_date(r.end_on),
                s(&r.outputs),
                write_criteria(&m.criteria),
            ]
        })),
        ImportKind::CheckIns => out.extend(sorted_checkins(ds, codes).into_iter().map(|c| {
            vec![
                s(codes.model(c.model)),
                c.date.to_string(),
                s(c.kind.code()),
                s(&c.by),
                s(&c.note),
                c.step.map(|x| x.to_string()).unwrap_or_default(),
                write_date(c.next_due),
                write_actuals(&c.actuals),
            ]
        })),
        ImportKind::Awards => out.extend(sorted_awards(ds, codes).into_iter().map(|a| {
            vec![
                s(codes.model(a.model)),
                s(&a.body),
                s(&a.form),
                s(&a.decision_no),
                a.decided_on.to_string(),
                s(&a.note),
            ]
        })),
        ImportKind::Replications => {
            out.extend(sorted_replications(ds, codes).into_iter().map(|r| {
                vec![
                    s(codes.model(r.model)),
                    s(codes.unit(r.unit)),
                    r.date.to_string(),
                    s(&r.note),
                ]
            }))
        }
    }
    out
}

fn csv_bytes(rows: &[Vec<String>]) -> io::Result<Vec<u8>> {
    // A byte-order mark first, for spreadsheets. `\n` ends a record; cells holding commas,
    // quotes or line breaks are quoted (RFC 4180). Every cell goes through `guard`: codes and
    // text that begin like a formula get a leading `'` that the import removes (numbers
    // and dates written here never begin with `-`).
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(super::BOM.as_bytes().to_vec());
    for r in rows {
        w.write_record(r.iter().map(|c| super::guard(c).into_owned()))?;
    }
    w.into_inner().map_err(|e| e.into_error())
}

/// Write `bytes` as `dir/name`, whole or not at all ([`crate::fsutil`]).
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    let path = dir.join(name);
    crate::fsutil::write_atomic(&path, bytes, crate::fsutil::DOCUMENT)?;
    Ok(path)
}

/// Write the eight CSV files of `ds` into `dir` (created if missing), in
/// [`super::IMPORT_ORDER`]; returns their paths in that order.
pub fn write_csv(ds: &Dataset, dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let codes = Codes::new(ds);
    let mut out = Vec::new();
    for &kind in super::IMPORT_ORDER {
        out.push(write_atomic(
            dir,
            &kind.file_name(),
            &csv_bytes(&rows(ds, kind, &codes))?,
        )?);
    }
    Ok(out)
}

/// The records that hang under a model in the JSON document.
#[derive(Default)]
struct ModelChildren {
    checkins: Vec<Value>,
    awards: Vec<Value>,
    replications: Vec<Value>,
}

/// The dataset as one JSON document: objects keyed by code (periods, fields, forms, units,
/// models, with each model's check-ins, awards and replications inside it), bodies in rank
/// order; no ids, no audit. Keys sort alphabetically, which keeps the output stable.
pub fn to_json(ds: &Dataset) -> Value {
    let codes = Codes::new(ds);
    let mut periods = Map::new();
    for p in sorted_periods(ds) {
        let steps: Vec<Value> = p
            .steps
            .iter()
            .map(|s| json!({ "vi": s.vi, "en": s.en }))
            .collect();
        periods.insert(
            p.code.clone(),
            json!({
                "start_year": p.start_year, "end_year": p.end_year, "guidance": p.guidance,
                "guidance_date": p.guidance_date, "checkin_interval_days": p.checkin_interval_days,
                "final_review": p.final_review(), "steps": steps,
                "reviews": p.reviews.iter().map(|r| json!({
                    "kind": r.kind.code(), "date": r.date, "title": r.title, "doc_no": r.doc_no,
                })).collect::<Vec<_>>(),
            }),
        );
    }
    // Catalogues keep their order (the order reports list them in) as `order`.
    let catalogue = |entries: Vec<(&String, &String, &String)>| -> Map<String, Value> {
        let mut m = Map::new();
        for (i, (code, vi, en)) in entries.into_iter().enumerate() {
            m.insert(code.clone(), json!({ "vi": vi, "en": en, "order": i + 1 }));
        }
        m
    };
    let fields = catalogue(ds.fields.iter().map(|f| (&f.code, &f.vi, &f.en)).collect());
    let forms = catalogue(ds.forms.iter().map(|f| (&f.code, &f.vi, &f.en)).collect());
    let mut bodies: Vec<&Body> = ds.bodies.iter().collect();
    bodies.sort_by(|a, b| (a.rank, &a.key).cmp(&(b.rank, &b.key)));
    let bodies: Vec<Value> = bodies.iter().map(|b| json!(b.name)).collect();

    let mut units = Map::new();
    for u in units_in_tree_order(&ds.units) {
        units.insert(
            u.code.clone(),
            json!({
                "name": u.name, "parent_code": u.parent.map(|p| codes.unit(p)),
                "kind": u.kind.code(), "active": u.active,
            }),
        );
    }

    let mut children: HashMap<Id, ModelChildren> = HashMap::new();
    for c in sorted_checkins(ds, &codes) {
        let actuals: Vec<Value> = c
            .actuals
            .iter()
            .map(|(i, v)| json!({ "criterion": *i as u32 + 1, "value": v }))
            .collect();
        children.entry(c.model).or_default().checkins.push(json!({
            "date": c.date, "kind": c.kind.code(), "by": c.by, "note": c.note, "step": c.step,
            "next_due": c.next_due, "actuals": actuals,
        }));
    }
    for a in sorted_awards(ds, &codes) {
        children.entry(a.model).or_default().awards.push(json!({
            "body": a.body, "form": a.form, "decision_no": a.decision_no,
            "decided_on": a.decided_on, "note": a.note,
        }));
    }
    for r in sorted_replications(ds, &codes) {
        children
            .entry(r.model)
            .or_default()
            .replications
            .push(json!({
                "unit_code": codes.unit(r.unit), "date": r.date, "note": r.note,
            }));
    }

    let mut checkins_of: HashMap<Id, Vec<&CheckIn>> = HashMap::new();
    for c in &ds.checkins {
        checkins_of.entry(c.model).or_default().push(c);
    }
    let mut models = Map::new();
    for m in sorted_models(ds) {
        let r = &m.registration;
        // `actual` is the value typed on the criterion (what import reads back); `current`
        // is the actual the model's check-ins report, the one every screen shows.
        let current = actuals::actuals_from_checkins(
            &m.criteria,
            checkins_of.get(&m.id).into_iter().flatten().copied(),
        );
        let criteria: Vec<Value> = m
            .criteria
            .iter()
            .zip(current)
            .map(|(c, now)| json!({ "name": c.name, "measure": c.measure, "target": c.target, "actual": c.actual, "current": now, "due": c.due }))
            .collect();
        let ModelChildren {
            checkins,
            awards,
            replications,
        } = children.remove(&m.id).unwrap_or_default();
        models.insert(
            m.code.clone(),
            json!({
                "unit_code": codes.unit(m.unit), "kind": m.kind.code(), "title": m.title,
                "person": m.person, "position": m.position, "leader": m.leader, "field": m.field,
                "period": m.period, "registered_on": m.registered_on, "status": m.status.code(),
                "step": m.step, "outcome": m.outcome.code(), "outcome_on": m.outcome_on,
                "outcome_decision": m.outcome_decision, "summary": m.summary,
                "registration": {
                    "problem": r.problem, "goals": r.goals, "activities": r.activities, "area": r.area,
                    "beneficiaries": r.beneficiaries, "lead_forces": r.lead_forces,
                    "partners": r.partners, "resources": r.resources, "start_on": r.start_on,
                    "end_on": r.end_on, "outputs": r.outputs,
                },
                "criteria": criteria, "checkins": checkins, "awards": awards,
                "replications": replications,
            }),
        );
    }
    json!({
        "periods": periods, "fields": fields, "forms": forms, "bodies": bodies,
        "units": units, "models": models,
    })
}

/// Write [`to_json`] as `dir/dvk.json` (created if missing), pretty-printed.
pub fn write_json(ds: &Dataset, dir: &Path) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let mut bytes = serde_json::to_vec_pretty(&to_json(ds)).map_err(io::Error::other)?;
    bytes.push(b'\n');
    write_atomic(dir, "dvk.json", &bytes)
}
