//! Changing data from the interface: the keys that open forms, ask before deleting, undo and
//! show history, and what [`App::perform`] does with those intents. A form closes and
//! “saved” is shown only after the backend answered `Ok` — the backend flushes before it
//! answers — so what the user is told was saved is on disk.

use super::app::{App, Flash, Intent, Popup, Tab};
use super::form::{ActionKind, Form, Target};
use super::forms;
use super::i18n::{self, S};
use super::keymap::{Binding, Key, bind, delete, edit, history};
use crate::api::{Api, ApiError, ModelAction, Problem, Request};
use crate::domain::{Id, Msg, RecordRef};

/// The catalogues reachable with `c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray)]
pub enum Cat {
    Fields,
    Forms,
    Periods,
}

impl Cat {
    /// Every variant, in declaration order (derived, so a new one cannot be left out).
    pub const ALL: &'static [Cat] = <Cat as strum::VariantArray>::VARIANTS;

    pub fn label(self) -> S {
        match self {
            Cat::Fields => S::CatFields,
            Cat::Forms => S::CatForms,
            Cat::Periods => S::CatPeriods,
        }
    }
}

/// What an answer to a question does.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Close the form under the question without saving.
    Discard,
    Delete(RecordRef),
    /// Refill the form from the record as it is now (someone else changed it).
    Reload,
    /// Save the form over the other change.
    Overwrite,
    /// Reopen the form kept by a dropped connection.
    RestoreDraft(String),
    DropDraft,
    /// Undo the latest change, the one this question (`Msg::UndoPreview`) named.
    Undo(Msg),
    /// Make the latest undone change again, as `Msg::RedoPreview` named it.
    Redo(Msg),
}

/// One answer of a question: its key, its words and what it does. `Esc` always backs out.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub key: char,
    pub label: S,
    pub then: Option<Then>,
}

pub(super) fn answer(key: char, label: S, then: Option<Then>) -> Answer {
    Answer { key, label, then }
}

/// What an entry of the actions popup does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// A move of the workflow, asked with its reason.
    Workflow(ActionKind),
    NewReplication,
    NewCheckIn,
    NewAward,
}

/// What the actions popup lists, in order, with its label; the last three open forms of
/// their own.
pub const ACTIONS: [(S, Act); 9] = [
    (S::ActStepNext, Act::Workflow(ActionKind::StepNext)),
    (S::ActStepBack, Act::Workflow(ActionKind::StepBack)),
    (S::ActSubmit, Act::Workflow(ActionKind::Submit)),
    (S::ActApprove, Act::Workflow(ActionKind::Approve)),
    (S::ActReturn, Act::Workflow(ActionKind::Return)),
    (S::ActOutcome, Act::Workflow(ActionKind::Outcome)),
    (S::NewReplication, Act::NewReplication),
    (S::NewCheckin, Act::NewCheckIn),
    (S::NewAward, Act::NewAward),
];

/// The entries of [`ACTIONS`] the workflow allows for a model in this state (indices into
/// [`ACTIONS`], in order): a step forward or back within the period, submitting a draft or
/// a returned registration, approving or returning a submitted one, an outcome for an
/// approved one; check-ins, awards and replications always.
pub fn offered(row: Option<&crate::api::ModelRow>) -> Vec<usize> {
    use crate::domain::{RegStatus, workflow};
    ACTIONS
        .iter()
        .enumerate()
        .filter(|(_, (_, what))| {
            let Act::Workflow(what) = what else {
                return true;
            };
            let Some(m) = row else { return false };
            match what {
                ActionKind::StepNext => workflow::step_move(m.step, m.step + 1, m.steps),
                ActionKind::StepBack => {
                    workflow::step_move(m.step, m.step.saturating_sub(1), m.steps)
                }
                ActionKind::Submit => workflow::status_move(m.status, RegStatus::Submitted),
                ActionKind::Approve => workflow::status_move(m.status, RegStatus::Approved),
                ActionKind::Return => workflow::status_move(m.status, RegStatus::Returned),
                ActionKind::Outcome => m.status == RegStatus::Approved,
            }
        })
        .map(|(i, _)| i)
        .collect()
}

