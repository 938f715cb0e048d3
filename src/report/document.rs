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
    /// A table with a header: aligned columns in text, a table in Markdown; `right` marks
    /// the columns of numbers.
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        right: Vec<bool>,
    },
}

/// What a report may carry besides the period's figures: the unit it is about (`--unit`) and
/// the appendices.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// The unit, and whether it has units below it.
    pub unit: Option<(&'a crate::domain::Unit, bool)>,
    pub appendices: Option<&'a super::appendix::Appendices>,
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

pub(crate) fn build(r: &ReportData, lang: Lang, extras: Extras) -> Doc {
    let s = &r.status;
    let p = &s.period;
    let mut header = vec![format!("{} {}", W::Period.get(lang), period_prose(p, lang))];
    if let Some((u, below)) = extras.unit {
        header.push(super::appendix_words::unit_header(
            &printable(&u.name),
            &printable(&u.code),
            below,
            lang,
        ));
    }
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

    let sentence = match extras.unit {
        Some((u, below)) => {
            super::appendix_words::unit_registration_sentence(s, &printable(&u.name), below, lang)
        }
        None => registration_sentence(s, lang),
    };
    let mut reg = vec![
        Block::Para(format!("{sentence}.")),
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
    let mut sections: Vec<Section> = sections
        .into_iter()
        .enumerate()
        .map(|(i, (w, blocks))| Section {
            title: format!("{}. {}", i + 1, w.get(lang)),
            blocks,
        })
        .collect();
    if let Some(a) = extras.appendices {
        sections.extend(appendix_sections(a, r, lang));
    }
    Doc {
        title: W::ReportTitle.get(lang).to_string(),
        header,
        sections,
    }
}

/// The appendices as sections of tables: “Phụ lục 1. …”.
fn appendix_sections(a: &super::appendix::Appendices, r: &ReportData, lang: Lang) -> Vec<Section> {
    use super::appendix::ModelLine;
    use super::appendix_words::{A, AWARD_COLUMNS, MODEL_COLUMNS, NOT_REGISTERED_COLUMNS, without};
    let h = |ws: &[A]| super::appendix_words::heads(ws, lang);
    let n = |v: u64| v.to_string();
    let numbered = |rows: Vec<Vec<String>>| -> Vec<Vec<String>> {
        rows.into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r.insert(0, (i + 1).to_string());
                r
            })
            .collect()
    };
    let table = |head: Vec<String>, rows: Vec<Vec<String>>, right: Vec<bool>| {
        if rows.is_empty() {
            Block::Para(format!("{}.", A::None.get(lang)))
        } else {
            Block::Table { head, rows, right }
        }
    };

    // 1. Models by unit and field.
    let mut head = h(&[A::No, A::Unit, A::Collective, A::Individual]);
    head.extend(a.fields.iter().map(|f| field_label(f, &r.fields, lang)));
    head.push(A::Total.get(lang).to_string());
    let mut rows: Vec<Vec<String>> = numbered(
        a.by_unit
            .iter()
            .map(|u| {
                let mut row = vec![
                    format!("{}{}", "  ".repeat(u.depth as usize), printable(&u.name)),
                    n(u.collective),
                    n(u.individual),
                ];
                row.extend(u.by_field.iter().map(|v| n(*v)));
                row.push(n(u.total()));
                row
            })
            .collect(),
    );
    if !rows.is_empty() {
        let t = &a.totals;
        let mut row = vec![
            String::new(),
            A::GrandTotal.get(lang).to_string(),
            n(t.collective),
            n(t.individual),
        ];
        row.extend(t.by_field.iter().map(|v| n(*v)));
        row.push(n(t.total()));
        rows.push(row);
    }
    let mut right = vec![true, false];
    right.resize(head.len(), true);
    let by_unit = table(head, rows, right);

    let model_rows = |ms: &[ModelLine]| -> Vec<Vec<String>> {
        numbered(
            ms.iter()
                .map(|m| {
                    vec![
                        printable(&m.code),
                        printable(&m.unit_name),
                        m.kind.label(lang).to_string(),
                        printable(&m.title),
                        printable(&m.person),
                        field_label(&m.field, &r.fields, lang),
                        format!("{}/{}", m.step, m.steps),
                        m.status.label(lang).to_string(),
                        m.outcome.label(lang).to_string(),
                        format!("{}/{}", m.criteria_met, m.criteria),
                        m.last_checkin.map(date_dmy).unwrap_or_default(),
                    ]
                })
                .collect(),
        )
    };
    let model_head = h(&without(MODEL_COLUMNS, &[A::Criteria, A::RegisteredOn]));
    let mut model_right = vec![false; model_head.len()];
    model_right[0] = true;
    let models = table(
        model_head.clone(),
        model_rows(&a.models),
        model_right.clone(),
    );
    let recognised = table(model_head, model_rows(&a.recognised), model_right);

    let award_head = h(&without(AWARD_COLUMNS, &[A::Kind, A::Title]));
    let awards = table(
        award_head,
        numbered(
            a.awards
                .iter()
                .map(|w| {
                    vec![
                        printable(&w.body),
                        super::words::form_label(&w.form, &r.forms, lang),
                        printable(&w.decision_no),
                        date_dmy(w.decided_on),
                        printable(&w.recipient),
                        printable(&w.model_code),
                        printable(&w.unit_name),
                    ]
                })
                .collect(),
        ),
        vec![true, false, false, false, false, false, false, false],
    );
    let replications = table(
        h(&[A::No, A::Code, A::Model, A::AdoptingUnit, A::Date]),
        numbered(
            a.replications
                .iter()
                .map(|x| {
                    vec![
                        printable(&x.model_code),
                        printable(&x.model_title),
                        printable(&x.unit_name),
                        date_dmy(x.date),
                    ]
                })
                .collect(),
        ),
        vec![true, false, false, false, false],
    );
    let not_registered = table(
        h(NOT_REGISTERED_COLUMNS),
        numbered(
            a.not_registered
                .iter()
                .map(|u| vec![printable(&u.code), printable(&u.name), n(u.drafts as u64)])
                .collect(),
        ),
        vec![true, false, false, true],
    );
    [
        (A::ByUnitField, by_unit),
        (A::ModelList, models),
        (A::Recognised, recognised),
        (A::AwardList, awards),
        (A::ReplicationList, replications),
        (A::NotRegistered, not_registered),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (w, b))| Section {
        title: format!("{} {}. {}", A::Appendix.get(lang), i + 1, w.get(lang)),
        blocks: vec![b],
    })
    .collect()
}

