//! Keys as a slow SSH link delivers them. The terminal reader takes everything one read gave
//! at once, and two things are told apart here that the terminal's bytes alone mix up:
//!
//! - a paste from a terminal without bracketed paste: many characters with a line break among
//!   them, all in one read. Typed one by one, `Enter` (and `Tab`) would move to the next
//!   field; pasted, they are part of the text ([`pasted`], then [`App::paste`]).
//! - `Esc` followed at once by a key (bytes `1b 6a` in one read, what a slow link delivers
//!   when `Esc` then `j` were pressed): the terminal library reads them as Alt+`j`. No screen
//!   gives Alt a meaning, so an Alt key is `Esc` and then the key ([`unalt`]); neither is lost.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{App, Popup};
use super::form::one_line;

/// Characters of text a read must hold, besides a line break, to be taken as a paste.
const PASTE_MIN: usize = 6;

/// The text of a read that is a paste, not typing: only text keys, `Enter`, `Tab` and
/// `Ctrl-J`, with a line break among at least [`PASTE_MIN`] characters. (A name and `Tab`
/// typed quickly may arrive together over a slow link: a tab alone does not make a paste.)
pub fn pasted(events: &[Event]) -> Option<String> {
    let mut text = String::new();
    let (mut chars, mut breaks) = (0usize, 0usize);
    for e in events {
        let Event::Key(k) = e else { return None };
        if k.kind == KeyEventKind::Release {
            continue;
        }
        let m = k.modifiers - KeyModifiers::SHIFT;
        match k.code {
            KeyCode::Char('j') if m == KeyModifiers::CONTROL => {
                text.push('\n');
                breaks += 1;
            }
            KeyCode::Char(c) if m.is_empty() => {
                text.push(c);
                chars += 1;
            }
            KeyCode::Enter if m.is_empty() => {
                text.push('\r');
                breaks += 1;
            }
            KeyCode::Tab if m.is_empty() => text.push('\t'),
            _ => return None,
        }
    }
    (breaks > 0 && chars >= PASTE_MIN).then_some(text)
}

/// A key as meant: Alt+key is `Esc` and then the key.
pub fn unalt(k: KeyEvent) -> Vec<KeyEvent> {
    if !k.modifiers.contains(KeyModifiers::ALT) || k.code == KeyCode::Esc {
        return vec![k];
    }
    let mut key = k;
    key.modifiers -= KeyModifiers::ALT;
    vec![
        KeyEvent::new_with_kind(KeyCode::Esc, KeyModifiers::NONE, k.kind),
        key,
    ]
}

impl App {
    /// Whether keys are being typed as text: into a form's field or its list, or a search.
    pub fn takes_text(&self) -> bool {
        match self.popups.last() {
            Some(Popup::Form(_)) => true,
            Some(_) => false,
            None => self.searching,
        }
    }

    /// Pasted text goes where text is being typed, and stays there: a form's field (see
    /// [`super::form::Form::paste`]) or the search, line breaks as spaces. Elsewhere it is
    /// ignored: pasted letters are not commands.
    pub fn paste(&mut self, text: &str) {
        self.notice = None;
        if let Some(Popup::Form(f)) = self.popups.last_mut() {
            f.paste(text);
            return;
        }
        if !self.popups.is_empty() || !self.searching {
            return;
        }
        let tab = self.tab;
        if let Some(v) = self.view_mut(tab) {
            let room = super::tab::SEARCH_MAX.saturating_sub(v.query.chars().count());
            v.query.extend(
                one_line(text)
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(room),
            );
        }
        self.refilter(tab);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, m: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, m))
    }

    fn typed(s: &str) -> Vec<Event> {
        s.chars()
            .map(|c| match c {
                '\r' => k(KeyCode::Enter, KeyModifiers::NONE),
                '\n' => k(KeyCode::Char('j'), KeyModifiers::CONTROL),
                '\t' => k(KeyCode::Tab, KeyModifiers::NONE),
                c => k(KeyCode::Char(c), KeyModifiers::NONE),
            })
            .collect()
    }

    #[test]
    fn a_read_of_text_with_line_breaks_is_a_paste() {
        assert_eq!(
            pasted(&typed("Khuổi\r\nPhầy")).as_deref(),
            Some("Khuổi\r\nPhầy")
        );
        assert_eq!(
            pasted(&typed("xã\tKhuổi\rPhầy")).as_deref(),
            Some("xã\tKhuổi\rPhầy")
        );
        // Typing: a few keys, keys without a break, or keys that are commands.
        assert_eq!(pasted(&typed("ab\r")), None);
        assert_eq!(pasted(&typed("Khuổi Phầy")), None);
        assert_eq!(pasted(&typed("Nguyễn Văn A\t")), None);
        let mut v = typed("Khuổi Phầy\r");
        v.push(k(KeyCode::Down, KeyModifiers::NONE));
        assert_eq!(pasted(&v), None);
    }

    #[test]
    fn alt_is_esc_then_the_key() {
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT);
        assert_eq!(
            unalt(j),
            vec![
                KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)
            ]
        );
        let plain = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(unalt(plain), vec![plain]);
    }
}
