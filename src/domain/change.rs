//! What one change did, as data, so that "Undo: edit outcome of MH-28 (Recognised → Pending)?"
//! is said in the user's language: field labels and values (statuses, outcomes, kinds) are
//! rendered at the edge, never shown by their internal names.

use serde::{Deserialize, Serialize};

use super::codes::Coded;
use super::types::*;
use crate::i18n::Lang;

/// The kind of a change, as its author made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeVerb {
    Create,
    Edit,
    Delete,
    Import,
}

/// A value of a field as shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Shown {
    /// Nothing (an empty text, no date).
    Empty,
    Text(String),
    Status(RegStatus),
    Outcome(Outcome),
    Kind(ModelKind),
    UnitKind(UnitKind),
    CheckInKind(CheckInKind),
    Bool(bool),
    /// A value too large to show on one line (criteria, a registration's content).
    Elided,
}

/// One field the operation changes: from its value now to the value it will have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name in the record (`outcome`, `decision_no`); shown by its label.
    pub field: String,
    pub from: Shown,
    pub to: Shown,
}

/// A change described: its kind, the record (`model`, `checkin`, `award`, `replication`,
/// `unit`, `period`, `field`, `form`, `body`, `import`), the record's code (a check-in, an
/// award or a replication: its model's code; an import: its file), the fields it changes,
/// and how many other records changed with it (a change made for many models at once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeDesc {
    pub verb: ChangeVerb,
    pub record: String,
    pub code: String,
    pub fields: Vec<FieldChange>,
    pub others: u64,
}

/// Fields listed at most; the rest are said as "…".
const MAX_FIELDS: usize = 3;
/// Characters of a text value shown.
const MAX_TEXT: usize = 40;

/// The label of a record's field in `lang`; a field without one is shown as it is named.
pub fn field_label(field: &str, lang: Lang) -> String {
    let (vi, en) = match field {
        "code" => ("mã", "code"),
        "unit" => ("đơn vị", "unit"),
        "kind" => ("loại", "kind"),
        "title" => ("tên", "title"),
        "name" => ("tên", "name"),
        "person" => ("người", "person"),
        "position" => ("chức vụ", "position"),
        "leader" => ("người phụ trách", "leader"),
        "field" => ("lĩnh vực", "field"),
        "period" => ("giai đoạn", "period"),
        "registered_on" => ("ngày đăng ký", "registration date"),
        "status" => ("trạng thái", "status"),
        "step" => ("bước", "step"),
        "outcome" => ("kết quả", "outcome"),
        "summary" => ("tóm tắt", "summary"),
        "registration" => ("nội dung đăng ký", "registration"),
        "criteria" => ("tiêu chí", "criteria"),
        "outcome_on" => ("ngày quyết định công nhận", "decision date"),
        "outcome_decision" => ("số quyết định công nhận", "decision number"),
        "date" => ("ngày", "date"),
        "by" => ("người theo dõi", "checked by"),
        "note" => ("ghi chú", "note"),
        "actuals" => ("kết quả đạt được", "actuals"),
        "next_due" => ("hạn theo dõi tiếp", "next due date"),
        "body" => ("cơ quan khen thưởng", "awarding body"),
        "form" => ("hình thức khen thưởng", "award form"),
        "decision_no" => ("số quyết định", "decision number"),
        "decided_on" => ("ngày quyết định", "decision date"),
        "parent" => ("đơn vị cấp trên", "parent unit"),
        "active" => ("hoạt động", "active"),
        "steps" => ("các bước", "steps"),
        "reviews" => ("các đợt sơ kết, tổng kết", "reviews"),
        "start_year" => ("năm bắt đầu", "start year"),
        "end_year" => ("năm kết thúc", "end year"),
        "guidance" => ("văn bản hướng dẫn", "guidance"),
        "guidance_date" => ("ngày hướng dẫn", "guidance date"),
        "checkin_interval_days" => ("số ngày giữa hai lần theo dõi", "days between check-ins"),
        "reason" => ("lý do", "reason"),
        "vi" => ("tên tiếng Việt", "Vietnamese name"),
        "en" => ("tên tiếng Anh", "English name"),
        other => return other.to_string(),
    };
    lang.pick(vi, en).to_string()
}

/// The word for a kind of record in `lang`.
pub fn record_label(record: &str, lang: Lang) -> String {
    let (vi, en) = match record {
        "model" => ("mô hình", "model"),
        "unit" => ("đơn vị", "unit"),
        "checkin" => ("lần theo dõi", "check-in"),
        "award" => ("khen thưởng", "award"),
        "replication" => ("nhân rộng", "replication"),
        "period" => ("giai đoạn", "period"),
        "field" => ("lĩnh vực", "field"),
        "form" => ("hình thức khen thưởng", "award form"),
        "body" => ("cơ quan khen thưởng", "awarding body"),
        other => return other.to_string(),
    };
    lang.pick(vi, en).to_string()
}