/// `head` and `rows` in columns padded to the widest cell (display width), two spaces apart;
/// numbers right-aligned.
fn text_table(head: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    use super::layout::width;
    // A long header over a column of numbers (a field's name) is shown as “(1)”, “(2)”, …
    // and spelled out under the table, so the table stays narrow enough to read.
    let mut legend = vec![];
    let head: Vec<String> = head
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if right.get(i) == Some(&true) && width(h) > 12 {
                legend.push(format!("  ({}) {h}", legend.len() + 1));
                format!("({})", legend.len())
            } else {
                h.clone()
            }
        })
        .collect();
    let head = head.as_slice();
    let mut widths = vec![0; head.len()];
    for r in std::iter::once(head).chain(rows.iter().map(|r| r.as_slice())) {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(width(c));
            }
        }
    }
    let line = |r: &[String]| {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths.get(i).copied().unwrap_or(0) - width(c));
                if right.get(i) == Some(&true) {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        format!("  {}", cells.join("  ")).trim_end().to_string()
    };
    let mut out = vec![line(head)];
    out.extend(rows.iter().map(|r| line(r)));
    out.extend(legend);
    out.join("\n")
}

/// The report as plain text: one line per paragraph (easy to paste into a document), counts
/// in aligned columns, one line per overdue model.
pub fn report_text(r: &ReportData, lang: Lang) -> String {
    report_text_with(r, lang, Extras::default())
}

/// [`report_text`] with a unit and appendices.
pub fn report_text_with(r: &ReportData, lang: Lang, extras: Extras) -> String {
    let doc = build(r, lang, extras);
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
                Block::Table { head, rows, right } => out.push_str(&text_table(head, rows, right)),
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
    report_md_with(r, lang, Extras::default())
}

/// [`report_md`] with a unit and appendices.
pub fn report_md_with(r: &ReportData, lang: Lang, extras: Extras) -> String {
    let doc = build(r, lang, extras);
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
                Block::Table { head, rows, right } => {
                    out.push_str(&md_table(head, rows, right));
                }
            }
            out.push('\n');
        }
    }
    out
}
