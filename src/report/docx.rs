//! The period report as a Word document in the layout of a Party committee's report:
//! the letterhead (the committee on the left, “ĐẢNG CỘNG SẢN VIỆT NAM” and the place and
//! date on the right), `BÁO CÁO` and its subject, the sections of the text report with
//! their tables, the signature block beside “Nơi nhận:”, then the appendices, each on a new
//! page. A4, Times New Roman, 14 pt text and 13 pt tables, margins 2 cm top and bottom, 3 cm
//! left, 2 cm right.
//!
//! The words and figures are those of [`document`](super::document) (the sections) and
//! [`appendix`](super::appendix) with [`appendix_words`](super::appendix_words) (the lists and
//! their headings), so the Word report says what the text report and the workbook say. A
//! `[letterhead]` key left out of the config is written as a placeholder a person fills in
//! (`ĐẢNG ỦY …`, `Số    -BC/…`).

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, PageOrientationType, PageSize,
    Paragraph, Run, RunFonts, SectionProperty, SpecialIndentType, Style, StyleType, Table,
    TableAlignmentType, TableBorders, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::appendix::{Appendices, ModelLine, UnitFieldRow};
use super::appendix_words::{A, heads};
use super::document::{Block, build};
use super::words::{field_label, form_label, num, period_prose};
use crate::api::ReportData;
use crate::config::Letterhead;
use crate::domain::text::{date_dmy, printable};
use crate::domain::{Coded, ModelKind};
use crate::i18n::Lang;

const FONT: &str = "Times New Roman";
/// The paragraph style of table cells.
const CELL: &str = "Cell";
/// Sizes in half-points.
const BODY: usize = 28;
const TABLE: usize = 26;
const SMALL: usize = 24;
/// A4 in twentieths of a point, and the margins (1 cm = 567).
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
const MARGIN_TOP: i32 = 1_134;
const MARGIN_BOTTOM: i32 = 1_134;
const MARGIN_LEFT: i32 = 1_701;
const MARGIN_RIGHT: i32 = 1_134;
/// The width between the margins.
const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
/// The same on a landscape page.
const LAND_W: usize = (PAGE_H as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;

/// The properties of a section of A4 pages, portrait or landscape, with the margins.
fn section(landscape: bool) -> SectionProperty {
    let (w, h, o) = if landscape {
        (PAGE_H, PAGE_W, PageOrientationType::Landscape)
    } else {
        (PAGE_W, PAGE_H, PageOrientationType::Portrait)
    };
    SectionProperty::new()
        .page_size(PageSize::new().size(w, h).orient(o))
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(567)
                .footer(567),
        )
}

