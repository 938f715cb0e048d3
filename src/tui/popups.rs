//! Popups over the tabs: the help (drawn from the same command list as the key bar), the
//! period list, the filter lists, and the models of a unit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::actions::{ACTIONS, Answer, Cat, offered};
use super::app::App;
use super::commands::commands_below;
use super::data::ListView;
use super::history::HistLine;
use super::i18n::S;
use super::models::{Dim, choices};
use super::theme::Meaning;
use super::widgets::{Col, Table, centred, data_text, popup, put_str, width};
use crate::domain::text::printable;
use crate::domain::{Coded, Id};

/// The help: every command of the screen below, keys and what they do; a description too
/// long for the window continues on the next line.
pub fn help(app: &App, depth: usize, scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let cmds = commands_below(app, depth);
    let kw = cmds.iter().map(|c| width(c.keys)).max().unwrap_or(0) as u16;
    let lw = cmds
        .iter()
        .map(|c| width(c.long.get(lang)))
        .max()
        .unwrap_or(0) as u16;
    let w = (kw + lw + 6).min(area.width.saturating_sub(2));
    let dw = w.saturating_sub(kw + 5) as usize;
    let rows: Vec<(&str, String)> = cmds
        .iter()
        .flat_map(|c| {
            wrap(c.long.get(lang), dw)
                .into_iter()
                .enumerate()
                .map(move |(i, l)| (if i == 0 { c.keys } else { "" }, l))
        })
        .collect();
    let r = centred(area, w, rows.len() as u16 + 2);
    let inner = popup(buf, r, S::Help.get(lang), t);
    for (i, (keys, text)) in rows
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        put_str(buf, inner.x + 1, y, kw, keys, t.style(Meaning::Key), t);
        let x = inner.x + kw + 3;
        put_str(
            buf,
            x,
            y,
            inner.width.saturating_sub(kw + 3),
            text,
            t.style(Meaning::Plain),
            t,
        );
    }
}

