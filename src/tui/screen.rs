//! The whole screen: the tab line, the current tab, the line under it (search, notice or
//! position on the left; who is working, on which database or server and in which period on
//! the right, as room allows), the key bar, and any popups on top. Nothing is painted that the screen does not
//! need, and the frame is the same on every tab so switching rewrites only the body.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Flash, Tab};
use super::commands::{bar_items, commands};
use super::i18n::{self, S};
use super::theme::Meaning;
use super::widgets::{centred, put, put_str, width};
use super::{awards, overview, popup, progress, units};
use crate::domain::Coded;
use crate::domain::text::{date_dmy, shown_path};

/// Where the data is: the database this process opened, or the socket of the server that
/// holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Db(std::path::PathBuf),
    Server(std::path::PathBuf),
}

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(self, area, buf);
            return;
        }
        let bar = key_bar(self, area.width);
        let bar_h = bar.len() as u16;
        let body = Rect {
            x: area.x,
            y: area.y + 1,
            width: area.width,
            height: area.height - 2 - bar_h,
        };
        tab_line(self, Rect { height: 1, ..area }, buf);
        match self.tab {
            Tab::Overview => overview::render(self, body, buf),
            Tab::Units => units::render(self, body, buf),
            Tab::Models => super::models::render(self, body, buf),
            Tab::Progress => progress::render(self, body, buf),
            Tab::Awards => awards::render(self, body, buf),
        }
        let status_y = body.y + body.height;
        status_line(
            self,
            Rect {
                x: area.x,
                y: status_y,
                width: area.width,
                height: 1,
            },
            buf,
        );
        for (i, pieces) in bar.iter().enumerate() {
            put(buf, area.x, status_y + 1 + i as u16, area.width, pieces);
        }
        // A form covers the tab's body and the line under it; the key bar stays.
        let form_area = Rect {
            y: area.y + 1,
            height: status_y - area.y,
            ..area
        };
        for depth in 0..self.popups.len() {
            popup::render(self, depth, area, form_area, buf);
        }
    }
}

fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let msg = format!(
        "{} ({}×{})",
        S::TooSmall.get(app.lang),
        area.width,
        area.height
    );
    let h = (width(&msg) as u16).div_ceil(area.width.max(1)).max(1);
    let r = centred(area, area.width, h);
    Paragraph::new(msg)
        .centered()
        .wrap(Wrap { trim: true })
        .style(app.theme.style(Meaning::Bad))
        .render(r, buf);
}

/// ` 1 Tổng quan │ 2 Đơn vị │ …` and the period on the right.
fn tab_line(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let mut pieces = Vec::new();
    for (i, tab) in Tab::ALL.iter().enumerate() {
        if i > 0 {
            pieces.push((format!(" {} ", t.separator()), t.style(Meaning::Muted)));
        }
        let m = if *tab == app.tab {
            Meaning::TabActive
        } else {
            Meaning::Tab
        };
        pieces.push((format!("{} {}", i + 1, tab.label(app.lang)), t.style(m)));
    }
    put(buf, area.x, area.y, area.width, &pieces);
    if let Some(p) = app.data.period() {
        let used: u16 = pieces.iter().map(|(s, _)| width(s) as u16).sum();
        let period = format!("{} {}", S::Period.get(app.lang), p.code);
        // The Overview as of a review says which, as room allows.
        let review = app
            .overview
            .as_of
            .filter(|_| app.tab == Tab::Overview)
            .map(|d| {
                let kind = p
                    .reviews
                    .iter()
                    .find(|r| r.date == d)
                    .map_or(S::CycleAsOf.get(app.lang), |r| r.kind.label(app.lang));
                (kind, date_dmy(d))
            });
        let dot = if t.ascii { "-" } else { "·" };
        let candidates = match &review {
            Some((kind, day)) => vec![
                format!("{period} {dot} {kind} {day}"),
                format!("{} {dot} {kind} {day}", p.code),
                format!("{kind} {day}"),
                day.clone(),
            ],
            None => vec![period],
        };
        let fits = |s: &String| used + width(s) as u16 + 2 <= area.width;
        if let Some(s) = candidates.into_iter().find(fits) {
            let w = width(&s) as u16;
            put_str(
                buf,
                area.x + area.width - w,
                area.y,
                w,
                &s,
                t.style(Meaning::Title),
                t,
            );
        }
    }
}

