"""The maintained aggregates (issue #7, speed): after a refresh the dashboard's figures equal the same figures
computed from scratch over the records (written out here in plain ORM, independently of the facts); records
changed after a refresh count at the next one; a failed refresh leaves the previous figures as they were;
``measure_values`` gives the dashboard's numbers for any periods in one query; the pairing filter is scoped; only
the NDRC office refreshes by hand; the job and the demo refresh; the facts' scope matrix. ``Refresh`` is internal
bookkeeping (no page, no API): it has no scope matrix."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import OrganisationFactory, pairing
from duikou.events.models import Event, EventOutcome
from duikou.events.tests.factories import event, outcome
from duikou.exchanges.models import Secondment, Training
from duikou.exchanges.tests.factories import secondment, training
from duikou.funding.models import FundingEntry
from duikou.parks.models import Park
from duikou.parks.tests.factories import ParkFactory
from duikou.plans import lights
from duikou.plans.models import PlanItem
from duikou.plans.tests.factories import PlanFactory, PlanItemFactory
from duikou.projects.models import Project, ProjectReport, Stage
from duikou.projects.tests.factories import ProjectFactory
from duikou.reforms.models import ReplicationStatusChange
from duikou.reforms.tests.factories import practice, replication
from duikou.regions.models import KeyTask

from .. import services
from ..models import Figure, Refresh
from ..selectors import AMOUNT_KEYS, MEASURE_KEYS, dashboard_figures, measure_values, whole_months

TODAY = datetime.date(2026, 3, 20)  # the day of the refresh: the plan items' lights
PERIODS = [
    (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    (datetime.date(2026, 3, 15), datetime.date(2026, 3, 20)),  # counts the whole of March
    (datetime.date(2025, 1, 1), datetime.date(2026, 2, 28)),
    (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)),
    (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)),
]
SHANGHAI = timezone.get_fixed_timezone(8 * 60)


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def registered(project, when):
    Project.objects.filter(pk=project.pk).update(created_at=when)


def build(p, *, factor=1):
    """Records of every kind the dashboard counts, on both sides of each period's edges."""
    tasks = {code: KeyTask.objects.get(code=code) for code in ("1.1", "2.1", "3.1")}
    east = OrganisationFactory(region_id=p.east_id)
    projects = []
    for n, (when, stage, task, amount) in enumerate(
        [
            (at(2025, 11, 3), Stage.SIGNED, "1.1", 1000),
            (at(2026, 2, 10), Stage.STARTED, "2.1", 2500),
            (at(2026, 4, 1, 0, 30), Stage.BUILDING, "2.1", 800),  # 31 March 16:30 UTC: April in Shanghai
            (at(2026, 3, 31, 23, 0), Stage.INTENTION, "3.1", 120),
            (at(2026, 7, 1), Stage.OPERATING, "1.1", 4000),
        ][: 3 + factor]
    ):
        project = ProjectFactory(pairing=p, stage=stage, key_task=tasks[task], planned_investment=amount * factor + n)
        registered(project, when)
        projects.append(project)
    for project, period, amount in [
        (projects[0], "2025-12", "10.5"),
        (projects[0], "2026-02", "20"),
        (projects[1], "2026-03", "33.25"),
        (projects[1], "2026-05", "40"),
        (projects[2], "2026-04", "7"),
    ]:
        ProjectReport.objects.create(
            project=project, period=period, investment_in_period=Decimal(amount) * factor,
            investment_cumulative=Decimal(amount) * factor, narrative="进展",
        )
    for on, stage, amount in [
        (datetime.date(2026, 2, 28), "in_place", "50"),
        (datetime.date(2026, 3, 1), "in_place", "70"),
        (datetime.date(2026, 3, 2), "planned", "999"),  # not in place: not counted
        (datetime.date(2025, 12, 31), "in_place", "11"),
    ]:
        FundingEntry.objects.create(
            project=projects[0], pairing=p, source="central_budget", stage=stage, amount=Decimal(amount) * factor, on=on
        )
    for established in (None, datetime.date(2025, 6, 1), datetime.date(2026, 4, 15)):
        ParkFactory(pairing=p, established_on=established)
    for n, (start, status, eastward) in enumerate(
        [
            (datetime.date(2026, 3, 1), "ongoing", True),
            (datetime.date(2025, 10, 1), "completed", True),
            (datetime.date(2026, 3, 1), "ongoing", False),
            (datetime.date(2026, 6, 1), "planned", True),  # planned: not counted
        ]
    ):
        home = None if eastward else east
        host = east if eastward else OrganisationFactory(region_id=p.northeast_id)
        direction = Secondment.Direction.NE_TO_EAST if eastward else Secondment.Direction.EAST_TO_NE
        secondment(p, name=f"挂职人{p.pk}-{n}", start=start, end=start + datetime.timedelta(days=300), status=status,
                   home=home, host=host, direction=direction)
    training(p, start=datetime.date(2026, 3, 10), end=datetime.date(2026, 3, 12), leaders=2 * factor)
    training(p, start=datetime.date(2026, 4, 10), end=datetime.date(2026, 4, 12), status="planned")
    training(p, start=datetime.date(2025, 12, 1), end=datetime.date(2025, 12, 2), managers=4)
    early = event(p, start=datetime.date(2025, 12, 20))
    outcome(early, p, agreements=3, amount="100")
    late = event(p, start=datetime.date(2026, 3, 5))
    outcome(late, p, agreements=2 * factor, amount=None)
    outcome(late, p, agreements=1, amount="250.50")
    copied = replication(practice(p.east_id), p.northeast_id, status="piloting", since=datetime.date(2025, 6, 1))
    for status, on in [("replicated", "2026-01-10"), ("abandoned", "2026-02-01"), ("replicated", "2026-03-05")]:
        ReplicationStatusChange.objects.create(
            replication=copied, from_status="piloting", to_status=status, on=datetime.date.fromisoformat(on)
        )
    plan = PlanFactory(pairing=p)
    for due, completed, task, on_track in [
        (datetime.date(2026, 3, 31), datetime.date(2026, 3, 1), "1.1", None),  # done
        (datetime.date(2026, 2, 1), None, "2.1", None),  # red on TODAY
        (datetime.date(2026, 4, 1), None, "2.1", None),  # yellow (due within the window)
        (datetime.date(2026, 12, 31), None, "3.1", datetime.date(2026, 12, 1)),  # green
        (datetime.date(2026, 12, 31), None, "3.1", datetime.date(2026, 1, 1)),  # yellow (behind)
        (datetime.date(2027, 6, 30), None, "1.1", None),  # due after 2026
    ]:
        PlanItemFactory(
            plan=plan, key_task=tasks[task], start_date=datetime.date(2025, 1, 1), due_date=due,
            completed_on=completed, on_track_until=on_track, progress=100 if completed else 10,
        )


