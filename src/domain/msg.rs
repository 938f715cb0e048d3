//! Every problem the program can report, as data, rendered in the user's language at the
//! edge. A message says what is wrong; the caller adds where (field, file:line:column).

use serde::{Deserialize, Serialize};

use super::text::TextProblem;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum Msg {
    #[error("required")]
    Required,
    #[error("too long")]
    TooLong { max: usize },
    #[error("control character")]
    ControlChar { code: u32 },
    #[error("invisible character")]
    InvisibleChar { code: u32 },
    #[error("bad date")]
    BadDate { text: String },
    #[error("bad number")]
    BadNumber { text: String },
    #[error("bad code")]
    BadCode { text: String },
    #[error("bad period")]
    BadPeriod { text: String },
    #[error("bad bool")]
    BadBool { text: String },
    #[error("unknown value")]
    UnknownValue { text: String, allowed: String },
    #[error("unknown unit")]
    UnknownUnit { code: String },
    #[error("unknown model")]
    UnknownModel { code: String },
    #[error("unknown field")]
    UnknownField { code: String },
    #[error("unknown form")]
    UnknownForm { code: String },
    #[error("unknown period")]
    UnknownPeriod { code: String },
    #[error("duplicate code")]
    DuplicateCode { code: String },
    #[error("duplicate in file")]
    DuplicateInFile { code: String, line: u64 },
    #[error("duplicate record")]
    DuplicateRecord,
    #[error("person required")]
    PersonRequired,
    #[error("step out of range")]
    StepOutOfRange { step: i64, max: u8 },
    #[error("date before registration")]
    BeforeRegistration { date: String, registered: String },
    #[error("end before start")]
    EndBeforeStart,
    #[error("next due not after date")]
    NextDueNotAfter,
    #[error("date in the future")]
    InFuture { date: String },
    #[error("negative")]
    Negative,
    #[error("criterion index")]
    NoSuchCriterion { index: u64 },
    #[error("unknown column")]
    UnknownColumn { name: String },
    #[error("missing column")]
    MissingColumn { name: String },
    #[error("duplicate column")]
    DuplicateColumn { name: String },
    #[error("bad csv")]
    BadCsv { detail: String },
    /// A CSV cell (or header) whose bytes are not UTF-8.
    #[error("bad utf-8")]
    BadUtf8,
    /// A CSV row with more or fewer cells than the header.
    #[error("cell count")]
    CellCount { found: u64, expected: u64 },
    /// A structured cell (criteria, actuals, steps) not in its written form.
    #[error("bad format")]
    BadFormat { text: String, expected: String },
    /// A number below its smallest allowed value (a step, a criterion number).
    #[error("too small")]
    TooSmall { min: i64 },
    #[error("parent cycle")]
    ParentCycle { code: String },
    #[error("unit has models")]
    UnitHasModels { code: String, count: u64 },
    #[error("unit has children")]
    UnitHasChildren { code: String, count: u64 },
    #[error("conflict")]
    Conflict { user: String, at: String },
    #[error("not found")]
    NotFound,
    #[error("database in use")]
    DbLocked { path: String, socket: String },
    #[error("database newer")]
    DbNewer { found: u32, supported: u32 },
    #[error("database not empty")]
    DbNotEmpty { path: String },
    #[error("corrupt")]
    Corrupt { detail: String },
    #[error("io")]
    Io { detail: String },
    #[error("forbidden")]
    Forbidden { right: String },
    #[error("too many problems")]
    MoreProblems { count: u64 },
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("protocol mismatch")]
    ProtocolMismatch { client: u32, server: u32 },
    #[error("server gone")]
    ServerGone { socket: String, detail: String },
    #[error("server running")]
    ServerRunning { socket: String },
    #[error("{0}")]
    Other(String),
    /// A unit editor's request touches a unit that is not theirs.
    #[error("forbidden for unit")]
    ForbiddenUnit { right: String, unit: String },
    /// A unit editor may change a registration only while it is a draft or returned.
    #[error("not a draft")]
    NotDraft { code: String, right: String },
    /// Undoing a model's creation would remove check-ins, awards or replications added since.
    #[error("has children")]
    UndoWouldRemove { count: u64 },
    /// The connection to the server ended after the request was sent and before its answer.
    /// `write`: the request was a change, which may or may not have been made.
    #[error("connection lost")]
    ConnectionLost {
        socket: String,
        detail: String,
        write: bool,
    },
    /// A request larger than the server accepts; `import`: it carries a CSV import.
    #[error("request too large")]
    RequestTooLarge { bytes: u64, max: u64, import: bool },
    /// The server at an explicitly given socket serves another database than the one given.
    #[error("server serves another database")]
    ServerOtherDb {
        socket: String,
        server_db: String,
        db: String,
    },
    /// A text of a record in a dataset (a backup being restored) is refused.
    #[error("bad text in record")]
    RecordText {
        /// `unit`, `model`, `checkin`, `award`, `replication`, `period`, `field`, `form`, `body`.
        record: String,
        /// The record's code, or for a record without one, its model's code and date.
        code: String,
        field: String,
        problem: Box<Msg>,
    },
    /// The disk (or the user's quota) holding `path` has no room left.
    #[error("disk full")]
    DiskFull { path: String },
    /// sled found damaged data in the database at `path`.
    #[error("database damaged")]
    DbDamaged { path: String },
    /// The journal of a large write was damaged after its writes had begun to be applied.
    #[error("journal damaged")]
    JournalDamaged { path: String },
    /// The server's socket path holds something that is not a stale socket of this user;
    /// `kind`: `file`, `dir`, `symlink`, `socket` (another user's) or `other`.
    #[error("socket path taken")]
    SocketPathTaken { path: String, kind: String },
    /// A command that only reads was given a path that holds no database.
    #[error("no database")]
    NoDatabase { path: String },
    /// A registration status the workflow does not allow from the current one.
    #[error("status move")]
    StatusMove {
        code: String,
        from: super::RegStatus,
        to: super::RegStatus,
    },
    /// A step move other than one step forward or back within the period.
    #[error("step move")]
    StepMove { code: String, from: u8, to: u8 },
    /// An outcome other than pending on a registration that is not approved.
    #[error("outcome needs approval")]
    OutcomeNeedsApproval {
        code: String,
        status: super::RegStatus,
        outcome: super::Outcome,
    },
    /// A registration date more than a year outside its period's years.
    #[error("registered outside the period")]
    RegisteredOutsidePeriod { date: String, period: String },
    /// `--review` names no review of the period (a number from 1, or a review's date).
    #[error("no such review")]
    NoSuchReview {
        given: String,
        period: String,
        count: u64,
    },
    /// A report format that is a file, not text, asked for without `--out`.
    #[error("report format needs a file")]
    ReportNeedsOut { format: String },
    /// A report was written to a file.
    #[error("report written")]
    ReportWritten { path: String },
    /// An import file read with a delimiter other than the comma.
    #[error("delimiter detected")]
    DelimiterDetected { file: String, delimiter: String },
    /// What the caller's next undo would do, asked before doing it.
    #[error("undo preview")]
    UndoPreview { change: super::change::ChangeDesc },
    /// What the caller's next redo would do.
    #[error("redo preview")]
    RedoPreview { change: super::change::ChangeDesc },
    #[error("nothing to redo")]
    NothingToRedo,
    /// An undone import cannot be made again from the log: its rows are not kept there.
    #[error("import not redone")]
    RedoImport { file: String },
    /// A problem with one model of a change made for many models at once; `field` is the
    /// record's field (shown by its label), empty when the problem is the record's.
    #[error("problem in one model")]
    InModel {
        code: String,
        field: String,
        problem: Box<Msg>,
    },
    /// A change for more models at once than one request may make.
    #[error("too many models")]
    TooManyModels { count: u64, max: u64 },
    /// A date whose day the month does not have (`31/02/2020`).
    #[error("no such day")]
    NoSuchDay {
        text: String,
        day: u32,
        month: u32,
        year: i32,
        days: u32,
    },
    /// A part of a large import arrived without the parts before it (the connection to the
    /// server was opened again meanwhile), or of another kind than they.
    #[error("import parts out of order")]
    ImportStreamBroken,
}

