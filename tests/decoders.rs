//! The decoders of bytes that come from outside the database — a backup, the journal, the
//! status cache — given random and hostile bytes (lengths claiming far more than is there,
//! cut-short and nested values, with checksums made right so the decoder proper is reached)
//! answer an error or a value: never a panic, never an abort, and never an allocation out of
//! proportion to the bytes given. The largest single allocation made while decoding is
//! watched by this test's allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use proptest::prelude::*;

/// Cases per decoder and kind of input.
const CASES: u32 = 400;

struct Watch;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note(n: usize) {
    let _ = LARGEST.try_with(|c| {
        if n > c.get() {
            c.set(n)
        }
    });
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Watch {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        note(l.size());
        unsafe { System.alloc(l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        note(l.size());
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        note(new);
        unsafe { System.realloc(p, l, new) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static ALLOC: Watch = Watch;

/// Run a decoder and return the largest allocation it made. What it may set aside for a
/// claimed length is at most four times the bytes given (see `decode_bounded`), plus what
/// serde reserves ahead for a sequence (at most 1 MiB).
fn bounded(input: &[u8], decode: impl FnOnce(&[u8])) {
    LARGEST.with(|c| c.set(0));
    decode(input);
    let largest = LARGEST.with(|c| c.get());
    let limit = 4 * input.len().max(1 << 12) + (1 << 20);
    assert!(
        largest <= limit,
        "{largest} bytes allocated at once for {} bytes of input",
        input.len()
    );
}

fn backup(b: &[u8]) {
    let _ = dvk::store::decode_backup(b);
}
fn journal(b: &[u8]) {
    let _ = dvk::store::decode_journal(b);
}
fn cache(b: &[u8]) {
    let _ = dvk::store::figures::decode_cache(b);
}

/// A real backup's body (the dataset's envelope), behind its header.
fn backup_body() -> Vec<u8> {
    let b = dvk::store::encode_backup_at(&dvk::demo::dataset(), 0);
    b[20..b.len() - 4].to_vec()
}

fn backup_of(body: &[u8]) -> Vec<u8> {
    let mut b = b"DVKBAK\r\n".to_vec();
    b.extend_from_slice(&2u32.to_le_bytes());
    b.extend_from_slice(&0i64.to_le_bytes());
    b.extend_from_slice(body);
    let crc = crc32fast::hash(&b);
    b.extend_from_slice(&crc.to_le_bytes());
    b
}

type Named = Vec<(String, Vec<(Vec<u8>, Option<Vec<u8>>)>)>;

fn journal_body() -> Vec<u8> {
    let w: Named = vec![
        (
            "units".into(),
            vec![
                (vec![0, 0, 0, 1], Some(b"chi bo".to_vec())),
                (vec![2], None),
            ],
        ),
        ("models".into(), vec![(vec![9; 8], Some(vec![1; 40]))]),
    ];
    bincode::serde::encode_to_vec(&w, bincode::config::standard()).unwrap()
}

/// A named journal, marked as being applied, whose checksum fits its body.
fn journal_of(body: &[u8]) -> Vec<u8> {
    let mut b = b"DVKN\x01\x01\0\0".to_vec();
    b.extend_from_slice(&crc32fast::hash(body).to_be_bytes());
    b.extend_from_slice(&(body.len() as u64).to_be_bytes());
    b.extend_from_slice(body);
    b
}

fn cache_body() -> Vec<u8> {
    let mut f = dvk::store::figures::Figures {
        schema: dvk::store::SCHEMA_VERSION,
        ..Default::default()
    };
    f.counters.insert(b"P2017-2020\0a".to_vec(), 12);
    f.fields = dvk::domain::codes::default_fields();
    let b = dvk::store::figures::encode_cache(&[7; 16], &f);
    b[12..].to_vec()
}

fn cache_of(body: &[u8]) -> Vec<u8> {
    let mut b = b"DVKSTAT1".to_vec();
    b.extend_from_slice(&crc32fast::hash(body).to_be_bytes());
    b.extend_from_slice(body);
    b
}

/// A varint claiming the largest length there is, and a few merely enormous ones.
const HUGE: [&[u8]; 4] = [
    &[0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    &[0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
    &[0xfc, 0xff, 0xff, 0xff, 0x7f],
    &[0xfb, 0xff, 0xff],
];

#[derive(Debug, Clone)]
enum Damage {
    Cut(usize),
    Huge(usize, usize),
    Flip(usize, u8),
    Splice(usize, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Vec<Damage>> {
    let one = prop_oneof![
        any::<usize>().prop_map(Damage::Cut),
        (any::<usize>(), 0..HUGE.len()).prop_map(|(a, h)| Damage::Huge(a, h)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, x)| Damage::Flip(a, x)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 0..24)
        )
            .prop_map(|(a, v)| Damage::Splice(a, v)),
    ];
    proptest::collection::vec(one, 1..4)
}

fn apply(mut body: Vec<u8>, ds: &[Damage]) -> Vec<u8> {
    for d in ds {
        let n = body.len().max(1);
        match d {
            Damage::Cut(a) => body.truncate(a % n),
            Damage::Huge(a, h) => {
                let at = a % n;
                body.truncate(at);
                body.extend_from_slice(HUGE[*h]);
                body.extend_from_slice(&[1, 2, 3]);
            }
            Damage::Flip(a, x) => {
                if !body.is_empty() {
                    body[a % n] ^= x | 1;
                }
            }
            Damage::Splice(a, v) => {
                let at = a % n.min(body.len() + 1);
                body.splice(at..at, v.iter().copied());
            }
        }
    }
    body
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn random_bytes_never_abort(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        for decode in [backup, journal, cache] {
            bounded(&bytes, decode);
        }
        // Random bodies behind right headers and checksums.
        bounded(&backup_of(&bytes), backup);
        bounded(&journal_of(&bytes), journal);
        bounded(&cache_of(&bytes), cache);
    }

    #[test]
    fn a_damaged_backup_is_refused_not_fatal(ds in damage()) {
        bounded(&backup_of(&apply(backup_body(), &ds)), backup);
    }

    #[test]
    fn a_damaged_journal_is_refused_not_fatal(ds in damage()) {
        bounded(&journal_of(&apply(journal_body(), &ds)), journal);
    }

    #[test]
    fn a_damaged_status_cache_is_refused_not_fatal(ds in damage()) {
        bounded(&cache_of(&apply(cache_body(), &ds)), cache);
    }
}

/// The seeds are real: undamaged, each decodes.
#[test]
fn the_undamaged_inputs_decode() {
    assert!(dvk::store::decode_backup(&backup_of(&backup_body())).is_ok());
    assert!(matches!(
        dvk::store::decode_journal(&journal_of(&journal_body())),
        dvk::store::DecodedJournal::Whole(_)
    ));
    assert!(dvk::store::figures::decode_cache(&cache_of(&cache_body())).is_some());
}

/// A length claiming 2^63 bytes in each: an error, at once.
#[test]
fn the_largest_claimed_lengths_are_refused() {
    let mut body = vec![0u8]; // the envelope's first variant
    body.extend_from_slice(HUGE[1]);
    bounded(&backup_of(&body), |b| {
        assert!(dvk::store::decode_backup(b).is_err())
    });
    let mut body = vec![1u8];
    body.extend_from_slice(HUGE[1]);
    bounded(&journal_of(&body), |b| {
        assert!(matches!(
            dvk::store::decode_journal(b),
            dvk::store::DecodedJournal::Damaged
        ))
    });
    let mut body = vec![1u8, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7];
    body.extend_from_slice(HUGE[1]);
    bounded(&cache_of(&body), |b| {
        assert!(dvk::store::figures::decode_cache(b).is_none())
    });
}
