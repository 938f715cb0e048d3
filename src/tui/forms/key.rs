//! The fields of every form, by a typed key. A key's name (`as_str`) is stable: drafts kept
//! when a connection drops store values under it (`criteria.0.CritName` for a field of a
//! row), and validation names the field at fault by it, so a name is never changed, only
//! added.

macro_rules! keys {
    ($($(#[$doc:meta])* $v:ident = $name:literal,)*) => {
        /// A field of a form. Fields of repeated rows carry their part of the row.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FieldKey {
            $($(#[$doc])* $v,)*
            /// A part of a model's criterion (`criteria`).
            Criteria(CritPart),
            /// A part of a period's step (`steps`).
            Steps(StepPart),
            /// A check-in's value for one criterion of its model (`actuals`).
            Actuals,
        }

        impl FieldKey {
            /// Every key that is not part of a row.
            pub const PLAIN: &[FieldKey] = &[$(FieldKey::$v,)*];

            /// The stable name: the draft's key and validation's name of the field.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FieldKey::$v => $name,)*
                    FieldKey::Criteria(_) => "criteria",
                    FieldKey::Steps(_) => "steps",
                    FieldKey::Actuals => "actuals",
                }
            }
        }
    };
}

keys! {
    Code = "code",
    Name = "name",
    ParentCode = "parent_code",
    Kind = "kind",
    Active = "active",
    UnitCode = "unit_code",
    Title = "title",
    Person = "person",
    Position = "position",
    Field = "field",
    Period = "period",
    RegisteredOn = "registered_on",
    Step = "step",
    Leader = "leader",
    Summary = "summary",
    OutcomeOn = "outcome_on",
    OutcomeDecision = "outcome_decision",
    Problem = "problem",
    Goals = "goals",
    Activities = "activities",
    Area = "area",
    Beneficiaries = "beneficiaries",
    LeadForces = "lead_forces",
    Partners = "partners",
    Resources = "resources",
    StartOn = "start_on",
    EndOn = "end_on",
    Outputs = "outputs",
    Date = "date",
    By = "by",
    Note = "note",
    NextDue = "next_due",
    Body = "body",
    Form = "form",
    DecisionNo = "decision_no",
    DecidedOn = "decided_on",
    Guidance = "guidance",
    GuidanceDate = "guidance_date",
    CheckinIntervalDays = "checkin_interval_days",
    Reviews = "reviews",
    Vi = "vi",
    En = "en",
    /// An action's new step, status or outcome.
    Value = "value",
    Reason = "reason",
    /// The report form's format and file.
    Format = "format",
    Path = "path",
}

/// The parts of a criterion row, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CritPart {
    Name,
    Measure,
    Target,
    Actual,
    Due,
}

impl CritPart {
    pub const ALL: [CritPart; 5] = [
        CritPart::Name,
        CritPart::Measure,
        CritPart::Target,
        CritPart::Actual,
        CritPart::Due,
    ];
}

/// The parts of a step row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepPart {
    Vi,
    En,
}

impl StepPart {
    pub const ALL: [StepPart; 2] = [StepPart::Vi, StepPart::En];
}

impl FieldKey {
    /// The key a name stands for: the inverse of [`FieldKey::as_str`] for fields outside
    /// rows, and the names the backend gives the codes it resolves (`unit`, `parent`).
    pub fn named(name: &str) -> Option<FieldKey> {
        match name {
            "unit" => Some(FieldKey::UnitCode),
            "parent" => Some(FieldKey::ParentCode),
            n => FieldKey::PLAIN.iter().copied().find(|k| k.as_str() == n),
        }
    }

    /// The stable name of a row's part, after the row in a draft's key
    /// (`criteria.0.CritName`); `None` outside rows and for a check-in's values, which are
    /// kept under their criterion's name.
    pub fn part(self) -> Option<&'static str> {
        Some(match self {
            FieldKey::Criteria(p) => match p {
                CritPart::Name => "CritName",
                CritPart::Measure => "CritMeasure",
                CritPart::Target => "CritTarget",
                CritPart::Actual => "CritActual",
                CritPart::Due => "Due",
            },
            FieldKey::Steps(p) => match p {
                StepPart::Vi => "StepVi",
                StepPart::En => "StepEn",
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_name_is_one_key() {
        let names: HashSet<&str> = FieldKey::PLAIN.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), FieldKey::PLAIN.len());
        for k in FieldKey::PLAIN {
            assert_eq!(FieldKey::named(k.as_str()), Some(*k));
        }
        for rows in ["criteria", "steps", "actuals"] {
            assert!(!names.contains(rows), "{rows}");
            assert_eq!(FieldKey::named(rows), None);
        }
        assert_eq!(FieldKey::named("unit"), Some(FieldKey::UnitCode));
        assert_eq!(FieldKey::named("parent"), Some(FieldKey::ParentCode));
        assert_eq!(FieldKey::named("nam"), None);
    }

    #[test]
    fn row_parts_keep_the_names_drafts_were_written_with() {
        let crit: Vec<_> = CritPart::ALL
            .map(|p| FieldKey::Criteria(p).part().unwrap())
            .into();
        assert_eq!(
            crit,
            ["CritName", "CritMeasure", "CritTarget", "CritActual", "Due"]
        );
        let steps: Vec<_> = StepPart::ALL
            .map(|p| FieldKey::Steps(p).part().unwrap())
            .into();
        assert_eq!(steps, ["StepVi", "StepEn"]);
        assert_eq!(FieldKey::Actuals.part(), None);
        assert_eq!(FieldKey::Code.part(), None);
    }
}
