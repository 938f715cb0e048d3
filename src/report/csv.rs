//! The report as CSV for spreadsheets and scripts: one figure per row, every overdue model
//! listed. Labels are in the chosen language; codes, numbers and dates (`YYYY-MM-DD`) are not.
//!
//! Columns: `section,key,label,person,unit,collective,individual,total,date,days`
//!
//! | section | key | label | other columns |
//! |---|---|---|---|
//! | `summary` | `period`, `as_of`, `units_total`, `units_registered`, `models`, `drafts`, `returned`, `overdue`, `checkins`, `replications`, `awards`, `without_criteria`, `without_content` | words | `total` (and `collective`, `individual` for `models` and `awards`; `date` for `as_of`) |
//! | `field` | field code | field name | `total` |
//! | `step` | step number | step name | `total` |
//! | `outcome` | outcome code | outcome name | `total` |
//! | `award` | form code | awarding body | `collective`, `individual`, `total` |
//! | `overdue` | model code | title | `person`, `unit`, `collective`/`individual` (1 for its kind), `total` = 1, `date` of the last check-in, `days` since |

use super::words::{W, field_label, step_counts};
use crate::api::ReportData;
use crate::domain::text::printable;
use crate::domain::{Coded, ModelKind, Outcome};
use crate::i18n::Lang;

pub const CSV_HEADER: [&str; 10] = [
    "section",
    "key",
    "label",
    "person",
    "unit",
    "collective",
    "individual",
    "total",
    "date",
    "days",
];

#[derive(Default)]
struct Line {
    section: &'static str,
    key: String,
    label: String,
    person: String,
    unit: String,
    collective: Option<u64>,
    individual: Option<u64>,
    total: Option<u64>,
    date: String,
    days: Option<i64>,
}

impl Line {
    fn cells(self) -> [String; 10] {
        let n = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
        [
            self.section.to_string(),
            text_cell(&self.key),
            text_cell(&self.label),
            text_cell(&self.person),
            text_cell(&self.unit),
            n(self.collective),
            n(self.individual),
            n(self.total),
            self.date,
            self.days.map(|d| d.to_string()).unwrap_or_default(),
        ]
    }
}

/// A text cell: safe for a terminal, and guarded against being run as a formula (a leading
/// `'` before `=`, `+`, `-`, `@`; CONTRACT.md). Number cells are written as they are.
fn text_cell(s: &str) -> String {
    crate::csvio::guard(&printable(s)).into_owned()
}

fn summary(key: &str, label: &str, total: u64) -> Line {
    Line {
        section: "summary",
        key: key.into(),
        label: label.into(),
        total: Some(total),
        ..Line::default()
    }
}

pub fn report_csv(r: &ReportData, lang: Lang) -> String {
    let s = &r.status;
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let (award_c, award_i) = s
        .awards_by
        .iter()
        .fold((0, 0), |(c, i), t| (c + t.collective, i + t.individual));
    let mut lines = vec![
        Line {
            section: "summary",
            key: "period".into(),
            label: s.period.code.clone(),
            ..Line::default()
        },
        Line {
            section: "summary",
            key: "as_of".into(),
            label: W::AsOf.get(lang).into(),
            date: iso(s.as_of),
            ..Line::default()
        },
        summary("units_total", W::UnitsTotal.get(lang), s.units_total),
        summary(
            "units_registered",
            W::UnitsRegistered.get(lang),
            s.units_registered,
        ),
        Line {
            collective: Some(s.collective),
            individual: Some(s.individual),
            ..summary("models", W::Models.get(lang), s.models_total())
        },
        summary("drafts", W::Drafts.get(lang), s.drafts),
        summary("returned", W::Returned.get(lang), s.returned),
        summary("overdue", W::Overdue.get(lang), s.overdue),
        summary("checkins", W::Checkins.get(lang), s.checkins),
        summary("replications", W::Replications.get(lang), s.replications),
        Line {
            collective: Some(award_c),
            individual: Some(award_i),
            ..summary("awards", W::AwardsTotal.get(lang), s.awards_total)
        },
        summary(
            "without_criteria",
            W::WithoutCriteria.get(lang),
            s.without_criteria,
        ),
        summary(
            "without_content",
            W::WithoutContent.get(lang),
            s.without_content,
        ),
    ];
    for (code, n) in &s.by_field {
        lines.push(Line {
            section: "field",
            key: code.clone(),
            label: field_label(code, &r.fields, lang),
            total: Some(*n),
            ..Line::default()
        });
    }
    for (i, n) in step_counts(s).iter().enumerate() {
        let label = s
            .period
            .steps
            .get(i)
            .map(|st| lang.pick(&st.vi, &st.en).clone())
            .unwrap_or_default();
        lines.push(Line {
            section: "step",
            key: (i + 1).to_string(),
            label,
            total: Some(*n),
            ..Line::default()
        });
    }
    for o in Outcome::ALL {
        let n: u64 = s.outcome(*o);
        lines.push(Line {
            section: "outcome",
            key: o.code().into(),
            label: o.label(lang).into(),
            total: Some(n),
            ..Line::default()
        });
    }
    for t in &s.awards_by {
        lines.push(Line {
            section: "award",
            key: t.form.clone(),
            label: t.body.clone(),
            collective: Some(t.collective),
            individual: Some(t.individual),
            total: Some(t.collective + t.individual),
            ..Line::default()
        });
    }
    for o in &r.overdue {
        let c = (o.kind == ModelKind::Collective) as u64;
        lines.push(Line {
            section: "overdue",
            key: o.code.clone(),
            label: o.title.clone(),
            person: o.person.clone(),
            unit: o.unit_name.clone(),
            collective: Some(c),
            individual: Some(1 - c),
            total: Some(1),
            date: iso(o.last),
            days: Some(o.days),
        });
    }

    // A byte-order mark first, for spreadsheets.
    let mut w = csv::Writer::from_writer(crate::csvio::BOM.as_bytes().to_vec());
    // Writing into memory cannot fail; the expect documents it.
    w.write_record(CSV_HEADER).expect("CSV into memory");
    for l in lines {
        w.write_record(l.cells()).expect("CSV into memory");
    }
    String::from_utf8(w.into_inner().expect("CSV into memory")).expect("the CSV writer keeps UTF-8")
}
