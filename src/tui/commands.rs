//! The keys that work on the current screen, as one list (gitui's `command.rs`): the key bar
//! at the bottom and the `?` help are both drawn from [`commands`], so they cannot disagree
//! with each other. Every key a screen answers is listed here, forms included.

use super::app::{App, Popup, Tab};
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

const fn c(keys: &'static str, short: S, long: S) -> Command {
    Command { keys, short, long }
}

/// The commands of the screen the user is looking at: the topmost popup if any, else the
/// search being typed, else the tab.
pub fn commands(app: &App) -> Vec<Command> {
    commands_below(app, app.popups.len())
}

/// The commands of the screen under the first `depth` popups (the help shows the commands of
/// the screen it was opened from).
pub fn commands_below(app: &App, depth: usize) -> Vec<Command> {
    let ascii = app.theme.ascii;
    let mv = if ascii {
        "Up/Dn j/k PgUp/PgDn g/G"
    } else {
        "↑↓ j/k PgUp/PgDn g/G"
    };
    let move_cmd = c(mv, S::Move, S::MoveLong);
    let close = c("Esc/q", S::Close, S::CloseLong);
    let help = c("?", S::Help, S::HelpLong);
    let lang = c("L", S::Lang, S::LangLong);
    if depth > 0 {
        return match &app.popups[depth - 1] {
            Popup::Help { .. } => vec![close, c(mv, S::Scroll, S::ScrollLong), lang],
            Popup::Model { .. } => vec![
                help,
                close,
                c(mv, S::Scroll, S::ScrollLong),
                c("e", S::Edit, S::EditLong),
                c("d", S::Delete, S::DeleteLong),
                c("h", S::History, S::HistoryLong),
                c("a", S::Actions, S::ActionsLong),
                c("i", S::CheckinKey, S::CheckinLong),
                c("w", S::AwardKey, S::AwardLong),
                lang,
            ],
            Popup::Form(f) if f.pick.is_some() => vec![
                c(
                    if ascii {
                        "Up/Dn PgUp/PgDn"
                    } else {
                        "↑↓ PgUp/PgDn"
                    },
                    S::Move,
                    S::MoveLong,
                ),
                c("Enter", S::Pick, S::ChooseLong),
                c("a-z", S::FilterList, S::FilterListLong),
                c("Esc", S::Close, S::CloseLong),
            ],
            Popup::Form(f) => {
                let mut v = vec![
                    c("Tab/S-Tab", S::Fields, S::FieldsLong),
                    c("Enter", S::Pick, S::PickLong),
                    c("Ctrl-S", S::Save, S::SaveLong),
                    c("Esc", S::Cancel, S::CancelLong),
                ];
                if matches!(
                    f.base,
                    super::records::Base::Model { .. } | super::records::Base::Period(_)
                ) {
                    v.push(c("Ctrl-N", S::AddRow, S::AddRowLong));
                    v.push(c("Ctrl-D", S::DelRow, S::DelRowLong));
                }
                v.push(c("Ctrl-J", S::NewLine, S::NewLineLong));
                v.push(c("Home/End Ctrl-W/U/K", S::EditKeys, S::EditKeysLong));
                v.push(c("F1", S::Help, S::HelpLong));
                v
            }
            Popup::Ask { options, .. } => {
                // The answers' keys in the language's words (có/không: c/k).
                let vi = app.lang == Lang::Vi;
                let keys = match (options.iter().any(|o| o.key == 'r'), vi) {
                    (true, true) => "r/o/k",
                    (true, false) => "r/o/n",
                    (false, true) => "c/k",
                    (false, false) => "y/n",
                };
                vec![
                    c(keys, S::Confirm, S::AnswerLong),
                    c("Esc", S::Cancel, S::CloseLong),
                ]
            }
            Popup::History { .. } => vec![help, close, c(mv, S::Scroll, S::ScrollLong), lang],
            Popup::CatalogList { .. } => vec![
                help,
                close,
                move_cmd,
                c("Enter", S::Edit, S::ChooseLong),
                c("h", S::History, S::HistoryLong),
                lang,
            ],
            Popup::Catalog { .. } | Popup::Actions { .. } => {
                vec![
                    help,
                    close,
                    move_cmd,
                    c("Enter", S::Open, S::ChooseLong),
                    lang,
                ]
            }
            Popup::Unit { .. } => vec![
                help,
                close,
                move_cmd,
                c("Enter", S::Open, S::OpenModelLong),
                lang,
            ],
            Popup::Period { .. } | Popup::FilterDims { .. } | Popup::FilterValues { .. } => {
                vec![
                    help,
                    close,
                    move_cmd,
                    c("Enter", S::Open, S::ChooseLong),
                    lang,
                ]
            }
        };
    }
    if app.searching {
        return vec![
            c("Enter", S::SearchEnd, S::SearchEndLong),
            c("Esc", S::SearchCancel, S::SearchCancelLong),
            c(
                if ascii {
                    "Up/Dn PgUp/PgDn"
                } else {
                    "↑↓ PgUp/PgDn"
                },
                S::Move,
                S::MoveLong,
            ),
        ];
    }
    let mut out = vec![
        help,
        c("q", S::Quit, S::QuitLong),
        c("1-5 Tab", S::Tabs, S::TabsLong),
    ];
    if app.tab != Tab::Overview {
        out.push(move_cmd);
        out.push(c("/", S::Search, S::SearchLong));
    }
    let model_keys = |out: &mut Vec<Command>| {
        out.push(c("e", S::Edit, S::EditLong));
        out.push(c("d", S::Delete, S::DeleteLong));
        out.push(c("h", S::History, S::HistoryLong));
        out.push(c("a", S::Actions, S::ActionsLong));
        out.push(c("i", S::CheckinKey, S::CheckinLong));
        out.push(c("w", S::AwardKey, S::AwardLong));
    };
    match app.tab {
        Tab::Overview => {
            out.push(c("r", S::ReportKey, S::ReportKeyLong));
            if app.as_of_days().len() > 1 {
                out.push(c("v", S::CycleAsOf, S::CycleAsOfLong));
            }
        }
        Tab::Units => {
            out.push(c("Enter", S::Open, S::OpenUnitLong));
            out.push(c("n", S::New, S::NewUnitLong));
            out.push(c("e", S::Edit, S::EditLong));
            out.push(c("d", S::Delete, S::DeleteLong));
            out.push(c("h", S::History, S::HistoryLong));
        }
        Tab::Models => {
            out.push(c("Enter", S::Open, S::OpenModelLong));
            out.push(c("f", S::Filter, S::FilterLong));
            out.push(c("s/S", S::Sort, S::SortLong));
            out.push(c("n", S::New, S::NewModelLong));
            model_keys(&mut out);
        }
        Tab::Progress => {
            out.push(c("Enter", S::Open, S::OpenModelLong));
            out.push(c("n", S::New, S::NewModelLong));
            model_keys(&mut out);
        }
        Tab::Awards => {
            out.push(c("Enter", S::Open, S::OpenModelLong));
            out.push(c("e", S::Edit, S::EditLong));
            out.push(c("d", S::Delete, S::DeleteLong));
            out.push(c("h", S::History, S::HistoryLong));
        }
    }
    out.push(c("u", S::Undo, S::UndoLong));
    out.push(c("c", S::Catalogues, S::CatLong));
    if app.can_clear() {
        out.push(c("Esc", S::Clear, S::ClearLong));
    }
    out.push(c("p", S::Period, S::PeriodLong));
    out.push(lang);
    out
}

/// The key bar's pieces: (keys, short label) in the user's language.
pub fn bar_items(cmds: &[Command], lang: Lang) -> Vec<(&'static str, &'static str)> {
    cmds.iter().map(|c| (c.keys, c.short.get(lang))).collect()
}