pub(super) fn action_target(model: Id, i: usize) -> Target {
    match ACTIONS[i.min(ACTIONS.len() - 1)].1 {
        Act::Workflow(what) => Target::Action { model, what },
        Act::NewReplication => Target::Replication { model },
        Act::NewCheckIn => Target::CheckIn { model, id: 0 },
        Act::NewAward => Target::Award { model, id: 0 },
    }
}

/// What the keys on a model do: on the Models and Progress tabs (the selected model) and in
/// an open model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelAct {
    Edit,
    Delete,
    History,
    Actions,
    CheckIn,
    Award,
}

pub const MODEL_KEYS: &[Binding<ModelAct>] = &[
    edit(ModelAct::Edit),
    delete(ModelAct::Delete),
    history(ModelAct::History),
    bind(
        &[Key::Char('a')],
        "a",
        S::Actions,
        S::ActionsLong,
        ModelAct::Actions,
    ),
    bind(
        &[Key::Char('i')],
        "i",
        S::CheckinKey,
        S::CheckinLong,
        ModelAct::CheckIn,
    ),
    bind(
        &[Key::Char('w')],
        "w",
        S::AwardKey,
        S::AwardLong,
        ModelAct::Award,
    ),
];

/// The entries of [`ACTIONS`] offered for the models `rows` at once: the workflow's moves
/// that at least one of them allows, then a check-in and an award for all (a replication is
/// one model's).
pub fn offered_many(rows: &[&crate::api::ModelRow]) -> Vec<usize> {
    let mut out: Vec<usize> = rows.iter().flat_map(|r| offered(Some(r))).collect();
    out.sort_unstable();
    out.dedup();
    out.retain(|&i| ACTIONS[i].1 != Act::NewReplication);
    out
}

/// The form of the entry `i` of [`ACTIONS`] for the models `models` at once; a workflow
/// move names first a model that allows it (its form is laid out from that model).
pub(super) fn action_target_many(app: &App, mut models: Vec<Id>, i: usize) -> Target {
    match ACTIONS[i.min(ACTIONS.len() - 1)].1 {
        Act::Workflow(what) => {
            let allows = |id: &Id| offered(app.model_row(*id)).contains(&i);
            if let Some(p) = models.iter().position(allows) {
                let first = models.remove(p);
                models.insert(0, first);
            }
            Target::ActionMany { models, what }
        }
        Act::NewCheckIn => Target::CheckInMany { models },
        _ => Target::AwardMany { models },
    }
}

/// A key on the models `marked` at once: `w`, `i` and `a` act on all of them; the other keys
/// (none: [`model_act`] on the selected model).
pub fn model_act_many(app: &mut App, marked: Vec<Id>, act: ModelAct) -> Option<Intent> {
    match act {
        ModelAct::Award => Some(Intent::Open(Target::AwardMany { models: marked })),
        ModelAct::CheckIn => Some(Intent::Open(Target::CheckInMany { models: marked })),
        ModelAct::Actions => {
            app.popups.push(Popup::ActionsMany {
                models: marked,
                cursor: 0,
            });
            Some(Intent::None)
        }
        _ => None,
    }
}

/// A key on the model `model` (none: nothing is selected).
pub fn model_act(app: &mut App, model: Option<Id>, act: ModelAct) -> Intent {
    let Some(id) = model else {
        return app.nothing();
    };
    match act {
        ModelAct::Edit => Intent::Open(Target::Model { id }),
        ModelAct::Delete => Intent::AskDelete(RecordRef::Model(id)),
        ModelAct::History => Intent::History(RecordRef::Model(id)),
        ModelAct::Actions => {
            app.popups.push(Popup::Actions {
                model: id,
                cursor: 0,
            });
            Intent::None
        }
        ModelAct::CheckIn => Intent::Open(Target::CheckIn { model: id, id: 0 }),
        ModelAct::Award => Intent::Open(Target::Award { model: id, id: 0 }),
    }
}

impl App {
    fn top_form(&mut self) -> Option<&mut Form> {
        self.popups.iter_mut().rev().find_map(|p| match p {
            Popup::Form(f) => Some(f.as_mut()),
            _ => None,
        })
    }

