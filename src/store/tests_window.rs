//! Windows of tables: the same rows, in the same order, as the interface computes from whole
//! tables (its own code is the reference here), for every sort column both ways, with filters
//! and searches; kept up to date by writes; located records; rights; caps.

use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::api::*;
use crate::domain::text::fold;
use crate::domain::*;
use crate::i18n::Lang;
use crate::server::auth::Role;
use crate::tui::data::UnitTable;
use crate::tui::models::{ModelFilter, SortCol, shown_title};
use crate::tui::testing::{sample_dataset, today};

// --- the reference: whole tables, sorted, filtered and searched in memory ------------------
//
// What the interface computed from the period's whole model rows before it asked for windows;
// kept here as the windows' independent reference.

mod reference {
    use std::collections::HashMap;

    use super::*;
    use crate::domain::text::{KeyMaker, fold_parts, sort_key};
    use chrono::NaiveDate;

    /// The model rows of a period, in code order, with their search keys and the progress order.
    pub struct ModelTable {
        pub rows: Vec<ModelRow>,
        pub hay: Vec<String>,
        pub progress_order: Vec<u32>,
    }

    impl ModelTable {
        pub fn fetch(api: &Api, period: &str, today: NaiveDate) -> ApiResult<ModelTable> {
            let mut rows = api.model_rows(Some(period.to_string()), today)?;
            // Codes are the stable default order; the backend's order is not promised.
            rows.sort_by(|a, b| a.code.cmp(&b.code));
            let hay = rows
                .iter()
                .map(|m| fold_parts(&[&m.code, &m.title, &m.person, &m.unit_code, &m.unit_name]))
                .collect();
            let mut progress_order: Vec<u32> = (0..rows.len() as u32).collect();
            progress_order.sort_by_key(|&i| {
                let m = &rows[i as usize];
                (!m.overdue, m.last_checkin.unwrap_or(m.registered_on))
            });
            Ok(ModelTable {
                rows,
                hay,
                progress_order,
            })
        }
    }

