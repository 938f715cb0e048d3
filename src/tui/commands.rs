//! The keys that work on the current screen, as one list (gitui's `command.rs`): the key bar
//! at the bottom and the `?` help are both drawn from [`commands`], which reads the key
//! tables of the screen's components (`keymap.rs`) — the tables their handlers read too.

use super::app::App;
use super::i18n::S;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The keys as written on the screen, the same in both languages.
    pub keys: &'static str,
    /// For the key bar.
    pub short: S,
    /// For the help.
    pub long: S,
}

/// The commands of the screen the user is looking at: the topmost popup if any, else the
/// search being typed, else the tab.
pub fn commands(app: &App) -> Vec<Command> {
    commands_below(app, app.popups.len())
}

/// The commands of the screen under the first `depth` popups (the help shows the commands of
/// the screen it was opened from). Each comes from the key table its handler reads.
pub fn commands_below(app: &App, depth: usize) -> Vec<Command> {
    if depth > 0 {
        super::popup::commands(app, depth)
    } else {
        super::tab::commands(app)
    }
}

/// The key bar's pieces: (keys, short label) in the user's language.
pub fn bar_items(cmds: &[Command], lang: Lang) -> Vec<(&'static str, &'static str)> {
    cmds.iter().map(|c| (c.keys, c.short.get(lang))).collect()
}
