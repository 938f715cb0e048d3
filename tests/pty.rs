//! The real binary in a pseudo-terminal, driven by keys as a person would: the screens of the
//! demo at two sizes and in both languages, records created by keyboard that the command line
//! then counts, and a window too small to lay the screens out. The driver and its screen model
//! are in `common/pty.rs` and `common/pty_driver.py` (python3, standard library only).

mod common;
use common::Killed as Server;
#[path = "common/pty.rs"]
mod ptyd;

use common::Sandbox;
use ptyd::{Outcome, Session};
use serde_json::Value;

/// The terminal is given back as it was found: the program left the alternate screen and
/// showed the cursor again as the last thing it wrote, and the line discipline is back in
/// cooked mode with echo.
fn assert_restored(out: &Outcome) {
    let raw = &out.raw;
    let find_last = |pat: &[u8]| raw.windows(pat.len()).rposition(|w| w == pat);
    let enter = find_last(b"\x1b[?1049h").expect("the alternate screen was entered");
    let leave = find_last(b"\x1b[?1049l").expect("the alternate screen was left");
    assert!(leave > enter, "the last alternate-screen switch enters it");
    let show = find_last(b"\x1b[?25h").expect("the cursor is shown again");
    if let Some(hide) = find_last(b"\x1b[?25l") {
        assert!(show > hide, "the cursor is hidden at the end");
    }
    let tail = &raw[leave.min(show)..];
    let tail_text = String::from_utf8_lossy(tail);
    assert!(
        ptyd::strip_escapes(&tail_text).trim().is_empty(),
        "nothing is drawn after the terminal is restored: {tail_text:?}"
    );
    assert!(
        raw.ends_with(b"\x1b[?1049l\x1b[?25h") || raw.ends_with(b"\x1b[?25h\x1b[?1049l"),
        "the output ends with the restoring sequences: {:?}",
        String::from_utf8_lossy(&raw[raw.len().saturating_sub(40)..])
    );
    assert_eq!(out.v["alt_screen"], Value::Bool(false));
    assert_eq!(out.v["cursor_visible"], Value::Bool(true));
    assert_eq!(
        out.v["cooked"],
        Value::Bool(true),
        "ICANON and ECHO are back"
    );
}

/// `dvk --demo` by keyboard: the overview's figures, the models and a search that narrows
/// them, a model opened and closed both ways, the other tabs, English, and a clean exit.
fn demo_tour(cols: u16, rows: u16) {
    let sb = Sandbox::new();
    let mut s = Session::new(&sb, &["--demo"], cols, rows)
        // The first frame: the tabs and the report sentence with the period's figures.
        .expect("Tổng quan")
        .expect("Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở")
        .expect("Tập thể 26 · Cá nhân 24 · Tổng 50")
        .expect("15/48")
        .snap("overview")
        // Models.
        .key("3")
        .expect("Tên mô hình")
        .expect("DH-01");
    if rows >= 40 {
        // The collective models follow the 24 individuals.
        s = s.expect("MH-01");
    }
    let out = s
        // Search narrows the table as one types, without diacritics.
        .key("/")
        .text("khuoi phay")
        .expect("/khuoi phay")
        .expect("1/1")
        .absent("DH-01")
        .snap("search")
        // Enter ends the search and keeps the rows; Enter again opens the model.
        .key("enter")
        .key("enter")
        .expect("Mô hình MH-10")
        .expect("Khuổi Phầy")
        .expect("Chi bộ Chi cục Kiểm lâm")
        .snap("detail")
        .key("esc")
        .absent("Mô hình MH-10")
        .key("enter")
        .expect("Mô hình MH-10")
        .key("q")
        .absent("Mô hình MH-10")
        // Esc clears the search: every model is back, the one found still selected.
        .key("esc")
        .expect("/51 dòng")
        .absent("lọc từ")
        .expect("▶ MH-10")
        // Units and awards.
        .key("2")
        .expect("Tên đơn vị")
        .expect("Báo Lạng Sơn")
        .expect("/49 dòng")
        .snap("units")
        .key("5")
        .expect("452-QĐ/ĐUK")
        .expect("13 khen thưởng")
        .expect("Ban Thường vụ Đảng ủy Khối — giấy khen: 09 tập thể, 02 cá nhân")
        // English.
        .key("L")
        .expect("Overview")
        .expect("Awards")
        .expect("Units")
        .absent("Tổng quan")
        .snap("english")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    let models_row = out
        .snap("search")
        .lines()
        .find(|l| l.contains("MH-10"))
        .unwrap_or_else(|| panic!("MH-10 is the row found:\n{}", out.snap("search")));
    assert!(models_row.contains('▶'), "and it is selected: {models_row}");
    assert!(out.snap("overview").contains("Đơn vị đăng ký"));
    assert!(out.snap("english").contains("Models"));
    assert_restored(&out);
}

