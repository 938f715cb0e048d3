//! Golden bytes: one value of every shape dvk writes where another dvk reads it — a frame of
//! every request and response (and of every other frame), each record's envelope, a backup
//! file, the status cache and a journal — encoded and compared with the files under
//! `tests/golden/`. bincode is not self-describing: a new field or variant changes these bytes
//! and an older reader then fails, or worse, reads something else. So a change here must come
//! with a new version and a decoder for the old shape (see `docs/SCHEMA.md`), and then the
//! files are written again with `DVK_BLESS=1 cargo test --test golden`. A missing file is
//! written (the first run creates them).
//!
//! `tests/golden/PROTOCOL_VERSION` and `tests/golden/BACKUP_FORMAT` hold the versions the
//! files were written under: frames that changed under the same protocol version fail, and so
//! does a version raised without writing the files again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use serde::de::{DeserializeOwned, Error as _, Visitor};

use dvk::api::*;
use dvk::domain::*;
use dvk::server::proto::{ClientFrame, ServerFrame, write_frame};
use dvk::store::records::{CheckInChunk, Envelope, ModelStats};
use dvk::store::{BACKUP_FORMAT, T, encode_backup_at, encode_journal_of, figures};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

// --- the values -----------------------------------------------------------------------------

fn period() -> Period {
    Period {
        code: "2021-2025".into(),
        start_year: 2021,
        end_year: 2025,
        guidance: "04-HD/BDVTU".into(),
        guidance_date: Some(d(2021, 6, 1)),
        steps: vec![StepDef {
            vi: "Đăng ký".into(),
            en: "Registration".into(),
        }],
        checkin_interval_days: 90,
        reviews: vec![Review {
            kind: ReviewKind::Interim,
            date: d(2023, 12, 20),
            title: "Sơ kết".into(),
            doc_no: "38-BC/ĐUK".into(),
        }],
    }
}

fn field() -> FieldDef {
    FieldDef {
        code: "economic".into(),
        vi: "Kinh tế".into(),
        en: "Economy".into(),
    }
}

fn form() -> AwardForm {
    AwardForm {
        code: "giay_khen".into(),
        vi: "Giấy khen".into(),
        en: "Certificate of merit".into(),
    }
}

fn body() -> Body {
    Body {
        key: "bdv-tinh-uy".into(),
        name: "Ban Dân vận Tỉnh ủy".into(),
        rank: 1,
    }
}

fn unit() -> Unit {
    Unit {
        id: 4,
        code: "CB-XA".into(),
        name: "Chi bộ xã Tân Lập".into(),
        parent: Some(3),
        kind: UnitKind::PartyCell,
        active: true,
        rev: 1,
    }
}

fn model() -> Model {
    Model {
        code: "TT-08".into(),
        id: 8,
        kind: ModelKind::Collective,
        unit: 4,
        leader: "Lò Văn Pấng".into(),
        title: "Vận động hiến đất làm đường giao thông nông thôn".into(),
        position: String::new(),
        person: String::new(),
        field: "economic".into(),
        period: "2021-2025".into(),
        status: RegStatus::Approved,
        outcome: Outcome::Outstanding,
        registered_on: d(2021, 9, 10),
        registration: Registration {
            activities: "Họp thôn, vận động từng hộ".into(),
            end_on: Some(d(2024, 6, 30)),
            goals: "Hiến đất, góp công".into(),
            ..Registration::default()
        },
        summary: "Mười hai ki-lô-mét đường bê tông".into(),
        step: 1,
        criteria: vec![Criterion {
            due: None,
            actual: 12.0,
            target: 10.0,
            measure: "km".into(),
            name: "Đường bê tông".into(),
        }],
        rev: 6,
        outcome_on: Some(d(2024, 11, 5)),
        outcome_decision: "210-QĐ/HU".into(),
    }
}

fn checkin() -> CheckIn {
    CheckIn {
        rev: 2,
        next_due: None,
        actuals: vec![(0, 7.5)],
        step: None,
        note: "Đã làm xong bảy ki-lô-mét".into(),
        by: "Bí thư chi bộ".into(),
        kind: CheckInKind::SelfReport,
        date: d(2023, 1, 9),
        model: 8,
        id: 21,
    }
}

