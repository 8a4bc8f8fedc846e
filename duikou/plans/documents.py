"""Documents made from plans (issue #3, point 6): the annual summary drafted from the platform's own figures,
a plan as an official document in the GB/T 9704-2012 layout (.docx), and its figures as a workbook (.xlsx).

Wording and layout live in templates an administrator can change without code: the summary's section
texts in ``templates/plans/summary/<section>.html`` (Django templates), the Word layout in
``docx/plan.docx`` (docxtpl; built by ``docx/build_templates.py``; a ``plan.docx`` in
``settings.DUIKOU_DOCUMENT_TEMPLATE_DIR`` replaces it).

Which year's figures a document shows: a plan of one year (an annual plan, a summary) shows its year; a
plan of several years (phased, special) shows the latest year of its period that has begun,
``min(period_end, max(period_start, this year))``. The figures are ``selectors.summary_figures`` for that
year: a summary counts every plan of the pairing covering the year (summaries aside), any other plan its
own items only; both over work items without sub-items. Each table says so under it (its counting basis
and source).

Every export is recorded in the audit log (action ``export``, with its format).
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from duikou.core.models import AuditAction
from duikou.core.services import audit_record
from duikou.regions.models import Pairing

from . import lights, selectors, services
from .models import PERIOD_RE, Plan, PlanItem, PlanKind, TimeNode

TEMPLATE_NAME = "plan.docx"
SHIPPED_TEMPLATE_DIR = Path(__file__).resolve().parent / "docx"
SUMMARY_TEMPLATE_DIR = "plans/summary"

DOCX_FORMAT, XLSX_FORMAT = "docx", "xlsx"


# --- shared: the year, the figures, number formats ---------------------------------------------------------


def figures_year(plan: Plan, *, today: datetime.date | None = None) -> int:
    """The year whose figures a document of ``plan`` shows (see the module docstring)."""
    today = today or timezone.localdate()
    return min(plan.period_end, max(plan.period_start, today.year))


def pairing_label(pairing: Pairing) -> str:
    """The pairing's name for a document title. In Chinese the two sides are joined by the 一字线 “—” that
    GB/T 15834-2011 (4.13.3) uses between places (辽宁省—江苏省); other languages keep the en dash."""
    label = str(pairing)
    if (get_language() or "").startswith("zh"):
        label = label.replace("–", "—")
    return label


def number(value) -> str:
    """A decimal without trailing zeros and without an exponent: 12.50 → "12.5", 20.00 → "20"."""
    if value is None:
        return "—"
    value = Decimal(value)
    return format(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize(), "f")


def percent(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return number((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")))


def _iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def period_label(period: str) -> str:
    """A reporting period in words: 2026 → “2026年”, 2026-H1 → “2026年上半年”, 2026-Q2 → “2026年第2季度”,
    2026-05 → “2026年5月” (in Chinese; English has its own words)."""
    match = PERIOD_RE.match(period or "")
    if not match:
        return period or "—"
    year = match["year"]
    if match["half"]:
        return (_("first half of %(year)s") if match["half"] == "1" else _("second half of %(year)s")) % {"year": year}
    if match["quarter"]:
        return _("quarter %(quarter)s of %(year)s") % {"year": year, "quarter": match["quarter"]}
    if match["month"]:
        return _("%(month)s/%(year)s") % {"year": year, "month": int(match["month"])}
    return _("year %(year)s") % {"year": year}


def years_label(plan: Plan) -> str:
    """A plan's period in words: “2026年”, “2018—2020年”."""
    if plan.period_start == plan.period_end:
        return period_label(str(plan.period_start))
    return _("years %(start)s–%(end)s") % {"start": plan.period_start, "end": plan.period_end}


TITLE_CHARS_PER_LINE = 20  # 2号 (22 pt) characters in the 156 mm text area
TITLE_BREAK_AFTER = set("—-省市区县盟州年于的和与及")
NO_LINE_START = set("、，。；：！？）》」』”’%％")
NO_LINE_END = set("（《「『“‘")