    fn error(&mut self, e: &ApiError) {
        self.notice = Some(Flash::Error(e.text(self.lang)));
    }

    /// The intents that change data or open the windows for it.
    pub(super) fn perform_edit(&mut self, api: &Api, intent: Intent) {
        let lang = self.lang;
        match intent {
            Intent::Open(t) => match forms::open(api, &t, lang, self.today) {
                Ok(f) => self.popups.push(Popup::Form(Box::new(f))),
                Err(e) => self.error(&e),
            },
            Intent::Save(req) => self.save(api, *req),
            Intent::AskDelete(r) => self.ask_delete(api, r),
            Intent::Undo => self.ask_undo(api, false),
            Intent::Redo => self.ask_undo(api, true),
            Intent::History(r) => match api.history(r.clone(), 200) {
                Ok(entries) => {
                    let (title, lines) = self.history_lines(&r, &entries);
                    self.popups.push(Popup::History {
                        title,
                        lines,
                        scroll: 0,
                        source: Some(Box::new((r, entries))),
                    });
                }
                Err(e) => self.error(&e),
            },
            Intent::Answer(then) => self.answer(api, then),
            _ => {}
        }
    }

    /// `u` (`Ctrl-R`): say what the undo (redo) would do and ask; when there is nothing to
    /// undo (redo), say so without a question.
    fn ask_undo(&mut self, api: &Api, redo: bool) {
        let preview = if redo {
            api.redo_preview()
        } else {
            api.undo_preview()
        };
        match preview {
            Ok(m) => {
                let (title, then) = if redo {
                    (S::Redo, Then::Redo(m.clone()))
                } else {
                    (S::Undo, Then::Undo(m.clone()))
                };
                // The question with the language's answer keys: “…? c/k”.
                let lang = self.lang;
                let text = format!(
                    "{} {}/{}",
                    m.text(lang),
                    i18n::answer_key('y', lang),
                    i18n::answer_key('n', lang)
                );
                self.popups.push(Popup::Ask {
                    title,
                    text,
                    options: vec![answer('y', title, Some(then)), answer('n', S::Cancel, None)],
                });
            }
            Err(e) => self.error(&e),
        }
    }

    /// The undo or redo asked for with the question `asked`, told in its words (an undone
    /// record by its code, as before; a change of many models as the question said it).
    fn undo(&mut self, api: &Api, asked: Msg, redo: bool) {
        let lang = self.lang;
        let done = if redo { api.redo() } else { api.undo() };
        match done {
            Ok((record, action)) => {
                let change = match &asked {
                    Msg::UndoPreview { change } | Msg::RedoPreview { change } => {
                        Some(crate::domain::text::printable(&change.text(lang)))
                    }
                    _ => None,
                };
                let msg = match change {
                    Some(c) if redo || matches!(record, RecordRef::Import { .. }) => {
                        i18n::done_change(redo, &c, lang)
                    }
                    _ => {
                        let what = self.describe(&record);
                        i18n::undone(super::detail::action(action).get(lang), &what, lang)
                    }
                };
                self.after_write(api);
                self.notice = Some(Flash::Done(msg));
            }
            Err(e) => self.error(&e),
        }
    }

    /// A form for many models saved as one change: its request made of the one-model request
    /// the form builds. A form for one record: its request as it is.
    fn many(&mut self, req: Request) -> Request {
        let target = self.top_form().map(|f| f.target.clone());
        match (target, req) {
            (Some(Target::AwardMany { models }), Request::SaveAward(award)) => {
                Request::AwardMany { award, models }
            }
            (Some(Target::CheckInMany { models }), Request::SaveCheckIn(checkin)) => {
                Request::CheckInMany { checkin, models }
            }
            (
                Some(Target::ActionMany { models, .. }),
                Request::ModelAction { action, reason, .. },
            ) => Request::ModelActionMany {
                models,
                action,
                reason,
            },
            (_, req) => req,
        }
    }

