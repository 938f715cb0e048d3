//! Small drawing pieces shared by the tabs: text fitted to a width (by display width, never
//! by bytes), text bars, popups, and a table that builds only the rows on screen — a period
//! with 100,000 models still draws a screenful, and a move rewrites only what changed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthChar;

use super::data::{ListView, found};
use super::i18n::S;
use super::theme::{Meaning, Theme};
use crate::domain::text::printable;
use crate::i18n::Lang;

/// Display width of text.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut to at most `w` columns, with an ellipsis when something was cut.
pub fn fit(s: &str, w: usize, ellipsis: &str) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let room = w.saturating_sub(width(ellipsis));
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > room {
            break;
        }
        used += cw;
        out.push(c);
    }
    if w > 0 {
        out.push_str(ellipsis);
    }
    out
}

/// Text from the data made safe for the terminal and fitted to `w` columns.
pub fn data_text(s: &str, w: usize, theme: &Theme) -> String {
    fit(&printable(s), w, theme.ellipsis())
}

/// A bar of `w` cells filled to `frac` (0.0–1.0).
pub fn bar(frac: f64, w: usize, theme: &Theme) -> String {
    let (full, empty) = theme.bar_glyphs();
    let n = ((frac.clamp(0.0, 1.0) * w as f64).round() as usize).min(w);
    format!("{}{}", full.repeat(n), empty.repeat(w - n))
}

/// Write one line of styled pieces at (x, y), cut at `w` columns.
pub fn put(buf: &mut Buffer, x: u16, y: u16, w: u16, pieces: &[(String, Style)]) {
    let spans: Vec<Span> = pieces
        .iter()
        .map(|(t, s)| Span::styled(t.as_str(), *s))
        .collect();
    buf.set_line(x, y, &Line::from(spans), w);
}