/// The search being typed, a notice, or where the selection is.
fn status_line(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let (text, m) = match &app.notice {
        Some(Flash::Info(s)) => (s.get(lang).to_string(), Meaning::Notice),
        Some(Flash::Error(e)) => (e.clone(), Meaning::Bad),
        Some(Flash::Done(s)) => (s.clone(), Meaning::Notice),
        Some(Flash::Updated(user)) => (i18n::updated_by(user, lang), Meaning::Notice),
        None => match app.view(app.tab) {
            // The table says it is loading; a position would only say 0/0.
            Some(v) if !loaded(app) && !app.searching && v.query.is_empty() => {
                (String::new(), Meaning::Plain)
            }
            Some(v) if app.searching || !v.query.is_empty() => {
                let cursor = if app.searching { "_" } else { "" };
                let n = i18n::position(
                    if v.is_empty() { 0 } else { v.sel + 1 },
                    v.len(),
                    total(app),
                    lang,
                );
                (
                    format!(
                        "/{}{cursor}   {n}",
                        crate::domain::text::printable(&v.query)
                    ),
                    Meaning::Key,
                )
            }
            Some(_) if app.tab == Tab::Models => (super::models::status_line(app), Meaning::Muted),
            Some(v) => {
                let mut n = i18n::position(
                    if v.is_empty() { 0 } else { v.sel + 1 },
                    v.len(),
                    total(app),
                    lang,
                );
                // The Units tab's filter, when it narrows.
                if let Some(f) = app.units.filter.label().filter(|_| app.tab == Tab::Units) {
                    n.push_str(&format!("  {}: {}", S::Filter.get(lang), f.get(lang)));
                }
                (n, Meaning::Muted)
            }
            // The overview has no table: name the period and its guiding document.
            None => match app.data.period() {
                Some(p) => {
                    let mut s = format!("{} {}", S::Period.get(lang), p.code);
                    if !p.guidance.is_empty() {
                        s.push_str(&format!(
                            " · {}",
                            crate::domain::text::printable(&p.guidance)
                        ));
                    }
                    if let Some(d) = p.guidance_date {
                        s.push_str(&format!(" · {}", crate::domain::text::date_dmy(d)));
                    }
                    (s, Meaning::Muted)
                }
                None => (String::new(), Meaning::Plain),
            },
        },
    };
    // Models marked for a change to all of them are counted first: “3 đã chọn · 1/53 dòng”.
    let text = match super::models::marked_note(app) {
        Some(n) if app.notice.is_none() && matches!(app.tab, Tab::Models | Tab::Progress) => {
            if text.is_empty() {
                n
            } else {
                format!("{n} · {text}")
            }
        }
        _ => text,
    };
    put_str(
        buf,
        area.x + 1,
        area.y,
        area.width - 1,
        &text,
        t.style(m),
        t,
    );
    // Under a window that leaves the line partly in sight, a piece of it would only puzzle.
    let covered = app
        .popups
        .iter()
        .any(|p| !matches!(p, popup::Popup::Model { .. }));
    let room = (area.width as usize).saturating_sub(width(&text) + 4);
    let who = if covered {
        String::new()
    } else {
        whereabouts(app, room)
    };
    if !who.is_empty() {
        let w = width(&who) as u16;
        put_str(
            buf,
            area.x + area.width - w,
            area.y,
            w,
            &who,
            t.style(Meaning::Muted),
            t,
        );
    }
}

