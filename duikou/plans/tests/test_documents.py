"""Issue #3, point 6: the annual summary drafted from the platform's figures, the plan as a GB/T 9704-2012
Word document, its figures as a workbook. The expected figures are counted here from the database directly,
not through ``selectors.summary_figures``; nothing here depends on the interface language."""

from __future__ import annotations

import datetime
import io
import re
import shutil
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags
from docx.oxml.ns import qn
from docx.shared import Pt

from duikou.core.models import AuditEntry
from duikou.core.testing import OrganisationFactory, make_persona, pairing
from duikou.plans import documents, services
from duikou.plans.docx import build_templates
from duikou.plans.models import Plan, PlanItem, TimeNode
from duikou.regions.models import KeyTask

YEAR = timezone.localdate().year - 1  # a past year: every date below is before today
YEAR_END = datetime.date(YEAR, 12, 31)


def d(month, day, year=YEAR):
    return datetime.date(year, month, day)


@pytest.fixture
def people(db):
    return {"liaoning": make_persona("liaoning"), "jiangsu": make_persona("jiangsu"), "jilin": make_persona("jilin")}


@pytest.fixture
def plan(people):
    """An annual plan of 辽宁–江苏 for YEAR, built through the services: leaf items completed on time, late,
    overdue and in progress (one with two sub-items), one due next year, time nodes and indicators."""
    user = people["liaoning"]
    lead = OrganisationFactory(name="辽宁省发展和改革委员会", region_id="210000")
    plan = services.plan_create(user=user, data={
        "pairing": pairing("210000", "320000"), "kind": "annual", "title": f"辽宁省—江苏省{YEAR}年对口合作工作计划",
        "period_start": YEAR, "period_end": YEAR,
        "goals": "<p>推动两省对口合作<strong>走深走实</strong>。</p><ol><li>深化改革</li><li>产业合作</li></ol>",
        "safeguards": "<h3>加强组织领导</h3><p>两省建立联席会议制度。</p>"})
    tasks = {code: KeyTask.objects.get(code=code) for code in ("2.1", "3.1", "4.2")}

    def item(number, task, due, **extra):
        return services.item_create(user=user, plan=plan, data={
            "number": number, "title": f"工作事项{number}", "key_task": tasks[task], "lead_organisation": lead,
            "start_date": d(1, 1), "due_date": due, **extra})

    def report(it, progress, on):
        services.progress_report(user=user, item=it, data={"progress": progress, "reported_on": on, "note": "进展"})

    a, b, c = item("1", "2.1", d(3, 31)), item("2", "2.1", d(6, 30)), item("3", "2.1", d(9, 30))
    e, f = item("4", "3.1", d(5, 31)), item("5", "3.1", d(10, 31))
    g = item("6", "4.2", d(12, 31))
    parent = item("7", "4.2", d(11, 30))
    g1 = item("7.1", "4.2", d(8, 31), parent=parent)
    g2 = item("7.2", "4.2", d(11, 30), parent=parent)
    item("8", "4.2", d(6, 30, YEAR + 1))  # due next year: not in this year's figures

    n1 = services.node_create(user=user, item=a, data={"title": "签订合作协议", "due_date": d(2, 28)})
    n2 = services.node_create(user=user, item=b, data={"title": "完成项目选址", "due_date": d(5, 31)})
    services.node_create(user=user, item=c, data={"title": "开工建设", "due_date": d(7, 31)})
    services.node_create(user=user, item=g, data={"title": "年终验收", "due_date": d(12, 31)})

    signed = services.indicator_create(user=user, item=a, data={
        "name": "签约合作项目", "unit": "个", "baseline": Decimal("10"), "target": Decimal("20"),
        "counting_basis": "以合同签订为准"})
    funds = services.indicator_create(user=user, item=e, data={
        "name": "引进资金", "unit": "亿元", "target": Decimal("50")})
    services.indicator_create(user=user, item=f, data={"name": "培训干部", "unit": "人次", "target": Decimal("8")})

    report(a, 100, d(3, 20))      # on time
    report(b, 100, d(8, 15))      # late
    report(c, 40, d(5, 1))        # overdue
    report(e, 100, d(5, 1))       # on time
    report(f, 100, d(11, 20))     # late
    report(g, 60, d(9, 1))        # due on 31 December: in progress
    report(g1, 100, d(8, 1))      # on time
    report(g2, 50, d(9, 1))       # overdue
    services.node_complete(user=user, node=n1, completed_on=d(2, 20))
    services.node_complete(user=user, node=n2, completed_on=d(7, 1))
    services.actual_record(user=user, indicator=signed, data={
        "period": str(YEAR), "value": Decimal("25"), "evidence": "合同清单", "counting_basis": "以合同签订为准"})
    services.actual_record(user=user, indicator=funds, data={
        "period": f"{YEAR}-H1", "value": Decimal("30"), "evidence": "统计报表", "counting_basis": "到位资金"})
    plan.refresh_from_db()
    return plan


