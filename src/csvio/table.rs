//! The file as a table: bytes to a checked header and rows of UTF-8 cells, with every
//! problem of the file's shape (encoding, header, cell counts) collected rather than stopping
//! at the first. [`Cells`] then gives the record builders of `parse.rs` typed access to one
//! row, each read reporting its problem at the row's line and the cell's column.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::CsvProblem;
use super::cells;
use crate::domain::validate::FieldError;
use crate::domain::{Coded, Msg};

/// A column a file of some kind may have.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub required: bool,
}

pub const fn req(name: &'static str) -> Col {
    Col {
        name,
        required: true,
    }
}

pub const fn opt(name: &'static str) -> Col {
    Col {
        name,
        required: false,
    }
}

/// One data row: its first line in the file and its cells in file order.
pub struct RawRow {
    pub line: u64,
    pub cells: Vec<String>,
}

pub struct Table {
    /// Header names in file order, trimmed and lower-cased.
    pub columns: Vec<String>,
    /// Column name of the spec → 0-based position in the file (first occurrence).
    pub index: HashMap<&'static str, usize>,
    pub rows: Vec<RawRow>,
    pub problems: Vec<CsvProblem>,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How often, in rows, the progress callback is told; often enough for a bar to move,
/// rarely enough to cost nothing next to parsing.
const PROGRESS_EVERY: u64 = 512;

fn decode(bytes: &[u8], line: u64, column: usize, problems: &mut Vec<CsvProblem>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            problems.push(CsvProblem {
                line,
                column,
                msg: Msg::BadUtf8,
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// A line break inside a quoted cell is `\n`, whichever line end the file uses (a file
/// written with CR line ends has lone CRs inside its multi-line cells).
fn line_ends(s: String) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }
}

/// Line numbers as an editor shows them: a line ends at LF, at CRLF or at a lone CR.
struct Lines {
    /// Byte offset at which each line after the first begins.
    starts: Vec<usize>,
}

impl Lines {
    fn new(data: &[u8]) -> Lines {
        let mut starts = Vec::new();
        for (i, &b) in data.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Lines { starts }
    }

    /// The line of the record that the reader placed at byte `at`. The reader may place a
    /// record at the line end left over from the one before (the LF of a CRLF); a record
    /// never begins with a line end, so those bytes are skipped first.
    fn of(&self, data: &[u8], at: u64) -> u64 {
        let mut at = at as usize;
        while matches!(data.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        self.starts.partition_point(|&s| s <= at) as u64 + 1
    }
}

/// The delimiter of a file, from its header line: `;` when the header has semicolons and no
/// comma outside quotes, or more semicolons than commas (what Excel saves with Vietnamese
/// regional settings, where the comma is the decimal mark); otherwise `,`.
pub fn delimiter(data: &[u8]) -> u8 {
    let data = data.strip_prefix(UTF8_BOM).unwrap_or(data);
    let (mut commas, mut semis, mut quoted) = (0usize, 0usize, false);
    for &b in data {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > 0 && (commas == 0 || semis > commas) {
        b';'
    } else {
        b','
    }
}

/// Read the whole file. Rows whose cell count differs from the header are reported and left
/// out, so their cells are not blamed on the wrong columns; rows whose cells are all empty
/// (what spreadsheets leave under a table) are skipped.
pub fn read(data: &[u8], spec: &[Col], progress: &dyn Fn(u64, u64)) -> Table {
    let total = data.strip_prefix(UTF8_BOM).unwrap_or(data).len() as u64;
    read_part(data, spec, None, Place::default(), total, progress).0
}

/// Where a part of a file begins: the lines and bytes before it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place {
    pub lines: u64,
    pub bytes: u64,
}

/// The header of a file read in parts, from its first part.
#[derive(Debug, Clone)]
pub struct Head {
    pub columns: Vec<String>,
    pub delimiter: u8,
}

/// Read one part of a file ([`Parts`]): the first (`head` is `None`) begins with the header;
/// the others take the first's header and go on counting lines from `at`. Returns the table
/// and the header it was read with.
pub fn read_part(
    data: &[u8],
    spec: &[Col],
    head: Option<&Head>,
    at: Place,
    total: u64,
    progress: &dyn Fn(u64, u64),
) -> (Table, Head) {
    let data = match head {
        None => data.strip_prefix(UTF8_BOM).unwrap_or(data),
        Some(_) => data,
    };
    let delim = head.map_or_else(|| delimiter(data), |h| h.delimiter);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut problems = Vec::new();
    let mut rec = csv::ByteRecord::new();
    let lines = Lines::new(data);

    let mut columns = Vec::new();
    // Reading from a byte slice cannot fail with I/O; csv-core is lenient about quotes, so
    // an error here would only be an internal one, reported at line 1 rather than hidden.
    match head {
        Some(h) => columns = h.columns.clone(),
        None => match rdr.read_byte_record(&mut rec) {
            Ok(true) => {
                for (i, b) in rec.iter().enumerate() {
                    columns.push(decode(b, 1, i + 1, &mut problems).trim().to_lowercase());
                }
            }
            Ok(false) => {}
            Err(e) => problems.push(CsvProblem {
                line: 1,
                column: 1,
                msg: Msg::BadCsv {
                    detail: e.to_string(),
                },
            }),
        },
    }
    // The header's problems are the first part's.
    let index = match head {
        None => check_header(&columns, spec, &mut problems),
        Some(_) => check_header(&columns, spec, &mut Vec::new()),
    };

    let mut rows = Vec::new();
    let mut n = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(1, |p| lines.of(data, p.byte())) + at.lines;
                problems.push(CsvProblem {
                    line,
                    column: 1,
                    msg: Msg::BadCsv {
                        detail: e.to_string(),
                    },
                });
                break;
            }
        }
        let pos = rec.position().map_or((0, 0), |p| (p.line(), p.byte()));
        let line = lines.of(data, pos.1) + at.lines;
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) {
            progress(at.bytes + pos.1, total);
        }
        if rec.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if rec.len() != columns.len() {
            let column = rec.len().min(columns.len()) + 1;
            let msg = Msg::CellCount {
                found: rec.len() as u64,
                expected: columns.len() as u64,
            };
            problems.push(CsvProblem { line, column, msg });
            continue;
        }
        let cells = rec
            .iter()
            .enumerate()
            .map(|(i, b)| line_ends(cells::unguard(decode(b, line, i + 1, &mut problems))))
            .collect();
        rows.push(RawRow { line, cells });
    }
    progress((at.bytes + data.len() as u64).min(total), total);
    let head = Head {
        columns: columns.clone(),
        delimiter: delim,
    };
    (
        Table {
            columns,
            index,
            rows,
            problems,
        },
        head,
    )
}

