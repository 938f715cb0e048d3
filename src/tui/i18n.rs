//! Every fixed word of the interface, in one table with both languages side by side, so a
//! string cannot exist in one language only (the test below walks the whole table). Sentences
//! with numbers in them are functions at the bottom, again with both languages in one arm.

use crate::domain::text::{count_vi, group_thousands, percent};
use crate::i18n::Lang;

macro_rules! strings {
    ($($name:ident => $vi:expr, $en:expr;)*) => {
        /// A fixed string of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum S { $($name),* }

        impl S {
            /// Every string, for the completeness test.
            pub const ALL: &'static [S] = &[$(S::$name),*];

            /// (Vietnamese, English)
            pub fn pair(self) -> (&'static str, &'static str) {
                match self { $(S::$name => ($vi, $en)),* }
            }
        }
    };
}

strings! {
    // tabs
    TabOverview => "Tổng quan", "Overview";
    TabUnits => "Đơn vị", "Units";
    TabModels => "Mô hình", "Models";
    TabProgress => "Tiến độ", "Progress";
    TabAwards => "Khen thưởng", "Awards";
    // commands: short (key bar) and long (help)
    Help => "Trợ giúp", "Help";
    HelpLong => "Mở trợ giúp (danh sách phím)", "Open this help (the list of keys)";
    Quit => "Thoát", "Quit";
    QuitLong => "Thoát chương trình", "Quit the program";
    Close => "Đóng", "Close";
    CloseLong => "Đóng cửa sổ này", "Close this window";
    Tabs => "Thẻ", "Tabs";
    TabsLong => "Chuyển thẻ (1…5 nhảy thẳng, Tab/Shift-Tab lần lượt)", "Switch tab (1…5 jump, Tab/Shift-Tab cycle)";
    Move => "Di chuyển", "Move";
    MoveLong => "Lên/xuống một dòng, một trang; g đầu, G cuối", "Up/down a row or a page; g first, G last";
    Scroll => "Cuộn", "Scroll";
    ScrollLong => "Cuộn lên/xuống; g đầu, G cuối", "Scroll up/down; g top, G bottom";
    Search => "Tìm", "Search";
    SearchLong => "Tìm trong bảng khi gõ (không cần dấu)", "Search the table as you type (diacritics optional)";
    Filter => "Lọc", "Filter";
    FilterLong => "Lọc theo giai đoạn, loại, lĩnh vực, bước, đơn vị, trạng thái, quá hạn", "Filter by period, kind, field, step, unit, status, overdue";
    Clear => "Bỏ lọc", "Clear";
    ClearLong => "Xóa tìm kiếm, rồi bỏ các bộ lọc", "Clear the search, then the filters";
    Sort => "Sắp xếp", "Sort";
    SortLong => "Đổi cột sắp xếp (S: đảo chiều)", "Change the sort column (S: reverse)";
    Open => "Mở", "Open";
    OpenModelLong => "Mở mô hình đang chọn", "Open the selected model";
    OpenUnitLong => "Xem các mô hình của đơn vị", "Show the unit's models";
    ChooseLong => "Chọn mục này", "Choose this item";
    Period => "Giai đoạn", "Period";
    PeriodLong => "Chọn giai đoạn", "Choose the period";
    Lang => "English", "Tiếng Việt";
    LangLong => "Chuyển sang tiếng Anh", "Switch to Vietnamese";
    SearchEnd => "Xong", "Done";
    SearchEndLong => "Kết thúc gõ, giữ kết quả tìm", "Stop typing, keep the matches";
    SearchCancel => "Hủy", "Cancel";
    SearchCancelLong => "Xóa chuỗi tìm", "Clear the search";
    // messages
    NotYet => "Chức năng này chưa có trong phiên bản này.", "Not yet available in this version.";
    TooSmall => "Cửa sổ quá nhỏ. Hãy mở rộng tối thiểu 80×24.", "The window is too small. Please enlarge it to at least 80×24.";
    NoData => "Chưa có dữ liệu.", "No data yet.";
    NoPeriod => "Chưa có giai đoạn nào.", "No period yet.";
    NoMatch => "Không có dòng nào khớp.", "No row matches.";
    Loading => "Đang tải…", "Loading…";
    // overview
    UnitsRegistered => "Đơn vị đăng ký", "Units registered";
    ByKind => "Theo loại", "By kind";
    ByField => "Theo lĩnh vực", "By field";
    ByStep => "Theo bước", "By step";
    Overdue => "Quá hạn theo dõi", "Overdue check-ins";
    AwardsBy => "Khen thưởng theo cơ quan, hình thức", "Awards by body and form";
    Total => "Tổng", "Total";
    Days => "ngày", "days";
    NoneOverdue => "Không có mô hình quá hạn.", "No model is overdue.";
    NoAwards => "Chưa có khen thưởng.", "No award yet.";
    Drafts => "dự thảo", "drafts";
    Returned => "trả lại", "returned";
    // columns
    ColCode => "Mã", "Code";
    ColKind => "Loại", "Kind";
    ColTitle => "Tên mô hình", "Title";
    ColUnit => "Đơn vị", "Unit";
    ColField => "Lĩnh vực", "Field";
    ColStep => "Bước", "Step";
    ColStatus => "Đăng ký", "Status";
    ColOutcome => "Kết quả", "Outcome";
    ColProgress => "Tiêu chí", "Criteria";
    ColName => "Tên đơn vị", "Name";
    ColModels => "Mô hình", "Models";
    ColDrafts => "Dự thảo", "Drafts";
    ColLastCheckin => "Theo dõi gần nhất", "Latest check-in";
    ColDecision => "Số quyết định", "Decision";
    ColDate => "Ngày", "Date";
    ColBody => "Cơ quan khen", "Body";
    ColForm => "Hình thức", "Form";
    ColRecipient => "Người/đơn vị nhận", "Recipient";
    ColPipeline => "Quy trình", "Pipeline";
    ColOverdue => "Quá hạn", "Overdue";
    ColBy => "Người thực hiện", "By";
    ColNote => "Ghi chú", "Note";
    // popups and panes
    Checkins => "Theo dõi, kiểm tra", "Check-ins";
    NoCheckins => "Chưa có lần theo dõi nào.", "No check-in yet.";
    Criteria => "Tiêu chí", "Criteria";
    NoCriteria => "Không có tiêu chí.", "No criteria.";
    Registration => "Nội dung đăng ký", "Registration";
    History => "Lịch sử", "History";
    Replications => "Nhân rộng", "Replications";
    Tallies => "Tổng hợp", "Tallies";
    Filters => "Bộ lọc", "Filters";
    All => "Tất cả", "All";
    Yes => "Có", "Yes";
    FilterPeriod => "Giai đoạn", "Period";
    FilterOverdue => "Chỉ quá hạn", "Overdue only";
    SortedBy => "Sắp xếp", "Sorted by";
    Person => "Cá nhân", "Person";
    Position => "Chức vụ", "Position";
    Leader => "Phụ trách", "Leader";
    Registered => "Ngày đăng ký", "Registered on";
    Summary => "Tóm tắt", "Summary";
    Problem => "Vấn đề", "Problem";
    Goals => "Mục tiêu", "Goals";
    Activities => "Hoạt động", "Activities";
    Area => "Địa bàn", "Area";
    Beneficiaries => "Đối tượng", "Beneficiaries";
    LeadForces => "Lực lượng nòng cốt", "Lead forces";
    Partners => "Phối hợp", "Partners";
    Resources => "Nguồn lực", "Resources";
    Outputs => "Sản phẩm", "Outputs";
    From => "Từ", "From";
    To => "đến", "to";
    Due => "hạn", "due";
    NextDue => "lần sau", "next";
    ActCreate => "tạo", "created";
    ActUpdate => "sửa", "updated";
    ActDelete => "xóa", "deleted";
    ActImport => "nhập", "imported";
    ActUndo => "hoàn tác", "undone";
    ActRestore => "khôi phục", "restored";
    Rows => "dòng", "rows";
}

