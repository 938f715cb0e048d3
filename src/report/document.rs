//! The period report as a document (title, header lines, numbered sections of paragraphs,
//! counts and records), built once and rendered as plain text or Markdown, so the two
//! formats always say the same thing.

use super::layout::columns;
use super::words::{
    W, award_sentence, field_label, guidance_line, models_line, not_counted_line, num,
    overdue_line, period_prose, quality_sentence, registration_sentence, review_line,
    share_sentence, step_counts, step_label,
};
use crate::api::ReportData;
use crate::domain::text::{date_dmy, printable};
use crate::domain::{Coded, ModelKind, Outcome};
use crate::i18n::Lang;

/// The text and Markdown reports list this many overdue models and say how many more; the
/// JSON and CSV reports list them all.
pub const OVERDUE_LISTED: usize = 50;

pub(crate) enum Block {
    Para(String),
    /// (label, number) rows: aligned columns in text, a two-column table in Markdown.
    Counts {
        head: [W; 2],
        rows: Vec<(String, String)>,
    },
    /// Records of several cells: one list item each in text, a table in Markdown.
    Records {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

pub(crate) struct Section {
    pub(crate) title: String,
    pub(crate) blocks: Vec<Block>,
}

pub(crate) struct Doc {
    pub(crate) title: String,
    pub(crate) header: Vec<String>,
    pub(crate) sections: Vec<Section>,
}

pub(crate) fn build(r: &ReportData, lang: Lang) -> Doc {
    let s = &r.status;
    let p = &s.period;
    let mut header = vec![format!("{} {}", W::Period.get(lang), period_prose(p, lang))];
    header.extend(guidance_line(p, lang));
    header.push(format!("{} {}", W::AsOf.get(lang), date_dmy(s.as_of)));
    let review = review_line(p, s.as_of, lang);
    let held = p
        .final_review()
        .filter(|d| *d <= s.as_of && review.is_none());
    header.extend(review);
    if let Some(d) = held {
        header.push(format!("{} {}", W::FinalReview.get(lang), date_dmy(d)));
    }

    let mut reg = vec![
        Block::Para(format!("{}.", registration_sentence(s, lang))),
        Block::Para(format!("{}.", share_sentence(s, lang))),
        Block::Para(format!("{}.", models_line(s, lang))),
    ];
    if let Some(l) = not_counted_line(s, lang) {
        reg.push(Block::Para(format!("{l}.")));
    }
    reg.push(Block::Para(format!("{}.", quality_sentence(s, lang))));

    let fields = s
        .by_field
        .iter()
        .map(|(c, n)| (field_label(c, &r.fields, lang), num(*n, lang)))
        .collect();
    let steps = step_counts(s)
        .iter()
        .enumerate()
        .map(|(i, n)| (step_label(p, i + 1, lang), num(*n, lang)))
        .collect();
    let outcomes = Outcome::ALL
        .iter()
        .map(|o| {
            let n: u64 = s.outcome(*o);
            (o.label(lang).to_string(), num(n, lang))
        })
        .collect();

    let awards = match award_sentence(&s.awards_by, &r.forms, lang) {
        Some(a) => vec![
            Block::Para(format!("{a}.")),
            Block::Para(format!(
                "{}: {}.",
                W::AwardsTotal.get(lang),
                num(s.awards_total, lang)
            )),
        ],
        None => vec![Block::Para(format!("{}.", W::NoAwards.get(lang)))],
    };

    let mut monitoring = vec![
        Block::Para(format!(
            "{}: {}.",
            W::Checkins.get(lang),
            num(s.checkins, lang)
        )),
        Block::Para(format!(
            "{}: {}.",
            W::Replications.get(lang),
            num(s.replications, lang)
        )),
    ];
    if r.overdue.is_empty() && s.overdue == 0 {
        monitoring.push(Block::Para(format!("{}.", W::NoOverdue.get(lang))));
    } else {
        monitoring.push(Block::Para(format!("{}.", overdue_line(s, lang))));
        let head = [W::Code, W::Title, W::Unit, W::LastCheckin, W::DaysHead]
            .iter()
            .map(|w| w.get(lang).to_string());
        let rows = r.overdue.iter().take(OVERDUE_LISTED).map(|o| {
            let mut title = printable(&o.title);
            if o.kind == ModelKind::Individual && !o.person.is_empty() {
                title = format!("{title} ({})", printable(&o.person));
            }
            vec![
                printable(&o.code),
                title,
                printable(&o.unit_name),
                date_dmy(o.last),
                format!("{} {}", o.days, W::Days.get(lang)),
            ]
        });
        monitoring.push(Block::Records {
            head: head.collect(),
            rows: rows.collect(),
        });
        // The backend may list only the first rows (text and Markdown ask for 50); the
        // status holds the full count.
        let more = r
            .overdue
            .len()
            .max(s.overdue as usize)
            .saturating_sub(OVERDUE_LISTED);
        if more > 0 {
            monitoring.push(Block::Para(format!(
                "… {} {}.",
                num(more as u64, lang),
                W::More.get(lang)
            )));
        }
    }

    let sections = vec![
        (W::Registration, reg),
        (
            W::ByField,
            vec![Block::Counts {
                head: [W::Field, W::Count],
                rows: fields,
            }],
        ),
        (
            W::ByStep,
            vec![Block::Counts {
                head: [W::Step, W::Count],
                rows: steps,
            }],
        ),
        (
            W::ByOutcome,
            vec![Block::Counts {
                head: [W::Outcome, W::Count],
                rows: outcomes,
            }],
        ),
        (W::Awards, awards),
        (W::Monitoring, monitoring),
    ];
    Doc {
        title: W::ReportTitle.get(lang).to_string(),
        header,
        sections: sections
            .into_iter()
            .enumerate()
            .map(|(i, (w, blocks))| Section {
                title: format!("{}. {}", i + 1, w.get(lang)),
                blocks,
            })
            .collect(),
    }
}

/// The report as plain text: one line per paragraph (easy to paste into a document), counts
/// in aligned columns, one line per overdue model.
pub fn report_text(r: &ReportData, lang: Lang) -> String {
    let doc = build(r, lang);
    let mut out = String::new();
    out.push_str(&doc.title);
    out.push('\n');
    for h in &doc.header {
        out.push_str(h);
        out.push('\n');
    }
    for sec in &doc.sections {
        out.push('\n');
        out.push_str(&sec.title);
        out.push('\n');
        for b in &sec.blocks {
            match b {
                Block::Para(t) => out.push_str(t),
                Block::Counts { rows, .. } => out.push_str(&columns(rows, usize::MAX).join("\n")),
                Block::Records { rows, .. } => {
                    let lines: Vec<String> = rows
                        .iter()
                        .map(|r| format!("  - {}", r.join(" · ")))
                        .collect();
                    out.push_str(&lines.join("\n"));
                }
            }
            out.push('\n');
        }
    }
    out
}

/// Markdown special characters in data are escaped, so a title cannot become a link or
/// break a table.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn md_table(head: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    let cells = |r: &[String]| {
        format!(
            "| {} |",
            r.iter()
                .map(|c| md_escape(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    let rule: Vec<&str> = (0..head.len())
        .map(|i| {
            if right.get(i) == Some(&true) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    let mut lines = vec![cells(head), format!("| {} |", rule.join(" | "))];
    lines.extend(rows.iter().map(|r| cells(r)));
    lines.join("\n")
}

/// The report as Markdown: headings, paragraphs and tables.
pub fn report_md(r: &ReportData, lang: Lang) -> String {
    let doc = build(r, lang);
    let mut out = format!("# {}\n\n", md_escape(&doc.title));
    for h in &doc.header {
        // Two trailing spaces: a line break inside the header paragraph.
        out.push_str(&format!("{}  \n", md_escape(h)));
    }
    for sec in &doc.sections {
        out.push_str(&format!("\n## {}\n", md_escape(&sec.title)));
        for b in &sec.blocks {
            out.push('\n');
            match b {
                Block::Para(t) => out.push_str(&md_escape(t)),
                Block::Counts { head, rows } => {
                    let head = [head[0].get(lang).to_string(), head[1].get(lang).to_string()];
                    let rows: Vec<Vec<String>> = rows
                        .iter()
                        .map(|(l, n)| vec![l.clone(), n.clone()])
                        .collect();
                    out.push_str(&md_table(&head, &rows, &[false, true]));
                }
                Block::Records { head, rows } => {
                    out.push_str(&md_table(head, rows, &[false, false, false, false, true]));
                }
            }
            out.push('\n');
        }
    }
    out
}
