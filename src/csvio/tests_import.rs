//! `run_import` against a stand-in backend: what is sent, how the backend's problems come
//! back to lines and columns, and the exit codes.

use std::sync::Mutex;

use super::*;
use crate::api::*;
use crate::domain::codes::{default_fields, default_forms};

/// Answers the catalogues and records the imports; refuses with `refuse` when set.
struct Fake {
    sent: Mutex<Vec<(ImportBatch, bool)>>,
    refuse: Option<ApiError>,
}

impl Backend for Fake {
    fn call(&self, req: Request) -> ApiResult<Response> {
        match req {
            Request::Fields => Ok(Response::Fields(default_fields())),
            Request::Forms => Ok(Response::Forms(default_forms())),
            Request::Bodies => Ok(Response::Bodies(vec![])),
            Request::Import { batch, dry_run } => {
                if let Some(e) = &self.refuse {
                    return Err(e.clone());
                }
                let rows = batch.len() as u64;
                self.sent.lock().unwrap().push((batch, dry_run));
                Ok(Response::Imported { rows, skipped: 0 })
            }
            _ => Err(ApiError::Msg(Msg::NotFound)),
        }
    }
}

fn fake(refuse: Option<ApiError>) -> Fake {
    Fake {
        sent: Mutex::new(vec![]),
        refuse,
    }
}

const AWARDS_CSV: &str = "note,model_code,body,form,decision_no,decided_on\n\
                          ,MH1,Ban Dân vận Tỉnh ủy,Giấy khen,1-QĐ,2020-10-20\n\
                          ghi chú,MH9,UBND tỉnh,bang khen,2-QĐ,2020-10-21\n";

#[test]
fn a_good_file_is_sent_whole_with_its_dry_run_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    std::fs::write(&path, AWARDS_CSV).unwrap();
    let b = fake(None);
    let calls = std::cell::Cell::new(0u32);
    let rows = run_import(
        &Api(&b),
        ImportKind::Awards,
        &path,
        true,
        Lang::Vi,
        &|done, total| {
            assert!(done <= total);
            calls.set(calls.get() + 1);
        },
    )
    .unwrap();
    assert_eq!(rows, (2, 0));
    assert!(calls.get() >= 1, "progress is reported at least at the end");
    let sent = b.sent.lock().unwrap();
    let (ImportBatch::Awards(a), true) = &sent[0] else {
        panic!("{sent:?}")
    };
    assert_eq!(
        (
            a[1].line,
            a[1].award.form.as_str(),
            a[1].award.note.as_str()
        ),
        (3, "bang_khen", "ghi chú")
    );
}

#[test]
fn backend_problems_come_back_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    std::fs::write(&path, AWARDS_CSV).unwrap();
    let refuse = ApiError::Invalid(vec![
        Problem {
            line: Some(3),
            field: "model_code".into(),
            msg: Msg::UnknownModel { code: "MH9".into() },
        },
        Problem {
            line: Some(2),
            field: "decided_on".into(),
            msg: Msg::InFuture {
                date: "20/10/2020".into(),
            },
        },
    ]);
    let b = fake(Some(refuse));
    let e = run_import(
        &Api(&b),
        ImportKind::Awards,
        &path,
        false,
        Lang::En,
        &|_, _| {},
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let file = path.display().to_string();
    assert_eq!(
        e.lines(Lang::En),
        vec![
            format!("{file}:2:6: 20/10/2020 is in the future"),
            format!("{file}:3:2: no model has the code “MH9”")
        ]
    );
}

#[test]
fn file_problems_stop_before_the_backend() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.csv");
    std::fs::write(&path, "code,unit_code,kind,title,field,period,registered_on\nMH1,CB1,nhóm,A,economy,2017-2020,2017-07-01\n")
        .unwrap();
    let b = fake(None);
    let e = run_import(
        &Api(&b),
        ImportKind::Models,
        &path,
        false,
        Lang::Vi,
        &|_, _| {},
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let lines = e.lines(Lang::Vi);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with(&format!(
            "{}:2:3: giá trị “nhóm” không hợp lệ",
            path.display()
        )),
        "{lines:?}"
    );
    assert!(b.sent.lock().unwrap().is_empty());
}

#[test]
fn an_unreadable_file_names_its_path_and_exits_1() {
    let b = fake(None);
    let path = std::path::Path::new("/nonexistent/dvk/units.csv");
    let e = run_import(
        &Api(&b),
        ImportKind::Units,
        path,
        false,
        Lang::En,
        &|_, _| {},
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 1);
    let lines = e.lines(Lang::En);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("I/O error: /nonexistent/dvk/units.csv: "),
        "{lines:?}"
    );
    let b = fake(Some(ApiError::Msg(Msg::DbLocked {
        path: "/d".into(),
        socket: "/s".into(),
    })));
    let dir = tempfile::tempdir().unwrap();
    let ok = dir.path().join("u.csv");
    std::fs::write(&ok, "code,name\nCB1,Chi bộ 1\n").unwrap();
    let e = run_import(
        &Api(&b),
        ImportKind::Units,
        &ok,
        false,
        Lang::En,
        &|_, _| {},
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 3);
}
