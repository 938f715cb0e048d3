//! An in-memory [`Backend`] for the interface's tests, snapshots and benchmarks: it answers the
//! read requests from hand-built records the way the store will (same counting rules as
//! CONTRACT.md), so the interface can be developed and measured without a database.
//! [`sample`] is a period shaped like the demo (48 units, 26 + 24 models, 13 awards, some
//! overdue); [`generated`] makes any number of models for performance checks.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::api::*;
use crate::domain::codes::{default_fields, default_forms, default_period};
use crate::domain::*;

/// Answers reads from records held in memory; writes are refused.
pub struct MemBackend {
    d: Dataset,
    unit_ix: HashMap<Id, usize>,
    model_ix: HashMap<Id, usize>,
    checkins_of: HashMap<Id, Vec<usize>>,
    awards_of: HashMap<Id, Vec<usize>>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The day the sample is reported on (the demo's 20/10/2020).
pub fn today() -> NaiveDate {
    date(2020, 10, 20)
}

impl MemBackend {
    pub fn new(d: Dataset) -> Self {
        let unit_ix = d.units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let model_ix = d.models.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        let mut checkins_of: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, c) in d.checkins.iter().enumerate() {
            checkins_of.entry(c.model).or_default().push(i);
        }
        for v in checkins_of.values_mut() {
            v.sort_by_key(|&i| d.checkins[i].date);
        }
        let mut awards_of: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, a) in d.awards.iter().enumerate() {
            awards_of.entry(a.model).or_default().push(i);
        }
        MemBackend { d, unit_ix, model_ix, checkins_of, awards_of }
    }

    fn period(&self, code: Option<&str>) -> ApiResult<Period> {
        match code {
            Some(c) => self.d.periods.iter().find(|p| p.code == c).cloned(),
            None => self.d.periods.iter().max_by_key(|p| p.start_year).cloned(),
        }
        .ok_or_else(|| ApiError::Msg(Msg::UnknownPeriod { code: code.unwrap_or("").into() }))
    }

    fn unit(&self, id: Id) -> &Unit {
        &self.d.units[self.unit_ix[&id]]
    }

    fn last_checkin(&self, m: &Model) -> Option<NaiveDate> {
        self.checkins_of.get(&m.id).and_then(|v| v.last()).map(|&i| self.d.checkins[i].date)
    }

    fn overdue(&self, m: &Model, p: &Period, as_of: NaiveDate) -> bool {
        let last = self.last_checkin(m).unwrap_or(m.registered_on);
        m.status.counted()
            && m.outcome == Outcome::Pending
            && (as_of - last).num_days() > p.checkin_interval_days as i64
    }

    fn status(&self, period: Option<&str>, as_of: NaiveDate) -> ApiResult<StatusData> {
        let p = self.period(period)?;
        let ms: Vec<&Model> = self.d.models.iter().filter(|m| m.period == p.code).collect();
        let counted: Vec<&&Model> = ms.iter().filter(|m| m.status.counted()).collect();
        let mut units: Vec<Id> = counted.iter().map(|m| m.unit).collect();
        units.sort_unstable();
        units.dedup();
        let by_field = self
            .d
            .fields
            .iter()
            .map(|f| (f.code.clone(), counted.iter().filter(|m| m.field == f.code).count() as u64))
            .collect();
        let mut by_step = vec![0u64; p.steps.len()];
        for m in &counted {
            if let Some(s) = by_step.get_mut((m.step as usize).saturating_sub(1)) {
                *s += 1;
            }
        }
        let by_outcome = Outcome::ALL
            .iter()
            .map(|o| (*o, counted.iter().filter(|m| m.outcome == *o).count() as u64))
            .collect();
        let kind = |k| counted.iter().filter(|m| m.kind == k).count() as u64;
        let rows = self.award_rows(Some(&p.code));
        let mut tallies: BTreeMap<(u32, usize), AwardTally> = BTreeMap::new();
        for r in &rows {
            let rank = self.d.bodies.iter().find(|b| b.name == r.award.body).map_or(u32::MAX, |b| b.rank);
            let fpos = self.d.forms.iter().position(|f| f.code == r.award.form).unwrap_or(usize::MAX);
            let t = tallies.entry((rank, fpos)).or_insert_with(|| AwardTally {
                body: r.award.body.clone(),
                form: r.award.form.clone(),
                collective: 0,
                individual: 0,
            });
            match r.kind {
                ModelKind::Collective => t.collective += 1,
                ModelKind::Individual => t.individual += 1,
            }
        }
        let ids: std::collections::HashSet<Id> = ms.iter().map(|m| m.id).collect();
        Ok(StatusData {
            as_of,
            units_total: self.d.units.iter().filter(|u| u.active).count() as u64,
            units_registered: units.len() as u64,
            collective: kind(ModelKind::Collective),
            individual: kind(ModelKind::Individual),
            by_field,
            by_step,
            by_outcome,
            drafts: ms.iter().filter(|m| m.status == RegStatus::Draft).count() as u64,
            returned: ms.iter().filter(|m| m.status == RegStatus::Returned).count() as u64,
            overdue: counted.iter().filter(|m| self.overdue(m, &p, as_of)).count() as u64,
            awards_total: rows.len() as u64,
            awards_by: tallies.into_values().collect(),
            checkins: self.d.checkins.iter().filter(|c| ids.contains(&c.model)).count() as u64,
            replications: self.d.replications.iter().filter(|r| ids.contains(&r.model)).count() as u64,
            period: p,
        })
    }

