//! Every fixed word of the interface, in one table with both languages side by side, so a
//! string cannot exist in one language only (the test below walks the whole table). Sentences
//! with numbers in them are functions at the bottom, again with both languages in one arm.

use crate::domain::text::{group_thousands, percent, printable};
use crate::i18n::Lang;
use crate::report::words;

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
    FilterLong => "Lọc theo giai đoạn, loại, lĩnh vực, bước, đơn vị, trạng thái, kết quả, quá hạn", "Filter by period, kind, field, step, unit, status, outcome, overdue";
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
    SearchEndLong => "Kết thúc gõ, giữ kết quả tìm; rồi n/N sang dòng khớp sau/trước", "Stop typing, keep the matches; then n/N go to the next/previous one";
    SearchCancel => "Hủy", "Cancel";
    SearchCancelLong => "Xóa chuỗi tìm", "Clear the search";
    // messages
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
    // forms
    NewUnit => "Thêm đơn vị", "New unit";
    EditUnit => "Sửa đơn vị", "Edit unit";
    NewModel => "Đăng ký mô hình, điển hình", "New model or exemplar";
    EditModel => "Sửa mô hình", "Edit model";
    NewCheckin => "Ghi kết quả theo dõi", "Record a check-in";
    EditCheckin => "Sửa lần theo dõi", "Edit check-in";
    NewAward => "Ghi khen thưởng", "Record an award";
    EditAward => "Sửa khen thưởng", "Edit award";
    NewReplication => "Ghi nhân rộng", "Record a replication";
    NewPeriod => "Thêm giai đoạn", "New period";
    EditPeriod => "Sửa giai đoạn", "Edit period";
    NewField => "Thêm lĩnh vực", "New field";
    EditField => "Sửa lĩnh vực", "Edit field";
    NewForm => "Thêm hình thức khen thưởng", "New award form";
    EditForm => "Sửa hình thức khen thưởng", "Edit award form";
    Parent => "Đơn vị cấp trên", "Parent unit";
    NoParent => "(không có)", "(none)";
    Active => "Đang hoạt động", "Active";
    No => "Không", "No";
    Criterion => "Tiêu chí", "Criterion";
    CritName => "Tên", "Name";
    CritMeasure => "Đơn vị tính", "Measure";
    CritTarget => "Chỉ tiêu", "Target";
    CritActual => "Đạt được", "Actual";
    Actual => "Đạt", "Actual";
    StepVi => "Tên tiếng Việt", "Vietnamese name";
    StepEn => "Tên tiếng Anh", "English name";
    NameVi => "Tên tiếng Việt", "Vietnamese name";
    NameEn => "Tên tiếng Anh", "English name";
    NextDueLong => "Hạn theo dõi tiếp", "Next check-in due";
    DecidedOn => "Ngày quyết định", "Decision date";
    Guidance => "Văn bản hướng dẫn", "Guidance document";
    GuidanceDate => "Ngày hướng dẫn", "Guidance date";
    Interval => "Chu kỳ theo dõi (ngày)", "Check-in interval (days)";
    StartOn => "Ngày bắt đầu", "Start date";
    EndOn => "Ngày kết thúc", "End date";
    NewValue => "Chuyển sang", "Change to";
    Reason => "Lý do", "Reason";
    ActStepNext => "Chuyển bước tiếp theo", "Advance to the next step";
    ActStepBack => "Trả về bước trước", "Return to an earlier step";
    ActSubmit => "Nộp đăng ký", "Submit the registration";
    ActApprove => "Duyệt đăng ký", "Approve the registration";
    ActReturn => "Trả lại đăng ký để sửa", "Return the registration for changes";
    ActOutcome => "Đánh giá, công nhận kết quả", "Set the outcome";
    Actions => "Thao tác", "Actions";
    NotSaved => "Chưa lưu được", "Not saved";
    Saved => "Đã lưu.", "Saved.";
    Deleted => "Đã xóa.", "Deleted.";
    Discarded => "Đã bỏ các thay đổi.", "Changes discarded.";
    AskDiscard => "Bỏ các thay đổi đã nhập trong biểu mẫu này?", "Discard the changes typed in this form?";
    AskDelete => "Xóa", "Delete";
    Cancel => "Hủy", "Cancel";
    Discard => "Bỏ thay đổi", "Discard";
    KeepEditing => "Tiếp tục sửa", "Keep editing";
    Reload => "Tải lại bản mới", "Reload theirs";
    Overwrite => "Ghi đè", "Overwrite";
    Restore => "Mở lại", "Reopen";
    DraftFound => "Có một biểu mẫu chưa lưu từ lần trước (mất kết nối). Mở lại để lưu tiếp?", "A form was left unsaved last time (the connection dropped). Reopen it?";
    DraftTitle => "Biểu mẫu chưa lưu", "Unsaved form";
    Confirm => "Xác nhận", "Confirm";
    Catalogues => "Danh mục", "Catalogues";
    CatFields => "Lĩnh vực", "Fields";
    CatForms => "Hình thức khen thưởng", "Award forms";
    CatPeriods => "Giai đoạn và các bước", "Periods and their steps";
    AddNew => "+ Thêm mới", "+ Add new";
    NoHistory => "Chưa có thay đổi nào được ghi.", "No change recorded.";
    Empty => "(trống)", "(empty)";
    Nothing => "Không có gì để thao tác ở đây.", "Nothing to act on here.";
    RecUnit => "đơn vị", "unit";
    RecModel => "mô hình", "model";
    RecCheckin => "lần theo dõi", "check-in";
    RecAward => "khen thưởng", "award";
    RecReplication => "nhân rộng", "replication";
    RecPeriod => "giai đoạn", "period";
    RecField => "lĩnh vực", "field";
    RecForm => "hình thức khen thưởng", "award form";
    HistReason => "Lý do", "Reason";
    HistCreated => "tạo mới", "created";
    HistDeleted => "đã xóa", "deleted";
    // form and action commands
    Fields => "Trường", "Fields";
    FieldsLong => "Sang trường sau/trước (kiểm tra trường vừa rời)", "Next/previous field (checks the field left)";
    Pick => "Chọn", "Choose";
    PickLong => "Mở danh sách của trường lựa chọn (gõ để lọc)", "Open the list of a choice field (type to filter)";
    Save => "Lưu", "Save";
    SaveLong => "Lưu biểu mẫu", "Save the form";
    CancelLong => "Hủy biểu mẫu (hỏi trước nếu đã sửa)", "Cancel the form (asks first if changed)";
    AddRow => "Thêm dòng", "Add row";
    AddRowLong => "Thêm một tiêu chí / một bước", "Add a criterion / a step";
    DelRow => "Xóa dòng", "Delete row";
    DelRowLong => "Xóa tiêu chí / bước đang đứng", "Delete the criterion / step under the cursor";
    NewLine => "Xuống dòng", "Line break";
    NewLineLong => "Xuống dòng trong ô văn bản dài", "Insert a line break in a long text";
    EditKeys => "Sửa chữ", "Editing";
    EditKeysLong => "Home/End đầu/cuối; Ctrl-W xóa từ; Ctrl-U/Ctrl-K xóa đến đầu/cuối", "Home/End start/end; Ctrl-W delete word; Ctrl-U/Ctrl-K delete to start/end";
    FilterList => "Lọc", "Filter";
    FilterListLong => "Gõ để lọc danh sách (không cần dấu)", "Type to narrow the list (diacritics optional)";
    New => "Thêm", "New";
    NewUnitLong => "Thêm đơn vị mới", "Add a new unit";
    NewModelLong => "Đăng ký mô hình, điển hình mới", "Register a new model or exemplar";
    Edit => "Sửa", "Edit";
    EditLong => "Sửa bản ghi đang chọn", "Edit the selected record";
    Delete => "Xóa", "Delete";
    DeleteLong => "Xóa bản ghi đang chọn (hỏi trước)", "Delete the selected record (asks first)";
    Undo => "Hoàn tác", "Undo";
    UndoLong => "Hoàn tác thay đổi gần nhất của bạn", "Undo your latest change";
    HistoryLong => "Xem lịch sử thay đổi của bản ghi", "Show the record's history of changes";
    ActionsLong => "Chuyển bước, nộp/duyệt/trả lại đăng ký, đánh giá, nhân rộng", "Move step, submit/approve/return, outcome, replication";
    CheckinKey => "Theo dõi", "Check-in";
    CheckinLong => "Ghi một lần theo dõi, kiểm tra", "Record a check-in";
    AwardKey => "Khen", "Award";
    AwardLong => "Ghi một khen thưởng", "Record an award";
    CatLong => "Danh mục: lĩnh vực, hình thức khen thưởng, giai đoạn", "Catalogues: fields, award forms, periods";
    Yes2 => "Đồng ý", "Yes";
    AnswerLong => "Chọn câu trả lời bằng phím ghi trong ngoặc", "Answer with the key shown in brackets";
    BehindTarget => "chậm so với chỉ tiêu", "behind target";
    Reported => "báo cáo", "reported";
    RegQuality => "Chất lượng đăng ký", "Registration quality";
    QualityFilter => "Chất lượng", "Quality";
    NoQuantifiedCriterion => "Chưa có tiêu chí lượng hóa", "No quantified criterion";
    NoGoalsActivities => "Chưa có mục tiêu, nội dung", "No goals or activities";
    Reviews => "Sơ kết, tổng kết (loại | ngày | tiêu đề | số văn bản)", "Reviews (kind | date | title | document no.)";
    OutcomeOn => "Ngày đánh giá", "Outcome decided on";
    OutcomeDecision => "Số quyết định", "Decision number";
    CycleAsOf => "Thời điểm", "As of";
    CycleAsOfLong => "Đổi thời điểm số liệu: hôm nay, các lần sơ kết, tổng kết", "Switch the figures' date: today, the period's reviews";
    NoReviews => "Giai đoạn chưa có lần sơ kết, tổng kết nào", "The period has no reviews yet";
    ReportKey => "Báo cáo", "Report";
    ReportKeyLong => "Ghi báo cáo của giai đoạn ra tệp (Word, Excel, Markdown, văn bản)", "Write the period's report to a file (Word, Excel, Markdown, text)";
    WriteReport => "Ghi báo cáo", "Write the report";
    ReportFormat => "Định dạng", "Format";
    ReportFile => "Tệp", "File";
    // history
    HistStatus => "Trạng thái", "Status";
    HistReview => "Sơ kết, tổng kết", "Review";
    HistDocNo => "Số văn bản", "Document no.";
    HistFirstYear => "Năm bắt đầu", "First year";
    HistLastYear => "Năm kết thúc", "Last year";
    NewAwardLong => "Ghi khen thưởng cho mô hình của dòng đang chọn", "Record an award for the selected row's model";
    NewModelOfUnitLong => "Đăng ký mô hình mới của đơn vị này", "Register a new model of this unit";
    UnitFilterLong => "Lọc đơn vị: có hay chưa có mô hình đăng ký trong giai đoạn", "Filter units: with or without a model registered in the period";
    UnitFilterWith => "Đã đăng ký", "Registered";
    UnitFilterWithout => "Chưa đăng ký", "Not registered";
    Database => "CSDL", "db";
    Server => "máy chủ", "server";
    // tables and search
    ColPerson => "Họ tên", "Person";
    MatchNext => "Khớp sau/trước", "Next/prev match";
    MatchNextLong => "Sang dòng khớp sau/trước của lần tìm (Esc bỏ tìm; khi không tìm, n là thêm mới)", "Go to the next/previous row the search matched (Esc clears it; without a search, n adds a record)";
    Mark => "Chọn", "Mark";
    MarkLong => "Chọn/bỏ chọn; w, i, a làm cho mọi mô hình đã chọn", "Mark/unmark; w, i, a then act on all marked models";
    Unmark => "Bỏ chọn", "Unmark";
    UnmarkLong => "Bỏ mọi dấu chọn (rồi tìm kiếm, bộ lọc)", "Unmark every model (then the search, the filters)";
    UndoRedoLong => "Hoàn tác (Ctrl-R: làm lại) thay đổi gần nhất của bạn", "Undo (Ctrl-R: redo) your latest change";
    Redo => "Làm lại", "Redo";
    BatchResult => "Kết quả", "Result";
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