/// The report as the bytes of a `.docx` file.
pub fn report_docx(r: &ReportData, app: &Appendices, head: &Letterhead, lang: Lang) -> Vec<u8> {
    let mut d = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(567)
                .footer(567),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(BODY)
        // Every table cell's paragraph: one style rather than the same properties on each of
        // a hundred thousand rows.
        .add_style(
            Style::new(CELL, StyleType::Paragraph)
                .name("Table text")
                .size(TABLE)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .before(40)
                        .after(40)
                        .line(240),
                ),
        );

    d = d.add_table(letterhead(r, head, lang));
    d = d.add_paragraph(Paragraph::new().line_spacing(tight()));
    d = d.add_paragraph(
        centred(lang.pick("BÁO CÁO", "REPORT"), 32, true, false)
            .line_spacing(LineSpacing::new().before(240).after(0)),
    );
    let period = period_prose(&r.status.period, lang);
    let subject = lang.pick(
        [
            "Kết quả thực hiện phong trào thi đua “Dân vận khéo”".to_string(),
            format!("giai đoạn {period}"),
        ],
        [
            "Results of the “Dân vận khéo” emulation movement".to_string(),
            format!("in the period {period}"),
        ],
    );
    for line in subject {
        d = d.add_paragraph(centred(&line, BODY, true, false));
    }
    d = d.add_paragraph(centred("-----", BODY, false, false).line_spacing(spaced(0, 240)));

    let doc = build(r, lang, super::Extras::default());
    let mut raw = Raw::default();
    // The first header line names the period, which the subject already says.
    for h in doc.header.iter().skip(1) {
        d = d.add_paragraph(body_para(&format!("{h}.")));
    }
    for sec in &doc.sections {
        d = d.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(&sec.title).bold())
                .indent(Some(0), Some(SpecialIndentType::FirstLine(567)), None, None)
                .keep_next(true)
                .line_spacing(spaced(120, 120)),
        );
        for b in &sec.blocks {
            match b {
                Block::Para(t) => d = d.add_paragraph(body_para(t)),
                Block::Counts { head, rows } => {
                    let head = vec![head[0].get(lang).to_string(), head[1].get(lang).to_string()];
                    let rows = rows
                        .iter()
                        .map(|(l, n)| vec![l.clone(), n.clone()])
                        .collect::<Vec<_>>();
                    d = d.add_paragraph(raw.put(grid(&head, &[6_800, 2_272], &rows, &[1])));
                    d = d.add_paragraph(Paragraph::new().line_spacing(tight()));
                }
                Block::Records { head, rows } => {
                    d = d.add_paragraph(raw.put(grid(
                        head,
                        &[1_100, 2_921, 2_300, 1_500, 1_250],
                        rows,
                        &[3, 4],
                    )));
                    d = d.add_paragraph(Paragraph::new().line_spacing(tight()));
                }
                Block::Table { head, rows, right } => {
                    let n = head.len().max(1);
                    let widths = vec![9_072 / n; n];
                    let centre: Vec<usize> =
                        (0..n).filter(|i| right.get(*i) == Some(&true)).collect();
                    d = d.add_paragraph(raw.put(grid(head, &widths, rows, &centre)));
                    d = d.add_paragraph(Paragraph::new().line_spacing(tight()));
                }
            }
        }
    }
    // The closing sentence, kept on the page of the signature so that never stands alone.
    let closing = lang.pick(
        format!(
            "Trên đây là báo cáo kết quả thực hiện phong trào thi đua “Dân vận khéo” giai đoạn {period}./."
        ),
        format!("This concludes the report on the “Dân vận khéo” emulation movement, {period}."),
    );
    d = d.add_paragraph(
        body_para(&closing)
            .keep_next(true)
            .line_spacing(spaced(120, 240)),
    );
    d = d.add_table(signature(head, lang));
    // The report's pages end here; the first appendix is a landscape section of its own.
    d = d.add_paragraph(
        Paragraph::new()
            .line_spacing(tight())
            .section_property(section(false)),
    );
    let mut xml = appendix_pages(d, r, app, head, lang, &mut raw).build();
    xml.document = splice(&xml.document, &raw);
    deflated(xml).expect("an archive written to memory")
}

/// The package's parts in a zip archive, deflated. (docx-rs's own `pack` stores them
/// uncompressed, which makes the report of 100,000 models a file of a quarter of a gigabyte
/// instead of a few megabytes.) The parts are those docx-rs writes for a document without
/// images, headers, footers or add-ins, which this one never has.
fn deflated(xml: docx_rs::XMLDocx) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Cursor, Write};
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(xml.document.len() / 12)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // Fast: the XML of the tables is repetitive and shrinks well at any level.
        .compression_level(Some(1));
    let parts: [(&str, &[u8]); 14] = [
        ("[Content_Types].xml", &xml.content_type),
        ("_rels/.rels", &xml.rels),
        ("docProps/app.xml", &xml.doc_props.app),
        ("docProps/core.xml", &xml.doc_props.core),
        ("docProps/custom.xml", &xml.doc_props.custom),
        ("word/_rels/document.xml.rels", &xml.document_rels),
        ("word/document.xml", &xml.document),
        ("word/styles.xml", &xml.styles),
        ("word/settings.xml", &xml.settings),
        ("word/fontTable.xml", &xml.font_table),
        ("word/comments.xml", &xml.comments),
        ("word/numbering.xml", &xml.numberings),
        ("word/commentsExtended.xml", &xml.comments_extended),
        ("word/footnotes.xml", &xml.footnotes),
    ];
    for (name, bytes) in parts {
        z.start_file(name, options)?;
        z.write_all(bytes)?;
    }
    Ok(z.finish()?.into_inner())
}

