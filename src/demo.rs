//! The demo period of CONTRACT.md: the 2017–2020 period of the bloc Party committee of
//! provincial agencies of Lạng Sơn as reported on 20/10/2020 (guidance 04-HD/BDVTU of
//! 01/6/2017, final review conference 12/10/2020). 48 active units, 15 of which registered
//! 26 collective models and 24 individual exemplars; awards 01 + 01 giấy khen from Ban Dân
//! vận Tỉnh ủy and 09 + 02 from Ban Thường vụ Đảng ủy Khối. The figures are the report's;
//! names are invented. Built deterministically from the tables in [`tables`]: no randomness,
//! so every run (and every test) sees the same records and ids.

mod tables;

use chrono::{Days, NaiveDate};

use crate::api::Dataset;
use crate::domain::codes::{default_fields, default_forms, default_steps};
use crate::domain::text::{date_dmy, name_key};
use crate::domain::*;
use tables::*;

/// The day the demo's report was made; overdue check-ins are counted against it.
pub const DEMO_AS_OF: (i32, u32, u32) = (2020, 10, 20);

pub const PERIOD: &str = "2017-2020";
pub const BODY_PROVINCE: &str = "Ban Dân vận Tỉnh ủy";
pub const BODY_BLOC: &str = "Ban Thường vụ Đảng ủy Khối";
/// The bloc standing committee's decision on the outcomes of the final review.
pub const OUTCOME_DECISION: &str = "125-QĐ/ĐUK";
pub const INSPECTION_TEAM: &str = "Đoàn kiểm tra Ban Thường vụ Đảng ủy Khối";

/// [`DEMO_AS_OF`] as a date.
pub fn as_of() -> NaiveDate {
    d(DEMO_AS_OF.0, DEMO_AS_OF.1, DEMO_AS_OF.2)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date in the demo tables")
}

fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date + Days::new(days)
}

// Which models (numbered 1…50 as in `tables::MODELS`) got what at the final review.
const AWARD_PROVINCE: &[usize] = &[30, 7];
const AWARD_BLOC: &[usize] = &[1, 10, 14, 18, 21, 24, 27, 36, 48, 16, 38];
/// Pending, with no check-in in the 90 days before 20/10/2020.
const PENDING_OVERDUE: &[usize] = &[12, 23, 35, 47];
/// Pending, checked recently.
const PENDING_RECENT: &[usize] = &[26, 45];
const NOT_RECOGNIZED: &[usize] = &[41, 50];
/// (model, adopting unit, date, note)
type ReplicationRow = (usize, &'static str, (i32, u32, u32), &'static str);
const REPLICATIONS: &[ReplicationRow] = &[
    (
        30,
        "CB-STTTT",
        (2019, 5, 20),
        "Áp dụng cách tiếp nhận và trả kết quả hồ sơ qua dịch vụ bưu chính công ích.",
    ),
    (
        30,
        "CB-SXD",
        (2019, 9, 10),
        "Rút gọn quy trình cấp phép xây dựng theo cách làm của mô hình.",
    ),
    (
        14,
        "DT-HCCB",
        (2019, 11, 5),
        "Hội viên cựu chiến binh tham gia làm đường giao thông nông thôn.",
    ),
    (
        36,
        "DT-LDLD",
        (2020, 3, 16),
        "Hỗ trợ nữ công nhân lao động khởi nghiệp.",
    ),
];

fn outcome_of(n: usize) -> Outcome {
    if AWARD_PROVINCE.contains(&n) || AWARD_BLOC.contains(&n) {
        Outcome::Outstanding
    } else if PENDING_OVERDUE.contains(&n) || PENDING_RECENT.contains(&n) {
        Outcome::Pending
    } else if NOT_RECOGNIZED.contains(&n) {
        Outcome::NotRecognized
    } else {
        Outcome::Recognized
    }
}

fn step_of(n: usize, outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Outstanding => 5,
        // Recognised at the interim review; a few have not filed their final report.
        Outcome::Recognized if n.is_multiple_of(4) => 4,
        Outcome::Recognized => 5,
        Outcome::NotRecognized => 3,
        _ => match n {
            12 | 35 => 2,
            26 => 4,
            _ => 3,
        },
    }
}

