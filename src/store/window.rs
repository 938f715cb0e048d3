//! Windows of the interface's tables ([`crate::api::Request::Window`]): a client asks for rows
//! `start..start + len` of a table as it shows it — sorted, filtered, searched — and gets those
//! rows, the view's row count and, if asked, where one record is in the view. So a client
//! holds the screenful it draws, not a copy of a million rows.
//!
//! # How the orders are kept
//!
//! Per period, the first window asked for builds an index in memory ([`PeriodIndex`]), once:
//! one slot per model with what the filters and orders compare (kind, field, unit, step,
//! status, outcome, progress, latest check-in, code), the models' folded search texts in one
//! buffer, and the orders the tables use as arrays of slots — by code and by title (Vietnamese
//! order) at once, the other columns the first time they are asked for. Rows are not kept:
//! the rows of a window are read from the store when it is answered (a window is at most
//! [`WINDOW_MAX`] rows), so they are always as stored.
//!
//! Orders are then **updated incrementally**, not recomputed: every commit reports the models
//! and awards it wrote ([`Changes::of`], called by `Tx::commit_unflushed`), and the next window
//! asked for takes the changed records out of each order and puts them back where their new
//! values sort (a binary search per order; titles compared by reading the few records on the
//! search's path), only in the orders whose key changed. That costs a few milliseconds per
//! changed model at 1,000,000 models, where recomputing an order costs a second. Writes that
//! change more than [`REBUILD_ABOVE`] models at once (imports, restores), and changes of units,
//! periods or the catalogues (names every row shows or sorts by), drop the indexes instead:
//! they are built again at the next window, as at first.
//!
//! A window then costs one pass over an order (an array of 4-byte slots read in sequence) with
//! a bitmap of the rows kept by the filters and the search — a few milliseconds at a million
//! models — or no pass at all when nothing is filtered. A search finds its rows with one
//! substring search over the folded texts of the period (`memchr::memmem`, in two halves
//! at once past 8 MB); a query that extends the previous one (the next keystroke) only looks
//! again at the rows it matched.
//!
//! # Keeping a client's windows fresh
//!
//! Each window carries the store's **generation**, a count of commits (started from the clock,
//! so it does not repeat across restarts): every change counted up to it shows in the window.
//! A change notice (`Backend::subscribe`) means a newer generation exists: the interface asks
//! again for the windows it shows (with `locate` set to the selected record, so the selection
//! stays on it when rows move) and replaces what it holds with the answer to its latest
//! request (`tui/remote.rs`). Writes made through the client's own connection are answered
//! once committed, so a window asked for after the answer already shows them.
//!
//! Windows are reads: a viewer may ask for them; a user the roles do not list gets nothing
//! (`server::auth::authorize`).

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use super::keys;
use super::records::{Envelope, ModelStats};
use super::{Journal, Store, T, io};
use crate::api::*;
use crate::domain::text::{fold, fold_parts, sort_key};
use crate::domain::*;
use crate::i18n::Lang;

mod changes;
mod parts;

pub(crate) use changes::*;
use parts::*;

// --- one period's index --------------------------------------------------------------------

/// What the orders and filters of one model compare.
#[derive(Debug, Clone, PartialEq)]
struct Slot {
    id: Id,
    code: Box<str>,
    title_hash: u64,
    kind: ModelKind,
    /// Index in `PeriodIndex::fields`.
    field: u16,
    unit: Id,
    step: u8,
    status: RegStatus,
    outcome: Outcome,
    progress: Option<f32>,
    has_content: bool,
    /// Counted and pending: may be overdue.
    eligible: bool,
    /// The day overdue is measured from.
    last: NaiveDate,
    /// The Progress tab's order: latest check-in, else registration.
    seen: NaiveDate,
    checkin: Option<NaiveDate>,
}

/// An order the tables use: a sort column (with the language for field names), or the
/// Progress tab's order by `seen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Order {
    Col(SortBy, Lang),
    Seen,
}

impl Order {
    fn of(sort: SortBy, lang: Lang) -> Order {
        // Only field names depend on the language.
        Order::Col(
            sort,
            if sort == SortBy::Field {
                lang
            } else {
                Lang::default()
            },
        )
    }
}