/// Placeholders for the keys a config leaves out.
fn or<'a>(v: &'a Option<String>, placeholder: &'a str) -> String {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => printable(s),
        None => placeholder.to_string(),
    }
}

fn number(head: &Letterhead) -> String {
    or(&head.number, "Số      -BC/…")
}

/// `Lạng Sơn, ngày 20 tháng 10 năm 2020`: day and month below 3 with a leading zero, as
/// administrative documents write them.
fn dated(head: &Letterhead, day: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let place = or(&head.place, "……");
    match lang {
        Lang::Vi => {
            let dd = if day.day() < 10 {
                format!("{:02}", day.day())
            } else {
                day.day().to_string()
            };
            let mm = if day.month() < 3 {
                format!("{:02}", day.month())
            } else {
                day.month().to_string()
            };
            format!("{place}, ngày {dd} tháng {mm} năm {}", day.year())
        }
        Lang::En => format!("{place}, {}", day.format("%-d %B %Y")),
    }
}

/// About how many capitals of 14 pt Times New Roman fit on one line of the letterhead's
/// left column, regular and bold.
const PARENT_FITS: usize = 24;
const BODY_FITS: usize = 22;

/// The lines of a letterhead entry: the lines the config wrote (a `\n` in the text), and a
/// line too long for the column split between words near its middle, as a clerk would,
/// rather than wrapped wherever the column ends.
fn lines(v: &Option<String>, placeholder: &str, fits: usize) -> Vec<String> {
    let text = match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None => return vec![placeholder.to_string()],
    };
    let mut out = vec![];
    for line in text
        .lines()
        .map(|l| printable(l.trim()))
        .filter(|l| !l.is_empty())
    {
        let n = line.chars().count();
        if n <= fits {
            out.push(line);
            continue;
        }
        // The space nearest the middle.
        let mid = n / 2;
        let split = line
            .char_indices()
            .enumerate()
            .filter(|(_, (_, c))| *c == ' ')
            .min_by_key(|(i, _)| i.abs_diff(mid))
            .map(|(_, (b, _))| b);
        match split {
            Some(b) => {
                out.push(line[..b].trim().to_string());
                out.push(line[b..].trim().to_string());
            }
            None => out.push(line),
        }
    }
    out
}

fn letterhead(r: &ReportData, head: &Letterhead, lang: Lang) -> Table {
    let left = TEXT_W * 9 / 20;
    let right = TEXT_W - left;
    let mut committee = TableCell::new().width(left, WidthType::Dxa);
    for l in lines(&head.parent, "ĐẢNG BỘ …", PARENT_FITS) {
        committee = committee.add_paragraph(centred(&l, BODY, false, false));
    }
    for l in lines(&head.body, "ĐẢNG ỦY …", BODY_FITS) {
        committee = committee.add_paragraph(centred(&l, BODY, true, false));
    }
    committee = committee.add_paragraph(centred("*", BODY, false, false));
    // The Party's name as every committee's document writes it, in either language: like the
    // committee's own names above it, it is the document's heading, not a translated word.
    let party = TableCell::new().width(right, WidthType::Dxa).add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(tight())
            .add_run(
                Run::new()
                    .add_text("ĐẢNG CỘNG SẢN VIỆT NAM")
                    .size(30)
                    .bold()
                    .underline("single"),
            ),
    );
    // The number and the date on one row, so they stand on one line.
    let number = TableCell::new()
        .width(left, WidthType::Dxa)
        .add_paragraph(centred(&number(head), BODY, false, false));
    let date = TableCell::new().width(right, WidthType::Dxa).add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(tight())
            .add_run(
                Run::new()
                    .add_text(dated(head, r.status.as_of, lang))
                    .italic(),
            ),
    );
    borderless(vec![
        TableRow::new(vec![committee, party]),
        TableRow::new(vec![number, date]),
    ])
    .set_grid(vec![left, right])
}