/// `s` cut from the left to at most `w` columns: the end of a path says the most.
fn tail(s: &str, w: usize, ellipsis: &str) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let room = w.saturating_sub(width(ellipsis));
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if used + cw > room {
            break;
        }
        used += cw;
        kept.push(c);
    }
    let mut out = ellipsis.to_string();
    out.extend(kept.into_iter().rev());
    out
}

/// Who is working, on which database or server, in which period: “canbo · CSDL …/dvk/db ·
/// Kỳ 2017-2020”, in at most `room` columns. The path gives way first (cut from the left),
/// then the period, then the place; nothing from a path or a name reaches the terminal
/// unescaped.
pub fn whereabouts(app: &App, room: usize) -> String {
    let t = &app.theme;
    let lang = app.lang;
    let dot = if t.ascii { " - " } else { " · " };
    let user = app
        .user
        .as_deref()
        .map(crate::domain::text::printable)
        .unwrap_or_default();
    let place = app.place.as_ref().map(|p| match p {
        Place::Db(p) => (S::Database.get(lang), shown_path(p)),
        Place::Server(p) => (S::Server.get(lang), shown_path(p)),
    });
    // The Overview's line names the period already.
    let period = app
        .data
        .period()
        .filter(|_| app.tab != Tab::Overview)
        .map(|p| {
            format!(
                "{} {}",
                S::Period.get(lang),
                crate::domain::text::printable(&p.code)
            )
        });
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(dot)
    };
    let user = fit_name(&user, 16, t.ellipsis());
    for with_period in [true, false] {
        let period = if with_period {
            period.clone().unwrap_or_default()
        } else {
            String::new()
        };
        match &place {
            Some((label, path)) => {
                let fixed = width(&join(&[&user, label, &period])) + 1;
                let path_room = room.saturating_sub(fixed);
                if path_room >= 8.min(width(path)) {
                    let place = format!("{label} {}", tail(path, path_room, t.ellipsis()));
                    return join(&[&user, &place, &period]);
                }
            }
            None => {
                let s = join(&[&user, &period]);
                if width(&s) <= room {
                    return s;
                }
            }
        }
    }
    if width(&user) <= room {
        user
    } else {
        String::new()
    }
}

/// A name cut to `w` columns.
fn fit_name(s: &str, w: usize, ellipsis: &str) -> String {
    super::widgets::fit(s, w, ellipsis)
}

/// Whether the current tab's rows have arrived.
fn loaded(app: &App) -> bool {
    let h = app.data.have;
    match app.tab {
        Tab::Overview => true,
        Tab::Units => h.units,
        Tab::Models | Tab::Progress | Tab::Awards => app.view(app.tab).is_some_and(|v| v.arrived()),
    }
}

/// Rows of the current tab before search, for “12/50 (of 3,000)”.
fn total(app: &App) -> usize {
    let d = &app.data;
    match app.tab {
        Tab::Overview => 0,
        Tab::Units => d.units.len(),
        Tab::Models | Tab::Progress | Tab::Awards => app
            .view(app.tab)
            .and_then(|v| v.remote.as_ref())
            .map_or(0, |h| h.unfiltered),
    }
}

/// The key bar, wrapped onto a second line only when one does not hold it (at most four:
/// the Models tab in Vietnamese at 80 columns, with models marked or a filter set, takes a
/// fourth rather than losing its last keys).
fn key_bar(app: &App, w: u16) -> Vec<Vec<(String, Style)>> {
    let t = &app.theme;
    let mut lines: Vec<Vec<(String, Style)>> = vec![vec![]];
    let mut used = 0usize;
    for (keys, label) in bar_items(&commands(app), app.lang) {
        let item = width(keys) + 1 + width(label) + 2;
        if used + item > w as usize && used > 0 && lines.len() < 4 {
            lines.push(vec![]);
            used = 0;
        }
        let line = lines.last_mut().expect("one line at least");
        line.push((format!(" {keys}"), t.style(Meaning::Key)));
        line.push((format!(" {label} "), Style::default()));
        used += item;
    }
    lines
}
