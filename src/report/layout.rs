//! Fitting plain text into a width measured in terminal columns (unicode-width), for the
//! one-screen status: word wrapping, truncation with “…”, and label/number columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending in “…” when something was cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// Word-wrap `s` into lines of at most `max` columns; the first line starts with `first`,
/// the others with `indent`. A word longer than a line is cut with [`fit`] rather than split
/// mid-syllable.
pub fn wrap(s: &str, max: usize, first: &str, indent: &str) -> Vec<String> {
    let mut lines: Vec<String> = vec![];
    let mut line = String::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let lead = if lines.is_empty() { first } else { indent };
        let candidate = if line.is_empty() {
            format!("{lead}{word}")
        } else {
            format!("{line} {word}")
        };
        if width(&candidate) <= max || line.is_empty() {
            line = fit(&candidate, max);
        } else {
            lines.push(std::mem::take(&mut line));
            line = fit(&format!("{indent}{word}"), max);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `  label ……  n` rows with the numbers right-aligned in one column, all within `max`.
pub fn columns(rows: &[(String, String)], max: usize) -> Vec<String> {
    let numw = rows.iter().map(|(_, n)| width(n)).max().unwrap_or(0);
    let labelw = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
    // Two spaces of indent, one space before the number.
    let room = max.saturating_sub(3 + numw);
    let labelw = labelw.min(room);
    rows.iter()
        .map(|(l, n)| {
            let l = fit(l, labelw);
            let pad = labelw - width(&l) + numw - width(n);
            fit(&format!("  {l}{} {n}", " ".repeat(pad)), max)
        })
        .collect()
}

/// Items packed several to a line after `head`, separated by “ · ”, for when one item per
/// line would not fit the screen.
pub fn packed(head: &str, items: &[String], max: usize) -> Vec<String> {
    let mut lines = vec![];
    let mut line = format!("{head}:");
    let mut first = true;
    for it in items {
        let sep = if first { " " } else { " · " };
        let candidate = format!("{line}{sep}{it}");
        if width(&candidate) <= max || first {
            line = candidate;
        } else {
            lines.push(line);
            line = format!("  {it}");
        }
        first = false;
    }
    lines.push(line);
    lines.into_iter().map(|l| fit(&l, max)).collect()
}