fn signature(head: &Letterhead, lang: Lang) -> Table {
    let half = TEXT_W / 2;
    let mut left = TableCell::new().width(half, WidthType::Dxa).add_paragraph(
        Paragraph::new().line_spacing(tight()).add_run(
            Run::new()
                .add_text(lang.pick("Nơi nhận:", "Recipients:"))
                .bold()
                .italic()
                .size(SMALL),
        ),
    );
    let recipients: Vec<String> = head
        .recipients
        .iter()
        .flatten()
        .map(|s| printable(s.trim()))
        .filter(|s| !s.is_empty())
        .collect();
    let recipients = if recipients.is_empty() {
        vec!["…".to_string()]
    } else {
        recipients
    };
    let n = recipients.len();
    for (i, rcp) in recipients.iter().enumerate() {
        let rcp = rcp.trim_end_matches([',', '.', ';']);
        let end = if i + 1 == n { "." } else { "," };
        left = left.add_paragraph(
            Paragraph::new()
                .line_spacing(tight())
                .add_run(Run::new().add_text(format!("- {rcp}{end}")).size(22)),
        );
    }
    let mut right = TableCell::new()
        .width(TEXT_W - half, WidthType::Dxa)
        .add_paragraph(centred(&or(&head.signer_role, "T/M …"), BODY, true, false))
        .add_paragraph(centred(&or(&head.signer_title, "……"), BODY, true, false));
    for _ in 0..3 {
        right = right.add_paragraph(Paragraph::new().line_spacing(tight()));
    }
    right = right.add_paragraph(centred(&or(&head.signer, "……………"), BODY, true, false));
    borderless(vec![TableRow::new(vec![left, right]).cant_split()])
        .set_grid(vec![half, TEXT_W - half])
}

