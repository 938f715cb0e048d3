//! Text rules shared by every edge of the program: NFC normalisation, refusal of control and
//! invisible format characters, diacritic-insensitive search keys, Vietnamese sort keys and
//! the number and date conventions of Vietnamese administrative reports.

use chrono::{Datelike, NaiveDate};

use crate::domain::Msg;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Why a piece of text was refused; the caller names the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    TooLong { max: usize },
    Control { ch: char },
    Invisible { ch: char },
}

/// True for characters that must never be stored: C0 and C1 controls (a newline is allowed
/// only where `multiline` is set) and invisible format characters that can reorder or hide
/// text (bidirectional overrides and isolates, zero-width characters, the BOM).
pub fn forbidden(ch: char, multiline: bool) -> Option<TextProblem> {
    let c = ch as u32;
    if ch == '\n' && multiline {
        return None;
    }
    if c < 0x20 || (0x7f..=0x9f).contains(&c) {
        return Some(TextProblem::Control { ch });
    }
    let invisible = matches!(c,
        0x00AD | 0x061C | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064
        | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB);
    if invisible {
        return Some(TextProblem::Invisible { ch });
    }
    None
}

/// Normalise user text: NFC, `\r\n` → `\n`, trimmed. Refuses forbidden characters.
/// `max` counts characters (after NFC), not bytes.
pub fn clean(input: &str, max: usize, multiline: bool) -> Result<String, TextProblem> {
    // Most text arrives already in NFC (and all of it when a record is checked again on its
    // way into the store): skip the rebuild then.
    let owned;
    let s: &str = if !input.contains('\r')
        && unicode_normalization::is_nfc_quick(input.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        input
    } else {
        owned = input.replace("\r\n", "\n").nfc().collect::<String>();
        &owned
    };
    let s = s.trim();
    for ch in s.chars() {
        if let Some(p) = forbidden(ch, multiline) {
            return Err(p);
        }
    }
    if s.chars().count() > max {
        return Err(TextProblem::TooLong { max });
    }
    Ok(s.to_string())
}

/// Like [`clean`] but an empty result is refused.
pub fn clean_required(input: &str, max: usize, multiline: bool) -> Result<String, TextProblem> {
    let s = clean(input, max, multiline)?;
    if s.is_empty() {
        Err(TextProblem::Empty)
    } else {
        Ok(s)
    }
}

/// Text made safe for a terminal: every forbidden character (and tab, newline) is replaced by
/// a visible stand-in. Used on anything that came from storage before it is drawn.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|ch| match ch {
            '\n' | '\t' => ' ',
            c if forbidden(c, false).is_some() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// A file name or path as printed in a message: control characters, invisible format
