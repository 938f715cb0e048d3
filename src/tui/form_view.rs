//! Drawing a form: one row a field (label, value), the message of an invalid field on the row
//! under it, the field with the cursor kept in view, and the reason a save failed at the foot.
//! A choice's open list is drawn over the form with what has been typed to narrow it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::app::App;
use super::form::{Form, Kind, Note, Picker};
use super::i18n::{S, weekday, weekday_date};
use super::records::label_of;
use super::theme::Meaning;
use super::widgets::{centred, popup, put_str, width};
use crate::domain::text::{parse_typed_date, printable};

pub fn render(app: &App, form: &Form, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let lang = app.lang;
    let r = centred(area, area.width.min(110), area.height);
    let title = if form.subject.is_empty() {
        form.title.get(lang).to_string()
    } else {
        format!("{} {}", form.title.get(lang), printable(&form.subject))
    };
    let inner = popup(buf, r, &title, t);
    if inner.height < 3 || inner.width < 30 {
        return;
    }
    let list_h = (inner.height - 1) as usize;
    let lw: u16 = if inner.width >= 90 { 26 } else { 20 };
    let vx = inner.x + 2 + lw + 1;
    let vw = inner.width.saturating_sub(lw + 4);

    // (field, is the message row)
    let rows: Vec<(usize, bool)> = form
        .fields
        .iter()
        .enumerate()
        .flat_map(|(i, f)| std::iter::once((i, false)).chain(f.error.as_ref().map(|_| (i, true))))
        .collect();
    let first = rows.iter().position(|r| r.0 == form.focus).unwrap_or(0);
    let last = rows.iter().rposition(|r| r.0 == form.focus).unwrap_or(0);
    let mut top = form.top.get().min(rows.len().saturating_sub(1));
    if first < top {
        top = first;
    } else if last >= top + list_h {
        top = last + 1 - list_h;
    }
    form.top.set(top);

    for (line, &(i, msg)) in rows.iter().enumerate().skip(top).take(list_h) {
        let y = inner.y + (line - top) as u16;
        let f = &form.fields[i];
        let focused = i == form.focus;
        if msg {
            let text = format!(
                "↳ {}",
                f.error.as_ref().map(|m| m.text(lang)).unwrap_or_default()
            );
            put_str(buf, vx, y, vw, &printable(&text), t.style(Meaning::Bad), t);
            continue;
        }
        if focused {
            buf.set_string(inner.x, y, t.marker(), t.style(Meaning::Marker));
        }
        let mut label = label_of(f, lang);
        if f.required {
            label.push_str(" *");
        }
        let ls = if focused {
            t.style(Meaning::Key)
        } else {
            t.style(Meaning::Muted)
        };
        put_str(buf, inner.x + 2, y, lw, &printable(&label), ls, t);
        value(app, form, i, vx, y, vw, buf);
    }

    let foot = inner.y + inner.height - 1;
    let (text, m) = match &form.note {
        Some(Note::Invalid(i)) => {
            let f = &form.fields[(*i).min(form.fields.len() - 1)];
            let msg = f.error.as_ref().map(|m| m.text(lang)).unwrap_or_default();
            (
                format!("{} — {}: {msg}", S::NotSaved.get(lang), label_of(f, lang)),
                Meaning::Bad,
            )
        }
        Some(Note::Failed(m)) => (
            format!("{} — {}", S::NotSaved.get(lang), m.text(lang)),
            Meaning::Bad,
        ),
        None => (
            format!("{}/{}", form.focus + 1, form.fields.len()),
            Meaning::Muted,
        ),
    };
    put_str(
        buf,
        inner.x + 1,
        foot,
        inner.width.saturating_sub(2),
        &printable(&text),
        t.style(m),
        t,
    );

    if let Some(p) = &form.pick {
        picker(app, p, inner, buf);
    }
}