/// Words of `s` in lines of at most `w` columns.
pub(super) fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split(' ') {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && width(last) + 1 + width(word) > w {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// A list of choices with a marker on the cursor.
pub(super) fn list(
    app: &App,
    title: &str,
    items: &[String],
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.theme;
    let w = items
        .iter()
        .map(|s| width(s))
        .max()
        .unwrap_or(0)
        .max(width(title) + 4) as u16
        + 6;
    let r = centred(area, w.min(area.width - 4), items.len() as u16 + 2);
    let inner = popup(buf, r, title, t);
    let h = inner.height as usize;
    let top = cursor.saturating_sub(h.saturating_sub(1));
    for (i, s) in items.iter().enumerate().skip(top).take(h) {
        let y = inner.y + (i - top) as u16;
        let style = if i == cursor {
            t.style(Meaning::Selected)
        } else {
            t.style(Meaning::Plain)
        };
        if i == cursor {
            buf.set_string(inner.x, y, t.marker(), t.style(Meaning::Marker));
        }
        put_str(
            buf,
            inner.x + 2,
            y,
            inner.width.saturating_sub(2),
            &data_text(s, 200, t),
            style,
            t,
        );
    }
}

pub fn period(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let items: Vec<String> = app
        .data
        .periods
        .iter()
        .map(|p| {
            let doc = if p.guidance.is_empty() {
                String::new()
            } else {
                format!("  {}", p.guidance)
            };
            format!("{}{doc}", p.code)
        })
        .collect();
    if items.is_empty() {
        let inner = popup(buf, centred(area, 40, 3), S::Period.get(lang), &app.theme);
        put_str(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            S::NoPeriod.get(lang),
            app.theme.style(Meaning::Muted),
            &app.theme,
        );
        return;
    }
    list(app, S::Period.get(lang), &items, cursor, area, buf);
}

pub fn filter_dims(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let f = &app.filter;
    let items: Vec<String> = Dim::ALL
        .iter()
        .map(|d| {
            let cur = match d {
                Dim::Period => app.data.period().map(|p| p.code.clone()),
                Dim::Kind => f.kind.map(|k| k.label(lang).to_string()),
                Dim::Field => f.field.as_ref().map(|x| app.data.field_label(x, lang)),
                Dim::Step => f.step.map(|s| s.to_string()),
                Dim::Unit => f
                    .unit
                    .and_then(|u| app.data.units.iter().find(|r| r.unit.id == u))
                    .map(|r| r.unit.code.clone()),
                Dim::Status => f.status.map(|s| s.label(lang).to_string()),
                Dim::Overdue => f.overdue.then(|| S::Yes.get(lang).to_string()),
                Dim::Quality => f.quality.map(|g| g.label().get(lang).to_string()),
            };
            format!(
                "{}: {}",
                d.label().get(lang),
                cur.unwrap_or_else(|| S::All.get(lang).to_string())
            )
        })
        .collect();
    list(app, S::Filters.get(lang), &items, cursor, area, buf);
}

pub fn filter_values(app: &App, dim: Dim, cursor: usize, area: Rect, buf: &mut Buffer) {
    let items: Vec<String> = choices(app, dim).into_iter().map(|(s, _)| s).collect();
    list(app, dim.label().get(app.lang), &items, cursor, area, buf);
}

const UNIT_COLS: [Col; 5] = [
    Col::new(S::ColCode, 8, false, 0),
    Col::new(S::ColKind, 8, false, 2),
    Col::new(S::ColTitle, 24, true, 0),
    Col::new(S::ColStep, 5, false, 0),
    Col::new(S::ColStatus, 10, false, 1),
];

/// The models of one unit.
pub fn unit(app: &App, unit: usize, view: &ListView, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let d = &app.data;
    let Some(u) = d.units.get(unit) else { return };
    let title = data_text(
        &format!("{} {}", u.unit.code, u.unit.name),
        area.width as usize - 10,
        t,
    );
    let r = centred(
        area,
        area.width - 8,
        (view.rows.len() as u16 + 3).clamp(6, area.height - 4),
    );
    let inner = popup(buf, r, &title, t);
    let cell = |row: u32, col: usize| -> (String, Meaning) {
        let m = &d.models[row as usize];
        match col {
            0 => (data_text(&m.code, 40, t), Meaning::Plain),
            1 => (m.kind.label(lang).to_string(), Meaning::Plain),
            2 => {
                let s = if m.person.is_empty() {
                    m.title.clone()
                } else {
                    format!("{} — {}", m.person, m.title)
                };
                (data_text(&s, 200, t), Meaning::Plain)
            }
            3 => (format!("{}/{}", m.step, m.steps), Meaning::Plain),
            _ => (
                m.status.label(lang).to_string(),
                if m.status.counted() {
                    Meaning::Plain
                } else {
                    Meaning::Muted
                },
            ),
        }
    };
    Table {
        cols: &UNIT_COLS,
        view,
        cell,
        lang,
        theme: t,
        empty: S::NoData,
        loading: !app.data.have.models,
    }
    .render(inner, buf);
}

/// A question and its answers: `[y] Xóa   [n] Hủy`.
pub fn ask(app: &App, title: S, text: &str, options: &[Answer], area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let w = area.width.saturating_sub(4).min(72);
    let lines = wrap(&printable(text), w.saturating_sub(4) as usize);
    let r = centred(area, w, lines.len() as u16 + 4);
    let inner = popup(buf, r, title.get(lang), t);
    for (i, l) in lines.iter().enumerate() {
        put_str(
            buf,
            inner.x + 1,
            inner.y + i as u16,
            inner.width.saturating_sub(2),
            l,
            t.style(Meaning::Plain),
            t,
        );
    }
    let mut x = inner.x + 1;
    let y = inner.y + inner.height.saturating_sub(1);
    for o in options {
        let k = format!("[{}] ", super::i18n::answer_key(o.key, lang));
        let l = format!("{}   ", o.label.get(lang));
        let room = (inner.x + inner.width).saturating_sub(x);
        put_str(buf, x, y, room, &k, t.style(Meaning::Key), t);
        x += width(&k) as u16;
        let room = (inner.x + inner.width).saturating_sub(x);
        put_str(buf, x, y, room, &l, t.style(Meaning::Plain), t);
        x += width(&l) as u16;
    }
}

/// A record's history, scrolled.
pub fn history(
    app: &App,
    title: &str,
    lines: &[HistLine],
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.theme;
    let r = centred(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(2),
    );
    let inner = popup(
        buf,
        r,
        &data_text(title, r.width.saturating_sub(6) as usize, t),
        t,
    );
    let h = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(h));
    for (i, l) in lines.iter().skip(scroll).take(h).enumerate() {
        let m = if l.head {
            Meaning::Title
        } else {
            Meaning::Plain
        };
        put_str(
            buf,
            inner.x + 1,
            inner.y + i as u16,
            inner.width.saturating_sub(2),
            &l.text,
            t.style(m),
            t,
        );
    }
}

pub fn catalog(app: &App, cursor: usize, area: Rect, buf: &mut Buffer) {
    let items: Vec<String> = Cat::ALL
        .iter()
        .map(|c| c.label().get(app.lang).to_string())
        .collect();
    list(app, S::Catalogues.get(app.lang), &items, cursor, area, buf);
}

pub fn catalog_list(app: &App, cat: Cat, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let d = &app.data;
    let mut items = vec![S::AddNew.get(lang).to_string()];
    match cat {
        Cat::Fields => items.extend(
            d.fields
                .iter()
                .map(|f| format!("{} — {}", f.code, lang.pick(&f.vi, &f.en))),
        ),
        Cat::Forms => items.extend(
            d.forms
                .iter()
                .map(|f| format!("{} — {}", f.code, lang.pick(&f.vi, &f.en))),
        ),
        Cat::Periods => items.extend(
            d.periods
                .iter()
                .map(|p| format!("{} — {} ({})", p.code, p.guidance, p.steps.len())),
        ),
    }
    list(app, cat.label().get(lang), &items, cursor, area, buf);
}

pub fn actions(app: &App, model: Id, cursor: usize, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let row = app.data.models.iter().find(|m| m.id == model);
    let code = row.map(|m| m.code.clone()).unwrap_or_default();
    let items: Vec<String> = offered(row)
        .into_iter()
        .map(|i| ACTIONS[i].0.get(lang).to_string())
        .collect();
    list(
        app,
        &format!("{} {}", S::Actions.get(lang), printable(&code)),
        &items,
        cursor,
        area,
        buf,
    );
}