    /// Send a change for many models. Saved: the form closes and the notice says for how
    /// many; models skipped are listed by code, each with why. Refused: the form shows why,
    /// naming the model.
    fn save_many(&mut self, api: &Api, req: Request) {
        let lang = self.lang;
        let per_model = matches!(req, Request::ModelActionMany { .. });
        let (req, local) = self.step_from(req);
        if let Request::ModelActionMany { models, .. } = &req
            && models.is_empty()
        {
            return self.refused_many(local, true);
        }
        match api.batch(req) {
            Ok((saved, mut skipped)) => {
                skipped.splice(0..0, local);
                if let Some(i) = self
                    .popups
                    .iter()
                    .rposition(|p| matches!(p, Popup::Form(_)))
                {
                    self.popups.remove(i);
                }
                self.after_write(api);
                let head = i18n::batch_done(saved.len(), skipped.len(), lang);
                if skipped.is_empty() {
                    self.notice = Some(Flash::Done(head));
                    return;
                }
                let p = crate::domain::text::printable;
                // Each skipped model by its code, with why (the reason names it already
                // when it is about the model as a whole).
                let why: Vec<String> = skipped
                    .iter()
                    .map(|s| {
                        let (code, text) = (p(&s.field), p(&s.msg.text(lang)));
                        format!("{code}: {text}")
                    })
                    .collect();
                self.notice = Some(Flash::Done(format!("{head} {}", why.join("; "))));
                let mut lines = vec![super::history::HistLine {
                    text: head,
                    head: true,
                }];
                for w in &why {
                    for (i, l) in super::popup::wrap(w, 64).into_iter().enumerate() {
                        let indent = if i == 0 { "  " } else { "    " };
                        lines.push(super::history::HistLine {
                            text: format!("{indent}{l}"),
                            head: false,
                        });
                    }
                }
                self.popups.push(Popup::History {
                    title: S::BatchResult.get(lang).to_string(),
                    lines,
                    scroll: 0,
                    source: None,
                });
            }
            Err(ApiError::Invalid(mut ps)) => {
                ps.splice(0..0, local);
                self.refused_many(ps, per_model);
            }
            Err(ApiError::Msg(m)) => {
                if let Some(f) = self.top_form() {
                    f.note = Some(super::form::Note::Failed(m));
                }
            }
        }
    }

    /// A change for many models refused: the form shows why, each problem of an action
    /// named by its model.
    fn refused_many(&mut self, mut ps: Vec<Problem>, per_model: bool) {
        if per_model {
            for p in &mut ps {
                p.msg = Msg::InModel {
                    code: std::mem::take(&mut p.field),
                    field: String::new(),
                    problem: Box::new(p.msg.clone()),
                };
            }
        }
        if let Some(f) = self.top_form() {
            f.show_problems(&ps);
        }
    }

    /// A step forward (back) for many models goes to one step: it is for the models one step
    /// before (after) it. The others are skipped here, each with where it is — sent, the
    /// move would take a model already past the step back to it.
    fn step_from(&mut self, req: Request) -> (Request, Vec<Problem>) {
        let back = match self.top_form().map(|f| &f.target) {
            Some(Target::ActionMany { what, .. }) => *what == ActionKind::StepBack,
            _ => return (req, vec![]),
        };
        let Request::ModelActionMany {
            models,
            action: ModelAction::Step(to),
            reason,
        } = req
        else {
            return (req, vec![]);
        };
        let from = if back {
            to.checked_add(1)
        } else {
            to.checked_sub(1)
        };
        let mut keep = vec![];
        let mut skipped = vec![];
        for id in models {
            match self.model_row(id) {
                Some(m) if Some(m.step) != from => skipped.push(Problem {
                    line: None,
                    field: m.code.clone(),
                    msg: Msg::StepMove {
                        code: m.code.clone(),
                        from: m.step,
                        to,
                    },
                }),
                _ => keep.push(id),
            }
        }
        let req = Request::ModelActionMany {
            models: keep,
            action: ModelAction::Step(to),
            reason,
        };
        (req, skipped)
    }

