//! The report as an Excel workbook (`dvk report --format xlsx`): the lists a committee
//! sends upward, for staff who sort and filter them. Four sheets — summary, models, awards,
//! units not registered (CONTRACT.md, Documents). Every text is written as a string (a title
//! beginning with `=` stays text, never a formula), dates as Excel dates shown dd/mm/yyyy,
//! counts as numbers. Each sheet starts with a title row naming the period and the day of the
//! figures, has its header row frozen, columns sized to their content (capped, long text
//! wrapped) and prints on A4 landscape, one page wide, with the header repeated.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::appendix::Appendices;
use super::appendix_words::{
    A, AWARD_COLUMNS, MODEL_COLUMNS, NOT_REGISTERED_COLUMNS, heads, unit_header,
    unit_registration_sentence,
};
use super::layout::width;
use super::words::{
    W, award_sentence, field_label, form_label, models_line, overdue_line, period_prose,
    quality_sentence, registration_sentence, share_sentence,
};
use crate::api::ReportData;
use crate::domain::text::{date_dmy, printable};
use crate::domain::{Coded, Msg, Unit};
use crate::i18n::Lang;

/// Widest a column grows, in characters; longer text wraps.
const MAX_WIDTH: usize = 48;
/// Narrowest column, so a header of a short column stays readable.
const MIN_WIDTH: usize = 5;

/// One cell of a table row.
enum Cell {
    Text(String),
    Num(f64),
    Date(Option<NaiveDate>),
}

fn text(s: &str) -> Cell {
    Cell::Text(printable(s))
}

fn num(n: impl Into<f64>) -> Cell {
    Cell::Num(n.into())
}

impl Cell {
    /// The width of what the cell shows, for sizing its column.
    fn width(&self) -> usize {
        match self {
            Cell::Text(s) => width(s),
            Cell::Num(n) => n.to_string().len(),
            Cell::Date(Some(_)) => 10,
            Cell::Date(None) => 0,
        }
    }
}

struct Styles {
    title: Format,
    sentence: Format,
    head: Format,
    text: Format,
    wrap: Format,
    num: Format,
    date: Format,
    total: Format,
    total_num: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            sentence: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            head: border(
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_background_color(0xDDE5F0),
            ),
            text: border(Format::new().set_align(FormatAlign::Top)),
            wrap: border(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
            num: border(Format::new().set_align(FormatAlign::Top)),
            date: border(
                Format::new()
                    .set_num_format("dd/mm/yyyy")
                    .set_align(FormatAlign::Top)
                    .set_align(FormatAlign::Left),
            ),
            total: border(Format::new().set_bold()),
            total_num: border(Format::new().set_bold()),
        }
    }
}

fn fail(e: XlsxError) -> Msg {
    Msg::Io {
        detail: e.to_string(),
    }
}

/// Lines a text needs in a merged cell `chars` wide (for the row's height).
fn lines_for(s: &str, chars: usize) -> usize {
    let per = chars.max(10);
    s.split('\n').map(|l| width(l).div_ceil(per).max(1)).sum()
}

/// Lines `s` takes when word-wrapped in a column `chars` wide.
fn wrapped_lines(s: &str, chars: usize) -> usize {
    // Most cells fit: only those wider than the column are wrapped to count their lines.
    if width(s) <= chars {
        return 1;
    }
    super::layout::wrap(s, chars.max(1), "", "").len().max(1)
}

