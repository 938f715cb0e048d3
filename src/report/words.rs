//! Every word the report and the status screen print, in both languages, and the sentences
//! that Vietnamese administrative reports use. One `match` arm holds both languages, so
//! neither can be missing; the renderers (text, md, csv, json) take their words from here.

use crate::api::{AwardTally, StatusData};
use crate::domain::text::{count_vi, group_thousands, percent, printable};
use crate::domain::{AwardForm, Period};
use crate::i18n::Lang;

/// The fixed words of the renderers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum W {
    ReportTitle,
    StatusTitle,
    AsOf,
    Guidance,
    GuidanceDate,
    FinalReview,
    Registration,
    NotCounted,
    Drafts,
    Returned,
    Units,
    UnitsTotal,
    UnitsRegistered,
    Models,
    Collective,
    Individual,
    Total,
    ByField,
    ByStep,
    Step,
    ByOutcome,
    Awards,
    NoAwards,
    AwardsTotal,
    Monitoring,
    Checkins,
    Replications,
    Overdue,
    OverdueRule,
    NoOverdue,
    Code,
    Title,
    Unit,
    LastCheckin,
    Days,
    More,
    Period,
    Field,
    Outcome,
    Count,
    AsOfShort,
    DaysHead,
    WithoutCriteria,
    WithoutContent,
}

impl W {
    /// Every word, for the test that both languages have them.
    pub const ALL: &'static [W] = &[
        W::ReportTitle,
        W::StatusTitle,
        W::AsOf,
        W::Guidance,
        W::GuidanceDate,
        W::FinalReview,
        W::Registration,
        W::NotCounted,
        W::Drafts,
        W::Returned,
        W::Units,
        W::UnitsTotal,
        W::UnitsRegistered,
        W::Models,
        W::Collective,
        W::Individual,
        W::Total,
        W::ByField,
        W::ByStep,
        W::Step,
        W::ByOutcome,
        W::Awards,
        W::NoAwards,
        W::AwardsTotal,
        W::Monitoring,
        W::Checkins,
        W::Replications,
        W::Overdue,
        W::OverdueRule,
        W::NoOverdue,
        W::Code,
        W::Title,
        W::Unit,
        W::LastCheckin,
        W::Days,
        W::More,
        W::Period,
        W::Field,
        W::Outcome,
        W::Count,
        W::AsOfShort,
        W::DaysHead,
        W::WithoutCriteria,
        W::WithoutContent,
    ];

    pub fn get(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            W::ReportTitle => (
                "BÁO CÁO KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”",
                "REPORT ON THE “DÂN VẬN KHÉO” EMULATION MOVEMENT",
            ),
            W::StatusTitle => ("“Dân vận khéo”", "“Dân vận khéo”"),
            W::AsOf => ("Số liệu tính đến ngày", "Figures as of"),
            W::Guidance => ("Hướng dẫn số", "Guidance"),
            W::GuidanceDate => ("ngày", "of"),
            W::FinalReview => ("Hội nghị tổng kết ngày", "Final review conference on"),
            W::Registration => ("Kết quả đăng ký", "Registration"),
            W::NotCounted => ("Chưa tính", "Not counted"),
            W::Drafts => ("đăng ký dự thảo", "draft registrations"),
            W::Returned => ("đăng ký bị trả lại", "returned registrations"),
            W::Units => ("Đơn vị", "Units"),
            W::UnitsTotal => ("Tổng số đơn vị", "Active units"),
            W::UnitsRegistered => ("Số cơ sở đăng ký", "Units that registered"),
            W::Models => ("Mô hình, điển hình", "Models and exemplars"),
            W::Collective => ("tập thể", "collective"),
            W::Individual => ("cá nhân", "individual"),
            W::Total => ("Tổng số", "Total"),
            W::ByField => ("Theo lĩnh vực", "By field"),
            W::ByStep => ("Theo bước thực hiện", "By step"),
            W::Step => ("Bước", "Step"),
            W::ByOutcome => ("Kết quả đánh giá, công nhận", "Evaluation and recognition"),
            W::Awards => ("Khen thưởng", "Awards"),
            W::NoAwards => ("Chưa có khen thưởng", "No awards yet"),
            W::AwardsTotal => ("Tổng số khen thưởng", "Awards in all"),
            W::Monitoring => ("Theo dõi, kiểm tra", "Monitoring"),
            W::Checkins => ("Số lần theo dõi, kiểm tra", "Check-ins"),
            W::Replications => ("Số lượt nhân rộng", "Replications"),
            W::Overdue => ("Quá hạn theo dõi", "Overdue"),
            W::OverdueRule => ("không có kiểm tra quá", "no check-in for more than"),
            W::NoOverdue => (
                "Không có mô hình, điển hình nào quá hạn theo dõi",
                "No model is overdue",
            ),
            W::Code => ("Mã", "Code"),
            W::Title => ("Tên mô hình, điển hình", "Title"),
            W::Unit => ("Đơn vị", "Unit"),
            W::LastCheckin => ("Lần theo dõi cuối", "Last check-in"),
            W::Days => ("ngày", "days"),
            W::More => ("mô hình, điển hình khác", "more"),
            W::Period => ("Giai đoạn", "Period"),
            W::Field => ("Lĩnh vực", "Field"),
            W::Outcome => ("Kết quả", "Outcome"),
            W::Count => ("Số lượng", "Count"),
            W::AsOfShort => ("tính đến", "as of"),
            W::DaysHead => ("Số ngày", "Days"),
            W::WithoutCriteria => (
                "Chưa có tiêu chí lượng hóa",
                "Without a quantified criterion",
            ),
            W::WithoutContent => (
                "Chưa có mục tiêu, nội dung hoạt động",
                "Without goals or activities",
            ),
        };
        lang.pick(vi, en)
    }
}