def _width(text: str) -> float:
    """Width in full-width characters: Chinese (and the dashes and quotes Chinese fonts set full width) 1,
    Latin letters and digits ½."""
    return sum(1 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5 for ch in text)


def title_lines(title: str, *, capacity: float = TITLE_CHARS_PER_LINE) -> list[str]:
    """A long title broken into lines the way GB/T 9704 asks (7.3.3: 回行时词意完整，排列对称，长短适宜): as few
    lines as fit, of about equal length, broken after a place, a year or a connecting word where possible,
    never inside a number or a Latin word, never before closing or after opening punctuation."""
    title = title.strip()
    total = _width(title)
    if total < capacity:  # a full line goes to a new line: digits and fonts vary a little
        return [title]

    def allowed(index):
        before, after = title[index - 1], title[index]
        return not ((before.isascii() and before.isalnum() and after.isascii() and after.isalnum())
                    or after in NO_LINE_START or before in NO_LINE_END)

    breaks = [i for i in range(1, len(title)) if allowed(i)]
    fewest = math.ceil(total / capacity)
    for count in range(fewest, fewest + 3):
        target = total / count
        # best[k][i]: (cost, previous break) of setting title[:i] as k lines
        best = [{0: (0.0, None)}] + [{} for _ in range(count)]
        for k in range(1, count + 1):
            ends = breaks if k < count else [len(title)]
            for i in ends:
                for j, (cost, _prev) in best[k - 1].items():
                    width = _width(title[j:i])
                    if j >= i or width >= capacity:
                        continue
                    penalty = (width - target) ** 2 + (0 if k == count or title[i - 1] in TITLE_BREAK_AFTER else 4)
                    if i not in best[k] or cost + penalty < best[k][i][0]:
                        best[k][i] = (cost + penalty, j)
        if len(title) in best[count]:
            lines, i = [], len(title)
            for k in range(count, 0, -1):
                j = best[k][i][1]
                lines.insert(0, title[j:i])
                i = j
            return lines
    return [title]


@dataclass
class YearItems:
    """The work items behind a year's figures, listed (``summary_figures`` counts them). The same rules:
    items without sub-items of the year's plans, due by the year's end, not both due and completed before
    the year; completed if completed by 31 December, overdue if due before the cut-off and not completed."""

    completed: list[PlanItem] = field(default_factory=list)
    overdue: list[PlanItem] = field(default_factory=list)


def year_items(figures: selectors.SummaryFigures, *, today: datetime.date | None = None) -> YearItems:
    today = today or timezone.localdate()
    year = figures.year
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    cutoff = min(today, year_end)
    items = (PlanItem.objects.filter(plan__in=figures.plans, children__isnull=True, due_date__year__lte=year)
             .exclude(due_date__lt=year_start, completed_on__lt=year_start)
             .select_related("key_task", "lead_organisation").order_by("key_task__code", "number", "id"))
    result = YearItems()
    for item in items:
        if item.completed_on and item.completed_on <= year_end:
            result.completed.append(item)
        elif item.due_date < cutoff:
            result.overdue.append(item)
    return result


NODE_STATES = ("on_time", "late", "missed", "pending")


def node_state(node: TimeNode, *, year_end: datetime.date, cutoff: datetime.date) -> str:
    """As ``summary_figures`` counts time nodes: met if met by the year's end (on time if by its due date),
    missed if due before the cut-off and not met, otherwise not yet due."""
    if node.completed_on and node.completed_on <= year_end:
        return "on_time" if node.completed_on <= node.due_date else "late"
    if node.due_date < cutoff:
        return "missed"
    return "pending"


def node_state_labels() -> dict[str, str]:
    return {"on_time": _("Met on time"), "late": _("Met late"), "missed": _("Missed"), "pending": _("Not yet due")}