fn award() -> Award {
    Award {
        id: 3,
        model: 8,
        body: "huyen-uy".into(),
        form: "bang_khen".into(),
        decision_no: "88-QĐ/HU".into(),
        decided_on: d(2024, 11, 20),
        note: String::new(),
        rev: 2,
    }
}

fn replication() -> Replication {
    Replication {
        id: 5,
        model: 7,
        unit: 4,
        date: d(2023, 5, 2),
        note: "Nhân rộng ở xã".into(),
        rev: 1,
    }
}

fn audit() -> AuditEntry {
    AuditEntry {
        seq: 31,
        at: Utc.with_ymd_and_hms(2024, 11, 5, 2, 15, 7).unwrap(),
        user: "vanphong".into(),
        action: Action::Create,
        record: RecordRef::Award(3),
        before: None,
        after: Some("{\"id\":3}".into()),
        note: "quyết định khen thưởng".into(),
    }
}

fn stats() -> ModelStats {
    ModelStats {
        last_checkin: Some(d(2022, 3, 15)),
        checkins: 1,
        awards: 1,
        replications: 1,
        reported: vec![dvk::domain::actuals::Reported {
            criterion: 0,
            value: 90.0,
            date: d(2022, 3, 15),
            checkin: 11,
        }],
    }
}

fn dataset() -> Dataset {
    Dataset {
        periods: vec![period()],
        fields: vec![field()],
        forms: vec![form()],
        bodies: vec![body()],
        units: vec![unit()],
        models: vec![model()],
        checkins: vec![checkin()],
        awards: vec![award()],
        replications: vec![replication()],
        audit: vec![audit()],
    }
}

fn status() -> StatusData {
    StatusData {
        period: period(),
        as_of: d(2024, 12, 31),
        units_total: 2,
        units_registered: 1,
        collective: 0,
        individual: 1,
        by_field: vec![("economic".into(), 1)],
        by_step: vec![1],
        by_outcome: vec![(Outcome::Recognized, 1)],
        drafts: 0,
        returned: 0,
        overdue: 1,
        awards_total: 1,
        awards_by: vec![AwardTally {
            body: "bdv-tinh-uy".into(),
            form: "giay_khen".into(),
            collective: 0,
            individual: 1,
        }],
        checkins: 1,
        replications: 1,
        without_criteria: 0,
        without_content: 1,
    }
}

fn model_row() -> ModelRow {
    ModelRow {
        id: 7,
        code: "MH-07".into(),
        kind: ModelKind::Individual,
        title: "Dân vận khéo trong cải cách hành chính".into(),
        person: "Nguyễn Thị Hoa".into(),
        unit: 3,
        unit_code: "DB-VP".into(),
        unit_name: "Đảng bộ Văn phòng".into(),
        field: "economic".into(),
        period: "2021-2025".into(),
        registered_on: d(2021, 7, 1),
        step: 1,
        steps: 1,
        status: RegStatus::Approved,
        outcome: Outcome::Recognized,
        progress: Some(0.75),
        criteria: 1,
        last_checkin: Some(d(2022, 3, 15)),
        checkins: 1,
        awards: 1,
        overdue: true,
        has_content: false,
        criteria_met: 1,
        replications: 1,
        position: "Phó Chánh Văn phòng".into(),
    }
}

fn line<T>(record: T) -> Row<T> {
    Row { line: 2, record }
}

