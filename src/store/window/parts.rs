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

/// Folded texts larger than this (about 80,000 models' worth) are searched on two threads.
const SPLIT_ABOVE: usize = 8 << 20;

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

    /// The slots whose text contains `q` (not empty). Texts of more than [`SPLIT_ABOVE`]
    /// bytes are searched in two halves at once: a keystroke's scan of a million texts takes
    /// half the time on a server's two cores.
    pub(super) fn find(&self, q: &str, slots: usize) -> Bits {
        let parts = if self.buf.len() > SPLIT_ABOVE { 2 } else { 1 };
        self.find_in_parts(q, slots, parts)
    }

    /// [`find`](Self::find), the texts cut into `parts` runs searched on threads of their own.
    pub(super) fn find_in_parts(&self, q: &str, slots: usize, parts: usize) -> Bits {
        let f = memchr::memmem::Finder::new(q.as_bytes());
        let n = self.owners.len();
        let cuts: Vec<usize> = (0..=parts.max(1)).map(|k| k * n / parts.max(1)).collect();
        let found: Vec<Vec<u32>> = if cuts.len() == 2 {
            vec![self.scan(&f, 0, n)]
        } else {
            std::thread::scope(|sc| {
                let runs: Vec<_> = cuts
                    .windows(2)
                    .map(|w| {
                        let (a, b, f) = (w[0], w[1], &f);
                        sc.spawn(move || self.scan(f, a, b))
                    })
                    .collect();
                runs.into_iter()
                    .map(|r| r.join().unwrap_or_default())
                    .collect()
            })
        };
        let mut bits = Bits::new(slots);
        for slot in found.into_iter().flatten() {
            bits.set(slot);
        }
        bits
    }

    /// The slots, among the texts starting at `owners[a..b]`, whose text holds the finder's
    /// needle. Matches come in order of place: the text holding one is found by walking on,
    /// and the search goes on after that text.
    fn scan(&self, f: &memchr::memmem::Finder<'_>, a: usize, b: usize) -> Vec<u32> {
        let mut out = Vec::new();
        if a >= b {
            return out;
        }
        let end = match self.owners.get(b) {
            Some(&(start, _)) => start as usize,
            None => self.buf.len(),
        };
        let mut pos = self.owners[a].0 as usize;
        let mut o = a;
        while pos < end
            && let Some(i) = f.find(&self.buf[pos..end])
        {
            let at = (pos + i) as u32;
            while o + 1 < b && self.owners[o + 1].0 <= at {
                o += 1;
            }
            let slot = self.owners[o].1;
            out.push(slot);
            let (s, l) = self.at[slot as usize];
            pos = (s + l) as usize + 1;
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ones(b: &Bits) -> Vec<u32> {
        b.ones().collect()
    }

    /// Searched in one run or cut into several, the same slots match — with texts changed
    /// (appended again, the old ones blanked), cleared, and a match at a cut's very edge.
    #[test]
    fn a_search_cut_into_runs_finds_what_one_run_finds() {
        let mut h = Hay::default();
        let words = ["khuoi phay", "ban dong", "na sen", "tan thanh", "huu lung"];
        for i in 0..500u32 {
            h.set(
                i,
                &format!("mh{i:04} {} so {i}", words[i as usize % words.len()]),
            );
        }
        for i in (0..500u32).step_by(7) {
            h.set(
                i,
                &format!("doi {i} {}", words[(i as usize + 1) % words.len()]),
            );
        }
        for i in (3..500u32).step_by(11) {
            h.clear(i);
        }
        for q in ["khuoi", "so 1", "mh0", "doi 4", "g", "na sen so 49", "x"] {
            let one = h.find_in_parts(q, 500, 1);
            for parts in [2, 3, 7, 499, 600] {
                assert_eq!(
                    ones(&h.find_in_parts(q, 500, parts)),
                    ones(&one),
                    "{q} {parts}"
                );
            }
            let want: Vec<u32> = (0..500u32)
                .filter(|&s| {
                    let t = h.text(s);
                    !t.is_empty() && memchr::memmem::find(t, q.as_bytes()).is_some()
                })
                .collect();
            assert_eq!(ones(&one), want, "{q}");
        }
    }
}
