//! The appendices and a unit's figures agree with the reference that counts every record
//! of the dataset ([`super::scan`]), on the demo loaded into a real store.

use std::collections::BTreeSet;

use super::appendix::{appendices, unit_scope};
use super::unit::unit_report;
use crate::api::{Api, ApiError, Dataset};
use crate::domain::{Msg, Outcome};

fn demo_store() -> (tempfile::TempDir, std::sync::Arc<dyn crate::api::Backend>) {
    let dir = tempfile::tempdir().unwrap();
    let b = crate::backend::embedded(&dir.path().join("db"), "test").unwrap();
    Api(b.as_ref()).load(crate::demo::dataset(), false).unwrap();
    (dir, b)
}

#[test]
fn appendix_totals_are_the_reports_figures() {
    let (_d, b) = demo_store();
    let api = Api(b.as_ref());
    let r = api.report(None, crate::demo::as_of(), None).unwrap();
    let a = appendices(&api, &r, None).unwrap();
    let s = &r.status;
    assert_eq!(a.totals.collective, s.collective);
    assert_eq!(a.totals.individual, s.individual);
    let by_field: Vec<u64> = s.by_field.iter().map(|(_, n)| *n).collect();
    assert_eq!(a.totals.by_field, by_field);
    assert_eq!(a.by_unit.len() as u64, s.units_registered);
    assert_eq!(a.models.len() as u64, s.models_total());
    assert_eq!(
        a.recognised.len() as u64,
        s.outcome(Outcome::Recognized) + s.outcome(Outcome::Outstanding)
    );
    // Outstanding models first, then the recognised ones.
    let first_recognised = a
        .recognised
        .iter()
        .position(|m| m.outcome == Outcome::Recognized)
        .unwrap();
    assert!(first_recognised > 0);
    assert!(
        a.recognised[..first_recognised]
            .iter()
            .all(|m| m.outcome == Outcome::Outstanding)
    );
    // Each unit's row adds up to its counts, and the rows to the totals.
    assert_eq!(a.totals.total(), 50);
    for (i, n) in a.totals.by_field.iter().enumerate() {
        assert_eq!(a.by_unit.iter().map(|u| u.by_field[i]).sum::<u64>(), *n);
    }
    for u in &a.by_unit {
        assert_eq!(u.by_field.iter().sum::<u64>(), u.total(), "{}", u.code);
    }
    assert!(a.awards.iter().all(|w| !w.decision_no.is_empty()));
    assert!(
        a.awards
            .windows(2)
            .all(|w| w[0].decided_on <= w[1].decided_on)
    );
    assert_eq!(a.awards.len() as u64, s.awards_total);
    assert_eq!(a.replications.len() as u64, s.replications);
    assert_eq!(
        a.not_registered.len() as u64,
        s.units_total - s.units_registered
    );
    // Criteria met, as counting the check-ins of each model gives it.
    let ds = crate::demo::dataset();
    for m in &a.models {
        let model = ds.models.iter().find(|x| x.id == m.id).unwrap();
        let actuals = crate::domain::actuals::actuals_from_checkins(
            &model.criteria,
            ds.checkins.iter().filter(|c| c.model == m.id),
        );
        let met = model
            .criteria
            .iter()
            .zip(&actuals)
            .filter(|(c, a)| c.target > 0.0 && **a >= c.target)
            .count() as u16;
        assert_eq!(m.criteria_met, met, "{}", m.code);
        assert_eq!((&m.person, &m.position), (&model.person, &model.position));
        assert!(m.criteria_met <= m.criteria);
    }
    assert!(a.models.iter().any(|m| m.criteria_met > 0));
    assert!(a.models.iter().any(|m| !m.position.is_empty()));
    // Where a replication's model was registered, and what each unit not registered is under.
    for x in &a.replications {
        let m = a.models.iter().find(|m| m.code == x.model_code).unwrap();
        assert_eq!(x.from_unit, m.unit_name);
    }
    for u in &a.not_registered {
        let unit = ds.units.iter().find(|x| x.code == u.code).unwrap();
        let parent = ds.units.iter().find(|p| Some(p.id) == unit.parent);
        assert_eq!(u.parent, parent.map(|p| p.name.clone()).unwrap_or_default());
    }
    assert!(a.not_registered.iter().any(|u| !u.parent.is_empty()));
}

#[test]
fn appendices_count_only_what_was_there_on_the_day() {
    let (_d, b) = demo_store();
    let api = Api(b.as_ref());
    let on = |day| {
        let r = api.report(None, day, None).unwrap();
        appendices(&api, &r, None).unwrap()
    };
    // Before the awards of October 2020 and the registrations of the autumn of 2017.
    let early = chrono::NaiveDate::from_ymd_opt(2017, 9, 1).unwrap();
    let (app, late) = (on(early), on(crate::demo::as_of()));
    assert!(app.awards.is_empty() && !late.awards.is_empty());
    assert!(app.models.len() < late.models.len());
    assert!(app.models.iter().all(|m| m.registered_on <= early));
}

