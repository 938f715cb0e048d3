//! The Overview tab: the period's figures at a glance — the share of units that registered,
//! models by kind, by field and by step (a funnel), the most overdue models, awards by body
//! and form, and the report's opening sentence.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use chrono::NaiveDate;

use super::app::{App, Flash, Intent};
use super::form::Target;
use super::i18n::{S, num, pct};
use super::keymap::{Binding, Key, bind};
use super::theme::Meaning;
use super::widgets::{bar, data_text, put, put_str, section, width};
use crate::api::StatusData;
use crate::domain::text::date_dmy;
use crate::domain::{Coded, ModelKind};
use crate::i18n::Lang;
use crate::report::words;

/// The tab's state.
#[derive(Default)]
pub struct OverviewTab {
    /// The day the figures are as of, when not today: one of the period's reviews, chosen
    /// with `v`.
    pub as_of: Option<NaiveDate>,
}

/// What the tab's own keys do (the keys of every tab are in `tab.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Report,
    AsOf,
}

pub const KEYS: &[Binding<Act>] = &[
    bind(
        &[Key::Char('r')],
        "r",
        S::ReportKey,
        S::ReportKeyLong,
        Act::Report,
    ),
    bind(
        &[Key::Char('v')],
        "v",
        S::CycleAsOf,
        S::CycleAsOfLong,
        Act::AsOf,
    ),
];