#[test]
fn demo_by_keyboard_at_120x40() {
    demo_tour(120, 40);
}

#[test]
fn demo_by_keyboard_at_80x24() {
    demo_tour(80, 24);
}

fn status(sb: &Sandbox) -> Value {
    serde_json::from_str(&sb.ok(&["status", "--json"])).unwrap()
}

/// Editing by keyboard: a unit, a model for it, a check-in and an award, all typed in the interface on a
/// real database; the command line then counts them.
#[test]
fn records_typed_in_the_interface_are_counted_by_the_command_line() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let before = status(&sb);

    let out = Session::new(&sb, &[], 120, 40)
        .timeout(40)
        .expect("Tổng quan")
        // A unit: code, Tab, name, Ctrl-S.
        .keys(&["2", "n"])
        .expect("Thêm đơn vị")
        .text("CB-KHP")
        .key("tab")
        .text("Chi bộ thôn Khuổi Phầy, xã Đồng Đăng")
        .key("c-s")
        .expect("Đã lưu.")
        .absent("Thêm đơn vị")
        .expect("CB-KHP")
        // A model for it: code, the unit chosen from its list narrowed by typing, kind as
        // offered (collective), title, then the field chosen the same way.
        .keys(&["3", "n"])
        .expect("Đăng ký mô hình, điển hình")
        .text("MH-KHP")
        .key("tab")
        .key("enter")
        .text("khuoi phay")
        .expect("CB-KHP — Chi bộ thôn Khuổi Phầy")
        .key("enter")
        .key("tab")
        .text("Dân vận khéo giữ rừng đầu nguồn ở Khuổi Phầy")
        .keys(&["tab", "tab", "tab", "enter"])
        .text("kinh te")
        .expect("Phát triển kinh tế")
        .key("enter")
        .key("c-s")
        .expect("Đã lưu.")
        .absent("Đăng ký mô hình, điển hình")
        .expect("MH-KHP")
        .snap("model saved")
        // Submitted, so that it counts: the actions a draft at its first step allows, the
        // second one (a step forward, submitting; nothing the draft cannot do yet).
        .key("a")
        .expect("Nộp đăng ký")
        .absent("Duyệt đăng ký")
        .keys(&["down", "enter"])
        .expect("Lý do")
        .key("tab")
        .text("Chi bộ đã gửi bản đăng ký")
        .key("c-s")
        .expect("Đã lưu.")
        .absent("Lý do")
        // A check-in: date and kind as offered, who, a note.
        .key("i")
        .expect("Ghi kết quả theo dõi")
        .keys(&["tab", "tab"])
        .text("Đoàn kiểm tra Ban Dân vận Đảng ủy Khối")
        .key("tab")
        .text("Bà con thôn Khuổi Phầy nhận khoán bảo vệ 120 ha rừng")
        .key("c-s")
        .expect("Đã lưu.")
        .absent("Ghi kết quả theo dõi")
        // An award: the body typed, the form as offered, the decision number.
        .key("w")
        .expect("Ghi khen thưởng")
        .text("Ban Thường vụ Đảng ủy Khối")
        .keys(&["tab", "tab"])
        .text("125-QĐ/ĐUK")
        .key("c-s")
        .expect("Đã lưu.")
        .absent("Ghi khen thưởng")
        .key("5")
        .expect("125-QĐ/ĐUK")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    assert!(
        out.snap("model saved")
            .lines()
            .any(|l| l.contains("▶ MH-KHP")),
        "the new model is selected:\n{}",
        out.snap("model saved")
    );

    let after = status(&sb);
    let n = |v: &Value, a: &str, b: &str| v[a][b].as_u64().unwrap();
    assert_eq!(
        n(&after, "units", "total"),
        n(&before, "units", "total") + 1
    );
    assert_eq!(
        n(&after, "units", "registered"),
        n(&before, "units", "registered") + 1
    );
    assert_eq!(
        n(&after, "models", "total"),
        n(&before, "models", "total") + 1
    );
    assert_eq!(
        n(&after, "models", "collective"),
        n(&before, "models", "collective") + 1
    );
    assert_eq!(
        n(&after, "awards", "total"),
        n(&before, "awards", "total") + 1
    );
    assert_eq!(
        after["checkins"].as_u64().unwrap(),
        before["checkins"].as_u64().unwrap() + 1
    );
    let body = after["awards"]["by_body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["body"] == "Ban Thường vụ Đảng ủy Khối")
        .unwrap();
    let was = before["awards"]["by_body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["body"] == "Ban Thường vụ Đảng ủy Khối")
        .unwrap();
    assert_eq!(body["collective"], was["collective"].as_u64().unwrap() + 1);

    // The records as typed, diacritics included, in the JSON export.
    let dir = sb.path().join("export");
    sb.ok(&["export", "--out", dir.to_str().unwrap(), "--format", "json"]);
    let text = std::fs::read_to_string(dir.join("dvk.json")).unwrap();
    let all: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        all["units"]["CB-KHP"]["name"],
        "Chi bộ thôn Khuổi Phầy, xã Đồng Đăng"
    );
    let m = &all["models"]["MH-KHP"];
    assert_eq!(m["title"], "Dân vận khéo giữ rừng đầu nguồn ở Khuổi Phầy");
    assert_eq!(m["unit_code"], "CB-KHP");
    assert_eq!(m["kind"], "collective");
    assert_eq!(m["field"], "economy");
    assert_eq!(m["status"], "submitted");
    assert_eq!(m["registered_on"], "2020-10-20");
    let c = &m["checkins"][0];
    assert_eq!(m["checkins"].as_array().unwrap().len(), 1);
    assert_eq!(c["by"], "Đoàn kiểm tra Ban Dân vận Đảng ủy Khối");
    assert_eq!(
        c["note"],
        "Bà con thôn Khuổi Phầy nhận khoán bảo vệ 120 ha rừng"
    );
    assert_eq!(c["date"], "2020-10-20");
    let a = &m["awards"][0];
    assert_eq!(m["awards"].as_array().unwrap().len(), 1);
    assert_eq!(a["body"], "Ban Thường vụ Đảng ủy Khối");
    assert_eq!(a["decision_no"], "125-QĐ/ĐUK");
    assert_eq!(a["form"], "giay_khen");
    sb.ok(&["check"]);
}