fn summary_of(kind: ModelKind, outcome: Outcome) -> &'static str {
    match (kind, outcome) {
        (ModelKind::Collective, Outcome::Outstanding) => {
            "Mô hình tiêu biểu, được biểu dương, khen thưởng tại Hội nghị tổng kết ngày 12/10/2020."
        }
        (ModelKind::Individual, Outcome::Outstanding) => {
            "Điển hình tiêu biểu, được biểu dương, khen thưởng tại Hội nghị tổng kết ngày 12/10/2020."
        }
        (_, Outcome::Recognized) => {
            "Đạt và vượt các chỉ tiêu đăng ký; được công nhận tại Hội nghị tổng kết."
        }
        (_, Outcome::NotRecognized) => {
            "Chưa đạt các chỉ tiêu đăng ký; chưa đủ điều kiện công nhận."
        }
        _ => "Đang tiếp tục thực hiện; đơn vị cần báo cáo kết quả theo dõi, kiểm tra định kỳ.",
    }
}

/// How far the criteria got by the end, as a share of the target.
fn achievement(outcome: Outcome) -> f64 {
    match outcome {
        Outcome::Outstanding => 1.2,
        Outcome::Recognized => 1.05,
        Outcome::Pending => 0.6,
        _ => 0.5,
    }
}

fn actual_value(target: f64, measure: &str, share: f64) -> f64 {
    let v = (target * share).round();
    if measure == "%" { v.min(100.0) } else { v }
}