impl S {
    pub fn get(self, lang: Lang) -> &'static str {
        let (vi, en) = self.pair();
        lang.pick(vi, en)
    }
}

/// A count in a table or a figure: thousands grouped as each language writes them.
pub fn num(n: u64, lang: Lang) -> String {
    group_thousands(n, lang.pick('.', ','))
}

/// The share of a whole, `31,3%` / `31.3%`.
pub fn pct(part: u64, whole: u64, lang: Lang) -> String {
    percent(part, whole, lang == Lang::Vi)
}

/// The report's opening sentence (CONTRACT.md, `dvk report`), with counts written the way
/// reports write them (“01”, “09”, “26”).
pub fn report_sentence(c: u64, i: u64, u: u64, start: u16, end: u16, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "Kết quả có {} tập thể và {} cá nhân thuộc {} cơ sở đăng ký thực hiện mô hình, \
             điển hình “Dân vận khéo” giai đoạn {start} - {end}.",
            count_vi(c),
            count_vi(i),
            count_vi(u)
        ),
        Lang::En => format!(
            "{} collectives and {} individuals from {} units registered models and exemplars of \
             the “Dân vận khéo” movement for the period {start} - {end}.",
            num(c, lang),
            num(i, lang),
            num(u, lang)
        ),
    }
}

