//! The interface as a committee clerk meets it over a slow SSH link, in a pseudo-terminal:
//! pastes, `Esc` arriving with the next key, `Ctrl-Z` and `fg`, old terminals, typed dates,
//! Vietnamese answers, the history in words, and what is remembered between sessions. The
//! driver is `common/pty.rs` with `common/pty_driver.py`.

mod common;
#[path = "common/pty.rs"]
mod ptyd;

use common::Sandbox;
use ptyd::Session;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The screen's row that holds `s`.
fn row_of<'a>(screen: &'a str, s: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(s))
        .unwrap_or_else(|| panic!("no row with {s:?}:\n{screen}"))
}

/// A paste — marked by the terminal (bracketed paste) or not, many characters arriving in one
/// read — stays in the one-line field it was pasted into: its line breaks become spaces.
#[test]
fn a_paste_stays_in_its_field() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let out = Session::new(&sb, &[], 80, 24)
        .timeout(30)
        .expect("Tổng quan")
        .keys(&["2", "n"])
        .expect("Thêm đơn vị")
        .text("CB-DAN")
        .key("tab")
        .raw("\x1b[200~Chi bộ\r\nKhuổi\x1b[201~".as_bytes())
        .expect("Chi bộ Khuổi")
        .snap("bracketed")
        .raw(" bản\rPhầy\n".as_bytes())
        .expect("Chi bộ Khuổi bản Phầy")
        .snap("one read")
        .key("c-s")
        .expect("Đã lưu.")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    assert!(
        contains(&out.raw, b"\x1b[?2004h"),
        "bracketed paste is asked of the terminal"
    );
    assert!(
        out.raw.ends_with(b"\x1b[?1049l\x1b[?25h") && contains(&out.raw, b"\x1b[?2004l"),
        "and given back on quit"
    );
    for snap in ["bracketed", "one read"] {
        let screen = out.snap(snap);
        let row = row_of(screen, "Chi bộ Khuổi");
        assert!(
            row.contains('▶'),
            "the field pasted into keeps the cursor: {row}\n{screen}"
        );
    }
    let dir = sb.path().join("out");
    sb.ok(&["export", "--out", dir.to_str().unwrap()]);
    let units = std::fs::read_to_string(dir.join("units.csv")).unwrap();
    let line = row_of(&units, "CB-DAN");
    assert!(line.contains("Chi bộ Khuổi bản Phầy"), "{line}");
}

/// `Esc` and the next key in one read (bytes `1b 71`, `1b 6a`: what a slow link delivers)
/// are `Esc` and then that key, not Alt+key, and neither is lost.
#[test]
fn esc_and_the_next_key_in_one_read_are_both_taken() {
    let sb = Sandbox::new();
    let out = Session::new(&sb, &["--demo"], 80, 24)
        .timeout(30)
        .expect("Tổng quan")
        .key("3")
        .expect("DH-01")
        // Esc ends the search (all rows back), j moves down one row.
        .key("/")
        .text("DH-0")
        .expect("/DH-0")
        .raw(b"\x1bj")
        .absent("/DH-0")
        .expect("2/51")
        // Esc closes the model, q quits.
        .key("enter")
        .expect("Mô hình DH-02")
        .raw(b"\x1bq")
        .exit()
        .run();
    out.assert_exit(0);
}

/// `Ctrl-Z` hands the terminal back to the shell with the job stopped; `fg` brings the
/// interface back with its whole screen drawn again.
#[test]
fn ctrl_z_stops_and_fg_redraws_the_whole_screen() {
    let sb = Sandbox::new();
    let script = "set -m; \"$@\"; echo DA-DUNG; read x; fg";
    let out = Session::new(&sb, &["--demo"], 80, 24)
        .timeout(30)
        .via(&["/bin/bash", "-c", script, "bash"])
        .expect("Tổng quan")
        .expect("Kết quả có 26 tập thể")
        .key("c-z")
        .expect("DA-DUNG")
        .absent("Kết quả có 26 tập thể")
        .key("enter")
        .expect("Kết quả có 26 tập thể")
        .expect("Tổng quan")
        .snap("back")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    let back = out.snap("back");
    assert!(
        back.contains("Trợ giúp"),
        "the key bar is drawn again:\n{back}"
    );
    assert_eq!(out.v["cooked"], serde_json::json!(true));
}

