//! The interface on the sample period, in a store in a temporary directory removed on exit, for
//! trying keys and measuring bytes with `../shared/tools/ptybytes.py`:
//! `cargo run --example tui_sample -- [en] [ascii] [nocolor] [N]` (N: generated models).

use std::sync::Arc;

use dvk::i18n::Lang;
use dvk::tui::testing::{generated, sample, today};
use dvk::tui::{TuiOptions, run};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |s: &str| args.iter().any(|a| a == s);
    let n: Option<usize> = args.iter().find_map(|a| a.parse().ok());
    let backend: Arc<dyn dvk::api::Backend> = match n {
        Some(n) => Arc::new(generated(n)),
        None => Arc::new(sample()),
    };
    let opts = TuiOptions {
        lang: if has("en") { Lang::En } else { Lang::Vi },
        color: !has("nocolor") && std::env::var_os("NO_COLOR").is_none(),
        ascii: has("ascii"),
        today: today(),
        letterhead: Default::default(),
        state: None,
        lang_given: true,
        db: None,
        socket: None,
    };
    run(backend, opts)
}