    /// How the model table is sorted: the column, the direction, and the language field names
    /// are compared in.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SortSpec {
        pub col: SortCol,
        pub descending: bool,
        pub lang: Lang,
        /// Titles of exemplars are shown, and sorted, as “person — title”.
        pub person: bool,
    }

    /// Vietnamese sort keys of a text column, by column (and, for titles, whether the person is
    /// part of them), built on its first sort after a load.
    pub type SortKeys = HashMap<(SortCol, bool), Vec<Vec<u8>>>;

    /// The order of `rows` for `spec`. Vietnamese keys of titles are built once per load and
    /// column (kept in `keys`), not per sort. Needs no interface state, so the loader thread
    /// sorts a table before handing it over.
    pub fn order(
        rows: &[ModelRow],
        fields: &[FieldDef],
        spec: SortSpec,
        keys: &mut SortKeys,
    ) -> Vec<u32> {
        let mut idx: Vec<u32> = (0..rows.len() as u32).collect();
        let m = |i: u32| &rows[i as usize];
        match spec.col {
            SortCol::Code => {}
            SortCol::Kind => idx.sort_by_key(|&i| m(i).kind),
            SortCol::Title => {
                let keys = if spec.person {
                    keys.entry((SortCol::Title, true)).or_insert_with(|| {
                        let mut k = KeyMaker::default();
                        rows.iter().map(|r| k.key(&shown_title(r, true))).collect()
                    })
                } else {
                    title_keys(rows, keys)
                };
                idx.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
            }
            SortCol::Unit => {
                // Few units, many models: key each unit once.
                let mut keys: HashMap<Id, Vec<u8>> = HashMap::new();
                for r in rows {
                    keys.entry(r.unit).or_insert_with(|| sort_key(&r.unit_name));
                }
                idx.sort_by(|&a, &b| keys[&m(a).unit].cmp(&keys[&m(b).unit]));
            }
            SortCol::Field => {
                let lang = spec.lang;
                let keys: HashMap<&str, Vec<u8>> = fields
                    .iter()
                    .map(|f| (f.code.as_str(), sort_key(lang.pick(&f.vi, &f.en))))
                    .collect();
                let none = Vec::new();
                idx.sort_by(|&a, &b| {
                    keys.get(m(a).field.as_str())
                        .unwrap_or(&none)
                        .cmp(keys.get(m(b).field.as_str()).unwrap_or(&none))
                });
            }
            SortCol::Step => idx.sort_by_key(|&i| m(i).step),
            SortCol::Status => idx.sort_by_key(|&i| m(i).status),
            SortCol::Outcome => idx.sort_by_key(|&i| m(i).outcome),
            SortCol::Progress => idx.sort_by(|&a, &b| {
                m(a).progress
                    .unwrap_or(-1.0)
                    .total_cmp(&m(b).progress.unwrap_or(-1.0))
            }),
        }
        if spec.descending {
            idx.reverse();
        }
        idx
    }

    /// The Vietnamese sort keys of the titles, built unless `keys` holds them.
    pub fn title_keys<'k>(rows: &[ModelRow], keys: &'k mut SortKeys) -> &'k [Vec<u8>] {
        keys.entry((SortCol::Title, false)).or_insert_with(|| {
            let mut k = KeyMaker::default();
            rows.iter().map(|r| k.key(&r.title)).collect()
        })
    }
    /// The award rows of a period with their search keys.
    pub struct AwardTable {
        pub rows: Vec<AwardRow>,
        pub hay: Vec<String>,
    }

    impl AwardTable {
        pub fn fetch(api: &Api, period: &str) -> ApiResult<AwardTable> {
            let rows = api.award_rows(Some(period.to_string()))?;
            let hay = rows
                .iter()
                .map(|a| {
                    fold_parts(&[
                        &a.award.decision_no,
                        &a.award.body,
                        &a.model_code,
                        &a.model_title,
                        &a.recipient,
                        &a.unit_name,
                    ])
                })
                .collect();
            Ok(AwardTable { rows, hay })
        }
    }
}

use reference::{AwardTable, ModelTable, SortKeys, SortSpec, order};

const PERIOD: &str = "2017-2020";

struct Db {
    _dir: tempfile::TempDir,
    store: Arc<Store>,
    be: Embedded,
}

impl Db {
    fn api(&self) -> Api<'_> {
        Api(&self.be)
    }
}

fn db_with(d: Dataset) -> Db {
    let dir = tempfile::tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .unwrap();
    let store = Arc::new(Store::open_with_cache(&dir.path().join("db"), 8 << 20).unwrap());
    let be = Embedded::new(store.clone(), "canbo".into());
    Api(&be).load(d, false).unwrap();
    Db {
        _dir: dir,
        store,
        be,
    }
}

/// Every sort column: the interface's names are the server's.
fn sorts() -> impl Iterator<Item = (SortBy, SortCol)> {
    <SortBy as strum::VariantArray>::VARIANTS
        .iter()
        .map(|&s| (s, s))
}

fn models_view(sort: SortBy, descending: bool, lang: Lang, f: Filters, q: &str) -> ViewSpec {
    ViewSpec {
        table: TableKind::Models,
        sort,
        descending,
        lang,
        filters: f,
        query: q.into(),
    }
}

