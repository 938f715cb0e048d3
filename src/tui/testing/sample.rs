//! The records of the sample period and of generated ones: plausible units, models, people,
//! check-ins and awards, built the same way every run so snapshots stay stable.

use chrono::NaiveDate;

use super::{StoreBackend, USER, date};
use crate::api::Dataset;
use crate::domain::codes::{default_fields, default_forms, default_period};
use crate::domain::*;

const DEPARTMENTS: [&str; 12] = [
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài chính",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Kế hoạch và Đầu tư",
    "Sở Xây dựng",
];
const CELLS: [&str; 3] = [
    "Chi bộ Văn phòng",
    "Chi bộ Thanh tra",
    "Chi bộ Phòng Kế hoạch",
];

const COLLECTIVE: [&str; 26] = [
    "Dân vận khéo trong cải cách hành chính",
    "Một cửa thân thiện, người dân hài lòng",
    "Chi hội phụ nữ tiết kiệm giúp nhau",
    "Đồng hành cùng nông dân trồng hồi",
    "Trường học xanh - sạch - đẹp",
    "Trạm y tế vì dân",
    "Tủ sách pháp luật ở thôn bản",
    "Thôn Khuổi Phầy sáng - xanh - sạch",
    "Chợ phiên an toàn thực phẩm",
    "Bản văn hóa, giữ gìn lễ hội",
    "Đất đai minh bạch, dân tin",
    "Đường bê tông do dân góp công",
    "Việc làm cho lao động nông thôn",
    "Vốn vay đúng người, đúng việc",
    "Nhà ở kiên cố cho hộ nghèo",
    "Nước sạch về bản",
    "Hòa giải ở cơ sở",
    "Cán bộ gần dân, hiểu dân",
    "Thanh niên tình nguyện mùa hè",
    "Phụ nữ giữ gìn bản sắc dân tộc",
    "Khuyến học ở dòng họ",
    "Vệ sinh môi trường khu dân cư",
    "An toàn giao thông đường thôn",
    "Hợp tác xã na Chi Lăng",
    "Dân vận trong bồi thường giải phóng mặt bằng",
    "Chuyển đổi số trong tiếp dân",
];
const PEOPLE: [&str; 24] = [
    "Nguyễn Văn An",
    "Hoàng Thị Bích",
    "Lương Văn Cường",
    "Nông Thị Dung",
    "Vi Văn Đức",
    "Hà Thị Giang",
    "Lăng Văn Hải",
    "Chu Thị Hạnh",
    "Đinh Văn Khánh",
    "Mã Thị Lan",
    "Hoàng Văn Long",
    "Lộc Thị Mai",
    "Triệu Văn Nam",
    "Dương Thị Ngọc",
    "Lâm Văn Phúc",
    "Bế Thị Quyên",
    "Nông Văn Sơn",
    "Hứa Thị Thảo",
    "Vy Văn Thắng",
    "Lý Thị Uyên",
    "Tô Văn Vinh",
    "Đặng Thị Xuân",
    "Hoàng Văn Yên",
    "Ngô Thị Ánh",
];
const BDV: &str = "Ban Dân vận Tỉnh ủy";
const BTV: &str = "Ban Thường vụ Đảng ủy Khối";

fn units() -> Vec<Unit> {
    let mut out = Vec::new();
    for (i, d) in DEPARTMENTS.iter().enumerate() {
        let id = (i as Id + 1) * 10;
        out.push(Unit {
            id,
            code: format!("DB{:02}", i + 1),
            name: format!("Đảng bộ {d}"),
            parent: None,
            kind: UnitKind::PartyCommittee,
            active: true,
            rev: 1,
        });
        for (j, c) in CELLS.iter().enumerate() {
            out.push(Unit {
                id: id + j as Id + 1,
                code: format!("DB{:02}-CB{}", i + 1, j + 1),
                name: c.to_string(),
                parent: Some(id),
                kind: UnitKind::PartyCell,
                active: true,
                rev: 1,
            });
        }
    }
    out
}

fn base(periods: Vec<Period>, units: Vec<Unit>) -> Dataset {
    Dataset {
        periods,
        fields: default_fields(),
        forms: default_forms(),
        bodies: vec![
            Body {
                key: crate::domain::text::name_key(BDV),
                name: BDV.into(),
                rank: 1,
            },
            Body {
                key: crate::domain::text::name_key(BTV),
                name: BTV.into(),
                rank: 2,
            },
        ],
        units,
        ..Dataset::default()
    }
}

fn main_period() -> Period {
    let mut p = default_period("2017-2020").expect("valid period");
    p.guidance = "04-HD/BDVTU".into();
    p.guidance_date = Some(date(2017, 6, 1));
    p.reviews = vec![Review::final_on(date(2020, 10, 12))];
    p
}