    fn model_rows(&self, period: Option<&str>, as_of: NaiveDate) -> Vec<ModelRow> {
        let periods: HashMap<&str, &Period> = self.d.periods.iter().map(|p| (p.code.as_str(), p)).collect();
        self.d
            .models
            .iter()
            .filter(|m| period.is_none_or(|p| m.period == p))
            .map(|m| {
                let u = self.unit(m.unit);
                let p = periods[m.period.as_str()];
                let with_target: Vec<&Criterion> = m.criteria.iter().filter(|c| c.target > 0.0).collect();
                let progress = (!with_target.is_empty()).then(|| {
                    (with_target.iter().map(|c| (c.actual / c.target).min(1.0)).sum::<f64>()
                        / with_target.len() as f64) as f32
                });
                ModelRow {
                    id: m.id,
                    code: m.code.clone(),
                    kind: m.kind,
                    title: m.title.clone(),
                    person: m.person.clone(),
                    unit: m.unit,
                    unit_code: u.code.clone(),
                    unit_name: u.name.clone(),
                    field: m.field.clone(),
                    period: m.period.clone(),
                    registered_on: m.registered_on,
                    step: m.step,
                    steps: p.steps.len() as u8,
                    status: m.status,
                    outcome: m.outcome,
                    progress,
                    criteria: m.criteria.len() as u16,
                    last_checkin: self.last_checkin(m),
                    checkins: self.checkins_of.get(&m.id).map_or(0, |v| v.len() as u32),
                    awards: self.awards_of.get(&m.id).map_or(0, |v| v.len() as u32),
                    overdue: self.overdue(m, p, as_of),
                }
            })
            .collect()
    }

    fn unit_rows(&self, period: Option<&str>) -> Vec<UnitRow> {
        let mut children: HashMap<Option<Id>, Vec<&Unit>> = HashMap::new();
        for u in &self.d.units {
            children.entry(u.parent).or_default().push(u);
        }
        for v in children.values_mut() {
            v.sort_by(|a, b| a.code.cmp(&b.code));
        }
        let mut stats: HashMap<Id, (u32, u32, Option<NaiveDate>)> = HashMap::new();
        for m in self.d.models.iter().filter(|m| period.is_none_or(|p| m.period == p)) {
            let s = stats.entry(m.unit).or_default();
            if m.status.counted() {
                s.0 += 1;
            } else if m.status == RegStatus::Draft {
                s.1 += 1;
            }
            s.2 = s.2.max(self.last_checkin(m));
        }
        let mut out = Vec::new();
        let mut stack: Vec<(&Unit, u16)> = children.get(&None).map_or(vec![], |v| v.iter().rev().map(|u| (*u, 0)).collect());
        while let Some((u, depth)) = stack.pop() {
            let (models, drafts, last) = stats.get(&u.id).copied().unwrap_or_default();
            out.push(UnitRow { unit: u.clone(), depth, models, drafts, last_checkin: last });
            if let Some(kids) = children.get(&Some(u.id)) {
                stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
            }
        }
        out
    }

