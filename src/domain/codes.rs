//! The fixed lists of the domain, each value with its English code (CSV, JSON, code) and its
//! labels in both languages. Parsing accepts the code or the Vietnamese words, in any case,
//! with or without diacritics (`collective`, `Tập thể`, `tap the`).

use super::text::fold;
use super::types::*;
use crate::i18n::Lang;

pub trait Coded: Sized + Copy + 'static {
    const ALL: &'static [Self];
    /// (code, Vietnamese, English)
    fn names(self) -> (&'static str, &'static str, &'static str);

    fn code(self) -> &'static str {
        self.names().0
    }
    fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.names().1,
            Lang::En => self.names().2,
        }
    }
    fn parse(s: &str) -> Option<Self> {
        // Files and scripts mostly write the code itself: answer that without folding.
        let t = s.trim();
        if let Some(v) = Self::ALL
            .iter()
            .copied()
            .find(|v| v.code().eq_ignore_ascii_case(t))
        {
            return Some(v);
        }
        let f = fold(&s.replace('_', " "));
        Self::ALL.iter().copied().find(|v| {
            let (c, vi, en) = v.names();
            f == fold(&c.replace('_', " ")) || f == fold(vi) || f == fold(en)
        })
    }
}

impl Coded for ModelKind {
    const ALL: &'static [Self] = &[ModelKind::Collective, ModelKind::Individual];
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ModelKind::Collective => ("collective", "Tập thể", "Collective"),
            ModelKind::Individual => ("individual", "Cá nhân", "Individual"),
        }
    }
}

impl Coded for UnitKind {
    const ALL: &'static [Self] = &[
        UnitKind::PartyCell,
        UnitKind::PartyCommittee,
        UnitKind::Agency,
        UnitKind::MassOrg,
        UnitKind::Other,
    ];
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            UnitKind::PartyCell => ("party_cell", "Chi bộ", "Party cell"),
            UnitKind::PartyCommittee => ("party_committee", "Đảng bộ cơ sở", "Party committee"),
            UnitKind::Agency => ("agency", "Cơ quan", "Agency"),
            UnitKind::MassOrg => ("mass_org", "Đoàn thể", "Mass organisation"),
            UnitKind::Other => ("other", "Khác", "Other"),
        }
    }
}

impl Coded for RegStatus {
    const ALL: &'static [Self] = &[
        RegStatus::Draft,
        RegStatus::Submitted,
        RegStatus::Approved,
        RegStatus::Returned,
    ];
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            RegStatus::Draft => ("draft", "Dự thảo", "Draft"),
            RegStatus::Submitted => ("submitted", "Đã đăng ký", "Submitted"),
            RegStatus::Approved => ("approved", "Đã duyệt", "Approved"),
            RegStatus::Returned => ("returned", "Trả lại", "Returned"),
        }
    }
}

impl Coded for Outcome {
    const ALL: &'static [Self] = &[
        Outcome::Pending,
        Outcome::Recognized,
        Outcome::Outstanding,
        Outcome::NotRecognized,
        Outcome::Dropped,
    ];
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Outcome::Pending => ("pending", "Đang thực hiện", "Pending"),
            Outcome::Recognized => ("recognized", "Công nhận", "Recognised"),
            Outcome::Outstanding => ("outstanding", "Tiêu biểu", "Outstanding"),
            Outcome::NotRecognized => ("not_recognized", "Không công nhận", "Not recognised"),
            Outcome::Dropped => ("dropped", "Loại bỏ", "Dropped"),
        }
    }
}

impl Coded for ReviewKind {
    const ALL: &'static [Self] = &[ReviewKind::Interim, ReviewKind::Final];
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ReviewKind::Interim => ("interim", "Sơ kết", "Interim review"),
            ReviewKind::Final => ("final", "Tổng kết", "Final review"),
        }
    }
}

impl Coded for CheckInKind {
    const ALL: &'static [Self] = &[
        CheckInKind::SelfReport,
        CheckInKind::Inspection,
        CheckInKind::Supervision,
        CheckInKind::Survey,
    ];
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            CheckInKind::SelfReport => ("self_report", "Tự báo cáo", "Self-report"),
            CheckInKind::Inspection => ("inspection", "Kiểm tra", "Inspection"),
            CheckInKind::Supervision => ("supervision", "Giám sát", "Supervision"),
            CheckInKind::Survey => ("survey", "Khảo sát", "Survey"),
        }
    }
}

/// The default catalogue of fields (GLOSSARY.md).
pub fn default_fields() -> Vec<FieldDef> {
    [
        ("economy", "Phát triển kinh tế", "Economic development"),
        ("culture_society", "Văn hóa - xã hội", "Culture and society"),
        (
            "security_order",
            "Quốc phòng - an ninh, trật tự an toàn xã hội",
            "Defence, security and public order",
        ),
        ("professional", "Chuyên môn, nghiệp vụ", "Professional work"),
        (
            "political_system",
            "Xây dựng hệ thống chính trị",
            "Building the political system",
        ),
    ]
    .into_iter()
    .map(|(c, vi, en)| FieldDef {
        code: c.into(),
        vi: vi.into(),
        en: en.into(),
    })
    .collect()
}

