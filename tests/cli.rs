//! Black-box tests of the commands on the demo period: the contract's sentences, the status
//! JSON, imports, exports, backups, and the exit codes.

mod common;

use common::{Sandbox, stderr, stdout};
use serde_json::Value;

fn demo() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&["demo"]);
    s
}

#[test]
fn status_json_has_the_contract_figures() {
    let s = demo();
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["period"], "2017-2020");
    assert_eq!(v["units"]["total"], 48);
    assert_eq!(v["units"]["registered"], 15);
    assert_eq!(v["models"]["total"], 50);
    assert_eq!(v["models"]["collective"], 26);
    assert_eq!(v["models"]["individual"], 24);
    let by_step = v["models"]["by_step"].as_object().unwrap();
    assert_eq!(by_step.len(), 5);
    assert_eq!(
        by_step.values().map(|n| n.as_u64().unwrap()).sum::<u64>(),
        50
    );
    let by_field = v["models"]["by_field"].as_object().unwrap();
    assert!(by_field.contains_key("economy") && by_field.contains_key("political_system"));
    assert_eq!(
        by_field.values().map(|n| n.as_u64().unwrap()).sum::<u64>(),
        50
    );
    assert_eq!(v["overdue"], 4);
    // Quality of registrations, as counting every record of the demo gives it.
    let all = dvk::report::report_from_dataset(&dvk::demo::dataset(), None, dvk::demo::as_of())
        .unwrap()
        .status;
    assert_eq!(v["quality"]["without_criteria"], all.without_criteria);
    assert_eq!(v["quality"]["without_content"], all.without_content);
    assert_eq!(v["awards"]["total"], 13);
    let bodies = v["awards"]["by_body"].as_array().unwrap();
    assert_eq!(bodies[0]["body"], "Ban Dân vận Tỉnh ủy");
    assert_eq!(bodies[0]["form"], "giay_khen");
    assert_eq!(
        (
            bodies[0]["collective"].as_u64(),
            bodies[0]["individual"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(bodies[1]["body"], "Ban Thường vụ Đảng ủy Khối");
    assert_eq!(
        (
            bodies[1]["collective"].as_u64(),
            bodies[1]["individual"].as_u64()
        ),
        (Some(9), Some(2))
    );
}

#[test]
fn overdue_depends_on_as_of() {
    let s = demo();
    let early: Value =
        serde_json::from_str(&s.ok(&["status", "--json", "--as-of", "2017-06-01"])).unwrap();
    assert_eq!(early["overdue"], 0);
    let bad = s.run(&["status", "--as-of", "31/02/2020"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("31/02/2020"), "{}", stderr(&bad));
}

/// `--as-of` is a point in time: on 31/12/2018 the demo had its registrations (mid-June to
/// mid-December 2017) and the check-ins made by then, but none of the awards and outcomes of
/// the final review (October 2020).
#[test]
fn as_of_counts_only_what_existed_then() {
    let s = demo();
    let text = s.ok(&["report", "--as-of", "31/12/2018"]);
    assert!(text.contains("Số liệu tính đến ngày 31/12/2018"), "{text}");
    assert!(
        text.contains("Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở"),
        "{text}"
    );
    assert!(text.contains("Chưa có khen thưởng"), "{text}");
    assert!(!text.contains("tặng giấy khen"), "{text}");
    assert!(
        !text.contains("Hội nghị tổng kết ngày 12/10/2020"),
        "{text}"
    );
    let json = |args: &[&str]| -> Value { serde_json::from_str(&s.ok(args)).unwrap() };
    let then = json(&["status", "--json", "--as-of", "2018-12-31"]);
    let now = json(&["status", "--json"]);
    assert_eq!(then["awards"]["total"], 0);
    assert_eq!(now["awards"]["total"], 13);
    assert_eq!(then["models"]["by_outcome"]["pending"], 50);
    assert!(now["models"]["by_outcome"]["recognized"].as_u64().unwrap() > 0);
    let (c_then, c_now) = (
        then["checkins"].as_u64().unwrap(),
        now["checkins"].as_u64().unwrap(),
    );
    assert!(0 < c_then && c_then < c_now, "{c_then} {c_now}");
    // Steps as the check-ins found them then: nobody had reached the final review's step.
    assert_eq!(then["models"]["by_step"]["5"], 0);
    // In September 2017 not every registration had come in yet.
    let early = json(&["status", "--json", "--as-of", "2017-09-30"]);
    let n = early["models"]["total"].as_u64().unwrap();
    assert!(0 < n && n < 50, "{n}");
    // The report of today is still the contract's.
    assert!(s.ok(&["report"]).contains("01 tập thể, 01 cá nhân được Ban Dân vận Tỉnh ủy tặng giấy khen; 09 tập thể, 02 cá nhân được Ban Thường vụ Đảng ủy Khối tặng giấy khen"));
}

/// `--review N` (or the review's date) reports as of that review and names it.
#[test]
fn review_selects_its_date() {
    let s = demo();
    let first = s.ok(&["report", "--review", "1"]);
    assert!(
        first.contains("Số liệu tính đến ngày 20/12/2018"),
        "{first}"
    );
    assert!(first.contains("Sơ kết: Hội nghị sơ kết 02 năm"), "{first}");
    assert!(first.contains("38-BC/ĐUK"), "{first}");
    let by_date = s.ok(&["report", "--review", "20/12/2018"]);
    assert_eq!(first, by_date);
    let as_of = s.ok(&["report", "--as-of", "2018-12-20"]);
    assert_eq!(first, as_of, "the review's date as --as-of names it too");
    let last = s.ok(&["report", "--review", "2", "--lang", "en"]);
    assert!(last.contains("Final review: Hội nghị tổng kết"), "{last}");
    assert!(last.contains("45-BC/ĐUK"), "{last}");
    let st: Value = serde_json::from_str(&s.ok(&["status", "--json", "--review", "2"])).unwrap();
    assert_eq!(st["as_of"], "2020-10-12");
    assert_eq!(st["awards"]["total"], 13);
    for bad in ["3", "0", "01/01/2019", "x"] {
        let out = s.run(&["report", "--review", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("--review"), "{}", stderr(&out));
    }
    let both = s.run(&["report", "--review", "1", "--as-of", "2019-01-01"]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn report_reproduces_the_sentences() {
    let s = demo();
    let text = s.ok(&["report"]);
    assert!(
        text.contains("Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở đăng ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn 2017 - 2020"),
        "{text}"
    );
    assert!(
        text.contains("01 tập thể, 01 cá nhân được Ban Dân vận Tỉnh ủy tặng giấy khen; 09 tập thể, 02 cá nhân được Ban Thường vụ Đảng ủy Khối tặng giấy khen"),
        "{text}"
    );
    let en = s.ok(&["report", "--lang", "en"]);
    assert!(
        en.contains("26") && en.contains("Ban Dân vận Tỉnh ủy") && !en.contains("Kết quả có"),
        "{en}"
    );
    for format in ["md", "json", "csv"] {
        let out = s.ok(&["report", "--format", format]);
        assert!(out.contains("26"), "{format}: {out}");
    }
    let v: Value = serde_json::from_str(&s.ok(&["report", "--format", "json"])).unwrap();
    assert!(v.is_object());
    let file = s.path().join("r.md");
    s.ok(&["report", "--format", "md", "--out", file.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(file)
            .unwrap()
            .contains("Dân vận khéo")
    );
}

#[test]
fn status_text_in_both_languages() {
    let s = demo();
    let vi = s.ok(&["status"]);
    assert!(vi.contains("2017") && vi.contains("48"), "{vi}");
    let en = s.ok(&["status", "--lang", "en"]);
    assert_ne!(vi, en);
    assert!(vi.lines().count() <= 24 && en.lines().count() <= 24);
}

#[test]
fn demo_refuses_a_database_with_data() {
    let s = demo();
    let again = s.run(&["demo"]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    s.ok(&["demo", "--force"]);
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["models"]["total"], 50);
}

#[test]
fn a_bad_import_writes_nothing_and_says_where() {
    let s = demo();
    let before = s.ok(&["status", "--json"]);
    let f = s.write(
        "models.csv",
        "code,unit_code,kind,title,field,period,registered_on,colour\n\
         X1,NOPE,tap the,Tiêu đề,economy,2017-2020,2017-07-01,red\n",
    );
    let out = s.run(&["import", "models", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("models.csv:1:8:") && err.contains("colour"),
        "{err}"
    );
    let f = s.write(
        "models2.csv",
        "code,unit_code,kind,title,field,period,registered_on\n\
         X1,NOPE,tap the,Tiêu đề,economy,2017-2020,2017-07-01\n\
         X2,NOPE,individual,Tiêu đề,economy,2017-2020,32/13/2017\n",
    );
    let out = s.run(&["--lang", "en", "import", "models", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("models2.csv:3:7:"), "{err}");
    assert_eq!(s.ok(&["status", "--json"]), before);
}

#[test]
fn import_dry_run_then_real() {
    let s = demo();
    let f = s.write(
        "units.csv",
        "\u{feff}code,name,parent_code,kind,active\nCB-NEW,\"Chi bộ Khuổi Phầy, xã mới\",,party_cell,true\n",
    );
    let dry = s.ok(&["import", "units", f.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains('1'), "{dry}");
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["units"]["total"], 48);
    s.ok(&["import", "units", f.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["units"]["total"], 49);
    // The same file again: the row is already stored, so it is skipped.
    let again = s.ok(&["--lang", "en", "import", "units", f.to_str().unwrap()]);
    assert!(again.contains("imported 0 rows, skipped 1"), "{again}");
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["units"]["total"], 49);
    // The code with other content: refused.
    let f = s.write(
        "units.csv",
        "code,name,parent_code,kind,active\nCB-NEW,Chi bộ khác,,party_cell,true\n",
    );
    let again = s.run(&["import", "units", f.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("units.csv:2:"),
        "{}",
        stderr(&again)
    );
}

fn read_dir_sorted(p: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn export_then_import_gives_the_same_data() {
    let s = demo();
    let first = s.path().join("first");
    s.ok(&["export", "--out", first.to_str().unwrap()]);
    let other = s.path().join("other-db");
    for kind in [
        "periods",
        "reviews",
        "fields",
        "forms",
        "units",
        "models",
        "checkins",
        "awards",
        "replications",
    ] {
        let file = first.join(format!("{kind}.csv"));
        let out = s
            .cmd_db(&other)
            .args(["import", kind, file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
    }
    let second = s.path().join("second");
    let out = s
        .cmd_db(&other)
        .args(["export", "--out", second.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (a, b) = (read_dir_sorted(&first), read_dir_sorted(&second));
    assert_eq!(a.len(), 9);
    let reviews = String::from_utf8(a.iter().find(|f| f.0 == "reviews.csv").unwrap().1.clone());
    assert!(
        reviews.unwrap().contains("2017-2020,final,2020-10-12,"),
        "the demo's final review is exported"
    );
    for ((na, da), (nb, db)) in a.iter().zip(b.iter()) {
        assert_eq!(na, nb);
        assert!(da == db, "{na} differs after the round trip");
    }
    let a_status = s.ok(&["status", "--json"]);
    let b_status = stdout(
        &s.cmd_db(&other)
            .args(["status", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(a_status, b_status);
    let json_dir = s.path().join("json");
    s.ok(&[
        "export",
        "--out",
        json_dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value =
        serde_json::from_slice(&std::fs::read(json_dir.join("dvk.json")).unwrap()).unwrap();
    assert!(v.is_object());
}

/// The records of a CSV file without some columns, which must be empty.
fn csv_without(data: &[u8], drop: &[&str]) -> Vec<Vec<String>> {
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(data);
    let rows: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let gone: Vec<usize> = rows[0]
        .iter()
        .enumerate()
        .filter(|(_, h)| drop.contains(&h.as_str()))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(gone.len(), drop.len());
    rows.into_iter()
        .enumerate()
        .map(|(n, r)| {
            r.into_iter()
                .enumerate()
                .filter(|(i, c)| {
                    let kept = !gone.contains(i);
                    assert!(kept || n == 0 || c.is_empty(), "{c}");
                    kept
                })
                .map(|(_, c)| c)
                .collect()
        })
        .collect()
}

/// A database written by the first schema (`tests/fixtures/db_v1`) is migrated when opened:
/// its export is byte for byte the one the first schema made, and `check` accepts it.
#[test]
fn a_database_of_the_first_schema_opens_with_the_same_data() {
    let s = Sandbox::new();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::create_dir_all(s.db()).unwrap();
    for e in std::fs::read_dir(fixtures.join("db_v1")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), s.db().join(e.file_name())).unwrap();
    }
    let out = s.path().join("export");
    s.ok(&["export", "--out", out.to_str().unwrap()]);
    let (want, have) = (
        read_dir_sorted(&fixtures.join("db_v1_export")),
        read_dir_sorted(&out),
    );
    assert_eq!(want.len(), 8);
    // Since then the export has gained `reviews.csv` (the period's final review became one)…
    assert_eq!(have.len(), 9);
    let reviews = &have.iter().find(|f| f.0 == "reviews.csv").unwrap().1;
    assert_eq!(
        String::from_utf8_lossy(reviews),
        "\u{feff}period,kind,date,title,doc_no\n2017-2020,final,2020-10-12,,\n"
    );
    // …and the outcome's date and decision in `models.csv`, empty for these models.
    for (name, a) in &want {
        let b = &have.iter().find(|f| &f.0 == name).unwrap().1;
        // The files of the first schema's export had no byte-order mark.
        let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
        if name == "models.csv" {
            assert_eq!(
                csv_without(a, &[]),
                csv_without(b, &["outcome_on", "outcome_decision"])
            );
            continue;
        }
        assert!(a == b, "{name} differs after the migration");
    }
    let text = s.ok(&["--lang", "en", "check"]);
    assert!(text.contains("checkins: 202"), "{text}");
}

#[test]
fn backup_and_restore() {
    let s = demo();
    let file = s.path().join("dvk.bak");
    s.ok(&["backup", file.to_str().unwrap()]);
    let other = s.path().join("restored");
    let out = s
        .cmd_db(&other)
        .args(["restore", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let a = s.ok(&["status", "--json"]);
    let b = stdout(
        &s.cmd_db(&other)
            .args(["status", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(a, b);
    // Not into a database that has data.
    let again = s.run(&["restore", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    // A damaged file is refused.
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    let bad = s.write("bad.bak", "");
    std::fs::write(&bad, bytes).unwrap();
    let third = s.path().join("third");
    let out = s
        .cmd_db(&third)
        .args(["restore", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn check_accepts_the_demo() {
    let s = demo();
    let out = s.ok(&["check"]);
    assert!(!out.is_empty());
}

#[test]
fn exit_code_3_while_another_process_holds_the_database() {
    let s = demo();
    // This test process is the other process.
    let held = dvk::store::Store::open(&s.db()).unwrap();
    let out = s.run(&["status"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(s.db().to_str().unwrap()) && err.contains("dvk serve"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    drop(held);
    s.ok(&["status"]);
}

#[test]
fn unknown_period_and_bad_usage() {
    let s = demo();
    let out = s.run(&["status", "--period", "2030-2035"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("2030-2035"));
    let out = s.run(&["import", "people", "x.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let out = s.run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "dvk: không có lệnh “frobnicate”; xem `dvk --help`"
    );
    let out = s.run(&["--lang", "en", "status", "--frob"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "dvk: there is no option “--frob”; see `dvk --help`"
    );
    let out = s.run(&["report", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pdf") && stderr(&out).contains("text"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1);
    let out = s.run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let out = s.run(&["--lang", "fr", "status"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn quick_status_from_the_cache_equals_the_database_figures() {
    let s = demo();
    let cache = s.db().with_file_name("db.status");
    assert!(
        cache.exists(),
        "closing the database leaves the status cache"
    );
    let quick = s.ok(&["status", "--json", "--as-of", "2020-10-20"]);
    let quick_text = s.ok(&["status", "--lang", "en"]);
    std::fs::remove_file(&cache).unwrap();
    let slow = s.ok(&["status", "--json", "--as-of", "2020-10-20"]);
    assert_eq!(quick, slow);
    std::fs::remove_file(&cache).unwrap();
    assert_eq!(quick_text, s.ok(&["status", "--lang", "en"]));
    // A change made after the cache was written shows at once.
    let f = s.write("u.csv", "code,name\nCB-MOI,Chi bộ mới\n");
    s.ok(&["import", "units", f.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["units"]["total"], 49);
    // A damaged cache is not believed.
    std::fs::write(&cache, b"DVKSTAT1garbage").unwrap();
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["units"]["total"], 49);
    let unknown = s.run(&["status", "--period", "2030-2035"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn reading_commands_on_a_path_without_a_database_exit_2_and_create_nothing() {
    let s = Sandbox::new();
    let missing = s.path().join("mistyped").join("db");
    let shown = missing.display().to_string();
    let out_dir = s.path().join("out");
    let backup = s.path().join("b.dvkbak");
    let commands: Vec<Vec<&str>> = vec![
        vec!["status"],
        vec!["status", "--json"],
        vec!["report"],
        vec!["export", "--out", out_dir.to_str().unwrap()],
        vec!["check"],
        vec!["backup", backup.to_str().unwrap()],
    ];
    for args in commands {
        for lang in ["vi", "en"] {
            let out = s
                .cmd_db(&missing)
                .args(["--lang", lang])
                .args(&args)
                .output()
                .unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(&shown), "{args:?} names the path: {err}");
            assert!(
                err.contains("dvk demo") && err.contains("dvk import"),
                "{err}"
            );
            assert_eq!(err.trim().lines().count(), 1, "{err}");
            assert!(
                !missing.exists() && !missing.parent().unwrap().exists(),
                "{args:?} created {shown}"
            );
            assert!(!backup.exists() && !out_dir.exists());
        }
    }
}

#[test]
fn status_of_an_empty_database_says_there_is_no_period_yet() {
    let s = Sandbox::new();
    let f = s.write("u.csv", "code,name\nCB-01,Chi bộ Văn phòng\n");
    s.ok(&["import", "units", f.to_str().unwrap()]);
    for (lang, want) in [("vi", "chưa có giai đoạn nào"), ("en", "no period yet")] {
        let out = s.run(&["--lang", lang, "status"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(want) && !err.contains("“”"), "{err}");
    }
}

#[test]
fn a_dry_run_lists_the_periods_and_bodies_it_would_create() {
    let s = demo();
    let models = s.write(
        "models.csv",
        "code,unit_code,kind,title,field,period,registered_on\n\
         MH-NEW1,DB-SYT,collective,Dân vận khéo giữ rừng,economy,2020-2025,2021-06-01\n\
         MH-NEW2,DB-SYT,collective,Dân vận khéo trong y tế,economy,2017-2020,2020-06-01\n",
    );
    let dry = s.ok(&["import", "models", models.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains("sẽ tạo giai đoạn mới: 2020-2025"), "{dry}");
    assert!(
        !dry.contains("2017-2020"),
        "a known period is not new: {dry}"
    );
    let en = s.ok(&[
        "--lang",
        "en",
        "import",
        "models",
        models.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(en.contains("would create new periods: 2020-2025"), "{en}");
    let awards = s.write(
        "awards.csv",
        "model_code,body,form,decision_no,decided_on\n\
         DH-01,Ban Thuong vu Dang uy Khoi,giay_khen,77-QĐ/ĐUK,2020-10-01\n\
         DH-01,UBND tỉnh Lạng Sơn,bang_khen,78-QĐ/UBND,2020-10-02\n",
    );
    let dry = s.ok(&["import", "awards", awards.to_str().unwrap(), "--dry-run"]);
    assert!(
        dry.contains("cơ quan khen thưởng mới: UBND tỉnh Lạng Sơn"),
        "{dry}"
    );
    assert!(!dry.contains("Ban Thuong vu"), "the body is known: {dry}");
    // Nothing was written; the real import stores the known body under its first spelling.
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["awards"]["total"], 13);
    let real = s.ok(&["import", "awards", awards.to_str().unwrap()]);
    assert!(
        real.contains("đã tạo cơ quan khen thưởng mới: UBND tỉnh Lạng Sơn")
            && !real.contains("sẽ tạo"),
        "{real}"
    );
    // Imported again: every row is skipped and nothing is new.
    let again = s.ok(&["import", "awards", awards.to_str().unwrap()]);
    assert!(!again.contains("tạo"), "{again}");
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    let bodies: Vec<&str> = v["awards"]["by_body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["body"].as_str().unwrap())
        .collect();
    assert!(
        !bodies.contains(&"Ban Thuong vu Dang uy Khoi"),
        "{bodies:?}"
    );
    assert!(bodies.contains(&"UBND tỉnh Lạng Sơn"), "{bodies:?}");
}

#[test]
fn an_import_refuses_dates_after_today_and_far_registrations_at_their_cells() {
    let s = demo();
    // DVK_TODAY is 2020-10-20 in the sandbox.
    let checkins = s.write(
        "checkins.csv",
        "model_code,date,kind\n\
         DH-01,2020-10-19,inspection\n\
         DH-01,2030-01-01,inspection\n",
    );
    let out = s.run(&[
        "--lang",
        "en",
        "import",
        "checkins",
        checkins.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("checkins.csv:3:2:") && err.contains("01/01/2030"),
        "{err}"
    );
    let models = s.write(
        "models.csv",
        "code,unit_code,kind,title,field,period,registered_on,status,outcome\n\
         MH-NEW1,DB-SYT,collective,Dân vận khéo giữ rừng,economy,2017-2020,2027-06-01,approved,pending\n\
         MH-NEW2,DB-SYT,collective,Dân vận khéo trong y tế,economy,2017-2020,2018-06-01,submitted,recognized\n",
    );
    let out = s.run(&["--lang", "en", "import", "models", models.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("models.csv:2:7:") && err.contains("2017-2020"),
        "{err}"
    );
    assert!(
        err.contains("models.csv:3:9:") && err.contains("approved"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
    assert_eq!(v["models"]["total"], 50);
}

#[test]
fn award_for_several_models_then_undo_and_redo_say_what_they_do() {
    let s = demo();
    let awards = |s: &Sandbox| -> u64 {
        let v: Value = serde_json::from_str(&s.ok(&["status", "--json"])).unwrap();
        v["awards"]["total"].as_u64().unwrap()
    };
    let before = awards(&s);
    // Nothing to undo after loading the demo: bad usage, nothing changes.
    let o = s.run(&["undo", "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim(), "dvk: không còn gì để hoàn tác");
    let award = [
        "award",
        "--model",
        "MH-01",
        "--model",
        "MH-02",
        "--body",
        "Ban Dân vận Tỉnh ủy",
        "--form",
        "Giấy khen",
        "--decision",
        "99/QĐ-BDV",
        "--date",
        "12/10/2020",
    ];
    assert_eq!(
        s.ok(&award).trim(),
        "Đã ghi khen thưởng cho 2 mô hình: MH-01, MH-02"
    );
    assert_eq!(awards(&s), before + 2);
    // The same decision again: refused whole, naming the model, exit 2.
    let o = s.run(&award);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "dvk: mô hình “MH-01”, số quyết định: bản ghi này đã có"
    );
    assert_eq!(awards(&s), before + 2);
    // An unknown model and a bad date are named with their option.
    let mut bad = award.to_vec();
    bad[2] = "MH-404";
    let o = s.run(&bad);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "dvk: --model: không có mô hình mã “MH-404”"
    );
    let mut bad = award.to_vec();
    bad[12] = "31/02/2020";
    assert_eq!(s.run(&bad).status.code(), Some(2));
    // The preview says it and changes nothing; undo and redo take the two as one.
    assert_eq!(
        s.ok(&["--lang", "en", "undo", "--dry-run"]).trim(),
        "Undo: add award of MH-01 and 1 other records changed with it?"
    );
    assert_eq!(awards(&s), before + 2);
    assert_eq!(
        s.ok(&["undo"]).trim(),
        "Đã hoàn tác: thêm khen thưởng của MH-01 và 1 bản ghi khác cùng lúc"
    );
    assert_eq!(awards(&s), before);
    assert_eq!(
        s.ok(&["redo", "--dry-run"]).trim(),
        "Làm lại: thêm khen thưởng của MH-01 và 1 bản ghi khác cùng lúc?"
    );
    assert_eq!(
        s.ok(&["--lang", "en", "redo"]).trim(),
        "Redone: add award of MH-01 and 1 other records changed with it"
    );
    assert_eq!(awards(&s), before + 2);
    let o = s.run(&["redo"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim(), "dvk: không còn gì để làm lại");
}
