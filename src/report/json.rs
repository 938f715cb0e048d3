//! JSON of the status (the keys of CONTRACT.md, `dvk status --json`) and of the report (the
//! status plus the overdue list and the sentences). Strings that came from storage pass
//! through `printable`, since JSON on stdout reaches a terminal as it is.

use serde_json::{Map, Value, json};

use super::words::{
    award_sentence, quality_sentence, registration_sentence, share_sentence, step_counts,
};
use crate::api::{ReportData, StatusData};
use crate::domain::Coded;
use crate::domain::Outcome;
use crate::domain::text::printable;
use crate::i18n::Lang;

/// Percent with one decimal, as a number (15 of 48 → 31.3).
fn share_percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    // Same rounding as the text (half up on tenths), so the two never disagree.
    let tenths = (part as u128 * 2000 + whole as u128) / (whole as u128 * 2);
    tenths as f64 / 10.0
}

/// `dvk status --json`. Contract keys: `period`, `units{total,registered}`,
/// `models{total,collective,individual,by_field,by_step}`, `overdue`, `awards{total,by_body}`,
/// `quality{without_criteria,without_content}`.
/// Extra keys: `as_of`, `units.share_percent`, `models.by_outcome`, `models.drafts`,
/// `models.returned`, `checkins`, `replications`, `checkin_interval_days`, `awards.by_body[].total`.
pub fn status_json(s: &StatusData) -> Value {
    let by_field: Map<String, Value> = s
        .by_field
        .iter()
        .map(|(c, n)| (printable(c), json!(n)))
        .collect();
    let by_step: Map<String, Value> = step_counts(s)
        .iter()
        .enumerate()
        .map(|(i, n)| ((i + 1).to_string(), json!(n)))
        .collect();
    // Every outcome is listed, zero included, like the fields.
    let by_outcome: Map<String, Value> = Outcome::ALL
        .iter()
        .map(|o| (o.code().to_string(), json!(s.outcome(*o))))
        .collect();
    let by_body: Vec<Value> = s
        .awards_by
        .iter()
        .map(|t| {
            json!({
                "body": printable(&t.body),
                "form": printable(&t.form),
                "collective": t.collective,
                "individual": t.individual,
                "total": t.collective + t.individual,
            })
        })
        .collect();
    json!({
        "period": printable(&s.period.code),
        "as_of": s.as_of.format("%Y-%m-%d").to_string(),
        "checkin_interval_days": s.period.checkin_interval_days,
        "units": {
            "total": s.units_total,
            "registered": s.units_registered,
            "share_percent": share_percent(s.units_registered, s.units_total),
        },
        "models": {
            "total": s.models_total(),
            "collective": s.collective,
            "individual": s.individual,
            "by_field": by_field,
            "by_step": by_step,
            "by_outcome": by_outcome,
            "drafts": s.drafts,
            "returned": s.returned,
        },
        "overdue": s.overdue,
        "awards": { "total": s.awards_total, "by_body": by_body },
        "checkins": s.checkins,
        "replications": s.replications,
        "quality": {
            "without_criteria": s.without_criteria,
            "without_content": s.without_content,
        },
    })
}

/// The report as JSON: everything of [`status_json`], plus `lang`, the period's details,
/// `overdue_models` (every overdue model, most overdue first) and `sentences` in `lang`.
pub fn report_json(r: &ReportData, lang: Lang) -> Value {
    let s = &r.status;
    let mut v = status_json(s);
    let p = &s.period;
    let overdue: Vec<Value> = r
        .overdue
        .iter()
        .map(|o| {
            json!({
                "code": printable(&o.code),
                "title": printable(&o.title),
                "kind": o.kind.code(),
                "person": printable(&o.person),
                "unit": printable(&o.unit_name),
                "last": o.last.format("%Y-%m-%d").to_string(),
                "days": o.days,
            })
        })
        .collect();
    let fields: Vec<Value> = r
        .fields
        .iter()
        .map(|f| json!({ "code": printable(&f.code), "vi": printable(&f.vi), "en": printable(&f.en) }))
        .collect();
    let steps: Vec<Value> = p
        .steps
        .iter()
        .map(|st| json!({ "vi": printable(&st.vi), "en": printable(&st.en) }))
        .collect();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let o = v.as_object_mut().expect("status_json builds an object");
    o.insert("lang".into(), json!(lang.code()));
    o.insert(
        "period_info".into(),
        json!({
            "code": printable(&p.code),
            "start_year": p.start_year,
            "end_year": p.end_year,
            "guidance": printable(&p.guidance),
            "guidance_date": date(p.guidance_date),
            "final_review": date(p.final_review()),
            "reviews": p.reviews.iter().map(|r| json!({
                "kind": r.kind.code(),
                "date": date(Some(r.date)),
                "title": printable(&r.title),
                "doc_no": printable(&r.doc_no),
            })).collect::<Vec<_>>(),
            "steps": steps,
        }),
    );
    o.insert("fields".into(), Value::Array(fields));
    o.insert("overdue_models".into(), Value::Array(overdue));
    o.insert(
        "sentences".into(),
        json!({
            "registration": registration_sentence(s, lang),
            "share": share_sentence(s, lang),
            "awards": award_sentence(&s.awards_by, &r.forms, lang),
            "quality": quality_sentence(s, lang),
        }),
    );
    v
}