fn criteria(i: usize, step: u8) -> Vec<Criterion> {
    let target = 20.0 + (i % 7) as f64 * 5.0;
    let share = (step as f64 / 5.0).min(1.0);
    vec![
        Criterion {
            name: "Hộ dân tham gia".into(),
            measure: "hộ".into(),
            target,
            actual: (target * share).round(),
            due: Some(date(2020, 6, 30)),
        },
        Criterion {
            name: "Buổi tuyên truyền".into(),
            measure: "buổi".into(),
            target: 12.0,
            actual: (12.0 * share + (i % 3) as f64).min(14.0).round(),
            due: None,
        },
    ]
}

/// The sample in a new store of its own (see [`sample_dataset`]).
pub fn sample() -> StoreBackend {
    StoreBackend::copy(super::sample_files())
}

/// The sample period: 48 units, 15 of them registered with 26 collective models and 24
/// individual exemplars (plus two drafts and one returned registration that are not
/// counted), four models overdue on [`super::today`], 13 awards from two bodies, and an older
/// period. The log holds each model's creation, at 08:00 on the day it was registered.
pub fn sample_dataset() -> Dataset {
    let units = units();
    let registered: Vec<Id> = units
        .iter()
        .filter(|u| u.parent.is_none())
        .map(|u| u.id)
        .chain([11, 12, 13])
        .collect();
    let fields = default_fields();
    let mut d = base(
        vec![
            main_period(),
            default_period("2012-2016").expect("valid period"),
        ],
        units,
    );
    for i in 0..50usize {
        let s = (i * 7) % 50;
        let step: u8 = if s < 3 {
            2
        } else if s < 33 {
            3
        } else if s < 43 {
            4
        } else {
            5
        };
        let (kind, title, person) = if i < 26 {
            (
                ModelKind::Collective,
                COLLECTIVE[i].to_string(),
                String::new(),
            )
        } else {
            let p = PEOPLE[i - 26];
            (
                ModelKind::Individual,
                format!("Điển hình “Dân vận khéo” {}", p),
                p.to_string(),
            )
        };
        let id = 1000 + i as Id;
        let registered_on = date(2017, 7, 1) + chrono::Days::new(i as u64 * 5);
        d.models.push(Model {
            outcome_on: None,
            outcome_decision: String::new(),
            id,
            code: format!("MH{:03}", i + 1),
            unit: registered[i % registered.len()],
            kind,
            title,
            position: if person.is_empty() {
                String::new()
            } else {
                "Chuyên viên".into()
            },
            person,
            leader: "Bí thư chi bộ".into(),
            field: fields[(i * 3 + i / 5) % fields.len()].code.clone(),
            period: "2017-2020".into(),
            registered_on,
            status: if i % 4 == 0 {
                RegStatus::Submitted
            } else {
                RegStatus::Approved
            },
            step,
            outcome: match (step, i % 3) {
                (5, 0) => Outcome::Outstanding,
                (5, _) => Outcome::Recognized,
                _ => Outcome::Pending,
            },
            summary: "Tập trung vận động nhân dân cùng thực hiện, lấy dân làm gốc.".into(),
            registration: Registration {
                problem: "Người dân còn ngại đến cơ quan làm thủ tục.".into(),
                goals: "Nâng mức hài lòng của người dân.".into(),
                activities: "Tuyên truyền, hướng dẫn, kiểm tra định kỳ.".into(),
                area: "Thôn bản trong tỉnh".into(),
                start_on: Some(registered_on),
                end_on: Some(date(2020, 9, 30)),
                ..Registration::default()
            },
            criteria: criteria(i, step),
            rev: 1,
        });
        let overdue = i % 12 == 5;
        let mut dates = vec![
            registered_on + chrono::Days::new(150),
            registered_on + chrono::Days::new(420),
        ];
        dates.push(if overdue {
            date(2019, 12, 10) + chrono::Days::new(i as u64)
        } else {
            date(2020, 8, 1) + chrono::Days::new(i as u64)
        });
        for (k, dt) in dates.into_iter().enumerate() {
            d.checkins.push(Checkin::make(id * 10 + k as Id, id, dt, k));
        }
    }
    // Not counted: two drafts and one returned registration.
    for (n, (unit, status)) in [
        (20, RegStatus::Draft),
        (21, RegStatus::Draft),
        (12, RegStatus::Returned),
    ]
    .into_iter()
    .enumerate()
    {
        let mut m = d.models[n].clone();
        m.id = 2000 + n as Id;
        m.code = format!("DT{:02}", n + 1);
        m.unit = unit;
        m.status = status;
        m.step = 1;
        m.title = format!("Dự thảo mô hình {}", n + 1);
        d.models.push(m);
    }
    // An older period, so the period list has a choice.
    let mut old = d.models[3].clone();
    old.id = 3000;
    old.code = "MH-2016-01".into();
    old.period = "2012-2016".into();
    old.registered_on = date(2013, 3, 1);
    old.outcome = Outcome::Recognized;
    d.models.push(old);
    let mut seq = 0;
    let mut award = |model: usize, body: &str, no: &str| {
        seq += 1;
        Award {
            id: 5000 + seq,
            model: 1000 + model as Id,
            body: body.into(),
            form: "giay_khen".into(),
            decision_no: no.into(),
            decided_on: date(2020, 10, 12),
            note: String::new(),
            rev: 1,
        }
    };
    d.awards.push(award(0, BDV, "125-QĐ/BDVTU"));
    d.awards.push(award(26, BDV, "125-QĐ/BDVTU"));
    for m in [2, 4, 6, 7, 8, 10, 12, 14, 16, 27, 28] {
        d.awards.push(award(m, BTV, "310-QĐ/ĐUK"));
    }
    d.audit = d
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| AuditEntry {
            seq: i as u64 + 1,
            at: m
                .registered_on
                .and_hms_opt(8, 0, 0)
                .expect("valid time")
                .and_utc(),
            user: USER.into(),
            action: Action::Create,
            record: RecordRef::Model(m.id),
            before: None,
            after: Some(serde_json::to_string(m).expect("records serialise")),
            note: String::new(),
        })
        .collect();
    d
}

