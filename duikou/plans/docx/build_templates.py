"""Build ``plan.docx``, the Word template of plans and annual summaries (GB/T 9704-2012 layout).

The shipped ``plan.docx`` next to this script is its output. Regenerate it after changing this script:

    .venv/bin/python duikou/plans/docx/build_templates.py

``duikou.plans.documents.plan_docx`` fills it with docxtpl (Jinja tags in the text: ``{{ title_lines }}``,
``{%p for section in sections %}``, ``{%tr for row in annex1.rows %}`` …). An administrator who wants another
layout or wording copies ``plan.docx`` into the directory named by ``settings.DUIKOU_DOCUMENT_TEMPLATE_DIR``,
edits it in Word (keeping the tags), and it is used instead; no code changes. What the tags can use
(``documents.document_context``): ``title``, ``title_lines`` (the title with line breaks), ``document_number``,
``sections`` (each a ``heading`` such as “一、总体进展” and ``blocks``, each a ``style`` h2 / h3 / body and a
rich ``text`` for ``{{r …}}``), ``annexes`` (their titles), ``labels.annexes``, ``h`` (the column headers),
``annex1`` … ``annex3`` (``label``, ``title``, ``rows``, ``total``, ``note``) and ``year``.

What the template carries (GB/T 9704-2012 《党政机关公文格式》):

* A4 (210 × 297 mm); margins top 37 mm, bottom 35 mm, left (订口) 28 mm, right 26 mm: a 156 × 225 mm text area.
* A document grid of 22 lines of 28 characters (``w:docGrid w:type="linesAndChars"``), which Word's page
  setup shows. In twentieths of a point (twips) as Word stores them: page 16838 high, margins 2098 + 1984,
  so the text area is 12756 high and one line is 12756 / 22 = 579.8, rounded down to 579 (rounding up,
  22 × 580 = 12760, would leave room for 21 lines only). The text area is 11906 − 1587 − 1474 = 8845 wide,
  so a character takes 8845 / 28 = 315.9; ``w:charSpace`` is the change to each character's 16 pt (320)
  advance in 4096ths of a point: (315.9 − 320) / 20 × 4096 = −841.1, rounded down to −842 so that 28 fit.
* The styles carry the same measure themselves: lines exactly 579 twips (28.95 pt), 16 pt characters 5 twips
  (¼ pt) closer (28 × 315 = 8820 ≤ 8845), and do not snap to the grid. The page is then 22 × 28 in every
  program: LibreOffice (7.4) lays a character grid out as cells and puts each 16 pt character, wider than a
  15.8 pt cell, into two, spreading the text over twice the width.
* Styles (named in Chinese, so that they can be found in Word's style pane): title 2号 (22 pt) 方正小标宋简体,
  centred; body 3号 (16 pt) 仿宋_GB2312 on a fixed 28.95 pt line (the grid's line), first line indented two
  characters; first-level headings 3号 黑体, second-level 3号 楷体_GB2312, third-level 3号 仿宋 bold; annex
  label 3号 黑体 on a new page; annex tables 小四 (12 pt), header row 黑体, repeated on every page.
* Every style and run names its East Asian font (``w:eastAsia``) and Times New Roman for Latin letters and
  digits; the font table gives Word substitutes (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体)
  for machines without the GB2312 fonts.
* Page numbers in the footer, 4号 (14 pt) 宋体, as “— N —” (a PAGE field between one-character dashes), on
  the outside edge one character in: right on odd pages, left on even pages.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

HERE = Path(__file__).resolve().parent

# --- page geometry (GB/T 9704-2012 5.2) --------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_DISTANCE = Mm(25.5)  # the page number's dashes about 7 mm below the text area
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
BODY_SIZE_PT = 16  # 3号


def line_pitch() -> int:
    """The grid's line in twips: the text area's height over 22 lines, rounded down so that 22 fit."""
    height = PAGE_HEIGHT.twips - MARGIN_TOP.twips - MARGIN_BOTTOM.twips
    return height // LINES_PER_PAGE


def char_space() -> int:
    """``w:charSpace``: 4096ths of a point added to each 16 pt character so that 28 fill a line."""
    width = PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips
    pitch_pt = width / CHARS_PER_LINE / 20
    return math.floor((pitch_pt - BODY_SIZE_PT) * 4096)


def char_twips() -> int:
    """One character of the grid, in twips (for indents given in characters)."""
    width = PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips
    return round(width / CHARS_PER_LINE)


# --- fonts ---------------------------------------------------------------------------------------------------

LATIN = "Times New Roman"
FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"

# name: (substitute Word uses when the font is missing, family, pitch)
FONT_TABLE = {
    FANGSONG: ("仿宋", "modern", "fixed"),
    KAITI: ("楷体", "modern", "fixed"),
    XIAOBIAOSONG: ("宋体", "script", "variable"),
    HEITI: ("SimHei", "modern", "fixed"),
    SONGTI: ("SimSun", "auto", "variable"),
}


def char_spacing() -> int:
    """The body's character spacing in twips: each 16 pt character this much closer, so that 28 fill a line
    (8845 / 28 = 315.9, 320 − 315.9 = 4.1, rounded up to 5: 28 × 315 = 8820 ≤ 8845 < 29 × 315)."""
    width = PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips
    return math.floor(width / CHARS_PER_LINE - BODY_SIZE_PT * 20)


def rpr(*, east_asia: str, size_pt: float, latin: str = LATIN, bold: bool = False, spacing: int = 0) -> str:
    """Run properties in schema order: fonts, bold, no grid, character spacing, size, language."""
    half_points = round(size_pt * 2)
    return (
        f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" '
        f'w:hint="eastAsia"/>'
        + ("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
        + '<w:snapToGrid w:val="0"/>'
        + f'<w:spacing w:val="{spacing}"/>'
        + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        + '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
    )


def body_rpr(*, east_asia: str | None = None, bold: bool = False) -> str:
    """A 3号 (16 pt) style on the 28-character measure."""
    return rpr(east_asia=east_asia or FANGSONG, size_pt=BODY_SIZE_PT, bold=bold, spacing=char_spacing())


def ppr(*, align: str = "both", first_line_chars: int = 0, left_chars: int = 0, line: str = "grid",
        page_break_before: bool = False, keep_next: bool = False, outline: int | None = None) -> str:
    """Paragraph properties in schema order. ``line``: "grid" (exactly one grid line), "single", or a size
    in points for an exact line."""
    parts = ["<w:pPr>"]
    if keep_next:
        parts.append("<w:keepNext/>")
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    parts.append('<w:widowControl w:val="0"/>')
    parts.append('<w:snapToGrid w:val="0"/>')
    if line == "grid":
        spacing = f'w:line="{line_pitch()}" w:lineRule="exact"'
    elif line == "single":
        spacing = 'w:line="240" w:lineRule="auto"'
    else:
        spacing = f'w:line="{round(float(line) * 20)}" w:lineRule="exact"'
    parts.append(f'<w:spacing w:before="0" w:after="0" {spacing}/>')
    unit = char_twips()
    ind = [f'w:left="{left_chars * unit // 100}"', f'w:leftChars="{left_chars}"', 'w:right="0"', 'w:rightChars="0"']
    ind += [f'w:firstLine="{first_line_chars * unit // 100}"', f'w:firstLineChars="{first_line_chars}"']
    parts.append(f"<w:ind {' '.join(ind)}/>")
    parts.append(f'<w:jc w:val="{align}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    parts.append("</w:pPr>")
    return "".join(parts)


# style id: (name shown in Word, paragraph properties, run properties)
STYLES = {
    "DkBody": ("公文正文", ppr(first_line_chars=200), body_rpr()),
    "DkTitle": ("公文标题", ppr(align="center", line="35"),
                rpr(east_asia=XIAOBIAOSONG, size_pt=22, latin=XIAOBIAOSONG)),
    "DkDocNumber": ("发文字号", ppr(align="center"), body_rpr()),
    "DkHeading1": ("一级标题", ppr(first_line_chars=200, keep_next=True, outline=0), body_rpr(east_asia=HEITI)),
    "DkHeading2": ("二级标题", ppr(first_line_chars=200, keep_next=True, outline=1), body_rpr(east_asia=KAITI)),
    "DkHeading3": ("三级标题", ppr(first_line_chars=200, keep_next=True, outline=2),
                   body_rpr(bold=True)),
    "DkAnnexList": ("附件说明", ppr(first_line_chars=200), body_rpr()),
    "DkAnnexListMore": ("附件说明续", ppr(left_chars=500), body_rpr()),
    "DkAnnexLabel": ("附件标识", ppr(align="left", page_break_before=True, keep_next=True), body_rpr(east_asia=HEITI)),
    "DkAnnexTitle": ("附件标题", ppr(align="center", line="35", keep_next=True),
                     rpr(east_asia=XIAOBIAOSONG, size_pt=22, latin=XIAOBIAOSONG)),
    "DkTableHead": ("表格表头", ppr(align="center", line="single"), rpr(east_asia=HEITI, size_pt=12)),
    "DkTableText": ("表格文字", ppr(align="left", line="single"), rpr(east_asia=FANGSONG, size_pt=12)),
    "DkTableNumber": ("表格数字", ppr(align="center", line="single"),
                      rpr(east_asia=FANGSONG, size_pt=12)),
    "DkNote": ("表注", ppr(align="both", line="single"), rpr(east_asia=FANGSONG, size_pt=12)),
    "DkPageNumber": ("页码", ppr(align="right", line="single"),
                     rpr(east_asia=SONGTI, size_pt=14, latin=SONGTI)),
}


def build_styles(document) -> None:
    styles = document.styles.element
    keep = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in keep:
            styles.remove(style)
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault>{body_rpr()}</w:rPrDefault>"
        f"<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
        f"</w:docDefaults>"))
    normal = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
    normal.getparent().replace(normal, parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"<w:qFormat/>{ppr(first_line_chars=0)}{body_rpr()}</w:style>"))
    for style_id, (name, paragraph, run) in STYLES.items():
        styles.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>{paragraph}{run}</w:style>'))


def build_font_table(document) -> None:
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE)
    fonts = parse_xml(part.blob)
    for name, (alt, family, pitch) in FONT_TABLE.items():
        fonts.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'))
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_settings(document) -> None:
    settings = document.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids", "w:attachedTemplate"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    for element in settings.iter(qn("w:compatSetting")):
        if element.get(qn("w:name")) == "compatibilityMode":
            element.set(qn("w:val"), "15")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    document.settings.odd_and_even_pages_header_footer = True


def drop_cruft(document) -> None:
    """The python-docx starter document carries a thumbnail, bibliography XML and Word 2010 style effects:
    none belongs in a government template."""
    package_rels = document.part.package.rels
    for key, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[key]
    for key, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            del document.part.rels[key]


def build_section(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(15), FOOTER_DISTANCE
    section.gutter = 0
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = parse_xml(f"<w:docGrid {nsdecls('w')}/>")
        sect_pr.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch()))
    grid.set(qn("w:charSpace"), str(char_space()))
    page_number(section.footer, align="right")
    page_number(section.even_page_footer, align="left")


def page_number(footer, *, align: str) -> None:
    """“— N —” with a PAGE field, one character in from the outside edge."""
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    run = rpr(east_asia=SONGTI, size_pt=14, latin=SONGTI)
    indent = 'w:right="280"' if align == "right" else 'w:left="280"'
    p.append(parse_xml(
        f'<w:pPr {nsdecls("w")}><w:pStyle w:val="DkPageNumber"/><w:snapToGrid w:val="0"/>'
        f'<w:ind {indent}/><w:jc w:val="{align}"/></w:pPr>'))
    for xml in (
        f'<w:r {nsdecls("w")}>{run}<w:t xml:space="preserve">— </w:t></w:r>',
        f'<w:r {nsdecls("w")}>{run}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}>{run}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}>{run}<w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}>{run}<w:t>1</w:t></w:r>',
        f'<w:r {nsdecls("w")}>{run}<w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:r {nsdecls("w")}>{run}<w:t xml:space="preserve"> —</w:t></w:r>',
    ):
        p.append(parse_xml(xml))


# --- the body: placeholders ------------------------------------------------------------------------------------


def para(document, text: str = "", style: str = "Normal", *, direct: str | None = None):
    """A paragraph of ``style`` whose single run holds ``text``; ``direct`` adds the run properties to the
    run itself as well (the title: Word shows its font even if someone changes the style)."""
    paragraph = document.add_paragraph(style=document.styles[style] if style != "Normal" else None)
    if text:
        run = paragraph.add_run(text)
        if direct:
            run._r.insert(0, parse_xml(direct.replace("<w:rPr>", f"<w:rPr {nsdecls('w')}>", 1)))
    return paragraph


def tag(document, text: str):
    """A paragraph holding only a docxtpl block tag ({%p …%}, {%tr …%}): it disappears when rendered."""
    return para(document, text)


TABLE_BORDERS = (
    "<w:tblBorders {ns}>"
    + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
              for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + "</w:tblBorders>"
)


def table(document, widths_mm: list[float], rows: list[list[tuple[str, str]]], *, header_rows: int = 1):
    """A fixed-width, bordered table filling the text area. ``rows``: [(text, style), …] per row; a row with
    a single cell spans the whole table (used for {%tr …%} tags and notes)."""
    total = PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips
    twips = [round(w / sum(widths_mm) * total) for w in widths_mm]
    twips[-1] = total - sum(twips[:-1])
    tbl = document.add_table(rows=len(rows), cols=len(widths_mm))
    tbl.autofit = False
    tbl_pr = tbl._tbl.tblPr
    for child in list(tbl_pr):  # rebuilt below in schema order
        tbl_pr.remove(child)
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{total}" w:type="dxa"/>'))
    tbl_pr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>'))
    tbl_pr.append(parse_xml(TABLE_BORDERS.format(ns=nsdecls("w"))))
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tbl_pr.append(parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'))
    grid = tbl._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    for index, (row, cells) in enumerate(zip(tbl.rows, rows, strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        if index < header_rows:
            tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        tr_pr.append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="454" w:hRule="atLeast"/>'))
        if len(cells) == 1:
            merged = row.cells[0].merge(row.cells[-1])
            targets = [(merged, cells[0])]
        else:
            targets = list(zip(row.cells, cells, strict=True))
        for cell_index, (cell, (text, style)) in enumerate(targets):
            width = sum(twips) if len(cells) == 1 else twips[cell_index]
            tc_pr = cell._tc.get_or_add_tcPr()
            for child in list(tc_pr):
                if child.tag == qn("w:tcW"):
                    tc_pr.remove(child)
            tc_pr.insert(0, parse_xml(f'<w:tcW {nsdecls("w")} w:w="{width}" w:type="dxa"/>'))
            tc_pr.append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="center"/>'))
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles[style]
            if text:
                paragraph.add_run(text)
    return tbl


def build_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    tag(document, "{%p if document_number %}")
    para(document, "{{ document_number }}", "发文字号")
    tag(document, "{%p endif %}")
    para(document, "{{ title_lines }}", "公文标题",
         direct=rpr(east_asia=XIAOBIAOSONG, size_pt=22, latin=XIAOBIAOSONG))
    para(document)  # 标题下空一行

    tag(document, "{%p for section in sections %}")
    para(document, "{{ section.heading }}", "一级标题")
    tag(document, "{%p for block in section.blocks %}")
    tag(document, "{%p if block.style == 'h2' %}")
    para(document, "{{r block.text }}", "二级标题")
    tag(document, "{%p elif block.style == 'h3' %}")
    para(document, "{{r block.text }}", "三级标题")
    tag(document, "{%p else %}")
    para(document, "{{r block.text }}", "公文正文")
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")
    tag(document, "{%p endfor %}")

    # 附件说明: “附件：1.…” under the text, one blank line between; later annexes aligned with the first name.
    para(document)
    tag(document, "{%p for annex in annexes %}")
    tag(document, "{%p if loop.first %}")
    para(document, "{{ labels.annexes }}{{ loop.index }}.{{ annex }}", "附件说明")
    tag(document, "{%p else %}")
    para(document, "{{ loop.index }}.{{ annex }}", "附件说明续")
    tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")

    def annex_head(name):
        para(document, f"{{{{ {name}.label }}}}", "附件标识")
        para(document)
        para(document, f"{{{{ {name}.title }}}}", "附件标题",
             direct=rpr(east_asia=XIAOBIAOSONG, size_pt=22, latin=XIAOBIAOSONG))
        para(document)

    head, text, number = "表格表头", "表格文字", "表格数字"

    # 附件1: work items by key task.
    annex_head("annex1")
    table(document, [52, 20.8, 20.8, 20.8, 20.8, 20.8], [
        [("{{ h.key_task }}", head), ("{{ h.work_items }}", head), ("{{ h.completed }}", head),
         ("{{ h.completed_late }}", head), ("{{ h.overdue }}", head), ("{{ h.in_progress }}", head)],
        [("{%tr for row in annex1.rows %}", text)],
        [("{{ row.key_task }}", text), ("{{ row.work_items }}", number), ("{{ row.completed }}", number),
         ("{{ row.completed_late }}", number), ("{{ row.overdue }}", number), ("{{ row.in_progress }}", number)],
        [("{%tr endfor %}", text)],
        [("{{ h.total }}", head), ("{{ annex1.total.work_items }}", number), ("{{ annex1.total.completed }}", number),
         ("{{ annex1.total.completed_late }}", number), ("{{ annex1.total.overdue }}", number),
         ("{{ annex1.total.in_progress }}", number)],
    ])
    para(document, "{{ annex1.note }}", "表注")

    # 附件2: indicators against their targets.
    annex_head("annex2")
    table(document, [30, 12, 15, 15, 15, 31, 16, 22], [
        [("{{ h.indicator }}", head), ("{{ h.unit }}", head), ("{{ h.baseline }}", head), ("{{ h.target }}", head),
         ("{{ h.actual }}", head), ("{{ h.period }}", head), ("{{ h.attainment }}", head), ("{{ h.basis }}", head)],
        [("{%tr for row in annex2.rows %}", text)],
        [("{{ row.name }}", text), ("{{ row.unit }}", number), ("{{ row.baseline }}", number),
         ("{{ row.target }}", number), ("{{ row.actual }}", number), ("{{ row.period }}", number),
         ("{{ row.attainment }}", number), ("{{ row.basis }}", text)],
        [("{%tr endfor %}", text)],
        [("{%tr if not annex2.rows %}", text)],
        [("{{ h.none }}", number)],
        [("{%tr endif %}", text)],
    ])
    para(document, "{{ annex2.note }}", "表注")

    # 附件3: time nodes.
    annex_head("annex3")
    table(document, [43, 38, 25, 25, 25], [
        [("{{ h.item }}", head), ("{{ h.node }}", head), ("{{ h.due }}", head), ("{{ h.met_on }}", head),
         ("{{ h.state }}", head)],
        [("{%tr for row in annex3.rows %}", text)],
        [("{{ row.item }}", text), ("{{ row.node }}", text), ("{{ row.due }}", number), ("{{ row.met_on }}", number),
         ("{{ row.state }}", number)],
        [("{%tr endfor %}", text)],
        [("{{ annex3.total }}", text)],
    ])
    para(document, "{{ annex3.note }}", "表注")


def build_plan_template(path: Path) -> Path:
    document = docx.Document()
    drop_cruft(document)
    build_settings(document)
    build_styles(document)
    build_font_table(document)
    build_section(document)
    build_body(document)
    properties = document.core_properties
    properties.title, properties.subject, properties.author = "{{ title }}", "", "Duikou"
    properties.comments, properties.keywords, properties.language = "", "", "zh-CN"
    properties.last_modified_by, properties.revision = "Duikou", 1
    document.save(path)
    return path


if __name__ == "__main__":  # pragma: no cover - run by hand
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "plan.docx"
    print(build_plan_template(target))