/// Write text at (x, y) fitted to `w` columns in one style.
pub fn put_str(buf: &mut Buffer, x: u16, y: u16, w: u16, s: &str, style: Style, theme: &Theme) {
    buf.set_stringn(
        x,
        y,
        fit(s, w as usize, theme.ellipsis()),
        w as usize,
        style,
    );
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clear `area` and draw a titled frame around it; returns the inside.
pub fn popup(buf: &mut Buffer, area: Rect, title: &str, theme: &Theme) -> Rect {
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(
            format!(" {title} "),
            theme.style(Meaning::Title),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// A section title on one line.
pub fn section(buf: &mut Buffer, x: u16, y: u16, w: u16, title: &str, theme: &Theme) {
    put_str(buf, x, y, w, title, theme.style(Meaning::Title), theme);
}

/// A column of a table: a minimum width, whether it takes spare room, and how readily it is
/// dropped when the terminal is narrow (higher `drop` goes first; 0 is never dropped). A
/// column is shown at its minimum or more, or not at all: a narrow terminal hides the
/// columns that give way first rather than squeezing every column into a stub.
#[derive(Clone, Copy)]
pub struct Col {
    pub title: S,
    pub min: u16,
    pub flex: bool,
    pub drop: u8,
    /// A share of the table's width (per cent) the column gets at least, when more than
    /// `min`: the titles of a wide table stay readable before other columns are added.
    pub share: u16,
}

impl Col {
    pub const fn new(title: S, min: u16, flex: bool, drop: u8) -> Col {
        Col {
            title,
            min,
            flex,
            drop,
            share: 0,
        }
    }

    /// The same column, taking at least `pct` per cent of the table's width.
    pub const fn share(self, pct: u16) -> Col {
        Col { share: pct, ..self }
    }

    /// The same column, `w` columns wide at least (a code column sized to its widest code).
    pub const fn at_least(self, w: u16) -> Col {
        Col {
            min: if w > self.min { w } else { self.min },
            ..self
        }
    }
}

/// Where each column goes in `width` (after the two-cell marker): `None` for dropped ones.
pub fn place(cols: &[Col], width: u16) -> Vec<Option<(u16, u16)>> {
    let avail = width.saturating_sub(2);
    let min = |c: &Col| c.min.max((avail as u32 * c.share as u32 / 100) as u16);
    let mut keep: Vec<bool> = vec![true; cols.len()];
    let need = |keep: &[bool]| -> u16 {
        cols.iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| min(c) + 1)
            .sum()
    };
    while need(&keep) > avail {
        let worst = cols
            .iter()
            .enumerate()
            .filter(|(i, c)| keep[*i] && c.drop > 0)
            .max_by_key(|(i, c)| (c.drop, *i));
        match worst {
            Some((i, _)) => keep[i] = false,
            None => break,
        }
    }
    let spare = avail.saturating_sub(need(&keep));
    let flex = cols
        .iter()
        .zip(&keep)
        .filter(|(c, k)| **k && c.flex)
        .count() as u16;
    let mut x = 2;
    let mut out = Vec::with_capacity(cols.len());
    let mut given = 0;
    let mut flex_seen = 0;
    for (c, k) in cols.iter().zip(&keep) {
        if !*k {
            out.push(None);
            continue;
        }
        let mut w = min(c);
        if c.flex && flex > 0 {
            flex_seen += 1;
            // The last flexible column takes what rounding left over.
            let extra = if flex_seen == flex {
                spare - given
            } else {
                spare / flex
            };
            given += extra;
            w += extra;
        }
        out.push(Some((x, w)));
        x += w + 1;
    }
    out
}

/// The widest of some texts (a table's codes), at most `cap` columns.
pub fn widest<'a>(texts: impl Iterator<Item = &'a str>, cap: usize) -> u16 {
    texts.map(width).max().unwrap_or(0).min(cap) as u16
}

/// A header's text with the sort mark after it, fitted so the mark always shows.
fn header_text(title: &str, w: usize, mark: Option<&str>, theme: &Theme) -> String {
    match mark {
        None => fit(title, w, theme.ellipsis()),
        Some(m) if width(title) + 1 + width(m) <= w => format!("{title} {m}"),
        Some(m) => format!(
            "{}{m}",
            fit(title, w.saturating_sub(width(m)), theme.ellipsis())
        ),
    }
}

/// The pieces of a cell's text fitted to `w` columns, the characters in `hits` (ranges of
/// `text`'s characters) in `hit` style and the rest in `style`.
fn highlighted(
    text: &str,
    w: usize,
    hits: &[(usize, usize)],
    style: Style,
    hit: Style,
    theme: &Theme,
) -> Vec<(String, Style)> {
    let fitted = fit(text, w, theme.ellipsis());
    let n = fitted.chars().count();
    let kept = if fitted == text {
        n
    } else {
        n.saturating_sub(theme.ellipsis().chars().count())
    };
    let mut out: Vec<(String, Style)> = Vec::new();
    for (i, c) in fitted.chars().enumerate() {
        let st = if i < kept && hits.iter().any(|&(a, b)| a <= i && i < b) {
            hit
        } else {
            style
        };
        match out.last_mut() {
            Some((t, s)) if *s == st => t.push(c),
            _ => out.push((c.to_string(), st)),
        }
    }
    out
}

/// A table drawn row by row: only the rows that fit are built. `cell(row, col)` gives a
/// cell's text (already printable) and meaning. The selected row gets a marker beside it and
/// its first cell highlighted — not a bar across the screen, which would cost twice the bytes
/// on every move over a slow link. The sort column's header carries `▲`/`▼`, and the text a
/// search found is marked in the cells that show it.
pub struct Table<'a, F: Fn(u32, usize) -> (String, Meaning)> {
    pub cols: &'a [Col],
    pub view: &'a ListView,
    pub cell: F,
    pub lang: Lang,
    pub theme: &'a Theme,
    pub empty: S,
    /// The rows have not arrived yet: one line says so instead of the empty message.
    pub loading: bool,
    /// The column the rows are sorted by and whether downwards.
    pub sort: Option<(usize, bool)>,
}

