//! The written forms of single cell values, both ways: what an import accepts and what an
//! export writes. Keeping the reader and the writer of each form side by side is what makes
//! an export re-import to the same records.

use chrono::NaiveDate;

use crate::domain::text::{fold, parse_date, printable};
use crate::domain::{Coded, Criterion, Msg, StepDef};

/// The shape of a criteria line, shown when one is not understood.
pub const CRITERION_FORM: &str = "name | measure | target | actual | due";
/// The shape of an actuals cell.
pub const ACTUALS_FORM: &str = "1=5; 2=8";
/// The shape of a step line.
pub const STEP_FORM: &str = "Tiếng Việt | English";

/// What begins a cell that a spreadsheet would run as a formula (or that hides its start).
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// The text, past any leading `'`, begins like a formula.
fn formula_like(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// A cell as dvk writes it to CSV: text beginning with `=`, `+`, `-`, `@`, tab or carriage
/// return gets a leading `'`, so no spreadsheet runs it. Text that already begins with `'`s
/// before such a character gets one more, so that [`unguard`] gives back every text exactly.
pub fn guard(s: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A cell as read from CSV: the `'` that [`guard`] put before a formula-like text is removed.
pub fn unguard(s: String) -> String {
    if s.starts_with('\'') && formula_like(&s) {
        s[1..].to_string()
    } else {
        s
    }
}

/// Text from a file echoed in a message: made safe for a terminal and kept short, so one
/// long cell cannot flood a screen of problems.
pub fn echo(s: &str) -> String {
    const MAX: usize = 60;
    let s = printable(s.trim());
    if s.chars().count() > MAX {
        let mut t: String = s.chars().take(MAX - 1).collect();
        t.push('…');
        t
    } else {
        s
    }
}

pub fn date(s: &str) -> Result<NaiveDate, Msg> {
    parse_date(s).ok_or_else(|| match crate::domain::text::date_problem(s, false) {
        Msg::BadDate { .. } => Msg::BadDate { text: echo(s) },
        m => m,
    })
}

/// `true/false`, `1/0`, `yes/no`, `có/không` (any case, with or without diacritics).
pub fn boolean(s: &str) -> Result<bool, Msg> {
    match fold(s).as_str() {
        "true" | "1" | "yes" | "co" => Ok(true),
        "false" | "0" | "no" | "khong" => Ok(false),
        _ => Err(Msg::BadBool { text: echo(s) }),
    }
}

/// A decimal number with a point or a comma (`12.5`, `12,5`). Stricter than `f64::from_str`,
/// which would also take `inf`, `NaN` and exponents that nobody types in a spreadsheet.
pub fn number(s: &str) -> Result<f64, Msg> {
    let t = s.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let mut seps = 0;
    let ok = !digits.is_empty()
        && digits.chars().all(|c| {
            if c == '.' || c == ',' {
                seps += 1;
                true
            } else {
                c.is_ascii_digit()
            }
        })
        && seps <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return Err(Msg::BadNumber { text: echo(s) });
    }
    t.replace(',', ".")
        .parse::<f64>()
        .map_err(|_| Msg::BadNumber { text: echo(s) })
}

/// How export writes a number: the shortest text that reads back to the same value.
pub fn write_number(v: f64) -> String {
    format!("{v}")
}

/// A whole number of at least `min` that fits the type.
pub fn whole<T: TryFrom<u64>>(s: &str, min: u64) -> Result<T, Msg> {
    let t = s.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(Msg::BadNumber { text: echo(s) });
    }
    let n: u64 = t.parse().map_err(|_| Msg::BadNumber { text: echo(s) })?;
    if n < min {
        return Err(Msg::TooSmall { min: min as i64 });
    }
    T::try_from(n).map_err(|_| Msg::BadNumber { text: echo(s) })
}

/// A value of a fixed list, by its code or its words in either language.
pub fn coded<T: Coded>(s: &str) -> Result<T, Msg> {
    T::parse(s).ok_or_else(|| Msg::UnknownValue {
        text: echo(s),
        allowed: allowed::<T>(),
    })
}

