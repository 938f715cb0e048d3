//! What the interface remembers of each user between sessions: the language they switched
//! to, the tab they were on, the models' sort. Kept in `state.toml` beside the config
//! (`$XDG_CONFIG_HOME/dvk/state.toml`), written whole on quit; a file that cannot be read or
//! understood is ignored, and the interface starts as it would without one.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::app::{App, Tab};
use super::models::SortCol;
use crate::i18n::Lang;

/// The longest state file read; a larger one is not ours and is ignored.
const MAX_BYTES: u64 = 16 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Remembered {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(default)]
    pub descending: bool,
}

/// The file's contents; nothing remembered when it is missing, too large or damaged.
pub fn load(path: &Path) -> Remembered {
    let Ok(f) = std::fs::File::open(path) else {
        return Remembered::default();
    };
    let mut bytes = Vec::new();
    if f.take(MAX_BYTES + 1).read_to_end(&mut bytes).is_err() || bytes.len() as u64 > MAX_BYTES {
        return Remembered::default();
    }
    std::str::from_utf8(&bytes)
        .ok()
        .and_then(|t| toml::from_str(t).ok())
        .unwrap_or_default()
}

/// Write the file whole (its directory created when missing).
pub fn save(path: &Path, r: &Remembered) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = toml::to_string(r).map_err(std::io::Error::other)?;
    crate::fsutil::write_atomic(path, text.as_bytes(), 0o600)
}

fn tab_code(t: Tab) -> &'static str {
    match t {
        Tab::Overview => "overview",
        Tab::Units => "units",
        Tab::Models => "models",
        Tab::Progress => "progress",
        Tab::Awards => "awards",
    }
}

fn sort_code(c: SortCol) -> String {
    format!("{c:?}").to_lowercase()
}

impl App {
    /// What to remember of this session.
    pub fn remembered(&self) -> Remembered {
        Remembered {
            lang: Some(self.lang.code().to_string()),
            tab: Some(tab_code(self.tab).to_string()),
            sort: Some(sort_code(self.models.sort)),
            descending: self.models.descending,
        }
    }

    /// Start where the user left off. The language only when none was chosen for this run
    /// (`--lang`, `DVK_LANG`, the config's `lang`); an unknown value leaves its setting as is.
    pub fn recall(&mut self, r: &Remembered, lang_given: bool) {
        if !lang_given && let Some(l) = r.lang.as_deref().and_then(Lang::parse) {
            self.lang = l;
        }
        if let Some(t) = Tab::ALL
            .iter()
            .find(|t| Some(tab_code(**t)) == r.tab.as_deref())
        {
            self.tab = *t;
        }
        if let Some(want) = r.sort.as_deref() {
            let mut c = SortCol::Code;
            for _ in 0..16 {
                if sort_code(c) == want {
                    self.models.sort = c;
                    self.models.descending = r.descending;
                    break;
                }
                c = c.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::Theme;

    fn app() -> App {
        App::new(
            Lang::Vi,
            Theme {
                color: false,
                ascii: false,
            },
            chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap(),
        )
    }

    #[test]
    fn language_tab_and_sort_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dvk").join("state.toml");
        let mut a = app();
        a.lang = Lang::En;
        a.tab = Tab::Models;
        a.models.sort = SortCol::Code.next().next();
        a.models.descending = true;
        save(&path, &a.remembered()).unwrap();
        let mut b = app();
        b.recall(&load(&path), false);
        assert_eq!(b.lang, Lang::En);
        assert_eq!(b.tab, Tab::Models);
        assert_eq!(b.models.sort, SortCol::Title);
        assert!(b.models.descending);
        // A language chosen for this run wins over the remembered one.
        let mut c = app();
        c.recall(&load(&path), true);
        assert_eq!(c.lang, Lang::Vi);
        assert_eq!(c.tab, Tab::Models);
    }

    #[test]
    fn a_damaged_or_huge_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        for bytes in [
            b"lang = \"en\"\ntab = [".to_vec(),
            vec![0xff, 0xfe, 0x00],
            b"tab = 3\n".to_vec(),
            format!("lang = \"en\"\n#{}\n", "x".repeat(40_000)).into_bytes(),
        ] {
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(load(&path), Remembered::default());
        }
        std::fs::write(&path, "lang = \"xx\"\ntab = \"nowhere\"\nsort = \"?\"\n").unwrap();
        let mut a = app();
        a.recall(&load(&path), false);
        assert_eq!(
            (a.lang, a.tab, a.models.sort),
            (Lang::Vi, Tab::Overview, SortCol::Code)
        );
    }
}