/// A count in the convention of the language: Vietnamese writes counts under ten with a
/// leading zero (“01”, “09”); zero stays “0”, since “00 tập thể” reads as a typing error.
pub fn num(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Vi if n == 0 => "0".into(),
        Lang::Vi => count_vi(n),
        Lang::En => group_thousands(n, ','),
    }
}

/// An English noun with its count: “1 collective”, “26 collectives”, “0 units”.
pub fn en_count(n: u64, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", num(n, Lang::En))
}

/// The period in prose: “2017 - 2020” (Vietnamese reports), “2017–2020” (English).
pub fn period_prose(p: &Period, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} - {}", p.start_year, p.end_year),
        Lang::En => format!("{}–{}", p.start_year, p.end_year),
    }
}

/// “Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở đăng ký thực hiện mô hình, điển hình
/// “Dân vận khéo” giai đoạn 2017 - 2020” (CONTRACT.md), without the final full stop.
pub fn registration_sentence(s: &StatusData, lang: Lang) -> String {
    let period = period_prose(&s.period, lang);
    let (c, i, u) = (s.collective, s.individual, s.units_registered);
    match lang {
        Lang::Vi if c + i == 0 => format!(
            "Chưa có tập thể, cá nhân nào đăng ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn {period}"
        ),
        Lang::Vi => format!(
            "Kết quả có {} tập thể và {} cá nhân thuộc {} cơ sở đăng ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn {period}",
            num(c, lang),
            num(i, lang),
            num(u, lang)
        ),
        Lang::En if c + i == 0 => {
            format!(
                "No collective or individual has registered “Dân vận khéo” models or exemplars for the period {period}"
            )
        }
        Lang::En => format!(
            "{} and {} in {} registered “Dân vận khéo” models and exemplars, period {period}",
            en_count(c, "collective"),
            en_count(i, "individual"),
            en_count(u, "unit")
        ),
    }
}

