//! The period form: its code (fixed once saved), guidance, how often check-ins fall due,
//! its reviews one a line, and a row per step of the workflow.

use super::{long, not_found, opt_date, text};
use crate::api::{Api, ApiResult, Request};
use crate::domain::codes::default_steps;
use crate::domain::text::{date_dmy, printable};
use crate::domain::validate::{self, MAX_NAME, MAX_SHORT};
use crate::domain::*;
use crate::i18n::Lang;
use crate::tui::form::{Field, FieldKey as K, Form, Kind, StepPart, Target};
use crate::tui::i18n::S;
use crate::tui::records::{Base, Reader};

/// A review as one line of the period form: `kind | date | title | doc_no`.
pub fn review_line(r: &Review, lang: Lang) -> String {
    let mut parts = vec![
        r.kind.label(lang).to_string(),
        date_dmy(r.date),
        r.title.clone(),
        r.doc_no.clone(),
    ];
    // `Tổng kết | 12/10/2020`, not `Tổng kết | 12/10/2020 |  |`.
    while parts.len() > 2 && parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts.join(" | ")
}

/// `None`: a new period, with the default steps.
pub fn open(api: &Api, code: Option<&str>, lang: Lang) -> ApiResult<Form> {
    let p = match code {
        None => Period {
            code: String::new(),
            start_year: 0,
            end_year: 0,
            guidance: String::new(),
            guidance_date: None,
            steps: default_steps(),
            checkin_interval_days: 90,
            reviews: vec![],
        },
        Some(c) => api
            .periods()?
            .into_iter()
            .find(|p| p.code == c)
            .ok_or_else(not_found)?,
    };
    let mut fields = vec![
        Field::new(K::Code, S::Period, text(20), &p.code)
            .required()
            .readonly(code.is_some()),
        Field::new(K::Guidance, S::Guidance, text(MAX_SHORT), &p.guidance),
        Field::new(
            K::GuidanceDate,
            S::GuidanceDate,
            Kind::Date,
            &opt_date(p.guidance_date),
        ),
        Field::new(
            K::CheckinIntervalDays,
            S::Interval,
            Kind::Int,
            &p.checkin_interval_days.to_string(),
        )
        .required(),
        Field::new(
            K::Reviews,
            S::Reviews,
            long(),
            &p.reviews
                .iter()
                .map(|r| review_line(r, lang))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ];
    for (i, s) in p.steps.iter().enumerate() {
        fields.extend(step_fields(i, Some(s)));
    }
    let title = if code.is_none() {
        S::NewPeriod
    } else {
        S::EditPeriod
    };
    let target = Target::Period {
        code: code.map(str::to_string),
    };
    Ok(Form::new(
        target,
        Base::Period(p.clone()),
        title,
        p.code.clone(),
        fields,
    ))
}

/// The fields of step `row`, filled from `s` or empty.
pub fn step_fields(row: usize, s: Option<&StepDef>) -> Vec<Field> {
    let cell = |part, label, value: &str| {
        let kind = Kind::Text {
            max: MAX_NAME,
            multiline: false,
        };
        Field::new(K::Steps(part), label, kind, value)
            .required()
            .in_row(S::ColStep, row, label)
    };
    vec![
        cell(StepPart::Vi, S::StepVi, s.map_or("", |s| &s.vi)),
        cell(StepPart::En, S::StepEn, s.map_or("", |s| &s.en)),
    ]
}

pub(crate) fn build(r: &mut Reader, base: &Period) -> Request {
    let mut p = base.clone();
    p.code = r.s(K::Code);
    p.guidance = r.s(K::Guidance);
    p.guidance_date = r.date(K::GuidanceDate);
    p.reviews = reviews(r);
    if let Some(n) = r.int(K::CheckinIntervalDays) {
        p.checkin_interval_days = n.clamp(0, u32::MAX as i64) as u32;
    }
    p.steps = r
        .rows(|k| matches!(k, K::Steps(_)), StepPart::ALL.map(K::Steps))
        .into_iter()
        .map(|[vi, en]| StepDef {
            vi: r.row_text(&vi, MAX_NAME),
            en: r.row_text(&en, MAX_NAME),
        })
        .collect();
    let empty = p.steps.is_empty();
    let v = validate::period(&mut p);
    // The steps were checked row by row; a period without any is a problem of the whole.
    r.validated(
        v,
        if empty {
            &[]
        } else {
            &[K::Steps(StepPart::Vi)]
        },
    );
    Request::SavePeriod(p)
}

/// The reviews, one a line: `kind | date | title | doc_no`.
fn reviews(r: &mut Reader) -> Vec<Review> {
    let Some(f) = r.field(K::Reviews).cloned() else {
        return vec![];
    };
    let mut out = vec![];
    for line in f.text().lines().filter(|l| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        if parts.len() < 2 || parts.len() > 4 {
            r.err_at(
                &f,
                Msg::BadFormat {
                    text: printable(line),
                    expected: "kind | date | title | doc_no".into(),
                },
            );
            continue;
        }
        let Some(kind) = ReviewKind::parse(parts[0]) else {
            let allowed: Vec<&str> = ReviewKind::ALL.iter().map(|k| k.code()).collect();
            r.err_at(
                &f,
                Msg::UnknownValue {
                    text: printable(parts[0]),
                    allowed: allowed.join(", "),
                },
            );
            continue;
        };
        let Some(date) = crate::domain::text::parse_typed_date(parts[1]) else {
            r.err_at(&f, crate::domain::text::date_problem(parts[1], true));
            continue;
        };
        out.push(Review {
            kind,
            date,
            title: parts.get(2).unwrap_or(&"").to_string(),
            doc_no: parts.get(3).unwrap_or(&"").to_string(),
        });
    }
    out
}
