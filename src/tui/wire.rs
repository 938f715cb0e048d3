//! A backend wrapper that makes each frame a little cheaper on the wire. ratatui sends only
//! the cells that changed, and moves the cursor (`ESC[row;colH`, 6–8 bytes) over every run of
//! unchanged cells — even a single space between two table columns. This wrapper keeps a copy
//! of what the terminal shows and, where the unchanged run is shorter in bytes than the cursor
//! move, sends those cells again instead: the screen ends up the same, with fewer bytes.

use std::io;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use unicode_width::UnicodeWidthStr;

pub struct GapFill<B: Backend> {
    inner: B,
    /// What the terminal shows, as far as this backend has drawn it.
    screen: Buffer,
    /// False after a partial clear: the copy can no longer be trusted, so gaps are not filled
    /// until the next full clear.
    known: bool,
}

impl<B: Backend> GapFill<B> {
    pub fn new(inner: B) -> Self {
        GapFill {
            inner,
            screen: Buffer::empty(Rect::default()),
            known: true,
        }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    /// Make sure the copy holds `(x, y)`, keeping what it holds: the terminal's cells do not
    /// move because the copy learnt the screen is larger (a real resize clears first).
    fn fit(&mut self, x: u16, y: u16) {
        let a = self.screen.area;
        if x >= a.width || y >= a.height {
            let mut b = Buffer::empty(Rect::new(0, 0, a.width.max(x + 1), a.height.max(y + 1)));
            for yy in 0..a.height {
                for xx in 0..a.width {
                    b[(xx, yy)] = self.screen[(xx, yy)].clone();
                }
            }
            self.screen = b;
        }
    }

    /// The terminal was cleared: the copy is blank, at the terminal's size.
    fn blank(&mut self) {
        self.known = true;
        match self.inner.size() {
            Ok(s) => self.screen = Buffer::empty(Rect::new(0, 0, s.width, s.height)),
            Err(_) => self.screen.reset(),
        }
    }
}

fn same_style(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
}

impl<B: Backend> Backend for GapFill<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let changed: Vec<(u16, u16, Cell)> = content.map(|(x, y, c)| (x, y, c.clone())).collect();
        // Grow the copy once per frame, not cell by cell.
        let max_x = changed.iter().map(|c| c.0).max().unwrap_or(0);
        let max_y = changed.iter().map(|c| c.1).max().unwrap_or(0);
        self.fit(max_x, max_y);
        let mut out: Vec<(u16, u16, Cell)> = Vec::with_capacity(changed.len() * 2);
        let mut prev: Option<(u16, u16, Cell)> = None;
        for (x, y, cell) in changed {
            if let Some((px, py, pc)) = &prev
                && self.known
                && *py == y
                && x > px + 1
                && pc.symbol().width() == 1
            {
                let gap = (px + 1)..x;
                let move_cost = format!("\x1b[{};{}H", y + 1, x + 1).len();
                let cells: Vec<&Cell> = gap.clone().map(|gx| &self.screen[(gx, y)]).collect();
                let bytes: usize = cells.iter().map(|c| c.symbol().len()).sum();
                let plain = cells
                    .iter()
                    .all(|c| c.symbol().width() == 1 && same_style(c, pc));
                if plain && bytes <= move_cost {
                    out.extend(gap.zip(cells).map(|(gx, c)| (gx, y, c.clone())));
                }
            }
            self.screen[(x, y)] = cell.clone();
            prev = Some((x, y, cell.clone()));
            out.push((x, y, cell));
        }
        self.inner.draw(out.iter().map(|(x, y, c)| (*x, *y, c)))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.known = false;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.blank();
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        if clear_type == ClearType::All {
            self.blank();
        } else {
            self.known = false;
        }
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

/// The terminal backend of the interface: crossterm writing to `w`, gaps filled.
pub fn crossterm<W: io::Write>(w: W) -> GapFill<ratatui::backend::CrosstermBackend<W>> {
    GapFill::new(ratatui::backend::CrosstermBackend::new(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::{CrosstermBackend, TestBackend};
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use ratatui::{TerminalOptions, Viewport};

    /// Whatever is drawn, the screen behind the wrapper is the screen ratatui meant.
    #[test]
    fn screen_is_unchanged_by_filling_gaps() {
        let frames = ["a b  c      d", "a x  c  y   d", "ab", "Khuổi  Phầy   x"];
        let mut plain = Terminal::new(TestBackend::new(20, 2)).unwrap();
        let mut filled = Terminal::new(GapFill::new(TestBackend::new(20, 2))).unwrap();
        for f in frames {
            plain
                .draw(|fr| fr.buffer_mut().set_string(0, 1, f, Style::default()))
                .unwrap();
            filled
                .draw(|fr| fr.buffer_mut().set_string(0, 1, f, Style::default()))
                .unwrap();
            assert_eq!(plain.backend().buffer(), filled.backend().inner().buffer());
        }
    }

    /// A writer whose bytes the test can still read after handing it to a backend.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn second_frame_bytes<B: Backend>(backend: B, out: &Shared) -> usize {
        let opts = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 30, 2)),
        };
        let mut t = Terminal::with_options(backend, opts).unwrap();
        t.draw(|fr| {
            fr.buffer_mut()
                .set_string(0, 1, "a b  c      d", Style::default())
        })
        .unwrap();
        out.0.borrow_mut().clear();
        t.draw(|fr| {
            fr.buffer_mut()
                .set_string(0, 1, "x b  y      z", Style::default())
        })
        .unwrap();
        out.0.borrow().len()
    }

    /// Changing cells a few columns apart costs fewer bytes than with cursor moves.
    #[test]
    fn short_gaps_are_cheaper_than_cursor_moves() {
        let (a, b) = (Shared::default(), Shared::default());
        let plain = second_frame_bytes(CrosstermBackend::new(a.clone()), &a);
        let filled = second_frame_bytes(crossterm(b.clone()), &b);
        assert!(filled < plain, "{filled} >= {plain}");
    }
}