def year_nodes(figures: selectors.SummaryFigures, *, today: datetime.date | None = None) -> list[tuple[TimeNode, str]]:
    """The time nodes of the year's plans due in the year, with their state."""
    today = today or timezone.localdate()
    year_end = datetime.date(figures.year, 12, 31)
    cutoff = min(today, year_end)
    nodes = (TimeNode.objects.filter(item__plan__in=figures.plans, due_date__year=figures.year)
             .select_related("item").order_by("due_date", "item__number", "id"))
    return [(node, node_state(node, year_end=year_end, cutoff=cutoff)) for node in nodes]


def counting_basis(figures: selectors.SummaryFigures, *, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    year_end = datetime.date(figures.year, 12, 31)
    plans = "、".join(f"《{plan.title}》" for plan in figures.plans) or _("(no plan covers this year)")
    return _("Counting basis: the work items without sub-items of %(plans)s due by the end of %(year)s. "
             "An item is completed if it was completed by 31 December %(year)s (late if after its due date) and "
             "overdue if it was due before %(cutoff)s and is not completed. Source: Duikou platform data as of "
             "%(today)s.") % {"plans": plans, "year": figures.year, "cutoff": date_format(min(today, year_end)),
                              "today": date_format(today)}


# --- 1. the annual summary, drafted ----------------------------------------------------------------------------


def section_headings(plan: Plan) -> list[tuple[str, str]]:
    """(field, heading) for each section of the plan. A summary reuses the plan's six text fields for the
    parts of a summary; other kinds are headed by the fields' names."""
    if plan.kind == PlanKind.SUMMARY:
        headings = {
            "goals": _("Overall progress and indicators"),
            "scope": _("Plans covered"),
            "key_tasks_text": _("Progress by key task"),
            "major_projects": _("Main work completed"),
            "schedule": _("Time nodes"),
            "safeguards": _("Problems and next steps"),
        }
    else:
        headings = {name: str(Plan._meta.get_field(name).verbose_name) for name in Plan.SECTION_FIELDS}
    return [(name, headings[name]) for name in Plan.SECTION_FIELDS]


def summary_title(*, pairing: Pairing, year: int) -> str:
    return _("%(pairing)s %(year)s annual summary and evaluation of paired cooperation") % {
        "pairing": pairing_label(pairing), "year": year}


def summary_context(*, pairing: Pairing, year: int, today: datetime.date | None = None) -> dict:
    """What the summary's section templates see: the figures, ready to print."""
    today = today or timezone.localdate()
    figures = selectors.summary_figures(pairing=pairing, year=year, today=today)
    totals = figures.totals
    listed = year_items(figures, today=today)
    nodes = year_nodes(figures, today=today)
    indicators = [{
        "name": row.indicator.name, "unit": row.indicator.unit, "baseline": number(row.indicator.baseline),
        "target": number(row.indicator.target), "actual": None if row.actual is None else number(row.actual),
        "period": period_label(row.periods), "attainment": None if row.attainment is None else number(row.attainment),
        "attained": row.attainment is not None and row.attainment >= 100,
        "basis": row.indicator.counting_basis, "item": str(row.item),
    } for row in figures.indicators]
    return {
        "pairing": pairing_label(pairing),
        "northeast": pairing.northeast.display_name,
        "east": pairing.east.display_name if pairing.east_id else "",
        "year": year,
        "as_of": date_format(today),
        "year_end": date_format(datetime.date(year, 12, 31)),
        "figures": figures,
        "totals": totals,
        "on_time": totals.completed - totals.completed_late,
        "completion_rate": percent(totals.completed, totals.items),
        "on_time_rate": percent(totals.completed - totals.completed_late, totals.items),
        "key_tasks": [{"code": row.key_task.code, "title": row.key_task.display_title, "items": row.items,
                       "completed": row.completed, "completed_late": row.completed_late, "overdue": row.overdue,
                       "in_progress": row.in_progress} for row in figures.by_key_task],
        "plans": [{"title": plan.title, "kind": plan.get_kind_display(), "period": years_label(plan),
                   "status": plan.get_status_display(), "document_number": plan.document_number}
                  for plan in figures.plans],
        "indicators": indicators,
        "indicators_reported": sum(1 for row in indicators if row["actual"] is not None),
        "indicators_attained": sum(1 for row in indicators if row["attained"]),
        "completed_items": [_item_context(item) for item in listed.completed],
        "overdue_items": [_item_context(item) for item in listed.overdue],
        "nodes_on_time": figures.nodes_met_on_time,
        "nodes_late": figures.nodes_met - figures.nodes_met_on_time,
        "missed_nodes": [{"title": node.title, "item": str(node.item), "due": date_format(node.due_date)}
                         for node, state in nodes if state == "missed"],
        "basis": counting_basis(figures, today=today),
    }


def _item_context(item: PlanItem) -> dict:
    return {"number": item.number, "title": item.title, "key_task": item.key_task.code,
            "lead": item.lead_organisation.name, "due": date_format(item.due_date),
            "completed_on": date_format(item.completed_on) if item.completed_on else "",
            "late": bool(item.completed_on and item.completed_on > item.due_date), "progress": item.progress}


def render_section(name: str, context: dict) -> str:
    """One section's safe HTML from ``templates/plans/summary/<name>.html``. Line breaks in the template
    are layout, not text: they are joined with a space, and the whitespace between tags is dropped."""
    html = render_to_string(f"{SUMMARY_TEMPLATE_DIR}/{name}.html", context)
    html = re.sub(r"\s*\n\s*", " ", html).strip()
    html = re.sub(r">\s+<", "><", html)
    html = re.sub(r"(<(?:p|li|h3|h4|ol|ul|blockquote)>)\s+", r"\1", html)
    return re.sub(r"\s+(</(?:p|li|h3|h4|blockquote)>)", r"\1", html)


@transaction.atomic
def summary_draft(*, user, pairing: Pairing, year: int) -> Plan:
    """Draft the pairing's annual summary of ``year`` from the platform's figures, as a plan of kind
    ``summary``: a new draft, or the existing draft with its sections refreshed (its title, document number
    and workflow are kept). A summary already submitted or acknowledged is not touched."""
    context = summary_context(pairing=pairing, year=year)
    sections = {name: render_section(name, context) for name in Plan.SECTION_FIELDS}
    existing = (Plan.objects.select_for_update()
                .filter(pairing=pairing, kind=PlanKind.SUMMARY, period_start=year).first())
    if existing is None:
        return services.plan_create(user=user, data={
            "pairing": pairing, "kind": PlanKind.SUMMARY, "period_start": year, "period_end": year,
            "title": summary_title(pairing=pairing, year=year), **sections})
    if not Plan.objects.allows(user, "change", existing):
        raise PermissionDenied(_("Only the coordinators of the two sides of this pairing can draft its summary."))
    if existing.status != Plan.Status.DRAFT:
        raise ValidationError(
            _("The %(year)s summary of %(pairing)s is already %(status)s: it is no longer redrafted from the "
              "figures. If it must change, the NDRC office returns it to draft first.")
            % {"year": year, "pairing": pairing_label(pairing), "status": existing.get_status_display()},
            code="summary_not_draft")
    return services.plan_update(user=user, plan=existing, data=sections, expected_version=existing.version)


# --- safe HTML → paragraphs ------------------------------------------------------------------------------------

CN_DIGITS = "零一二三四五六七八九"
NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百零\d]+[)）]|[一二三四五六七八九十百零]+、|\d+[.．、](?!\d))")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    if n >= 100:
        return str(n)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