fn char_desc(code: u32) -> String {
    format!("U+{code:04X}")
}

impl Msg {
    pub fn text(&self, lang: Lang) -> String {
        use Msg::*;
        let l = |vi: String, en: String| lang.pick(vi, en);
        match self {
            Required => l("bắt buộc phải nhập".into(), "is required".into()),
            TooLong { max } => l(
                format!("dài quá {max} ký tự"),
                format!("longer than {max} characters"),
            ),
            ControlChar { code } => l(
                format!("có ký tự điều khiển {} (không được phép)", char_desc(*code)),
                format!(
                    "contains the control character {} (not allowed)",
                    char_desc(*code)
                ),
            ),
            InvisibleChar { code } => l(
                format!("có ký tự ẩn {} (không được phép)", char_desc(*code)),
                format!(
                    "contains the invisible character {} (not allowed)",
                    char_desc(*code)
                ),
            ),
            BadDate { text } => l(
                format!("ngày “{text}” không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd)"),
                format!("“{text}” is not a valid date (use dd/mm/yyyy or yyyy-mm-dd)"),
            ),
            BadNumber { text } => l(
                format!("“{text}” không phải là số"),
                format!("“{text}” is not a number"),
            ),
            BadCode { text } => l(
                format!(
                    "mã “{text}” không hợp lệ (chỉ dùng chữ không dấu, số và - _ . /, tối đa 32 ký tự)"
                ),
                format!(
                    "code “{text}” is not valid (use unaccented letters, digits and - _ . /, at most 32)"
                ),
            ),
            BadPeriod { text } => l(
                format!("giai đoạn “{text}” không hợp lệ (viết YYYY-YYYY, ví dụ 2021-2025)"),
                format!("period “{text}” is not valid (write YYYY-YYYY, e.g. 2021-2025)"),
            ),
            BadBool { text } => l(
                format!("“{text}” không hợp lệ (dùng true hoặc false)"),
                format!("“{text}” is not valid (use true or false)"),
            ),
            UnknownValue { text, allowed } => l(
                format!("giá trị “{text}” không hợp lệ; dùng một trong: {allowed}"),
                format!("“{text}” is not valid; use one of: {allowed}"),
            ),
            UnknownUnit { code } => l(
                format!("không có đơn vị mã “{code}”"),
                format!("no unit has the code “{code}”"),
            ),
            UnknownModel { code } => l(
                format!("không có mô hình mã “{code}”"),
                format!("no model has the code “{code}”"),
            ),
            UnknownField { code } => l(
                format!("không có lĩnh vực “{code}”"),
                format!("no field “{code}” in the catalogue"),
            ),
            UnknownForm { code } => l(
                format!("không có hình thức khen thưởng “{code}”"),
                format!("no award form “{code}” in the catalogue"),
            ),
            UnknownPeriod { code } if code.is_empty() => l(
                "cơ sở dữ liệu chưa có giai đoạn nào; tạo bằng `dvk demo` hoặc `dvk import models`"
                    .into(),
                "the database has no period yet; create one with `dvk demo` or `dvk import models`"
                    .into(),
            ),
            UnknownPeriod { code } => l(
                format!("không có giai đoạn “{code}”"),
                format!("no period “{code}”"),
            ),
            DuplicateCode { code } => l(
                format!("mã “{code}” đã có"),
                format!("the code “{code}” already exists"),
            ),
            DuplicateInFile { code, line } => l(
                format!("mã “{code}” trùng với dòng {line}"),
                format!("the code “{code}” repeats line {line}"),
            ),
            DuplicateRecord => l(
                "bản ghi này đã có".into(),
                "this record already exists".into(),
            ),
            PersonRequired => l(
                "điển hình cá nhân phải có họ tên người".into(),
                "an individual exemplar needs the person's name".into(),
            ),
            StepOutOfRange { step, max } => l(
                format!("bước {step} không có (giai đoạn có {max} bước)"),
                format!("step {step} does not exist (the period has {max} steps)"),
            ),
            BeforeRegistration { date, registered } => l(
                format!("ngày {date} trước ngày đăng ký {registered}"),
                format!("{date} is before the registration date {registered}"),
            ),
            EndBeforeStart => l(
                "ngày kết thúc trước ngày bắt đầu".into(),
                "the end date is before the start date".into(),
            ),
            NextDueNotAfter => l(
                "hạn theo dõi tiếp phải sau ngày theo dõi".into(),
                "the next due date must be after the check-in date".into(),
            ),
            InFuture { date } => l(
                format!("ngày {date} chưa đến"),
                format!("{date} is in the future"),
            ),
            Negative => l("không được âm".into(), "must not be negative".into()),
            NoSuchCriterion { index } => l(
                format!("không có tiêu chí số {index}"),
                format!("there is no criterion number {index}"),
            ),
            UnknownColumn { name } => l(
                format!("cột “{name}” không được biết"),
                format!("unknown column “{name}”"),
            ),
            MissingColumn { name } => l(
                format!("thiếu cột “{name}”"),
                format!("the column “{name}” is missing"),
            ),
            DuplicateColumn { name } => l(
                format!("cột “{name}” lặp lại"),
                format!("the column “{name}” repeats"),
            ),
            BadCsv { detail } => l(
                format!("CSV không hợp lệ: {detail}"),
                format!("invalid CSV: {detail}"),
            ),
            BadUtf8 => l(
                "không phải văn bản UTF-8 (hãy lưu tệp dạng “CSV UTF-8”)".into(),
                "is not UTF-8 text (save the file as “CSV UTF-8”)".into(),
            ),
            CellCount { found, expected } => l(
                format!("dòng có {found} ô nhưng dòng tiêu đề có {expected} cột"),
                format!("the row has {found} cells but the header has {expected} columns"),
            ),
            BadFormat { text, expected } => l(
                format!("“{text}” không đúng dạng “{expected}”"),
                format!("“{text}” is not in the form “{expected}”"),
            ),
            TooSmall { min } => l(
                format!("phải từ {min} trở lên"),
                format!("must be at least {min}"),
            ),
            ParentCycle { code } => l(
                format!("đơn vị cấp trên “{code}” tạo thành vòng lặp"),
                format!("the parent unit “{code}” makes a cycle"),
            ),
            UnitHasModels { code, count } => l(
                format!("đơn vị “{code}” còn {count} mô hình; hãy chuyển hoặc xóa trước"),
                format!("unit “{code}” still has {count} models; move or delete them first"),
            ),
            UnitHasChildren { code, count } => l(
                format!("đơn vị “{code}” còn {count} đơn vị trực thuộc"),
                format!("unit “{code}” still has {count} units under it"),
            ),
            Conflict { user, at } => l(
                format!("bản ghi đã được {user} sửa lúc {at}"),
                format!("the record was changed by {user} at {at}"),
            ),
            NotFound => l("không tìm thấy bản ghi".into(), "record not found".into()),
            DbLocked { path, socket } => l(
                format!(
                    "cơ sở dữ liệu {path} đang được một tiến trình khác sử dụng và không có máy chủ trả lời ở {socket}; để nhiều người cùng dùng, hãy chạy `dvk serve --db {path}`"
                ),
                format!(
                    "the database {path} is in use by another process and no server answers at {socket}; to share it, run `dvk serve --db {path}`"
                ),
            ),
            DbNewer { found, supported } => l(
                format!(
                    "cơ sở dữ liệu được ghi bởi phiên bản dvk mới hơn (lược đồ {found}, bản này hỗ trợ đến {supported}); hãy cập nhật dvk"
                ),
                format!(
                    "the database was written by a newer dvk (schema {found}, this one supports up to {supported}); update dvk"
                ),
            ),
            DbNotEmpty { path } => l(
                format!(
                    "cơ sở dữ liệu {path} đã có dữ liệu; chỉ khôi phục vào cơ sở dữ liệu trống"
                ),
                format!(
                    "the database {path} already has data; restore only into an empty database"
                ),
            ),
            Corrupt { detail } => l(
                format!("dữ liệu hỏng: {detail}"),
                format!("corrupt data: {detail}"),
            ),
            Io { detail } => l(
                format!("lỗi vào/ra: {detail}"),
                format!("I/O error: {detail}"),
            ),
            Forbidden { right } => l(
                format!("không có quyền: cần quyền {right}"),
                format!("not allowed: needs the {right} right"),
            ),
            MoreProblems { count } => l(
                format!("… và {count} lỗi khác"),
                format!("… and {count} more problems"),
            ),
            NothingToUndo => l("không còn gì để hoàn tác".into(), "nothing to undo".into()),
            ProtocolMismatch { client, server } => l(
                format!(
                    "máy chủ dvk dùng giao thức {server}, bản dvk này dùng {client}; hãy dùng cùng một phiên bản dvk"
                ),
                format!(
                    "the dvk server speaks protocol {server}, this dvk speaks {client}; use the same dvk version"
                ),
            ),
            ServerGone { socket, detail } => l(
                format!("mất kết nối với máy chủ {socket}: {detail}"),
                format!("lost the connection to the server {socket}: {detail}"),
            ),
            ServerRunning { socket } => l(
                format!("đã có máy chủ dvk trả lời ở {socket}"),
                format!("a dvk server already answers at {socket}"),
            ),
            Other(s) => s.clone(),
            ForbiddenUnit { right, unit } => l(
                format!("không có quyền với đơn vị “{unit}”: cần quyền {right}"),
                format!("not allowed for the unit “{unit}”: needs the {right} right"),
            ),
            NotDraft { code, right } => l(
                format!(
                    "mô hình “{code}” không còn là bản nháp hay bị trả lại: cần quyền {right} để thay đổi"
                ),
                format!(
                    "the model “{code}” is no longer a draft or returned: changing it needs the {right} right"
                ),
            ),
            UndoWouldRemove { count } => l(
                format!(
                    "không hoàn tác được: mô hình đã có thêm {count} bản ghi (kiểm tra, khen thưởng, nhân rộng) sau thay đổi này"
                ),
                format!(
                    "cannot undo: {count} records (check-ins, awards, replications) were added to the model since this change"
                ),
            ),
            ConnectionLost {
                socket,
                detail,
                write: true,
            } => l(
                format!(
                    "mất kết nối với máy chủ {socket} trước khi có trả lời ({detail}): thay đổi có thể đã được ghi hoặc chưa — hãy kiểm tra trước khi làm lại"
                ),
                format!(
                    "lost the connection to the server {socket} before its answer ({detail}): the change may or may not have been made — check before repeating"
                ),
            ),
            ConnectionLost {
                socket,
                detail,
                write: false,
            } => l(
                format!(
                    "mất kết nối với máy chủ {socket} trước khi có trả lời ({detail}); hãy thử lại"
                ),
                format!(
                    "lost the connection to the server {socket} before its answer ({detail}); try again"
                ),
            ),
            RequestTooLarge {
                bytes,
                max,
                import: true,
            } => l(
                format!(
                    "tệp nhập quá lớn để gửi tới máy chủ ({} MiB, giới hạn {} MiB); hãy chia tệp thành nhiều phần và nhập từng phần; chưa ghi gì",
                    bytes.div_ceil(1 << 20),
                    max >> 20
                ),
                format!(
                    "the import is too large to send to the server ({} MiB, the limit is {} MiB); split the file and import it in parts; nothing was written",
                    bytes.div_ceil(1 << 20),
                    max >> 20
                ),
            ),
            RequestTooLarge {
                bytes,
                max,
                import: false,
            } => l(
                format!(
                    "yêu cầu quá lớn để gửi tới máy chủ ({} MiB, giới hạn {} MiB); chưa ghi gì",
                    bytes.div_ceil(1 << 20),
                    max >> 20
                ),
                format!(
                    "the request is too large to send to the server ({} MiB, the limit is {} MiB); nothing was written",
                    bytes.div_ceil(1 << 20),
                    max >> 20
                ),
            ),
            ServerOtherDb {
                socket,
                server_db,
                db,
            } => l(
                format!(
                    "máy chủ ở {socket} phục vụ cơ sở dữ liệu {server_db}, không phải {db}; bỏ --socket hoặc --db cho khớp"
                ),
                format!(
                    "the server at {socket} serves the database {server_db}, not {db}; drop --socket or give the matching --db"
                ),
            ),
            RecordText {
                record,
                code,
                field,
                problem,
            } => {
                let (vi, en) = match record.as_str() {
                    "unit" => ("đơn vị", "unit"),
                    "model" => ("mô hình", "model"),
                    "checkin" => ("lượt theo dõi của mô hình", "check-in of model"),
                    "award" => ("khen thưởng của mô hình", "award of model"),
                    "replication" => ("nhân rộng của mô hình", "replication of model"),
                    "period" => ("giai đoạn", "period"),
                    "field" => ("lĩnh vực", "field"),
                    "form" => ("hình thức khen thưởng", "award form"),
                    "body" => ("cơ quan khen thưởng", "awarding body"),
                    other => (other, other),
                };
                l(
                    format!("{vi} {code}, trường {field}: {}", problem.text(lang)),
                    format!("{en} {code}, field {field}: {}", problem.text(lang)),
                )
            }
            DiskFull { path } => l(
                format!(
                    "không còn chỗ trống trên đĩa chứa {path}; hãy giải phóng chỗ trống rồi làm lại"
                ),
                format!("the disk holding {path} is full; free some space, then try again"),
            ),
            DbDamaged { path } => l(
                format!(
                    "tệp cơ sở dữ liệu {path} bị hỏng; hãy khôi phục từ bản sao lưu vào một cơ sở dữ liệu mới: dvk --db THƯ_MỤC_MỚI restore TỆP"
                ),
                format!(
                    "the database file is damaged at {path}; restore a backup into a new database: dvk --db NEW_DIR restore FILE"
                ),
            ),
            JournalDamaged { path } => l(
                format!(
                    "nhật ký {path} của một lần ghi lớn chưa xong đã bị hỏng nên không hoàn tất được; cơ sở dữ liệu có thể chỉ có một phần lần ghi đó: hãy khôi phục từ bản sao lưu vào một cơ sở dữ liệu mới (dvk --db THƯ_MỤC_MỚI restore TỆP)"
                ),
                format!(
                    "the journal {path} of an unfinished large write is damaged and cannot be finished; the database may hold only part of that write: restore a backup into a new database (dvk --db NEW_DIR restore FILE)"
                ),
            ),
            SocketPathTaken { path, kind } => {
                let (vi, en) = match kind.as_str() {
                    "file" => ("một tệp thường", "a regular file"),
                    "dir" => ("một thư mục", "a directory"),
                    "symlink" => ("một liên kết tượng trưng", "a symbolic link"),
                    "socket" => ("socket của một người dùng khác", "another user's socket"),
                    _ => (
                        "một tệp không phải socket",
                        "something that is not a socket",
                    ),
                };
                l(
                    format!(
                        "đường dẫn socket {path} đang là {vi}, không phải socket cũ của dvk; dvk serve không xóa nó: hãy chọn --socket khác hoặc tự xử lý tệp đó"
                    ),
                    format!(
                        "the socket path {path} holds {en}, not a stale dvk socket; dvk serve leaves it alone: choose another --socket or deal with it yourself"
                    ),
                )
            }
            NoDatabase { path } => l(
                format!(
                    "không có cơ sở dữ liệu ở {path}; tạo bằng `dvk demo --db {path}` (dữ liệu mẫu) hoặc `dvk import … --db {path}`"
                ),
                format!(
                    "no database at {path}; create one with `dvk demo --db {path}` (the demo data) or `dvk import … --db {path}`"
                ),
            ),
            StatusMove { code, from, to } => {
                use super::Coded;
                let (f, t) = (from.label(lang), to.label(lang));
                l(
                    format!(
                        "mô hình “{code}” đang ở trạng thái “{f}”: không chuyển sang “{t}” được (dự thảo → đã đăng ký → đã duyệt hoặc trả lại; trả lại → đăng ký lại)"
                    ),
                    format!(
                        "the model “{code}” is “{f}”: it cannot become “{t}” (draft → submitted → approved or returned; returned → submitted again)"
                    ),
                )
            }
            StepMove { code, from, to } => l(
                format!(
                    "mô hình “{code}” đang ở bước {from}: không chuyển sang bước {to} được (mỗi lần tiến hoặc lùi một bước)"
                ),
                format!(
                    "the model “{code}” is at step {from}: it cannot move to step {to} (one step forward or back at a time)"
                ),
            ),
            OutcomeNeedsApproval {
                code,
                status,
                outcome,
            } => {
                use super::Coded;
                let (s, o) = (status.label(lang), outcome.label(lang));
                l(
                    format!(
                        "mô hình “{code}” đang ở trạng thái “{s}”: chỉ đánh giá kết quả “{o}” khi đăng ký đã được duyệt"
                    ),
                    format!(
                        "the model “{code}” is “{s}”: the outcome “{o}” needs an approved registration"
                    ),
                )
            }
            RegisteredOutsidePeriod { date, period } => l(
                format!("ngày đăng ký {date} cách các năm của giai đoạn {period} hơn một năm"),
                format!(
                    "the registration date {date} is more than a year outside the years of the period {period}"
                ),
            ),
            NoSuchReview {
                given,
                period,
                count,
            } => l(
                format!(
                    "giai đoạn {period} không có lần sơ kết, tổng kết “{given}” (có {count} lần; ghi số thứ tự từ 1 theo ngày, hoặc ngày của lần đó)"
                ),
                format!(
                    "the period {period} has no review “{given}” ({count} in all; give its number from 1 in date order, or its date)"
                ),
            ),
            ReportNeedsOut { format } => l(
                format!("--format {format} ghi ra tệp: thêm --out TỆP"),
                format!("--format {format} writes a file: add --out FILE"),
            ),
            ReportWritten { path } => l(
                format!("Đã ghi báo cáo vào {path}"),
                format!("Report written to {path}"),
            ),
            DelimiterDetected { file, delimiter } => l(
                format!("{file}: các cột được phân cách bằng dấu “{delimiter}”"),
                format!("{file}: the columns are separated by “{delimiter}”"),
            ),
            UndoPreview { change } => l(
                format!("Hoàn tác: {}?", change.text(lang)),
                format!("Undo: {}?", change.text(lang)),
            ),
            RedoPreview { change } => l(
                format!("Làm lại: {}?", change.text(lang)),
                format!("Redo: {}?", change.text(lang)),
            ),
            NothingToRedo => l("không còn gì để làm lại".into(), "nothing to redo".into()),
            RedoImport { file } => l(
                format!(
                    "không làm lại được việc nhập tệp {file} đã hoàn tác (các dòng của tệp không được lưu trong nhật ký); hãy nhập lại tệp"
                ),
                format!(
                    "the undone import of {file} cannot be redone (the log does not keep its rows); import the file again"
                ),
            ),
            InModel {
                code,
                field,
                problem,
            } if field.is_empty() => l(
                format!("mô hình “{code}”: {}", problem.text(lang)),
                format!("model “{code}”: {}", problem.text(lang)),
            ),
            InModel {
                code,
                field,
                problem,
            } => {
                let f = super::change::field_label(field, lang);
                l(
                    format!("mô hình “{code}”, {f}: {}", problem.text(lang)),
                    format!("model “{code}”, {f}: {}", problem.text(lang)),
                )
            }
            TooManyModels { count, max } => l(
                format!("{count} mô hình cùng lúc là quá nhiều (tối đa {max})"),
                format!("{count} models at once are too many (at most {max})"),
            ),
            NoSuchDay {
                text,
                day: _,
                month,
                year,
                days,
            } => l(
                format!("không có ngày {text} (tháng {month}/{year} có {days} ngày)"),
                format!("no such day: {text} ({month}/{year} has {days} days)"),
            ),
            ImportStreamBroken => l(
                "Các phần của tệp nhập không đến đủ và đúng thứ tự (kết nối tới máy chủ đã bị \
                 mở lại); không có gì thay đổi, hãy nhập lại tệp"
                    .into(),
                "The parts of the imported file did not arrive whole and in order (the \
                 connection to the server was opened again); nothing was changed, import the \
                 file again"
                    .into(),
            ),
        }
    }
}