@pytest.fixture
def programme(db):
    made = {
        "lj": pairing("210000", "320000"),
        "jz": pairing("220000", "330000"),
        "sb": pairing("210100", "110000"),
    }
    for factor, p in enumerate(made.values(), start=1):
        build(p, factor=factor)
    shared = event(made["jz"], made["sb"], start=datetime.date(2026, 3, 9), kind="expo")  # counts for both
    outcome(shared, made["sb"], agreements=4, amount="80")
    return made


# --- the reference: the figures from scratch over the records --------------------------------------------------


def reference(pairing_ids, start, end, *, today=TODAY):
    """What the dashboard should show, computed from the records alone (the bases of selectors' docstring)."""
    start, end = whole_months(start, end)
    tz = timezone.get_current_timezone()
    values = {pk: {key: (Decimal(0) if key in AMOUNT_KEYS else 0) for key in MEASURE_KEYS} for pk in pairing_ids}
    stages = {pk: dict.fromkeys(Stage.values, 0) for pk in pairing_ids}
    light_counts = {pk: dict.fromkeys(lights.LIGHTS, 0) for pk in pairing_ids}
    tasks = defaultdict(lambda: {"projects": 0, "planned_investment": Decimal(0), "plan_items": 0})
    months = defaultdict(lambda: {"projects": 0, "investment_completed": Decimal(0)})
    first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
    for project in Project.objects.filter(pairing_id__in=pairing_ids):
        month = timezone.localtime(project.created_at, tz).strftime("%Y-%m")
        if month > last:
            continue
        values[project.pairing_id]["projects"] += 1
        values[project.pairing_id]["planned_investment"] += project.planned_investment
        stages[project.pairing_id][project.stage] += 1
        tasks[project.key_task_id]["projects"] += 1
        tasks[project.key_task_id]["planned_investment"] += project.planned_investment
        if month >= first:
            months[month]["projects"] += 1
    for report in ProjectReport.objects.filter(project__pairing_id__in=pairing_ids).select_related("project"):
        if first <= report.period <= last:
            values[report.project.pairing_id]["investment_completed"] += report.investment_in_period
            months[report.period]["investment_completed"] += report.investment_in_period
    for entry in FundingEntry.objects.filter(pairing_id__in=pairing_ids, stage="in_place", on__range=(start, end)):
        values[entry.pairing_id]["funds_in_place"] += entry.amount
    for park in Park.objects.filter(pairing_id__in=pairing_ids):
        if park.established_on is None or park.established_on <= end:
            values[park.pairing_id]["parks"] += 1
    for item in Secondment.objects.filter(pairing_id__in=pairing_ids, start__range=(start, end)):
        if item.status != Secondment.Status.PLANNED:
            key = "cadres_ne_to_east" if item.direction == Secondment.Direction.NE_TO_EAST else "cadres_east_to_ne"
            values[item.pairing_id][key] += 1
    for item in Training.objects.filter(pairing_id__in=pairing_ids, status="held", start__range=(start, end)):
        values[item.pairing_id]["trainees"] += item.total
    for ev in Event.objects.filter(start__range=(start, end)).prefetch_related("pairings"):
        for p in ev.pairings.all():
            if p.pk in values:
                values[p.pk]["events"] += 1
    for item in EventOutcome.objects.filter(pairing_id__in=pairing_ids, event__start__range=(start, end)):
        values[item.pairing_id]["agreements"] += item.agreements
        values[item.pairing_id]["agreement_amount"] += item.amount or 0
    replicated = {
        (change.replication.pairing_id, change.replication_id, f"{change.on:%Y-%m}")
        for change in ReplicationStatusChange.objects.filter(
            to_status="replicated", replication__pairing_id__in=pairing_ids, on__range=(start, end)
        ).select_related("replication")
    }
    for pk, _replication, _month in replicated:
        values[pk]["replicated"] += 1
    for item in PlanItem.objects.filter(plan__pairing_id__in=pairing_ids, due_date__range=(start, end)).select_related(
        "plan"
    ):
        light = lights.item_light(item, today=today)
        values[item.plan.pairing_id]["plan_items"] += 1
        light_counts[item.plan.pairing_id][light] += 1
        tasks[item.key_task_id]["plan_items"] += 1
    return {"values": values, "stages": stages, "lights": light_counts, "tasks": dict(tasks), "months": months}