/// One request of every variant (and of every variant of what a request carries: each kind
/// of import, each model action, each kind of record named).
fn requests() -> Vec<(String, Request)> {
    let p = Some("2021-2025".to_string());
    let as_of = d(2024, 12, 31);
    let mut out = vec![
        Request::Periods,
        Request::Fields,
        Request::Forms,
        Request::Bodies,
        Request::Units,
        Request::Status {
            period: p.clone(),
            as_of,
        },
        Request::Report {
            period: p.clone(),
            as_of,
            overdue_limit: Some(20),
        },
        Request::ModelRows {
            period: None,
            as_of,
        },
        Request::UnitRows { period: p.clone() },
        Request::AwardRows { period: p.clone() },
        Request::Model { id: 7 },
        Request::ModelByCode {
            code: "MH-07".into(),
        },
        Request::History {
            record: RecordRef::Model(7),
            limit: 50,
        },
        Request::Dataset,
        Request::Check,
        Request::Whoami,
        Request::SavePeriod(period()),
        Request::SaveField(field()),
        Request::SaveForm(form()),
        Request::SaveUnit(unit()),
        Request::DeleteUnit { id: 3 },
        Request::SaveModel(model()),
        Request::DeleteModel { id: 7 },
        Request::SaveCheckIn(checkin()),
        Request::DeleteCheckIn { model: 7, id: 11 },
        Request::SaveAward(award()),
        Request::DeleteAward { id: 2 },
        Request::SaveReplication(replication()),
        Request::DeleteReplication { id: 5 },
        Request::Load {
            dataset: Box::new(dataset()),
            replace: true,
        },
        Request::Undo,
        Request::SaveDraft {
            text: "SaveModel MH-08".into(),
        },
        Request::Draft,
        Request::UndoPreview,
        Request::Redo,
        Request::RedoPreview,
        Request::AwardMany {
            award: award(),
            models: vec![7, 8],
        },
        Request::CheckInMany {
            checkin: checkin(),
            models: vec![7, 8],
        },
        Request::ModelActionMany {
            models: vec![7, 8],
            action: ModelAction::Status(RegStatus::Submitted),
            reason: String::new(),
        },
        Request::Window {
            period: p.clone(),
            as_of,
            view: ViewSpec {
                table: TableKind::Models,
                sort: SortBy::Title,
                descending: true,
                lang: dvk::i18n::Lang::En,
                filters: Filters {
                    kind: Some(ModelKind::Individual),
                    field: Some("economic".into()),
                    step: Some(2),
                    unit: Some(3),
                    status: Some(RegStatus::Approved),
                    overdue: true,
                    lacking: Some(Lack::Content),
                    outcome: Some(Outcome::Recognized),
                },
                query: "khuoi phay".into(),
            },
            start: 240,
            len: 120,
            locate: Some(7),
        },
        Request::ImportPart {
            batch: ImportBatch::CheckIns(vec![CheckInImport {
                line: 40_002,
                checkin: checkin(),
                model_code: "MH-07".into(),
            }]),
            first: false,
            last: true,
            dry_run: false,
        },
    ]
    .into_iter()
    .map(|r| (variant(&r), r))
    .collect::<Vec<_>>();
    let records = [
        RecordRef::Period("2021-2025".into()),
        RecordRef::Field("economic".into()),
        RecordRef::Form("giay_khen".into()),
        RecordRef::Body("bdv-tinh-uy".into()),
        RecordRef::Unit(3),
        RecordRef::Model(7),
        RecordRef::CheckIn(11),
        RecordRef::Award(2),
        RecordRef::Replication(5),
        RecordRef::Import {
            file: "models.csv".into(),
            rows: 3,
        },
    ];
    for record in records {
        out.push((
            format!("UnitOf-{}", variant(&record)),
            Request::UnitOf { record },
        ));
    }
    let batches = [
        ImportBatch::Periods(vec![line(period())]),
        ImportBatch::Fields(vec![line(field())]),
        ImportBatch::Forms(vec![line(form())]),
        ImportBatch::Units(vec![UnitImport {
            line: 2,
            unit: unit(),
            parent_code: Some("DB-TINH".into()),
        }]),
        ImportBatch::Models(vec![ModelImport {
            line: 2,
            model: model(),
            unit_code: "DB-VP".into(),
        }]),
        ImportBatch::CheckIns(vec![CheckInImport {
            line: 2,
            checkin: checkin(),
            model_code: "MH-07".into(),
        }]),
        ImportBatch::Awards(vec![AwardImport {
            award: award(),
            model_code: "TT-08".into(),
            line: 3,
        }]),
        ImportBatch::Replications(vec![ReplicationImport {
            line: 2,
            replication: replication(),
            model_code: "MH-07".into(),
            unit_code: "CB-XA".into(),
        }]),
        ImportBatch::Reviews(vec![ReviewImport {
            line: 2,
            period: "2021-2025".into(),
            review: period().reviews[0].clone(),
        }]),
    ];
    for batch in batches {
        out.push((
            format!("Import-{}", variant(&batch)),
            Request::Import {
                batch,
                dry_run: false,
            },
        ));
    }
    let actions = [
        ModelAction::Step(2),
        ModelAction::Status(RegStatus::Returned),
        ModelAction::Outcome(Outcome::Outstanding),
        ModelAction::Decide {
            outcome: Outcome::Recognized,
            on: Some(d(2024, 10, 12)),
            decision: "125-QĐ/ĐUK".into(),
        },
    ];
    for action in actions {
        out.push((
            format!("ModelAction-{}", variant(&action)),
            Request::ModelAction {
                id: 7,
                rev: 4,
                action,
                reason: "bổ sung tiêu chí".into(),
            },
        ));
    }
    out
}