/// The demo narrowed to the units of `scope`, as the reference would see it.
fn only(ds: &Dataset, ids: &BTreeSet<u64>) -> Dataset {
    let mut d = ds.clone();
    d.units.retain(|u| ids.contains(&u.id));
    d.models.retain(|m| ids.contains(&m.unit));
    let models: BTreeSet<u64> = d.models.iter().map(|m| m.id).collect();
    d.checkins.retain(|c| models.contains(&c.model));
    d.awards.retain(|a| models.contains(&a.model));
    d.replications.retain(|r| models.contains(&r.model));
    d
}

#[test]
fn a_units_figures_are_the_reference_on_its_units() {
    let (_d, b) = demo_store();
    let api = Api(b.as_ref());
    let ds = crate::demo::dataset();
    let mut seen = 0;
    for code in ["DB-SYT", "DB-SNN", "CB-BVDK", "DB-STC"] {
        let scope = unit_scope(&api, code).unwrap();
        let r = api.report(None, crate::demo::as_of(), None).unwrap();
        let got = unit_report(&api, r, &scope).unwrap();
        let want =
            super::scan::report_from_dataset(&only(&ds, &scope.ids), None, crate::demo::as_of())
                .unwrap();
        assert_eq!(got.status, want.status, "{code}");
        assert_eq!(got.overdue, want.overdue, "{code}");
        seen += got.status.models_total();
    }
    assert!(seen > 0);
    assert!(matches!(
        unit_scope(&api, "NOPE"),
        Err(ApiError::Msg(Msg::UnknownUnit { code })) if code == "NOPE"
    ));
}