    fn save(&mut self, api: &Api, req: Request) {
        // The report form writes a file; nothing is saved in the database.
        if let Request::Report { as_of, .. } = req {
            return super::report_form::write(self, api, as_of);
        }
        let req = self.many(req);
        if matches!(
            req,
            Request::AwardMany { .. }
                | Request::CheckInMany { .. }
                | Request::ModelActionMany { .. }
        ) {
            return self.save_many(api, req);
        }
        let created = match &req {
            Request::SaveUnit(u) if u.id == 0 => Some(Tab::Units),
            Request::SaveModel(m) if m.id == 0 => Some(Tab::Models),
            _ => None,
        };
        match api.save(req) {
            Ok((id, _)) => {
                if let Some(i) = self
                    .popups
                    .iter()
                    .rposition(|p| matches!(p, Popup::Form(_)))
                {
                    self.popups.remove(i);
                }
                // A new record is selected, so the next key (e, h, a…) acts on it — once its
                // table has been loaded again.
                self.select_after = created.map(|t| (t, id));
                self.after_write(api);
                self.notice = Some(Flash::Info(S::Saved));
            }
            Err(ApiError::Invalid(ps)) => {
                if let Some(f) = self.top_form() {
                    f.show_problems(&ps);
                }
            }
            Err(ApiError::Msg(m @ Msg::Conflict { .. })) => {
                let text = m.text(self.lang);
                self.popups.push(Popup::Ask {
                    title: S::NotSaved,
                    text,
                    options: vec![
                        answer('r', S::Reload, Some(Then::Reload)),
                        answer('o', S::Overwrite, Some(Then::Overwrite)),
                        answer('n', S::KeepEditing, None),
                    ],
                });
            }
            Err(ApiError::Msg(m)) => {
                if let Some(f) = self.top_form() {
                    f.note = Some(super::form::Note::Failed(m));
                }
            }
        }
    }

    fn ask_delete(&mut self, api: &Api, r: RecordRef) {
        let lang = self.lang;
        let text = match &r {
            RecordRef::Model(id) => match api.model(*id) {
                Ok(d) => i18n::delete_model(
                    &d.model.code,
                    &d.model.title,
                    d.checkins.len(),
                    d.awards.len(),
                    d.replications.len(),
                    lang,
                ),
                Err(e) => return self.error(&e),
            },
            RecordRef::Unit(id) => {
                let units = match api.units() {
                    Ok(u) => u,
                    Err(e) => return self.error(&e),
                };
                let Some(u) = units.iter().find(|u| u.id == *id) else {
                    return self.error(&ApiError::Msg(Msg::NotFound));
                };
                // Every period counts: a unit's old models keep it in use.
                let models = match api.model_rows(None, self.today) {
                    Ok(rows) => rows.iter().filter(|m| m.unit == *id).count() as u64,
                    Err(e) => return self.error(&e),
                };
                let kids = units.iter().filter(|x| x.parent == Some(*id)).count() as u64;
                let refuse = if models > 0 {
                    Some(Msg::UnitHasModels {
                        code: u.code.clone(),
                        count: models,
                    })
                } else if kids > 0 {
                    Some(Msg::UnitHasChildren {
                        code: u.code.clone(),
                        count: kids,
                    })
                } else {
                    None
                };
                if let Some(m) = refuse {
                    self.notice = Some(Flash::Error(crate::domain::text::printable(&m.text(lang))));
                    return;
                }
                i18n::delete_unit(&u.code, &u.name, lang)
            }
            _ => i18n::delete_other(&self.describe(&r), lang),
        };
        self.popups.push(Popup::Ask {
            title: S::Confirm,
            text,
            options: vec![
                answer('y', S::Delete, Some(Then::Delete(r))),
                answer('n', S::Cancel, None),
            ],
        });
    }