/// The Linux console, a VT100 or VT220: ASCII borders and no 256-colour codes, without
/// being asked.
#[test]
fn old_terminals_get_ascii_borders_and_no_256_colours() {
    for term in ["linux", "vt220"] {
        let sb = Sandbox::new();
        let out = Session::new(&sb, &["--demo"], 80, 24)
            .set_env("TERM", term)
            .timeout(30)
            .expect("Tổng quan")
            .key("3")
            .expect("DH-01")
            .key("enter")
            .expect("Mô hình DH-01")
            .snap("model")
            .key("q")
            .key("q")
            .exit()
            .run();
        out.assert_exit(0);
        assert!(
            !contains(&out.raw, b"\x1b[38;5;"),
            "{term}: no 256-colour code"
        );
        let text = String::from_utf8_lossy(&out.raw);
        for glyph in ['─', '│', '┌', '▶', '█'] {
            assert!(!text.contains(glyph), "{term}: {glyph} is drawn");
        }
        assert!(out.snap("model").contains("+--"), "{}", out.snap("model"));
    }
}

/// Dates typed as clerks write them are read; a day the month lacks is named as such.
#[test]
fn dates_typed_with_dots_dashes_or_short_years() {
    let sb = Sandbox::new();
    let out = Session::new(&sb, &["--demo"], 80, 24)
        .timeout(30)
        .expect("Tổng quan")
        .key("3")
        .expect("DH-01")
        .key("i")
        .expect("Ghi kết quả theo dõi")
        .key("c-u")
        .text("31/02/2020")
        .key("tab")
        .expect("không có ngày 31/02/2020 (tháng 2/2020 có 29 ngày)")
        .key("btab")
        .key("c-u")
        .text("20.10.20")
        .key("tab")
        .expect("20/10/2020")
        .absent("không có ngày")
        .key("btab")
        .key("c-u")
        .text("1-9-2020")
        .key("tab")
        .expect("01/09/2020")
        .key("esc")
        .key("c")
        .absent("Ghi kết quả theo dõi")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
}

/// A required field says so after a save was tried, not when the clerk tabs past it; the
/// question before discarding is answered with c/k (có/không) and shows those keys.
#[test]
fn required_fields_wait_for_a_save_and_answers_are_c_and_k() {
    let sb = Sandbox::new();
    let out = Session::new(&sb, &["--demo"], 80, 24)
        .timeout(30)
        .expect("Tổng quan")
        .keys(&["2", "n"])
        .expect("Thêm đơn vị")
        .keys(&["tab", "tab"])
        .absent("bắt buộc phải nhập")
        .key("c-s")
        .expect("bắt buộc phải nhập")
        .text("CB-X")
        .key("esc")
        .expect("[c] Bỏ thay đổi")
        .expect("[k] Tiếp tục sửa")
        .expect("c/k")
        .key("k")
        .absent("Bỏ thay đổi")
        .expect("Thêm đơn vị")
        .key("esc")
        .key("c")
        .absent("Thêm đơn vị")
        .key("L")
        .keys(&["n", "x", "esc"])
        .expect("[y] Discard")
        .key("y")
        .absent("New unit")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
}

/// The history names fields and values in the interface's language, the day is the one the
/// rest of the program uses, and the user is named by login even without `$USER`.
#[test]
fn history_is_in_words_with_the_login_from_the_uid() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let login = dvk::config::uid_name();
    let out = Session::new(&sb, &[], 120, 40)
        .unset("USER")
        .unset("LOGNAME")
        .timeout(30)
        .expect("Tổng quan")
        .key("3")
        .expect("DH-01")
        .key("a")
        .key("enter")
        .key("tab")
        .text("Đã xong kế hoạch")
        .key("c-s")
        .expect("Đã lưu")
        .key("h")
        .expect("Lịch sử")
        .expect("Lý do: Đã xong kế hoạch")
        .expect("Bước: ")
        .snap("history")
        .key("esc")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    let h = out.snap("history");
    let head = row_of(h, "20/10/2020");
    assert!(head.contains(&login), "{login} in {head}");
    assert!(!h.contains("step:"), "{h}");
}