/// A table under its title (and `before`, full-width text rows): header frozen, columns
/// sized, printed one page wide. `totals` is written bold after the rows.
#[allow(clippy::too_many_arguments)]
fn sheet(
    ws: &mut Worksheet,
    st: &Styles,
    title: &str,
    before: &[String],
    head: &[String],
    rows: &[Vec<Cell>],
    totals: Option<&[Cell]>,
) -> Result<(), XlsxError> {
    let ncols = head.len() as u16;
    // Column widths from what the cells show, capped.
    let mut widths: Vec<usize> = head
        .iter()
        .map(|h| {
            // A header may wrap onto two lines: size on its longest word or half its width.
            let longest = h.split(' ').map(width).max().unwrap_or(0);
            longest.max(width(h).div_ceil(2))
        })
        .collect();
    for r in rows.iter().map(|r| r.as_slice()).chain(totals) {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.width());
            }
        }
    }
    let capped: Vec<bool> = widths.iter().map(|w| *w > MAX_WIDTH).collect();
    let widths: Vec<usize> = widths
        .iter()
        .map(|w| (*w).clamp(MIN_WIDTH, MAX_WIDTH))
        .collect();
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w as f64 + 2.0)?;
    }
    let total_chars: usize = widths.iter().map(|w| w + 2).sum();

    let mut row: u32 = 0;
    let full = |ws: &mut Worksheet, row: u32, s: &str, f: &Format| -> Result<(), XlsxError> {
        if ncols > 1 {
            ws.merge_range(row, 0, row, ncols - 1, s, f)?;
        } else {
            ws.write_string_with_format(row, 0, s, f)?;
        }
        ws.set_row_height(row, 15.5 * lines_for(s, total_chars) as f64 + 4.0)?;
        Ok(())
    };
    full(ws, row, title, &st.title)?;
    row += 1;
    for s in before {
        full(ws, row, s, &st.sentence)?;
        row += 1;
    }
    if !before.is_empty() {
        row += 1;
    }
    let head_row = row;
    let mut head_lines = 1;
    for (i, h) in head.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, h, &st.head)?;
        head_lines = head_lines.max(wrapped_lines(h, widths[i]));
    }
    ws.set_row_height(row, 15.0 * head_lines as f64 + 3.0)?;
    row += 1;
    ws.set_freeze_panes(row, 0)?;
    for r in rows {
        // A wrapped cell makes its row as tall as its lines (spreadsheets do not grow a row
        // written with a default height when they open the file).
        let lines = r
            .iter()
            .enumerate()
            .filter(|(i, _)| capped[*i])
            // A column's width is counted in digits; text of
            // proportional letters fits about a tenth more.
            .map(|(i, c)| match c {
                Cell::Text(s) => wrapped_lines(s, (widths[i] + 2) * 11 / 10),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines as f64 + 1.0)?;
        }
        for (i, c) in r.iter().enumerate() {
            let col = i as u16;
            match c {
                Cell::Text(s) => {
                    let f = if capped[i] { &st.wrap } else { &st.text };
                    ws.write_string_with_format(row, col, s, f)?;
                }
                Cell::Num(n) => {
                    ws.write_number_with_format(row, col, *n, &st.num)?;
                }
                Cell::Date(Some(d)) => {
                    let x = rust_xlsxwriter::ExcelDateTime::from_ymd(
                        d.year() as u16,
                        d.month() as u8,
                        d.day() as u8,
                    )?;
                    ws.write_datetime_with_format(row, col, &x, &st.date)?;
                }
                Cell::Date(None) => {
                    ws.write_blank(row, col, &st.text)?;
                }
            }
        }
        row += 1;
    }
    if let Some(t) = totals {
        for (i, c) in t.iter().enumerate() {
            match c {
                Cell::Num(n) => ws.write_number_with_format(row, i as u16, *n, &st.total_num)?,
                Cell::Text(s) => ws.write_string_with_format(row, i as u16, s, &st.total)?,
                _ => ws.write_blank(row, i as u16, &st.total)?,
            };
        }
    }
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(head_row, head_row)?;
    ws.set_footer("&C&P / &N");
    Ok(())
}

/// The title row of every sheet: what it lists, the period and the day of the figures.
fn title(what: &str, r: &ReportData, unit: Option<(&Unit, bool)>, lang: Lang) -> String {
    let s = &r.status;
    let mut t = format!(
        "{what} — {} {} — {} {}",
        W::Period.get(lang),
        period_prose(&s.period, lang),
        W::AsOf.get(lang),
        date_dmy(s.as_of)
    );
    if let Some((u, below)) = unit {
        t.push('\n');
        t.push_str(&unit_header(
            &printable(&u.name),
            &printable(&u.code),
            below,
            lang,
        ));
    }
    t
}

/// The workbook's bytes. `unit` names the unit of a `--unit` report (and whether it has
/// units below it).
pub fn report_xlsx(
    r: &ReportData,
    a: &Appendices,
    unit: Option<(&Unit, bool)>,
    lang: Lang,
) -> Result<Vec<u8>, Msg> {
    build(r, a, unit, lang).map_err(fail)
}