fn responses() -> Vec<Response> {
    vec![
        Response::Periods(vec![period()]),
        Response::Fields(vec![field()]),
        Response::Forms(vec![form()]),
        Response::Bodies(vec![body()]),
        Response::Units(vec![unit()]),
        Response::Status(Box::new(status())),
        Response::Report(Box::new(ReportData {
            status: status(),
            fields: vec![field()],
            forms: vec![form()],
            overdue: vec![OverdueRow {
                id: 7,
                code: "MH-07".into(),
                title: "Dân vận khéo trong cải cách hành chính".into(),
                kind: ModelKind::Individual,
                person: "Nguyễn Thị Hoa".into(),
                unit_name: "Đảng bộ Văn phòng".into(),
                last: d(2022, 3, 15),
                days: 1022,
            }],
        })),
        Response::ModelRows(vec![model_row()]),
        Response::UnitRows(vec![UnitRow {
            unit: unit(),
            depth: 1,
            models: 1,
            drafts: 0,
            last_checkin: Some(d(2022, 3, 15)),
        }]),
        Response::AwardRows(vec![AwardRow {
            award: award(),
            model_code: "MH-07".into(),
            model_title: "Dân vận khéo trong cải cách hành chính".into(),
            kind: ModelKind::Individual,
            recipient: "Nguyễn Thị Hoa".into(),
            unit_name: "Đảng bộ Văn phòng".into(),
            period: "2021-2025".into(),
        }]),
        Response::Model(Box::new(ModelDetail {
            model: model(),
            unit: unit(),
            period: period(),
            checkins: vec![checkin()],
            awards: vec![award()],
            replications: vec![replication()],
            history: vec![audit()],
        })),
        Response::History(vec![audit()]),
        Response::Dataset(Box::new(dataset())),
        Response::Check(CheckReport {
            records: vec![("models".into(), 1)],
            problems: vec!["model 7: unit 3 missing".into()],
        }),
        Response::Whoami {
            user: "canbo".into(),
        },
        Response::UnitOf(Some(3)),
        Response::Saved { id: 7, rev: 5 },
        Response::Deleted,
        Response::Imported {
            rows: 3,
            skipped: 1,
        },
        Response::Loaded,
        Response::Undone {
            record: RecordRef::Model(7),
            action: Action::Update,
        },
        Response::Draft(Some("SaveModel MH-08".into())),
        Response::Preview(Msg::UndoPreview {
            change: ChangeDesc {
                verb: ChangeVerb::Edit,
                record: "model".into(),
                code: "MH-28".into(),
                fields: vec![FieldChange {
                    field: "outcome".into(),
                    from: Shown::Outcome(Outcome::Recognized),
                    to: Shown::Outcome(Outcome::Pending),
                }],
                others: 0,
            },
        }),
        Response::Redone {
            record: RecordRef::Model(7),
            action: Action::Update,
        },
        Response::Batch {
            saved: vec![(7, 5)],
            skipped: vec![Problem {
                line: None,
                field: "MH-08".into(),
                msg: Msg::StatusMove {
                    code: "MH-08".into(),
                    from: RegStatus::Approved,
                    to: RegStatus::Submitted,
                },
            }],
        },
        Response::Window(Box::new(WindowData {
            period: "2021-2025".into(),
            generation: 1_764_590_000_000_042,
            total: 361,
            unfiltered: 1_000_000,
            start: 240,
            rows: WindowRows::Models(vec![model_row()]),
            located: Some(241),
        })),
        Response::ImportPartTaken { rows: 40_000 },
    ]
}

