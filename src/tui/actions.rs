//! Changing data from the interface: the keys that open forms, ask before deleting, undo and
//! show history, and what [`App::perform`] does with those intents. A form closes and
//! “saved” is shown only after the backend answered `Ok` — the backend flushes before it
//! answers — so what the user is told was saved is on disk.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Flash, Intent, Popup, Tab, scrolled};
use super::form::{ActionKind, Form, FormKey, Target};
use super::forms;
use super::i18n::{self, S};
use crate::api::{Api, ApiError, ModelDetail, Request};
use crate::domain::{Id, Msg, RecordRef};

/// The catalogues reachable with `c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cat {
    Fields,
    Forms,
    Periods,
}

impl Cat {
    pub const ALL: [Cat; 3] = [Cat::Fields, Cat::Forms, Cat::Periods];

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
}

/// One answer of a question: its key, its words and what it does. `Esc` always backs out.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub key: char,
    pub label: S,
    pub then: Option<Then>,
}

fn answer(key: char, label: S, then: Option<Then>) -> Answer {
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

fn action_target(model: Id, i: usize) -> Target {
    match ACTIONS[i.min(ACTIONS.len() - 1)].1 {
        Act::Workflow(what) => Target::Action { model, what },
        Act::NewReplication => Target::Replication { model },
        Act::NewCheckIn => Target::CheckIn { model, id: 0 },
        Act::NewAward => Target::Award { model, id: 0 },
    }
}

/// Keys on an open model: the same letters as on the tables.
pub fn model_key(d: &ModelDetail, code: KeyCode) -> Option<Intent> {
    model_letter(d.model.id, code)
}

fn model_letter(id: Id, code: KeyCode) -> Option<Intent> {
    Some(match code {
        KeyCode::Char('e') => Intent::Open(Target::Model { id }),
        KeyCode::Char('d') => Intent::AskDelete(RecordRef::Model(id)),
        KeyCode::Char('h') => Intent::History(RecordRef::Model(id)),
        KeyCode::Char('i') => Intent::Open(Target::CheckIn { model: id, id: 0 }),
        KeyCode::Char('w') => Intent::Open(Target::Award { model: id, id: 0 }),
        _ => return None,
    })
}

impl App {
    /// The model selected on the current tab.
    fn selected_model(&self) -> Option<Id> {
        let d = &self.data;
        match self.tab {
            Tab::Models => self.models.selected().map(|i| d.models[i as usize].id),
            Tab::Progress => self.progress.selected().map(|i| d.models[i as usize].id),
            Tab::Awards => self
                .awards
                .selected()
                .map(|i| d.awards[i as usize].award.model),
            _ => None,
        }
    }

    /// `n e d h a i w u c` on a tab.
    pub(super) fn tab_edit_key(&mut self, code: KeyCode) -> Intent {
        let d = &self.data;
        match code {
            KeyCode::Char('u') => return Intent::Undo,
            KeyCode::Char('c') => {
                self.popups.push(Popup::Catalog { cursor: 0 });
                return Intent::None;
            }
            _ => {}
        }
        let intent = match self.tab {
            Tab::Units => {
                let id = self.units.selected().map(|i| d.units[i as usize].unit.id);
                match (code, id) {
                    (KeyCode::Char('n'), _) => Some(Intent::Open(Target::Unit { id: 0 })),
                    (KeyCode::Char('e'), Some(id)) => Some(Intent::Open(Target::Unit { id })),
                    (KeyCode::Char('d'), Some(id)) => Some(Intent::AskDelete(RecordRef::Unit(id))),
                    (KeyCode::Char('h'), Some(id)) => Some(Intent::History(RecordRef::Unit(id))),
                    _ => None,
                }
            }
            Tab::Awards => {
                let a = self.awards.selected().map(|i| &d.awards[i as usize].award);
                match (code, a) {
                    (KeyCode::Char('e'), Some(a)) => Some(Intent::Open(Target::Award {
                        model: a.model,
                        id: a.id,
                    })),
                    (KeyCode::Char('d'), Some(a)) => {
                        Some(Intent::AskDelete(RecordRef::Award(a.id)))
                    }
                    (KeyCode::Char('h'), Some(a)) => Some(Intent::History(RecordRef::Award(a.id))),
                    _ => None,
                }
            }
            Tab::Models | Tab::Progress => match (code, self.selected_model()) {
                (KeyCode::Char('n'), _) => Some(Intent::Open(Target::Model { id: 0 })),
                (KeyCode::Char('a'), Some(model)) => {
                    self.popups.push(Popup::Actions { model, cursor: 0 });
                    Some(Intent::None)
                }
                (c, Some(id)) => model_letter(id, c),
                _ => None,
            },
            Tab::Overview => None,
        };
        intent.unwrap_or_else(|| {
            self.notice = Some(Flash::Info(S::Nothing));
            Intent::None
        })
    }

    /// Keys of the popups that need more than moving a cursor.
    pub(super) fn special_popup_key(&mut self, key: KeyEvent) -> Option<Intent> {
        let code = key.code;
        let lang = self.lang;
        let top = self.popups.last_mut()?;
        if let (Popup::Model { detail, .. }, KeyCode::Char('a')) = (&*top, code) {
            let model = detail.model.id;
            self.popups.push(Popup::Actions { model, cursor: 0 });
            return Some(Intent::None);
        }
        match top {
            Popup::Ask { options, .. } => {
                let chosen = match code {
                    KeyCode::Esc | KeyCode::Char('q') => None,
                    KeyCode::Char(c) => {
                        match options.iter().find(|o| i18n::answers(c, o.key, lang)) {
                            Some(o) => o.then.clone(),
                            None => return Some(Intent::None),
                        }
                    }
                    _ => return Some(Intent::None),
                };
                self.popups.pop();
                Some(match chosen {
                    Some(Then::Discard) => {
                        if let Some(Popup::Form(_)) = self.popups.last() {
                            self.popups.pop();
                        }
                        self.notice = Some(Flash::Info(S::Discarded));
                        Intent::None
                    }
                    Some(t) => Intent::Answer(t),
                    None => Intent::None,
                })
            }
            Popup::Catalog { cursor } => {
                match code {
                    KeyCode::Enter => {
                        let cat = Cat::ALL[(*cursor).min(2)];
                        self.popups.push(Popup::CatalogList { cat, cursor: 0 });
                    }
                    KeyCode::Esc | KeyCode::Char('q') => {
                        self.popups.pop();
                    }
                    c => *cursor = scrolled(*cursor, c, Cat::ALL.len()),
                }
                Some(Intent::None)
            }
            Popup::CatalogList { cat, cursor } => {
                let (cat, cur) = (*cat, *cursor);
                let codes: Vec<String> = match cat {
                    Cat::Fields => self.data.fields.iter().map(|f| f.code.clone()).collect(),
                    Cat::Forms => self.data.forms.iter().map(|f| f.code.clone()).collect(),
                    Cat::Periods => self.data.periods.iter().map(|p| p.code.clone()).collect(),
                };
                match code {
                    KeyCode::Enter => {
                        let code = if cur == 0 {
                            None
                        } else {
                            codes.get(cur - 1).cloned()
                        };
                        return Some(Intent::Open(match cat {
                            Cat::Fields => Target::Field { code },
                            Cat::Forms => Target::AwardForm { code },
                            Cat::Periods => Target::Period { code },
                        }));
                    }
                    KeyCode::Char('h') if cur > 0 => {
                        let c = codes[cur - 1].clone();
                        return Some(Intent::History(match cat {
                            Cat::Fields => RecordRef::Field(c),
                            Cat::Forms => RecordRef::Form(c),
                            Cat::Periods => RecordRef::Period(c),
                        }));
                    }
                    KeyCode::Esc | KeyCode::Char('q') => {
                        self.popups.pop();
                    }
                    c => {
                        if let Some(Popup::CatalogList { cursor, .. }) = self.popups.last_mut() {
                            *cursor = scrolled(*cursor, c, codes.len() + 1);
                        }
                    }
                }
                Some(Intent::None)
            }
            Popup::Actions { model, cursor } => {
                let offered = offered(self.data.models.iter().find(|m| m.id == *model));
                let intent = match code {
                    KeyCode::Enter => {
                        let i = offered[(*cursor).min(offered.len() - 1)];
                        let t = action_target(*model, i);
                        self.popups.pop();
                        Intent::Open(t)
                    }
                    KeyCode::Esc | KeyCode::Char('q') => {
                        self.popups.pop();
                        Intent::None
                    }
                    c => {
                        *cursor = scrolled(*cursor, c, offered.len());
                        Intent::None
                    }
                };
                Some(intent)
            }
            _ => None,
        }
    }

    /// A key while a form is on top.
    pub(super) fn form_key(&mut self, key: KeyEvent) -> Intent {
        let Some(Popup::Form(form)) = self.popups.last_mut() else {
            return Intent::None;
        };
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if key.code == KeyCode::F(1) {
            self.popups.push(Popup::Help { scroll: 0 });
            return Intent::None;
        }
        let outcome = if ctrl_c && form.pick.is_none() {
            FormKey::Cancel
        } else {
            form.key(key)
        };
        match outcome {
            FormKey::None => Intent::None,
            FormKey::Save(r) => Intent::Save(r),
            FormKey::Cancel if form.dirty() => {
                self.popups.push(Popup::Ask {
                    title: S::Confirm,
                    text: S::AskDiscard.get(self.lang).to_string(),
                    options: vec![
                        answer('y', S::Discard, Some(Then::Discard)),
                        answer('n', S::KeepEditing, None),
                    ],
                });
                Intent::None
            }
            FormKey::Cancel => {
                self.popups.pop();
                Intent::None
            }
        }
    }

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
            Intent::Undo => match api.undo() {
                Ok((record, action)) => {
                    let what = self.describe(&record);
                    let msg = i18n::undone(super::detail::action(action).get(lang), &what, lang);
                    self.after_write(api);
                    self.notice = Some(Flash::Done(msg));
                }
                Err(e) => self.error(&e),
            },
            Intent::History(r) => match api.history(r.clone(), 200) {
                Ok(entries) => {
                    let title = format!("{} — {}", S::History.get(lang), self.describe(&r));
                    let lines = super::history::lines(&entries, lang);
                    self.popups.push(Popup::History {
                        title,
                        lines,
                        scroll: 0,
                    });
                }
                Err(e) => self.error(&e),
            },
            Intent::Answer(then) => self.answer(api, then),
            _ => {}
        }
    }

    fn save(&mut self, api: &Api, req: Request) {
        // The report form writes a file; nothing is saved in the database.
        if let Request::Report { as_of, .. } = req {
            return super::report_form::write(self, api, as_of);
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
                if let FormKey::Save(r) = f.submit() {
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
        self.progress_detail = None;
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
            RecordRef::Model(id) => (
                S::RecModel,
                d.models.iter().find(|m| m.id == *id).map(|m| p(&m.code)),
            ),
            RecordRef::Award(id) => (
                S::RecAward,
                d.awards
                    .iter()
                    .find(|a| a.award.id == *id)
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