/// How many counted models have no quantified criterion and how many lack goals or
/// activities (`quality` of `dvk status --json`), without the final full stop.
pub fn quality_sentence(s: &StatusData, lang: Lang) -> String {
    let (c, g) = (s.without_criteria, s.without_content);
    match lang {
        Lang::Vi if c + g == 0 => "Mọi mô hình, điển hình đã đăng ký đều có tiêu chí lượng hóa, mục tiêu và nội dung hoạt động".into(),
        Lang::Vi => format!(
            "Có {} mô hình, điển hình chưa có tiêu chí lượng hóa và {} mô hình, điển hình chưa có mục tiêu, nội dung hoạt động",
            num(c, lang),
            num(g, lang)
        ),
        Lang::En if c + g == 0 => {
            "Every registered model has quantified criteria, goals and activities".into()
        }
        Lang::En => format!(
            "{} no quantified criterion and {} no goals or activities",
            en_has(c),
            en_has(g)
        ),
    }
}

/// “1 model has”, “3 models have”.
fn en_has(n: u64) -> String {
    format!(
        "{} {}",
        en_count(n, "model"),
        if n == 1 { "has" } else { "have" }
    )
}

/// “15/48 đơn vị, 31,3%” — the share of active units that registered.
pub fn share_phrase(s: &StatusData, lang: Lang) -> String {
    let (r, t) = (s.units_registered, s.units_total);
    match lang {
        Lang::Vi => format!("{r}/{t} đơn vị, {}", percent(r, t, true)),
        Lang::En => format!("{r}/{t} units, {}", percent(r, t, false)),
    }
}

/// “Số cơ sở đăng ký: 15/48 đơn vị, 31,3%”.
pub fn share_sentence(s: &StatusData, lang: Lang) -> String {
    format!(
        "{}: {}",
        W::UnitsRegistered.get(lang),
        share_phrase(s, lang)
    )
}

/// The form's words in the language, from the catalogue (Vietnamese in lower case, as the
/// sentence needs it); a form missing from the catalogue is shown by its code.
pub fn form_label(code: &str, forms: &[AwardForm], lang: Lang) -> String {
    match forms.iter().find(|f| f.code == code) {
        Some(f) => printable(&lang.pick(f.vi.to_lowercase(), f.en.clone())),
        None => printable(code),
    }
}

/// English plural of a form's words: “certificate of merit” → “certificates of merit”.
fn en_plural(form: &str) -> String {
    let (head, tail) = match form.find(" of ") {
        Some(i) => form.split_at(i),
        None => (form, ""),
    };
    if head.ends_with('s') {
        form.to_string()
    } else {
        format!("{head}s{tail}")
    }
}

/// One body and form: “01 tập thể, 01 cá nhân được Ban Dân vận Tỉnh ủy tặng giấy khen”;
/// a part whose count is zero is left out; `None` when both are zero.
pub fn award_part(t: &AwardTally, forms: &[AwardForm], lang: Lang) -> Option<String> {
    let body = printable(&t.body);
    let form = form_label(&t.form, forms, lang);
    let (c, i) = (t.collective, t.individual);
    if c + i == 0 {
        return None;
    }
    let parts = recipients(c, i, lang);
    Some(match lang {
        Lang::Vi => format!("{parts} được {body} tặng {form}"),
        Lang::En => {
            // Each recipient received one: “1 collective and 1 individual received a
            // certificate”, but “9 collectives … received certificates”.
            let what = if c <= 1 && i <= 1 {
                format!("{} {form}", article(&form))
            } else {
                en_plural(&form)
            };
            format!("{parts} received {what} from {body}")
        }
    })
}

