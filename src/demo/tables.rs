//! The hand-written material of the demo period: units, models, leaders and the texts that
//! registrations and check-ins are composed from. Names are plausible inventions.

use crate::domain::ModelKind::{self, Collective as C, Individual as I};
use crate::domain::UnitKind::{
    self, Agency, MassOrg, PartyCell as Cell, PartyCommittee as Committee,
};

/// (code, name, parent code, kind). Parents come before their children. All active.
#[rustfmt::skip]
pub const UNITS: &[(&str, &str, Option<&str>, UnitKind)] = &[
    ("DB-SYT", "Đảng bộ Sở Y tế", None, Committee),
    ("CB-VP-SYT", "Chi bộ Văn phòng Sở Y tế", Some("DB-SYT"), Cell),
    ("CB-BVDK", "Chi bộ Bệnh viện Đa khoa tỉnh", Some("DB-SYT"), Cell),
    ("CB-TTKSBT", "Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh", Some("DB-SYT"), Cell),
    ("DB-SGDDT", "Đảng bộ Sở Giáo dục và Đào tạo", None, Committee),
    ("CB-VP-SGDDT", "Chi bộ Văn phòng Sở Giáo dục và Đào tạo", Some("DB-SGDDT"), Cell),
    ("CB-GDTH", "Chi bộ Phòng Giáo dục Trung học", Some("DB-SGDDT"), Cell),
    ("DB-SNN", "Đảng bộ Sở Nông nghiệp và Phát triển nông thôn", None, Committee),
    ("CB-CCKL", "Chi bộ Chi cục Kiểm lâm", Some("DB-SNN"), Cell),
    ("CB-TTKN", "Chi bộ Trung tâm Khuyến nông", Some("DB-SNN"), Cell),
    ("CB-CCCNTY", "Chi bộ Chi cục Chăn nuôi và Thú y", Some("DB-SNN"), Cell),
    ("DB-STC", "Đảng bộ Sở Tài chính", None, Committee),
    ("DB-SKHDT", "Đảng bộ Sở Kế hoạch và Đầu tư", None, Committee),
    ("DB-CT", "Đảng bộ Cục Thuế tỉnh", None, Committee),
    ("CB-HCQT-CT", "Chi bộ Phòng Hành chính - Quản trị Cục Thuế", Some("DB-CT"), Cell),
    ("CB-KTT-CT", "Chi bộ Phòng Kiểm tra thuế", Some("DB-CT"), Cell),
    ("DB-KBNN", "Đảng bộ Kho bạc Nhà nước tỉnh", None, Committee),
    ("DB-BHXH", "Đảng bộ Bảo hiểm xã hội tỉnh", None, Committee),
    ("CB-THU-BHXH", "Chi bộ Phòng Quản lý thu", Some("DB-BHXH"), Cell),
    ("DB-STNMT", "Đảng bộ Sở Tài nguyên và Môi trường", None, Committee),
    ("CB-VPDKDD", "Chi bộ Văn phòng Đăng ký đất đai", Some("DB-STNMT"), Cell),
    ("DB-SLDTBXH", "Đảng bộ Sở Lao động - Thương binh và Xã hội", None, Committee),
    ("CB-TTBTXH", "Chi bộ Trung tâm Bảo trợ xã hội", Some("DB-SLDTBXH"), Cell),
    ("DB-SVHTTDL", "Đảng bộ Sở Văn hóa, Thể thao và Du lịch", None, Committee),
    ("CB-BTT", "Chi bộ Bảo tàng tỉnh", Some("DB-SVHTTDL"), Cell),
    ("DB-VPUB", "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh", None, Committee),
    ("CB-TTHCC", "Chi bộ Trung tâm Phục vụ hành chính công", Some("DB-VPUB"), Cell),
    ("CB-STP", "Chi bộ Sở Tư pháp", None, Cell),
    ("CB-SNV", "Chi bộ Sở Nội vụ", None, Cell),
    ("CB-SCT", "Chi bộ Sở Công Thương", None, Cell),
    ("CB-SXD", "Chi bộ Sở Xây dựng", None, Cell),
    ("CB-SGTVT", "Chi bộ Sở Giao thông vận tải", None, Cell),
    ("CB-STTTT", "Chi bộ Sở Thông tin và Truyền thông", None, Cell),
    ("CB-SKHCN", "Chi bộ Sở Khoa học và Công nghệ", None, Cell),
    ("CB-TTR", "Chi bộ Thanh tra tỉnh", None, Cell),
    ("CB-BDT", "Chi bộ Ban Dân tộc tỉnh", None, Cell),
    ("CQ-PTTH", "Đài Phát thanh và Truyền hình tỉnh", None, Agency),
    ("CQ-BAOLS", "Báo Lạng Sơn", None, Agency),
    ("CQ-LMHTX", "Liên minh Hợp tác xã tỉnh", None, Agency),
    ("CQ-NHCSXH", "Chi nhánh Ngân hàng Chính sách xã hội tỉnh", None, Agency),
    ("DT-HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", None, MassOrg),
    ("DT-TD", "Tỉnh đoàn Lạng Sơn", None, MassOrg),
    ("DT-HND", "Hội Nông dân tỉnh", None, MassOrg),
    ("DT-HCCB", "Hội Cựu chiến binh tỉnh", None, MassOrg),
    ("DT-LDLD", "Liên đoàn Lao động tỉnh", None, MassOrg),
    ("DT-MTTQ", "Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", None, MassOrg),
    ("DT-HCTD", "Hội Chữ thập đỏ tỉnh", None, MassOrg),
    ("DT-LHH", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", None, MassOrg),
];

/// A unit merged into another during the period: kept, inactive, not counted in the 48.
pub const INACTIVE_UNIT: (&str, &str) = (
    "CB-BQLDA",
    "Chi bộ Ban Quản lý dự án đầu tư xây dựng (đã sáp nhập)",
);

/// The 15 units that registered: (code, leader of their models, area of work).
#[rustfmt::skip]
pub const REGISTERING: &[(&str, &str, &str)] = &[
    ("DB-SYT", "Hoàng Văn Phúc", "Các cơ sở y tế trên địa bàn tỉnh"),
    ("CB-BVDK", "Lương Thị Hạnh", "Bệnh viện Đa khoa tỉnh và các xã kết nghĩa"),
    ("DB-SGDDT", "Nông Quang Vinh", "Các trường học vùng cao, biên giới"),
    ("DB-SNN", "Vi Văn Cường", "Các huyện Chi Lăng, Văn Quan, Bình Gia"),
    ("CB-CCKL", "Lăng Văn Thịnh", "Thôn Khuổi Phầy và các thôn giáp ranh rừng phòng hộ"),
    ("DB-CT", "Đinh Văn Quý", "Thành phố Lạng Sơn và các huyện"),
    ("DB-BHXH", "Hà Thị Bích", "Các xã, phường, thị trấn trong tỉnh"),
    ("DB-SLDTBXH", "Chu Văn Lợi", "Các xã đặc biệt khó khăn"),
    ("DB-VPUB", "Triệu Đức Anh", "Trung tâm Phục vụ hành chính công tỉnh"),
    ("CB-STP", "Lộc Thị Thanh", "Các thôn, bản khu vực biên giới"),
    ("DT-HLHPN", "Hoàng Thị Dung", "Các chi hội phụ nữ ở cơ sở"),
    ("DT-HND", "Mã Văn Kiên", "Các chi hội nông dân ở huyện Cao Lộc, Lộc Bình"),
    ("DT-TD", "Nông Thị Hương", "Các xã vùng cao của tỉnh"),
    ("DB-STNMT", "Lành Văn Phong", "Văn phòng Đăng ký đất đai và các chi nhánh"),
    ("CQ-NHCSXH", "Lý Văn Hòa", "Các điểm giao dịch xã"),
];

pub const EC: &str = "economy";
pub const CS: &str = "culture_society";
pub const SO: &str = "security_order";
pub const PR: &str = "professional";
pub const PS: &str = "political_system";

/// (unit code, kind, field, title, person, position). Numbered 1…50 in the comments, as
/// [`super`] refers to them when it assigns outcomes and awards.
#[rustfmt::skip]
pub const MODELS: &[(&str, ModelKind, &str, &str, &str, &str)] = &[
    /* 1 */ ("DB-SYT", C, PR, "Dân vận khéo trong nâng cao chất lượng khám, chữa bệnh", "", ""),
    /* 2 */ ("DB-SYT", C, CS, "Dân vận khéo trong tuyên truyền phòng, chống dịch bệnh tại cộng đồng", "", ""),
    /* 3 */ ("DB-SYT", I, PR, "Tận tình hướng dẫn người bệnh đồng bào dân tộc thiểu số", "Hoàng Thị Lan", "Điều dưỡng trưởng Khoa Khám bệnh"),
    /* 4 */ ("DB-SYT", I, CS, "Vận động người dân đưa trẻ đi tiêm chủng đầy đủ", "Nông Văn Tuấn", "Chuyên viên Phòng Nghiệp vụ Y"),
    /* 5 */ ("DB-SYT", C, PS, "Dân vận khéo trong xây dựng chi bộ trong sạch, vững mạnh", "", ""),
    /* 6 */ ("CB-BVDK", C, PR, "Dân vận khéo vì sự hài lòng của người bệnh", "", ""),
    /* 7 */ ("CB-BVDK", I, PR, "Tận tâm với người bệnh vùng cao", "Lương Văn Hùng", "Bác sĩ Khoa Ngoại tổng hợp"),
    /* 8 */ ("CB-BVDK", I, CS, "Vận động hiến máu tình nguyện", "Vi Thị Hồng", "Bí thư Chi đoàn Bệnh viện"),
    /* 9 */ ("CB-BVDK", C, CS, "Bếp ăn yêu thương cho người bệnh nghèo", "", ""),
    /* 10 */ ("DB-SGDDT", C, CS, "Dân vận khéo trong vận động học sinh dân tộc thiểu số ra lớp", "", ""),
    /* 11 */ ("DB-SGDDT", I, PR, "Dân vận khéo trong đổi mới sinh hoạt chuyên môn", "Hà Thị Thu Trang", "Chuyên viên Phòng Giáo dục Trung học"),
    /* 12 */ ("DB-SGDDT", I, CS, "Vận động phụ nữ vùng cao tham gia lớp xóa mù chữ", "Lăng Văn Đức", "Phó Trưởng phòng Giáo dục thường xuyên"),
    /* 13 */ ("DB-SGDDT", C, PS, "Dân vận khéo trong thực hiện quy chế dân chủ ở cơ quan", "", ""),
    /* 14 */ ("DB-SNN", C, EC, "Dân vận khéo trong xây dựng nông thôn mới", "", ""),
    /* 15 */ ("DB-SNN", C, EC, "Dân vận khéo trong phát triển vùng trồng hồi, quế", "", ""),
    /* 16 */ ("DB-SNN", I, EC, "Hướng dẫn bà con trồng na theo tiêu chuẩn VietGAP", "Triệu Văn Minh", "Kỹ sư Trung tâm Khuyến nông"),
    /* 17 */ ("DB-SNN", I, PR, "Dân vận khéo trong phòng, chống dịch bệnh gia súc", "Chu Thị Nga", "Bác sĩ thú y Chi cục Chăn nuôi và Thú y"),
    /* 18 */ ("CB-CCKL", C, EC, "Dân vận khéo vận động đồng bào thôn Khuổi Phầy trồng và bảo vệ rừng", "", ""),
    /* 19 */ ("CB-CCKL", C, SO, "Dân vận khéo trong phòng cháy, chữa cháy rừng", "", ""),
    /* 20 */ ("CB-CCKL", I, SO, "Kiểm lâm bám bản, bám rừng", "Mã Văn Thắng", "Kiểm lâm viên phụ trách địa bàn"),
    /* 21 */ ("DB-CT", C, PR, "Dân vận khéo trong cải cách thủ tục hành chính thuế", "", ""),
    /* 22 */ ("DB-CT", I, PR, "Hỗ trợ doanh nghiệp nhỏ kê khai thuế điện tử", "Đinh Thị Phương", "Kiểm soát viên thuế"),
    /* 23 */ ("DB-CT", I, EC, "Vận động hộ kinh doanh sử dụng hóa đơn điện tử", "Lộc Văn Bình", "Công chức Phòng Tuyên truyền - Hỗ trợ người nộp thuế"),
    /* 24 */ ("DB-BHXH", C, CS, "Dân vận khéo trong phát triển người tham gia bảo hiểm xã hội tự nguyện", "", ""),
    /* 25 */ ("DB-BHXH", I, CS, "Vận động hộ gia đình tham gia bảo hiểm y tế", "Hoàng Văn Khánh", "Trưởng phòng Khai thác và Thu nợ"),
    /* 26 */ ("DB-BHXH", I, PR, "Giải quyết chế độ bảo hiểm xã hội tận nơi", "Nông Thị Huyền", "Viên chức Phòng Chế độ bảo hiểm xã hội"),
    /* 27 */ ("DB-SLDTBXH", C, EC, "Dân vận khéo trong giảm nghèo bền vững", "", ""),
    /* 28 */ ("DB-SLDTBXH", C, CS, "Dân vận khéo trong chăm sóc người có công với cách mạng", "", ""),
    /* 29 */ ("DB-SLDTBXH", I, EC, "Tư vấn việc làm cho thanh niên nông thôn", "Vi Văn Hải", "Phó Giám đốc Trung tâm Dịch vụ việc làm"),
    /* 30 */ ("DB-VPUB", C, PR, "Dân vận khéo trong cải cách thủ tục hành chính", "", ""),
    /* 31 */ ("DB-VPUB", I, PR, "Thân thiện, tận tình với người dân đến giao dịch", "Lý Thị Mai", "Công chức Trung tâm Phục vụ hành chính công"),
    /* 32 */ ("DB-VPUB", C, PS, "Dân vận khéo trong thực hiện văn hóa công sở", "", ""),
    /* 33 */ ("CB-STP", C, SO, "Dân vận khéo trong hòa giải ở cơ sở", "", ""),
    /* 34 */ ("CB-STP", I, SO, "Tuyên truyền pháp luật bằng tiếng Tày, tiếng Nùng", "Lành Văn Sơn", "Chuyên viên Phòng Phổ biến, giáo dục pháp luật"),
    /* 35 */ ("CB-STP", C, PR, "Dân vận khéo trong trợ giúp pháp lý cho người nghèo", "", ""),
    /* 36 */ ("DT-HLHPN", C, EC, "Dân vận khéo trong hỗ trợ phụ nữ khởi nghiệp", "", ""),
    /* 37 */ ("DT-HLHPN", C, CS, "Dân vận khéo trong xây dựng gia đình “5 không, 3 sạch”", "", ""),
    /* 38 */ ("DT-HLHPN", I, EC, "Vận động chị em vay vốn phát triển chăn nuôi", "Triệu Thị Hoa", "Phó Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"),
    /* 39 */ ("DT-HLHPN", I, SO, "Phòng, chống mua bán người ở vùng biên giới", "Nông Thị Thảo", "Trưởng Ban Gia đình - Xã hội"),
    /* 40 */ ("DT-HND", C, EC, "Dân vận khéo trong xây dựng tổ hợp tác sản xuất rau an toàn", "", ""),
    /* 41 */ ("DT-HND", I, EC, "Hướng dẫn hội viên nuôi ong lấy mật", "Hoàng Văn Thái", "Ủy viên Ban Thường vụ Hội Nông dân tỉnh"),
    /* 42 */ ("DT-HND", C, PS, "Dân vận khéo trong xây dựng chi hội nông dân vững mạnh", "", ""),
    /* 43 */ ("DT-TD", C, CS, "Dân vận khéo trong hoạt động tình nguyện hè", "", ""),
    /* 44 */ ("DT-TD", I, PS, "Bí thư chi đoàn gần gũi đoàn viên", "Lương Thị Ngọc", "Bí thư Chi đoàn cơ quan Tỉnh đoàn"),
    /* 45 */ ("DT-TD", I, SO, "Thanh niên xung kích giữ gìn an ninh biên giới", "Mã Văn Dũng", "Phó Bí thư Tỉnh đoàn"),
    /* 46 */ ("DB-STNMT", C, PR, "Dân vận khéo trong giải phóng mặt bằng", "", ""),
    /* 47 */ ("DB-STNMT", I, PR, "Giải quyết hồ sơ đất đai đúng hẹn", "Chu Văn Thành", "Viên chức Văn phòng Đăng ký đất đai"),
    /* 48 */ ("CQ-NHCSXH", C, EC, "Dân vận khéo trong cho vay vốn hộ nghèo", "", ""),
    /* 49 */ ("CQ-NHCSXH", I, EC, "Tổ tiết kiệm và vay vốn gắn với dân vận", "Lộc Thị Yến", "Cán bộ tín dụng"),
    /* 50 */ ("CQ-NHCSXH", I, PS, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Vi Văn Toàn", "Phó Giám đốc Chi nhánh"),
];

/// What a registration in a field says: (field, problem, activities, beneficiaries, outputs).
pub const FIELD_TEXTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        EC,
        "Một bộ phận nhân dân còn khó khăn, sản xuất nhỏ lẻ, chưa mạnh dạn thay đổi cách làm ăn.",
        "Tuyên truyền, vận động; tổ chức tập huấn, hướng dẫn kỹ thuật; hỗ trợ giống, vốn và kết nối tiêu thụ sản phẩm; định kỳ kiểm tra, đánh giá.",
        "Hộ nghèo, hộ cận nghèo và người dân ở các xã vùng cao, biên giới",
        "Thu nhập của các hộ tham gia tăng; tỷ lệ hộ nghèo giảm; có sản phẩm được người tiêu dùng tin dùng.",
    ),
    (
        CS,
        "Nhận thức của một bộ phận người dân về chăm sóc sức khỏe, giáo dục và nếp sống văn minh còn hạn chế.",
        "Tuyên truyền bằng tiếng phổ thông và tiếng dân tộc; thăm hỏi, vận động tại gia đình; phối hợp với thôn, bản tổ chức các hoạt động cộng đồng.",
        "Người dân, học sinh và các gia đình có hoàn cảnh khó khăn",
        "Người dân thay đổi nhận thức và hành động; các phong trào văn hóa - xã hội ở cơ sở được duy trì.",
    ),
    (
        SO,
        "Địa bàn biên giới còn tiềm ẩn vi phạm pháp luật, mâu thuẫn nhỏ trong nhân dân và nguy cơ cháy rừng.",
        "Phổ biến pháp luật tại thôn, bản; hòa giải ở cơ sở; phối hợp tuần tra, canh gác; vận động nhân dân ký cam kết.",
        "Nhân dân các thôn, bản khu vực biên giới và vùng có rừng",
        "Không để xảy ra điểm nóng; số vụ việc hòa giải thành tăng; nhân dân tin tưởng, phối hợp.",
    ),
    (
        PR,
        "Thủ tục còn rườm rà, một số cán bộ chưa thật sự gần dân, người dân phải đi lại nhiều lần.",
        "Rà soát, đơn giản hóa quy trình; niêm yết công khai; hướng dẫn tận tình; lấy ý kiến đánh giá của người dân sau mỗi giao dịch.",
        "Người dân, doanh nghiệp và tổ chức đến giao dịch",
        "Hồ sơ được giải quyết đúng hạn; mức độ hài lòng của người dân tăng; không có phản ánh về thái độ phục vụ.",
    ),
    (
        PS,
        "Sinh hoạt chi bộ, đoàn thể có nơi còn hình thức; việc thực hiện quy chế dân chủ chưa đều.",
        "Đổi mới nội dung sinh hoạt; đối thoại định kỳ giữa người đứng đầu với cán bộ, đoàn viên; công khai các nội dung theo quy chế dân chủ.",
        "Cán bộ, đảng viên, đoàn viên, hội viên và người lao động",
        "Tổ chức đảng, đoàn thể được đánh giá vững mạnh; nội bộ đoàn kết, đồng thuận.",
    ),
];