/// Every row of a view, read in windows of `step` rows.
fn ids_of(api: &Api, view: &ViewSpec, step: u32) -> (Vec<Id>, u64) {
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let w = api
            .window(
                Some(PERIOD.into()),
                today(),
                view.clone(),
                start,
                step,
                None,
            )
            .unwrap();
        assert_eq!(w.start, start.min(w.total.saturating_sub(step as u64)));
        let ids: Vec<Id> = match &w.rows {
            WindowRows::Models(r) => r.iter().map(|m| m.id).collect(),
            WindowRows::Units(r) => r.iter().map(|u| u.unit.id).collect(),
            WindowRows::Awards(r) => r.iter().map(|a| a.award.id).collect(),
        };
        if start >= w.total {
            assert!(out.len() as u64 == w.total);
            return (out, w.total);
        }
        // The last window starts earlier when it would run past the end.
        out.extend(ids.into_iter().skip((start - w.start) as usize));
        start += step as u64;
    }
}

/// The interface's filter for these filters: the same.
fn old_filter(f: &Filters) -> ModelFilter {
    f.clone()
}

/// The Models rows as the interface orders, filters and searches its whole table.
fn old_models(
    api: &Api,
    col: SortCol,
    descending: bool,
    lang: Lang,
    f: &Filters,
    q: &str,
) -> Vec<Id> {
    let t = ModelTable::fetch(api, PERIOD, today()).unwrap();
    let fields = api.fields().unwrap();
    old_models_of(&t, &fields, col, descending, lang, f, q)
}

fn old_models_of(
    t: &ModelTable,
    fields: &[FieldDef],
    col: SortCol,
    descending: bool,
    lang: Lang,
    f: &Filters,
    q: &str,
) -> Vec<Id> {
    let mut keys = SortKeys::new();
    // The server sorts titles alone, as the interface does when it shows an exemplar's
    // person in a column of its own.
    let spec = SortSpec {
        col,
        descending,
        lang,
        person: false,
    };
    let q = fold(q);
    let keep = old_filter(f);
    order(&t.rows, fields, spec, &mut keys)
        .into_iter()
        .filter(|&i| keep.keep(&t.rows[i as usize]) && t.hay[i as usize].contains(&q))
        .map(|i| t.rows[i as usize].id)
        .collect()
}

fn old_progress(api: &Api, q: &str) -> Vec<Id> {
    let t = ModelTable::fetch(api, PERIOD, today()).unwrap();
    let q = fold(q);
    t.progress_order
        .iter()
        .filter(|&&i| t.hay[i as usize].contains(&q))
        .map(|&i| t.rows[i as usize].id)
        .collect()
}

fn check_all(db: &Db, filters: &[Filters], queries: &[&str]) {
    let api = db.api();
    let t = ModelTable::fetch(&api, PERIOD, today()).unwrap();
    let fields = api.fields().unwrap();
    for (by, col) in sorts() {
        for descending in [false, true] {
            // Only field names are sorted by language.
            let langs = if by == SortBy::Field {
                &[Lang::Vi, Lang::En][..]
            } else {
                &[Lang::Vi][..]
            };
            for &lang in langs {
                for f in filters {
                    for q in queries {
                        let view = models_view(by, descending, lang, f.clone(), q);
                        let (got, total) = ids_of(&api, &view, 17);
                        let want = old_models_of(&t, &fields, col, descending, lang, f, q);
                        assert_eq!(got, want, "{by:?} desc={descending} {lang:?} {f:?} {q:?}");
                        assert_eq!(total, want.len() as u64);
                    }
                }
            }
        }
    }
    for q in queries {
        let mut view = ViewSpec::of(TableKind::Progress);
        view.query = q.to_string();
        assert_eq!(
            ids_of(&api, &view, 9).0,
            old_progress(&api, q),
            "progress {q:?}"
        );
        let qf = fold(q);
        let units = UnitTable::fetch(&api, PERIOD).unwrap();
        let want: Vec<Id> = (0..units.rows.len())
            .filter(|&i| units.hay[i].contains(&qf))
            .map(|i| units.rows[i].unit.id)
            .collect();
        let mut view = ViewSpec::of(TableKind::Units);
        view.query = q.to_string();
        assert_eq!(ids_of(&api, &view, 11).0, want, "units {q:?}");
        let awards = AwardTable::fetch(&api, PERIOD).unwrap();
        let want: Vec<Id> = (0..awards.rows.len())
            .filter(|&i| awards.hay[i].contains(&qf))
            .map(|i| awards.rows[i].award.id)
            .collect();
        let mut view = ViewSpec::of(TableKind::Awards);
        view.query = q.to_string();
        assert_eq!(ids_of(&api, &view, 5).0, want, "awards {q:?}");
    }
}