/// The default award forms.
pub fn default_forms() -> Vec<AwardForm> {
    [
        ("giay_khen", "giấy khen", "certificate of merit"),
        ("bang_khen", "bằng khen", "diploma of merit"),
    ]
    .into_iter()
    .map(|(c, vi, en)| AwardForm {
        code: c.into(),
        vi: vi.into(),
        en: en.into(),
    })
    .collect()
}

/// The default five steps (“quy trình 05 bước”).
pub fn default_steps() -> Vec<StepDef> {
    [
        ("Khảo sát, lựa chọn", "Survey and select"),
        ("Xây dựng kế hoạch, đăng ký", "Plan and register"),
        ("Tổ chức thực hiện", "Implement"),
        ("Kiểm tra, giám sát, sơ kết", "Monitor and interim review"),
        (
            "Tổng kết, công nhận, nhân rộng",
            "Final review, recognition and replication",
        ),
    ]
    .into_iter()
    .map(|(vi, en)| StepDef {
        vi: vi.into(),
        en: en.into(),
    })
    .collect()
}

pub const DEFAULT_CHECKIN_INTERVAL_DAYS: u32 = 90;

/// A period with the default steps and interval, for a code such as `2021-2025`.
pub fn default_period(code: &str) -> Option<Period> {
    let (a, b) = code.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    if a.len() != 4 || b.len() != 4 {
        return None;
    }
    let (start_year, end_year): (u16, u16) = (a.parse().ok()?, b.parse().ok()?);
    if !(1945..=2200).contains(&start_year) || end_year < start_year || end_year - start_year > 10 {
        return None;
    }
    Some(Period {
        code: format!("{start_year}-{end_year}"),
        start_year,
        end_year,
        guidance: String::new(),
        guidance_date: None,
        steps: default_steps(),
        checkin_interval_days: DEFAULT_CHECKIN_INTERVAL_DAYS,
        reviews: vec![],
    })
}

/// Parse an award form against a catalogue: its code or its Vietnamese or English words.
pub fn parse_form<'a>(s: &str, forms: &'a [AwardForm]) -> Option<&'a AwardForm> {
    if let Some(x) = forms.iter().find(|x| x.code == s.trim()) {
        return Some(x);
    }
    let f = fold(&s.replace('_', " "));
    forms
        .iter()
        .find(|x| f == fold(&x.code.replace('_', " ")) || f == fold(&x.vi) || f == fold(&x.en))
}

/// Parse a field against a catalogue: its code or its name in either language.
pub fn parse_field<'a>(s: &str, fields: &'a [FieldDef]) -> Option<&'a FieldDef> {
    if let Some(x) = fields.iter().find(|x| x.code == s.trim()) {
        return Some(x);
    }
    let f = fold(&s.replace('_', " "));
    fields
        .iter()
        .find(|x| f == fold(&x.code.replace('_', " ")) || f == fold(&x.vi) || f == fold(&x.en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_vietnamese_words() {
        assert_eq!(ModelKind::parse("collective"), Some(ModelKind::Collective));
        assert_eq!(ModelKind::parse("Tập thể"), Some(ModelKind::Collective));
        assert_eq!(ModelKind::parse("tap the"), Some(ModelKind::Collective));
        assert_eq!(ModelKind::parse("CÁ NHÂN"), Some(ModelKind::Individual));
        assert_eq!(ModelKind::parse("group"), None);
        assert_eq!(
            Outcome::parse("not_recognized"),
            Some(Outcome::NotRecognized)
        );
        assert_eq!(
            Outcome::parse("khong cong nhan"),
            Some(Outcome::NotRecognized)
        );
        assert_eq!(
            CheckInKind::parse("Kiểm tra"),
            Some(CheckInKind::Inspection)
        );
        assert_eq!(UnitKind::parse("party cell"), Some(UnitKind::PartyCell));
        let forms = default_forms();
        assert_eq!(parse_form("Giấy khen", &forms).unwrap().code, "giay_khen");
        assert_eq!(parse_form("giay_khen", &forms).unwrap().code, "giay_khen");
        assert_eq!(parse_form("bang khen", &forms).unwrap().code, "bang_khen");
        assert!(parse_form("huân chương", &forms).is_none());
    }

    #[test]
    fn every_value_has_both_labels() {
        fn check<T: Coded>() {
            for v in T::ALL {
                assert!(!v.label(Lang::Vi).is_empty() && !v.label(Lang::En).is_empty());
                assert_eq!(T::parse(v.code()).map(|x| x.code()), Some(v.code()));
                assert_eq!(
                    T::parse(v.label(Lang::Vi)).map(|x| x.code()),
                    Some(v.code())
                );
            }
        }
        check::<ModelKind>();
        check::<UnitKind>();
        check::<RegStatus>();
        check::<Outcome>();
        check::<CheckInKind>();
    }

    #[test]
    fn default_period_from_code() {
        let p = default_period("2021-2025").unwrap();
        assert_eq!(p.steps.len(), 5);
        assert_eq!(p.checkin_interval_days, 90);
        assert!(default_period("2025-2021").is_none());
        assert!(default_period("21-25").is_none());
    }
}