/// Criteria a model in a field may take, in order: (field, name, measure, target).
#[rustfmt::skip]
pub const CRITERIA: &[(&str, &str, &str, f64)] = &[
    (EC, "Hộ tham gia mô hình", "hộ", 60.0),
    (EC, "Hộ thoát nghèo", "hộ", 15.0),
    (EC, "Buổi tập huấn kỹ thuật", "buổi", 12.0),
    (CS, "Buổi tuyên truyền", "buổi", 24.0),
    (CS, "Lượt người được tiếp cận", "lượt", 1500.0),
    (CS, "Gia đình được hỗ trợ", "gia đình", 40.0),
    (SO, "Tỷ lệ vụ việc hòa giải thành", "%", 85.0),
    (SO, "Buổi tuyên truyền pháp luật", "buổi", 30.0),
    (SO, "Hộ ký cam kết", "hộ", 200.0),
    (PR, "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", 95.0),
    (PR, "Tỷ lệ người dân hài lòng", "%", 90.0),
    (PR, "Quy trình được rút gọn", "quy trình", 5.0),
    (PS, "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ", "%", 90.0),
    (PS, "Buổi đối thoại", "buổi", 8.0),
    (PS, "Ý kiến được tiếp thu, giải quyết", "ý kiến", 30.0),
];