/// One award tally line: “01 tập thể, 01 cá nhân” (a zero part left out, as reports do).
pub fn tally(c: u64, i: u64, lang: Lang) -> String {
    let mut parts = Vec::new();
    if c > 0 {
        parts.push(match lang {
            Lang::Vi => format!("{} tập thể", count_vi(c)),
            Lang::En => format!("{} collective", num(c, lang)),
        });
    }
    if i > 0 {
        parts.push(match lang {
            Lang::Vi => format!("{} cá nhân", count_vi(i)),
            Lang::En => format!("{} individual", num(i, lang)),
        });
    }
    parts.join(", ")
}

/// “Hiển thị 12/50 dòng” — where the selection is and how many rows the view holds.
pub fn position(sel: usize, shown: usize, total: usize, lang: Lang) -> String {
    let (a, b, c) = (
        num(sel as u64, lang),
        num(shown as u64, lang),
        num(total as u64, lang),
    );
    match lang {
        Lang::Vi if shown == total => format!("{a}/{b} dòng"),
        Lang::Vi => format!("{a}/{b} dòng (lọc từ {c})"),
        Lang::En if shown == total => format!("{a}/{b} rows"),
        Lang::En => format!("{a}/{b} rows (of {c})"),
    }
}

/// “Bước 3/5” — a model's step.
pub fn step_of(step: u8, steps: u8, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Bước {step}/{steps}"),
        Lang::En => format!("Step {step}/{steps}"),
    }
}

/// The overdue count of the overview: “04 mô hình quá hạn”.
pub fn overdue_count(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} mô hình quá hạn theo dõi", count_vi(n)),
        Lang::En => format!("{} models overdue for a check-in", num(n, lang)),
    }
}

/// “13 khen thưởng” on the awards tab.
pub fn awards_total(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} khen thưởng", count_vi(n)),
        Lang::En => format!("{} awards", num(n, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_both_languages() {
        for s in S::ALL {
            let (vi, en) = s.pair();
            assert!(!vi.trim().is_empty(), "{s:?} has no Vietnamese text");
            assert!(!en.trim().is_empty(), "{s:?} has no English text");
        }
    }

    #[test]
    fn sentences_follow_report_conventions() {
        let s = report_sentence(26, 24, 15, 2017, 2020, Lang::Vi);
        assert!(s.starts_with("Kết quả có 26 tập thể và 24 cá nhân thuộc 15 cơ sở đăng ký"));
        assert!(s.contains("giai đoạn 2017 - 2020"));
        assert_eq!(tally(1, 1, Lang::Vi), "01 tập thể, 01 cá nhân");
        assert_eq!(tally(9, 0, Lang::Vi), "09 tập thể");
        assert_eq!(num(12345, Lang::Vi), "12.345");
        assert_eq!(num(12345, Lang::En), "12,345");
    }
}