def assert_equal_to_reference(figures, pairing_ids):
    expected = reference(pairing_ids, figures.start, figures.end)
    for pk in pairing_ids:
        row = figures.by_pairing(pk)
        assert row.values == expected["values"][pk], (figures.start, figures.end, pk)
        assert row.stages == expected["stages"][pk]
        assert row.lights == expected["lights"][pk]
    got_tasks = {
        row["key_task"].pk: {k: row[k] for k in ("projects", "planned_investment", "plan_items")}
        for row in figures.key_tasks
    }
    assert got_tasks == {pk: v for pk, v in expected["tasks"].items() if any(v.values())}
    for row in figures.months:
        want = expected["months"].get(row["month"], {"projects": 0, "investment_completed": 0})
        assert (row["projects"], row["investment_completed"]) == (want["projects"], want["investment_completed"])


def test_the_facts_after_a_refresh_equal_the_figures_from_scratch(programme, personas):
    services.figures_refresh(today=TODAY)
    ids = [p.pk for p in programme.values()]
    for start, end in PERIODS:
        figures = dashboard_figures(user=personas["ndrc"], start=start, end=end)
        assert (figures.start, figures.end) == whole_months(start, end)
        assert_equal_to_reference(figures, ids)
    year = dashboard_figures(user=personas["ndrc"], start=PERIODS[0][0], end=PERIODS[0][1])
    lj = year.by_pairing(programme["lj"].pk)
    # the hand-checked figures of 辽宁–江苏 in 2026 (weight 1: four projects, the fifth is not built)
    assert lj.values["projects"] == 4 and lj.stages[Stage.BUILDING] == 1  # the one of 1 April, Shanghai time
    assert lj.values["investment_completed"] == Decimal("100.25") and lj.values["funds_in_place"] == 120
    assert lj.values["parks"] == 3 and lj.values["cadres_ne_to_east"] == 1 and lj.values["cadres_east_to_ne"] == 1
    assert lj.values["trainees"] == 2 + 20 + 5 and lj.values["events"] == 1 and lj.values["agreements"] == 3
    assert lj.values["agreement_amount"] == Decimal("250.50") and lj.values["replicated"] == 2
    assert lj.values["plan_items"] == 5
    assert lj.lights == {"red": 1, "yellow": 2, "green": 1, "done": 1}
    march = dashboard_figures(user=personas["ndrc"], start=PERIODS[1][0], end=PERIODS[1][1])
    assert march.by_pairing(programme["jz"].pk).values["events"] == 2  # its own and the shared expo
    assert march.by_pairing(programme["lj"].pk).values["projects"] == 3  # registered by 31 March (Shanghai)
    assert sum(row["projects"] for row in march.months) == 3  # one a pairing on 31 March at 23:00