fn build(
    r: &ReportData,
    a: &Appendices,
    unit: Option<(&Unit, bool)>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let s = &r.status;
    let mut wb = Workbook::new();
    let h = |ws: &[A]| heads(ws, lang);

    // Summary: the report's sentences, then one row per unit.
    let mut sentences = vec![match unit {
        Some((u, below)) => format!(
            "{}.",
            unit_registration_sentence(s, &printable(&u.name), below, lang)
        ),
        None => format!("{}.", registration_sentence(s, lang)),
    }];
    sentences.push(format!("{}.", share_sentence(s, lang)));
    sentences.push(format!("{}.", models_line(s, lang)));
    sentences.push(format!("{}.", quality_sentence(s, lang)));
    match award_sentence(&s.awards_by, &r.forms, lang) {
        Some(x) => sentences.push(format!("{}: {x}.", W::Awards.get(lang))),
        None => sentences.push(format!("{}.", W::NoAwards.get(lang))),
    }
    sentences.push(format!("{}.", overdue_line(s, lang)));
    let mut head = h(&[A::No, A::Code, A::Unit, A::Collective, A::Individual]);
    head.extend(a.fields.iter().map(|f| field_label(f, &r.fields, lang)));
    head.push(A::Total.get(lang).to_string());
    let rows: Vec<Vec<Cell>> = a
        .by_unit
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let mut row = vec![
                num(i as u32 + 1),
                text(&u.code),
                Cell::Text(format!(
                    "{}{}",
                    "   ".repeat(u.depth as usize),
                    printable(&u.name)
                )),
                num(u.collective as f64),
                num(u.individual as f64),
            ];
            row.extend(u.by_field.iter().map(|v| num(*v as f64)));
            row.push(num(u.total() as f64));
            row
        })
        .collect();
    let t = &a.totals;
    let mut totals = vec![
        Cell::Text(String::new()),
        Cell::Text(String::new()),
        Cell::Text(A::GrandTotal.get(lang).to_string()),
        num(t.collective as f64),
        num(t.individual as f64),
    ];
    totals.extend(t.by_field.iter().map(|v| num(*v as f64)));
    totals.push(num(t.total() as f64));
    let ws = wb.add_worksheet();
    ws.set_name(A::SheetSummary.get(lang))?;
    sheet(
        ws,
        &st,
        &title(W::ReportTitle.get(lang), r, unit, lang),
        &sentences,
        &head,
        &rows,
        Some(&totals),
    )?;

    // Models: every counted model.
    let head = h(MODEL_COLUMNS);
    let rows: Vec<Vec<Cell>> = a
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                num(i as u32 + 1),
                text(&m.code),
                text(&m.unit_name),
                Cell::Text(m.kind.label(lang).to_string()),
                text(&m.title),
                text(&m.person),
                Cell::Text(field_label(&m.field, &r.fields, lang)),
                num(m.step),
                Cell::Text(m.status.label(lang).to_string()),
                Cell::Text(m.outcome.label(lang).to_string()),
                num(m.criteria_met),
                num(m.criteria),
                Cell::Date(Some(m.registered_on)),
                Cell::Date(m.last_checkin),
            ]
        })
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(A::SheetModels.get(lang))?;
    sheet(
        ws,
        &st,
        &title(A::ModelList.get(lang), r, unit, lang),
        &[],
        &head,
        &rows,
        None,
    )?;

    // Awards.
    let head = h(AWARD_COLUMNS);
    let rows: Vec<Vec<Cell>> = a
        .awards
        .iter()
        .enumerate()
        .map(|(i, w)| {
            vec![
                num(i as u32 + 1),
                text(&w.body),
                Cell::Text(form_label(&w.form, &r.forms, lang)),
                text(&w.decision_no),
                Cell::Date(Some(w.decided_on)),
                text(&w.recipient),
                Cell::Text(w.kind.label(lang).to_string()),
                text(&w.model_code),
                text(&w.model_title),
                text(&w.unit_name),
            ]
        })
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(A::SheetAwards.get(lang))?;
    sheet(
        ws,
        &st,
        &title(A::AwardList.get(lang), r, unit, lang),
        &[],
        &head,
        &rows,
        None,
    )?;

    // Active units without a counted model.
    let head = h(NOT_REGISTERED_COLUMNS);
    let rows: Vec<Vec<Cell>> = a
        .not_registered
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                num(i as u32 + 1),
                text(&u.code),
                text(&u.name),
                num(u.drafts),
            ]
        })
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(A::SheetNotRegistered.get(lang))?;
    sheet(
        ws,
        &st,
        &title(A::NotRegistered.get(lang), r, unit, lang),
        &[],
        &head,
        &rows,
        None,
    )?;

    wb.save_to_buffer()
}