/// A field's value: the editor with its cursor when focused, else what it holds.
fn value(app: &App, form: &Form, i: usize, x: u16, y: u16, w: u16, buf: &mut Buffer) {
    let t = &app.theme;
    let f = &form.fields[i];
    let focused = i == form.focus && form.pick.is_none();
    let plain = if f.readonly {
        t.style(Meaning::Muted)
    } else {
        t.style(Meaning::Plain)
    };
    let date = match f.kind {
        Kind::Date => parse_typed_date(f.text()),
        _ => None,
    };
    let hint = match &f.kind {
        // While typed, the weekday beside the date; once left, the date reads with its day.
        Kind::Date if focused => date.map(|d| format!("  {}", weekday(d, app.lang))),
        Kind::Choice(_) | Kind::Suggest(_) if !f.readonly => {
            Some(if t.ascii { " v" } else { " ▾" }.to_string())
        }
        _ => None,
    }
    .unwrap_or_default();
    let room = (w as usize).saturating_sub(width(&hint)).max(1);
    let is_text = !matches!(f.kind, Kind::Choice(_)) && !f.readonly;
    let used = if focused && is_text {
        let (s, col) = f.edit.view(room.saturating_sub(1).max(1));
        buf.set_stringn(x, y, &s, room, plain);
        let cx = x + col as u16;
        if cx < x + w {
            let cell = &mut buf[(cx, y)];
            if cell.symbol().is_empty() || cell.symbol() == " " {
                cell.set_symbol(" ");
            }
            cell.set_style(t.style(Meaning::Selected).add_modifier(Modifier::REVERSED));
        }
        width(&s)
    } else {
        let s = match date {
            Some(d) => weekday_date(d, app.lang),
            None => printable(&f.shown()),
        };
        let shown = if s.is_empty() && focused {
            " ".to_string()
        } else {
            s
        };
        let style = if focused {
            t.style(Meaning::Selected)
        } else {
            plain
        };
        put_str(buf, x, y, room as u16, &shown, style, t);
        width(&shown).min(room)
    };
    if !hint.is_empty() {
        put_str(
            buf,
            x + used as u16,
            y,
            w.saturating_sub(used as u16),
            &hint,
            t.style(Meaning::Muted),
            t,
        );
    }
}

/// The open list of a choice, over the form.
fn picker(app: &App, p: &Picker, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let w = p
        .options
        .iter()
        .map(|s| width(s))
        .max()
        .unwrap_or(20)
        .clamp(30, 70) as u16
        + 4;
    let h = (p.rows.len() as u16 + 3).clamp(5, area.height);
    let r = centred(area, w.min(area.width), h);
    let inner = popup(buf, r, S::Pick.get(app.lang), t);
    let (q, col) = p.query.view(inner.width.saturating_sub(4) as usize);
    put_str(
        buf,
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(1),
        &format!("/{q}"),
        t.style(Meaning::Key),
        t,
    );
    let cx = inner.x + 2 + col as u16;
    if cx < inner.x + inner.width {
        buf[(cx, inner.y)].set_style(t.style(Meaning::Selected));
    }
    let lh = inner.height.saturating_sub(1) as usize;
    let top = p.cursor.saturating_sub(lh.saturating_sub(1));
    if p.rows.is_empty() {
        let s = if p.free {
            S::Pick.get(app.lang).to_string() + ": " + &printable(p.query.text())
        } else {
            S::NoMatch.get(app.lang).to_string()
        };
        put_str(
            buf,
            inner.x + 2,
            inner.y + 1,
            inner.width.saturating_sub(2),
            &s,
            t.style(Meaning::Muted),
            t,
        );
    }
    for (k, &i) in p.rows.iter().enumerate().skip(top).take(lh) {
        let y = inner.y + 1 + (k - top) as u16;
        let sel = k == p.cursor;
        if sel {
            buf.set_string(inner.x, y, t.marker(), t.style(Meaning::Marker));
        }
        let style = if sel {
            t.style(Meaning::Selected)
        } else {
            t.style(Meaning::Plain)
        };
        put_str(
            buf,
            inner.x + 2,
            y,
            inner.width.saturating_sub(2),
            &printable(&p.options[i]),
            style,
            t,
        );
    }
}
