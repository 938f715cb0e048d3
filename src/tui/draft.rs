//! A form survives a dropped connection. The loop keeps the text of the form being filled in
//! (JSON of what it edits and the values typed) in a shared slot after every batch of keys;
//! on SIGHUP or SIGTERM a signal thread hands that text to the backend as the user's draft
//! (`Request::SaveDraft`), restores the terminal and exits. Saved records need nothing: the
//! backend flushed each one before it answered. At the next start the draft is offered back.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::actions::{Answer, Then};
use super::app::{App, Flash, Popup};
use super::form::Target;
use super::forms;
use super::i18n::S;
use crate::api::{Api, Backend, Request};

/// Raised when the draft's shape changes; an older draft is then dropped, not misread.
const VERSION: u32 = 1;

/// What is kept of an unfinished form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftData {
    pub v: u32,
    pub target: Target,
    /// The revision the edit was based on, so a save after reopening still sees a conflict.
    pub rev: u64,
    pub rows: usize,
    pub values: Vec<(String, String)>,
}

/// The slot the signal thread reads: the current draft, if a changed form is open.
pub type Slot = Arc<Mutex<Option<String>>>;

impl App {
    /// The draft text of the topmost form, when it holds changes.
    pub fn draft_text(&self) -> Option<String> {
        let f = self.popups.iter().rev().find_map(|p| match p {
            Popup::Form(f) => Some(f),
            _ => None,
        })?;
        if !f.dirty() {
            return None;
        }
        let d = DraftData {
            v: VERSION,
            target: f.target.clone(),
            rev: f.base.rev(),
            rows: f.rows(),
            values: f.values(),
        };
        serde_json::to_string(&d).ok()
    }

    /// At start: ask whether to reopen a form a dropped connection left behind.
    pub fn offer_draft(&mut self, api: &Api) {
        let Ok(Some(text)) = api.draft() else { return };
        if text.is_empty() {
            return;
        }
        self.popups.push(Popup::Ask {
            title: S::DraftTitle,
            text: S::DraftFound.get(self.lang).to_string(),
            options: vec![
                Answer {
                    key: 'y',
                    label: S::Restore,
                    then: Some(Then::RestoreDraft(text)),
                },
                Answer {
                    key: 'n',
                    label: S::Discard,
                    then: Some(Then::DropDraft),
                },
            ],
        });
    }
}

/// Open the form of a draft again with the values it held.
pub fn reopen(app: &mut App, api: &Api, text: &str) {
    let Ok(d) = serde_json::from_str::<DraftData>(text) else {
        return;
    };
    if d.v != VERSION {
        return;
    }
    match forms::open(api, &d.target, app.lang, app.today) {
        Ok(mut f) => {
            f.restore(&d.values, d.rows);
            if d.rev != 0 {
                f.base.set_rev(d.rev);
            }
            app.popups.push(Popup::Form(Box::new(f)));
        }
        Err(e) => app.notice = Some(Flash::Error(e.text(app.lang))),
    }
}

/// Hand the slot's draft to the backend; what the signal thread does before exiting.
pub fn save_now(backend: &dyn Backend, slot: &Slot) {
    let text = slot
        .lock()
        .map(|g| g.clone())
        .unwrap_or_else(|p| p.into_inner().clone());
    if let Some(text) = text {
        let _ = backend.call(Request::SaveDraft { text });
    }
}

/// On SIGHUP (the SSH link dropped) or SIGTERM: keep the draft, restore the terminal, exit.
/// The thread holds the backend weakly, so that quitting closes the database (which leaves
/// the status cache for the next `dvk status`).
pub fn watch_signals(
    backend: std::sync::Weak<dyn Backend>,
    slot: Slot,
    restore: fn(),
) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                if let Some(b) = backend.upgrade() {
                    save_now(b.as_ref(), &slot);
                }
                restore();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}