/// The lines a part of a file holds: it ends right after a line end, so the next part
/// begins on the line after.
pub fn lines_in(data: &[u8]) -> u64 {
    Lines::new(data).starts.len() as u64
}

/// Where a scan of CSV bytes is within a record, as csv-core reads them.
#[derive(Clone, Copy, PartialEq)]
enum Scan {
    /// At the start of a cell.
    Start,
    /// In a cell not quoted (a quote there is a character).
    Bare,
    Quoted,
    /// At a quote inside a quoted cell: its end, or the first of two.
    QuoteInQuoted,
}

/// A file read in parts of about `size` bytes, each ending at the end of a record, so that
/// no part holds half a row: the file is never held whole.
pub struct Parts<R> {
    src: R,
    size: usize,
    buf: Vec<u8>,
    /// Bytes of `buf` already scanned, the state after them, and the end of the last whole
    /// record among them.
    scanned: usize,
    state: Scan,
    cut: usize,
    delimiter: Option<u8>,
    eof: bool,
    /// The lines and bytes before the next part; the BOM is not counted.
    at: Place,
}

impl<R: std::io::Read> Parts<R> {
    pub fn new(src: R, size: usize) -> Parts<R> {
        Parts {
            src,
            size: size.max(1),
            buf: Vec::new(),
            scanned: 0,
            state: Scan::Start,
            cut: 0,
            delimiter: None,
            eof: false,
            at: Place::default(),
        }
    }

    fn fill(&mut self) -> std::io::Result<()> {
        let want = self.buf.len() + self.size.max(64 << 10);
        let old = self.buf.len();
        self.buf.resize(want, 0);
        let mut n = old;
        while n < want {
            match self.src.read(&mut self.buf[n..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(n);
                    return Err(e);
                }
            }
        }
        self.buf.truncate(n);
        Ok(())
    }