/// What `u` undid: “Đã hoàn tác việc sửa mô hình MH-01”.
/// Said once another user's changes are shown.
pub fn updated_by(user: &str, lang: Lang) -> String {
    let user = printable(user);
    match lang {
        Lang::Vi => format!("Đã cập nhật thay đổi của {user}"),
        Lang::En => format!("Updated: changes by {user}"),
    }
}

pub fn undone(action: &str, what: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đã hoàn tác việc {action} {what}."),
        Lang::En => format!("Undone: {action} {what}."),
    }
}

/// The question before deleting a model, naming what goes with it.
pub fn delete_model(
    code: &str,
    title: &str,
    checkins: usize,
    awards: usize,
    replications: usize,
    lang: Lang,
) -> String {
    let (code, title) = (printable(code), printable(title));
    let (c, a, r) = (checkins as u64, awards as u64, replications as u64);
    match lang {
        Lang::Vi => format!(
            "Xóa mô hình {code} “{title}”? Cùng bị xóa: {} lần theo dõi, {} khen thưởng, {} nhân rộng.",
            words::num(c, lang),
            words::num(a, lang),
            words::num(r, lang)
        ),
        Lang::En => format!(
            "Delete model {code} “{title}”? Also deleted: {}, {}, {}.",
            words::en_count(c, "check-in"),
            words::en_count(a, "award"),
            words::en_count(r, "replication")
        ),
    }
}

