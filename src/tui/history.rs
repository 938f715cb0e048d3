//! A record's history as people read it: who changed it, when, what (each changed field with
//! its value before and after, from the JSON the audit log keeps) and why.

use serde_json::Value;

use super::detail::action;
use super::i18n::S;
use crate::domain::text::{date_dmy, parse_date, printable};
use crate::domain::{
    Action, AuditEntry, CheckInKind, Coded, ModelKind, Outcome, RecordRef, RegStatus, ReviewKind,
    UnitKind,
};
use crate::i18n::Lang;

/// One line of the history popup; `head` lines start an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct HistLine {
    pub text: String,
    pub head: bool,
}

/// Longest value shown in a change line, in characters.
const MAX_VALUE: usize = 60;

/// Every line of the history of `entries` (newest first, as the backend gives them).
pub fn lines(entries: &[AuditEntry], lang: Lang) -> Vec<HistLine> {
    let mut out = Vec::new();
    if entries.is_empty() {
        out.push(HistLine {
            text: S::NoHistory.get(lang).into(),
            head: false,
        });
    }
    for e in entries {
        out.push(HistLine {
            text: format!(
                "{}  {}  {}",
                // The user's own clock, as every other time they read.
                e.at.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M"),
                printable(&e.user),
                action(e.action).get(lang)
            ),
            head: true,
        });
        let line = |text: String| HistLine { text, head: false };
        if !e.note.is_empty() {
            out.push(line(format!(
                "  {}: {}",
                S::HistReason.get(lang),
                printable(&e.note)
            )));
        }
        match e.action {
            Action::Create if e.before.is_none() => {
                out.push(line(format!("  {}", S::HistCreated.get(lang))))
            }
            Action::Delete if e.after.is_none() => {
                out.push(line(format!("  {}", S::HistDeleted.get(lang))))
            }
            _ => {
                for (k, b, a) in diff(e.before.as_deref(), e.after.as_deref()) {
                    let (b, a) = (
                        value(&k, &e.record, &b, lang),
                        value(&k, &e.record, &a, lang),
                    );
                    let k = label(&k, &e.record, lang);
                    out.push(line(format!("  {k}: {b} → {a}")));
                }
            }
        }
    }
    out
}

/// The fields that differ between two JSON texts of a record: (path, before, after), in the
/// record's field order; nested fields are written `registration.goals`, rows `criteria[2].name`.
pub fn diff(before: Option<&str>, after: Option<&str>) -> Vec<(String, String, String)> {
    let parse = |s: Option<&str>| {
        let mut v = Vec::new();
        if let Some(val) = s.and_then(|s| serde_json::from_str::<Value>(s).ok()) {
            flatten("", &val, &mut v);
        }
        v
    };
    let (b, a) = (parse(before), parse(after));
    let find =
        |v: &[(String, String)], k: &str| v.iter().find(|(x, _)| x == k).map(|(_, s)| s.clone());
    let mut keys: Vec<&String> = a.iter().map(|(k, _)| k).collect();
    for (k, _) in &b {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .filter(|k| !matches!(k.as_str(), "rev" | "id"))
        .filter_map(|k| {
            let (x, y) = (find(&b, k), find(&a, k));
            (x != y).then(|| {
                let show = |v: Option<String>| v.unwrap_or_else(|| "—".into());
                (k.clone(), show(x), show(y))
            })
        })
        .collect()
}

/// A changed field's name as the forms call it: `criteria[2].name` is “Tiêu chí 2 · Tên”. A
/// field the interface has no name for keeps its own.
pub fn label(path: &str, record: &RecordRef, lang: Lang) -> String {
    let path = path.strip_prefix("registration.").unwrap_or(path);
    if let Some((group, rest)) = path.split_once('[')
        && let Some((n, sub)) = rest.split_once(']')
    {
        let g = match group {
            "criteria" => Some(S::Criterion),
            "steps" => Some(S::ColStep),
            "reviews" => Some(S::HistReview),
            _ => None,
        };
        let sub = sub.trim_start_matches('.');
        let sub = match (group, sub) {
            ("steps", "vi") => Some(S::StepVi),
            ("steps", "en") => Some(S::StepEn),
            ("criteria", "name") => Some(S::CritName),
            ("criteria", "actual") => Some(S::CritActual),
            ("criteria", "due") => Some(S::Due),
            _ => name_of(sub, record),
        };
        if let (Some(g), Some(s)) = (g, sub) {
            return format!("{} {n} · {}", g.get(lang), s.get(lang));
        }
        return path.to_string();
    }
    name_of(path, record).map_or_else(|| path.to_string(), |s| s.get(lang).to_string())
}

fn name_of(key: &str, record: &RecordRef) -> Option<S> {
    Some(match key {
        "code" if matches!(record, RecordRef::Period(_)) => S::Period,
        "code" => S::ColCode,
        "name" => S::ColName,
        "parent" => S::Parent,
        "kind" => S::ColKind,
        "active" => S::Active,
        "unit" => S::ColUnit,
        "model" => S::TabModels,
        "title" => S::ColTitle,
        "person" => S::Person,
        "position" => S::Position,
        "leader" => S::Leader,
        "field" => S::ColField,
        "period" => S::Period,
        "registered_on" => S::Registered,
        "status" => S::HistStatus,
        "step" => S::ColStep,
        "outcome" => S::ColOutcome,
        "outcome_on" => S::OutcomeOn,
        "outcome_decision" => S::OutcomeDecision,
        "summary" => S::Summary,
        "problem" => S::Problem,
        "goals" => S::Goals,
        "activities" => S::Activities,
        "area" => S::Area,
        "beneficiaries" => S::Beneficiaries,
        "lead_forces" => S::LeadForces,
        "partners" => S::Partners,
        "resources" => S::Resources,
        "start_on" => S::StartOn,
        "end_on" => S::EndOn,
        "outputs" => S::Outputs,
        "date" => S::ColDate,
        "by" => S::ColBy,
        "note" => S::ColNote,
        "next_due" => S::NextDueLong,
        "actuals" => S::Actual,
        "body" => S::ColBody,
        "form" => S::ColForm,
        "decision_no" => S::ColDecision,
        "decided_on" => S::DecidedOn,
        "guidance" => S::Guidance,
        "guidance_date" => S::GuidanceDate,
        "checkin_interval_days" => S::Interval,
        "vi" => S::NameVi,
        "en" => S::NameEn,
        "measure" => S::CritMeasure,
        "target" => S::CritTarget,
        "doc_no" => S::HistDocNo,
        "start_year" => S::HistFirstYear,
        "end_year" => S::HistLastYear,
        _ => return None,
    })
}

/// A value as the interface shows it: a status, outcome or kind in words, a date day first,
/// yes or no. Other values are shown as stored.
pub fn value(path: &str, record: &RecordRef, v: &str, lang: Lang) -> String {
    let key = path.rsplit('.').next().unwrap_or(path);
    let words = match key {
        "status" => coded::<RegStatus>(v, lang),
        "outcome" => coded::<Outcome>(v, lang),
        "kind" if path.starts_with("reviews[") => coded::<ReviewKind>(v, lang),
        "kind" => match record {
            RecordRef::Unit(_) => coded::<UnitKind>(v, lang),
            RecordRef::Model(_) => coded::<ModelKind>(v, lang),
            RecordRef::CheckIn(_) => coded::<CheckInKind>(v, lang),
            _ => None,
        },
        _ => None,
    };
    if let Some(w) = words {
        return w.to_string();
    }
    match v {
        "true" => return S::Yes.get(lang).to_string(),
        "false" => return S::No.get(lang).to_string(),
        _ => {}
    }
    if v.len() == 10
        && v.as_bytes()[4] == b'-'
        && let Some(d) = parse_date(v)
    {
        return date_dmy(d);
    }
    v.to_string()
}

/// The words of a stored code (`Draft`, as the record is written, or `draft`).
fn coded<T: Coded + std::fmt::Debug>(v: &str, lang: Lang) -> Option<&'static str> {
    T::ALL
        .iter()
        .find(|c| format!("{c:?}") == v || c.code() == v)
        .map(|c| c.label(lang))
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, x, out);
            }
        }
        Value::Array(xs) if xs.iter().any(|x| x.is_object()) => {
            for (i, x) in xs.iter().enumerate() {
                flatten(&format!("{prefix}[{}]", i + 1), x, out);
            }
        }
        other => out.push((prefix.to_string(), scalar(other))),
    }
}