impl<F: Fn(u32, usize) -> (String, Meaning)> Table<'_, F> {
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        if area.height < 2 {
            return;
        }
        let places = place(self.cols, area.width);
        let header = self.theme.style(Meaning::Header);
        let (up, down) = self.theme.sort_marks();
        for (ci, (c, p)) in self.cols.iter().zip(&places).enumerate() {
            if let Some((x, w)) = p {
                let mark = match self.sort {
                    Some((s, desc)) if s == ci => Some(if desc { down } else { up }),
                    _ => None,
                };
                let text = header_text(c.title.get(self.lang), *w as usize, mark, self.theme);
                put_str(buf, area.x + x, area.y, *w, &text, header, self.theme);
            }
        }
        let height = (area.height - 1) as usize;
        if self.view.is_empty() {
            let style = self.theme.style(Meaning::Muted);
            let say = if self.loading { S::Loading } else { self.empty };
            put_str(
                buf,
                area.x + 2,
                area.y + 1,
                area.width.saturating_sub(2),
                say.get(self.lang),
                style,
                self.theme,
            );
            self.view.window(height);
            return;
        }
        let q = self.view.searched();
        let hit = self.theme.style(Meaning::Match);
        let top = self.view.window(height);
        let end = (top + height).min(self.view.len());
        for (line, pos) in (top..end).enumerate() {
            let y = area.y + 1 + line as u16;
            // A row of a server's table not held yet: blank until its window comes.
            let Some(row) = self.view.key(pos) else {
                continue;
            };
            let selected = pos == self.view.sel;
            if selected {
                buf.set_string(
                    area.x,
                    y,
                    self.theme.marker(),
                    self.theme.style(Meaning::Marker),
                );
            }
            let mut first = true;
            for (ci, p) in places.iter().enumerate() {
                let Some((x, w)) = p else { continue };
                let (text, meaning) = (self.cell)(row, ci);
                let style = if selected && first {
                    self.theme.style(Meaning::Selected)
                } else {
                    self.theme.style(meaning)
                };
                first = false;
                let hits = found(&text, q);
                if hits.is_empty() {
                    put_str(buf, area.x + x, y, *w, &text, style, self.theme);
                } else {
                    let pieces = highlighted(
                        &text,
                        *w as usize,
                        &hits,
                        style,
                        style.patch(hit),
                        self.theme,
                    );
                    put(buf, area.x + x, y, *w, &pieces);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_columns_not_bytes() {
        assert_eq!(fit("Khuổi Phầy", 10, "…"), "Khuổi Phầy");
        assert_eq!(fit("Khuổi Phầy", 6, "…"), "Khuổi…");
        assert_eq!(width("Đảng ủy"), 7);
        assert_eq!(fit("abc", 0, "…"), "");
    }

    #[test]
    fn narrow_tables_drop_columns() {
        let cols = [
            Col::new(S::ColCode, 8, false, 0),
            Col::new(S::ColTitle, 20, true, 0),
            Col::new(S::ColField, 30, false, 1),
        ];
        let p = place(&cols, 60);
        assert!(p[2].is_none());
        assert_eq!(p[1].map(|(_, w)| w), Some(60 - 2 - 9 - 1));
        assert!(place(&cols, 100).iter().all(Option::is_some));
    }

    #[test]
    fn a_share_of_the_width_comes_before_other_columns() {
        let cols = [
            Col::new(S::ColCode, 5, false, 0),
            Col::new(S::ColTitle, 28, true, 0).share(35),
            Col::new(S::ColField, 75, false, 1),
        ];
        // At its minimum (28) the title would leave room for the field column; 35% of 118
        // is 41, and then the field column gives way.
        let p = place(&cols, 120);
        assert!(p[2].is_none());
        assert_eq!(p[1].map(|(_, w)| w), Some(118 - 6 - 1));
        let mut no_share = cols;
        no_share[1].share = 0;
        assert!(place(&no_share, 120)[2].is_some());
    }

    #[test]
    fn headers_keep_the_sort_mark_and_cells_mark_the_match() {
        let th = Theme {
            color: false,
            ascii: false,
        };
        assert_eq!(
            header_text("Tên mô hình", 20, Some("▲"), &th),
            "Tên mô hình ▲"
        );
        assert_eq!(header_text("Tên mô hình", 7, Some("▼"), &th), "Tên m…▼");
        let plain = Style::default();
        let hit = th.style(Meaning::Match);
        let p = highlighted("Thôn Khuổi Phầy", 20, &[(5, 10)], plain, hit, &th);
        assert_eq!(
            p,
            [
                ("Thôn ".to_string(), plain),
                ("Khuổi".to_string(), hit),
                (" Phầy".to_string(), plain)
            ]
        );
        // A match cut by the edge of the column is marked as far as it shows.
        let p = highlighted("Thôn Khuổi Phầy", 8, &[(5, 10)], plain, hit, &th);
        assert_eq!(p[1], ("Kh".to_string(), hit));
        assert_eq!(p[2], ("…".to_string(), plain));
    }
}