impl From<TextProblem> for Msg {
    fn from(p: TextProblem) -> Msg {
        match p {
            TextProblem::Empty => Msg::Required,
            TextProblem::TooLong { max } => Msg::TooLong { max },
            TextProblem::Control { ch } => Msg::ControlChar { code: ch as u32 },
            TextProblem::Invisible { ch } => Msg::InvisibleChar { code: ch as u32 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_differ_and_are_single_line() {
        let samples = vec![
            Msg::Required,
            Msg::BadDate { text: "x".into() },
            Msg::DbLocked {
                path: "/d".into(),
                socket: "/s".into(),
            },
            Msg::UnknownUnit { code: "CB1".into() },
            Msg::StepOutOfRange { step: 7, max: 5 },
            Msg::BadUtf8,
            Msg::CellCount {
                found: 3,
                expected: 4,
            },
            Msg::BadFormat {
                text: "x".into(),
                expected: "a | b".into(),
            },
            Msg::TooSmall { min: 1 },
            Msg::ForbiddenUnit {
                right: "editor".into(),
                unit: "CB-02".into(),
            },
            Msg::NotDraft {
                code: "MH-01".into(),
                right: "editor".into(),
            },
            Msg::UndoWouldRemove { count: 2 },
            Msg::DiskFull { path: "/d".into() },
            Msg::DbDamaged { path: "/d".into() },
            Msg::JournalDamaged { path: "/d".into() },
            Msg::SocketPathTaken {
                path: "/s".into(),
                kind: "file".into(),
            },
            Msg::NoDatabase {
                path: "/tmp/x/db".into(),
            },
            Msg::StatusMove {
                code: "MH-01".into(),
                from: crate::domain::RegStatus::Draft,
                to: crate::domain::RegStatus::Approved,
            },
            Msg::StepMove {
                code: "MH-01".into(),
                from: 2,
                to: 4,
            },
            Msg::OutcomeNeedsApproval {
                code: "MH-01".into(),
                status: crate::domain::RegStatus::Submitted,
                outcome: crate::domain::Outcome::Recognized,
            },
            Msg::RegisteredOutsidePeriod {
                date: "01/06/2027".into(),
                period: "2021-2025".into(),
            },
            Msg::ReportNeedsOut {
                format: "docx".into(),
            },
            Msg::ReportWritten {
                path: "bao-cao-2017-2020.docx".into(),
            },
            Msg::DelimiterDetected {
                file: "models.csv".into(),
                delimiter: ";".into(),
            },
            Msg::ImportStreamBroken,
            Msg::UnknownPeriod {
                code: String::new(),
            },
            Msg::NoSuchReview {
                given: "3".into(),
                period: "2017-2020".into(),
                count: 2,
            },
            Msg::NoSuchDay {
                text: "31/02/2020".into(),
                day: 31,
                month: 2,
                year: 2020,
                days: 29,
            },
        ];
        for m in samples {
            let (vi, en) = (m.text(Lang::Vi), m.text(Lang::En));
            assert_ne!(vi, en);
            assert!(!vi.contains('\n') && !en.contains('\n'));
        }
    }
}
