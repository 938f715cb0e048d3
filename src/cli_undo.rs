//! `dvk undo`, `dvk redo` and `dvk award`: the caller's latest change taken back or made
//! again (with `--dry-run`, only said), and one award decision for one or more models, as one
//! change.

use crate::api::{Api, ApiError, Request};
use crate::cli::{CmdResult, Failure, connect_existing, out};
use crate::config::Settings;
use crate::domain::text::{parse_date, printable};
use crate::domain::{Award, Msg};

/// Undo (`redo`: redo) the caller's latest change; with `dry_run`, print what it would do.
pub fn undo(s: &Settings, redo: bool, dry_run: bool) -> CmdResult {
    let lang = s.lang;
    let fail = |e: ApiError| Failure::api(&e, lang);
    let b = connect_existing(s)?;
    let api = Api(b.as_ref());
    let preview = if redo {
        api.redo_preview()
    } else {
        api.undo_preview()
    }
    .map_err(fail)?;
    if dry_run {
        return out(&preview.text(lang));
    }
    let what = match &preview {
        Msg::UndoPreview { change } | Msg::RedoPreview { change } => change.text(lang),
        other => other.text(lang),
    };
    if redo {
        api.redo().map_err(fail)?;
    } else {
        api.undo().map_err(fail)?;
    }
    out(&match (redo, lang) {
        (false, crate::i18n::Lang::Vi) => format!("Đã hoàn tác: {what}"),
        (false, crate::i18n::Lang::En) => format!("Undone: {what}"),
        (true, crate::i18n::Lang::Vi) => format!("Đã làm lại: {what}"),
        (true, crate::i18n::Lang::En) => format!("Redone: {what}"),
    })
}

/// What `dvk award` records.
pub struct AwardArgs<'a> {
    pub models: &'a [String],
    pub body: &'a str,
    pub form: &'a str,
    pub decision: &'a str,
    pub date: &'a str,
    pub note: &'a str,
}

/// One award decision for every model named by code, as one change.
pub fn award(s: &Settings, a: AwardArgs) -> CmdResult {
    let lang = s.lang;
    let fail = |e: ApiError| Failure::api(&e, lang);
    let usage = |opt: &str, m: Msg| Failure {
        code: 2,
        lines: vec![format!("{opt}: {}", m.text(lang))],
    };
    let decided_on = parse_date(a.date).ok_or_else(|| {
        usage(
            "--date",
            Msg::BadDate {
                text: printable(a.date),
            },
        )
    })?;
    let b = connect_existing(s)?;
    let api = Api(b.as_ref());
    let mut ids = vec![];
    let mut codes = vec![];
    for code in a.models {
        match api.model_by_code(code.clone()) {
            Ok(d) => {
                ids.push(d.model.id);
                codes.push(d.model.code);
            }
            Err(ApiError::Msg(Msg::NotFound)) => {
                return Err(usage(
                    "--model",
                    Msg::UnknownModel {
                        code: printable(code),
                    },
                ));
            }
            Err(e) => return Err(fail(e)),
        }
    }
    codes.dedup();
    let award = Award {
        id: 0,
        model: 0,
        body: a.body.to_string(),
        form: a.form.to_string(),
        decision_no: a.decision.to_string(),
        decided_on,
        note: a.note.to_string(),
        rev: 0,
    };
    let (saved, _) = api
        .batch(Request::AwardMany { award, models: ids })
        .map_err(fail)?;
    let n = saved.len();
    let list = codes.join(", ");
    out(&lang.pick(
        format!("Đã ghi khen thưởng cho {n} mô hình: {list}"),
        format!("Recorded the award for {n} models: {list}"),
    ))
}