/// The whole demo database: ids from 1, revision 1, no audit entries.
pub fn dataset() -> Dataset {
    let period = Period {
        code: PERIOD.into(),
        start_year: 2017,
        end_year: 2020,
        guidance: "04-HD/BDVTU".into(),
        guidance_date: Some(d(2017, 6, 1)),
        steps: default_steps(),
        checkin_interval_days: 90,
        reviews: vec![
            Review {
                kind: ReviewKind::Interim,
                date: d(2018, 12, 20),
                title: "Hội nghị sơ kết 02 năm thực hiện phong trào thi đua “Dân vận khéo” (2017 - 2018)"
                    .into(),
                doc_no: "38-BC/ĐUK".into(),
            },
            Review {
                kind: ReviewKind::Final,
                date: d(2020, 10, 12),
                title: "Hội nghị tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2017 - 2020"
                    .into(),
                doc_no: "45-BC/ĐUK".into(),
            },
        ],
    };
    let bodies = [BODY_PROVINCE, BODY_BLOC]
        .iter()
        .enumerate()
        .map(|(i, n)| Body {
            key: name_key(n),
            name: n.to_string(),
            rank: i as u32,
        })
        .collect();

    let mut units: Vec<Unit> = vec![];
    for (code, name, parent, kind) in UNITS {
        let parent = parent.map(|p| {
            units
                .iter()
                .find(|u| u.code == p)
                .expect("parent listed first")
                .id
        });
        units.push(Unit {
            id: units.len() as Id + 1,
            code: code.to_string(),
            name: name.to_string(),
            parent,
            kind: *kind,
            active: true,
            rev: 1,
        });
    }
    units.push(Unit {
        id: units.len() as Id + 1,
        code: INACTIVE_UNIT.0.into(),
        name: INACTIVE_UNIT.1.into(),
        parent: None,
        kind: UnitKind::PartyCell,
        active: false,
        rev: 1,
    });
    let unit = |code: &str| {
        units
            .iter()
            .find(|u| u.code == code)
            .expect("unit in the table")
    };

    let mut ds = Dataset {
        periods: vec![period],
        fields: default_fields(),
        forms: default_forms(),
        bodies,
        ..Dataset::default()
    };

    let (mut n_coll, mut n_ind) = (0, 0);
    for (k, (unit_code, kind, field, title, person, position)) in MODELS.iter().enumerate() {
        let n = k + 1;
        let u = unit(unit_code);
        let (_, leader, area) = REGISTERING
            .iter()
            .find(|r| r.0 == *unit_code)
            .expect("registering unit");
        let code = match kind {
            ModelKind::Collective => {
                n_coll += 1;
                format!("MH-{n_coll:02}")
            }
            ModelKind::Individual => {
                n_ind += 1;
                format!("DH-{n_ind:02}")
            }
        };
        let outcome = outcome_of(n);
        let step = step_of(n, outcome);
        // Registrations came in between mid-June and mid-December 2017.
        let registered_on = plus(d(2017, 6, 12), (k as u64 * 37) % 185);
        let model = build_model(
            k,
            code,
            u,
            *kind,
            field,
            title,
            person,
            position,
            leader,
            area,
            registered_on,
        );
        // Outcomes were decided at the final review conference.
        let decided = outcome != Outcome::Pending;
        let mut model = Model {
            outcome,
            outcome_on: decided.then(|| d(2020, 10, 12)),
            outcome_decision: if decided {
                OUTCOME_DECISION.into()
            } else {
                String::new()
            },
            step,
            status: if step == 2 {
                RegStatus::Submitted
            } else {
                RegStatus::Approved
            },
            summary: summary_of(*kind, outcome).into(),
            ..model
        };
        // The model's figures are those its latest check-in found.
        for c in &mut model.criteria {
            c.actual = actual_value(c.target, &c.measure, achievement(outcome));
        }
        add_checkins(&mut ds, k, &model, &u.name);
        ds.models.push(model);
    }

    // A registration still in draft, from a unit with no other: not counted anywhere.
    let u = unit("CB-SCT");
    let mut draft = build_model(
        MODELS.len(),
        format!("MH-{:02}", n_coll + 1),
        u,
        ModelKind::Collective,
        EC,
        "Dân vận khéo trong phát triển thương mại biên giới",
        "",
        "",
        "Bế Văn Trọng",
        "Các cửa khẩu và chợ biên giới",
        d(2020, 9, 28),
    );
    draft.status = RegStatus::Draft;
    draft.outcome = Outcome::Pending;
    draft.step = 1;
    draft.registration.start_on = Some(d(2020, 10, 15));
    draft.registration.end_on = Some(d(2020, 12, 31));
    draft.summary = "Dự thảo đăng ký, chưa gửi Ban Dân vận Đảng ủy Khối.".into();
    ds.models.push(draft);

    for (bodies, body, decision, date) in [
        (
            AWARD_PROVINCE,
            BODY_PROVINCE,
            "1268-QĐ/BDVTU",
            d(2020, 10, 5),
        ),
        (AWARD_BLOC, BODY_BLOC, "452-QĐ/ĐUK", d(2020, 10, 12)),
    ] {
        for n in bodies {
            let id = ds.awards.len() as Id + 1;
            ds.awards.push(Award {
                id,
                model: *n as Id,
                body: body.into(),
                form: "giay_khen".into(),
                decision_no: decision.into(),
                decided_on: date,
                note: format!(
                    "Khen thưởng tại Hội nghị tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2017 - 2020 ngày {}.",
                    date_dmy(d(2020, 10, 12))
                ),
                rev: 1,
            });
        }
    }

    for (n, unit_code, (y, m, day), note) in REPLICATIONS {
        let id = ds.replications.len() as Id + 1;
        ds.replications.push(Replication {
            id,
            model: *n as Id,
            unit: unit(unit_code).id,
            date: d(*y, *m, *day),
            note: note.to_string(),
            rev: 1,
        });
    }
    ds.units = units;
    ds
}