    fn award_rows(&self, period: Option<&str>) -> Vec<AwardRow> {
        let mut rows: Vec<AwardRow> = self
            .d
            .awards
            .iter()
            .filter_map(|a| {
                let m = &self.d.models[*self.model_ix.get(&a.model)?];
                if period.is_some_and(|p| m.period != p) {
                    return None;
                }
                let u = self.unit(m.unit);
                Some(AwardRow {
                    award: a.clone(),
                    model_code: m.code.clone(),
                    model_title: m.title.clone(),
                    kind: m.kind,
                    recipient: if m.kind == ModelKind::Individual { m.person.clone() } else { u.name.clone() },
                    unit_name: u.name.clone(),
                    period: m.period.clone(),
                })
            })
            .collect();
        rows.sort_by(|a, b| (a.award.decided_on, &a.model_code).cmp(&(b.award.decided_on, &b.model_code)));
        rows
    }

    fn detail(&self, id: Id) -> ApiResult<ModelDetail> {
        let m = self.model_ix.get(&id).map(|&i| &self.d.models[i]).ok_or(ApiError::Msg(Msg::UnknownModel { code: id.to_string() }))?;
        let at = m.registered_on.and_hms_opt(8, 0, 0).expect("valid time").and_utc();
        Ok(ModelDetail {
            model: m.clone(),
            unit: self.unit(m.unit).clone(),
            period: self.period(Some(&m.period))?,
            checkins: self.checkins_of.get(&id).map_or(vec![], |v| v.iter().map(|&i| self.d.checkins[i].clone()).collect()),
            awards: self.awards_of.get(&id).map_or(vec![], |v| v.iter().map(|&i| self.d.awards[i].clone()).collect()),
            replications: self.d.replications.iter().filter(|r| r.model == id).cloned().collect(),
            history: vec![AuditEntry {
                seq: id,
                at,
                user: "canbo".into(),
                action: Action::Create,
                record: RecordRef::Model(id),
                before: None,
                after: None,
            }],
        })
    }
}

impl Backend for MemBackend {
    fn call(&self, req: Request) -> ApiResult<Response> {
        Ok(match req {
            Request::Periods => Response::Periods(self.d.periods.clone()),
            Request::Fields => Response::Fields(self.d.fields.clone()),
            Request::Forms => Response::Forms(self.d.forms.clone()),
            Request::Bodies => Response::Bodies(self.d.bodies.clone()),
            Request::Units => Response::Units(self.d.units.clone()),
            Request::Status { period, as_of } => Response::Status(Box::new(self.status(period.as_deref(), as_of)?)),
            Request::ModelRows { period, as_of } => Response::ModelRows(self.model_rows(period.as_deref(), as_of)),
            Request::UnitRows { period } => Response::UnitRows(self.unit_rows(period.as_deref())),
            Request::AwardRows { period } => Response::AwardRows(self.award_rows(period.as_deref())),
            Request::Model { id } => Response::Model(Box::new(self.detail(id)?)),
            Request::Whoami => Response::Whoami { user: "canbo".into() },
            other => return Err(ApiError::Msg(Msg::Other(format!("not answered in memory: {other:?}")))),
        })
    }
}

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
const CELLS: [&str; 3] = ["Chi bộ Văn phòng", "Chi bộ Thanh tra", "Chi bộ Phòng Kế hoạch"];

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
    "Nguyễn Văn An", "Hoàng Thị Bích", "Lương Văn Cường", "Nông Thị Dung", "Vi Văn Đức",
    "Hà Thị Giang", "Lăng Văn Hải", "Chu Thị Hạnh", "Đinh Văn Khánh", "Mã Thị Lan",
    "Hoàng Văn Long", "Lộc Thị Mai", "Triệu Văn Nam", "Dương Thị Ngọc", "Lâm Văn Phúc",
    "Bế Thị Quyên", "Nông Văn Sơn", "Hứa Thị Thảo", "Vy Văn Thắng", "Lý Thị Uyên",
    "Tô Văn Vinh", "Đặng Thị Xuân", "Hoàng Văn Yên", "Ngô Thị Ánh",
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
            Body { key: crate::domain::text::name_key(BDV), name: BDV.into(), rank: 1 },
            Body { key: crate::domain::text::name_key(BTV), name: BTV.into(), rank: 2 },
        ],
        units,
        ..Dataset::default()
    }
}

fn main_period() -> Period {
    let mut p = default_period("2017-2020").expect("valid period");
    p.guidance = "04-HD/BDVTU".into();
    p.guidance_date = Some(date(2017, 6, 1));
    p.final_review = Some(date(2020, 10, 12));
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
            actual: ((12.0 * share) as f64 + (i % 3) as f64).min(14.0).round(),
            due: None,
        },
    ]
}