/// `collective (Tập thể), individual (Cá nhân)`: the codes with the Vietnamese words, since
/// the message may be read in either language and both are accepted.
fn allowed<T: Coded>() -> String {
    T::ALL
        .iter()
        .map(|v| format!("{} ({})", v.code(), v.label(crate::i18n::Lang::Vi)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines of a multi-line cell, without the empty ones (a trailing newline, a blank line
/// typed in a spreadsheet cell).
fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
}

/// One criterion per line: `name | measure | target | actual | due`; `actual` and `due` may
/// be left out or empty (actual 0, no due date).
pub fn criteria(s: &str) -> Result<Vec<Criterion>, Msg> {
    let mut out = Vec::new();
    for line in lines(s) {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        if !(3..=5).contains(&parts.len()) {
            return Err(Msg::BadFormat {
                text: echo(line),
                expected: CRITERION_FORM.into(),
            });
        }
        let target = number(parts[2])?;
        let actual = match parts.get(3) {
            Some(a) if !a.is_empty() => number(a)?,
            _ => 0.0,
        };
        let due = match parts.get(4) {
            Some(d) if !d.is_empty() => Some(date(d)?),
            _ => None,
        };
        out.push(Criterion {
            name: parts[0].into(),
            measure: parts[1].into(),
            target,
            actual,
            due,
        });
    }
    Ok(out)
}

pub fn write_criteria(cs: &[Criterion]) -> String {
    cs.iter()
        .map(|c| {
            let mut l = format!(
                "{} | {} | {} | {}",
                c.name,
                c.measure,
                write_number(c.target),
                write_number(c.actual)
            );
            if let Some(d) = c.due {
                l.push_str(&format!(" | {d}"));
            }
            l
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `1=5; 2=8`: 1-based criterion numbers, stored 0-based. Lines also separate pairs, so a
/// cell typed one pair per line reads the same.
pub fn actuals(s: &str) -> Result<Vec<(u16, f64)>, Msg> {
    let mut out = Vec::new();
    for pair in s
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(Msg::BadFormat {
                text: echo(pair),
                expected: ACTUALS_FORM.into(),
            });
        };
        let k: u16 = whole(k, 1)?;
        out.push((k - 1, number(v)?));
    }
    Ok(out)
}

pub fn write_actuals(a: &[(u16, f64)]) -> String {
    a.iter()
        .map(|(i, v)| format!("{}={}", *i as u32 + 1, write_number(*v)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One step per line, `Vietnamese | English`.
pub fn steps(s: &str) -> Result<Vec<StepDef>, Msg> {
    let mut out = Vec::new();
    for line in lines(s) {
        match line.split('|').map(str::trim).collect::<Vec<_>>()[..] {
            [vi, en] => out.push(StepDef {
                vi: vi.into(),
                en: en.into(),
            }),
            _ => {
                return Err(Msg::BadFormat {
                    text: echo(line),
                    expected: STEP_FORM.into(),
                });
            }
        }
    }
    Ok(out)
}

pub fn write_steps(steps: &[StepDef]) -> String {
    steps
        .iter()
        .map(|s| format!("{} | {}", s.vi, s.en))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn write_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ModelKind;

    #[test]
    fn numbers_take_a_comma_or_a_point() {
        assert_eq!(number("12,5"), Ok(12.5));
        assert_eq!(number(" 12.5 "), Ok(12.5));
        assert_eq!(number("7"), Ok(7.0));
        for bad in ["", "1,2,3", "inf", "NaN", "1e3", "12 hộ", ",", "-"] {
            assert!(number(bad).is_err(), "{bad}");
        }
        assert_eq!(number(&write_number(0.1 + 0.2)), Ok(0.1 + 0.2));
    }

    #[test]
    fn booleans_in_both_languages() {
        for (s, v) in [
            ("true", true),
            ("Có", true),
            ("co", true),
            ("1", true),
            ("KHÔNG", false),
            ("no", false),
        ] {
            assert_eq!(boolean(s), Ok(v), "{s}");
        }
        assert!(boolean("maybe").is_err());
    }

    #[test]
    fn structured_cells_read_back_what_export_writes() {
        let cs = criteria(
            "Hộ thoát nghèo | hộ | 20 | 5,5\r\n\nBuổi tuyên truyền | buổi | 12 | 3 | 2019-06-30\n",
        )
        .unwrap();
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].actual, 5.5);
        assert_eq!(criteria(&write_criteria(&cs)).unwrap(), cs);
        assert!(matches!(
            criteria("chỉ một phần"),
            Err(Msg::BadFormat { .. })
        ));
        assert!(matches!(
            criteria("a | b | nhiều"),
            Err(Msg::BadNumber { .. })
        ));

        let a = actuals("1=5; 2=8,5").unwrap();
        assert_eq!(a, vec![(0, 5.0), (1, 8.5)]);
        assert_eq!(actuals(&write_actuals(&a)).unwrap(), a);
        assert_eq!(actuals("0=1"), Err(Msg::TooSmall { min: 1 }));
        assert!(matches!(actuals("1:5"), Err(Msg::BadFormat { .. })));

        let st = steps("Khảo sát | Survey\nThực hiện | Implement").unwrap();
        assert_eq!(steps(&write_steps(&st)).unwrap(), st);
        assert!(steps("Chỉ tiếng Việt").is_err());
    }

    #[test]
    fn formula_cells_are_guarded_and_read_back() {
        for (text, written) in [
            ("=1+2", "'=1+2"),
            ("+84 912", "'+84 912"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-", "'''-"),
            ("'quoted'", "'quoted'"),
            ("Dân vận khéo", "Dân vận khéo"),
            ("a=b", "a=b"),
            ("", ""),
            ("'", "'"),
        ] {
            assert_eq!(guard(text), written, "{text:?}");
            assert_eq!(unguard(written.to_string()), text, "{written:?}");
        }
    }

    #[test]
    fn echoed_text_is_safe_and_short() {
        assert_eq!(echo("a\u{1b}[2J"), "a\u{FFFD}[2J");
        assert_eq!(echo(&"x".repeat(200)).chars().count(), 60);
        let Err(Msg::UnknownValue { allowed, .. }) = coded::<ModelKind>("nhóm") else {
            panic!()
        };
        assert_eq!(allowed, "collective (Tập thể), individual (Cá nhân)");
    }
}
