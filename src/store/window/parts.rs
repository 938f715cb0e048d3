//! The parts a period's index is made of: bitmaps of the rows a filter or a search keeps,
//! and the folded search texts in one buffer.

// --- bitmaps -----------------------------------------------------------------------------

#[derive(Clone)]
pub(super) struct Bits(Vec<u64>);

impl Bits {
    pub(super) fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    pub(super) fn set(&mut self, i: u32) {
        self.0[i as usize / 64] |= 1 << (i % 64);
    }
    pub(super) fn get(&self, i: u32) -> bool {
        self.0
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    pub(super) fn and(&mut self, o: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            *a &= b;
        }
    }
    pub(super) fn count(&self) -> u64 {
        self.0.iter().map(|w| w.count_ones() as u64).sum()
    }
    pub(super) fn ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros();
                w &= w - 1;
                Some(i as u32 * 64 + b)
            })
        })
    }
}

// --- the folded texts ----------------------------------------------------------------------

/// The folded search texts of the slots, one after another, each followed by `\n` (which no
/// folded query holds, so a match never spans two rows). A changed text is appended and the
/// old one blanked; the buffer is rewritten when blanks are the larger part.
#[derive(Default)]
pub(super) struct Hay {
    buf: Vec<u8>,
    /// Per slot: start and length in `buf`.
    at: Vec<(u32, u32)>,
    /// Starts of the texts in `buf` with their slot, in order of start.
    owners: Vec<(u32, u32)>,
    blank: usize,
}

impl Hay {
    pub(super) fn set(&mut self, slot: u32, text: &str) {
        self.clear(slot);
        let start = self.buf.len() as u32;
        self.buf.extend_from_slice(text.as_bytes());
        self.buf.push(b'\n');
        if self.at.len() <= slot as usize {
            self.at.resize(slot as usize + 1, (0, 0));
        }
        self.at[slot as usize] = (start, text.len() as u32);
        self.owners.push((start, slot));
    }

    pub(super) fn clear(&mut self, slot: u32) {
        if let Some(&(s, l)) = self.at.get(slot as usize)
            && l > 0
        {
            self.buf[s as usize..(s + l) as usize].fill(b'\n');
            self.blank += l as usize;
            self.at[slot as usize] = (0, 0);
        }
        if self.blank > 1 << 20 && self.blank * 2 > self.buf.len() {
            self.compact();
        }
    }

    pub(super) fn compact(&mut self) {
        let old = std::mem::take(&mut self.buf);
        self.owners.clear();
        self.blank = 0;
        for (slot, at) in self.at.iter_mut().enumerate() {
            if at.1 == 0 {
                continue;
            }
            let start = self.buf.len() as u32;
            self.buf
                .extend_from_slice(&old[at.0 as usize..(at.0 + at.1) as usize]);
            self.buf.push(b'\n');
            *at = (start, at.1);
            self.owners.push((start, slot as u32));
        }
    }

    pub(super) fn text(&self, slot: u32) -> &[u8] {
        let (s, l) = self.at.get(slot as usize).copied().unwrap_or((0, 0));
        &self.buf[s as usize..(s + l) as usize]
    }

    /// The slots whose text contains `q` (not empty).
    pub(super) fn find(&self, q: &str, slots: usize) -> Bits {
        let mut bits = Bits::new(slots);
        let f = memchr::memmem::Finder::new(q.as_bytes());
        let mut pos = 0;
        // Matches come in order of place: the text holding one is found by walking on.
        let mut o = 0;
        while let Some(i) = f.find(&self.buf[pos..]) {
            let at = (pos + i) as u32;
            while o + 1 < self.owners.len() && self.owners[o + 1].0 <= at {
                o += 1;
            }
            let slot = self.owners[o].1;
            bits.set(slot);
            let (s, l) = self.at[slot as usize];
            pos = (s + l) as usize + 1;
        }
        bits
    }

    /// Of the slots in `within`, those whose text contains `q`.
    pub(super) fn narrow(&self, q: &str, within: &Bits) -> Bits {
        let mut bits = Bits(vec![0; within.0.len()]);
        let f = memchr::memmem::Finder::new(q.as_bytes());
        for s in within.ones() {
            if f.find(self.text(s)).is_some() {
                bits.set(s);
            }
        }
        bits
    }
}