    fn scan(&mut self, delim: u8) {
        let buf = &self.buf;
        let mut i = self.scanned;
        while i < buf.len() {
            let b = buf[i];
            self.state = match (self.state, b) {
                (Scan::Quoted, b'"') => Scan::QuoteInQuoted,
                (Scan::Quoted, _) => Scan::Quoted,
                (Scan::Start | Scan::QuoteInQuoted, b'"') => Scan::Quoted,
                (_, b'\n') => {
                    self.cut = i + 1;
                    Scan::Start
                }
                (_, b'\r') => match buf.get(i + 1) {
                    // Not yet known whether an LF follows: look again with more bytes.
                    None if !self.eof => break,
                    Some(b'\n') => Scan::Start,
                    _ => {
                        self.cut = i + 1;
                        Scan::Start
                    }
                },
                (_, d) if d == delim => Scan::Start,
                _ => Scan::Bare,
            };
            i += 1;
            if self.cut >= self.size {
                break;
            }
        }
        self.scanned = i;
    }

    /// The next part and where it begins, `None` at the end of the file.
    pub fn next_part(&mut self) -> std::io::Result<Option<(Vec<u8>, Place)>> {
        if self.delimiter.is_none() {
            self.fill()?;
            self.delimiter = Some(delimiter(&self.buf));
        }
        let delim = self.delimiter.unwrap_or(b',');
        loop {
            self.scan(delim);
            if self.cut >= self.size || (self.eof && self.scanned == self.buf.len()) {
                break;
            }
            self.fill()?;
        }
        // At the end of the file the last part takes what is left, ended or not.
        let end = if self.eof && self.scanned == self.buf.len() && self.cut < self.size {
            self.buf.len()
        } else {
            self.cut
        };
        if end == 0 {
            return Ok(None);
        }
        let rest = self.buf.split_off(end);
        let part = std::mem::replace(&mut self.buf, rest);
        self.scanned -= end;
        self.cut = 0;
        let at = self.at;
        let counted = match at.bytes {
            0 => part.strip_prefix(UTF8_BOM).unwrap_or(&part),
            _ => &part,
        };
        self.at.lines += lines_in(counted);
        self.at.bytes += counted.len() as u64;
        Ok(Some((part, at)))
    }
}

fn check_header(
    columns: &[String],
    spec: &[Col],
    problems: &mut Vec<CsvProblem>,
) -> HashMap<&'static str, usize> {
    let mut index = HashMap::new();
    for (i, name) in columns.iter().enumerate() {
        let column = i + 1;
        match spec.iter().find(|c| c.name == name) {
            None => problems.push(CsvProblem {
                line: 1,
                column,
                msg: Msg::UnknownColumn {
                    name: cells::echo(name),
                },
            }),
            Some(c) => {
                if index.contains_key(c.name) {
                    problems.push(CsvProblem {
                        line: 1,
                        column,
                        msg: Msg::DuplicateColumn {
                            name: c.name.into(),
                        },
                    });
                } else {
                    index.insert(c.name, i);
                }
            }
        }
    }
    for c in spec
        .iter()
        .filter(|c| c.required && !index.contains_key(c.name))
    {
        problems.push(CsvProblem {
            line: 1,
            column: 1,
            msg: Msg::MissingColumn {
                name: c.name.into(),
            },
        });
    }
    index
}

/// The column (1-based) that a problem about `name` is shown at: its own, or for a value
/// that has no column in this file, the row's key column (`code` or `model_code`), or 1.
pub fn column_of(name: &str, columns: &[String]) -> usize {
    let pos = |n: &str| columns.iter().position(|c| c == n);
    pos(name)
        .or_else(|| pos("code"))
        .or_else(|| pos("model_code"))
        .map_or(1, |i| i + 1)
}

/// Typed access to one row. Every read that fails records its problem and returns a
/// stand-in value, so one pass over the row finds all of its problems.
pub struct Cells<'a> {
    pub line: u64,
    row: &'a RawRow,
    table: &'a Table,
    spec: &'a [Col],
    pub problems: &'a mut Vec<CsvProblem>,
}

impl<'a> Cells<'a> {
    pub fn new(
        row: &'a RawRow,
        table: &'a Table,
        spec: &'a [Col],
        problems: &'a mut Vec<CsvProblem>,
    ) -> Self {
        Cells {
            line: row.line,
            row,
            table,
            spec,
            problems,
        }
    }