#[test]
fn windows_of_the_sample_are_the_tables_of_the_interface() {
    let db = db_with(sample_dataset());
    let some_unit = db.api().model_rows(Some(PERIOD.into()), today()).unwrap()[3].unit;
    let filters = [
        Filters::default(),
        Filters {
            kind: Some(ModelKind::Individual),
            ..Filters::default()
        },
        Filters {
            overdue: true,
            ..Filters::default()
        },
        Filters {
            unit: Some(some_unit),
            step: Some(3),
            ..Filters::default()
        },
        Filters {
            lacking: Some(Lack::Content),
            status: Some(RegStatus::Approved),
            ..Filters::default()
        },
        Filters {
            field: Some("economy".into()),
            ..Filters::default()
        },
        Filters {
            outcome: Some(Outcome::Recognized),
            ..Filters::default()
        },
    ];
    check_all(
        &db,
        &filters,
        &["", "a", "khuoi", "khuoi p", "DẢNG bộ", "zzz", "mh0"],
    );
}

const TITLES: [&str; 8] = [
    "Dân vận khéo",
    "dân vận khéo",
    "Dân vân kheo",
    "Ấp văn hóa",
    "ap van hoa",
    "Zô",
    "Đường làng",
    "Dan van kheo",
];

prop_compose! {
    /// The sample with its models' titles, fields, steps and units shuffled.
    fn shuffled()(seed in proptest::collection::vec((0usize..8, 0usize..5, 1u8..=5, 0usize..48), 50))
        -> Dataset {
        let mut d = sample_dataset();
        let units: Vec<Id> = d.units.iter().map(|u| u.id).collect();
        let fields: Vec<String> = d.fields.iter().map(|f| f.code.clone()).collect();
        for (m, (t, f, s, u)) in d.models.iter_mut().filter(|m| m.period == PERIOD).zip(seed) {
            m.title = TITLES[t].to_string();
            m.field = fields[f % fields.len()].clone();
            m.step = s;
            m.unit = units[u % units.len()];
        }
        d
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn windows_of_random_tables_are_the_tables_of_the_interface(d in shuffled()) {
        let db = db_with(d);
        check_all(&db, &[Filters::default(), Filters { step: Some(2), ..Filters::default() }], &["", "van"]);
    }
}

fn first_models(db: &Db, view: &ViewSpec) -> Vec<ModelRow> {
    match db
        .api()
        .window(Some(PERIOD.into()), today(), view.clone(), 0, 1000, None)
        .unwrap()
        .rows
    {
        WindowRows::Models(r) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_window_shows_each_write_and_a_newer_generation() {
    let db = db_with(sample_dataset());
    let api = db.api();
    let by_title = models_view(SortBy::Title, false, Lang::Vi, Filters::default(), "");
    let w0 = api
        .window(Some(PERIOD.into()), today(), by_title.clone(), 0, 5, None)
        .unwrap();
    // A title that sorts first moves its model to the top.
    let rows = first_models(&db, &by_title);
    let last = rows.last().unwrap().clone();
    let mut m = api.model(last.id).unwrap().model;
    m.title = "000 mô hình đầu tiên".into();
    api.save(Request::SaveModel(m)).unwrap();
    let w1 = api
        .window(Some(PERIOD.into()), today(), by_title.clone(), 0, 5, None)
        .unwrap();
    assert!(w1.generation > w0.generation);
    let WindowRows::Models(r) = &w1.rows else {
        panic!()
    };
    assert_eq!(r[0].id, last.id);
    assert_eq!(r[0].title, "000 mô hình đầu tiên");
    // Still what the interface computes from the whole table.
    assert_eq!(
        ids_of(&api, &by_title, 13).0,
        old_models(
            &api,
            SortCol::Title,
            false,
            Lang::Vi,
            &Filters::default(),
            ""
        )
    );
    // A search finds the new title (the index of texts follows), the old one is gone.
    let mut v = by_title.clone();
    v.query = "dau tien".into();
    assert_eq!(ids_of(&api, &v, 10).0, vec![last.id]);
    // A new model appears, a deleted one goes, in every order kept so far.
    let unit = last.unit;
    let new = Model {
        id: 0,
        code: "AA001".into(),
        title: "Mô hình mới".into(),
        ..api.model(last.id).unwrap().model
    };
    let new = Model { rev: 0, ..new };
    let (new_id, _) = api.save(Request::SaveModel(new)).unwrap();
    let by_code = models_view(SortBy::Code, false, Lang::Vi, Filters::default(), "");
    assert_eq!(first_models(&db, &by_code)[0].id, new_id);
    assert_eq!(first_models(&db, &by_code)[0].unit, unit);
    api.delete(Request::DeleteModel { id: new_id }).unwrap();
    assert_ne!(first_models(&db, &by_code)[0].id, new_id);
    for (by, col) in sorts() {
        let v = models_view(by, true, Lang::En, Filters::default(), "");
        assert_eq!(
            ids_of(&api, &v, 50).0,
            old_models(&api, col, true, Lang::En, &Filters::default(), ""),
            "{by:?}"
        );
    }
    // A check-in moves a model out of the overdue ones at the top of Progress.
    let progress = ViewSpec::of(TableKind::Progress);
    let top = first_models(&db, &progress)[0].clone();
    assert!(top.overdue);
    api.save(Request::SaveCheckIn(super::tests::inspection(
        top.id,
        today(),
    )))
    .unwrap();
    let after = first_models(&db, &progress);
    assert_ne!(after[0].id, top.id);
    assert_eq!(
        after.iter().map(|m| m.id).collect::<Vec<_>>(),
        old_progress(&api, "")
    );
}

#[test]
fn locate_finds_a_record_where_it_now_is() {
    let db = db_with(sample_dataset());
    let api = db.api();
    let by_title = models_view(SortBy::Title, true, Lang::Vi, Filters::default(), "");
    let all = ids_of(&api, &by_title, 100).0;
    for (pos, id) in all.iter().enumerate().step_by(7) {
        let w = api
            .window(
                Some(PERIOD.into()),
                today(),
                by_title.clone(),
                0,
                3,
                Some(*id),
            )
            .unwrap();
        assert_eq!(w.located, Some(pos as u64));
    }
    // Filtered out, or unknown: not located.
    let mut v = by_title.clone();
    v.query = "zzzz".into();
    let w = api
        .window(Some(PERIOD.into()), today(), v, 0, 3, Some(all[0]))
        .unwrap();
    assert_eq!(w.located, None);
    // A unit and an award are located in their tables.
    let units = ids_of(&api, &ViewSpec::of(TableKind::Units), 100).0;
    let w = api
        .window(
            Some(PERIOD.into()),
            today(),
            ViewSpec::of(TableKind::Units),
            0,
            1,
            Some(units[9]),
        )
        .unwrap();
    assert_eq!(w.located, Some(9));
    let awards = ids_of(&api, &ViewSpec::of(TableKind::Awards), 100).0;
    let w = api
        .window(
            Some(PERIOD.into()),
            today(),
            ViewSpec::of(TableKind::Awards),
            0,
            1,
            Some(awards[2]),
        )
        .unwrap();
    assert_eq!(w.located, Some(2));
    // The selected model keeps being found when its row moves.
    let id = all[all.len() - 1];
    let mut m = api.model(id).unwrap().model;
    m.title = "Zzz cuối cùng".into();
    api.save(Request::SaveModel(m)).unwrap();
    let w = api
        .window(Some(PERIOD.into()), today(), by_title, 0, 3, Some(id))
        .unwrap();
    assert_eq!(w.located, Some(0));
}

#[test]
fn windows_are_capped_and_the_last_page_is_reachable() {
    let db = db_with(crate::tui::testing::generated_dataset(1_500));
    let api = db.api();
    let view = ViewSpec::of(TableKind::Models);
    let w = api
        .window(
            Some(PERIOD.into()),
            today(),
            view.clone(),
            0,
            u32::MAX,
            None,
        )
        .unwrap();
    assert_eq!(w.rows.len(), WINDOW_MAX as usize);
    assert_eq!(w.total, 1_500);
    // `G`: any start past the end gives the last rows.
    let w = api
        .window(
            Some(PERIOD.into()),
            today(),
            view.clone(),
            u64::MAX,
            120,
            None,
        )
        .unwrap();
    assert_eq!((w.start, w.rows.len()), (1_380, 120));
    let WindowRows::Models(r) = w.rows else {
        panic!()
    };
    assert_eq!(r.last().unwrap().code, "G001500");
    // A very long search is cut, not refused.
    let mut v = view;
    v.query = "a".repeat(100_000);
    let w = api
        .window(Some(PERIOD.into()), today(), v, 0, 10, None)
        .unwrap();
    assert_eq!(w.total, 0);
}

#[test]
fn a_viewer_reads_windows_and_an_unlisted_user_gets_nothing() {
    let db = db_with(sample_dataset());
    let req = Request::Window {
        period: None,
        as_of: today(),
        view: ViewSpec::of(TableKind::Models),
        start: 0,
        len: 10,
        locate: None,
    };
    let viewer = Embedded::with_role(db.store.clone(), "hoa".into(), Role::Viewer);
    match viewer.call(req.clone()).unwrap() {
        Response::Window(w) => {
            assert_eq!(w.period, PERIOD);
            assert_eq!(w.rows.len(), 10);
        }
        other => panic!("{other:?}"),
    }
    let nobody = Embedded::with_role(db.store.clone(), "x".into(), Role::Nobody);
    assert!(matches!(
        nobody.call(req),
        Err(ApiError::Msg(Msg::Forbidden { .. }))
    ));
}

#[test]
fn a_renamed_unit_is_sorted_and_found_by_its_new_name() {
    let db = db_with(sample_dataset());
    let api = db.api();
    let by_unit = models_view(SortBy::Unit, false, Lang::Vi, Filters::default(), "");
    let before = first_models(&db, &by_unit);
    // The unit listed last goes first under its new name.
    let last = before.last().unwrap().clone();
    let mut u = api
        .units()
        .unwrap()
        .into_iter()
        .find(|u| u.id == last.unit)
        .unwrap();
    u.name = "0 Chi bộ đổi tên Pác Bó".into();
    api.save(Request::SaveUnit(u)).unwrap();
    let after = first_models(&db, &by_unit);
    assert_eq!(after[0].unit, last.unit);
    assert_eq!(after[0].unit_name, "0 Chi bộ đổi tên Pác Bó");
    assert_eq!(
        after.iter().map(|m| m.id).collect::<Vec<_>>(),
        old_models(
            &api,
            SortCol::Unit,
            false,
            Lang::Vi,
            &Filters::default(),
            ""
        )
    );
    let mut v = by_unit;
    v.query = "pac bo".into();
    let found = first_models(&db, &v);
    assert!(!found.is_empty() && found.iter().all(|m| m.unit == last.unit));
}

#[test]
fn changes_name_the_models_and_awards_written_and_widen_for_units() {
    let mut writes: Journal = vec![Vec::new(); T::ALL.len()];
    writes[T::Stats as usize].push((keys::id(7).to_vec(), Some(vec![1])));
    writes[T::Awards as usize].push((keys::id(3).to_vec(), None));
    // A draft is no change to a table.
    writes[T::Meta as usize].push((b"draft:canbo".to_vec(), Some(b"x".to_vec())));
    let c = window::Changes::of(&writes);
    assert_eq!(
        format!("{c:?}"),
        "Changes { models: {7}, awards: {3}, wide: false }"
    );
    writes[T::Units as usize].push((keys::id(4).to_vec(), Some(vec![1])));
    let c = window::Changes::of(&writes);
    assert_eq!(
        format!("{c:?}"),
        "Changes { models: {}, awards: {}, wide: true }"
    );
}

/// The unit rows a server answers from its index (each unit's latest check-in among the
/// period's models) are the rows read from the models, before and after a check-in.
#[test]
fn unit_rows_from_the_index_are_the_rows_from_the_models() {
    let db = db_with(sample_dataset());
    let api = db.api();
    let period = || Some(PERIOD.to_string());
    let scanned = api.unit_rows(period()).unwrap();
    assert!(
        db.store.views.periods.lock().unwrap().is_empty(),
        "no index built"
    );
    api.window(
        period(),
        today(),
        ViewSpec::of(TableKind::Models),
        0,
        10,
        None,
    )
    .unwrap();
    assert_eq!(api.unit_rows(period()).unwrap(), scanned);
    // A check-in later than any: its unit's latest check-in moves, in the index as well.
    let model = first_models(&db, &ViewSpec::of(TableKind::Models))[0].clone();
    let day = today() + chrono::Days::new(1);
    api.save(Request::SaveCheckIn(super::tests::inspection(
        model.id, day,
    )))
    .unwrap();
    let indexed = api.unit_rows(period()).unwrap();
    assert!(!db.store.views.periods.lock().unwrap().is_empty());
    let row = indexed.iter().find(|u| u.unit.id == model.unit).unwrap();
    assert_eq!(row.last_checkin, Some(day));
    db.store.views.periods.lock().unwrap().clear();
    assert_eq!(api.unit_rows(period()).unwrap(), indexed);
}

/// Several titles changed between two windows (so applied to the index together, as those
/// of one commit would be), each moving across the others: the title order is the one the
/// rows sort to, both ways.
#[test]
fn several_titles_changed_at_once_keep_the_title_order() {
    let db = db_with(sample_dataset());
    let api = db.api();
    let f = Filters::default();
    let (before, _) = ids_of(
        &api,
        &models_view(SortBy::Title, false, Lang::Vi, f.clone(), ""),
        7,
    );
    assert_eq!(
        before,
        old_models(&api, SortCol::Title, false, Lang::Vi, &f, "")
    );
    // The first becomes last, the last first, and three in the middle swap places.
    let n = before.len();
    let changes = [
        (before[0], "Ưu tiên cuối cùng"),
        (before[n - 1], "Ấp đầu tiên"),
        (before[n / 2], "Bản Khuổi Phầy"),
        (before[n / 2 + 1], "Bản Khuổi Phầy"),
        (before[n / 3], "Thôn Nà Sèn"),
    ];
    for (id, title) in changes {
        let mut m = api.model(id).unwrap().model;
        m.title = title.into();
        api.save(Request::SaveModel(m)).unwrap();
    }
    for descending in [false, true] {
        let view = models_view(SortBy::Title, descending, Lang::Vi, f.clone(), "");
        let (after, _) = ids_of(&api, &view, 7);
        assert_eq!(
            after,
            old_models(&api, SortCol::Title, descending, Lang::Vi, &f, ""),
            "descending {descending}"
        );
    }
    assert_ne!(
        ids_of(
            &api,
            &models_view(SortBy::Title, false, Lang::Vi, f.clone(), ""),
            7
        )
        .0,
        before
    );
}
