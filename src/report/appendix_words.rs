//! The words of the appendices and of the workbook, in both languages (one `match` arm holds
//! both, so neither can be missing), and the sentence that names a unit in `--unit` reports.

use super::words::{en_count, num, period_prose};
use crate::api::StatusData;
use crate::i18n::Lang;

/// Headings and column names of the appendix lists (in every format: text, Markdown, the
/// workbook's sheets and the Word document, which writes the titles in capitals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum A {
    Appendix,
    ByUnitField,
    ModelList,
    Recognised,
    AwardList,
    ReplicationList,
    NotRegistered,
    No,
    Unit,
    Code,
    Kind,
    Title,
    Person,
    Field,
    Step,
    Status,
    Outcome,
    CriteriaMet,
    LastCheckin,
    RegisteredOn,
    Body,
    Form,
    DecisionNo,
    DecisionDate,
    Recipient,
    Model,
    AdoptingUnit,
    Date,
    Collective,
    Individual,
    Total,
    NotCountedDrafts,
    SheetSummary,
    SheetModels,
    SheetAwards,
    SheetNotRegistered,
    Figures,
    None,
    UnitLine,
    AndBelow,
    Criteria,
    GrandTotal,
    RegisteredBy,
    Parent,
    CollectiveModels,
    IndividualExemplars,
}

impl A {
    pub fn get(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            A::Appendix => ("Phụ lục", "Appendix"),
            A::ByUnitField => (
                "Mô hình, điển hình theo đơn vị và lĩnh vực",
                "Models by unit and field",
            ),
            A::ModelList => (
                "Danh sách mô hình, điển hình đã đăng ký",
                "Registered models and exemplars",
            ),
            A::Recognised => (
                "Mô hình, điển hình được công nhận, tiêu biểu",
                "Recognised and outstanding models",
            ),
            A::AwardList => (
                "Khen thưởng mô hình, điển hình",
                "Awards to models and exemplars",
            ),
            A::ReplicationList => ("Nhân rộng mô hình, điển hình", "Replications of models"),
            A::NotRegistered => (
                "Đơn vị chưa đăng ký mô hình, điển hình",
                "Units without a registered model",
            ),
            A::No => ("STT", "No."),
            A::Unit => ("Đơn vị", "Unit"),
            A::Code => ("Mã", "Code"),
            A::Kind => ("Loại", "Kind"),
            A::Title => ("Tên mô hình, điển hình", "Model or exemplar"),
            A::Person => ("Cá nhân", "Person"),
            A::Field => ("Lĩnh vực", "Field"),
            A::Step => ("Bước", "Step"),
            A::Status => ("Trạng thái", "Status"),
            A::Outcome => ("Kết quả", "Outcome"),
            A::CriteriaMet => ("Tiêu chí đạt", "Criteria met"),
            A::LastCheckin => ("Theo dõi lần cuối", "Last check-in"),
            A::RegisteredOn => ("Ngày đăng ký", "Registered on"),
            A::Body => ("Cơ quan khen thưởng", "Awarding body"),
            A::Form => ("Hình thức", "Form"),
            A::DecisionNo => ("Số quyết định", "Decision no."),
            A::DecisionDate => ("Ngày quyết định", "Decision date"),
            A::Recipient => ("Tập thể, cá nhân được khen", "Recipient"),
            A::Model => ("Mô hình, điển hình", "Model"),
            A::AdoptingUnit => ("Đơn vị nhân rộng", "Adopting unit"),
            A::Date => ("Ngày", "Date"),
            A::Collective => ("Tập thể", "Collective"),
            A::Individual => ("Cá nhân", "Individual"),
            A::Total => ("Tổng số", "Total"),
            A::NotCountedDrafts => ("Đăng ký chưa tính", "Uncounted registrations"),
            A::SheetSummary => ("Tổng hợp", "Summary"),
            A::SheetModels => ("Mô hình", "Models"),
            A::SheetAwards => ("Khen thưởng", "Awards"),
            A::SheetNotRegistered => ("Chưa đăng ký", "Not registered"),
            A::Figures => ("Số liệu", "Figures"),
            A::None => ("Không có", "None"),
            A::UnitLine => ("Đơn vị", "Unit"),
            A::AndBelow => ("và các đơn vị trực thuộc", "and the units below it"),
            A::Criteria => ("Số tiêu chí", "Criteria"),
            A::GrandTotal => ("Tổng cộng", "Total"),
            A::RegisteredBy => ("Đơn vị đăng ký", "Registered by"),
            A::Parent => ("Trực thuộc", "Under"),
            A::CollectiveModels => ("Mô hình tập thể", "Collective models"),
            A::IndividualExemplars => ("Điển hình cá nhân", "Individual exemplars"),
        };
        lang.pick(vi, en)
    }
}

