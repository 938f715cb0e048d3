//! A model opened with `Enter`: registration content, criteria with target and actual as
//! bars, check-ins, awards and history, in one scrollable popup. Lines are built when drawn
//! (a model has tens of lines, not thousands). Nothing is cut: a long value (a registration
//! text, a criterion's name, a check-in's note) continues on the next lines, wrapped by
//! display width at spaces, and the line breaks typed into it are kept.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::App;
use super::i18n::{self, S};
use super::models::outcome_meaning;
use super::theme::Meaning;
use super::widgets::{bar, centred, popup, put, width};
use crate::api::ModelDetail;
use crate::domain::actuals;
use crate::domain::text::{date_dmy, printable};
use crate::domain::{Action, CheckIn, Coded};
use crate::i18n::Lang;

type Pieces = Vec<(String, Style)>;

/// Text from the data made safe for the terminal, its line breaks kept as `\n`.
fn safe(s: &str) -> String {
    s.replace("\r\n", "\n")
        .split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The words, runs of spaces and line breaks of `s`, in order.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let kind = |c: char| match c {
        '\n' => 0,
        ' ' => 1,
        _ => 2,
    };
    let mut prev: Option<u8> = None;
    for (i, c) in s.char_indices() {
        let k = kind(c);
        // Every line break is a token of its own.
        if prev.is_some() && (prev != Some(k) || k == 0) {
            out.push(&s[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Styled pieces broken into lines of at most `w` columns, at spaces and at the line breaks
/// in the text (a word longer than a line is broken where the line ends); the lines after
/// the first begin with `indent` spaces.
pub fn wrap_pieces(pieces: &[(String, Style)], w: usize, indent: usize) -> Vec<Pieces> {
    let w = w.max(1);
    let indent = if indent * 2 > w { 0 } else { indent };
    let mut out: Vec<Pieces> = vec![vec![]];
    let mut used = 0usize;
    let mut start = 0usize;
    let newline = |out: &mut Vec<Pieces>, used: &mut usize, start: &mut usize| {
        let mut l = Vec::new();
        if indent > 0 {
            l.push((" ".repeat(indent), Style::default()));
        }
        out.push(l);
        *used = indent;
        *start = indent;
    };
    for (text, style) in pieces {
        for tok in tokens(text) {
            if tok == "\n" {
                newline(&mut out, &mut used, &mut start);
                continue;
            }
            let tw = width(tok);
            if tok.starts_with(' ') {
                // Spaces at a break are dropped; none begin a continued line.
                if used + tw <= w && used > start {
                    out.last_mut()
                        .expect("a line")
                        .push((tok.to_string(), *style));
                    used += tw;
                } else if used + tw > w {
                    newline(&mut out, &mut used, &mut start);
                }
                continue;
            }
            if used + tw > w && used > start {
                newline(&mut out, &mut used, &mut start);
            }
            let mut rest = tok;
            while used + width(rest) > w {
                let room = w.saturating_sub(used);
                let mut cut = 0;
                let mut cw = 0;
                for (i, c) in rest.char_indices() {
                    let x = width(c.encode_utf8(&mut [0; 4]));
                    if cw + x > room && (cw > 0 || used > start) {
                        break;
                    }
                    cw += x;
                    cut = i + c.len_utf8();
                }
                if cut == 0 {
                    newline(&mut out, &mut used, &mut start);
                    continue;
                }
                out.last_mut()
                    .expect("a line")
                    .push((rest[..cut].to_string(), *style));
                rest = &rest[cut..];
                newline(&mut out, &mut used, &mut start);
            }
            if !rest.is_empty() {
                out.last_mut()
                    .expect("a line")
                    .push((rest.to_string(), *style));
                used += width(rest);
            }
        }
    }
    // Spaces before a break are not shown.
    for l in out.iter_mut() {
        while l.len() > 1 && l.last().is_some_and(|(s, _)| s.trim().is_empty()) {
            l.pop();
        }
    }
    // A break at the very end leaves nothing to show on its line.
    if out.len() > 1
        && out
            .last()
            .is_some_and(|l| l.iter().all(|(s, _)| s.trim().is_empty()))
    {
        out.pop();
    }
    out
}

/// A number as people write it: no “.0” on whole numbers.
fn amount(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// What a check-in reported for the criteria: “báo cáo 1=35; 2=4”.
pub fn reported(c: &CheckIn, lang: Lang) -> String {
    let values: Vec<String> = c
        .actuals
        .iter()
        .map(|(i, v)| format!("{}={}", *i as u32 + 1, amount(*v)))
        .collect();
    format!("{} {}", S::Reported.get(lang), values.join("; "))
}

pub fn action(a: Action) -> S {
    match a {
        Action::Create => S::ActCreate,
        Action::Update => S::ActUpdate,
        Action::Delete => S::ActDelete,
        Action::Import => S::ActImport,
        Action::Undo => S::ActUndo,
        Action::Restore => S::ActRestore,
    }
}

/// Every line of the popup, wrapped to `w` columns.
pub fn lines(app: &App, d: &ModelDetail, w: usize) -> Vec<Pieces> {
    logical(app, d)
        .iter()
        .flat_map(|(l, indent)| wrap_pieces(l, w, *indent))
        .collect()
}

/// The popup's lines before wrapping, each with the indent of its continued lines.
fn logical(app: &App, d: &ModelDetail) -> Vec<(Pieces, usize)> {
    let lang = app.lang;
    let t = &app.theme;
    let m = &d.model;
    let plain = t.style(Meaning::Plain);
    let label = t.style(Meaning::Muted);
    let title = t.style(Meaning::Title);
    let mut out: Vec<(Pieces, usize)> = Vec::new();
    // A value continues under its own start when the label is short, else a little in.
    let field = |out: &mut Vec<(Pieces, usize)>, k: S, v: String| {
        if !v.trim().is_empty() {
            let key = format!("{}: ", k.get(lang));
            let indent = if width(&key) <= 16 { width(&key) } else { 2 };
            out.push((vec![(key, label), (safe(v.trim_end()), plain)], indent));
        }
    };
    out.push((
        vec![(printable(&format!("{} · {}", m.code, m.title)), title)],
        2,
    ));
    field(&mut out, S::ColKind, m.kind.label(lang).into());
    field(&mut out, S::Person, m.person.clone());
    field(&mut out, S::Position, m.position.clone());
    field(
        &mut out,
        S::ColUnit,
        format!("{} {}", d.unit.code, d.unit.name),
    );
    field(&mut out, S::ColField, app.data.field_label(&m.field, lang));
    field(&mut out, S::Period, m.period.clone());
    field(&mut out, S::Registered, date_dmy(m.registered_on));
    field(&mut out, S::ColStatus, m.status.label(lang).into());
    let step = d
        .period
        .steps
        .get((m.step as usize).wrapping_sub(1))
        .map(|s| lang.pick(&s.vi, &s.en).clone());
    field(
        &mut out,
        S::ColStep,
        format!(
            "{} — {}",
            i18n::step_of(m.step, d.period.steps.len() as u8, lang),
            step.unwrap_or_default()
        ),
    );
    let mut outcome = vec![
        (format!("{}: ", S::ColOutcome.get(lang)), label),
        (
            m.outcome.label(lang).to_string(),
            t.style(outcome_meaning(m.outcome)),
        ),
    ];
    // When and by which decision it was decided, when recorded.
    let decided: Vec<String> = m
        .outcome_on
        .map(crate::domain::text::date_dmy)
        .into_iter()
        .chain(
            (!m.outcome_decision.is_empty())
                .then(|| crate::domain::text::printable(&m.outcome_decision)),
        )
        .collect();
    if !decided.is_empty() {
        outcome.push((format!(" ({})", decided.join(", ")), Style::default()));
    }
    out.push((outcome, 2));
    field(&mut out, S::Leader, m.leader.clone());
    field(&mut out, S::Summary, m.summary.clone());

    let r = &m.registration;
    out.push((vec![], 0));
    out.push((vec![(S::Registration.get(lang).to_string(), title)], 0));
    for (k, v) in [
        (S::Problem, &r.problem),
        (S::Goals, &r.goals),
        (S::Activities, &r.activities),
        (S::Area, &r.area),
        (S::Beneficiaries, &r.beneficiaries),
        (S::LeadForces, &r.lead_forces),
        (S::Partners, &r.partners),
        (S::Resources, &r.resources),
        (S::Outputs, &r.outputs),
    ] {
        field(&mut out, k, v.clone());
    }
    if let (Some(a), Some(b)) = (r.start_on, r.end_on) {
        field(
            &mut out,
            S::From,
            format!("{} {} {}", date_dmy(a), S::To.get(lang), date_dmy(b)),
        );
    }

    out.push((vec![], 0));
    out.push((vec![(S::Criteria.get(lang).to_string(), title)], 0));
    if m.criteria.is_empty() {
        out.push((vec![(S::NoCriteria.get(lang).to_string(), label)], 0));
    }
    // The actual shown is the latest dated check-in's report, else the typed value.
    let actuals = actuals::actuals_from_checkins(&m.criteria, &d.checkins);
    for (c, actual) in m.criteria.iter().zip(actuals) {
        let frac = if c.target > 0.0 {
            actual / c.target
        } else {
            0.0
        };
        let due = c.due.map_or(String::new(), |d| {
            format!("  ({} {})", S::Due.get(lang), date_dmy(d))
        });
        let behind = actuals::behind_target(c, actual, app.today);
        let mut line = vec![
            (format!("{} ", bar(frac, 12, t)), t.style(Meaning::Good)),
            (
                format!(
                    "{}/{} {}  ",
                    amount(actual),
                    amount(c.target),
                    printable(&c.measure)
                ),
                plain,
            ),
            (printable(&c.name), plain),
            (due, label),
        ];
        if behind {
            line.push((
                format!("  {}", S::BehindTarget.get(lang)),
                t.style(Meaning::Warn),
            ));
        }
        // Continued under the figures, past the bar.
        out.push((line, 13));
    }

    out.push((vec![], 0));
    out.push((vec![(S::Checkins.get(lang).to_string(), title)], 0));
    if d.checkins.is_empty() {
        out.push((vec![(S::NoCheckins.get(lang).to_string(), label)], 0));
    }
    for c in &d.checkins {
        let next = c.next_due.map_or(String::new(), |n| {
            format!("  ({} {})", S::NextDue.get(lang), date_dmy(n))
        });
        // What it reported comes before who and what was found, which gives way.
        let values = if c.actuals.is_empty() {
            String::new()
        } else {
            format!("{}  ", reported(c, lang))
        };
        out.push((
            vec![
                (format!("{}  ", date_dmy(c.date)), plain),
                (format!("{}  ", c.kind.label(lang)), label),
                (values, plain),
                (safe(&format!("{}: {}", c.by, c.note)), plain),
                (next, label),
            ],
            12,
        ));
    }

    out.push((vec![], 0));
    out.push((vec![(S::TabAwards.get(lang).to_string(), title)], 0));
    if d.awards.is_empty() {
        out.push((vec![(S::NoAwards.get(lang).to_string(), label)], 0));
    }
    for a in &d.awards {
        let s = format!(
            "{}  {}  {} — {}",
            date_dmy(a.decided_on),
            a.decision_no,
            app.data.form_label(&a.form, lang),
            a.body
        );
        out.push((vec![(safe(&s), plain)], 12));
    }
    if !d.replications.is_empty() {
        out.push((vec![], 0));
        out.push((vec![(S::Replications.get(lang).to_string(), title)], 0));
        for r in &d.replications {
            out.push((
                vec![(safe(&format!("{}  {}", date_dmy(r.date), r.note)), plain)],
                12,
            ));
        }
    }

    out.push((vec![], 0));
    out.push((vec![(S::History.get(lang).to_string(), title)], 0));
    for h in &d.history {
        let s = format!(
            "{}  {}  {}",
            h.at.format("%d/%m/%Y %H:%M"),
            h.user,
            action(h.action).get(lang)
        );
        out.push((vec![(printable(&s), label)], 18));
    }
    out
}

/// Draw the model over `area` (the tabs' body and the line under it: the key bar below
/// stays in sight). `max` keeps the last scroll position that still fills the window, and
/// `page` the lines it shows, for the keys.
pub fn render(
    app: &App,
    d: &ModelDetail,
    scroll: usize,
    (max, page): (&Cell<usize>, &Cell<usize>),
    area: Rect,
    buf: &mut Buffer,
) {
    // The line under it (who, where, which period) stays in sight too.
    let r = centred(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(1),
    );
    let r = Rect { y: area.y, ..r };
    let title = format!(
        "{} {}",
        S::TabModels.get(app.lang),
        printable(&d.model.code)
    );
    let inner = popup(buf, r, &title, &app.theme);
    let all = lines(app, d, inner.width.saturating_sub(2) as usize);
    let h = inner.height as usize;
    max.set(all.len().saturating_sub(h));
    page.set(h);
    let scroll = scroll.min(max.get());
    for (i, l) in all.iter().skip(scroll).take(h).enumerate() {
        put(
            buf,
            inner.x + 1,
            inner.y + i as u16,
            inner.width.saturating_sub(2),
            l,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Pieces]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|(s, _)| s.as_str()).collect())
            .collect()
    }

    #[test]
    fn long_text_wraps_by_display_width_at_spaces_keeping_line_breaks() {
        let p = vec![
            ("Vấn đề: ".to_string(), Style::default()),
            (
                "Người dân còn ngại đến cơ quan làm thủ tục\nDòng hai".to_string(),
                Style::default(),
            ),
        ];
        let out = text(&wrap_pieces(&p, 20, 8));
        assert_eq!(
            out,
            [
                "Vấn đề: Người dân",
                "        còn ngại đến",
                "        cơ quan làm",
                "        thủ tục",
                "        Dòng hai"
            ]
        );
        for l in &out {
            assert!(width(l) <= 20, "{l}");
        }
        // A word longer than the line is broken, never lost.
        let long = vec![("x".repeat(45), Style::default())];
        let out = text(&wrap_pieces(&long, 20, 2));
        assert_eq!(out.concat().replace(' ', ""), "x".repeat(45));
        assert!(out.iter().all(|l| width(l) <= 20), "{out:?}");
        // Wide characters are measured as two columns.
        let wide = vec![("漢字漢字漢字 漢字".to_string(), Style::default())];
        let out = text(&wrap_pieces(&wide, 7, 0));
        assert!(out.iter().all(|l| width(l) <= 7), "{out:?}");
        assert_eq!(out.concat().replace(' ', ""), "漢字漢字漢字漢字");
    }
}
