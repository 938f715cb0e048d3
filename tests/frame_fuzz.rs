//! The frame decoders of the server's wire (`ClientFrame`, read by the server; `ServerFrame`,
//! read by every client) fed random and hostile bodies: random bytes, valid frames cut short,
//! valid frames with a byte changed, valid frames with a huge varint spliced in (a string's or
//! a list's length of up to 2⁶⁴), and chains of small enum tags ending in a huge length (a
//! length nested deep in a request). Each must come back as a value or an error — never a
//! panic or an abort — and the memory the decoder asks for while doing so stays within a small
//! multiple of the body: every allocation is counted by this test's allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use dvk::api::{
    ApiError, Dataset, Filters, Notice, Request, Response, TableKind, UnitRow, ViewSpec,
    WindowData, WindowRows,
};
use dvk::domain::{Msg, RecordRef};
use dvk::server::proto::{self, ClientFrame, ServerFrame};
use proptest::prelude::*;
use proptest::sample::Index;

/// Cases run per decoder (the README quotes it).
const CASES_PER_DECODER: u32 = 4096;

thread_local! {
    static TRACK: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

/// The system allocator, counting what this thread asks for while `TRACK` is on.
struct Counting;

fn grew(by: usize, request: usize) {
    if TRACK.with(Cell::get) {
        LARGEST.with(|l| l.set(l.get().max(request)));
        LIVE.with(|l| {
            let now = l.get().saturating_add(by);
            l.set(now);
            PEAK.with(|p| p.set(p.get().max(now)));
        });
    }
}

fn shrank(by: usize) {
    if TRACK.with(Cell::get) {
        LIVE.with(|l| l.set(l.get().saturating_sub(by)));
    }
}

// SAFETY: every call is passed to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size(), layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size(), layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        if new > layout.size() {
            grew(new - layout.size(), new);
        } else {
            shrank(layout.size() - new);
        }
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Decode one body as a frame of type `T` (through the same reader the server and the
/// clients use), counting memory. Returns whether it decoded, the largest single request
/// and the peak of memory held.
fn decode<T: for<'de> serde::Deserialize<'de>>(body: &[u8], max: u32) -> (bool, usize, usize) {
    let mut framed = (body.len() as u32).to_be_bytes().to_vec();
    framed.extend_from_slice(body);
    LIVE.with(|c| c.set(0));
    PEAK.with(|c| c.set(0));
    LARGEST.with(|c| c.set(0));
    TRACK.with(|t| t.set(true));
    let ok = proto::read_frame::<T>(&mut framed.as_slice(), max).is_ok();
    TRACK.with(|t| t.set(false));
    (ok, LARGEST.with(Cell::get), PEAK.with(Cell::get))
}

/// What a body of `n` bytes may make the decoder ask for at once: its strings' bytes can
/// claim the first tier holding `proto::CLAIM` times the body, less than 64 times it (64 KiB
/// for a small body); serde preallocates a list's elements up to 1 MiB.
fn largest_allowed(n: usize) -> usize {
    (64 * n).max(proto::STEP) + (1 << 20)
}

/// And in all: a few lists being filled at once, and the decoded value itself.
fn peak_allowed(n: usize) -> usize {
    128 * n + (8 << 20)
}

fn body<T: serde::Serialize>(v: &T) -> Vec<u8> {
    let mut framed = Vec::new();
    proto::write_frame(&mut framed, v).unwrap();
    framed.split_off(4)
}

/// The demo period, a few records of each kind.
fn small_dataset() -> Dataset {
    let mut ds = dvk::demo::dataset();
    ds.units.truncate(3);
    ds.models.truncate(3);
    ds.checkins.truncate(3);
    ds.awards.truncate(3);
    ds.replications.truncate(3);
    ds.audit.truncate(3);
    ds
}

fn client_samples() -> Vec<Vec<u8>> {
    let ds = small_dataset();
    vec![
        body(&ClientFrame::Subscribe),
        body(&ClientFrame::Call(Request::Periods)),
        body(&ClientFrame::Call(Request::SaveDraft {
            text: "Dân vận khéo".into(),
        })),
        body(&ClientFrame::Call(Request::SaveModel(ds.models[0].clone()))),
        body(&ClientFrame::Call(Request::SaveCheckIn(
            ds.checkins[0].clone(),
        ))),
        body(&ClientFrame::Call(Request::Window {
            period: Some("2017-2020".into()),
            as_of: chrono::NaiveDate::from_ymd_opt(2020, 10, 20).unwrap(),
            view: ViewSpec {
                query: "khuổi phầy".into(),
                filters: Filters {
                    field: Some("economy".into()),
                    overdue: true,
                    ..Filters::default()
                },
                ..ViewSpec::of(TableKind::Models)
            },
            start: 999_880,
            len: 120,
            locate: Some(1_000),
        })),
        body(&ClientFrame::Call(Request::ImportPart {
            batch: dvk::api::ImportBatch::CheckIns(
                ds.checkins
                    .iter()
                    .enumerate()
                    .map(|(i, c)| dvk::api::CheckInImport {
                        line: i as u64 + 2,
                        checkin: c.clone(),
                        model_code: "MH-07".into(),
                    })
                    .collect(),
            ),
            first: true,
            last: false,
            dry_run: false,
        })),
        body(&ClientFrame::Call(Request::Load {
            dataset: Box::new(ds),
            replace: false,
        })),
    ]
}

fn server_samples() -> Vec<Vec<u8>> {
    let ds = small_dataset();
    vec![
        body(&ServerFrame::Welcome {
            user: "canbo".into(),
            db: "/srv/dvk/db".into(),
            conn: 12,
        }),
        body(&ServerFrame::Reply(Ok(Response::Units(ds.units.clone())))),
        body(&ServerFrame::Reply(Ok(Response::ImportPartTaken {
            rows: 40_000,
        }))),
        body(&ServerFrame::Reply(Err(ApiError::Msg(Msg::Io {
            detail: "đĩa đầy".into(),
        })))),
        body(&ServerFrame::Notice(Notice {
            seq: 7,
            conn: 12,
            user: "canbo".into(),
            records: vec![RecordRef::Model(3), RecordRef::Unit(1)],
        })),
        body(&ServerFrame::Reply(Ok(Response::Window(Box::new(
            WindowData {
                period: "2017-2020".into(),
                generation: 42,
                total: 1_000_000,
                unfiltered: 1_000_000,
                start: 120,
                rows: WindowRows::Units(vec![UnitRow {
                    unit: ds.units[0].clone(),
                    depth: 1,
                    models: 3,
                    drafts: 1,
                    last_checkin: None,
                }]),
                located: None,
            },
        ))))),
        body(&ServerFrame::Reply(Ok(Response::Window(Box::new(
            WindowData {
                period: "2017-2020".into(),
                generation: 43,
                total: 3,
                unfiltered: 13,
                start: 0,
                rows: WindowRows::Awards(vec![]),
                located: Some(2),
            },
        ))))),
        body(&ServerFrame::Reply(Ok(Response::Dataset(Box::new(ds))))),
    ]
}

/// A bincode varint of a large value: u16, u32, u64 or u128 form.
fn huge_varint() -> impl Strategy<Value = Vec<u8>> {
    let big = prop_oneof![
        Just(u64::MAX),
        Just(1u64 << 62),
        Just(1u64 << 40),
        Just(255u64 << 20),
        Just(u32::MAX as u64),
        (1u64 << 16)..u64::MAX,
    ];
    prop_oneof![
        big.clone().prop_map(|v| {
            let mut b = vec![253];
            b.extend_from_slice(&v.to_le_bytes());
            b
        }),
        any::<u32>().prop_map(|v| {
            let mut b = vec![252];
            b.extend_from_slice(&v.to_le_bytes());
            b
        }),
        any::<u16>().prop_map(|v| {
            let mut b = vec![251];
            b.extend_from_slice(&v.to_le_bytes());
            b
        }),
        big.prop_map(|v| {
            let mut b = vec![254];
            b.extend_from_slice(&(v as u128 * 3).to_le_bytes());
            b
        }),
    ]
}

/// A hostile body, and whether it can only be an error (a valid frame cut short).
fn hostile(samples: Vec<Vec<u8>>) -> impl Strategy<Value = (Vec<u8>, bool)> {
    let s1 = samples.clone();
    let s2 = samples.clone();
    let s3 = samples;
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512).prop_map(|b| (b, false)),
        (any::<Index>(), any::<Index>()).prop_map(move |(i, at)| {
            let s = i.get(&s1);
            let cut = at.index(s.len());
            (s[..cut].to_vec(), true)
        }),
        (any::<Index>(), any::<Index>(), huge_varint(), any::<bool>()).prop_map(
            move |(i, at, v, replace)| {
                let s = i.get(&s2);
                let at = at.index(s.len() + 1);
                let mut b = s[..at].to_vec();
                b.extend(v);
                let rest = if replace { (at + 1).min(s.len()) } else { at };
                b.extend_from_slice(&s[rest..]);
                (b, false)
            }
        ),
        (
            any::<Index>(),
            prop::collection::vec((any::<Index>(), any::<u8>()), 1..8)
        )
            .prop_map(move |(i, changes)| {
                let mut b = i.get(&s3).clone();
                for (at, byte) in changes {
                    let at = at.index(b.len());
                    b[at] = byte;
                }
                (b, false)
            }),
        (
            prop::collection::vec(0u8..24, 0..8),
            huge_varint(),
            prop::collection::vec(any::<u8>(), 0..16)
        )
            .prop_map(|(tags, v, tail)| {
                let mut b = tags;
                b.extend(v);
                b.extend(tail);
                (b, false)
            }),
    ]
}