fn appendix_pages(
    mut d: Docx,
    r: &ReportData,
    app: &Appendices,
    head: &Letterhead,
    lang: Lang,
    raw: &mut Raw,
) -> Docx {
    let no = number(head);
    let no = no
        .strip_prefix("Số ")
        .map(|rest| format!("{} {rest}", lang.pick("số", "no.")))
        .unwrap_or(no);
    let attached = lang.pick(
        format!("(Kèm theo Báo cáo {no} ngày {})", date_dmy(r.status.as_of)),
        format!("(Attached to report {no} of {})", date_dmy(r.status.as_of)),
    );
    // Each appendix is a section of its own, so it begins a page, portrait or landscape
    // as its table needs; its title is the appendix's, in capitals.
    let page = |d: Docx, i: usize, title: A| -> Docx {
        d.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(tight())
                .add_run(
                    Run::new()
                        .add_text(format!("{} {i}", A::Appendix.get(lang).to_uppercase()))
                        .bold(),
                ),
        )
        .add_paragraph(centred(&title.get(lang).to_uppercase(), BODY, true, false))
        .add_paragraph(centred(&attached, BODY, false, true).line_spacing(spaced(0, 200)))
    };
    let heads = |ws: &[A]| heads(ws, lang);
    let fields = &r.fields;

    // 1. Models by unit and field.
    d = page(d, 1, A::ByUnitField);
    if app.by_unit.is_empty() {
        d = d.add_paragraph(none(lang));
    } else {
        let nf = app.fields.len();
        let mut head_row = heads(&[A::No, A::Unit]);
        head_row.extend(app.fields.iter().map(|f| field_label(f, fields, lang)));
        head_row.extend(heads(&[A::Collective, A::Individual, A::Total]));
        // On a landscape page: the unit's name, a column per field, three of counts.
        let counts = 1_000;
        let each = ((LAND_W - 850 - 4_000 - 3 * counts) / nf.max(1)).max(800);
        let unit_w = LAND_W
            .saturating_sub(850 + each * nf + 3 * counts)
            .max(2_000);
        let mut widths = vec![850, unit_w];
        widths.extend(std::iter::repeat_n(each, nf));
        widths.extend(std::iter::repeat_n(counts, 3));
        let cells = |first: String, name: String, u: &UnitFieldRow| {
            let mut row = vec![first, name];
            row.extend(u.by_field.iter().map(|n| count(*n)));
            row.extend([count(u.collective), count(u.individual), count(u.total())]);
            row
        };
        let mut rows: Vec<Vec<String>> = app
            .by_unit
            .iter()
            .enumerate()
            .map(|(i, u)| {
                // Units in tree order, those below another set in under it.
                let name = format!("{}{}", "   ".repeat(u.depth as usize), printable(&u.name));
                cells((i + 1).to_string(), name, u)
            })
            .collect();
        rows.push(cells(
            String::new(),
            A::GrandTotal.get(lang).to_string(),
            &app.totals,
        ));
        let right: Vec<usize> = std::iter::once(0).chain(2..nf + 5).collect();
        d = d.add_paragraph(raw.put(grid_sized(&head_row, &widths, &rows, &right, SMALL, true)));
    }
    d = end(d, true);

    // 2. The counted models, collectives then exemplars.
    d = page(d, 2, A::ModelList);
    let model_head = heads(&[A::No, A::Code, A::Title, A::Unit, A::Field]);
    let model_w = [850, 1_100, 3_221, 2_200, 1_700];
    if app.models.is_empty() {
        d = d.add_paragraph(none(lang));
    } else {
        let mut lines: Vec<Line> = Vec::with_capacity(app.models.len() + 2);
        for (kind, heading, roman) in [
            (ModelKind::Collective, A::CollectiveModels, "I"),
            (ModelKind::Individual, A::IndividualExemplars, "II"),
        ] {
            let of_kind: Vec<&ModelLine> = app.models.iter().filter(|m| m.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            lines.push(Line::Group(format!(
                "{roman}. {} ({})",
                heading.get(lang),
                num(of_kind.len() as u64, lang)
            )));
            for (i, m) in of_kind.iter().enumerate() {
                lines.push(Line::Cells(vec![
                    (i + 1).to_string(),
                    printable(&m.code),
                    model_title(m),
                    printable(&m.unit_name),
                    field_label(&m.field, fields, lang),
                ]));
            }
        }
        d = d.add_paragraph(raw.put(grid_lines(
            &model_head,
            &model_w,
            &lines,
            &[0],
            TABLE,
            false,
        )));
    }

    d = end(d, false);

    // 3. Recognised and outstanding.
    d = page(d, 3, A::Recognised);
    d = listing(
        d,
        raw,
        lang,
        &List {
            heads: &[A::Code, A::Title, A::Unit, A::Outcome],
            widths: &[850, 1_100, 3_321, 2_300, 1_500],
            centre: &[0],
        },
        &app.recognised,
        |m| {
            vec![
                printable(&m.code),
                model_title(m),
                printable(&m.unit_name),
                m.outcome.label(lang).to_string(),
            ]
        },
    );

    d = end(d, false);

    // 4. Awards.
    d = page(d, 4, A::AwardList);
    d = listing(
        d,
        raw,
        lang,
        &List {
            heads: &[
                A::Code,
                A::Recipient,
                A::Form,
                A::Body,
                A::DecisionNo,
                A::Date,
            ],
            widths: &[850, 1_100, 3_353, 1_400, 3_600, 2_300, 1_400],
            centre: &[0, 6],
        },
        &app.awards,
        |a| {
            let mut form = form_label(&a.form, &r.forms, lang);
            if let Some(c) = form.chars().next() {
                form = c.to_uppercase().chain(form.chars().skip(1)).collect();
            }
            vec![
                printable(&a.model_code),
                printable(&a.recipient),
                form,
                printable(&a.body),
                printable(&a.decision_no),
                date_dmy(a.decided_on),
            ]
        },
    );

    d = end(d, true);

    // 5. Replications.
    d = page(d, 5, A::ReplicationList);
    d = listing(
        d,
        raw,
        lang,
        &List {
            heads: &[A::Model, A::RegisteredBy, A::AdoptingUnit, A::Date],
            widths: &[850, 2_821, 2_000, 1_900, 1_500],
            centre: &[0, 4],
        },
        &app.replications,
        |x| {
            vec![
                format!(
                    "{} ({})",
                    printable(&x.model_title),
                    printable(&x.model_code)
                ),
                printable(&x.from_unit),
                printable(&x.unit_name),
                date_dmy(x.date),
            ]
        },
    );

    d = end(d, false);

    // 6. Units that have not registered.
    d = page(d, 6, A::NotRegistered);
    listing(
        d,
        raw,
        lang,
        &List {
            heads: &[A::Code, A::Unit, A::Parent],
            widths: &[850, 1_800, 3_821, 2_600],
            centre: &[0],
        },
        &app.not_registered,
        |u| vec![printable(&u.code), printable(&u.name), printable(&u.parent)],
    )
}

