"""The key-task coverage matrix (issue #7, point 3): every cell is a plain recount of the records on the
matrix's counting bases; a coordinator sees only its pairings' rows and gets 404 on another region's cell; the
number of queries does not grow with the pairings and records; the .xlsx export reads back with the page's
numbers and is audited; gaps are marked (hatched and "—", not by colour alone); a cell opens its records."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import pairing
from duikou.events.models import Event
from duikou.events.tests.factories import event
from duikou.plans import lights
from duikou.plans.models import PlanItem
from duikou.plans.tests.factories import PlanFactory, PlanItemFactory
from duikou.projects.models import Project
from duikou.projects.tests.factories import ProjectFactory
from duikou.regions.models import KeyTask

from .. import coverage
from ..coverage import coverage_matrix

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
D = datetime.date
LJ, JZ, SB = ("210000", "320000"), ("220000", "330000"), ("210100", "110000")
PAIRS = [LJ, JZ, SB, ("210200", "310000"), ("220100", "120000"), ("230000", "440000")]


def task(code):
    return KeyTask.objects.get(code=code)


def populate(pair, *, weight=1):
    """Work under several key tasks for the pairing, ``weight`` times, with records on both sides of every
    counting rule (outside the period, terminated, without a key task)."""
    p = pairing(*pair)
    plan = PlanFactory(pairing=p)
    for n in range(weight):
        # plan items: one overdue, one on track, one completed, one due next year (open: counted), one of 2025
        PlanItemFactory(plan=plan, key_task=task("2.1"), start_date=D(2026, 1, 1), due_date=D(2026, 3, 1))
        PlanItemFactory(plan=plan, key_task=task("2.1"), start_date=D(2026, 1, 1), due_date=D(2027, 6, 30))
        PlanItemFactory(
            plan=plan,
            key_task=task("1.1"),
            start_date=D(2026, 1, 1),
            due_date=D(2026, 5, 1),
            progress=100,
            completed_on=D(2026, 4, 20),
        )
        PlanItemFactory(plan=plan, key_task=task("3.4"), start_date=D(2026, 11, 1), due_date=D(2028, 1, 1))
        PlanItemFactory(plan=plan, key_task=task("3.4"), start_date=D(2025, 1, 1), due_date=D(2025, 12, 31))
        # projects: two under 2.1, one under 4.2, one terminated, one registered after the period
        ProjectFactory(pairing=p, key_task=task("2.1"))
        signed = ProjectFactory(pairing=p, key_task=task("2.1"))
        Project.objects.filter(pk=signed.pk).update(stage="signed")
        ProjectFactory(pairing=p, key_task=task("4.2"))
        gone = ProjectFactory(pairing=p, key_task=task("4.2"))
        Project.objects.filter(pk=gone.pk).update(stage="terminated")
        late = ProjectFactory(pairing=p, key_task=task("4.2"))
        Project.objects.filter(pk=late.pk).update(
            created_at=datetime.datetime(2027, 2, 1, tzinfo=datetime.UTC)
        )
        # events: one under 2.3, one without a key task, one of 2025
        event(p, title=f"推介{n}", start=D(2026, 6, 1), key_task=task("2.3"))
        event(p, title=f"座谈{n}", start=D(2026, 7, 1))
        event(p, title=f"旧活动{n}", start=D(2025, 6, 1), key_task=task("2.3"))
    return p


@pytest.fixture
def data(db):
    made = {pair: populate(pair, weight=index + 1) for index, pair in enumerate(PAIRS[:3])}
    # an expo of two pairings: once in each pairing's cell
    event(made[JZ], made[SB], title="博览会", kind="expo", start=D(2026, 8, 25), key_task=task("2.3"))
    return made


def recount(pairing_id, key_task_id):
    """The cell counted the plain way: every record read and tested in Python."""
    registered_by = datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
    items = [
        i
        for i in PlanItem.objects.select_related("plan")
        if i.plan.pairing_id == pairing_id
        and i.key_task_id == key_task_id
        and i.start_date <= END
        and i.due_date >= START
    ]
    projects = [
        p
        for p in Project.objects.all()
        if p.pairing_id == pairing_id
        and p.key_task_id == key_task_id
        and p.created_at < registered_by
        and p.stage != "terminated"
    ]
    events = [
        e
        for e in Event.objects.prefetch_related("pairings")
        if pairing_id in {x.pk for x in e.pairings.all()}
        and e.key_task_id == key_task_id
        and START <= e.start <= END
    ]
    light_counts = dict.fromkeys(lights.LIGHTS, 0)
    for item in items:
        light_counts[lights.item_light(item)] += 1
    return len(items), light_counts, len(projects), len(events)


def test_every_cell_and_total_is_a_plain_recount_of_the_records(data, personas):
    matrix = coverage_matrix(user=personas["ndrc"], start=START, end=END)
    assert len(matrix.columns) == 18 and [g.group.code for g in matrix.groups] == ["1", "2", "3", "4"]
    assert [len(g.columns) for g in matrix.groups] == [5, 5, 4, 4]
    nonzero = 0
    for row in matrix.rows:
        for column, cell in zip(matrix.columns, row.cells, strict=True):
            items, light_counts, projects, events = recount(row.pairing.pk, column.key_task.pk)
            assert (cell.plan_items, cell.lights, cell.projects, cell.events) == (
                items,
                light_counts,
                projects,
                events,
            ), (row.pairing, column.key_task.code)
            assert sum(cell.stages.values()) == cell.projects and cell.gap == (items + projects + events == 0)
            nonzero += not cell.gap
        assert row.total.work == sum(cell.work for cell in row.cells)
        assert row.gaps == sum(1 for cell in row.cells if cell.gap)
    assert nonzero == 3 * 5  # 1.1, 2.1, 2.3, 3.4, 4.2 for each of the three pairings with data
    for index, column in enumerate(matrix.columns):
        assert column.total.plan_items == sum(row.cells[index].plan_items for row in matrix.rows)
        assert column.total.events == sum(row.cells[index].events for row in matrix.rows)
        assert column.gaps == sum(1 for row in matrix.rows if row.cells[index].gap)
    sb = matrix.cell(data[SB].pk, task("2.1").pk)
    assert sb.plan_items == 6 and sb.projects == 6 and sb.stages == {"intention": 3, "signed": 3}
    assert sb.lights[lights.RED] == 3 and matrix.cell(data[SB].pk, task("4.2").pk).terminated == 3
    assert matrix.cell(data[SB].pk, task("2.3").pk).events == 3 + 1  # its own three and the expo
    assert matrix.cell(data[JZ].pk, task("2.3").pk).events == 2 + 1
    assert {row.pairing.pk: row.untagged_events for row in matrix.rows if row.untagged_events} == {
        data[LJ].pk: 1,
        data[JZ].pk: 2,
        data[SB].pk: 3,
    }
    assert matrix.total.work == sum(row.total.work for row in matrix.rows)


def test_the_period_the_tier_and_the_pairing_filter_the_matrix(data, personas):
    ndrc = personas["ndrc"]
    old = coverage_matrix(user=ndrc, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert old.total.events == 3 * 2 and old.total.plan_items == 6  # the 2025 items and events only
    cities = coverage_matrix(user=ndrc, start=START, end=END, tier="city")
    assert {row.pairing.tier for row in cities.rows} == {"city"} and data[SB].pk in {
        row.pairing.pk for row in cities.rows
    }
    one = coverage_matrix(user=ndrc, start=START, end=END, pairing=data[JZ])
    assert [row.pairing.pk for row in one.rows] == [data[JZ].pk] and one.pairing == data[JZ]
    foreign = coverage_matrix(user=personas["liaoning"], start=START, end=END, pairing=data[JZ].pk)
    assert foreign.rows == [] and foreign.total.work == 0


def test_a_coordinator_sees_only_its_pairings_and_gets_404_elsewhere(data, personas, client):
    liaoning = personas["liaoning"]
    own = set(liaoning.scope.pairing_ids)
    matrix = coverage_matrix(user=liaoning, start=START, end=END)
    assert {row.pairing.pk for row in matrix.rows} == own and data[JZ].pk not in own
    national = coverage_matrix(user=personas["ndrc"], start=START, end=END)
    for row in matrix.rows:
        assert [c.work for c in row.cells] == [
            c.work for c in next(r for r in national.rows if r.pairing.pk == row.pairing.pk).cells
        ]
    client.force_login(liaoning)
    page = client.get(reverse("dashboards:coverage"), {"start": "2026-01-01", "end": "2026-12-31"})
    html = page.content.decode()
    assert page.status_code == 200 and str(data[JZ]) not in html and str(data[SB]) in html
    assert reverse("dashboards:coverage_cell", args=[data[SB].pk, "2.1"]) in html
    foreign = reverse("dashboards:coverage_cell", args=[data[JZ].pk, "2.1"])
    assert foreign not in html and client.get(foreign).status_code == 404
    assert client.get(reverse("dashboards:coverage"), {"pairing": data[JZ].pk}).status_code == 404
    assert client.get(reverse("dashboards:coverage_cell", args=[data[SB].pk, "9.9"])).status_code == 404
    assert client.get(reverse("dashboards:coverage_cell", args=[999999, "2.1"])).status_code == 404
    client.force_login(personas["jilin"])
    assert client.get(reverse("dashboards:coverage_cell", args=[data[SB].pk, "2.1"])).status_code == 404
    assert client.get(reverse("dashboards:coverage_cell", args=[data[JZ].pk, "2.1"])).status_code == 200
    client.force_login(personas["sysadmin"])  # no pairing of its own: an empty matrix, every cell a 404
    assert client.get(reverse("dashboards:coverage")).status_code == 200
    assert client.get(reverse("dashboards:coverage_cell", args=[data[JZ].pk, "2.1"])).status_code == 404
    client.logout()
    assert client.get(reverse("dashboards:coverage")).status_code == 302


def _count(user):
    with CaptureQueriesContext(connection) as queries:
        coverage_matrix(user=user, start=START, end=END)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_pairings_and_records(db, personas, client):
    ndrc = personas["ndrc"]
    ndrc.scope  # noqa: B018  (built once per user, outside the count)
    for pair in PAIRS[:2]:
        populate(pair)
    few = _count(ndrc)
    client.force_login(ndrc)
    with CaptureQueriesContext(connection) as page_few:
        assert client.get(reverse("dashboards:coverage")).status_code == 200
    for index, pair in enumerate(PAIRS):
        populate(pair, weight=index + 2)
    many = coverage_matrix(user=ndrc, start=START, end=END)
    assert sum(1 for row in many.rows if row.total.work) == 6
    assert _count(ndrc) == few <= 5
    with CaptureQueriesContext(connection) as page_many:
        assert client.get(reverse("dashboards:coverage")).status_code == 200
    assert len(page_many) == len(page_few)
    cell = reverse("dashboards:coverage_cell", args=[pairing(*PAIRS[0]).pk, "2.1"])
    with CaptureQueriesContext(connection) as cell_few:
        assert client.get(cell).status_code == 200
    for _ in range(3):
        populate(PAIRS[0])
    with CaptureQueriesContext(connection) as cell_many:
        assert client.get(cell).status_code == 200
    assert len(cell_many) == len(cell_few)


def test_the_xlsx_export_reads_back_with_the_pages_numbers_and_is_audited(data, personas, english_client):
    client = english_client
    client.force_login(personas["liaoning"])
    response = client.get(
        reverse("dashboards:coverage"), {"start": "2026-01-01", "end": "2026-12-31", "export": "xlsx"}
    )
    assert response.status_code == 200 and response["Content-Disposition"].endswith('coverage.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("Pairing", "Tier", "Key-task group", "Code", "Key task", "Plan items")
    col = {name: index for index, name in enumerate(header)}
    pairings = len(personas["liaoning"].scope.pairing_ids)
    assert len(rows) == 1 + pairings * 18 + 18 + pairings + 1
    sb = next(r for r in rows if r[0] == str(data[SB]) and r[col["Code"]] == "2.1")
    assert sb[col["Plan items"]] == 6 and sb[col["Projects"]] == 6 and sb[col["Events"]] == 0
    assert sb[col["Plan items: Overdue"]] == 3 and sb[col["Projects: Signed"]] == 3
    assert sb[col["Gap (nothing under the task) / gaps"]] == "No"
    gap = next(r for r in rows if r[0] == str(data[SB]) and r[col["Code"]] == "1.2")
    assert gap[col["Records in all"]] == 0 and gap[col["Gap (nothing under the task) / gaps"]] == "Yes"
    terminated = next(r for r in rows if r[0] == str(data[SB]) and r[col["Code"]] == "4.2")
    assert terminated[col["Projects"]] == 3 and terminated[col["Terminated projects (not counted)"]] == 3
    grand = rows[-1]
    matrix = coverage_matrix(user=personas["liaoning"], start=START, end=END)
    assert grand[0] == "All pairings" and grand[4] == "All key tasks"
    assert grand[col["Records in all"]] == matrix.total.work and grand[col["Events"]] == matrix.total.events
    assert grand[col["Gap (nothing under the task) / gaps"]] == matrix.gaps == pairings * 18 - 10
    assert str(data[JZ]) not in {r[0] for r in rows}
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="dashboards.coverage")
    assert entry.actor == personas["liaoning"] and entry.changes["rows"][1] == len(rows) - 1


def test_gaps_are_marked_by_a_hatch_and_a_dash_and_counted(data, personas, english_client):
    client = english_client
    client.force_login(personas["ndrc"])
    html = client.get(
        reverse("dashboards:coverage"), {"start": "2026-01-01", "end": "2026-12-31"}
    ).content.decode()
    matrix = coverage_matrix(user=personas["ndrc"], start=START, end=END)
    cells = re.findall(
        r'<td class="dk-cov-cell([^"]*)" data-task="([\d.]+)" data-work="(\d+)">\s*<a [^>]*>([^<]*)', html
    )
    assert len(cells) == len(matrix.rows) * 18
    for classes, _code, work, text in cells:
        assert ("dk-cov-gap" in classes) == (work == "0")
        assert (text.strip() == "—") == (work == "0")  # a dash, not colour alone
    assert sum(1 for c in cells if "dk-cov-gap" in c[0]) == matrix.gaps
    assert f"gaps: {matrix.gaps} of {matrix.cell_count} cells" in html
    assert 'aria-label="' in html and "Gap: no plan item, project or event under this key task." in html
    assert re.search(r'data-light="red"[^>]*>3<', html)  # 沈阳–北京's overdue items under 2.1: a number
    assert (
        "@media print"
        in open(
            __import__("pathlib").Path(__file__).resolve().parents[2] / "static/dashboards/coverage.css"
        ).read()
    )
    page = client.get(reverse("dashboards:coverage"), {"print": "1"}).content.decode()
    assert "dk-print" in page and "dk-sidebar" not in page
    gap_cell = client.get(reverse("dashboards:coverage_cell", args=[data[SB].pk, "1.2"]))
    assert 'id="cell-gap"' in gap_cell.content.decode()


def test_a_cell_lists_its_records_linking_to_them_and_caps_the_lists(
    data, personas, english_client, monkeypatch
):
    client = english_client
    client.force_login(personas["shenyang"])
    url = reverse("dashboards:coverage_cell", args=[data[SB].pk, "2.1"])
    html = client.get(url, {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    items = PlanItem.objects.filter(plan__pairing=data[SB], key_task__code="2.1")
    projects = Project.objects.filter(pairing=data[SB], key_task__code="2.1")
    assert all(item.get_absolute_url() in html for item in items)
    assert all(project.get_absolute_url() in html for project in projects)
    by_id = client.get(reverse("dashboards:coverage_cell", args=[data[SB].pk, task("2.3").pk]))
    events = Event.objects.filter(pairings=data[SB], key_task__code="2.3", start__year=2026)
    assert events.count() == 4 and all(e.get_absolute_url() in by_id.content.decode() for e in events)
    assert "博览会" in by_id.content.decode() and "旧活动" not in by_id.content.decode()
    monkeypatch.setattr(coverage, "CELL_LIMIT", 2)
    html = client.get(url).content.decode()
    assert html.count('data-item="') == 2 and html.count('data-project="') == 2
    assert html.count("The first 2 of 6.") == 2  # plan items and projects; the one event is listed
    see_all = re.findall(r'href="([^"]+)" class="cell-see-all"', html)
    assert any(link.startswith(reverse("plans:item_list")) for link in see_all)
    listed = client.get(see_all[0].replace("&amp;", "&"))
    assert listed.status_code == 200 and len(listed.context["object_list"]) == 6
    events_link = reverse("events:event_list") + f"?pairing={data[SB].pk}&key_task={task('2.3').pk}"
    assert {e.title for e in client.get(events_link).context["object_list"]} == {
        "推介0",
        "推介1",
        "推介2",
        "旧活动0",
        "旧活动1",
        "旧活动2",
        "博览会",
    }


def test_the_sidebar_and_the_dashboard_link_the_matrix(personas, client):
    client.force_login(personas["jilin"])
    assert reverse("dashboards:coverage") in client.get(reverse("core:home")).content.decode()
    assert reverse("dashboards:coverage") in client.get(reverse("dashboards:dashboard")).content.decode()