/// The headings of `columns`.
pub fn heads(columns: &[A], lang: Lang) -> Vec<String> {
    columns.iter().map(|w| w.get(lang).to_string()).collect()
}

/// The columns of the list of counted models in the workbook. The text and Markdown list
/// leaves out [`A::Criteria`] and [`A::RegisteredOn`]: its step and criteria read “3/5”.
pub const MODEL_COLUMNS: &[A] = &[
    A::No,
    A::Code,
    A::Unit,
    A::Kind,
    A::Title,
    A::Person,
    A::Field,
    A::Step,
    A::Status,
    A::Outcome,
    A::CriteriaMet,
    A::Criteria,
    A::RegisteredOn,
    A::LastCheckin,
];

/// The columns of the list of awards in the workbook. The text and Markdown list leaves out
/// [`A::Kind`] and [`A::Title`].
pub const AWARD_COLUMNS: &[A] = &[
    A::No,
    A::Body,
    A::Form,
    A::DecisionNo,
    A::DecisionDate,
    A::Recipient,
    A::Kind,
    A::Code,
    A::Title,
    A::Unit,
];

/// `columns` but those `left_out`.
pub fn without(columns: &[A], left_out: &[A]) -> Vec<A> {
    columns
        .iter()
        .copied()
        .filter(|c| !left_out.contains(c))
        .collect()
}

/// The columns of the list of units without a counted model (text, Markdown, workbook).
pub const NOT_REGISTERED_COLUMNS: &[A] = &[A::No, A::Code, A::Unit, A::NotCountedDrafts];

/// “Đơn vị: Đảng bộ Sở Y tế (DB-SYT) và các đơn vị trực thuộc”, the header line of a unit's
/// report; `below` when the unit has units below it.
pub fn unit_header(name: &str, code: &str, below: bool, lang: Lang) -> String {
    let mut s = format!("{}: {name} ({code})", A::UnitLine.get(lang));
    if below {
        s.push(' ');
        s.push_str(A::AndBelow.get(lang));
    }
    s
}

/// The registration sentence of a unit's report, naming the unit, without the final stop:
/// “Đảng bộ Sở Y tế và các đơn vị trực thuộc có 05 tập thể và 03 cá nhân thuộc 03 cơ sở đăng
/// ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn 2017 - 2020”.
pub fn unit_registration_sentence(s: &StatusData, name: &str, below: bool, lang: Lang) -> String {
    let period = period_prose(&s.period, lang);
    let (c, i, u) = (s.collective, s.individual, s.units_registered);
    let who = if below {
        format!("{name} {}", A::AndBelow.get(lang))
    } else {
        name.to_string()
    };
    match lang {
        Lang::Vi if c + i == 0 => format!(
            "{who} chưa có tập thể, cá nhân nào đăng ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn {period}"
        ),
        Lang::Vi if below => format!(
            "{who} có {} tập thể và {} cá nhân thuộc {} cơ sở đăng ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn {period}",
            num(c, lang),
            num(i, lang),
            num(u, lang)
        ),
        Lang::Vi => format!(
            "{who} có {} tập thể và {} cá nhân đăng ký thực hiện mô hình, điển hình “Dân vận khéo” giai đoạn {period}",
            num(c, lang),
            num(i, lang)
        ),
        Lang::En if c + i == 0 => format!(
            "{who}: no collective or individual has registered “Dân vận khéo” models or exemplars for the period {period}"
        ),
        Lang::En => format!(
            "{who}: {} and {} in {} registered “Dân vận khéo” models and exemplars, period {period}",
            en_count(c, "collective"),
            en_count(i, "individual"),
            en_count(u, "unit")
        ),
    }
}
