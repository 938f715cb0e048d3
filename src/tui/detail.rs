//! A model opened with `Enter`: registration content, criteria with target and actual as
//! bars, check-ins, awards and history, in one scrollable popup. Lines are built when drawn
//! (a model has tens of lines, not thousands).

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::App;
use super::i18n::{self, S};
use super::models::outcome_meaning;
use super::theme::Meaning;
use super::widgets::{bar, centred, data_text, popup, put};
use crate::api::ModelDetail;
use crate::domain::actuals;
use crate::domain::text::{date_dmy, printable};
use crate::domain::{Action, CheckIn, Coded};
use crate::i18n::Lang;

type Pieces = Vec<(String, Style)>;

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

/// Every line of the popup.
pub fn lines(app: &App, d: &ModelDetail, w: usize) -> Vec<Pieces> {
    let lang = app.lang;
    let t = &app.theme;
    let m = &d.model;
    let plain = t.style(Meaning::Plain);
    let label = t.style(Meaning::Muted);
    let title = t.style(Meaning::Title);
    let mut out: Vec<Pieces> = Vec::new();
    let field = |out: &mut Vec<Pieces>, k: S, v: String| {
        if !v.trim().is_empty() {
            out.push(vec![
                (format!("{}: ", k.get(lang)), label),
                (data_text(&v, w.saturating_sub(20), t), plain),
            ]);
        }
    };
    out.push(vec![(
        data_text(&format!("{} · {}", m.code, m.title), w, t),
        title,
    )]);
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
    out.push(outcome);
    field(&mut out, S::Leader, m.leader.clone());
    field(&mut out, S::Summary, m.summary.clone());

    let r = &m.registration;
    out.push(vec![]);
    out.push(vec![(S::Registration.get(lang).to_string(), title)]);
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

    out.push(vec![]);
    out.push(vec![(S::Criteria.get(lang).to_string(), title)]);
    if m.criteria.is_empty() {
        out.push(vec![(S::NoCriteria.get(lang).to_string(), label)]);
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
            (data_text(&c.name, w.saturating_sub(40), t), plain),
            (due, label),
        ];
        if behind {
            line.push((
                format!("  {}", S::BehindTarget.get(lang)),
                t.style(Meaning::Warn),
            ));
        }
        out.push(line);
    }

    out.push(vec![]);
    out.push(vec![(S::Checkins.get(lang).to_string(), title)]);
    if d.checkins.is_empty() {
        out.push(vec![(S::NoCheckins.get(lang).to_string(), label)]);
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
        let room = w.saturating_sub(40 + super::widgets::width(&values));
        out.push(vec![
            (format!("{}  ", date_dmy(c.date)), plain),
            (format!("{}  ", c.kind.label(lang)), label),
            (values, plain),
            (data_text(&format!("{}: {}", c.by, c.note), room, t), plain),
            (next, label),
        ]);
    }

    out.push(vec![]);
    out.push(vec![(S::TabAwards.get(lang).to_string(), title)]);
    if d.awards.is_empty() {
        out.push(vec![(S::NoAwards.get(lang).to_string(), label)]);
    }
    for a in &d.awards {
        let s = format!(
            "{}  {}  {} — {}",
            date_dmy(a.decided_on),
            a.decision_no,
            app.data.form_label(&a.form, lang),
            a.body
        );
        out.push(vec![(data_text(&s, w, t), plain)]);
    }
    if !d.replications.is_empty() {
        out.push(vec![]);
        out.push(vec![(S::Replications.get(lang).to_string(), title)]);
        for r in &d.replications {
            out.push(vec![(
                data_text(&format!("{}  {}", date_dmy(r.date), r.note), w, t),
                plain,
            )]);
        }
    }

    out.push(vec![]);
    out.push(vec![(S::History.get(lang).to_string(), title)]);
    for h in &d.history {
        let s = format!(
            "{}  {}  {}",
            h.at.format("%d/%m/%Y %H:%M"),
            h.user,
            action(h.action).get(lang)
        );
        out.push(vec![(data_text(&s, w, t), label)]);
    }
    out
}

pub fn render(
    app: &App,
    d: &ModelDetail,
    scroll: usize,
    max: &Cell<usize>,
    area: Rect,
    buf: &mut Buffer,
) {
    let r = centred(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(2),
    );
    let title = format!(
        "{} {}",
        S::TabModels.get(app.lang),
        printable(&d.model.code)
    );
    let inner = popup(buf, r, &title, &app.theme);
    let all = lines(app, d, inner.width.saturating_sub(2) as usize);
    let h = inner.height as usize;
    max.set(all.len().saturating_sub(h));
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