/// Below 80×24 the screens are not laid out: a message asks for a larger window, and `q`
/// still quits cleanly.
#[test]
fn a_small_window_asks_to_be_enlarged() {
    let sb = Sandbox::new();
    let out = Session::new(&sb, &["--demo"], 60, 20)
        .expect("Cửa sổ quá nhỏ")
        .expect("80×24")
        .absent("Tổng quan")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    assert_restored(&out);
    let out = Session::new(&sb, &["--demo", "--lang", "en"], 79, 24)
        .expect("enlarge")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
}

/// The SSH link drops (SIGHUP) while a unit is being typed: nothing is written, the form is
/// kept as a draft for this user, and the next start offers it back with what was typed.
#[test]
fn a_form_cut_off_by_sighup_is_offered_back_at_the_next_start() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let before = status(&sb);
    let out = Session::new(&sb, &[], 120, 40)
        .timeout(30)
        .expect("Tổng quan")
        .keys(&["2", "n"])
        .expect("Thêm đơn vị")
        .text("CB-NHAP")
        .key("tab")
        .text("Chi bộ bản Khuổi Phầy")
        .settle(300)
        .signal(1)
        .exit()
        .run();
    out.assert_exit(129);
    assert_eq!(status(&sb), before, "a form cut off is not saved");

    let out = Session::new(&sb, &[], 120, 40)
        .timeout(30)
        .expect("Biểu mẫu chưa lưu")
        .key("y")
        .expect("Thêm đơn vị")
        .expect("CB-NHAP")
        .expect("Chi bộ bản Khuổi Phầy")
        .key("c-s")
        .expect("Đã lưu.")
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
    let after = status(&sb);
    assert_eq!(
        after["units"]["total"].as_u64(),
        before["units"]["total"].as_u64().map(|n| n + 1)
    );
}

/// `dvk serve` on the sandbox's database, stopped when dropped.
fn serve(sb: &Sandbox) -> Server {
    let socket = sb.path().join("data").join("dvk.sock");
    let srv = Server(
        sb.cmd()
            .arg("serve")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let t = std::time::Instant::now();
    while t.elapsed() < std::time::Duration::from_secs(20) {
        if let Ok(Some(_)) = dvk::server::Remote::connect(&socket) {
            return srv;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the server did not start");
}

/// Many offices share one login: a change made by the same user through another process
/// (here `dvk import` while the interface is open) shows in the open interface at once.
#[test]
fn the_same_login_importing_elsewhere_updates_the_open_interface() {
    let sb = Sandbox::new();
    sb.ok(&["demo"]);
    let _server = serve(&sb);
    let units = sb.write("units.csv", "code,name\nCB-KHP,Chi bộ thôn Khuổi Phầy\n");
    let out = Session::new(&sb, &[], 120, 40)
        .timeout(30)
        .expect("Tổng quan")
        .key("2")
        .expect("Đơn vị")
        .key("/")
        .text("khuoi phay")
        .key("enter")
        .settle(300)
        .absent("Chi bộ thôn Khuổi Phầy")
        .dvk(&["import", "units", units.to_str().unwrap()])
        .expect_within("Chi bộ thôn Khuổi Phầy", 1000)
        .expect_within("Đã cập nhật thay đổi của", 1000)
        .key("q")
        .exit()
        .run();
    out.assert_exit(0);
}