/// “Không có.”: an appendix with nothing to list.
fn none(lang: Lang) -> Paragraph {
    body_para(&format!("{}.", A::None.get(lang)))
}

/// The columns of an appendix that is a plain numbered list: headings after `STT`, widths in
/// twentieths of a point, and the centred columns.
struct List<'a> {
    heads: &'a [A],
    widths: &'a [usize],
    centre: &'a [usize],
}

/// An appendix that lists `items`, one numbered row each, or says there is none.
fn listing<T>(
    d: Docx,
    raw: &mut Raw,
    lang: Lang,
    list: &List,
    items: &[T],
    row: impl Fn(&T) -> Vec<String>,
) -> Docx {
    if items.is_empty() {
        return d.add_paragraph(none(lang));
    }
    let mut head = heads(&[A::No], lang);
    head.extend(heads(list.heads, lang));
    let rows: Vec<Vec<String>> = items
        .iter()
        .enumerate()
        .map(|(i, x)| std::iter::once((i + 1).to_string()).chain(row(x)).collect())
        .collect();
    d.add_paragraph(raw.put(grid(&head, list.widths, &rows, list.centre)))
}

/// The end of a section: its pages are landscape or portrait. (The last section's
/// properties are the document's own: portrait.)
fn end(d: Docx, landscape: bool) -> Docx {
    d.add_paragraph(
        Paragraph::new()
            .line_spacing(tight())
            .section_property(section(landscape)),
    )
}

/// Counts in tables: written as they are (the leading zero belongs to prose).
fn count(n: u64) -> String {
    n.to_string()
}

/// A model's title, with the person and position of an exemplar.
fn model_title(m: &ModelLine) -> String {
    let mut t = printable(&m.title);
    if m.kind == ModelKind::Individual && !m.person.trim().is_empty() {
        let who = if m.position.trim().is_empty() {
            printable(&m.person)
        } else {
            format!("{}, {}", printable(&m.person), printable(&m.position))
        };
        t = format!("{t} ({who})");
    }
    t
}

fn tight() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .before(0)
        .after(0)
        .line(240)
}

fn spaced(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .before(before)
        .after(after)
        .line(276)
}

fn centred(text: &str, size: usize, bold: bool, italic: bool) -> Paragraph {
    let mut run = Run::new().add_text(text).size(size);
    if bold {
        run = run.bold();
    }
    if italic {
        run = run.italic();
    }
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(tight())
        .add_run(run)
}

/// A paragraph of the report: justified, the first line indented 1 cm.
fn body_para(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(spaced(0, 120))
        .add_run(Run::new().add_text(text))
}

fn borderless(rows: Vec<TableRow>) -> Table {
    Table::new(rows)
        .set_borders(TableBorders::new().clear_all())
        .layout(TableLayoutType::Fixed)
        .width(TEXT_W, WidthType::Dxa)
        .align(TableAlignmentType::Center)
}

/// A row of a bordered table: cells, or a heading across the whole width.
enum Line {
    Cells(Vec<String>),
    Group(String),
}

/// The bordered tables, written as WordprocessingML directly: docx-rs keeps a tree of
/// several kilobytes per cell, which for the appendices of 100,000 models is gigabytes. The
/// document holds a marker paragraph where each table goes, replaced once docx-rs has
/// written the rest (see [`splice`]).
#[derive(Default)]
struct Raw {
    tables: Vec<String>,
}

/// What marks a table's place: characters of a private-use area around its number.
fn marker(n: usize) -> String {
    format!("\u{E000}dvk-table-{n}\u{E001}")
}

impl Raw {
    /// The marker paragraph of a table.
    fn put(&mut self, xml: String) -> Paragraph {
        let n = self.tables.len();
        self.tables.push(xml);
        Paragraph::new().add_run(Run::new().add_text(marker(n)))
    }
}