/// The text of every XML element `tag` in `xml`, in order (`<tag>` or `<tag attr…>`).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = vec![];
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        // `<w:t` must not match `<w:tbl` or `<w:tc`.
        if !after.starts_with(['>', ' ', '/']) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        if after[..gt].ends_with('/') {
            out.push("");
            rest = &after[gt + 1..];
            continue;
        }
        let body = &after[gt + 1..];
        let end = body.find(&close).expect("a closed element");
        out.push(&body[..end]);
        rest = &body[end + close.len()..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn unzip_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|_| panic!("{name} missing"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The rows of the table of each of the Word document's six appendices (none when it says
/// there is nothing to list), each row a list of cell texts.
fn docx_appendix_tables(bytes: &[u8]) -> Vec<Vec<Vec<String>>> {
    let xml = unzip_part(bytes, "word/document.xml");
    let pages: Vec<&str> = xml.split(">PHỤ LỤC ").skip(1).collect();
    assert_eq!(pages.len(), 6);
    pages
        .iter()
        .map(|page| {
            let Some(t) = elements(page, "w:tbl").into_iter().next() else {
                return vec![];
            };
            elements(t, "w:tr")
                .into_iter()
                .map(|r| {
                    elements(r, "w:tc")
                        .into_iter()
                        .map(|c| unescape(&elements(c, "w:t").concat()))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The rows of each sheet of the workbook (cells by column letter, `""` when empty).
fn xlsx_sheets(bytes: &[u8]) -> Vec<Vec<Vec<String>>> {
    let strings: Vec<String> = elements(&unzip_part(bytes, "xl/sharedStrings.xml"), "si")
        .into_iter()
        .map(|si| unescape(&elements(si, "t").concat()))
        .collect();
    (1..=4)
        .map(|n| {
            let xml = unzip_part(bytes, &format!("xl/worksheets/sheet{n}.xml"));
            let data = &xml[xml.find("<sheetData").expect("sheet data")..];
            elements(data, "row")
                .into_iter()
                .map(|row| {
                    let mut cells: Vec<String> = vec![];
                    for c in row.split("<c ").skip(1) {
                        let r = c.split('"').nth(1).unwrap_or("");
                        let col = r
                            .chars()
                            .take_while(char::is_ascii_uppercase)
                            .fold(0, |n, ch| n * 26 + (ch as usize - 'A' as usize + 1));
                        let v = elements(c, "v").first().map(|v| v.to_string());
                        let text = match v {
                            Some(v) if c.contains("t=\"s\"") => {
                                strings[v.parse::<usize>().unwrap()].clone()
                            }
                            Some(v) => v,
                            None => String::new(),
                        };
                        if cells.len() < col {
                            cells.resize(col, String::new());
                        }
                        cells[col - 1] = text;
                    }
                    cells
                })
                .collect()
        })
        .collect()
}

#[test]
fn docx_and_xlsx_appendices_list_the_same_rows() {
    use crate::cli::{ReportFormat, ReportJob, report_bytes};
    let (_d, b) = demo_store();
    let head = crate::config::Letterhead::default();
    for unit in [None, Some("DB-SYT")] {
        let job = |format| ReportJob {
            period: None,
            day: crate::demo::as_of(),
            format,
            unit,
            appendix: false,
            letterhead: &head,
        };
        let lang = crate::i18n::Lang::Vi;
        let docx = report_bytes(b.as_ref(), &job(ReportFormat::Docx), lang).unwrap();
        let xlsx = report_bytes(b.as_ref(), &job(ReportFormat::Xlsx), lang).unwrap();
        let d = docx_appendix_tables(&docx);
        let x = xlsx_sheets(&xlsx);
        let what = unit.unwrap_or("all");
        // Below the title (and the summary's sentences) and the header row, before a total.
        let body = |sheet: &[Vec<String>], head: &str| -> Vec<Vec<String>> {
            let at = sheet
                .iter()
                .position(|r| r.first().is_some_and(|c| c == head))
                .expect("a header row");
            sheet[at + 1..]
                .iter()
                .filter(|r| r.first().is_some_and(|c| !c.is_empty()))
                .cloned()
                .collect()
        };
        let col = |rows: &[Vec<String>], i: usize| -> Vec<String> {
            rows.iter().map(|r| r[i].trim().to_string()).collect()
        };

        // 1. Units with counted models, in one order (the docx ends with its total row).
        let d_units = &d[0][1..d[0].len() - 1];
        let x_units = body(&x[0], "STT");
        assert!(!x_units.is_empty(), "{what}");
        assert_eq!(col(d_units, 1), col(&x_units, 2), "{what}: units by field");
        // The counts of each unit: collective, individual, total.
        let n = d_units[0].len();
        let x_n = x_units[0].len();
        for (dr, xr) in d_units.iter().zip(&x_units) {
            assert_eq!(
                [&dr[n - 3], &dr[n - 2], &dr[n - 1]],
                [&xr[3], &xr[4], &xr[x_n - 1]],
                "{what}"
            );
        }

        // 2. Counted models: the docx groups collectives then exemplars, each in the
        // workbook's order.
        let d_models: Vec<String> = d[1][1..]
            .iter()
            .filter(|r| r.len() > 1)
            .map(|r| r[1].clone())
            .collect();
        let x_models = body(&x[1], "STT");
        let mut by_kind: Vec<&Vec<String>> = x_models.iter().collect();
        by_kind.sort_by_key(|r| {
            r[3] != crate::domain::Coded::label(crate::domain::ModelKind::Collective, lang)
        });
        let x_codes: Vec<String> = by_kind.iter().map(|r| r[1].clone()).collect();
        assert!(!x_codes.is_empty(), "{what}");
        assert_eq!(d_models, x_codes, "{what}: models");

        // 4. Awards: the model and the decision of each, in one order.
        let d_awards: Vec<(String, String)> = d[3][1..]
            .iter()
            .map(|r| (r[1].clone(), r[5].clone()))
            .collect();
        let x_awards = body(&x[2], "STT");
        let x_awards: Vec<(String, String)> = x_awards
            .iter()
            .map(|r| (r[7].clone(), r[3].clone()))
            .collect();
        assert!(!x_awards.is_empty(), "{what}");
        assert_eq!(d_awards, x_awards, "{what}: awards");

        // 6. Active units without a counted model.
        let d_none = col(&d[5][1..], 1);
        let x_none = col(&body(&x[3], "STT"), 1);
        assert!(!x_none.is_empty(), "{what}");
        assert_eq!(d_none, x_none, "{what}: units not registered");
    }
}

#[test]
fn an_exemplar_without_a_named_person_is_awarded_through_its_unit() {
    let dir = tempfile::tempdir().unwrap();
    let b = crate::backend::embedded(&dir.path().join("db"), "test").unwrap();
    let api = Api(b.as_ref());
    let mut ds = crate::demo::dataset();
    let award = ds.awards[0].clone();
    let m = ds.models.iter_mut().find(|m| m.id == award.model).unwrap();
    m.kind = crate::domain::ModelKind::Individual;
    m.person.clear();
    let (code, unit) = (m.code.clone(), m.unit);
    let unit_name = ds.units.iter().find(|u| u.id == unit).unwrap().name.clone();
    api.load(ds, false).unwrap();
    let r = api.report(None, crate::demo::as_of(), None).unwrap();
    let a = appendices(&api, &r, None).unwrap();
    let got = a.awards.iter().find(|w| w.model_code == code).unwrap();
    assert_eq!(got.recipient, unit_name);
}