fn check<T: for<'de> serde::Deserialize<'de>>(
    body: &[u8],
    only_error: bool,
    max: u32,
) -> Result<(), TestCaseError> {
    let (ok, largest, peak) = decode::<T>(body, max);
    let n = body.len();
    prop_assert!(!(only_error && ok), "a frame cut short decoded");
    prop_assert!(
        largest <= largest_allowed(n),
        "a body of {n} bytes made the decoder ask for {largest} bytes at once"
    );
    prop_assert!(
        peak <= peak_allowed(n),
        "a body of {n} bytes made the decoder hold {peak} bytes"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES_PER_DECODER,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn client_frames_decode_or_fail_within_bounded_memory(
        (b, only_error) in hostile(client_samples())
    ) {
        check::<ClientFrame>(&b, only_error, proto::MAX_REQUEST)?;
    }

    #[test]
    fn server_frames_decode_or_fail_within_bounded_memory(
        (b, only_error) in hostile(server_samples())
    ) {
        check::<ServerFrame>(&b, only_error, proto::MAX_RESPONSE)?;
    }
}

/// A string's length prefix claiming from 64 KiB to 2⁶⁴ bytes, in a body of a few bytes: an
/// error, and nothing of that size is asked for.
#[test]
fn a_huge_string_length_is_an_error_not_an_allocation() {
    // Call(SaveDraft { text: "" }) ends with the text's length, 0.
    let empty = body(&ClientFrame::Call(Request::SaveDraft {
        text: String::new(),
    }));
    assert_eq!(empty.last(), Some(&0));
    let prefix = &empty[..empty.len() - 1];
    for len in [
        70_000u64,
        1 << 20,
        200 << 20,
        255 << 20,
        1 << 32,
        1 << 40,
        1 << 62,
        u64::MAX,
    ] {
        let mut b = prefix.to_vec();
        b.push(253);
        b.extend_from_slice(&len.to_le_bytes());
        b.extend_from_slice(b"abc");
        let (ok, largest, _) = decode::<ClientFrame>(&b, proto::MAX_REQUEST);
        assert!(!ok, "length {len}");
        assert!(
            largest <= largest_allowed(b.len()),
            "length {len}: asked for {largest} bytes"
        );
    }
    // The same for a user's name in the server's welcome, read by every client.
    let mut b = vec![0u8, 253];
    b.extend_from_slice(&(1u64 << 33).to_le_bytes());
    let (ok, largest, _) = decode::<ServerFrame>(&b, proto::MAX_RESPONSE);
    assert!(!ok);
    assert!(largest <= largest_allowed(b.len()), "asked for {largest}");
}