struct AwardEntry {
    id: Id,
    model: Id,
    hay: String,
}

struct Search {
    query: String,
    version: u64,
    bits: Bits,
}

pub(crate) struct PeriodIndex {
    period: Period,
    units: HashMap<Id, (String, String)>,
    /// Rank of each unit's name in Vietnamese order (equal names, equal ranks).
    unit_rank: HashMap<Id, u32>,
    /// The rank of an unknown unit (an empty name).
    no_unit_rank: u32,
    /// Field codes, as slots name them.
    fields: Vec<String>,
    /// Per language, each field's rank by its name; 0: a code not in the catalogue.
    field_rank: HashMap<Lang, Vec<u32>>,
    slots: Vec<Option<Slot>>,
    by_id: HashMap<Id, u32>,
    free: Vec<u32>,
    live: usize,
    orders: HashMap<Order, Vec<u32>>,
    hay: Hay,
    awards: Vec<AwardEntry>,
    search: Option<Search>,
    /// Raised by every change, so a kept search is known to be out of date.
    version: u64,
}

fn hash_of(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn ranks<K: Ord + Clone, I: Clone>(items: &[(K, I)]) -> Vec<(I, u32)> {
    let mut v: Vec<(K, I)> = items.to_vec();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::with_capacity(v.len());
    let mut rank = 0u32;
    for i in 0..v.len() {
        if i > 0 && v[i].0 != v[i - 1].0 {
            rank += 1;
        }
        out.push((v[i].1.clone(), rank));
    }
    out
}

impl PeriodIndex {
    /// Each unit's latest check-in among the models of the period.
    fn last_checkins(&self) -> HashMap<Id, NaiveDate> {
        let mut last: HashMap<Id, NaiveDate> = HashMap::new();
        for s in self.slots.iter().flatten() {
            if let Some(d) = s.checkin {
                let e = last.entry(s.unit).or_insert(d);
                *e = (*e).max(d);
            }
        }
        last
    }

    fn build(s: &Store, period: Period) -> ApiResult<PeriodIndex> {
        let units = s.units_by_id()?;
        let mut named: Vec<(Vec<u8>, Option<Id>)> = units
            .values()
            .map(|u| (sort_key(&u.name), Some(u.id)))
            .collect();
        named.push((sort_key(""), None));
        let mut unit_rank = HashMap::new();
        let mut no_unit_rank = 0;
        for (id, r) in ranks(&named) {
            match id {
                Some(id) => {
                    unit_rank.insert(id, r);
                }
                None => no_unit_rank = r,
            }
        }
        let catalogue: Vec<FieldDef> = s.all(T::Fields)?;
        let mut ix = PeriodIndex {
            units: units
                .into_values()
                .map(|u| (u.id, (u.code, u.name)))
                .collect(),
            unit_rank,
            no_unit_rank,
            fields: catalogue.iter().map(|f| f.code.clone()).collect(),
            field_rank: HashMap::new(),
            slots: Vec::new(),
            by_id: HashMap::new(),
            free: Vec::new(),
            live: 0,
            orders: HashMap::new(),
            hay: Hay::default(),
            awards: Vec::new(),
            search: None,
            version: 0,
            period,
        };
        for lang in [Lang::Vi, Lang::En] {
            let named: Vec<(Vec<u8>, usize)> = catalogue
                .iter()
                .enumerate()
                .map(|(i, f)| (sort_key(lang.pick(&f.vi, &f.en)), i))
                .collect();
            let mut r = vec![0; catalogue.len()];
            for (i, rank) in ranks(&named) {
                r[i] = rank + 1;
            }
            ix.field_rank.insert(lang, r);
        }
        // The titles' keys in one buffer (one allocation, given back whole once sorted).
        let mut key_buf: Vec<u8> = Vec::new();
        let mut key_at: Vec<(usize, usize)> = Vec::new();
        let mut keys = crate::domain::text::KeyMaker::default();
        for r in s.models_with_stats() {
            let (m, st) = r?;
            if m.period != ix.period.code {
                continue;
            }
            let key = keys.key(&m.title);
            let slot = ix.add(m, &st);
            if key_at.len() <= slot as usize {
                key_at.resize(slot as usize + 1, (0, 0));
            }
            key_at[slot as usize] = (key_buf.len(), key.len());
            key_buf.extend_from_slice(&key);
        }
        let title_key = |i: u32| {
            let (s, l) = key_at[i as usize];
            &key_buf[s..s + l]
        };
        let mut by_code: Vec<u32> = (0..ix.slots.len() as u32).collect();
        by_code.sort_by(|&a, &b| ix.slot(a).code.cmp(&ix.slot(b).code));
        let mut by_title = by_code.clone();
        by_title.sort_by(|&a, &b| title_key(a).cmp(title_key(b)));
        drop((key_buf, key_at));
        ix.orders
            .insert(Order::of(SortBy::Code, Lang::default()), by_code);
        ix.orders
            .insert(Order::of(SortBy::Title, Lang::default()), by_title);
        // Every other order at once, so no first sort waits for one.
        let mut others: Vec<Order> = [
            SortBy::Kind,
            SortBy::Unit,
            SortBy::Step,
            SortBy::Status,
            SortBy::Outcome,
            SortBy::Progress,
        ]
        .into_iter()
        .map(|c| Order::of(c, Lang::default()))
        .collect();
        others.extend([Lang::Vi, Lang::En].map(|l| Order::of(SortBy::Field, l)));
        others.push(Order::Seen);
        for o in others {
            let v = ix.sorted(o);
            ix.orders.insert(o, v);
        }
        ix.build_awards(s)?;
        Ok(ix)
    }

    fn slot(&self, i: u32) -> &Slot {
        self.slots[i as usize]
            .as_ref()
            .expect("orders hold live slots only")
    }

    fn field_ix(&mut self, code: &str) -> u16 {
        match self.fields.iter().position(|f| f == code) {
            Some(i) => i as u16,
            None => {
                self.fields.push(code.to_string());
                for r in self.field_rank.values_mut() {
                    r.push(0);
                }
                (self.fields.len() - 1) as u16
            }
        }
    }

    fn make_slot(&mut self, m: &Model, st: &ModelStats) -> Slot {
        let actuals = actuals::effective_actuals(&m.criteria, &st.reported);
        Slot {
            id: m.id,
            code: m.code.clone().into(),
            title_hash: hash_of(&m.title),
            kind: m.kind,
            field: self.field_ix(&m.field),
            unit: m.unit,
            step: m.step,
            status: m.status,
            outcome: m.outcome,
            progress: actuals::progress(&m.criteria, &actuals),
            has_content: actuals::has_content(m),
            eligible: m.status.counted() && m.outcome == Outcome::Pending,
            last: super::index::last_date(m, st),
            seen: st.last_checkin.unwrap_or(m.registered_on),
            checkin: st.last_checkin,
        }
    }

    fn model_hay(&self, m: &Model) -> String {
        let (uc, un) = self
            .units
            .get(&m.unit)
            .map_or(("", ""), |(c, n)| (c.as_str(), n.as_str()));
        fold_parts(&[&m.code, &m.title, &m.person, uc, un])
    }

    /// Put a model in a slot (not yet in any order).
    fn add(&mut self, m: Model, st: &ModelStats) -> u32 {
        let slot = self.make_slot(&m, st);
        let i = match self.free.pop() {
            Some(i) => i,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        self.slots[i as usize] = Some(slot);
        self.by_id.insert(m.id, i);
        self.live += 1;
        let h = self.model_hay(&m);
        self.hay.set(i, &h);
        i
    }

    // --- comparing -------------------------------------------------------------------------

    /// The order of two slots in `o` other than by title (ties by code).
    fn cmp(&self, o: Order, a: &Slot, b: &Slot) -> std::cmp::Ordering {
        let key = match o {
            Order::Col(SortBy::Code, _) | Order::Col(SortBy::Title, _) => std::cmp::Ordering::Equal,
            Order::Col(SortBy::Kind, _) => a.kind.cmp(&b.kind),
            Order::Col(SortBy::Unit, _) => self.unit_rank_of(a).cmp(&self.unit_rank_of(b)),
            Order::Col(SortBy::Field, lang) => {
                let r = &self.field_rank[&lang];
                r[a.field as usize].cmp(&r[b.field as usize])
            }
            Order::Col(SortBy::Step, _) => a.step.cmp(&b.step),
            Order::Col(SortBy::Status, _) => a.status.cmp(&b.status),
            Order::Col(SortBy::Outcome, _) => a.outcome.cmp(&b.outcome),
            Order::Col(SortBy::Progress, _) => a
                .progress
                .unwrap_or(-1.0)
                .total_cmp(&b.progress.unwrap_or(-1.0)),
            Order::Seen => a.seen.cmp(&b.seen),
        };
        key.then_with(|| a.code.cmp(&b.code))
    }

    fn unit_rank_of(&self, s: &Slot) -> u32 {
        self.unit_rank
            .get(&s.unit)
            .copied()
            .unwrap_or(self.no_unit_rank)
    }

    /// Whether moving from `old` to `new` can move the slot in `o`.
    fn moves(o: Order, old: &Slot, new: &Slot) -> bool {
        old.code != new.code
            || match o {
                Order::Col(SortBy::Code, _) => false,
                Order::Col(SortBy::Title, _) => old.title_hash != new.title_hash,
                Order::Col(SortBy::Kind, _) => old.kind != new.kind,
                Order::Col(SortBy::Unit, _) => old.unit != new.unit,
                Order::Col(SortBy::Field, _) => old.field != new.field,
                Order::Col(SortBy::Step, _) => old.step != new.step,
                Order::Col(SortBy::Status, _) => old.status != new.status,
                Order::Col(SortBy::Outcome, _) => old.outcome != new.outcome,
                Order::Col(SortBy::Progress, _) => old.progress != new.progress,
                Order::Seen => old.seen != new.seen,
            }
    }

    /// The order `o`, computed now if it was never asked for.
    fn order(&mut self, o: Order) -> &Vec<u32> {
        if !self.orders.contains_key(&o) {
            let v = self.sorted(o);
            self.orders.insert(o, v);
        }
        &self.orders[&o]
    }

    /// Every live slot in order `o` (not by title): each slot's key and its place in code
    /// order packed in one number, so a million slots sort in a tenth of a second.
    fn sorted(&self, o: Order) -> Vec<u32> {
        let by_code = &self.orders[&Order::of(SortBy::Code, Lang::default())];
        let mut packed: Vec<(u64, u32)> = Vec::with_capacity(by_code.len());
        for (rank, &slot) in by_code.iter().enumerate() {
            let s = self.slot(slot);
            let key: u32 = match o {
                Order::Col(SortBy::Code, _) | Order::Col(SortBy::Title, _) => 0,
                Order::Col(SortBy::Kind, _) => s.kind as u32,
                Order::Col(SortBy::Unit, _) => self.unit_rank_of(s),
                Order::Col(SortBy::Field, lang) => self.field_rank[&lang][s.field as usize],
                Order::Col(SortBy::Step, _) => s.step as u32,
                Order::Col(SortBy::Status, _) => s.status as u32,
                Order::Col(SortBy::Outcome, _) => s.outcome as u32,
                Order::Col(SortBy::Progress, _) => {
                    // The bits of an f32 made to compare as `total_cmp` does.
                    let b = s.progress.unwrap_or(-1.0).to_bits();
                    if b & 0x8000_0000 != 0 {
                        !b
                    } else {
                        b | 0x8000_0000
                    }
                }
                Order::Seen => (s.seen.num_days_from_ce() as i64 + (1 << 31)) as u32,
            };
            packed.push((((key as u64) << 32) | rank as u64, slot));
        }
        packed.sort_unstable_by_key(|p| p.0);
        packed.into_iter().map(|p| p.1).collect()
    }

    // --- changes ---------------------------------------------------------------------------

    /// Bring these models up to date from the store: first every changed one leaves the
    /// orders it moves in, then each is put back where it now sorts, so the binary searches
    /// only meet models whose place matches what is stored.
    fn update_models(&mut self, s: &Store, ids: &BTreeSet<Id>) -> ApiResult<()> {
        self.version += 1;
        let orders: Vec<Order> = self.orders.keys().copied().collect();
        let mut back: Vec<(u32, Vec<Order>, Vec<u8>)> = Vec::new();
        let mut kept: Vec<(Id, Option<Model>)> = Vec::new();
        for &id in ids {
            let m: Option<Model> = s.get(T::Models, &keys::id(id))?;
            let m = m.filter(|m| m.period == self.period.code);
            let old = self.by_id.get(&id).copied();
            let Some(m) = m else {
                if let Some(i) = old {
                    for v in self.orders.values_mut() {
                        if let Some(p) = v.iter().position(|&x| x == i) {
                            v.remove(p);
                        }
                    }
                    self.slots[i as usize] = None;
                    self.hay.clear(i);
                    self.by_id.remove(&id);
                    self.free.push(i);
                    self.live -= 1;
                }
                kept.push((id, None));
                continue;
            };
            let st: ModelStats = s.get(T::Stats, &keys::id(id))?.unwrap_or_default();
            let title_key = sort_key(&m.title);
            let (i, moved) = match old {
                Some(i) => {
                    let new = self.make_slot(&m, &st);
                    let before = self.slots[i as usize].replace(new);
                    let h = self.model_hay(&m);
                    self.hay.set(i, &h);
                    let moved: Vec<Order> = orders
                        .iter()
                        .copied()
                        .filter(|&o| {
                            before
                                .as_ref()
                                .is_none_or(|b| Self::moves(o, b, self.slot(i)))
                        })
                        .collect();
                    for o in &moved {
                        let v = self.orders.get_mut(o).expect("listed");
                        if let Some(p) = v.iter().position(|&x| x == i) {
                            v.remove(p);
                        }
                    }
                    (i, moved)
                }
                None => (self.add(m.clone(), &st), orders.clone()),
            };
            back.push((i, moved, title_key));
            kept.push((id, Some(m)));
        }
        let title = Order::of(SortBy::Title, Lang::default());
        for (i, moved, title_key) in back {
            for o in moved {
                let v = &self.orders[&o];
                let me = self.slot(i);
                let pos = if o == title {
                    let mut failed = None;
                    let pos = v.partition_point(|&x| {
                        let other = self.slot(x);
                        let key = match s.get::<Model>(T::Models, &keys::id(other.id)) {
                            Ok(Some(om)) => sort_key(&om.title),
                            Ok(None) => Vec::new(),
                            Err(e) => {
                                failed = Some(e);
                                Vec::new()
                            }
                        };
                        (&key, &other.code) < (&title_key, &me.code)
                    });
                    if let Some(e) = failed {
                        return Err(e);
                    }
                    pos
                } else {
                    v.partition_point(|&x| self.cmp(o, self.slot(x), me).is_lt())
                };
                self.orders.get_mut(&o).expect("listed").insert(pos, i);
            }
        }
        for (id, m) in kept {
            self.refresh_awards_of(s, id, m.as_ref())?;
        }
        Ok(())
    }

    fn award_hay(&self, a: &Award, m: &Model) -> String {
        let unit_name = self.units.get(&m.unit).map_or("", |u| u.1.as_str());
        let recipient = if m.kind == ModelKind::Individual {
            m.person.as_str()
        } else {
            unit_name
        };
        fold_parts(&[
            &a.decision_no,
            &a.body,
            &m.code,
            &m.title,
            recipient,
            unit_name,
        ])
    }

    fn build_awards(&mut self, s: &Store) -> ApiResult<()> {
        let mut models: HashMap<Id, Option<Model>> = HashMap::new();
        for v in s.tree(T::Awards).iter().values() {
            let a = Award::decode(&v.map_err(io)?)?;
            if !self.by_id.contains_key(&a.model) {
                continue;
            }
            let m = match models.entry(a.model) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(s.get(T::Models, &keys::id(a.model))?)
                }
            };
            if let Some(m) = m {
                self.awards.push(AwardEntry {
                    id: a.id,
                    model: a.model,
                    hay: self.award_hay(&a, m),
                });
            }
        }
        Ok(())
    }

    /// The model's awards again (its texts, or whether it is in the period, changed).
    fn refresh_awards_of(&mut self, s: &Store, model: Id, m: Option<&Model>) -> ApiResult<()> {
        self.awards.retain(|a| a.model != model);
        let Some(m) = m else { return Ok(()) };
        for k in s.tree(T::AwardsByModel).scan_prefix(keys::id(model)).keys() {
            let k = k.map_err(io)?;
            let id = keys::id_at(&k, 8, T::AwardsByModel.name())?;
            self.update_award_with(s, id, Some(m))?;
        }
        Ok(())
    }

    fn update_award(&mut self, s: &Store, id: Id) -> ApiResult<()> {
        self.update_award_with(s, id, None)
    }

    fn update_award_with(&mut self, s: &Store, id: Id, m: Option<&Model>) -> ApiResult<()> {
        let at = self.awards.binary_search_by_key(&id, |a| a.id);
        if let Ok(p) = at {
            self.awards.remove(p);
        }
        let Some(a) = s.get::<Award>(T::Awards, &keys::id(id))? else {
            return Ok(());
        };
        if !self.by_id.contains_key(&a.model) {
            return Ok(());
        }
        let owned;
        let m = match m {
            Some(m) if m.id == a.model => m,
            _ => match s.get::<Model>(T::Models, &keys::id(a.model))? {
                Some(x) => {
                    owned = x;
                    &owned
                }
                None => return Ok(()),
            },
        };
        let hay = self.award_hay(&a, m);
        let p = self.awards.partition_point(|x| x.id < id);
        self.awards.insert(
            p,
            AwardEntry {
                id,
                model: a.model,
                hay,
            },
        );
        Ok(())
    }

    // --- answering -------------------------------------------------------------------------

    /// Rows kept by the filters, when any filter is set.
    fn filtered(&self, f: &Filters, cutoff: NaiveDate) -> Option<Bits> {
        if *f == Filters::default() {
            return None;
        }
        let field = match &f.field {
            Some(code) => match self.fields.iter().position(|x| x == code) {
                Some(i) => Some(i as u16),
                None => return Some(Bits::new(self.slots.len())),
            },
            None => None,
        };
        let mut bits = Bits::new(self.slots.len());
        for (i, s) in self.slots.iter().enumerate() {
            let Some(s) = s else { continue };
            let keep = f.kind.is_none_or(|k| s.kind == k)
                && field.is_none_or(|x| s.field == x)
                && f.step.is_none_or(|x| s.step == x)
                && f.unit.is_none_or(|u| s.unit == u)
                && f.status.is_none_or(|x| s.status == x)
                && f.outcome.is_none_or(|x| s.outcome == x)
                && (!f.overdue || (s.eligible && s.last < cutoff))
                && f.lacking.is_none_or(|l| {
                    s.status.counted()
                        && match l {
                            Lack::Criteria => s.progress.is_none(),
                            Lack::Content => !s.has_content,
                        }
                });
            if keep {
                bits.set(i as u32);
            }
        }
        Some(bits)
    }

    /// Rows whose texts hold the folded query, when there is one.
    fn searched(&mut self, q: &str) -> Option<Bits> {
        if q.is_empty() {
            return None;
        }
        let bits = match &self.search {
            Some(k) if k.version == self.version && k.query == q => k.bits.clone(),
            // Narrowed when few rows matched; after one letter a scan is quicker.
            Some(k)
                if k.version == self.version
                    && q.starts_with(k.query.as_str())
                    && k.bits.count() * 8 < self.live as u64 =>
            {
                self.hay.narrow(q, &k.bits)
            }
            _ => self.hay.find(q, self.slots.len()),
        };
        self.search = Some(Search {
            query: q.to_string(),
            version: self.version,
            bits: bits.clone(),
        });
        Some(bits)
    }

    /// The slots of a Models or Progress view, in order: `(total, positions start.., located)`.
    fn model_window(
        &mut self,
        view: &ViewSpec,
        q: &str,
        as_of: NaiveDate,
        start: u64,
        len: u64,
        locate: Option<Id>,
    ) -> (u64, u64, Vec<u32>, Option<u64>) {
        let interval = self.period.checkin_interval_days as i64;
        let cutoff = as_of - chrono::Duration::days(interval);
        let mut keep = self.filtered(&view.filters, cutoff);
        if let Some(found) = self.searched(q) {
            match &mut keep {
                Some(k) => k.and(&found),
                None => keep = Some(found),
            }
        }
        let total = keep.as_ref().map_or(self.live as u64, Bits::count);
        let start = start.min(total.saturating_sub(len));
        let end = start + len.min(total - start);
        let want = locate.and_then(|id| self.by_id.get(&id).copied());
        let mut out = Vec::with_capacity((end - start) as usize);
        let mut located = None;
        let progress = view.table == TableKind::Progress;
        let o = if progress {
            Order::Seen
        } else {
            Order::of(view.sort, view.lang)
        };
        self.order(o);
        let order = &self.orders[&o];
        let desc = view.descending && !progress;
        if keep.is_none() && !progress {
            let at = |p: u64| {
                if desc {
                    order[order.len() - 1 - p as usize]
                } else {
                    order[p as usize]
                }
            };
            out.extend((start..end).map(at));
            if let Some(w) = want
                && let Some(p) = order.iter().position(|&x| x == w)
            {
                located = Some(if desc {
                    (order.len() - 1 - p) as u64
                } else {
                    p as u64
                });
            }
            return (total, start, out, located);
        }
        let mut k = 0u64;
        let mut visit = |slot: u32| {
            if keep.as_ref().is_none_or(|b| b.get(slot)) {
                if k >= start && k < end {
                    out.push(slot);
                }
                if Some(slot) == want {
                    located = Some(k);
                }
                k += 1;
            }
        };
        if progress {
            let overdue = |s: &Slot| s.eligible && s.last < cutoff;
            let mut late = Bits::new(self.slots.len());
            for (i, s) in self.slots.iter().enumerate() {
                if s.as_ref().is_some_and(overdue) {
                    late.set(i as u32);
                }
            }
            for &s in order {
                if late.get(s) {
                    visit(s);
                }
            }
            for &s in order {
                if !late.get(s) {
                    visit(s);
                }
            }
        } else if desc {
            order.iter().rev().for_each(|&s| visit(s));
        } else {
            order.iter().for_each(|&s| visit(s));
        }
        (total, start, out, located)
    }
}