#[allow(clippy::too_many_arguments)]
fn build_model(
    k: usize,
    code: String,
    u: &Unit,
    kind: ModelKind,
    field: &str,
    title: &str,
    person: &str,
    position: &str,
    leader: &str,
    area: &str,
    registered_on: NaiveDate,
) -> Model {
    let (_, problem, activities, beneficiaries, outputs) = FIELD_TEXTS
        .iter()
        .find(|t| t.0 == field)
        .expect("texts for every field");
    let lead_forces = match kind {
        ModelKind::Collective => format!(
            "Cán bộ, đảng viên, công chức, viên chức và người lao động của {}",
            u.name
        ),
        ModelKind::Individual => format!("{person}, {}", position.to_lowercase()),
    };
    let criteria = CRITERIA
        .iter()
        .filter(|c| c.0 == field)
        .take(1 + k % 3)
        .map(|(_, name, measure, target)| Criterion {
            name: name.to_string(),
            measure: measure.to_string(),
            target: *target,
            actual: 0.0,
            due: Some(d(2020, 6, 30)),
        })
        .collect();
    Model {
        id: k as Id + 1,
        code,
        unit: u.id,
        kind,
        title: title.into(),
        person: person.into(),
        position: position.into(),
        leader: leader.into(),
        field: field.into(),
        period: PERIOD.into(),
        registered_on,
        status: RegStatus::Approved,
        step: 2,
        outcome: Outcome::Pending,
        outcome_on: None,
        outcome_decision: String::new(),
        summary: String::new(),
        registration: Registration {
            problem: problem.to_string(),
            goals: format!(
                "Thực hiện có hiệu quả “{title}”, tạo chuyển biến rõ nét trong công tác dân vận, góp phần hoàn thành nhiệm vụ chính trị của đơn vị giai đoạn 2017 - 2020."
            ),
            activities: activities.to_string(),
            area: area.into(),
            beneficiaries: beneficiaries.to_string(),
            lead_forces,
            partners: "Cấp ủy, chính quyền, Mặt trận Tổ quốc và các đoàn thể ở cơ sở".into(),
            resources: "Kinh phí thường xuyên của đơn vị, nguồn xã hội hóa và ngày công của cán bộ, đảng viên".into(),
            start_on: Some(plus(registered_on, 14)),
            end_on: Some(d(2020, 9, 30)),
            outputs: outputs.to_string(),
        },
        criteria,
        rev: 1,
    }
}

/// Check-ins from two months after registration to the model's last one: shortly before
/// the final review for finished models, recently for two pending ones, and before
/// 22/7/2020 (more than 90 days before 20/10/2020) for the four that are overdue.
fn add_checkins(ds: &mut Dataset, k: usize, m: &Model, unit_name: &str) {
    let n = k + 1;
    let count = 3 + k % 3;
    let first = plus(m.registered_on, 50);
    let last = if PENDING_OVERDUE.contains(&n) {
        plus(d(2020, 4, 15), (k as u64 % 4) * 20)
    } else if PENDING_RECENT.contains(&n) {
        plus(d(2020, 9, 8), k as u64 % 5)
    } else {
        d(2020, 9, 20) - Days::new((k as u64 % 7) * 3)
    };
    let span = (last - first).num_days() as u64;
    let finished = m.outcome != Outcome::Pending;
    let share = achievement(m.outcome);
    for j in 0..count {
        let date = plus(first, span * j as u64 / (count as u64 - 1));
        let is_last = j + 1 == count;
        let kind = if is_last && finished {
            CheckInKind::Inspection
        } else {
            [
                CheckInKind::SelfReport,
                CheckInKind::Supervision,
                CheckInKind::Inspection,
                CheckInKind::Survey,
            ][(k + j) % 4]
        };
        let (by, notes) = match kind {
            CheckInKind::SelfReport => (unit_name, NOTES_SELF),
            CheckInKind::Inspection => (INSPECTION_TEAM, NOTES_INSPECTION),
            CheckInKind::Supervision => ("Ban Dân vận Đảng ủy Khối", NOTES_SUPERVISION),
            CheckInKind::Survey => (BODY_PROVINCE, NOTES_SURVEY),
        };
        // Criterion actuals grow towards the final share; recorded on every other visit.
        let progress = share * (j + 1) as f64 / count as f64;
        let actuals = if j % 2 == 1 || is_last {
            m.criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (i as u16, actual_value(c.target, &c.measure, progress)))
                .collect()
        } else {
            vec![]
        };
        let id = ds.checkins.len() as Id + 1;
        ds.checkins.push(CheckIn {
            id,
            model: m.id,
            date,
            kind,
            by: by.into(),
            note: notes[(k + j) % notes.len()].into(),
            step: Some(m.step.min(2 + j as u8)),
            actuals,
            next_due: if is_last && finished {
                None
            } else {
                Some(plus(date, 90))
            },
            rev: 1,
        });
    }
}

#[cfg(test)]
mod tests;