fn notice() -> Notice {
    Notice {
        seq: 12,
        user: "canbo".into(),
        records: vec![RecordRef::Model(7), RecordRef::CheckIn(11)],
        conn: 4,
    }
}

fn errors() -> Vec<ApiError> {
    vec![
        ApiError::Msg(Msg::Forbidden {
            right: "write".into(),
        }),
        ApiError::Invalid(vec![Problem {
            line: Some(2),
            field: "code".into(),
            msg: Msg::BadCode {
                text: "MH 07".into(),
            },
        }]),
    ]
}

fn server_frames() -> Vec<ServerFrame> {
    vec![
        ServerFrame::Welcome {
            user: "canbo".into(),
            db: "/var/lib/dvk/db".into(),
            conn: 4,
        },
        ServerFrame::Reply(Ok(Response::Deleted)),
        ServerFrame::Notice(notice()),
    ]
}

fn client_frames() -> Vec<ClientFrame> {
    vec![ClientFrame::Call(Request::Whoami), ClientFrame::Subscribe]
}

// --- naming variants ------------------------------------------------------------------------

/// The name of a value's variant (the start of its debug form).
fn variant<V: std::fmt::Debug>(v: &V) -> String {
    let s = format!("{v:?}");
    s.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Every variant of an enum, by name, as its own `Deserialize` lists them: a variant added to
/// the enum is missing from the golden values until one is written here.
fn variants_of<E: DeserializeOwned>() -> Vec<&'static str> {
    struct Probe<'a>(&'a mut Option<&'static [&'static str]>);
    impl<'de> serde::Deserializer<'de> for Probe<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Self::Error::custom("not an enum"))
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = Some(variants);
            Err(Self::Error::custom("listed"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
            identifier ignored_any
        }
    }
    let mut seen = None;
    let _ = E::deserialize(Probe(&mut seen));
    seen.expect("an enum").to_vec()
}

