//! A file read in parts gives the rows, lines and problems of the file read whole, wherever
//! the parts end: quoted cells across lines, quotes inside cells, every line end.

use super::table::{self, Parts, Place};
use super::*;

/// Rows as (line, cells).
type Rows = Vec<(u64, Vec<String>)>;
/// Problems as (line, column).
type Places = Vec<(u64, usize)>;

/// Every row and problem of a file read in parts of `size`, and the number of parts.
fn in_parts(data: &[u8], size: usize) -> (Rows, Places, usize) {
    let spec = ImportKind::Units.columns();
    let mut parts = Parts::new(data, size);
    let (mut rows, mut problems, mut n) = (vec![], vec![], 0);
    let mut head = None;
    while let Some((bytes, at)) = parts.next_part().unwrap() {
        let (t, h) = table::read_part(&bytes, spec, head.as_ref(), at, 0, &|_, _| {});
        head.get_or_insert(h);
        rows.extend(t.rows.into_iter().map(|r| (r.line, r.cells)));
        problems.extend(t.problems.iter().map(|p| (p.line, p.column)));
        n += 1;
    }
    (rows, problems, n)
}

fn whole(data: &[u8]) -> (Rows, Places) {
    let t = table::read(data, ImportKind::Units.columns(), &|_, _| {});
    (
        t.rows.into_iter().map(|r| (r.line, r.cells)).collect(),
        t.problems.iter().map(|p| (p.line, p.column)).collect(),
    )
}

#[test]
fn parts_end_between_rows_whatever_their_size() {
    let body = "code,name,kind\n\
                CB1,\"Chi bộ, một\",party_cell\n\
                CB2,\"hai\ndòng \"\"trích\"\"\n\",party_cell\n\
                CB3,ba\"có ngoặc,agency\n\
                \n\
                CB4,\"bốn\r\nx\",party_cell\n\
                CB5,thiếu ô\n\
                CB6,\"\",other\n";
    for ends in ["\n", "\r\n", "\r"] {
        let text = format!("\u{feff}{}", body.replace('\n', ends));
        let data = text.as_bytes();
        let want = whole(data);
        assert_eq!(want.0.len(), 5, "{ends:?}: {want:?}");
        assert_eq!(want.1.len(), 1, "{ends:?}: the short row");
        for size in 1..data.len() + 2 {
            let (rows, problems, n) = in_parts(data, size);
            assert_eq!(
                (&rows, &problems),
                (&want.0, &want.1),
                "{ends:?}, parts of {size}"
            );
            if size <= 8 {
                assert!(n >= 6, "{ends:?}: {n} parts of {size}");
            }
        }
    }
}

#[test]
fn a_semicolon_file_is_cut_by_its_own_delimiter() {
    let text = "code;name\nCB1;\"a;\nb\"\nCB2;c\n";
    let want = whole(text.as_bytes());
    for size in 1..text.len() {
        let (rows, _, _) = in_parts(text.as_bytes(), size);
        assert_eq!(rows, want.0, "parts of {size}");
    }
    let _ = Place::default();
}