def test_measure_values_equals_the_dashboard_for_the_same_periods_in_one_query(programme, personas):
    services.figures_refresh(today=TODAY)
    ids = [p.pk for p in programme.values()]
    with CaptureQueriesContext(connection) as one:
        values = measure_values(pairing_ids=ids, periods=PERIODS[:1])
    with CaptureQueriesContext(connection) as five:
        values = measure_values(pairing_ids=[*ids, 999999], periods=PERIODS)
    assert len(one) == len(five) == 1
    for period in PERIODS:
        figures = dashboard_figures(user=personas["ndrc"], start=period[0], end=period[1])
        for pk in ids:
            assert values[(pk, period)] == figures.by_pairing(pk).values, (pk, period)
        assert values[(999999, period)] == {key: 0 for key in MEASURE_KEYS}
    assert measure_values(pairing_ids=[], periods=PERIODS) == {}
    assert isinstance(values[(ids[0], PERIODS[0])]["projects"], int)
    assert isinstance(values[(ids[0], PERIODS[0])]["planned_investment"], Decimal)


def test_changed_records_count_at_the_next_refresh(programme, personas):
    ndrc = personas["ndrc"]
    services.figures_refresh(today=TODAY)
    before = dashboard_figures(user=ndrc, start=PERIODS[0][0], end=PERIODS[0][1])
    lj = programme["lj"]
    project = Project.objects.filter(pairing=lj, stage=Stage.SIGNED).first()
    Project.objects.filter(pk=project.pk).update(stage=Stage.TERMINATED)
    ProjectReport.objects.create(project=project, period="2026-06", investment_in_period=1000,
                                 investment_cumulative=1030.5, narrative="进展")
    FundingEntry.objects.filter(pairing=lj, stage="planned").update(stage="in_place")
    Secondment.objects.filter(pairing=lj, status="planned").update(status="ongoing")
    stale = dashboard_figures(user=ndrc, start=PERIODS[0][0], end=PERIODS[0][1])
    assert stale.by_pairing(lj.pk).values == before.by_pairing(lj.pk).values  # read from the facts
    services.figures_refresh(today=TODAY)
    after = dashboard_figures(user=ndrc, start=PERIODS[0][0], end=PERIODS[0][1])
    row, was = after.by_pairing(lj.pk), before.by_pairing(lj.pk)
    assert row.values["investment_completed"] == was.values["investment_completed"] + 1000
    assert row.values["funds_in_place"] == was.values["funds_in_place"] + 999
    assert row.values["cadres_ne_to_east"] == was.values["cadres_ne_to_east"] + 1
    assert row.stages[Stage.SIGNED] == was.stages[Stage.SIGNED] - 1
    assert row.stages[Stage.TERMINATED] == was.stages[Stage.TERMINATED] + 1
    assert_equal_to_reference(after, [p.pk for p in programme.values()])
    assert after.by_pairing(programme["jz"].pk).values == before.by_pairing(programme["jz"].pk).values


def test_a_failed_refresh_leaves_the_previous_facts(programme, personas, monkeypatch):
    first = services.figures_refresh(today=TODAY)
    facts = sorted(Figure.objects.values_list("pairing_id", "month", "measure", "stage", "light", "key_task_id",
                                              "value"))
    assert len(facts) == first.rows > 0
    ProjectReport.objects.create(project=Project.objects.first(), period="2026-06", investment_in_period=5,
                                 investment_cumulative=5, narrative="进展")
    real = services.family_statements

    def broken(*, today):  # every real statement (the facts are deleted and rewritten first), then a failing one
        table = Figure._meta.db_table
        return [*real(today=today),
                (f"INSERT INTO {table} (pairing_id, month, measure, stage, light, value) "
                 "VALUES (NULL, '2026-01', 'projects', '', '', 1)", ())]

    monkeypatch.setattr(services, "family_statements", broken)
    with pytest.raises(IntegrityError):
        services.figures_refresh(today=TODAY)
    assert sorted(Figure.objects.values_list("pairing_id", "month", "measure", "stage", "light", "key_task_id",
                                             "value")) == facts
    assert list(Refresh.objects.all()) == [first]
    figures = dashboard_figures(user=personas["ndrc"], start=PERIODS[0][0], end=PERIODS[0][1])
    assert figures.refreshed_at == first.started_at


