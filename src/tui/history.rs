//! A record's history as people read it: who changed it, when, what (each changed field with
//! its value before and after, from the JSON the audit log keeps) and why.

use serde_json::Value;

use super::detail::action;
use super::i18n::S;
use crate::domain::text::printable;
use crate::domain::{Action, AuditEntry};
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
                e.at.format("%d/%m/%Y %H:%M"),
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