/// The sample period: 48 units, 15 of them registered with 26 collective models and 24
/// individual exemplars (plus two drafts and one returned registration that are not
/// counted), four models overdue on [`today`], 13 awards from two bodies, and an older period.
pub fn sample() -> MemBackend {
    let units = units();
    let registered: Vec<Id> = units.iter().filter(|u| u.parent.is_none()).map(|u| u.id).chain([11, 12, 13]).collect();
    let fields = default_fields();
    let mut d = base(vec![main_period(), default_period("2012-2016").expect("valid period")], units);
    for i in 0..50usize {
        let s = (i * 7) % 50;
        let step: u8 = if s < 3 { 2 } else if s < 33 { 3 } else if s < 43 { 4 } else { 5 };
        let (kind, title, person) = if i < 26 {
            (ModelKind::Collective, COLLECTIVE[i].to_string(), String::new())
        } else {
            let p = PEOPLE[i - 26];
            (ModelKind::Individual, format!("Điển hình “Dân vận khéo” {}", p), p.to_string())
        };
        let id = 1000 + i as Id;
        let registered_on = date(2017, 7, 1) + chrono::Days::new(i as u64 * 5);
        d.models.push(Model {
            id,
            code: format!("MH{:03}", i + 1),
            unit: registered[i % registered.len()],
            kind,
            title,
            position: if person.is_empty() { String::new() } else { "Chuyên viên".into() },
            person,
            leader: "Bí thư chi bộ".into(),
            field: fields[(i * 3 + i / 5) % fields.len()].code.clone(),
            period: "2017-2020".into(),
            registered_on,
            status: if i % 4 == 0 { RegStatus::Submitted } else { RegStatus::Approved },
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
        let mut dates = vec![registered_on + chrono::Days::new(150), registered_on + chrono::Days::new(420)];
        dates.push(if overdue { date(2019, 12, 10) + chrono::Days::new(i as u64) } else { date(2020, 8, 1) + chrono::Days::new(i as u64) });
        for (k, dt) in dates.into_iter().enumerate() {
            d.checkins.push(Checkin::make(id * 10 + k as Id, id, dt, k));
        }
    }
    // Not counted: two drafts and one returned registration.
    for (n, (unit, status)) in [(20, RegStatus::Draft), (21, RegStatus::Draft), (12, RegStatus::Returned)].into_iter().enumerate() {
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
    MemBackend::new(d)
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
            by: ["Đoàn kiểm tra Ban Dân vận", "Chi bộ tự báo cáo", "Tổ giám sát Đảng ủy Khối"][k % 3].into(),
            note: ["Triển khai đúng kế hoạch.", "Cần bổ sung sổ theo dõi.", "Dân đồng tình, hưởng ứng."][k % 3].into(),
            step: Some(2 + (k as u8).min(2)),
            actuals: vec![],
            next_due: Some(date + chrono::Days::new(90)),
            rev: 1,
        }
    }
}

/// `n` generated models over the sample's units (one check-in each, an award every 50th),
/// for checking that the interface stays quick with very many rows.
pub fn generated(n: usize) -> MemBackend {
    let units = units();
    let fields = default_fields();
    let words = ["Khuổi Phầy", "Bản Đông", "Nà Sèn", "Tân Thanh", "Hữu Lũng", "Văn Quan", "Đình Lập", "Cao Lộc"];
    let mut d = base(vec![main_period()], units);
    let unit_ids: Vec<Id> = d.units.iter().map(|u| u.id).collect();
    for i in 0..n {
        let id = 1 + i as Id;
        let individual = i % 2 == 1;
        let person = if individual { PEOPLE[i % PEOPLE.len()].to_string() } else { String::new() };
        let step = (i % 5) as u8 + 1;
        let registered_on = date(2017, 7, 1) + chrono::Days::new((i % 700) as u64);
        d.models.push(Model {
            id,
            code: format!("G{:06}", i + 1),
            unit: unit_ids[i % unit_ids.len()],
            kind: if individual { ModelKind::Individual } else { ModelKind::Collective },
            title: format!("{} {} số {}", COLLECTIVE[i % COLLECTIVE.len()], words[i % words.len()], i + 1),
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
        d.checkins.push(Checkin::make(id, id, registered_on + chrono::Days::new(30 + (i % 600) as u64), i));
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
    MemBackend::new(d)
}