/// What a key of [`KEYS`] does.
pub fn run(app: &mut App, act: Act) -> Intent {
    match act {
        Act::Report => {
            let period = app.data.status.as_ref().map(|s| s.period.code.clone());
            Intent::Open(Target::Report { period })
        }
        Act::AsOf => {
            // The next of today and the period's reviews.
            let days = app.as_of_days();
            if days.len() < 2 {
                app.notice = Some(Flash::Info(S::NoReviews));
                return Intent::None;
            }
            let i = days
                .iter()
                .position(|d| *d == app.overview.as_of)
                .unwrap_or(0);
            app.overview.as_of = days[(i + 1) % days.len()];
            Intent::AsOf
        }
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let Some(s) = &app.data.status else {
        put_str(
            buf,
            area.x + 1,
            area.y + 1,
            area.width - 1,
            S::NoPeriod.get(lang),
            t.style(Meaning::Muted),
            t,
        );
        return;
    };
    let plain = t.style(Meaning::Plain);
    let muted = t.style(Meaning::Muted);
    let good = t.style(Meaning::Good);
    // The report's sentence takes the bottom; two columns share the rest.
    // The quality of registrations joins the sentence when the figures above keep their
    // rows; on a small screen it is listed in the right column instead.
    let para_h = |text: &str| (width(text) as u16).div_ceil(area.width - 2) + 1;
    let left_rows = (6 + s.by_field.len() + s.by_step.len()) as u16;
    let with_quality = format!(
        "{} {}.",
        sentence(s, lang),
        words::quality_sentence(s, lang)
    );
    let top_q = area.height.saturating_sub(para_h(&with_quality));
    // The not-counted line takes one more row on a tall screen.
    let extra_row = u16::from(s.drafts + s.returned > 0 && top_q > 18);
    let quality_below = top_q >= left_rows + extra_row;
    let sentence = if quality_below {
        with_quality
    } else {
        sentence(s, lang)
    };
    let sent_h = para_h(&sentence);
    let top_h = area.height - sent_h;
    let left_w = area.width / 2 - 1;
    let (lx, rx) = (area.x + 1, area.x + area.width / 2 + 1);
    let rw = area.width - (rx - area.x) - 1;
    let mut y = area.y;

    // Units that registered.
    section(buf, lx, y, left_w, S::UnitsRegistered.get(lang), t);
    let frac = if s.units_total > 0 {
        s.units_registered as f64 / s.units_total as f64
    } else {
        0.0
    };
    let label = format!(
        " {}/{} ({})",
        num(s.units_registered, lang),
        num(s.units_total, lang),
        pct(s.units_registered, s.units_total, lang)
    );
    let bw = (left_w as usize).saturating_sub(width(&label) + 1);
    put(
        buf,
        lx,
        y + 1,
        left_w,
        &[(bar(frac, bw, t), good), (label, plain)],
    );
    y += 2;

    // By kind.
    let kinds = format!(
        "{} {} · {} {} · {} {}",
        ModelKind::Collective.label(lang),
        num(s.collective, lang),
        ModelKind::Individual.label(lang),
        num(s.individual, lang),
        S::Total.get(lang),
        num(s.models_total(), lang)
    );
    section(buf, lx, y, left_w, S::ByKind.get(lang), t);
    put_str(buf, lx, y + 1, left_w, &kinds, plain, t);
    // The report's line: “Chưa tính: 02 đăng ký dự thảo, 01 đăng ký bị trả lại”.
    if let Some(extra) = words::not_counted_line(s, lang).filter(|_| top_h > 18) {
        put_str(
            buf,
            lx,
            y + 2,
            left_w,
            &data_text(&extra, left_w as usize, t),
            muted,
            t,
        );
        y += 1;
    }
    y += 2;

    // By field: label, bar, count.
    section(buf, lx, y, left_w, S::ByField.get(lang), t);
    y += 1;
    let max = s.by_field.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let lab_w = (left_w as usize * 45 / 100).max(12);
    let bar_w = (left_w as usize).saturating_sub(lab_w + 6);
    for (code, n) in &s.by_field {
        let name = data_text(&app.data.field_label(code, lang), lab_w, t);
        let pad = lab_w.saturating_sub(width(&name));
        put(
            buf,
            lx,
            y,
            left_w,
            &[
                (format!("{name}{} ", " ".repeat(pad)), plain),
                (bar(*n as f64 / max as f64, bar_w, t), good),
                (format!(" {}", num(*n, lang)), plain),
            ],
        );
        y += 1;
    }

    // By step, as a funnel: each step's bar centred under the one before.
    section(buf, lx, y, left_w, S::ByStep.get(lang), t);
    y += 1;
    let max = s.by_step.iter().copied().max().unwrap_or(0).max(1);
    let funnel_w = bar_w.max(6);
    for (i, n) in s.by_step.iter().enumerate() {
        if y >= area.y + top_h {
            break;
        }
        let name = data_text(
            &format!("{}. {}", i + 1, app.data.step_label(i as u8 + 1, lang)),
            lab_w,
            t,
        );
        let pad = lab_w.saturating_sub(width(&name));
        let filled = ((*n as f64 / max as f64) * funnel_w as f64).round() as usize;
        let filled = if *n > 0 { filled.max(1) } else { 0 };
        let side = (funnel_w - filled) / 2;
        let (full, _) = t.bar_glyphs();
        put(
            buf,
            lx,
            y,
            left_w,
            &[
                (
                    format!("{name}{} {}", " ".repeat(pad), " ".repeat(side)),
                    plain,
                ),
                (full.repeat(filled), good),
                (
                    format!("{} {}", " ".repeat(funnel_w - filled - side), num(*n, lang)),
                    plain,
                ),
            ],
        );
        y += 1;
    }

    // Right column: overdue models, then awards.
    let mut y = area.y;
    section(buf, rx, y, rw, S::Overdue.get(lang), t);
    let warn = if s.overdue > 0 {
        t.style(Meaning::Warn)
    } else {
        plain
    };
    put_str(
        buf,
        rx,
        y + 1,
        rw,
        &words::overdue_count(s.overdue, lang),
        warn,
        t,
    );
    y += 2;
    // The quality block, when it is not under the figures, takes a blank line, a title and
    // two lines at the bottom of this column.
    let quality_rows = if quality_below { 0 } else { 4 };
    let room = (top_h as usize)
        .saturating_sub(6 + 2 * s.awards_by.len().max(1) + quality_rows)
        .min(10);
    // The report lists the most overdue models first; the tables need not be loaded.
    let overdue: Vec<_> = app.data.overdue.iter().take(room).collect();
    if overdue.is_empty() {
        put_str(buf, rx, y, rw, S::NoneOverdue.get(lang), muted, t);
        y += 1;
    }
    for m in &overdue {
        let last = m.last;
        let days = m.days;
        let right = format!(
            " {} {} · {}",
            num(days.max(0) as u64, lang),
            S::Days.get(lang),
            date_dmy(last)
        );
        let who = if m.person.is_empty() {
            &m.title
        } else {
            &m.person
        };
        let left_room = (rw as usize).saturating_sub(width(&right) + width(&m.code) + 1);
        put(
            buf,
            rx,
            y,
            rw,
            &[
                (format!("{} ", data_text(&m.code, 12, t)), plain),
                (
                    format!("{:<left_room$}", data_text(who, left_room, t)),
                    plain,
                ),
                (right, muted),
            ],
        );
        y += 1;
    }
    y += 1;
    section(buf, rx, y, rw, S::AwardsBy.get(lang), t);
    put_str(
        buf,
        rx,
        y + 1,
        rw,
        &words::awards_count(s.awards_total, lang),
        plain,
        t,
    );
    y += 2;
    if s.awards_by.is_empty() {
        put_str(buf, rx, y, rw, S::NoAwards.get(lang), muted, t);
    }
    // Awards stop short of the quality block (an entry may take two lines).
    let limit = (area.y + top_h).saturating_sub(quality_rows as u16);
    for a in &s.awards_by {
        if y >= limit || (quality_rows > 0 && y + 1 >= limit) {
            break;
        }
        let what = format!(
            "{}: {}",
            app.data.form_label(&a.form, lang),
            words::recipients(a.collective, a.individual, lang)
        );
        let line = format!("{} — {what}", a.body);
        if width(&line) <= rw as usize {
            put_str(buf, rx, y, rw, &data_text(&line, rw as usize, t), plain, t);
        } else {
            // Narrow: the body on one line, what it gave on the next.
            put_str(
                buf,
                rx,
                y,
                rw,
                &data_text(&a.body, rw as usize, t),
                plain,
                t,
            );
            y += 1;
            put_str(
                buf,
                rx + 2,
                y,
                rw - 2,
                &data_text(&what, rw as usize - 2, t),
                plain,
                t,
            );
        }
        y += 1;
    }
    if !quality_below && y + 3 < area.y + top_h {
        section(buf, rx, y + 1, rw, S::RegQuality.get(lang), t);
        for (i, (label, n)) in [
            (S::NoQuantifiedCriterion, s.without_criteria),
            (S::NoGoalsActivities, s.without_content),
        ]
        .into_iter()
        .enumerate()
        {
            let style = if n > 0 { t.style(Meaning::Warn) } else { plain };
            let line = format!("{}: {}", label.get(lang), words::num(n, lang));
            put_str(buf, rx, y + 2 + i as u16, rw, &line, style, t);
        }
    }

    // The report's sentence.
    let r = Rect {
        x: area.x + 1,
        y: area.y + top_h + 1,
        width: area.width - 2,
        height: sent_h - 1,
    };
    Paragraph::new(crate::domain::text::printable(&sentence))
        .wrap(Wrap { trim: true })
        .style(plain)
        .render(r, buf);
}

/// The text under the figures: the report's own opening sentence, with its full stop.
pub fn sentence(s: &StatusData, lang: Lang) -> String {
    format!("{}.", words::registration_sentence(s, lang))
}
