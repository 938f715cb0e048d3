//! A one-line text field as people type into it over SSH, Vietnamese included: text kept in
//! NFC as it is typed (an input method that sends a base letter and then combining marks ends
//! up with the composed letter), the cursor moving by grapheme and measured in display
//! columns, and the usual keys: Home, End, Ctrl-W (word back), Ctrl-U (to the start),
//! Ctrl-K (to the end). Control and invisible format characters are never inserted.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::domain::text::forbidden;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    /// Graphemes before the cursor.
    cursor: usize,
    /// Longest text accepted, in characters.
    max: usize,
    /// Whether a line break may be inserted (Ctrl-J in a long text field).
    multiline: bool,
}

impl LineEdit {
    pub fn new(text: &str, max: usize) -> LineEdit {
        LineEdit::with_lines(text, max, false)
    }

    /// An editor that keeps line breaks (shown as `↵` on its one line).
    pub fn with_lines(text: &str, max: usize, multiline: bool) -> LineEdit {
        let text: String = text
            .replace("\r\n", "\n")
            .nfc()
            .filter(|c| forbidden(*c, multiline).is_none())
            .collect();
        let cursor = text.graphemes(true).count();
        LineEdit {
            text,
            cursor,
            max,
            multiline,
        }
    }

    /// Whether line breaks are kept.
    pub fn multiline(&self) -> bool {
        self.multiline
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn set(&mut self, text: &str) {
        *self = LineEdit::with_lines(text, self.max, self.multiline);
    }

    fn byte_at(&self, grapheme: usize) -> usize {
        self.text
            .grapheme_indices(true)
            .nth(grapheme)
            .map(|(i, _)| i)
            .unwrap_or(self.text.len())
    }

    fn len(&self) -> usize {
        self.text.graphemes(true).count()
    }

    /// Re-normalise after a change, keeping the cursor after the same grapheme.
    fn renormalise(&mut self, before_cursor: String, after_cursor: &str) {
        let before: String = before_cursor.nfc().collect();
        let joined: String = format!("{before}{after_cursor}").nfc().collect();
        self.cursor = before
            .graphemes(true)
            .count()
            .min(joined.graphemes(true).count());
        self.text = joined;
    }

    /// Insert typed text (one key, or a paste). Forbidden characters are dropped; text beyond
    /// the length limit is not taken.
    pub fn insert(&mut self, s: &str) {
        let room = self.max.saturating_sub(self.text.chars().count());
        let clean: String = s
            .chars()
            .filter(|c| forbidden(*c, self.multiline).is_none())
            .take(room)
            .collect();
        if clean.is_empty() {
            return;
        }
        let at = self.byte_at(self.cursor);
        let before = format!("{}{}", &self.text[..at], clean);
        let after = self.text[at..].to_string();
        self.renormalise(before, &after);
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let (a, b) = (self.byte_at(self.cursor - 1), self.byte_at(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor -= 1;
    }

    pub fn delete(&mut self) {
        if self.cursor >= self.len() {
            return;
        }
        let (a, b) = (self.byte_at(self.cursor), self.byte_at(self.cursor + 1));
        self.text.replace_range(a..b, "");
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }

    /// Ctrl-W: delete the word before the cursor (and the spaces after it).
    pub fn delete_word(&mut self) {
        let g: Vec<&str> = self.text.graphemes(true).collect();
        let mut i = self.cursor;
        while i > 0 && g[i - 1].chars().all(char::is_whitespace) {
            i -= 1;
        }
        while i > 0 && !g[i - 1].chars().all(char::is_whitespace) {
            i -= 1;
        }
        let (a, b) = (self.byte_at(i), self.byte_at(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = i;
    }

    /// Ctrl-U: delete from the start to the cursor.
    pub fn delete_to_start(&mut self) {
        let b = self.byte_at(self.cursor);
        self.text.replace_range(..b, "");
        self.cursor = 0;
    }

    /// Ctrl-K: delete from the cursor to the end.
    pub fn delete_to_end(&mut self) {
        let a = self.byte_at(self.cursor);
        self.text.truncate(a);
    }

    /// Display column of the cursor from the start of the text.
    pub fn cursor_column(&self) -> usize {
        self.text[..self.byte_at(self.cursor)]
            .graphemes(true)
            .map(gwidth)
            .sum()
    }

    /// The part of the text to draw in `width` columns, and the cursor's column in it: the
    /// view scrolls so the cursor stays visible.
    pub fn view(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let col = self.cursor_column();
        let skip_cols = col.saturating_sub(width - 1);
        let mut out = String::new();
        let (mut at, mut used) = (0usize, 0usize);
        for g in self.text.graphemes(true) {
            let w = gwidth(g);
            // A line break is drawn as one visible column, never sent to the terminal.
            let g = if g == "\n" { "↵" } else { g };
            if at < skip_cols {
                at += w;
                continue;
            }
            if used + w > width {
                break;
            }
            out.push_str(g);
            used += w;
        }
        (out, col - skip_cols.min(col).min(at))
    }
}

/// Columns a grapheme takes on the one-line view (a line break shows as `↵`).
fn gwidth(g: &str) -> usize {
    if g == "\n" { 1 } else { g.width() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn telex_style_input_composes() {
        let mut e = LineEdit::new("", 100);
        // An input method that sends the base letter, then the marks.
        for k in ["Kh", "u", "o", "\u{31b}", "\u{309}", "i"] {
            e.insert(k);
        }
        assert_eq!(e.text(), "Khuởi");
        assert_eq!(e.cursor, 5);
        // One that deletes and resends the composed letter.
        e.backspace();
        e.backspace();
        e.insert("ổi");
        assert_eq!(e.text(), "Khuổi");
    }

    #[test]
    fn cursor_moves_by_grapheme_and_width() {
        let mut e = LineEdit::new("Phầy 中文", 100);
        assert_eq!(e.cursor_column(), 9); // 4 + space + 2×2
        e.left();
        assert_eq!(e.cursor_column(), 7);
        e.home();
        e.right();
        e.right();
        e.right();
        e.backspace();
        assert_eq!(e.text(), "Phy 中文");
        e.end();
        e.delete_word();
        assert_eq!(e.text(), "Phy ");
        e.insert("xã Khuổi Phầy");
        e.delete_word();
        assert_eq!(e.text(), "Phy xã Khuổi ");
        e.left();
        e.left();
        e.delete_to_end();
        assert_eq!(e.text(), "Phy xã Khuổ");
        e.left();
        e.delete_to_start();
        assert_eq!(e.text(), "ổ");
    }

    #[test]
    fn refuses_controls_and_respects_the_limit() {
        let mut e = LineEdit::new("", 5);
        e.insert("a\u{1b}[31mb\u{202e}c\u{200b}");
        assert_eq!(e.text(), "a[31m");
        e.insert("more");
        assert_eq!(e.text(), "a[31m");
    }

    #[test]
    fn view_keeps_the_cursor_visible() {
        let e = LineEdit::new("0123456789", 100);
        let (v, c) = e.view(5);
        assert_eq!(v, "6789");
        assert_eq!(c, 4);
        let mut e = LineEdit::new("0123456789", 100);
        e.home();
        assert_eq!(e.view(5), ("01234".to_string(), 0));
    }

    proptest! {
        #[test]
        fn random_keys_never_panic_nor_store_controls(ops in proptest::collection::vec((0u8..10, "\\PC{0,3}|[\\x00-\\x1f\\u{300}-\\u{36f}]{1,2}"), 0..60)) {
            let mut e = LineEdit::new("", 40);
            for (op, s) in ops {
                match op {
                    0..=2 => e.insert(&s),
                    3 => e.backspace(),
                    4 => e.delete(),
                    5 => e.left(),
                    6 => e.right(),
                    7 => e.delete_word(),
                    8 => e.delete_to_start(),
                    _ => { e.home(); e.delete_to_end(); }
                }
                prop_assert!(e.text().chars().all(|c| forbidden(c, false).is_none()));
                prop_assert!(e.cursor <= e.len());
                let _ = e.view(10);
            }
        }
    }
}
