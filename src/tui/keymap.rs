//! Key tables (gitui's `key_config` + `command.rs` in one): every component of the interface
//! — a tab, a popup, the search line — lists its keys once, as [`Binding`]s, and both its key
//! handler (through [`find`]) and the key bar and help (through [`commands`]) read that list.
//! A key cannot be shown without being handled, or handled without being shown; and a
//! binding names the action its handler matches on, so a key leads to its code in one step.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::commands::Command;
use super::i18n::S;

/// One key a binding answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character typed without Ctrl (Shift gives the capitals, so `S` is `Char('S')`).
    Char(char),
    /// Any of the characters from the first to the second, without Ctrl (`1`–`5`).
    Range(char, char),
    /// Ctrl with a letter.
    Ctrl(char),
    /// A key that is not a character (`Enter`, `Esc`, arrows, `F1`), without Ctrl.
    Code(KeyCode),
    /// Any character typed without Ctrl: text for a search or a list's filter.
    Text,
}

impl Key {
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match (self, ev.code) {
            (Key::Char(c), KeyCode::Char(e)) => !ctrl && c == e,
            (Key::Range(a, b), KeyCode::Char(e)) => !ctrl && (a..=b).contains(&e),
            (Key::Ctrl(c), KeyCode::Char(e)) => ctrl && c == e.to_ascii_lowercase(),
            (Key::Code(k), code) => !ctrl && k == code,
            (Key::Text, KeyCode::Char(_)) => !ctrl,
            _ => false,
        }
    }
}

impl Key {
    /// Whether some key event answers to both (a screen must not bind one key twice, but
    /// for a `Text` catch-all placed last).
    pub fn overlaps(self, other: Key) -> bool {
        let chars = |k: Key| match k {
            Key::Char(c) => Some((c, c)),
            Key::Range(a, b) => Some((a, b)),
            Key::Text => Some(('\0', char::MAX)),
            _ => None,
        };
        match (chars(self), chars(other)) {
            (Some((a, b)), Some((c, d))) => a <= d && c <= b,
            _ => self == other,
        }
    }
}

/// Every key of the tables of one screen that more than one binding answers to.
pub fn clashes(tables: &[&[Key]]) -> Vec<Key> {
    let all: Vec<Key> = tables.iter().flat_map(|t| t.iter().copied()).collect();
    let mut out = Vec::new();
    for (i, a) in all.iter().enumerate() {
        if all[i + 1..].iter().any(|b| a.overlaps(*b)) {
            out.push(*a);
        }
    }
    out
}

/// The keys of a table, for [`clashes`].
pub fn keys_of<A>(table: &[Binding<A>]) -> Vec<Key> {
    table.iter().flat_map(|b| b.keys.iter().copied()).collect()
}

/// A key (or a few) of a component, what the bar and help say of it, and the action its
/// handler performs.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A> {
    pub keys: &'static [Key],
    /// The keys as written on the screen, the same in both languages; empty for a key the
    /// bar and help do not list on a line of its own (it is part of another line's keys).
    pub shown: &'static str,
    /// The same, for terminals that get ASCII only (no arrows).
    pub ascii: &'static str,
    /// For the key bar.
    pub short: S,
    /// For the help.
    pub long: S,
    pub act: A,
}

/// A binding written the same on every terminal.
pub const fn bind<A>(
    keys: &'static [Key],
    shown: &'static str,
    short: S,
    long: S,
    act: A,
) -> Binding<A> {
    Binding {
        keys,
        shown,
        ascii: shown,
        short,
        long,
        act,
    }
}

/// A binding that the bar and help do not list (another line's keys name it).
pub const fn hidden<A>(keys: &'static [Key], act: A) -> Binding<A> {
    bind(keys, "", S::Nothing, S::Nothing, act)
}

/// The movement keys of every list.
pub const MOVE_KEYS: &[Key] = &[
    Key::Code(KeyCode::Up),
    Key::Char('k'),
    Key::Code(KeyCode::Down),
    Key::Char('j'),
    Key::Code(KeyCode::PageUp),
    Key::Code(KeyCode::PageDown),
    Key::Code(KeyCode::Home),
    Key::Char('g'),
    Key::Code(KeyCode::End),
    Key::Char('G'),
];

/// Moving a list or scrolling a text (with `j`/`k`/`g`/`G` too).
pub const fn moves<A>(act: A) -> Binding<A> {
    Binding {
        keys: MOVE_KEYS,
        shown: "↑↓ j/k PgUp/PgDn g/G",
        ascii: "Up/Dn j/k PgUp/PgDn g/G",
        short: S::Move,
        long: S::MoveLong,
        act,
    }
}

/// Scrolling a text: the movement keys, said as scrolling.
pub const fn scrolls<A>(act: A) -> Binding<A> {
    Binding {
        keys: MOVE_KEYS,
        shown: "↑↓ j/k PgUp/PgDn g/G",
        ascii: "Up/Dn j/k PgUp/PgDn g/G",
        short: S::Scroll,
        long: S::ScrollLong,
        act,
    }
}

/// The movement keys of a list whose letters are typed text (a search, a choice list).
pub const ARROW_KEYS: &[Key] = &[
    Key::Code(KeyCode::Up),
    Key::Code(KeyCode::Down),
    Key::Code(KeyCode::PageUp),
    Key::Code(KeyCode::PageDown),
    Key::Code(KeyCode::Home),
    Key::Code(KeyCode::End),
];