/// Who received an award: “01 tập thể, 01 cá nhân”, “1 collective and 9 individuals”; a part
/// whose count is zero is left out, as reports do (empty when both are zero).
pub fn recipients(c: u64, i: u64, lang: Lang) -> String {
    let parts: Vec<String> = match lang {
        Lang::Vi => [(c, "tập thể"), (i, "cá nhân")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{} {w}", num(*n, lang)))
            .collect(),
        Lang::En => [(c, "collective"), (i, "individual")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| en_count(*n, w))
            .collect(),
    };
    parts.join(lang.pick(", ", " and "))
}

/// “04 mô hình quá hạn theo dõi”, “1 model overdue for a check-in”.
pub fn overdue_count(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} mô hình quá hạn theo dõi", num(n, lang)),
        Lang::En => format!("{} overdue for a check-in", en_count(n, "model")),
    }
}

/// “13 khen thưởng”, “1 award”.
pub fn awards_count(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} khen thưởng", num(n, lang)),
        Lang::En => en_count(n, "award"),
    }
}

fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// Every body and form joined with “; ” in the order given (the catalogue order of bodies);
/// `None` when there is no award.
pub fn award_sentence(tallies: &[AwardTally], forms: &[AwardForm], lang: Lang) -> Option<String> {
    let parts: Vec<String> = tallies
        .iter()
        .filter_map(|t| award_part(t, forms, lang))
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("; "))
    }
}

/// “Quá hạn theo dõi (không có kiểm tra quá 90 ngày): 04”.
pub fn overdue_line(s: &StatusData, lang: Lang) -> String {
    format!(
        "{} ({} {} {}): {}",
        W::Overdue.get(lang),
        W::OverdueRule.get(lang),
        s.period.checkin_interval_days,
        W::Days.get(lang),
        num(s.overdue, lang)
    )
}

/// “Mô hình, điển hình: 50 (26 tập thể, 24 cá nhân)”.
pub fn models_line(s: &StatusData, lang: Lang) -> String {
    let kinds = match lang {
        Lang::Vi => format!(
            "{} tập thể, {} cá nhân",
            num(s.collective, lang),
            num(s.individual, lang)
        ),
        Lang::En => format!(
            "{}, {}",
            en_count(s.collective, "collective"),
            en_count(s.individual, "individual")
        ),
    };
    format!(
        "{}: {} ({kinds})",
        W::Models.get(lang),
        num(s.models_total(), lang)
    )
}

