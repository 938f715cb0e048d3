//! The quick `dvk status`: one screen of plain text (at most [`MAX_LINES`] lines, each within
//! the given width), no colour codes. When it does not fit, it is laid out more tightly in
//! stages (see [`Level`]), and as a last resort cut with “…”.

use super::layout::{columns, fit, packed, wrap};
use super::words::{
    W, award_part, field_label, guidance_line, models_line, num, overdue_line, period_prose,
    registration_sentence, review_line, share_sentence, step_counts, step_label,
};
use crate::api::StatusData;
use crate::domain::FieldDef;
use crate::domain::codes::default_forms;
use crate::domain::text::date_dmy;
use crate::i18n::Lang;

/// The status must fit one screen of a 24-line terminal with room for the prompt.
pub const MAX_LINES: usize = 22;

/// Narrower than this, nothing useful fits; lines are still cut to the width given.
const MIN_LAYOUT: usize = 20;

/// How tightly the screen is laid out, loosest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// One field and one step per line, numbers in a column.
    Full,
    /// Fields and steps packed several to a line.
    Packed,
    /// Also: steps by number only, no guidance line.
    Brief,
    /// Also: award lines cut instead of wrapped.
    Tight,
}

pub fn status_text(s: &StatusData, fields: &[FieldDef], lang: Lang, width: usize) -> String {
    let mut lines = vec![];
    for level in [Level::Full, Level::Packed, Level::Brief, Level::Tight] {
        lines = build(s, fields, lang, width, level);
        if lines.len() <= MAX_LINES {
            break;
        }
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES - 1);
        lines.push("…".into());
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn build(
    s: &StatusData,
    fields: &[FieldDef],
    lang: Lang,
    width: usize,
    level: Level,
) -> Vec<String> {
    let w = width.max(MIN_LAYOUT);
    let mut lines: Vec<String> = vec![];
    let push_wrapped = |lines: &mut Vec<String>, text: &str| lines.extend(wrap(text, w, "", "  "));

    let head = format!(
        "{} {} · {} {}",
        W::StatusTitle.get(lang),
        period_prose(&s.period, lang),
        W::AsOfShort.get(lang),
        date_dmy(s.as_of)
    );
    push_wrapped(&mut lines, &head);
    if let Some(r) = review_line(&s.period, s.as_of, lang) {
        push_wrapped(&mut lines, &r);
    }
    if let Some(g) = guidance_line(&s.period, lang).filter(|_| level < Level::Brief) {
        push_wrapped(&mut lines, &g);
    }
    push_wrapped(&mut lines, &format!("{}.", registration_sentence(s, lang)));
    push_wrapped(&mut lines, &share_sentence(s, lang));
    push_wrapped(&mut lines, &models_line(s, lang));

    let field_rows: Vec<(String, String)> = s
        .by_field
        .iter()
        .map(|(code, n)| (field_label(code, fields, lang), num(*n, lang)))
        .collect();
    let step_rows: Vec<(String, String)> = step_counts(s)
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let label = if level >= Level::Brief {
                format!("{}:", i + 1)
            } else {
                step_label(&s.period, i + 1, lang)
            };
            (label, num(*n, lang))
        })
        .collect();
    for (title, rows) in [(W::ByField, field_rows), (W::ByStep, step_rows)] {
        if level > Level::Full {
            let items: Vec<String> = rows.iter().map(|(l, n)| format!("{l} {n}")).collect();
            lines.extend(packed(title.get(lang), &items, w));
        } else {
            lines.push(fit(&format!("{}:", title.get(lang)), w));
            lines.extend(columns(&rows, w));
        }
    }

    push_wrapped(&mut lines, &overdue_line(s, lang));
    let forms = default_forms();
    let awards: Vec<String> = s
        .awards_by
        .iter()
        .filter_map(|t| award_part(t, &forms, lang))
        .collect();
    if awards.is_empty() {
        push_wrapped(
            &mut lines,
            &format!("{}: {}", W::Awards.get(lang), W::NoAwards.get(lang)),
        );
    } else {
        push_wrapped(
            &mut lines,
            &format!("{}: {}", W::Awards.get(lang), num(s.awards_total, lang)),
        );
        for a in awards {
            // In the tightest layout every line counts: cut rather than wrap.
            if level == Level::Tight {
                lines.push(fit(&format!("  {a}"), w));
            } else {
                lines.extend(wrap(&a, w, "  ", "    "));
            }
        }
    }
    // Cut to the real width even when it is below the layout minimum.
    lines.into_iter().map(|l| fit(&l, width)).collect()
}