    fn answer(&mut self, api: &Api, then: Then) {
        match then {
            Then::Discard => {}
            Then::Delete(r) => {
                let req = match r {
                    RecordRef::Unit(id) => Request::DeleteUnit { id },
                    RecordRef::Model(id) => Request::DeleteModel { id },
                    RecordRef::Award(id) => Request::DeleteAward { id },
                    RecordRef::Replication(id) => Request::DeleteReplication { id },
                    _ => return,
                };
                match api.delete(req) {
                    Ok(()) => {
                        self.after_write(api);
                        self.notice = Some(Flash::Info(S::Deleted));
                    }
                    Err(e) => self.error(&e),
                }
            }
            Then::Reload => {
                let Some(Popup::Form(f)) = self.popups.last() else {
                    return;
                };
                let t = f.target.clone();
                match forms::open(api, &t, self.lang, self.today) {
                    Ok(f) => {
                        self.popups.pop();
                        self.popups.push(Popup::Form(Box::new(f)));
                    }
                    Err(e) => self.error(&e),
                }
            }
            Then::Overwrite => {
                let lang = self.lang;
                let today = self.today;
                let Some(Popup::Form(f)) = self.popups.last_mut() else {
                    return;
                };
                // The stored revision, read from a fresh copy of the same form.
                match forms::open(api, &f.target, lang, today) {
                    Ok(fresh) => f.base.set_rev(fresh.base.rev()),
                    Err(e) => return self.error(&e),
                }
                if let Some(r) = f.submit() {
                    self.save(api, *r);
                }
            }
            Then::RestoreDraft(text) => {
                super::draft::reopen(self, api, &text);
                // The form is open again; a new drop keeps it anew.
                let _ = api.0.call(Request::SaveDraft {
                    text: String::new(),
                });
            }
            Then::DropDraft => {
                if let Err(e) = api.0.call(Request::SaveDraft {
                    text: String::new(),
                }) {
                    self.error(&e);
                }
            }
            Then::Undo(asked) => self.undo(api, asked, false),
            Then::Redo(asked) => self.undo(api, asked, true),
        }
    }

    /// After a change: the period's figures at once and its tables again (in the background
    /// when there is a loader), keeping the selected rows where they still exist; open
    /// models are fetched again.
    pub(super) fn after_write(&mut self, api: &Api) {
        let period = self.data.period().map(|p| p.code.clone());
        self.begin_load(api, period, true);
        let mut gone = Vec::new();
        for (i, p) in self.popups.iter_mut().enumerate() {
            if let Popup::Model { detail, .. } = p {
                match api.model(detail.model.id) {
                    Ok(d) => **detail = d,
                    Err(_) => gone.push(i),
                }
            }
        }
        for i in gone.into_iter().rev() {
            self.popups.remove(i);
        }
        self.progress.detail = None;
    }

    /// A record's history in the interface's language: the window's title and its lines.
    pub(super) fn history_lines(
        &self,
        r: &RecordRef,
        entries: &[crate::domain::AuditEntry],
    ) -> (String, Vec<super::history::HistLine>) {
        let title = format!("{} — {}", S::History.get(self.lang), self.describe(r));
        (title, super::history::lines(entries, self.lang))
    }

    /// “mô hình MH-01”, “đơn vị CB01”: a record as the user knows it.
    pub fn describe(&self, r: &RecordRef) -> String {
        let lang = self.lang;
        let d = &self.data;
        let p = crate::domain::text::printable;
        let (word, name) = match r {
            RecordRef::Unit(id) => (
                S::RecUnit,
                d.units
                    .iter()
                    .find(|u| u.unit.id == *id)
                    .map(|u| p(&u.unit.code)),
            ),
            RecordRef::Model(id) => (S::RecModel, self.model_row(*id).map(|m| p(&m.code))),
            RecordRef::Award(id) => (
                S::RecAward,
                self.awards
                    .view
                    .remote
                    .as_ref()
                    .and_then(|h| h.awards.iter().find(|a| a.award.id == *id))
                    .map(|a| p(&format!("{} ({})", a.award.decision_no, a.model_code))),
            ),
            RecordRef::CheckIn(_) => (S::RecCheckin, None),
            RecordRef::Replication(_) => (S::RecReplication, None),
            RecordRef::Period(c) => (S::RecPeriod, Some(p(c))),
            RecordRef::Field(c) => (S::RecField, Some(p(c))),
            RecordRef::Form(c) => (S::RecForm, Some(p(c))),
            RecordRef::Body(c) => (S::ColBody, Some(p(c))),
            RecordRef::Import { file, rows } => {
                (S::ActImport, Some(format!("{} ({rows})", p(file))))
            }
        };
        let id = match r {
            RecordRef::Unit(id)
            | RecordRef::Model(id)
            | RecordRef::CheckIn(id)
            | RecordRef::Award(id)
            | RecordRef::Replication(id) => format!("#{id}"),
            _ => String::new(),
        };
        format!("{} {}", word.get(lang), name.unwrap_or(id))
    }
}