/// The language, tab and sort are where the user left them at the next start; a damaged
/// state file is ignored; the file is under `$XDG_CONFIG_HOME` when set.
#[test]
fn language_tab_and_sort_are_remembered() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let out = Session::new(&sb, &[], 80, 24)
        .timeout(30)
        .expect("Tổng quan")
        .key("L")
        .expect("Overview")
        .key("3")
        .expect("Sorted by Code")
        .keys(&["s", "s"])
        .expect("Sorted by Title")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    let state = sb.path().join(".config/dvk/state.toml");
    assert!(state.exists());
    let out = Session::new(&sb, &[], 80, 24)
        .timeout(30)
        .expect("Sorted by Title")
        .expect("Overview")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);

    std::fs::write(&state, b"lang = \"en\"\ntab = [[[\xff").unwrap();
    let out = Session::new(&sb, &[], 80, 24)
        .timeout(30)
        .expect("Tổng quan")
        .expect("Kết quả có")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);

    let cfg = sb.path().join("cfg");
    let out = Session::new(&sb, &[], 80, 24)
        .set_env("XDG_CONFIG_HOME", cfg.to_str().unwrap())
        .timeout(30)
        .expect("Tổng quan")
        .key("L")
        .expect("Overview")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    let text = std::fs::read_to_string(cfg.join("dvk/state.toml")).unwrap();
    assert!(text.contains("lang = \"en\""), "{text}");
}

/// At 120 columns the Models tab shows a title's first 40 characters and more, not 21 (most
/// titles begin with “Dân vận khéo trong ”); a search marks what it found in the rows
/// (underlined and bold), and once ended `n`/`N` go through the rows it matched, wrapping
/// round; after `Esc` clears it, `n` registers a new model again.
#[test]
fn titles_have_room_and_n_goes_through_a_search() {
    let sb = Sandbox::new();
    let title = "Dân vận khéo trong nâng cao chất lượng khá";
    let out = Session::new(&sb, &["--demo"], 120, 40)
        .timeout(30)
        .expect("Tổng quan")
        .key("3")
        .expect("Mã ▲")
        .key("/")
        .text("dan van kheo trong")
        .key("enter")
        .expect("/dan van kheo trong   1/")
        .key("n")
        .expect("/dan van kheo trong   2/")
        .expect("n/N Khớp sau/trước")
        .absent(" n Thêm ")
        .keys(&["N", "N"])
        .expect_within("dòng (lọc từ", 2000)
        .absent("/dan van kheo trong   1/")
        .absent("/dan van kheo trong   2/")
        .snap("wrapped")
        .key("esc")
        .key("/")
        // Pasted, so the whole match is drawn in one frame.
        .raw("\x1b[200~nang cao chat\x1b[201~".as_bytes())
        .expect(title)
        .key("esc")
        .key("n")
        .expect("Đăng ký mô hình")
        .key("esc")
        .settle(300)
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    // The found text is drawn underlined (in colour, nothing else is): the attribute is set
    // just before a match of the first search, whose rows begin “Dân vận …”.
    let marked = (0..out.raw.len()).any(|i| {
        out.raw[i..].starts_with(b"\x1b[4m")
            && contains(&out.raw[i..(i + 30).min(out.raw.len())], "Dân".as_bytes())
    });
    assert!(marked, "the match is never drawn underlined");
    // `N` twice from the second match goes past the first to the last one.
    let screen = out.snap("wrapped");
    let status = row_of(screen, "/dan van kheo trong");
    let pos: Vec<&str> = status
        .split_whitespace()
        .find(|w| w.contains('/') && w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .unwrap()
        .split('/')
        .collect();
    assert_eq!(pos[0], pos[1], "{status}");
}

/// `Space` marks rows (a mark beside each, the count under the table), one check-in is
/// recorded for the marked models, and `u` says what it would undo before doing it: `k`
/// keeps the change, `c` undoes it whole.
#[test]
fn space_marks_models_and_undo_asks_first() {
    let sb = Sandbox::new();
    let out = Session::new(&sb, &["--demo"], 80, 24)
        .timeout(30)
        .expect("Tổng quan")
        .key("3")
        // The rows are there (the line under the table says how they are sorted).
        .expect("Sắp xếp Mã")
        .key("space")
        .expect("1 đã chọn")
        .expect("✓")
        .keys(&["down", "space"])
        .expect("2 đã chọn")
        .key("i")
        .expect("2 mô hình")
        .key("c-s")
        .expect("Đã lưu cho 2 mô hình")
        .key("u")
        .expect("Hoàn tác: thêm lần theo dõi")
        .expect("[c] Hoàn tác")
        .key("k")
        .absent("[c] Hoàn tác")
        .keys(&["u", "c"])
        .expect("Đã hoàn tác: thêm lần theo dõi")
        .key("esc")
        .absent("đã chọn")
        .absent("✓")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
}
