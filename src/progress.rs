//! Progress of long work (import, export, backup, restore, check): a bar with rate and time
//! left on a terminal; nothing at all when stderr is not a terminal, so piped output stays
//! clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress(Option<ProgressBar>);

fn shown() -> bool {
    std::io::stderr().is_terminal()
}

impl Progress {
    /// A bar over `len` units of work (rows, bytes, records).
    pub fn bar(len: u64, msg: &str) -> Progress {
        if !shown() {
            return Progress(None);
        }
        let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(4));
        pb.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} · {per_sec} · {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        pb.set_message(msg.to_string());
        Progress(Some(pb))
    }

    /// Work of unknown size.
    pub fn spinner(msg: &str) -> Progress {
        if !shown() {
            return Progress(None);
        }
        let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
        pb.set_style(
            ProgressStyle::with_template("{msg} {pos} · {per_sec} · {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        pb.set_message(msg.to_string());
        Progress(Some(pb))
    }

    pub fn set(&self, pos: u64, len: u64) {
        if let Some(pb) = &self.0 {
            pb.set_length(len);
            pb.set_position(pos);
        }
    }

    pub fn inc(&self, n: u64) {
        if let Some(pb) = &self.0 {
            pb.inc(n);
        }
    }

    pub fn finish(&self) {
        if let Some(pb) = &self.0 {
            pb.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