/// characters, tab and newline are written as escapes (`\x1b`, `\u{202e}`), so a crafted
/// name can neither drive the terminal nor hide what it is. Bytes that are not UTF-8 show as
/// U+FFFD.
pub fn shown_path(p: &std::path::Path) -> String {
    let s = p.to_string_lossy();
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let c = ch as u32;
        if ch == '\n' || ch == '\t' || forbidden(ch, false).is_some() {
            if c < 0x100 {
                out.push_str(&format!("\\x{c:02x}"));
            } else {
                out.push_str(&format!("\\u{{{c:x}}}"));
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// Search key: no diacritics, `đ` → `d`, lower case, runs of white space folded to one space.
/// `khuoi phay` matches the fold of “Khuổi Phầy”.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.nfd() {
        if is_combining_mark(ch) {
            continue;
        }
        let ch = match ch {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if ch.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.extend(ch.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Identity key of a name that may be typed differently: NFC, case and spacing ignored,
/// diacritics kept (awarding bodies: “Ban Dân vận  tỉnh ủy” is “Ban Dân vận Tỉnh ủy”).
pub fn name_key(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

// Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
// with f j w z (foreign words) in their Latin places; tones compare after letters, in the
// dictionary order ngang, huyền, hỏi, ngã, sắc, nặng.
const ALPHABET: &[&str] = &[
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

fn letter_rank(base: char, modifier: Option<char>) -> Option<u16> {
    let mut s = String::new();
    s.push(base);
    if let Some(m) = modifier {
        s.push(m);
    }
    let composed: String = s.nfc().collect();
    ALPHABET
        .iter()
        .position(|l| *l == composed)
        .map(|p| p as u16)
}

fn tone_rank(mark: char) -> Option<u8> {
    match mark {
        '\u{0300}' => Some(1), // huyền
        '\u{0309}' => Some(2), // hỏi
        '\u{0303}' => Some(3), // ngã
        '\u{0301}' => Some(4), // sắc
        '\u{0323}' => Some(5), // nặng
        _ => None,
    }
}

/// The search key of several texts: [`fold`] of them joined by spaces, built without an NFD
/// iterator per string (ASCII goes straight through; only other characters are decomposed).
pub fn fold_parts(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        let c = if c == 'đ' || c == 'Đ' { 'd' } else { c };
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    };
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            push(' ', &mut out);
        }
        for ch in part.chars() {
            if ch.is_ascii() {
                push(ch, &mut out);
            } else {
                unicode_normalization::char::decompose_canonical(ch, |d| {
                    if !is_combining_mark(d) {
                        push(d, &mut out)
                    }
                });
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A byte string whose order is Vietnamese alphabetical order (letters first, then tones,
/// then case). Digits sort before letters; punctuation and spaces before digits.
pub fn sort_key(s: &str) -> Vec<u8> {
    let mut primary: Vec<u16> = Vec::with_capacity(s.len());
    let mut tones: Vec<u8> = Vec::new();
    let mut cases: Vec<u8> = Vec::new();
    let nfc: String = s.nfc().collect();
    for ch in nfc.chars() {
        let lower: char = ch.to_lowercase().next().unwrap_or(ch);
        let upper = ch != lower;
        let mut base = None;
        let mut modifier = None;
        let mut tone = 0u8;
        for d in lower.to_string().nfd() {
            if is_combining_mark(d) {
                if let Some(t) = tone_rank(d) {
                    tone = t;
                } else if modifier.is_none() {
                    modifier = Some(d);
                }
            } else {
                base = Some(d);
            }
        }
        let base = base.unwrap_or(lower);
        let weight = if base == 'đ' {
            letter_rank('đ', None).map(|r| 0x200 + r)
        } else if base.is_ascii_alphabetic() {
            letter_rank(base, modifier)
                .or_else(|| letter_rank(base, None))
                .map(|r| 0x200 + r)
        } else if base.is_ascii_digit() {
            Some(0x100 + (base as u16 - '0' as u16))
        } else if base.is_whitespace() {
            Some(1)
        } else if base.is_alphabetic() {
            // Letters of other scripts after the Vietnamese alphabet, in code point order.
            Some(0x300u16.saturating_add((base as u32).min(0xFCFF) as u16))
        } else {
            Some(2)
        };
        primary.push(weight.unwrap_or(2));
        tones.push(tone);
        cases.push(upper as u8);
    }
    let mut key = Vec::with_capacity(primary.len() * 4 + 2);
    for w in primary {
        key.extend_from_slice(&w.to_be_bytes());
    }
    key.extend_from_slice(&[0, 0]);
    key.extend(tones);
    key.push(0);
    key.extend(cases);
    key
}

/// Compare two strings in Vietnamese order.
pub fn cmp_vi(a: &str, b: &str) -> std::cmp::Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// A count as Vietnamese reports write it: under ten with a leading zero (“01”, “09”).
pub fn count_vi(n: u64) -> String {
    if n < 10 {
        format!("{n:02}")
    } else {
        group_thousands(n, '.')
    }
}

/// Thousands grouped with `sep` (Vietnamese uses `.`, English `,`).
pub fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A percentage with one decimal, in the convention of `lang` (Vietnamese: `31,3%`).
pub fn percent(part: u64, whole: u64, vietnamese: bool) -> String {
    if whole == 0 {
        return "0%".into();
    }
    // Tenths of a percent, rounded half up as people do by hand (15/48 = 31,25% → 31,3%).
    let tenths = (part as u128 * 2000 + whole as u128) / (whole as u128 * 2);
    let s = format!("{}.{}", tenths / 10, tenths % 10);
    let s = if vietnamese { s.replace('.', ",") } else { s };
    format!("{s}%")
}

/// `12/10/2020`, the day-first date of Vietnamese reports (used in both languages).
pub fn date_dmy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Parse `YYYY-MM-DD` or `DD/MM/YYYY` (one-digit day and month accepted: `1/6/2017`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.contains('/') {
        let mut it = s.split('/');
        let (d, m, y) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    } else {
        let mut it = s.split('-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

/// The parts of a date as written: (year, month, day) by the same rules as [`parse_date`]
/// when `typed` is false; as typed in the interface when true: also `.` and `-` between a
/// day first (`20.10.2020`, `20-10-2020`) and a two-digit year (`20/10/20` is 2020).
fn date_parts(s: &str, typed: bool) -> Option<(i32, u32, u32)> {
    let s = s.trim();
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let seps: &[char] = if typed { &['/', '.', '-'] } else { &['/', '-'] };
    let sep = s.chars().find(|c| seps.contains(c))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts[..] else { return None };
    if a.len() == 4 && sep == '-' {
        // Year first, the ISO form.
        return Some((num(a)? as i32, num(b)?, num(c)?));
    }
    if !typed && sep != '/' {
        return None;
    }
    if a.len() > 2 || b.len() > 2 {
        return None;
    }
    let y = match c.len() {
        4 => num(c)? as i32,
        2 if typed => 2000 + num(c)? as i32,
        _ => return None,
    };
    Some((y, num(b)?, num(a)?))
}

/// A date as typed in the interface: what [`parse_date`] reads, and `20.10.2020`,
/// `20-10-2020`, `20/10/20` (a two-digit year is in the 2000s).
pub fn parse_typed_date(s: &str) -> Option<NaiveDate> {
    let (y, m, d) = date_parts(s, true)?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Why `s` is not a date: a day the month does not have (`31/02/2020`), else a shape that
/// is not a date at all. `typed`: read as in the interface ([`parse_typed_date`]).
pub fn date_problem(s: &str, typed: bool) -> Msg {
    let text = printable(s.trim());
    if let Some((y, m, d)) = date_parts(s, typed)
        && (1..=12).contains(&m)
        && d >= 1
        && let Some(days) = days_in_month(y, m)
        && d > days
    {
        return Msg::NoSuchDay {
            text,
            day: d,
            month: m,
            year: y,
            days,
        };
    }
    Msg::BadDate { text }
}

fn days_in_month(y: i32, m: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    Some((next - first).num_days() as u32)
}

/// Vietnamese sort keys for many strings: the same bytes as [`sort_key`], which works one
/// character at a time, with each distinct character's part computed once. Sorting 100,000
/// titles then costs a table lookup per character instead of a normalisation per character.
pub struct KeyMaker {
    /// By code point below 0x2000 (Latin and every Vietnamese letter): no hashing.
    low: Vec<[u8; 4]>,
    other: std::collections::HashMap<char, [u8; 4]>,
}

/// Marks a slot of `low` not yet computed (a real part never has 0xFF as its case byte).
const UNSET: [u8; 4] = [0, 0, 0, 0xFF];

impl Default for KeyMaker {
    fn default() -> Self {
        KeyMaker {
            low: vec![UNSET; 0x2000],
            other: std::collections::HashMap::new(),
        }
    }
}

/// One character's key: weight (2 bytes), 0 0, tone, 0, case.
fn char_part(c: char) -> [u8; 4] {
    let k = sort_key(c.encode_utf8(&mut [0; 4]));
    [k[0], k[1], k[4], k[6]]
}

impl KeyMaker {
    pub fn key(&mut self, s: &str) -> Vec<u8> {
        // Stored text is NFC; anything else takes the general path.
        if unicode_normalization::is_nfc_quick(s.chars())
            != unicode_normalization::IsNormalized::Yes
        {
            return sort_key(s);
        }
        let n = s.len();
        let mut key = Vec::with_capacity(n * 4 + 3);
        let mut tones = Vec::with_capacity(n);
        let mut cases = Vec::with_capacity(n);
        for c in s.chars() {
            let p = match self.low.get_mut(c as usize) {
                Some(slot) => {
                    if *slot == UNSET {
                        *slot = char_part(c);
                    }
                    *slot
                }
                None => *self.other.entry(c).or_insert_with(|| char_part(c)),
            };
            key.extend_from_slice(&p[..2]);
            tones.push(p[2]);
            cases.push(p[3]);
        }
        key.extend_from_slice(&[0, 0]);
        key.extend(tones);
        key.push(0);
        key.extend(cases);
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dates_take_dots_dashes_and_short_years() {
        let d = NaiveDate::from_ymd_opt(2020, 10, 20);
        for t in [
            "20/10/20",
            "20.10.2020",
            "20-10-2020",
            "20/10/2020",
            "2020-10-20",
            " 20.10.20 ",
        ] {
            assert_eq!(parse_typed_date(t), d, "{t}");
        }
        for t in [
            "20.10",
            "2020.10.20",
            "20/10/202",
            "200/10/2020",
            "a/b/c",
            "20/10/20/1",
        ] {
            assert_eq!(parse_typed_date(t), None, "{t}");
        }
        // Files keep the two forms CONTRACT.md names.
        assert_eq!(parse_date("20.10.2020"), None);
        assert_eq!(parse_date("20-10-2020"), None);
        assert_eq!(parse_date("20/10/20"), None);
    }

    #[test]
    fn a_day_the_month_lacks_is_named_as_such() {
        let m = date_problem("31/02/2020", true);
        assert_eq!(
            m,
            Msg::NoSuchDay {
                text: "31/02/2020".into(),
                day: 31,
                month: 2,
                year: 2020,
                days: 29
            }
        );
        assert!(
            m.text(crate::i18n::Lang::Vi)
                .contains("không có ngày 31/02/2020 (tháng 2/2020 có 29 ngày)"),
            "{}",
            m.text(crate::i18n::Lang::Vi)
        );
        assert!(m.text(crate::i18n::Lang::En).contains("no such day"));
        assert_eq!(
            date_problem("2021-02-29", false),
            Msg::NoSuchDay {
                text: "2021-02-29".into(),
                day: 29,
                month: 2,
                year: 2021,
                days: 28
            }
        );
        assert!(matches!(
            date_problem("20/13/2020", true),
            Msg::BadDate { .. }
        ));
        assert!(matches!(date_problem("hôm qua", true), Msg::BadDate { .. }));
    }

    #[test]
    fn clean_normalises_and_refuses() {
        // “ầ” typed as a + combining circumflex + combining grave becomes one code point.
        let decomposed = "Khuo\u{31b}\u{309}i Pha\u{302}\u{300}y";
        let c = clean(decomposed, 50, false).unwrap();
        assert_eq!(c, "Khuởi Phầy");
        assert_eq!(
            clean("a\u{1b}[31mb", 50, false),
            Err(TextProblem::Control { ch: '\u{1b}' })
        );
        assert_eq!(
            clean("a\u{202e}b", 50, false),
            Err(TextProblem::Invisible { ch: '\u{202e}' })
        );
        assert_eq!(
            clean("a\u{200b}b", 50, false),
            Err(TextProblem::Invisible { ch: '\u{200b}' })
        );
        assert_eq!(
            clean("a\u{85}b", 50, false),
            Err(TextProblem::Control { ch: '\u{85}' })
        );
        assert!(clean("dòng 1\ndòng 2", 50, true).is_ok());
        assert!(clean("dòng 1\ndòng 2", 50, false).is_err());
        assert_eq!(clean("ầầầ", 2, false), Err(TextProblem::TooLong { max: 2 }));
        assert_eq!(clean_required("   ", 5, false), Err(TextProblem::Empty));
    }

    #[test]
    fn fold_ignores_diacritics_and_d() {
        assert_eq!(fold("Khuổi  Phầy"), "khuoi phay");
        assert_eq!(fold("Đảng ủy Khối"), "dang uy khoi");
        assert!(fold("Ban Dân vận Tỉnh ủy").contains(&fold("dan van")));
        assert_eq!(fold("ĐOÀN"), "doan");
    }

    #[test]
    fn name_key_ignores_form_spacing_case() {
        let a = name_key("Ban Dân vận Tỉnh ủy");
        let b = name_key("  ban dân  vận tỉnh Ủy ");
        let c = name_key("Ban Da\u{302}n va\u{323}\u{302}n Tỉnh ủy");
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_ne!(a, name_key("Ban Dan van Tinh uy"));
    }

    #[test]
    fn vietnamese_order_on_real_names() {
        let mut names = vec![
            "Đặng Văn Ơn",
            "Dương Thị Ánh",
            "Âu Văn Bình",
            "Ăn",
            "An",
            "Bùi Thị Hoa",
            "Chu Văn Ba",
            "Ông Văn Út",
            "Ôn",
            "Ưng Thị Lan",
            "Uông Văn Tư",
            "Hà Thị Mai",
            "Hoàng Văn Nam",
        ];
        names.sort_by(|a, b| cmp_vi(a, b));
        assert_eq!(
            names,
            vec![
                "An",
                "Ăn",
                "Âu Văn Bình",
                "Bùi Thị Hoa",
                "Chu Văn Ba",
                "Dương Thị Ánh",
                "Đặng Văn Ơn",
                "Hà Thị Mai",
                "Hoàng Văn Nam",
                "Ôn",
                "Ông Văn Út",
                "Uông Văn Tư",
                "Ưng Thị Lan",
            ]
        );
        // Tones after letters, in dictionary order.
        let mut tones = vec!["mạ", "má", "mã", "mả", "mà", "ma", "mai"];
        tones.sort_by(|a, b| cmp_vi(a, b));
        assert_eq!(tones, vec!["ma", "mà", "mả", "mã", "má", "mạ", "mai"]);
        // Case only breaks ties.
        assert!(cmp_vi("an", "An").is_lt());
        assert!(cmp_vi("An", "ăn").is_lt());
    }

    #[test]
    fn report_numbers_and_dates() {
        assert_eq!(count_vi(1), "01");
        assert_eq!(count_vi(9), "09");
        assert_eq!(count_vi(26), "26");
        assert_eq!(count_vi(12345), "12.345");
        assert_eq!(percent(15, 48, true), "31,3%");
        assert_eq!(percent(15, 48, false), "31.3%");
        assert_eq!(
            date_dmy(NaiveDate::from_ymd_opt(2020, 10, 12).unwrap()),
            "12/10/2020"
        );
        assert_eq!(parse_date("1/6/2017"), NaiveDate::from_ymd_opt(2017, 6, 1));
        assert_eq!(
            parse_date("2017-06-01"),
            NaiveDate::from_ymd_opt(2017, 6, 1)
        );
        assert_eq!(parse_date("31/02/2017"), None);
        assert_eq!(parse_date("2017/06/01"), None);
    }

    #[test]
    fn shown_path_escapes_control_characters() {
        let p = std::path::Path::new("/tmp/a\u{1b}[2Jb\u{202e}c\n.csv");
        assert_eq!(shown_path(p), "/tmp/a\\x1b[2Jb\\u{202e}c\\x0a.csv");
        assert_eq!(
            shown_path(std::path::Path::new("/tmp/Đơn vị.csv")),
            "/tmp/Đơn vị.csv"
        );
    }

    #[test]
    fn printable_defuses_escapes() {
        assert_eq!(printable("a\u{1b}[2Jb\nc"), "a\u{FFFD}[2Jb c");
    }
}