pub const fn arrows<A>(act: A) -> Binding<A> {
    Binding {
        keys: ARROW_KEYS,
        shown: "↑↓ PgUp/PgDn",
        ascii: "Up/Dn PgUp/PgDn",
        short: S::Move,
        long: S::MoveLong,
        act,
    }
}

const CLOSE_KEYS: &[Key] = &[Key::Code(KeyCode::Esc), Key::Char('q')];

/// `Esc`/`q` closing a window.
pub const fn close<A>(act: A) -> Binding<A> {
    bind(CLOSE_KEYS, "Esc/q", S::Close, S::CloseLong, act)
}

/// `?`: the help of the screen.
pub const fn help<A>(act: A) -> Binding<A> {
    bind(&[Key::Char('?')], "?", S::Help, S::HelpLong, act)
}

/// `L`: the other language.
pub const fn lang<A>(act: A) -> Binding<A> {
    bind(&[Key::Char('L')], "L", S::Lang, S::LangLong, act)
}

const ENTER: &[Key] = &[Key::Code(KeyCode::Enter)];

/// `Enter`: open or choose the selected row; `long` says what it opens.
pub const fn enter<A>(short: S, long: S, act: A) -> Binding<A> {
    bind(ENTER, "Enter", short, long, act)
}

/// `n`: a new record; `long` says of what.
pub const fn new<A>(long: S, act: A) -> Binding<A> {
    bind(&[Key::Char('n')], "n", S::New, long, act)
}

/// `e`: edit the selected record.
pub const fn edit<A>(act: A) -> Binding<A> {
    bind(&[Key::Char('e')], "e", S::Edit, S::EditLong, act)
}

/// `d`: delete the selected record (asking first).
pub const fn delete<A>(act: A) -> Binding<A> {
    bind(&[Key::Char('d')], "d", S::Delete, S::DeleteLong, act)
}

/// `h`: the selected record's history.
pub const fn history<A>(act: A) -> Binding<A> {
    bind(&[Key::Char('h')], "h", S::History, S::HistoryLong, act)
}

/// The action of the first binding that answers to `ev`.
pub fn find<A: Copy>(table: &[Binding<A>], ev: &KeyEvent) -> Option<A> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.act)
}

/// The bar's and help's lines of a table, for the actions `offered` says the screen offers
/// now.
pub fn commands<A: Copy>(
    table: &[Binding<A>],
    ascii: bool,
    offered: impl Fn(A) -> bool,
) -> Vec<Command> {
    table
        .iter()
        .filter(|b| !b.shown.is_empty() && offered(b.act))
        .map(|b| Command {
            keys: if ascii { b.ascii } else { b.shown },
            short: b.short,
            long: b.long,
        })
        .collect()
}

/// Every line of a table.
pub fn all<A: Copy>(table: &[Binding<A>], ascii: bool) -> Vec<Command> {
    commands(table, ascii, |_| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn keys_match_with_and_without_ctrl_as_written() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        assert!(Key::Char('s').matches(&ev(KeyCode::Char('s'), none)));
        assert!(!Key::Char('s').matches(&ev(KeyCode::Char('s'), ctrl)));
        assert!(Key::Ctrl('s').matches(&ev(KeyCode::Char('s'), ctrl)));
        assert!(!Key::Ctrl('s').matches(&ev(KeyCode::Char('s'), none)));
        assert!(Key::Char('S').matches(&ev(KeyCode::Char('S'), KeyModifiers::SHIFT)));
        assert!(Key::Range('1', '5').matches(&ev(KeyCode::Char('3'), none)));
        assert!(!Key::Range('1', '5').matches(&ev(KeyCode::Char('6'), none)));
        assert!(Key::Code(KeyCode::Enter).matches(&ev(KeyCode::Enter, none)));
        assert!(!Key::Text.matches(&ev(KeyCode::Enter, none)));
    }

    #[test]
    fn clashes_find_a_key_bound_twice_on_one_screen() {
        assert!(Key::Range('1', '5').overlaps(Key::Char('3')));
        assert!(!Key::Range('1', '5').overlaps(Key::Char('6')));
        assert!(Key::Text.overlaps(Key::Char('q')));
        assert!(!Key::Text.overlaps(Key::Ctrl('q')));
        assert!(!Key::Code(KeyCode::Enter).overlaps(Key::Code(KeyCode::Esc)));
        let a = [Key::Char('e'), Key::Code(KeyCode::Enter)];
        let b = [Key::Char('f'), Key::Char('e')];
        assert_eq!(clashes(&[&a, &b]), [Key::Char('e')]);
        assert!(clashes(&[&a, &[Key::Char('f')]]).is_empty());
    }

    #[test]
    fn the_first_binding_of_a_key_wins_and_hidden_ones_are_not_listed() {
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum A {
            One,
            Two,
            Three,
        }
        const T: &[Binding<A>] = &[
            bind(&[Key::Char('x')], "x", S::Edit, S::EditLong, A::One),
            bind(
                &[Key::Char('x'), Key::Char('y')],
                "y",
                S::Help,
                S::HelpLong,
                A::Two,
            ),
            hidden(&[Key::Char('z')], A::Three),
        ];
        let x = ev(KeyCode::Char('x'), KeyModifiers::NONE);
        let y = ev(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(find(T, &x), Some(A::One));
        assert_eq!(find(T, &y), Some(A::Two));
        assert_eq!(find(T, &ev(KeyCode::Char('w'), KeyModifiers::NONE)), None);
        let shown: Vec<&str> = all(T, false).iter().map(|c| c.keys).collect();
        assert_eq!(shown, ["x", "y"]);
        let offered = commands(T, false, |a| a != A::One);
        assert_eq!(offered.len(), 1);
    }
}