pub fn delete_unit(code: &str, name: &str, lang: Lang) -> String {
    let (code, name) = (printable(code), printable(name));
    match lang {
        Lang::Vi => format!("Xóa đơn vị {code} “{name}”? Đơn vị không còn mô hình nào."),
        Lang::En => format!("Delete unit {code} “{name}”? It has no models."),
    }
}

pub fn delete_other(what: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Xóa {what}?"),
        Lang::En => format!("Delete {what}?"),
    }
}

/// A date with its weekday: “Thứ Hai, 12/10/2020” / “Monday 12/10/2020”.
pub fn weekday_date(d: chrono::NaiveDate, lang: Lang) -> String {
    let dmy = crate::domain::text::date_dmy(d);
    match lang {
        Lang::Vi => format!("{}, {dmy}", weekday(d, lang)),
        Lang::En => format!("{} {dmy}", weekday(d, lang)),
    }
}

/// The day of the week: “Thứ Hai” / “Monday”.
pub fn weekday(d: chrono::NaiveDate, lang: Lang) -> &'static str {
    use chrono::{Datelike, Weekday::*};
    let (vi, en) = match d.weekday() {
        Mon => ("Thứ Hai", "Monday"),
        Tue => ("Thứ Ba", "Tuesday"),
        Wed => ("Thứ Tư", "Wednesday"),
        Thu => ("Thứ Năm", "Thursday"),
        Fri => ("Thứ Sáu", "Friday"),
        Sat => ("Thứ Bảy", "Saturday"),
        Sun => ("Chủ nhật", "Sunday"),
    };
    lang.pick(vi, en)
}