    /// The cell as written ("" when the file has no such column).
    pub fn raw(&self, name: &str) -> &'a str {
        self.table
            .index
            .get(name)
            .map_or("", |&i| self.row.cells[i].as_str())
    }

    pub fn text(&self, name: &str) -> String {
        self.raw(name).to_string()
    }

    fn blank(&self, name: &str) -> bool {
        self.raw(name).trim().is_empty()
    }

    /// Record a problem about `name`. A required column missing from the header was
    /// reported once there; repeating it on every row would bury the other problems.
    pub fn bad(&mut self, name: &str, msg: Msg) {
        let absent = !self.table.index.contains_key(name);
        if absent && self.spec.iter().any(|c| c.name == name && c.required) {
            return;
        }
        let column = column_of(name, &self.table.columns);
        self.problems.push(CsvProblem {
            line: self.line,
            column,
            msg,
        });
    }

    fn got<T>(&mut self, name: &str, r: Result<T, Msg>) -> Option<T> {
        r.map_err(|m| self.bad(name, m)).ok()
    }

    /// A value that must be there: empty is reported as required.
    fn need<T>(&mut self, name: &str, f: impl FnOnce(&str) -> Result<T, Msg>) -> Option<T> {
        if self.blank(name) {
            self.bad(name, Msg::Required);
            return None;
        }
        let r = f(self.raw(name));
        self.got(name, r)
    }

    /// A value that may be left empty (`None`).
    fn may<T>(&mut self, name: &str, f: impl FnOnce(&str) -> Result<T, Msg>) -> Option<T> {
        if self.blank(name) {
            return None;
        }
        let r = f(self.raw(name));
        self.got(name, r)
    }

    /// A required date; a placeholder when wrong (the row is rejected anyway).
    pub fn date(&mut self, name: &str) -> NaiveDate {
        self.need(name, cells::date).unwrap_or_default()
    }

    pub fn opt_date(&mut self, name: &str) -> Option<NaiveDate> {
        self.may(name, cells::date)
    }

    /// A fixed-list value; `default` when empty, required when there is no default.
    pub fn coded<T: Coded>(&mut self, name: &str, default: Option<T>) -> T {
        match default {
            Some(d) => self.may(name, cells::coded).unwrap_or(d),
            None => self.need(name, cells::coded).unwrap_or(T::ALL[0]),
        }
    }

    pub fn boolean(&mut self, name: &str, default: bool) -> bool {
        self.may(name, cells::boolean).unwrap_or(default)
    }

    /// A whole number of at least `min`, `None` when empty.
    pub fn whole<T: TryFrom<u64>>(&mut self, name: &str, min: u64) -> Option<T> {
        self.may(name, |s| cells::whole(s, min))
    }

    /// A code referring to another record (`unit_code`, `model_code`, `parent_code`).
    pub fn code(&mut self, name: &str) -> String {
        self.need(name, crate::domain::validate::clean_code)
            .unwrap_or_default()
    }

    pub fn opt_code(&mut self, name: &str) -> Option<String> {
        self.may(name, crate::domain::validate::clean_code)
    }

    /// A value parsed with `f`, `None` when empty or wrong.
    pub fn with<T>(
        &mut self,
        name: &str,
        required: bool,
        f: impl FnOnce(&str) -> Result<T, Msg>,
    ) -> Option<T> {
        if required {
            self.need(name, f)
        } else {
            self.may(name, f)
        }
    }

    /// Report the field errors of `domain::validate` at their columns.
    pub fn validated(&mut self, r: Result<(), Vec<FieldError>>) {
        if let Err(errs) = r {
            for e in errs {
                self.bad(&e.field, e.msg);
            }
        }
    }
}

#[cfg(test)]
mod delimiter_tests {
    use super::delimiter;

    #[test]
    fn the_header_line_decides_the_delimiter() {
        assert_eq!(delimiter(b"code,name\nA;B,C\n"), b',');
        assert_eq!(delimiter(b"code;name;parent_code\nA,B;C;\n"), b';');
        assert_eq!(delimiter(b"\xEF\xBB\xBFcode;name\r\n"), b';');
        // Separators inside quotes do not count.
        assert_eq!(delimiter(b"\"a;b;c\",name\n"), b',');
        assert_eq!(delimiter(b"\"a,b\";name\n"), b';');
        // More semicolons than commas outside quotes.
        assert_eq!(delimiter(b"code;name;x,y\n"), b';');
        assert_eq!(delimiter(b"code\n"), b',');
        assert_eq!(delimiter(b""), b',');
    }
}