@dataclass
class Block:
    """A paragraph of a section: ``style`` is "h2" (second-level heading), "h3" (third level) or "body";
    ``runs`` are (text, bold) pairs."""

    style: str
    runs: list[tuple[str, bool]]

    @property
    def text(self) -> str:
        return "".join(text for text, _bold in self.runs)


class _BlockParser(HTMLParser):
    """Turns a section's safe HTML into paragraphs: <p>, <blockquote> and <br> make paragraphs; <h3> and
    <h4> second- and third-level headings numbered “（一）” and “1.” unless already numbered; list items
    lines numbered “1.” (“（1）” in a nested list; none in a bulleted list, as official documents have no
    bullets); a table row a line with its cells separated by spaces; <strong>/<b> stays bold; every other
    tag is dropped, its text kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[tuple[str, bool]] | None = None
        self.style = "body"
        self.prefix = ""
        self.bold = 0
        self.lists: list[list] = []  # [tag, counter]
        self.h2 = self.h3 = 0
        self.cells: list[list[tuple[str, bool]]] | None = None

    # paragraphs
    def _open(self, style: str, prefix: str = ""):
        self._close()
        self.runs, self.style, self.prefix = [], style, prefix

    def _close(self):
        if self.runs is None:
            return
        runs = _merge_runs(self.runs)
        text = "".join(t for t, _b in runs)
        if text.strip():
            if self.prefix and not NUMBERED.match(text):
                runs = _merge_runs([(self.prefix, runs[0][1] if self.style != "body" else False), *runs])
            self.blocks.append(Block(self.style, _strip_runs(runs)))
        self.runs, self.prefix = None, ""

    def handle_starttag(self, tag, attrs):
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("p", "blockquote", "div"):
            if self.runs is not None and not "".join(t for t, _b in self.runs).strip():
                return  # <li><p>…: keep the item's number
            if self.cells is None:
                self._open("body")
        elif tag == "h3":
            self.h2, self.h3 = self.h2 + 1, 0
            self._open("h2", f"（{chinese_number(self.h2)}）")
        elif tag == "h4":
            self.h3 += 1
            self._open("h3", f"{self.h3}.")
        elif tag in ("ol", "ul"):
            self._close()
            self.lists.append([tag, 0])
        elif tag == "li":
            kind, depth = (self.lists[-1][0], len(self.lists)) if self.lists else ("ul", 1)
            if self.lists:
                self.lists[-1][1] += 1
            count = self.lists[-1][1] if self.lists else 0
            prefix = "" if kind == "ul" else (f"{count}." if depth == 1 else f"（{count}）")
            self._open("body", prefix)
        elif tag == "br":
            if self.cells is not None:
                self._text(" ")
            else:
                style = self.style
                self._close()
                self.runs, self.style = [], style
        elif tag == "tr":
            self._close()
            self.cells = []
        elif tag in ("td", "th"):
            if self.cells is None:
                self.cells = []
            self.cells.append([])
            if tag == "th":
                self.bold += 1

    def handle_endtag(self, tag):
        if tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("p", "blockquote", "div", "h3", "h4", "li"):
            if self.cells is None:
                self._close()
        elif tag in ("ol", "ul"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag == "th":
            self.bold = max(0, self.bold - 1)
        elif tag == "tr" and self.cells is not None:
            runs: list[tuple[str, bool]] = []
            for index, cell in enumerate(c for c in self.cells if "".join(t for t, _b in c).strip()):
                if index:
                    runs.append(("\u3000", False))
                runs += _strip_runs(_merge_runs(cell))
            self.cells = None
            if runs:
                self.blocks.append(Block("body", _merge_runs(runs)))

    def handle_data(self, data):
        self._text(re.sub(r"\s+", " ", data))

    def _text(self, text: str):
        if not text:
            return
        if self.cells is not None:
            if self.cells:
                self.cells[-1].append((text, self.bold > 0))
            return
        if self.runs is None:
            if not text.strip():
                return
            self.runs, self.style, self.prefix = [], "body", ""
        self.runs.append((text, self.bold > 0))

    def close(self):
        super().close()
        self._close()


def _merge_runs(runs):
    merged: list[tuple[str, bool]] = []
    for text, bold in runs:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        elif text:
            merged.append((text, bold))
    return merged


def _strip_runs(runs):
    runs = list(runs)
    if runs:
        runs[0] = (runs[0][0].lstrip(), runs[0][1])
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    return [(t, b) for t, b in runs if t]


def html_blocks(html: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(html or "")
    parser.close()
    return parser.blocks


# --- 2. the plan as an official document (.docx) -----------------------------------------------------------------


def docx_template_path() -> Path:
    """The Word template: ``plan.docx`` in ``settings.DUIKOU_DOCUMENT_TEMPLATE_DIR`` if there is one, else the
    shipped one."""
    custom_dir = getattr(settings, "DUIKOU_DOCUMENT_TEMPLATE_DIR", "")
    if custom_dir:
        custom = Path(custom_dir) / TEMPLATE_NAME
        if custom.is_file():
            return custom
    return SHIPPED_TEMPLATE_DIR / TEMPLATE_NAME


def table_headers() -> dict[str, str]:
    return {
        "key_task": _("Key task"), "work_items": _("Work items"), "completed": _("Completed"),
        "completed_late": _("of which late"), "overdue": _("Overdue"), "in_progress": _("In progress"),
        "total": _("Total"),
        "indicator": _("Indicator"), "unit": _("Unit"), "baseline": _("Baseline"), "target": _("Target"),
        "actual": _("Actual"), "period": _("Period"), "attainment": _("Attainment (%)"),
        "basis": _("Counting basis"), "none": _("No indicators have been set."),
        "item": _("Work item"), "node": _("Time node"), "due": _("Due"), "met_on": _("Met on"), "state": _("State"),
    }


def annex_titles(year: int) -> list[str]:
    return [_("Work items of %(year)s by key task") % {"year": year},
            _("Indicators of %(year)s against their targets") % {"year": year},
            _("Time nodes of %(year)s") % {"year": year}]


def document_context(plan: Plan, *, today: datetime.date | None = None) -> dict:
    """Everything ``plan.docx`` shows: the title, the sections as paragraphs, the three annexes."""
    from docxtpl import RichText

    today = today or timezone.localdate()
    year = figures_year(plan, today=today)
    # A summary reports on every plan of the year; any other plan's document on its own items only.
    own = None if plan.kind == PlanKind.SUMMARY else [plan]
    figures = selectors.summary_figures(pairing=plan.pairing, year=year, today=today, plans=own)
    basis = counting_basis(figures, today=today)

    sections = []
    for name, heading in section_headings(plan):
        blocks = html_blocks(getattr(plan, name))
        if not blocks:
            continue
        paragraphs = []
        for block in blocks:
            rich = RichText()
            for text, bold in block.runs:
                rich.add(text, bold=bold)
            paragraphs.append({"style": block.style, "text": rich})
        sections.append({"heading": f"{chinese_number(len(sections) + 1)}、{heading}", "blocks": paragraphs})

    totals = figures.totals
    annex1 = {
        "rows": [{"key_task": f"{row.key_task.code} {row.key_task.display_title}", "work_items": row.items,
                  "completed": row.completed, "completed_late": row.completed_late, "overdue": row.overdue,
                  "in_progress": row.in_progress} for row in figures.by_key_task],
        "total": {"work_items": totals.items, "completed": totals.completed, "completed_late": totals.completed_late,
                  "overdue": totals.overdue, "in_progress": totals.in_progress},
        "note": basis,
    }
    annex2 = {
        "rows": [{"name": row.indicator.name, "unit": row.indicator.unit, "baseline": number(row.indicator.baseline),
                  "target": number(row.indicator.target), "actual": number(row.actual), "period": period_label(row.periods),
                  "attainment": number(row.attainment), "basis": row.indicator.counting_basis or "—"}
                 for row in figures.indicators],
        "note": _("Attainment: the actual value over the target (for a lower-is-better indicator, the target over "
                  "the actual). The actual value is that of the year, or else of the latest period reported in "
                  "the year. Source: Duikou platform data as of %(today)s.") % {"today": date_format(today)},
    }
    labels = node_state_labels()
    nodes = year_nodes(figures, today=today)
    annex3 = {
        "rows": [{"item": str(node.item), "node": node.title, "due": _iso(node.due_date),
                  "met_on": _iso(node.completed_on) if state in ("on_time", "late") else "",
                  "state": labels[state]} for node, state in nodes],
        "total": _("Total: %(total)s time nodes due in %(year)s; %(met)s met (%(on_time)s on time); %(missed)s "
                   "missed.") % {"total": figures.nodes_total, "year": year, "met": figures.nodes_met,
                                 "on_time": figures.nodes_met_on_time, "missed": figures.nodes_missed},
        "note": _("A time node counts as met if it was met by 31 December %(year)s, and as missed if it was due "
                  "before %(cutoff)s and is not met. Source: Duikou platform data as of %(today)s.")
        % {"year": year, "cutoff": date_format(min(today, datetime.date(year, 12, 31))), "today": date_format(today)},
    }
    titles = annex_titles(year)
    for index, (annex, title) in enumerate(zip((annex1, annex2, annex3), titles, strict=True), start=1):
        annex.update(label=_("Annex %(number)s") % {"number": index}, title=title)
    return {
        "title": plan.title,
        "title_lines": "\n".join(title_lines(plan.title)),
        "document_number": plan.document_number,
        "sections": sections,
        "annexes": titles,
        "labels": {"annexes": _("Annexes:")},
        "h": table_headers(),
        "annex1": annex1, "annex2": annex2, "annex3": annex3,
        "year": year,
    }


def plan_docx(*, plan: Plan, user) -> bytes:
    """The plan as a Word document in the GB/T 9704-2012 layout, with its year's figures as annexes."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(docx_template_path()))
    template.render(document_context(plan), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    audit_record(action=AuditAction.EXPORT, user=user, instance=plan, changes={"format": [None, DOCX_FORMAT]})
    return buffer.getvalue()


# --- 3. the figures as a workbook (.xlsx) -------------------------------------------------------------------------


def _display_width(value) -> int:
    text = value if isinstance(value, str) else ("0000-00-00" if isinstance(value, datetime.date) else str(value))
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _sheet(workbook, *, title: str, heading: str, note: str, headers: list[str], rows: list[list],
           total: list | None = None, first: bool = False, max_width: int = 60):
    """A sheet: its heading (row 1), the counting basis (row 2), the column headers (row 3, frozen, with a
    filter), the rows and an optional total row in bold."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
    sheet.append([heading])
    sheet.append([note])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if total is not None:
        sheet.append(total)
    last_column = get_column_letter(len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"A2:{last_column}2")
    sheet.row_dimensions[2].height = 15 * max(1, min(6, _display_width(note) // 120 + 1))
    thin = Side(style="thin", color="999999")
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(bottom=thin)
    if total is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.border = Border(top=thin)
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    for index, header in enumerate(headers, start=1):
        values = [header] + [row[index - 1] for row in rows] + ([total[index - 1]] if total else [])
        width = max(_display_width(v) for v in values if v is not None) if values else 8
        sheet.column_dimensions[get_column_letter(index)].width = min(max_width, max(8, width + 2))
    sheet.freeze_panes = "A4"
    if rows:
        sheet.auto_filter.ref = f"A3:{last_column}{3 + len(rows)}"
    return sheet


def plan_xlsx(*, plan: Plan, user) -> bytes:
    """The figures behind the plan's document as a workbook: the work items, the items by key task with
    totals, the indicators with their actual values, and the time nodes."""
    from openpyxl import Workbook

    today = timezone.localdate()
    year = figures_year(plan, today=today)
    # A summary reports on every plan of the year; any other plan's document on its own items only.
    own = None if plan.kind == PlanKind.SUMMARY else [plan]
    figures = selectors.summary_figures(pairing=plan.pairing, year=year, today=today, plans=own)
    basis = counting_basis(figures, today=today)
    h = table_headers()
    light_labels = {light: str(label) for light, label in lights.LABELS.items()}

    workbook = Workbook()
    workbook.properties.title = plan.title
    workbook.properties.creator = "Duikou"

    # One query for the items of every covered plan (the count of queries does not grow with plans).
    covered_items = (PlanItem.objects.filter(plan__in=figures.plans).with_light(today=today)
                     .select_related("key_task", "lead_organisation", "plan").order_by("plan_id", "number", "id"))
    order = {covered.pk: index for index, covered in enumerate(figures.plans)}
    items = [[item.number, item.title, f"{item.key_task.code} {item.key_task.display_title}",
              item.lead_organisation.name, item.start_date, item.due_date, item.progress, item.completed_on,
              light_labels.get(item.light, item.light), item.plan.title]
             for item in sorted(covered_items, key=lambda i: order[i.plan_id])]
    _sheet(workbook, first=True, title=_("Work items"), heading=plan.title,
           note=_("The work items of the plans covering %(year)s, with their state today (%(today)s).")
           % {"year": year, "today": date_format(today)},
           headers=[_("Number"), _("Title"), h["key_task"], _("Lead organisation"), _("Start date"), _("Due date"),
                    _("Progress (%)"), _("Completed on"), _("Light"), _("Plan")],
           rows=items)

    totals = figures.totals
    _sheet(workbook, title=_("By key task"), heading=annex_titles(year)[0], note=basis,
           headers=[h["key_task"], h["work_items"], h["completed"], h["completed_late"], h["overdue"], h["in_progress"]],
           rows=[[f"{row.key_task.code} {row.key_task.display_title}", row.items, row.completed, row.completed_late,
                  row.overdue, row.in_progress] for row in figures.by_key_task],
           total=[h["total"], totals.items, totals.completed, totals.completed_late, totals.overdue,
                  totals.in_progress])

    _sheet(workbook, title=_("Indicators"), heading=annex_titles(year)[1],
           note=_("Attainment: the actual value over the target (for a lower-is-better indicator, the target over "
                  "the actual). Source: Duikou platform data as of %(today)s.") % {"today": date_format(today)},
           headers=[_("Number"), h["indicator"], h["unit"], h["baseline"], h["target"], h["actual"], h["period"],
                    h["attainment"], h["basis"]],
           rows=[[row.item.number, row.indicator.name, row.indicator.unit, row.indicator.baseline,
                  row.indicator.target, row.actual, period_label(row.periods) if row.periods else None,
                  row.attainment, row.indicator.counting_basis]
                 for row in figures.indicators])

    labels = node_state_labels()
    _sheet(workbook, title=_("Time nodes"), heading=annex_titles(year)[2],
           note=_("Total: %(total)s time nodes due in %(year)s; %(met)s met (%(on_time)s on time); %(missed)s "
                  "missed.") % {"total": figures.nodes_total, "year": year, "met": figures.nodes_met,
                                "on_time": figures.nodes_met_on_time, "missed": figures.nodes_missed},
           headers=[h["item"], h["node"], h["due"], h["met_on"], h["state"]],
           rows=[[str(node.item), node.title, node.due_date,
                  node.completed_on if state in ("on_time", "late") else None, labels[state]]
                 for node, state in year_nodes(figures, today=today)])

    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(action=AuditAction.EXPORT, user=user, instance=plan, changes={"format": [None, XLSX_FORMAT]})
    return buffer.getvalue()


__all__ = [
    "Block", "document_context", "figures_year", "html_blocks", "pairing_label", "plan_docx", "plan_xlsx",
    "section_headings", "summary_context", "summary_draft", "summary_title",
]