/// Check-ins of the sample, built the same way for every model.
struct Checkin;
impl Checkin {
    fn make(id: Id, model: Id, date: NaiveDate, k: usize) -> CheckIn {
        let kind = CheckInKind::ALL[k % CheckInKind::ALL.len()];
        CheckIn {
            id,
            model,
            date,
            kind,
            by: [
                "Đoàn kiểm tra Ban Dân vận",
                "Chi bộ tự báo cáo",
                "Tổ giám sát Đảng ủy Khối",
            ][k % 3]
                .into(),
            note: [
                "Triển khai đúng kế hoạch.",
                "Cần bổ sung sổ theo dõi.",
                "Dân đồng tình, hưởng ứng.",
            ][k % 3]
                .into(),
            step: Some(2 + (k as u8).min(2)),
            actuals: vec![],
            next_due: Some(date + chrono::Days::new(90)),
            rev: 1,
        }
    }
}

/// [`generated_dataset`] loaded into a new store.
pub fn generated(n: usize) -> StoreBackend {
    StoreBackend::new(generated_dataset(n))
}

/// `n` generated models over the sample's units (one check-in each, an award every 50th),
/// for checking that the interface stays quick with very many rows.
pub fn generated_dataset(n: usize) -> Dataset {
    let units = units();
    let fields = default_fields();
    let words = [
        "Khuổi Phầy",
        "Bản Đông",
        "Nà Sèn",
        "Tân Thanh",
        "Hữu Lũng",
        "Văn Quan",
        "Đình Lập",
        "Cao Lộc",
    ];
    let mut d = base(vec![main_period()], units);
    let unit_ids: Vec<Id> = d.units.iter().map(|u| u.id).collect();
    for i in 0..n {
        let id = 1 + i as Id;
        let individual = i % 2 == 1;
        let person = if individual {
            PEOPLE[i % PEOPLE.len()].to_string()
        } else {
            String::new()
        };
        let step = (i % 5) as u8 + 1;
        let registered_on = date(2017, 7, 1) + chrono::Days::new((i % 700) as u64);
        d.models.push(Model {
            outcome_on: None,
            outcome_decision: String::new(),
            id,
            code: format!("G{:06}", i + 1),
            unit: unit_ids[i % unit_ids.len()],
            kind: if individual {
                ModelKind::Individual
            } else {
                ModelKind::Collective
            },
            title: format!(
                "{} {} số {}",
                COLLECTIVE[i % COLLECTIVE.len()],
                words[i % words.len()],
                i + 1
            ),
            person,
            position: String::new(),
            leader: String::new(),
            field: fields[i % fields.len()].code.clone(),
            period: "2017-2020".into(),
            registered_on,
            status: RegStatus::Approved,
            step,
            outcome: Outcome::Pending,
            summary: String::new(),
            registration: Registration::default(),
            criteria: criteria(i, step),
            rev: 1,
        });
        d.checkins.push(Checkin::make(
            id,
            id,
            registered_on + chrono::Days::new(30 + (i % 600) as u64),
            i,
        ));
        if i % 50 == 0 {
            d.awards.push(Award {
                id,
                model: id,
                body: if i % 100 == 0 { BDV } else { BTV }.into(),
                form: "giay_khen".into(),
                decision_no: format!("{}-QĐ/ĐUK", i / 50 + 1),
                decided_on: date(2020, 10, 12),
                note: String::new(),
                rev: 1,
            });
        }
    }
    d
}