impl Shown {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Shown::Empty => lang.pick("(trống)", "(none)").to_string(),
            Shown::Text(t) => {
                if t.chars().count() > MAX_TEXT {
                    let mut s: String = t.chars().take(MAX_TEXT - 1).collect();
                    s.push('…');
                    s
                } else {
                    t.clone()
                }
            }
            Shown::Status(s) => s.label(lang).to_string(),
            Shown::Outcome(o) => o.label(lang).to_string(),
            Shown::Kind(k) => k.label(lang).to_string(),
            Shown::UnitKind(k) => k.label(lang).to_string(),
            Shown::CheckInKind(k) => k.label(lang).to_string(),
            Shown::Bool(b) => lang
                .pick(
                    if *b { "có" } else { "không" },
                    if *b { "yes" } else { "no" },
                )
                .to_string(),
            Shown::Elided => "…".to_string(),
        }
    }
}

impl ChangeDesc {
    /// The change in a few words: "sửa kết quả MH-28 (Công nhận → Đang thực hiện)",
    /// "edit outcome of MH-28 (Recognised → Pending)".
    pub fn text(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        // The record named: a model by its code; another record by its kind and code, a
        // model's record "of" its model.
        let what = match self.record.as_str() {
            "model" => self.code.clone(),
            "checkin" | "award" | "replication" => format!(
                "{} {} {}",
                record_label(&self.record, lang),
                if vi { "của" } else { "of" },
                self.code
            ),
            "import" => self.code.clone(),
            r => format!("{} {}", record_label(r, lang), self.code),
        };
        let fields = |list: &[FieldChange]| -> String {
            let mut parts: Vec<String> = list
                .iter()
                .take(MAX_FIELDS)
                .map(|f| {
                    format!(
                        "{}: {} → {}",
                        field_label(&f.field, lang),
                        f.from.text(lang),
                        f.to.text(lang)
                    )
                })
                .collect();
            if list.len() > MAX_FIELDS {
                parts.push("…".into());
            }
            parts.join("; ")
        };
        let mut s = match (self.verb, self.fields.as_slice()) {
            (ChangeVerb::Create, _) => format!("{} {what}", if vi { "thêm" } else { "add" }),
            (ChangeVerb::Delete, _) => format!("{} {what}", if vi { "xóa" } else { "delete" }),
            (ChangeVerb::Import, _) => {
                format!("{} {what}", if vi { "nhập tệp" } else { "import of" })
            }
            (ChangeVerb::Edit, []) => format!("{} {what}", if vi { "sửa" } else { "edit" }),
            (ChangeVerb::Edit, [f]) => {
                let label = field_label(&f.field, lang);
                let (from, to) = (f.from.text(lang), f.to.text(lang));
                if vi {
                    format!("sửa {label} {what} ({from} → {to})")
                } else {
                    format!("edit {label} of {what} ({from} → {to})")
                }
            }
            (ChangeVerb::Edit, list) => format!(
                "{} {what} ({})",
                if vi { "sửa" } else { "edit" },
                fields(list)
            ),
        };
        if self.others > 0 {
            let n = self.others;
            s.push_str(&if vi {
                format!(" và {n} bản ghi khác cùng lúc")
            } else {
                format!(" and {n} other records changed with it")
            });
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_of_one_field_names_it_with_its_values_in_each_language() {
        let d = ChangeDesc {
            verb: ChangeVerb::Edit,
            record: "model".into(),
            code: "MH-28".into(),
            fields: vec![FieldChange {
                field: "outcome".into(),
                from: Shown::Outcome(Outcome::Recognized),
                to: Shown::Outcome(Outcome::Pending),
            }],
            others: 0,
        };
        assert_eq!(
            d.text(Lang::Vi),
            "sửa kết quả MH-28 (Công nhận → Đang thực hiện)"
        );
        assert_eq!(
            d.text(Lang::En),
            "edit outcome of MH-28 (Recognised → Pending)"
        );
    }

    #[test]
    fn several_fields_and_a_batch_are_said_in_full() {
        let d = ChangeDesc {
            verb: ChangeVerb::Create,
            record: "award".into(),
            code: "MH-01".into(),
            fields: vec![],
            others: 2,
        };
        assert_eq!(
            d.text(Lang::Vi),
            "thêm khen thưởng của MH-01 và 2 bản ghi khác cùng lúc"
        );
        assert_eq!(
            d.text(Lang::En),
            "add award of MH-01 and 2 other records changed with it"
        );
        let f = |field: &str, from, to| FieldChange {
            field: field.into(),
            from,
            to,
        };
        let d = ChangeDesc {
            verb: ChangeVerb::Edit,
            record: "unit".into(),
            code: "CB-01".into(),
            fields: vec![
                f("name", Shown::Text("A".into()), Shown::Text("B".into())),
                f("active", Shown::Bool(true), Shown::Bool(false)),
                f(
                    "kind",
                    Shown::UnitKind(UnitKind::Agency),
                    Shown::UnitKind(UnitKind::Other),
                ),
                f("parent", Shown::Empty, Shown::Text("DB-01".into())),
            ],
            others: 0,
        };
        assert_eq!(
            d.text(Lang::En),
            "edit unit CB-01 (name: A → B; active: yes → no; kind: Agency → Other; …)"
        );
        assert_eq!(
            d.text(Lang::Vi),
            "sửa đơn vị CB-01 (tên: A → B; hoạt động: có → không; loại: Cơ quan → Khác; …)"
        );
    }
}