pub const NOTES_SELF: &[&str] = &[
    "Đơn vị tự đánh giá: triển khai đúng kế hoạch, đạt phần lớn chỉ tiêu đề ra.",
    "Đã tổ chức các buổi tuyên truyền theo kế hoạch; người dân đồng tình, ủng hộ.",
    "Báo cáo tiến độ 6 tháng; một số chỉ tiêu cần tiếp tục cố gắng.",
];
pub const NOTES_INSPECTION: &[&str] = &[
    "Đoàn kiểm tra ghi nhận mô hình có kế hoạch cụ thể, hồ sơ lưu đầy đủ.",
    "Kiểm tra thực tế tại cơ sở: kết quả rõ nét, đề nghị tiếp tục duy trì.",
    "Đề nghị bổ sung số liệu minh chứng và báo cáo định kỳ đúng hạn.",
];
pub const NOTES_SUPERVISION: &[&str] = &[
    "Giám sát việc thực hiện quy chế dân chủ gắn với mô hình; không có đơn thư phản ánh.",
    "Giám sát chuyên đề: cán bộ, đảng viên gương mẫu, gần dân, sát dân.",
];
pub const NOTES_SURVEY: &[&str] = &[
    "Khảo sát ý kiến người dân: đa số hài lòng với kết quả mô hình.",
    "Khảo sát tại thôn, bản: nhân dân đánh giá cao cách làm của đơn vị.",
];