fn scalar(v: &Value) -> String {
    let s = match v {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "“”".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let s = printable(&s);
    if s.chars().count() > MAX_VALUE {
        let cut: String = s.chars().take(MAX_VALUE - 1).collect();
        format!("{cut}…")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reads_in_the_interface_language() {
        let b = r#"{"id":1,"code":"MH-01","status":"Draft","registered_on":"2020-03-02","criteria":[{"name":"x"}],"rev":3}"#;
        let a = r#"{"id":1,"code":"MH-01","status":"Submitted","registered_on":"2020-03-05","criteria":[{"name":"y"}],"rev":4}"#;
        let e = AuditEntry {
            seq: 1,
            at: chrono::Utc::now(),
            user: "canbo".into(),
            action: Action::Update,
            record: RecordRef::Model(1),
            before: Some(b.into()),
            after: Some(a.into()),
            note: String::new(),
        };
        let text = |lang| {
            lines(std::slice::from_ref(&e), lang)
                .into_iter()
                .map(|l| l.text)
                .collect::<Vec<_>>()
                .join("\n")
        };
        let vi = text(Lang::Vi);
        assert!(vi.contains("  Trạng thái: Dự thảo → Đã đăng ký"), "{vi}");
        assert!(
            vi.contains("  Ngày đăng ký: 02/03/2020 → 05/03/2020"),
            "{vi}"
        );
        assert!(vi.contains("  Tiêu chí 1 · Tên: x → y"), "{vi}");
        let en = text(Lang::En);
        assert!(en.contains("  Status: Draft → Submitted"), "{en}");
        assert!(
            en.contains("  Registered on: 02/03/2020 → 05/03/2020"),
            "{en}"
        );
        assert!(!vi.contains("status") && !en.contains("registered_on"));
    }

    #[test]
    fn diff_names_changed_fields_only() {
        let b = r#"{"id":1,"code":"MH-01","step":2,"registration":{"goals":"a"},"criteria":[{"name":"x","target":1.0}],"rev":3}"#;
        let a = r#"{"id":1,"code":"MH-01","step":3,"registration":{"goals":"b\u001b"},"criteria":[{"name":"x","target":2.0}],"rev":4}"#;
        let d = diff(Some(b), Some(a));
        assert_eq!(
            d,
            vec![
                ("step".into(), "2".into(), "3".into()),
                ("registration.goals".into(), "a".into(), "b\u{FFFD}".into()),
                ("criteria[1].target".into(), "1.0".into(), "2.0".into()),
            ]
        );
    }
}