/// The key an answer is given with in `lang`: Vietnamese says yes with `c` (có) and no
/// with `k` (không); other answers keep their key.
pub fn answer_key(key: char, lang: Lang) -> char {
    match (lang, key) {
        (Lang::Vi, 'y') => 'c',
        (Lang::Vi, 'n') => 'k',
        _ => key,
    }
}

/// Whether the key `typed` gives the answer whose key is `key`: its own key, or the one
/// the language shows (`y`/`n` work in Vietnamese too).
pub fn answers(typed: char, key: char, lang: Lang) -> bool {
    typed == key || typed == answer_key(key, lang)
}

/// “3 đã chọn”: models marked for a change made to all of them.
pub fn marked(n: usize, lang: Lang) -> String {
    let n = num(n as u64, lang);
    match lang {
        Lang::Vi => format!("{n} đã chọn"),
        Lang::En => format!("{n} marked"),
    }
}

/// “3 mô hình”: what a form for many models is about.
pub fn models_n(n: usize, lang: Lang) -> String {
    let n = num(n as u64, lang);
    match lang {
        Lang::Vi => format!("{n} mô hình"),
        Lang::En if n == "1" => "1 model".into(),
        Lang::En => format!("{n} models"),
    }
}

/// What an answered undo or redo did, in the words of its question.
pub fn done_change(redo: bool, change: &str, lang: Lang) -> String {
    match (lang, redo) {
        (Lang::Vi, false) => format!("Đã hoàn tác: {change}."),
        (Lang::Vi, true) => format!("Đã làm lại: {change}."),
        (Lang::En, false) => format!("Undone: {change}."),
        (Lang::En, true) => format!("Redone: {change}."),
    }
}

/// A change for many models: how many were changed and how many were skipped.
pub fn batch_done(done: usize, skipped: usize, lang: Lang) -> String {
    let (d, k) = (models_n(done, lang), num(skipped as u64, lang));
    match (lang, skipped) {
        (Lang::Vi, 0) => format!("Đã lưu cho {d}."),
        (Lang::Vi, _) => format!("Đã làm cho {d}; bỏ qua {k}:"),
        (Lang::En, 0) => format!("Saved for {d}."),
        (Lang::En, _) => format!("Done for {d}; skipped {k}:"),
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
        assert_eq!(num(12345, Lang::Vi), "12.345");
        assert_eq!(num(12345, Lang::En), "12,345");
    }

    #[test]
    fn delete_question_writes_zero_as_0_and_english_plurals() {
        let vi = delete_model("MH-01", "A", 0, 1, 12, Lang::Vi);
        assert!(
            vi.contains("0 lần theo dõi, 01 khen thưởng, 12 nhân rộng"),
            "{vi}"
        );
        let en = delete_model("MH-01", "A", 0, 1, 2, Lang::En);
        assert!(
            en.ends_with("0 check-ins, 1 award, 2 replications."),
            "{en}"
        );
    }
}