def expected_figures(plan_ids) -> dict:
    """The year's figures counted from the database: leaf items due in the year (none was due earlier)."""
    leaf = PlanItem.objects.filter(plan_id__in=plan_ids, children__isnull=True, due_date__year=YEAR)
    done = Q(completed_on__lte=YEAR_END)
    nodes = TimeNode.objects.filter(item__plan_id__in=plan_ids, due_date__year=YEAR)
    return {
        "items": leaf.count(),
        "completed": leaf.filter(done).count(),
        "completed_late": leaf.filter(done, completed_on__gt=F("due_date")).count(),
        "overdue": leaf.filter(~done, due_date__lt=YEAR_END).count(),
        "in_progress": leaf.filter(~done, due_date__gte=YEAR_END).count(),
        "nodes": nodes.count(),
        "nodes_met": nodes.filter(completed_on__lte=YEAR_END).count(),
        "nodes_on_time": nodes.filter(completed_on__lte=F("due_date")).count(),
    }


def test_the_fixture_is_what_the_expectations_say(plan):
    assert expected_figures([plan.pk]) == {"items": 8, "completed": 5, "completed_late": 2, "overdue": 2,
                                           "in_progress": 1, "nodes": 4, "nodes_met": 2, "nodes_on_time": 1}


# --- the Word document -----------------------------------------------------------------------------------------


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def effective(paragraph, run, name: str):
    """A run property as Word resolves it: the run, then the paragraph's style and the styles it is based
    on, then the document defaults. ``name``: "sz" (half-points), "spacing" (twips) or "eastAsia"."""

    def look(rpr):
        if rpr is None:
            return None
        if name in ("sz", "spacing"):
            element = rpr.find(qn(f"w:{name}"))
            return None if element is None else int(element.get(qn("w:val")))
        fonts = rpr.find(qn("w:rFonts"))
        return None if fonts is None else fonts.get(qn(f"w:{name}"))

    found = look(run._r.rPr)
    style = paragraph.style
    while found is None and style is not None:
        found = look(style.element.rPr)
        style = style.base_style
    if found is None:
        found = look(paragraph.part.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    return found


def paragraph_with(document, text: str):
    return next(p for p in document.paragraphs if text in p.text)


def table_numbers(table, first_row=1) -> list[list[int]]:
    return [[int(cell.text) for cell in row.cells[1:]] for row in table.rows[first_row:]]


def test_the_docx_is_laid_out_per_gbt_9704(plan, people):
    document = open_docx(documents.plan_docx(plan=plan, user=people["liaoning"]))
    section = document.sections[0]
    for length, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                       (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(length.mm - mm) < 0.1, (length.mm, mm)

    title = next(p for p in document.paragraphs if p.text.replace("\n", "") == plan.title)
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER or title.style.paragraph_format.alignment == 1
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"

    body = paragraph_with(document, "推动两省对口合作")
    for body_run in body.runs:
        assert effective(body, body_run, "sz") == 32  # 16 pt
        assert effective(body, body_run, "eastAsia") == "仿宋_GB2312"
    assert any(r.bold for r in body.runs if "走深走实" in r.text)

    heading = next(p for p in document.paragraphs if re.match(r"^一、", p.text))
    assert effective(heading, heading.runs[0], "eastAsia") == "黑体"
    assert effective(heading, heading.runs[0], "sz") == 32
    second = paragraph_with(document, "加强组织领导")
    assert second.text.startswith("（一）")
    assert effective(second, second.runs[0], "eastAsia") == "楷体_GB2312"
    assert paragraph_with(document, "深化改革").text.startswith("1.")
    assert paragraph_with(document, "产业合作").text.startswith("2.")

    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579"
    assert grid.get(qn("w:charSpace")) == "-842"
    # … and that is the arithmetic: 22 lines fill the text area's height, 28 characters its width.
    height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    assert 22 * 579 <= height < 23 * 579
    assert 28 * (320 + (-842) * 20 / 4096) <= width < 28 * (320 + (-841) * 20 / 4096)
    # The styles keep the same measure without the grid (so that every program lays out 22 × 28): exact
    # 28.95 pt lines and 16 pt characters ¼ pt closer.
    spacing = effective(body, body.runs[0], "spacing")
    assert 28 * (320 + spacing) <= width < 29 * (320 + spacing)
    line = body.style.paragraph_format.line_spacing
    assert round(line.twips) == 579 and body.style.paragraph_format.line_spacing_rule == 4  # EXACTLY

    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", xml) or 'w:instr=" PAGE' in xml
        assert "— " in xml and " —" in xml
        size = footer._element.find(f".//{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}")
        assert size.get(qn("w:val")) == "28"  # 4号, 14 pt
    assert document.settings.odd_and_even_pages_header_footer


def test_the_docx_annex_tables_add_up_to_the_database(plan, people):
    document = open_docx(documents.plan_docx(plan=plan, user=people["liaoning"]))
    expected = expected_figures([plan.pk])
    by_key_task, indicators, nodes = document.tables

    rows = table_numbers(by_key_task)
    *per_task, total = rows
    assert total == [expected["items"], expected["completed"], expected["completed_late"], expected["overdue"],
                     expected["in_progress"]]
    assert [sum(column) for column in zip(*per_task, strict=True)] == total
    codes = [row.cells[0].text.split()[0] for row in by_key_task.rows[1:-1]]
    assert codes == ["2.1", "3.1", "4.2"]
    assert table_numbers(by_key_task)[0] == [3, 2, 1, 1, 0]  # 2.1: on time, late, overdue

    assert len(indicators.rows) == 1 + 3
    signed = next(row for row in indicators.rows if row.cells[0].text == "签约合作项目")
    assert [c.text for c in signed.cells[1:]] == ["个", "10", "20", "25", documents.period_label(str(YEAR)), "125",
                                             "以合同签订为准"]
    funds = next(row for row in indicators.rows if row.cells[0].text == "引进资金")
    assert funds.cells[4].text == "30" and funds.cells[5].text == documents.period_label(f"{YEAR}-H1") and funds.cells[6].text == "60"
    untold = next(row for row in indicators.rows if row.cells[0].text == "培训干部")
    assert untold.cells[4].text == "—"

    node_rows = nodes.rows[1:-1]
    assert len(node_rows) == expected["nodes"]
    assert sum(1 for row in node_rows if row.cells[3].text) == expected["nodes_met"]
    totals_text = nodes.rows[-1].cells[0].text
    assert [int(n) for n in re.findall(r"\d+", totals_text.replace(str(YEAR), ""))][:3] == [
        expected["nodes"], expected["nodes_met"], expected["nodes_on_time"]]


def test_the_docx_uses_the_configured_template(plan, people, settings, tmp_path):
    custom = docx.Document()
    custom.add_paragraph("自定义模板：{{ title }}")
    custom.save(tmp_path / "plan.docx")
    settings.DUIKOU_DOCUMENT_TEMPLATE_DIR = str(tmp_path)
    document = open_docx(documents.plan_docx(plan=plan, user=people["liaoning"]))
    assert document.paragraphs[0].text == f"自定义模板：{plan.title}"

    settings.DUIKOU_DOCUMENT_TEMPLATE_DIR = str(tmp_path / "elsewhere")  # no plan.docx there: the shipped one
    assert documents.docx_template_path() == build_templates.HERE / "plan.docx"


def test_the_shipped_template_is_what_the_script_builds(tmp_path):
    built = docx.Document(build_templates.build_plan_template(tmp_path / "plan.docx"))
    shipped = docx.Document(build_templates.HERE / "plan.docx")
    assert [p.text for p in built.paragraphs] == [p.text for p in shipped.paragraphs]
    assert built.styles.element.xml == shipped.styles.element.xml
    assert built.sections[0]._sectPr.xml == shipped.sections[0]._sectPr.xml


def test_user_text_is_escaped_in_the_docx(plan, people):
    services.plan_update(user=people["liaoning"], plan=plan, expected_version=plan.version,
                         data={"title": "A & B <计划>", "scope": "<p>R&amp;D 合作 &lt;试点&gt;</p>"})
    plan.refresh_from_db()
    document = open_docx(documents.plan_docx(plan=plan, user=people["liaoning"]))
    assert paragraph_with(document, "A & B").text == "A & B <计划>"
    assert paragraph_with(document, "R&D").text == "R&D 合作 <试点>"


# --- the workbook ----------------------------------------------------------------------------------------------


def test_the_xlsx_has_the_same_totals(plan, people):
    workbook = openpyxl.load_workbook(io.BytesIO(documents.plan_xlsx(plan=plan, user=people["liaoning"])))
    expected = expected_figures([plan.pk])
    items, by_key_task, indicators, nodes = workbook.worksheets

    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A4"
    assert items.max_row - 3 == PlanItem.objects.filter(plan=plan).count()
    assert {row[0] for row in items.iter_rows(min_row=4, values_only=True)} >= {"1", "7.1", "8"}
    first = next(row for row in items.iter_rows(min_row=4, values_only=True) if row[0] == "1")
    assert first[4].date() == d(1, 1) and first[7].date() == d(3, 20) and first[6] == 100
    assert items.column_dimensions["B"].width >= 8

    total = [cell.value for cell in by_key_task[by_key_task.max_row]]
    assert total[1:] == [expected["items"], expected["completed"], expected["completed_late"], expected["overdue"],
                         expected["in_progress"]]
    data = list(by_key_task.iter_rows(min_row=4, max_row=by_key_task.max_row - 1, values_only=True))
    assert [sum(row[i] for row in data) for i in range(1, 6)] == total[1:]

    signed = next(row for row in indicators.iter_rows(min_row=4, values_only=True) if row[1] == "签约合作项目")
    assert (signed[4], signed[5], signed[7]) == (20, 25, 125)
    assert nodes.max_row - 3 == expected["nodes"]
    assert sum(1 for row in nodes.iter_rows(min_row=4, values_only=True) if row[3]) == expected["nodes_met"]


def test_every_export_is_audited(plan, people):
    user = people["liaoning"]
    before = AuditEntry.objects.filter(action="export").count()
    documents.plan_docx(plan=plan, user=user)
    documents.plan_xlsx(plan=plan, user=user)
    entries = list(AuditEntry.objects.filter(action="export").order_by("id"))[before:]
    assert [(e.object_type, e.object_id, e.actor_id, e.changes) for e in entries] == [
        ("plans.plan", str(plan.pk), user.pk, {"format": [None, "docx"]}),
        ("plans.plan", str(plan.pk), user.pk, {"format": [None, "xlsx"]}),
    ]


# --- the annual summary ------------------------------------------------------------------------------------------


def numbers_in(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+(?:\.\d+)?", strip_tags(html)) if "." not in n]


def test_summary_draft_writes_the_real_counts(plan, people):
    summary = documents.summary_draft(user=people["liaoning"], pairing=plan.pairing, year=YEAR)
    expected = expected_figures([plan.pk])
    assert (summary.kind, summary.period_start, summary.period_end, summary.status) == ("summary", YEAR, YEAR, "draft")
    assert "辽宁省" in summary.title and "江苏省" in summary.title and str(YEAR) in summary.title
    assert summary.events.filter(action="created").exists()

    overall = numbers_in(summary.goals)
    for key in ("items", "completed", "completed_late", "overdue", "in_progress"):
        assert expected[key] in overall, key
    assert expected["completed"] - expected["completed_late"] in overall  # on time
    assert plan.title in strip_tags(summary.scope)
    by_task = strip_tags(summary.key_tasks_text)
    for code in ("2.1", "3.1", "4.2"):
        assert code in by_task
    assert "装备制造业等优势产业" in by_task
    assert "工作事项3" in strip_tags(summary.safeguards) and "工作事项7.2" in strip_tags(summary.safeguards)
    assert "工作事项1" in strip_tags(summary.major_projects) and "工作事项3" not in strip_tags(summary.major_projects)
    schedule = numbers_in(summary.schedule)
    assert expected["nodes"] in schedule and expected["nodes_met"] in schedule
    assert "开工建设" in strip_tags(summary.schedule)  # the missed node
    # the sections are safe HTML of the allowed tags only
    for name in Plan.SECTION_FIELDS:
        assert set(re.findall(r"</?([a-z0-9]+)", getattr(summary, name))) <= {"p", "br", "strong", "em", "ol", "ul",
                                                                               "li", "h3", "h4", "table"}

    # the summary's own Word document: its annexes count the annual plan, not itself
    document = open_docx(documents.plan_docx(plan=summary, user=people["liaoning"]))
    assert table_numbers(document.tables[0])[-1][0] == expected["items"]
    assert any(p.text.startswith("一、") for p in document.paragraphs)


def test_summary_draft_refreshes_a_draft_and_refuses_a_submitted_one(plan, people):
    user = people["liaoning"]
    first = documents.summary_draft(user=user, pairing=plan.pairing, year=YEAR)
    services.plan_update(user=user, plan=first, expected_version=first.version, data={"title": "我们改过的标题"})

    g = PlanItem.objects.get(plan=plan, number="6")
    services.progress_report(user=user, item=g, data={"progress": 100, "reported_on": d(12, 20), "note": "完成"})
    again = documents.summary_draft(user=user, pairing=plan.pairing, year=YEAR)
    assert again.pk == first.pk
    assert Plan.objects.filter(kind="summary", pairing=plan.pairing).count() == 1
    assert again.title == "我们改过的标题"  # the sections are refreshed, the rest kept
    assert again.goals != first.goals
    assert expected_figures([plan.pk])["completed"] == 6 and 6 in numbers_in(again.goals)

    again.refresh_from_db()
    services.plan_confirm(user=user, plan=again, revision=again.revision)
    services.plan_confirm(user=people["jiangsu"], plan=again, revision=again.revision)
    services.plan_submit(user=user, plan=again)
    with pytest.raises(ValidationError) as error:
        documents.summary_draft(user=user, pairing=plan.pairing, year=YEAR)
    assert error.value.code == "summary_not_draft"
    assert str(YEAR) in " ".join(error.value.messages)
    again.refresh_from_db()
    assert again.status == "submitted" and again.title == "我们改过的标题"


def test_summary_draft_is_for_the_pairings_coordinators_only(plan, people):
    with pytest.raises(PermissionDenied):
        documents.summary_draft(user=people["jilin"], pairing=plan.pairing, year=YEAR)
    assert not Plan.objects.filter(kind="summary").exists()
    summary = documents.summary_draft(user=people["jiangsu"], pairing=plan.pairing, year=YEAR)  # either side
    with pytest.raises(PermissionDenied):  # nor refreshes another pairing's draft
        documents.summary_draft(user=people["jilin"], pairing=plan.pairing, year=YEAR)
    assert Plan.objects.get(pk=summary.pk).version == summary.version


def test_a_summary_of_a_year_without_plans_says_so(people):
    summary = documents.summary_draft(user=people["liaoning"], pairing=pairing("210000", "320000"), year=YEAR)
    assert summary.goals and summary.scope
    document = open_docx(documents.plan_docx(plan=summary, user=people["liaoning"]))
    assert table_numbers(document.tables[0]) == [[0, 0, 0, 0, 0]]


# --- safe HTML to paragraphs ------------------------------------------------------------------------------------


def test_html_blocks():
    blocks = documents.html_blocks(
        "<h3>总体要求</h3><p>坚持<strong>市场主导</strong>、政府推动。<br>第二行</p>"
        "<h3>（二）已编号</h3><h4>细项</h4>"
        "<ol><li><p>产业合作</p><ol><li>装备制造</li></ol></li><li>2.1 优势产业</li></ol>"
        "<ul><li>无项目符号</li></ul>"
        "<table><tr><th>指标</th><th>目标</th></tr><tr><td>项目</td><td>20</td></tr></table>"
        "<script>alert(1)</script>")
    assert [(b.style, b.text) for b in blocks] == [
        ("h2", "（一）总体要求"),
        ("body", "坚持市场主导、政府推动。"),
        ("body", "第二行"),
        ("h2", "（二）已编号"),
        ("h3", "1.细项"),
        ("body", "1.产业合作"),
        ("body", "（1）装备制造"),
        ("body", "2.2.1 优势产业"),
        ("body", "无项目符号"),
        ("body", "指标\u3000目标"),
        ("body", "项目\u300020"),
        ("body", "alert(1)"),
    ]
    assert blocks[1].runs == [("坚持", False), ("市场主导", True), ("、政府推动。", False)]
    assert documents.html_blocks("") == [] and documents.html_blocks("<p> </p>") == []


def test_figures_year():
    plan = Plan(kind="phased", period_start=2018, period_end=2030)
    assert documents.figures_year(plan, today=d(5, 1, 2026)) == 2026
    assert documents.figures_year(Plan(kind="phased", period_start=2018, period_end=2020), today=d(5, 1, 2026)) == 2020
    assert documents.figures_year(Plan(kind="phased", period_start=2028, period_end=2030), today=d(5, 1, 2026)) == 2028
    assert documents.figures_year(Plan(kind="summary", period_start=2025, period_end=2025), today=d(5, 1, 2026)) == 2025


def test_libreoffice_opens_the_docx(plan, people, tmp_path):
    """A smoke test of the file itself: LibreOffice (where installed) converts it without complaint."""
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    import subprocess

    source = tmp_path / "plan.docx"
    source.write_bytes(documents.plan_docx(plan=plan, user=people["liaoning"]))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    assert (tmp_path / "plan.pdf").stat().st_size > 1000


def test_long_titles_break_into_balanced_lines():
    assert documents.title_lines("辽宁省—江苏省2025年对口合作工作计划") == ["辽宁省—江苏省2025年对口合作工作计划"]
    assert documents.title_lines("辽宁省—江苏省2025年对口合作工作总结评估") == ["辽宁省—江苏省2025年", "对口合作工作总结评估"]
    long = "关于推进东北地区与东部地区部分省市对口合作进一步深化产业园区共建和干部人才交流合作的实施意见（2026—2030年）"
    lines = documents.title_lines(long)
    assert "".join(lines) == long and len(lines) == 3
    assert all(documents._width(line) < documents.TITLE_CHARS_PER_LINE for line in lines)
    assert not any(line[0] in "、，。）》" for line in lines)
    assert all(not (a[-1].isdigit() and b[0].isdigit()) for a, b in zip(lines, lines[1:], strict=False))


def test_a_long_title_is_broken_in_the_docx(plan, people):
    summary = documents.summary_draft(user=people["liaoning"], pairing=plan.pairing, year=YEAR)
    summary.title = f"辽宁省—江苏省{YEAR}年对口合作工作总结评估"  # as in Chinese, whatever the test's language
    document = open_docx(documents.plan_docx(plan=summary, user=people["liaoning"]))
    title = next(p for p in document.paragraphs if p.text.replace("\n", "") == summary.title)
    assert title.text.split("\n") == [f"辽宁省—江苏省{YEAR}年", "对口合作工作总结评估"]
    assert document.core_properties.title == summary.title


# --- through the pages and the API ----------------------------------------------------------------------------


def test_the_pages_and_the_api_serve_the_documents(plan, people, client):
    from django.urls import reverse

    client.force_login(people["jiangsu"])
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK")):
        page = client.get(reverse("plans:plan_document", args=[plan.pk, fmt]))
        api = client.get(reverse("api:plan-document", kwargs={"pk": plan.pk, "fmt": fmt}))
        for response in (page, api):
            assert response.status_code == 200 and response.content[:2] == magic
            assert response["Content-Disposition"].endswith(f".{fmt}")
    assert AuditEntry.objects.filter(action="export", object_id=str(plan.pk)).count() == 4

    client.force_login(people["jilin"])  # another pairing: not found
    assert client.get(reverse("plans:plan_document", args=[plan.pk, "docx"])).status_code == 404
    assert client.get(reverse("api:plan-document", kwargs={"pk": plan.pk, "fmt": "docx"})).status_code == 404


def test_the_summary_page_drafts_and_then_refuses(plan, people, client):
    from django.urls import reverse

    client.force_login(people["liaoning"])
    url = reverse("plans:summary_draft")
    response = client.post(url, {"pairing": plan.pairing.pk, "year": YEAR})
    summary = Plan.objects.get(kind="summary", pairing=plan.pairing, period_start=YEAR)
    assert response.status_code == 302 and response["Location"] == summary.get_absolute_url()
    Plan.objects.filter(pk=summary.pk).update(status="acknowledged")
    response = client.post(url, {"pairing": plan.pairing.pk, "year": YEAR})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and str(YEAR) in errors[0] and errors[0] in response.content.decode()
    assert Plan.objects.filter(kind="summary").count() == 1


def test_a_plan_document_counts_its_own_items_and_a_summary_all_plans(plan, people):
    """A phased plan of the same pairing covering the year: the annual plan's document leaves it out, the
    summary counts both."""
    phased = services.plan_create(user=people["liaoning"], data={
        "pairing": plan.pairing, "kind": "phased", "title": "阶段性实施方案", "period_start": YEAR - 1,
        "period_end": YEAR + 1})
    services.item_create(user=people["liaoning"], plan=phased, data={
        "number": "1", "title": "阶段任务", "key_task": KeyTask.objects.get(code="1.1"),
        "lead_organisation": plan.items.first().lead_organisation, "start_date": d(1, 1), "due_date": d(6, 30)})
    own = openpyxl.load_workbook(io.BytesIO(documents.plan_xlsx(plan=plan, user=people["liaoning"])))
    assert own.worksheets[1][own.worksheets[1].max_row][1].value == expected_figures([plan.pk])["items"]
    summary = documents.summary_draft(user=people["liaoning"], pairing=plan.pairing, year=YEAR)
    both = openpyxl.load_workbook(io.BytesIO(documents.plan_xlsx(plan=summary, user=people["liaoning"])))
    assert both.worksheets[1][both.worksheets[1].max_row][1].value == expected_figures([plan.pk, phased.pk])["items"]