/// “Chưa tính 01 đăng ký dự thảo, 02 đăng ký bị trả lại”, or `None` when there are none.
pub fn not_counted_line(s: &StatusData, lang: Lang) -> Option<String> {
    let mut parts = vec![];
    for (n, w, en) in [
        (s.drafts, W::Drafts, "draft registration"),
        (s.returned, W::Returned, "returned registration"),
    ] {
        if n > 0 {
            parts.push(match lang {
                Lang::Vi => format!("{} {}", num(n, lang), w.get(lang)),
                Lang::En => en_count(n, en),
            });
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(format!("{}: {}", W::NotCounted.get(lang), parts.join(", ")))
    }
}

/// The name of step `n` (1-based) from the period, or “Bước n” when the period has fewer.
pub fn step_label(p: &Period, n: usize, lang: Lang) -> String {
    match p.steps.get(n - 1) {
        Some(s) => format!("{n}. {}", printable(lang.pick(&s.vi, &s.en))),
        None => format!("{} {n}", W::Step.get(lang)),
    }
}

/// “Hướng dẫn số 04-HD/BDVTU ngày 01/06/2017”, or `None` when the period has no guidance.
pub fn guidance_line(p: &Period, lang: Lang) -> Option<String> {
    if p.guidance.is_empty() {
        return None;
    }
    let mut s = format!("{} {}", W::Guidance.get(lang), printable(&p.guidance));
    if let Some(d) = p.guidance_date {
        s.push_str(&format!(
            " {} {}",
            W::GuidanceDate.get(lang),
            crate::domain::text::date_dmy(d)
        ));
    }
    Some(s)
}

/// The review whose date the figures are as of, if there is one: the heading of a report
/// made for that review, e.g. `Sơ kết: Sơ kết 02 năm … (số 38-BC/ĐUK, ngày 20/12/2018)`.
pub fn review_line(p: &Period, as_of: chrono::NaiveDate, lang: Lang) -> Option<String> {
    use crate::domain::Coded;
    let r = p.reviews.iter().rev().find(|r| r.date == as_of)?;
    let mut s = r.kind.label(lang).to_string();
    if !r.title.is_empty() {
        s.push_str(&format!(": {}", printable(&r.title)));
    }
    let day = crate::domain::text::date_dmy(r.date);
    if r.doc_no.is_empty() {
        s.push_str(&format!(" ({} {day})", lang.pick("ngày", "on")));
    } else {
        s.push_str(&format!(
            " ({} {}, {} {day})",
            lang.pick("số", "no."),
            printable(&r.doc_no),
            lang.pick("ngày", "of")
        ));
    }
    Some(s)
}

/// A field's name in the language from the catalogue; an unknown code is shown as it is.
pub fn field_label(code: &str, fields: &[crate::domain::FieldDef], lang: Lang) -> String {
    match fields.iter().find(|f| f.code == code) {
        Some(f) => printable(lang.pick(&f.vi, &f.en)),
        None => printable(code),
    }
}

/// Step counts padded to the period's steps: a step nobody is at still shows a zero.
pub fn step_counts(s: &StatusData) -> Vec<u64> {
    let mut v = s.by_step.clone();
    if v.len() < s.period.steps.len() {
        v.resize(s.period.steps.len(), 0);
    }
    v
}

#[cfg(test)]
mod count_tests {
    use super::*;

    #[test]
    fn zero_is_0_and_english_plurals_agree_with_the_count() {
        assert_eq!(num(0, Lang::Vi), "0");
        assert_eq!(num(9, Lang::Vi), "09");
        assert_eq!(recipients(0, 0, Lang::Vi), "");
        assert_eq!(recipients(9, 0, Lang::Vi), "09 tập thể");
        assert_eq!(recipients(1, 1, Lang::Vi), "01 tập thể, 01 cá nhân");
        assert_eq!(recipients(1, 1, Lang::En), "1 collective and 1 individual");
        assert_eq!(
            recipients(9, 2, Lang::En),
            "9 collectives and 2 individuals"
        );
        assert_eq!(recipients(0, 1, Lang::En), "1 individual");
        assert_eq!(overdue_count(0, Lang::Vi), "0 mô hình quá hạn theo dõi");
        assert_eq!(overdue_count(1, Lang::En), "1 model overdue for a check-in");
        assert_eq!(
            overdue_count(0, Lang::En),
            "0 models overdue for a check-in"
        );
        assert_eq!(awards_count(0, Lang::Vi), "0 khen thưởng");
        assert_eq!(awards_count(1, Lang::En), "1 award");
        assert_eq!(awards_count(13, Lang::En), "13 awards");
    }

    #[test]
    fn quality_sentence_counts_both_kinds_of_gap() {
        let mut s = super::super::tests::status();
        (s.without_criteria, s.without_content) = (3, 2);
        assert_eq!(
            quality_sentence(&s, Lang::Vi),
            "Có 03 mô hình, điển hình chưa có tiêu chí lượng hóa và 02 mô hình, điển hình chưa có mục tiêu, nội dung hoạt động"
        );
        assert_eq!(
            quality_sentence(&s, Lang::En),
            "3 models have no quantified criterion and 2 models have no goals or activities"
        );
        (s.without_criteria, s.without_content) = (1, 0);
        assert!(
            quality_sentence(&s, Lang::Vi)
                .contains("Có 01 mô hình, điển hình chưa có tiêu chí lượng hóa và 0 mô hình")
        );
        assert!(
            quality_sentence(&s, Lang::En)
                .starts_with("1 model has no quantified criterion and 0 models have")
        );
        (s.without_criteria, s.without_content) = (0, 0);
        assert!(quality_sentence(&s, Lang::Vi).starts_with("Mọi mô hình"));
    }
}