/// `document.xml` with each marker paragraph replaced by its table.
fn splice(doc: &[u8], raw: &Raw) -> Vec<u8> {
    let doc = String::from_utf8_lossy(doc);
    let extra: usize = raw.tables.iter().map(|t| t.len()).sum();
    let mut out = String::with_capacity(doc.len() + extra);
    let mut from = 0;
    for (n, table) in raw.tables.iter().enumerate() {
        let m = marker(n);
        let Some(at) = doc[from..].find(&m).map(|i| i + from) else {
            continue;
        };
        let start = doc[..at]
            .rfind("<w:p ")
            .into_iter()
            .chain(doc[..at].rfind("<w:p>"))
            .max()
            .unwrap_or(at);
        let end = doc[at..]
            .find("</w:p>")
            .map_or(at, |i| at + i + "</w:p>".len());
        out.push_str(&doc[from..start]);
        out.push_str(table);
        from = end;
    }
    out.push_str(&doc[from..]);
    out.into_bytes()
}

fn esc(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// One cell: `width` on header cells (the rows below take theirs from the grid).
fn cell_xml(out: &mut String, text: &str, centre: bool, head: Option<(usize, usize)>, bold: bool) {
    out.push_str("<w:tc>");
    if let Some((width, _)) = head {
        out.push_str(&format!(
            "<w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
        ));
    }
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"");
    out.push_str(CELL);
    out.push_str("\"/>");
    if centre {
        out.push_str("<w:jc w:val=\"center\"/>");
    }
    out.push_str("</w:pPr><w:r>");
    let size = head.map(|h| h.1).filter(|s| *s != TABLE);
    if bold || size.is_some() {
        out.push_str("<w:rPr>");
        if bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if let Some(sz) = size {
            out.push_str(&format!("<w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/>"));
        }
        out.push_str("</w:rPr>");
    }
    out.push_str("<w:t xml:space=\"preserve\">");
    esc(out, text);
    out.push_str("</w:t></w:r></w:p></w:tc>");
}

/// A bordered table: a bold, centred header row (repeated on each page the table runs
/// over), then the rows; the columns in `centre` are centred (numbers and dates), the rest
/// left-aligned; the last row in bold when `last_bold` (a total).
fn grid_lines(
    head: &[String],
    widths: &[usize],
    rows: &[Line],
    centre: &[usize],
    head_size: usize,
    last_bold: bool,
) -> String {
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let mut out = String::with_capacity(300 * rows.len() * widths.len() + 2_000);
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>",
        widths.iter().sum::<usize>()
    ));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&border(side));
    }
    out.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"108\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>");
    for w in widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (t, w) in head.iter().zip(widths) {
        cell_xml(&mut out, t, true, Some((*w, head_size)), true);
    }
    out.push_str("</w:tr>");
    let n = rows.len();
    for (i, r) in rows.iter().enumerate() {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        match r {
            Line::Cells(cells) => {
                let bold = last_bold && i + 1 == n;
                for (j, t) in cells.iter().enumerate() {
                    cell_xml(&mut out, t, centre.contains(&j), None, bold);
                }
            }
            Line::Group(t) => {
                out.push_str(&format!(
                    "<w:tc><w:tcPr><w:gridSpan w:val=\"{}\"/></w:tcPr>",
                    widths.len()
                ));
                // The cell's paragraph, without the opening <w:tc> cell_xml writes.
                let mut c = String::new();
                cell_xml(&mut c, t, false, None, true);
                out.push_str(&c["<w:tc>".len()..]);
            }
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn grid(head: &[String], widths: &[usize], rows: &[Vec<String>], centre: &[usize]) -> String {
    grid_sized(head, widths, rows, centre, TABLE, false)
}

fn grid_sized(
    head: &[String],
    widths: &[usize],
    rows: &[Vec<String>],
    centre: &[usize],
    head_size: usize,
    last_bold: bool,
) -> String {
    let lines: Vec<Line> = rows.iter().map(|r| Line::Cells(r.clone())).collect();
    grid_lines(head, widths, &lines, centre, head_size, last_bold)
}