/// A value of variant `choice` of an enum, every field inside it the simplest value of its
/// type (the text `"x"`, the number 1, no option, empty lists, the first variant of an enum
/// inside; maps are not made): for the enums of many variants whose every variant is sent, such as `Msg`.
fn sample<E: DeserializeOwned>(choice: u32) -> E {
    use serde::de::{self, DeserializeSeed, IntoDeserializer};
    type Error = de::value::Error;

    struct Gen {
        choice: u32,
    }
    // Each method of the deserializer: its extra parameters, then what it gives the visitor.
    macro_rules! give {
        ($($name:ident($($p:tt: $t:ty),*) => |$s:ident, $v:ident| $body:expr;)*) => {
            $(fn $name<V: Visitor<'de>>($s, $($p: $t,)* $v: V) -> Result<V::Value, Error> {
                $body
            })*
        };
    }
    struct Items(usize);
    impl<'de> de::SeqAccess<'de> for Items {
        type Error = Error;
        fn next_element_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<Option<S::Value>, Error> {
            if self.0 == 0 {
                return Ok(None);
            }
            self.0 -= 1;
            seed.deserialize(Gen { choice: 0 }).map(Some)
        }
    }
    impl<'de> de::EnumAccess<'de> for Gen {
        type Error = Error;
        type Variant = Gen;
        fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Gen), Error> {
            let v = seed.deserialize(self.choice.into_deserializer())?;
            Ok((v, Gen { choice: 0 }))
        }
    }
    impl<'de> de::VariantAccess<'de> for Gen {
        type Error = Error;
        fn unit_variant(self) -> Result<(), Error> {
            Ok(())
        }
        fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
            seed.deserialize(self)
        }
        fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, Error> {
            v.visit_seq(Items(len))
        }
        fn struct_variant<V: Visitor<'de>>(
            self,
            fields: &'static [&'static str],
            v: V,
        ) -> Result<V::Value, Error> {
            v.visit_seq(Items(fields.len()))
        }
    }
    impl<'de> serde::Deserializer<'de> for Gen {
        type Error = Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(Error::custom("a self-describing value"))
        }
        serde::forward_to_deserialize_any! { i128 u128 char bytes byte_buf map identifier ignored_any }
        give! {
            deserialize_bool() => |self, v| v.visit_bool(true);
            deserialize_i8() => |self, v| v.visit_i8(1);
            deserialize_i16() => |self, v| v.visit_i16(1);
            deserialize_i32() => |self, v| v.visit_i32(1);
            deserialize_i64() => |self, v| v.visit_i64(1);
            deserialize_u8() => |self, v| v.visit_u8(1);
            deserialize_u16() => |self, v| v.visit_u16(1);
            deserialize_u32() => |self, v| v.visit_u32(1);
            deserialize_u64() => |self, v| v.visit_u64(1);
            deserialize_f32() => |self, v| v.visit_f32(1.0);
            deserialize_f64() => |self, v| v.visit_f64(1.0);
            deserialize_str() => |self, v| v.visit_str("x");
            deserialize_string() => |self, v| v.visit_str("x");
            deserialize_option() => |self, v| v.visit_none();
            deserialize_unit() => |self, v| v.visit_unit();
            deserialize_seq() => |self, v| v.visit_seq(Items(0));
            deserialize_unit_struct(_: &'static str) => |self, v| v.visit_unit();
            deserialize_newtype_struct(_: &'static str) => |self, v| v.visit_newtype_struct(self);
            deserialize_tuple(len: usize) => |self, v| v.visit_seq(Items(len));
            deserialize_tuple_struct(_: &'static str, len: usize) => |self, v| v.visit_seq(Items(len));
            // A struct is its fields in order, as bincode lays it out.
            deserialize_struct(_: &'static str, fields: &'static [&'static str])
                => |self, v| v.visit_seq(Items(fields.len()));
            deserialize_enum(_: &'static str, _: &'static [&'static str]) => |self, v| v.visit_enum(self);
        }
    }
    E::deserialize(Gen { choice }).expect("a sample value")
}

fn assert_covers<E: DeserializeOwned>(what: &str, names: impl IntoIterator<Item = String>) {
    let have: BTreeSet<String> = names.into_iter().collect();
    let missing: Vec<&str> = variants_of::<E>()
        .into_iter()
        .filter(|v| !have.contains(*v))
        .collect();
    assert!(
        missing.is_empty(),
        "{what} without a golden value: {missing:?} (add one to tests/golden.rs)"
    );
}

// --- comparing ------------------------------------------------------------------------------

/// Which version guards a file, named in the failure.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Guard {
    Protocol,
    Backup,
    Record,
    Cache,
    Journal,
}

impl Guard {
    fn advice(self) -> &'static str {
        match self {
            Guard::Protocol => {
                "shape changed: bump PROTOCOL_VERSION (src/api.rs) and add a decoder, then \
                 re-bless with DVK_BLESS=1"
            }
            Guard::Backup => {
                "shape changed: bump BACKUP_FORMAT (src/store/backup.rs) and add a decoder \
                 for the old format, then re-bless with DVK_BLESS=1"
            }
            Guard::Record => {
                "shape changed: add the record's next envelope version with a decoder of the \
                 old shape (src/store/records.rs, records/v1.rs; see docs/SCHEMA.md), then \
                 re-bless with DVK_BLESS=1"
            }
            Guard::Cache => {
                "shape changed: add the status cache's next version with a decoder \
                 (src/store/figures.rs), then re-bless with DVK_BLESS=1"
            }
            Guard::Journal => {
                "shape changed: bump the journal's version (src/store/migrate.rs) and keep a \
                 decoder for the old one, then re-bless with DVK_BLESS=1"
            }
        }
    }
}

struct Golden {
    dir: PathBuf,
    bless: bool,
    /// Files whose bytes differ, by the version that guards them.
    changed: BTreeMap<Guard, Vec<String>>,
    files: BTreeSet<String>,
}

impl Golden {
    fn new() -> Golden {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
        std::fs::create_dir_all(&dir).unwrap();
        Golden {
            dir,
            bless: std::env::var_os("DVK_BLESS").is_some_and(|v| v == "1"),
            changed: BTreeMap::new(),
            files: BTreeSet::new(),
        }
    }

    fn check(&mut self, guard: Guard, name: &str, bytes: &[u8]) {
        assert!(self.files.insert(name.to_string()), "{name} twice");
        let path = self.dir.join(name);
        match std::fs::read(&path) {
            Ok(old) if !self.bless => {
                if old != bytes {
                    self.changed.entry(guard).or_default().push(name.into());
                }
            }
            _ => std::fs::write(&path, bytes).unwrap(),
        }
    }

    /// The version a family of files was written under, in `tests/golden/<name>`.
    fn version(&mut self, name: &str, current: u32, guard: Guard) -> Option<String> {
        let path = self.dir.join(name);
        let stored = std::fs::read_to_string(&path)
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok());
        match stored {
            Some(v) if !self.bless && v != current => Some(format!(
                "{name} is {current} but tests/golden was written under {v}: the {:?} files \
                 must be written again with DVK_BLESS=1",
                guard
            )),
            Some(_) if !self.bless => None,
            _ => {
                std::fs::write(&path, format!("{current}\n")).unwrap();
                None
            }
        }
    }
}

fn frame<F: serde::Serialize>(f: &F) -> Vec<u8> {
    let mut out = Vec::new();
    write_frame(&mut out, f).unwrap();
    out
}

#[test]
fn shapes_on_the_wire_and_on_disk_are_unchanged() {
    let mut g = Golden::new();

    // Every variant has its value.
    let reqs = requests();
    assert_covers::<Request>("requests", reqs.iter().map(|(_, r)| variant(r)));
    assert_covers::<ImportBatch>(
        "imports",
        reqs.iter()
            .filter_map(|(n, _)| Some(n.strip_prefix("Import-")?.into())),
    );
    assert_covers::<ModelAction>(
        "model actions",
        reqs.iter()
            .filter_map(|(n, _)| Some(n.strip_prefix("ModelAction-")?.into())),
    );
    assert_covers::<RecordRef>(
        "records named",
        reqs.iter()
            .filter_map(|(n, _)| Some(n.strip_prefix("UnitOf-")?.into())),
    );
    let resps = responses();
    assert_covers::<Response>("responses", resps.iter().map(variant));
    assert_covers::<ApiError>("errors", errors().iter().map(variant));
    assert_covers::<ServerFrame>("server frames", server_frames().iter().map(variant));
    assert_covers::<ClientFrame>("client frames", client_frames().iter().map(variant));

    // Frames.
    for (name, r) in reqs {
        g.check(
            Guard::Protocol,
            &format!("request-{name}.bin"),
            &frame(&ClientFrame::Call(r)),
        );
    }
    for r in resps {
        let name = format!("response-{}.bin", variant(&r));
        g.check(Guard::Protocol, &name, &frame(&ServerFrame::Reply(Ok(r))));
    }
    for e in errors() {
        let name = format!("error-{}.bin", variant(&e));
        g.check(Guard::Protocol, &name, &frame(&ServerFrame::Reply(Err(e))));
    }
    for f in server_frames() {
        let name = format!("server-{}.bin", variant(&f));
        g.check(Guard::Protocol, &name, &frame(&f));
    }
    for f in client_frames() {
        let name = format!("client-{}.bin", variant(&f));
        g.check(Guard::Protocol, &name, &frame(&f));
    }
    // Every message an error can carry, each variant once.
    for (i, name) in variants_of::<Msg>().into_iter().enumerate() {
        let m: Msg = sample(i as u32);
        assert_eq!(variant(&m), name);
        let f = ServerFrame::Reply(Err(ApiError::Msg(m)));
        g.check(Guard::Protocol, &format!("msg-{name}.bin"), &frame(&f));
    }
    let stale_protocol = g.version("PROTOCOL_VERSION", PROTOCOL_VERSION, Guard::Protocol);

    // Records, each in its envelope.
    let records: [(&str, Vec<u8>); 12] = [
        ("period", period().encode()),
        ("field", field().encode()),
        ("form", form().encode()),
        ("body", body().encode()),
        ("unit", unit().encode()),
        ("model", model().encode()),
        ("checkin", checkin().encode()),
        ("checkins", CheckInChunk(vec![checkin()]).encode()),
        ("award", award().encode()),
        ("replication", replication().encode()),
        ("audit", audit().encode()),
        ("stats", stats().encode()),
    ];
    for (name, bytes) in records {
        g.check(Guard::Record, &format!("record-{name}.bin"), &bytes);
    }
    g.check(Guard::Record, "record-dataset.bin", &dataset().encode());

    // Files beside the database.
    g.check(
        Guard::Backup,
        "backup.bin",
        &encode_backup_at(&dataset(), 1_700_000_000_123),
    );
    let stale_backup = g.version("BACKUP_FORMAT", BACKUP_FORMAT, Guard::Backup);
    let figs = figures::Figures {
        periods: vec![period()],
        fields: vec![field()],
        forms: vec![form()],
        bodies: vec![body()],
        counters: [(b"2021-2025\0m".to_vec(), 1i64)].into_iter().collect(),
        schema: 4,
    };
    g.check(
        Guard::Cache,
        "status-cache.bin",
        &figures::encode_cache(&[7; 16], &figs),
    );
    let journal = encode_journal_of(&[
        (
            T::Models,
            vec![(7u64.to_be_bytes().to_vec(), Some(model().encode()))],
        ),
        (T::ModelCode, vec![(b"MH-06".to_vec(), None)]),
    ]);
    g.check(Guard::Journal, "journal.bin", &journal);

    // Files no value wrote any more are left over from a variant that was removed.
    let stray: Vec<String> = std::fs::read_dir(&g.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".bin") && !g.files.contains(n))
        .collect();

    let mut report: Vec<String> = g
        .changed
        .iter()
        .map(|(guard, names)| format!("{}: {}", guard.advice(), names.join(", ")))
        .collect();
    report.extend(stale_protocol);
    report.extend(stale_backup);
    if !stray.is_empty() {
        report.push(format!(
            "golden files of no value (a variant removed? a removed variant breaks old \
             peers): {stray:?}"
        ));
    }
    assert!(report.is_empty(), "\n{}", report.join("\n"));
    decode_back(&g.dir);
}

/// The golden files decode back into their values: they are what dvk reads, not only what it
/// writes.
fn decode_back(dir: &Path) {
    let bytes = std::fs::read(dir.join("backup.bin")).unwrap();
    assert_eq!(dvk::store::decode_backup(&bytes).unwrap(), dataset());
    let model_bytes = std::fs::read(dir.join("record-model.bin")).unwrap();
    assert_eq!(Model::decode(&model_bytes).unwrap(), model());
    let req = std::fs::read(dir.join("request-SaveModel.bin")).unwrap();
    let f: ClientFrame = dvk::server::proto::decode_body(&req[4..]).unwrap();
    assert!(matches!(f, ClientFrame::Call(Request::SaveModel(m)) if m == model()));
    let journal = std::fs::read(dir.join("journal.bin")).unwrap();
    let dvk::store::DecodedJournal::Whole(trees) = dvk::store::decode_journal(&journal) else {
        panic!("the golden journal does not read back whole");
    };
    let names: Vec<&str> = trees.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["models", "idx_model_code"]);
    let msg = std::fs::read(dir.join("msg-UnknownValue.bin")).unwrap();
    let f: ServerFrame = dvk::server::proto::decode_body(&msg[4..]).unwrap();
    let want = Msg::UnknownValue {
        text: "x".into(),
        allowed: "x".into(),
    };
    assert!(matches!(f, ServerFrame::Reply(Err(ApiError::Msg(m))) if m == want));
}