def test_the_refresh_is_recorded_and_audited(programme, personas, english):
    refresh = services.figures_refresh(user=personas["ndrc"], trigger=Refresh.Trigger.USER, today=TODAY)
    assert refresh.trigger == "user" and refresh.user == personas["ndrc"]
    assert refresh.rows == Figure.objects.count() and refresh.finished_at >= refresh.started_at
    entry = AuditEntry.objects.get(object_type="dashboards.refresh", object_id=str(refresh.pk))
    assert entry.action == AuditAction.WORKFLOW and entry.actor == personas["ndrc"]
    assert entry.changes["rows"] == [None, refresh.rows]
    out = io.StringIO()
    call_command("dashboards_refresh", stdout=out)
    job = Refresh.objects.order_by("-id").first()
    assert job.trigger == "job" and job.user is None and f"{job.rows} figure(s)" in out.getvalue()
    assert AuditEntry.objects.get(object_type="dashboards.refresh", object_id=str(job.pk)).actor_username == (
        "dashboards_refresh"
    )
    with pytest.raises(Exception, match="NDRC"):
        services.figures_refresh(user=personas["liaoning"], trigger=Refresh.Trigger.USER)


def test_the_demo_refreshes_the_figures(db):
    from ..demo import load

    out = io.StringIO()
    load(stdout=out)
    assert Refresh.objects.filter(trigger="job").count() == 1 and "figure(s) refreshed" in out.getvalue()


# --- the pairing filter and the refresh button ------------------------------------------------------------------


def test_the_pairing_filter_is_scoped(programme, personas, client):
    services.figures_refresh(today=TODAY)
    lj, jz = programme["lj"], programme["jz"]
    liaoning = personas["liaoning"]
    own = dashboard_figures(user=liaoning, start=PERIODS[0][0], end=PERIODS[0][1], pairing=lj.pk)
    national = dashboard_figures(user=personas["ndrc"], start=PERIODS[0][0], end=PERIODS[0][1])
    assert [row.pairing_id for row in own.pairings] == [lj.pk]
    assert own.totals == national.by_pairing(lj.pk).values
    foreign = dashboard_figures(user=liaoning, start=PERIODS[0][0], end=PERIODS[0][1], pairing=jz.pk)
    assert foreign.pairings == [] and foreign.totals["projects"] == 0 and foreign.key_tasks == []
    client.force_login(liaoning)
    url, api = reverse("dashboards:dashboard"), reverse("api:dashboard")
    period = {"start": "2026-01-01", "end": "2026-12-31"}
    assert client.get(url, {**period, "pairing": jz.pk}).status_code == 404
    assert client.get(url, {**period, "pairing": jz.pk, "export": "xlsx"}).status_code == 404
    assert client.get(api, {**period, "pairing": jz.pk}).status_code == 404
    assert client.get(api, {**period, "pairing": "999999"}).status_code == 404
    page = client.get(url, {**period, "pairing": lj.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{lj.pk}" selected>' in html and f'value="{jz.pk}"' not in html  # not even a choice
    body = client.get(api, {**period, "pairing": lj.pk}).json()
    assert body["pairing"] == lj.pk and [row["pairing"] for row in body["pairings"]] == [lj.pk]
    assert body["totals"]["projects"] == national.by_pairing(lj.pk).values["projects"]
    assert body["refreshed_at"] is not None
    client.force_login(personas["ndrc"])
    body = client.get(api, {**period, "pairing": jz.pk}).json()
    assert [row["pairing"] for row in body["pairings"]] == [jz.pk]


def test_the_refresh_button_is_the_ndrc_offices(db, personas, client):
    url = reverse("dashboards:dashboard")
    for name in ("cod", "liaoning", "liaoning_reporter"):
        client.force_login(personas[name])
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'id="dashboard-never-refreshed"' in html and 'id="dashboard-refresh"' not in html
        assert client.post(url).status_code == 403
    assert not Refresh.objects.exists()
    client.force_login(personas["ndrc"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "never been refreshed" in html and 'id="dashboard-refresh"' in html
    response = client.post(f"{url}?tier=city")
    assert response.status_code == 302 and response["Location"] == f"{url}?tier=city"
    refresh = Refresh.objects.get()
    assert refresh.trigger == "user" and refresh.user == personas["ndrc"]
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    shown = timezone.localtime(refresh.started_at).strftime("%Y-%m-%d %H:%M")
    assert f"Figures as of {shown}" in html and "never been refreshed" not in html
    assert "whole months" in html and "due in the period" in html
