//! Styles by meaning, not by colour (atuin's `Meaning`). With colour off (`NO_COLOR`, a pipe,
//! `--color never`) every meaning falls back to bold, reverse or underline so nothing that
//! matters is carried by colour alone. No meaning paints a background over a whole area: on a
//! slow link a background costs bytes on every cell it touches.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// Ordinary text.
    Plain,
    /// Section titles, popup titles.
    Title,
    /// The tab being shown.
    TabActive,
    /// Other tabs.
    Tab,
    /// Column headers.
    Header,
    /// The selected row's key cell.
    Selected,
    /// The marker beside the selected row.
    Marker,
    /// Secondary text: counts of a total, dates in a list.
    Muted,
    /// Done, recognised, the filled part of a bar.
    Good,
    /// Needs attention: overdue.
    Warn,
    /// An error message.
    Bad,
    /// A key in the key bar and the help.
    Key,
    /// A one-line notice.
    Notice,
    /// The text a search found, in the rows it narrowed the table to.
    Match,
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

/// Terminals that lack line-drawing glyphs and 256 colours: the Linux console (`linux`) and
/// the VT100 and VT220 and what is configured as them. The colours are written as 256-colour
/// codes, which they show as garbage or not at all.
pub fn plain_terminal(term: Option<&str>) -> bool {
    let Some(t) = term else { return false };
    let base = t.split('-').next().unwrap_or(t);
    matches!(base, "linux" | "vt100" | "vt220")
}

impl Theme {
    /// The theme for the terminal `term` (`$TERM`): on a [`plain_terminal`], ASCII borders
    /// and no colour unless colour was asked for (`--color always`).
    pub fn for_terminal(color: bool, color_forced: bool, ascii: bool, term: Option<&str>) -> Theme {
        let plain = plain_terminal(term);
        Theme {
            color: color && (color_forced || !plain),
            ascii: ascii || plain,
        }
    }

    pub fn style(&self, m: Meaning) -> Style {
        let s = Style::default();
        if self.color {
            match m {
                Meaning::Title => s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
                Meaning::TabActive => s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
                Meaning::Tab | Meaning::Plain => s,
                Meaning::Header => s.fg(Color::Cyan),
                Meaning::Selected => s.add_modifier(Modifier::REVERSED),
                Meaning::Marker => s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
                Meaning::Muted => s.fg(Color::DarkGray),
                Meaning::Good => s.fg(Color::Green),
                Meaning::Warn => s.fg(Color::Red),
                Meaning::Bad => s.fg(Color::Red).add_modifier(Modifier::BOLD),
                Meaning::Key => s.fg(Color::Yellow),
                Meaning::Notice => s.fg(Color::Magenta),
                Meaning::Match => s
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            }
        } else {
            match m {
                Meaning::Title => s.add_modifier(Modifier::BOLD),
                Meaning::TabActive => s.add_modifier(Modifier::REVERSED),
                Meaning::Tab | Meaning::Plain | Meaning::Muted | Meaning::Good => s,
                Meaning::Header => s.add_modifier(Modifier::UNDERLINED),
                Meaning::Selected => s.add_modifier(Modifier::REVERSED),
                Meaning::Marker | Meaning::Key | Meaning::Warn => s.add_modifier(Modifier::BOLD),
                Meaning::Bad => s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                Meaning::Notice => s.add_modifier(Modifier::UNDERLINED),
                Meaning::Match => s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            }
        }
    }

    /// Border glyphs: line drawing, or `+-|` for terminals and fonts that lack them.
    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        }
    }

    /// Filled and empty cells of a bar.
    pub fn bar_glyphs(&self) -> (&'static str, &'static str) {
        if self.ascii {
            ("#", "-")
        } else {
            ("█", "░")
        }
    }

    /// Done and pending steps of the pipeline.
    pub fn step_glyphs(&self) -> (&'static str, &'static str) {
        if self.ascii {
            ("*", "o")
        } else {
            ("●", "○")
        }
    }

    pub fn marker(&self) -> &'static str {
        if self.ascii { ">" } else { "▶" }
    }

    pub fn ellipsis(&self) -> &'static str {
        if self.ascii { "~" } else { "…" }
    }

    pub fn separator(&self) -> &'static str {
        if self.ascii { "|" } else { "│" }
    }

    /// The marks of the sort column's header: ascending, descending.
    pub fn sort_marks(&self) -> (&'static str, &'static str) {
        if self.ascii {
            ("^", "v")
        } else {
            ("▲", "▼")
        }
    }

    pub fn arrows(&self) -> &'static str {
        if self.ascii { "Up/Dn" } else { "↑↓" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_terminals_get_ascii_and_no_colour() {
        for t in ["linux", "vt100", "vt220", "vt100-am"] {
            let th = Theme::for_terminal(true, false, false, Some(t));
            assert!(th.ascii && !th.color, "{t}");
        }
        let forced = Theme::for_terminal(true, true, false, Some("linux"));
        assert!(forced.color && forced.ascii);
        for t in [Some("xterm-256color"), Some("screen"), None] {
            let th = Theme::for_terminal(true, false, false, t);
            assert!(!th.ascii && th.color, "{t:?}");
        }
    }
}