fn unit_of(ix: &PeriodIndex, id: Id) -> Option<(&str, &str)> {
    ix.units.get(&id).map(|(c, n)| (c.as_str(), n.as_str()))
}

impl Store {
    /// Answer [`Request::Window`].
    /// The period indexes, brought up to date with the changes committed since they were
    /// last asked for (see the module's doc), locked while the guard lives.
    fn indexes(&self) -> ApiResult<std::sync::MutexGuard<'_, HashMap<String, PeriodIndex>>> {
        let mut periods = lock(&self.views.periods);
        let pending = std::mem::take(&mut *lock(&self.views.pending));
        if pending.wide {
            periods.clear();
        } else if !pending.models.is_empty() || !pending.awards.is_empty() {
            let mut failed = None;
            for ix in periods.values_mut() {
                let r = ix.update_models(self, &pending.models).and_then(|_| {
                    pending
                        .awards
                        .iter()
                        .try_for_each(|&id| ix.update_award(self, id))
                });
                if let Err(e) = r {
                    failed = Some(e);
                    break;
                }
            }
            if let Some(e) = failed {
                periods.clear();
                return Err(e);
            }
        }
        Ok(periods)
    }

    /// Each unit's latest check-in in the period, from its index when one is kept (the
    /// server keeps one once an interface has asked for a window); `None` when there is
    /// none, and the caller reads the models instead. An index is not built for this: a
    /// command listing units would pay seconds for it at a million models.
    pub(crate) fn last_checkins_indexed(
        &self,
        period: &str,
    ) -> ApiResult<Option<HashMap<Id, NaiveDate>>> {
        let periods = self.indexes()?;
        Ok(periods.get(period).map(PeriodIndex::last_checkins))
    }

    pub(crate) fn window(
        &self,
        period: Option<&str>,
        as_of: NaiveDate,
        view: &ViewSpec,
        start: u64,
        len: u32,
        locate: Option<Id>,
    ) -> ApiResult<WindowData> {
        let len = len.min(WINDOW_MAX) as u64;
        let mut q = fold(&view.query);
        if q.len() > QUERY_MAX {
            let mut cut = QUERY_MAX;
            while !q.is_char_boundary(cut) {
                cut -= 1;
            }
            q.truncate(cut);
        }
        // Read before the pending changes are taken: every change counted up to it is then
        // applied below.
        let generation = self.views.generation();
        let p = match self.resolve_period(period) {
            Ok(p) => p,
            Err(ApiError::Msg(Msg::UnknownPeriod { .. })) if period.is_none() => {
                return Ok(WindowData {
                    period: String::new(),
                    generation,
                    total: 0,
                    unfiltered: 0,
                    start: 0,
                    rows: match view.table {
                        TableKind::Units => WindowRows::Units(Vec::new()),
                        TableKind::Awards => WindowRows::Awards(Vec::new()),
                        _ => WindowRows::Models(Vec::new()),
                    },
                    located: None,
                });
            }
            Err(e) => return Err(e),
        };
        let mut periods = self.indexes()?;
        if !periods.contains_key(&p.code) {
            let ix = PeriodIndex::build(self, p.clone())?;
            periods.insert(p.code.clone(), ix);
        }
        let ix = periods.get_mut(&p.code).expect("built above");
        match view.table {
            TableKind::Models | TableKind::Progress => {
                let unfiltered = ix.live as u64;
                let (total, start, slots, located) =
                    ix.model_window(view, &q, as_of, start, len, locate);
                let mut rows = Vec::with_capacity(slots.len());
                for slot in slots {
                    let id = ix.slot(slot).id;
                    let Some(m) = self.get::<Model>(T::Models, &keys::id(id))? else {
                        continue;
                    };
                    let st: ModelStats = self.get(T::Stats, &keys::id(id))?.unwrap_or_default();
                    let unit = unit_of(ix, m.unit);
                    rows.push(super::reads::model_row(
                        m,
                        &st,
                        unit,
                        Some(&ix.period),
                        as_of,
                    ));
                }
                Ok(WindowData {
                    period: p.code,
                    generation,
                    total,
                    unfiltered,
                    start,
                    rows: WindowRows::Models(rows),
                    located,
                })
            }
            TableKind::Awards => {
                let unfiltered = ix.awards.len() as u64;
                let f = memchr::memmem::Finder::new(q.as_bytes());
                let shown: Vec<&AwardEntry> = ix
                    .awards
                    .iter()
                    .filter(|a| q.is_empty() || f.find(a.hay.as_bytes()).is_some())
                    .collect();
                let total = shown.len() as u64;
                let start = start.min(total.saturating_sub(len));
                let located = locate.and_then(|id| shown.iter().position(|a| a.id == id));
                let mut rows = Vec::new();
                for a in shown.iter().skip(start as usize).take(len as usize) {
                    let Some(award) = self.get::<Award>(T::Awards, &keys::id(a.id))? else {
                        continue;
                    };
                    let Some(m) = self.get::<Model>(T::Models, &keys::id(a.model))? else {
                        continue;
                    };
                    let unit_name = unit_of(ix, m.unit).map_or(String::new(), |u| u.1.into());
                    rows.push(super::reads::award_row(award, m, unit_name));
                }
                Ok(WindowData {
                    period: p.code,
                    generation,
                    total,
                    unfiltered,
                    start,
                    rows: WindowRows::Awards(rows),
                    located: located.map(|x| x as u64),
                })
            }
            TableKind::Units => {
                let all = self.unit_rows_with(Some(&ix.period), &ix.last_checkins())?;
                let unfiltered = all.len() as u64;
                let shown: Vec<UnitRow> = all
                    .into_iter()
                    .filter(|u| {
                        q.is_empty() || fold_parts(&[&u.unit.code, &u.unit.name]).contains(&q)
                    })
                    .collect();
                let total = shown.len() as u64;
                let start = start.min(total.saturating_sub(len));
                let located = locate
                    .and_then(|id| shown.iter().position(|u| u.unit.id == id))
                    .map(|x| x as u64);
                let rows = shown
                    .into_iter()
                    .skip(start as usize)
                    .take(len as usize)
                    .collect();
                Ok(WindowData {
                    period: p.code,
                    generation,
                    total,
                    unfiltered,
                    start,
                    rows: WindowRows::Units(rows),
                    located,
                })
            }
        }
    }
}
