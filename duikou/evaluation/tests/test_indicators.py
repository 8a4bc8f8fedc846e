"""Every registered query against a plain-Python count over records made here: several pairings, records
before, inside (on both boundaries) and after the period, records of a pairing not asked for (never counted),
a pairing with no records at all. ``trace`` returns exactly the records counted. One query per compute."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duikou.core.testing import pairing
from duikou.events.tests.factories import event, outcome
from duikou.exchanges.models import Secondment, Training
from duikou.exchanges.tests.factories import secondment, training
from duikou.funding.models import FundingEntry
from duikou.parks.tests.factories import ParkFactory, figure
from duikou.plans.tests.factories import PlanFactory, PlanItemFactory
from duikou.projects.models import CoordinationRequest, ProjectReport, ProjectStageChange
from duikou.projects.tests.factories import ProjectFactory
from duikou.reforms.models import ReplicationStatusChange
from duikou.reforms.tests.factories import practice, replication

from ..indicators import REGISTRY

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
DATES = [datetime.date(2024, 12, 31), START, datetime.date(2025, 6, 15), END, datetime.date(2026, 1, 1)]
MONTHS = ["2024-12", "2025-01", "2025-07", "2025-12", "2026-01"]


def inside(day):
    return START <= day <= END


def month_inside(period):
    return "2025-01" <= period <= "2025-12"


@pytest.fixture
def world(db):
    lj, jz, sb = pairing("210000", "320000"), pairing("220000", "330000"), pairing("210100", "110000")
    other = pairing("230000", "440000")  # has records, never asked for
    empty = pairing("220100", "120000")  # asked for, has no records
    return {"busy": [lj, jz, sb], "other": other, "evaluated": [lj, jz, sb, empty], "empty": empty}


def run(name, world, *, per_side=False):
    query = REGISTRY[name]
    ids = [p.pk for p in world["evaluated"]]
    with CaptureQueriesContext(connection) as queries:
        result = query.compute(pairing_ids=ids, start=START, end=END)
    assert len(queries) == 1, [q["sql"] for q in queries]
    sides = ("northeast", "east") if per_side else (None,)
    assert set(result) == {(pid, side) for pid in ids for side in sides}
    return query, result


def check_trace(query, world, expected_pks, *, side=None):
    ids = [p.pk for p in world["evaluated"]]
    with CaptureQueriesContext(connection) as queries:
        every = query.trace_all(pairing_ids=ids, start=START, end=END)
    assert len(queries) == (2 if query.per_side else 1)  # not one per pairing
    for p in world["evaluated"]:
        traced = query.trace(pairing_id=p.pk, side=side, start=START, end=END)
        assert {pk for _label, pk in traced} == expected_pks.get(p.pk, set()), p
        assert every[(p.pk, side)] == traced, p  # the batch gives each pairing exactly its own trace


def test_projects_started(world):
    crossing = [
        ("", "started"),
        ("signed", "started"),
        ("intention", "building"),
        ("signed", "completed"),
        ("", "building"),
        ("building", "operating"),
        ("started", "building"),
        ("intention", "signed"),
    ]
    for i, p in enumerate(world["busy"] + [world["other"]]):
        for j, day in enumerate(DATES):
            project = ProjectFactory(pairing=p)
            frm, to = crossing[(i + j) % len(crossing)]
            ProjectStageChange.objects.create(project=project, from_stage=frm, to_stage=to, on=day)
            if j == 2:  # the same project started twice in the period counts once
                ProjectStageChange.objects.create(
                    project=project, from_stage="signed", to_stage="started", on=day
                )
    query, result = run("projects_started", world)
    counted = {}
    for change in ProjectStageChange.objects.select_related("project"):
        started = change.to_stage == "started" or (
            change.from_stage in ("intention", "signed")
            and change.to_stage in ("building", "operating", "completed")
        )
        if started and inside(change.on):
            counted.setdefault(change.project.pairing_id, {}).setdefault(change.project_id, set()).add(
                change.pk
            )
    for p in world["evaluated"]:
        assert result[(p.pk, None)] == len(counted.get(p.pk, {})), p
    assert result[(world["empty"].pk, None)] == 0
    assert any(result[(p.pk, None)] for p in world["busy"])
    check_trace(query, world, {pid: set().union(*projects.values()) for pid, projects in counted.items()})


def test_investment_completed(world):
    for i, p in enumerate(world["busy"] + [world["other"]]):
        project = ProjectFactory(pairing=p)
        for j, period in enumerate(MONTHS):
            ProjectReport.objects.create(
                project=project,
                period=period,
                investment_in_period=Decimal(100 * i + j) + Decimal("0.25"),
                investment_cumulative=Decimal(1000),
                narrative="测试",
            )
    query, result = run("investment_completed", world)
    expected, pks = {}, {}
    for report in ProjectReport.objects.select_related("project"):
        if month_inside(report.period):
            expected[report.project.pairing_id] = (
                expected.get(report.project.pairing_id, 0) + report.investment_in_period
            )
            pks.setdefault(report.project.pairing_id, set()).add(report.pk)
    for p in world["evaluated"]:
        assert result[(p.pk, None)] == expected.get(p.pk, 0), p
    check_trace(query, world, pks)


def test_funds_in_place_ratio(world):
    for i, p in enumerate(world["busy"] + [world["other"]]):
        project, park = ProjectFactory(pairing=p), ParkFactory(pairing=p)
        for j, day in enumerate(DATES):
            for stage, amount in (("committed", 300 + i), ("in_place", 100 * (i + 1) + j), ("planned", 999)):
                target = {"project": project} if j % 2 else {"park": park}
                FundingEntry.objects.create(
                    pairing=p, source="bank_loan", stage=stage, amount=Decimal(amount), on=day, **target
                )
    query, result = run("funds_in_place_ratio", world)
    sums, pks = {}, {}
    for entry in FundingEntry.objects.all():
        if inside(entry.on) and entry.stage in ("committed", "in_place"):
            sums.setdefault(entry.pairing_id, {"committed": 0, "in_place": 0})[entry.stage] += entry.amount
            pks.setdefault(entry.pairing_id, set()).add(entry.pk)
    for p in world["busy"]:
        ratio = sums[p.pk]["in_place"] * 100 / sums[p.pk]["committed"]
        assert result[(p.pk, None)] == ratio.quantize(Decimal("0.01")), p
    assert result[(world["empty"].pk, None)] is None  # nothing committed: no basis
    check_trace(query, world, pks)


def test_cadres_seconded_per_side(world):
    statuses = ["ongoing", "completed", "planned", "ended_early"]
    for i, p in enumerate(world["busy"] + [world["other"]]):
        for j, day in enumerate(DATES):
            for k in range(i + 1):
                direction = (
                    Secondment.Direction.NE_TO_EAST if (j + k) % 3 else Secondment.Direction.EAST_TO_NE
                )
                secondment(
                    p,
                    name=f"测试{i}{j}{k}",
                    start=day,
                    end=day + datetime.timedelta(days=200),
                    direction=direction,
                    status=statuses[(i + j + k) % 4],
                )
    query, result = run("cadres_seconded", world, per_side=True)
    expected, pks = {}, {}
    for s in Secondment.objects.all():
        if inside(s.start) and s.status != "planned":
            side = "northeast" if s.direction == Secondment.Direction.NE_TO_EAST else "east"
            expected[(s.pairing_id, side)] = expected.get((s.pairing_id, side), 0) + 1
            pks.setdefault(side, {}).setdefault(s.pairing_id, set()).add(s.pk)
    for p in world["evaluated"]:
        for side in ("northeast", "east"):
            assert result[(p.pk, side)] == expected.get((p.pk, side), 0), (p, side)
    assert result[(world["empty"].pk, "east")] == 0
    for side in ("northeast", "east"):
        check_trace(query, world, pks.get(side, {}), side=side)


def test_trainees(world):
    for i, p in enumerate(world["busy"] + [world["other"]]):
        for j, day in enumerate(DATES):
            training(
                p,
                start=day,
                end=day,
                leaders=i + 1,
                managers=j,
                technical=2,
                status=Training.Status.HELD if j != 2 else Training.Status.PLANNED,
            )
            training(p, start=day, end=day, leaders=1, managers=1, technical=1, status=Training.Status.HELD)
    query, result = run("trainees", world)
    expected, pks = {}, {}
    for t in Training.objects.all():
        if inside(t.start) and t.status == "held":
            expected[t.pairing_id] = expected.get(t.pairing_id, 0) + t.total
            pks.setdefault(t.pairing_id, set()).add(t.pk)
    for p in world["evaluated"]:
        assert result[(p.pk, None)] == expected.get(p.pk, 0), p
    check_trace(query, world, pks)


def test_events_and_agreements(world):
    lj, jz, sb = world["busy"]
    groups = [(lj,), (jz, sb), (lj, jz, world["other"]), (sb,), (world["other"],)]
    for j, day in enumerate(DATES):
        for g, pairings in enumerate(groups):
            record = event(*pairings, title=f"活动{j}{g}", start=day, end=day)
            for n, p in enumerate(pairings):
                outcome(record, p, title=f"协议{j}{g}{n}", agreements=j + g + n + 1)
    query, result = run("events_held", world)
    from duikou.events.models import Event, EventOutcome

    events, agreements, outcome_pks = {}, {}, {}
    for record in Event.objects.prefetch_related("pairings"):
        if inside(record.start):
            for p in record.pairings.all():
                events.setdefault(p.pk, set()).add(record.pk)
    for item in EventOutcome.objects.select_related("event"):
        if inside(item.event.start):
            agreements[item.pairing_id] = agreements.get(item.pairing_id, 0) + item.agreements
            outcome_pks.setdefault(item.pairing_id, set()).add(item.pk)
    for p in world["evaluated"]:
        assert result[(p.pk, None)] == len(events.get(p.pk, set())), p
    check_trace(query, world, events)
    query, result = run("agreements_signed", world)
    for p in world["evaluated"]:
        assert result[(p.pk, None)] == agreements.get(p.pk, 0), p
    check_trace(query, world, outcome_pks)


def test_plan_items_on_time(world):
    from duikou.plans.models import PlanItem

    for i, p in enumerate(world["busy"] + [world["other"]]):
        plan = PlanFactory(pairing=p, period_start=2024, period_end=2026)
        summary = PlanFactory(pairing=p, kind="summary", period_start=2025, period_end=2025)
        for j, day in enumerate(DATES):
            for k in range(3):
                completed = [None, day - datetime.timedelta(days=1), day, day + datetime.timedelta(days=1)][
                    (i + j + k) % 4
                ]
                PlanItemFactory(
                    plan=plan, start_date=datetime.date(2024, 1, 1), due_date=day, completed_on=completed
                )
            PlanItemFactory(
                plan=summary, start_date=datetime.date(2025, 1, 1), due_date=max(day, START), completed_on=day
            )
        parent = PlanItemFactory(
            plan=plan, start_date=datetime.date(2024, 1, 1), due_date=DATES[2], completed_on=DATES[2]
        )
        PlanItemFactory(
            plan=plan,
            parent=parent,
            start_date=datetime.date(2024, 1, 1),
            due_date=DATES[2],
            completed_on=DATES[2] + datetime.timedelta(days=3 * i),
        )
    query, result = run("plan_items_on_time", world)
    due, on_time, pks = {}, {}, {}
    for item in PlanItem.objects.select_related("plan").prefetch_related("children"):
        if item.plan.kind == "summary" or item.children.all() or not inside(item.due_date):
            continue
        pid = item.plan.pairing_id
        due[pid] = due.get(pid, 0) + 1
        on_time[pid] = on_time.get(pid, 0) + (
            1 if item.completed_on and item.completed_on <= item.due_date else 0
        )
        pks.setdefault(pid, set()).add(item.pk)
    for p in world["busy"]:
        assert result[(p.pk, None)] == (Decimal(on_time[p.pk]) * 100 / due[p.pk]).quantize(Decimal("0.01")), p
    assert result[(world["empty"].pk, None)] is None
    check_trace(query, world, pks)


def test_reforms_replicated(world):
    regions = {
        0: ("320000", "210000"),
        1: ("330000", "220000"),
        2: ("110000", "210100"),
        3: ("440000", "230000"),
    }
    for i, p in enumerate(world["busy"] + [world["other"]]):
        origin, region = regions[i]
        for j, day in enumerate(DATES):
            record = replication(
                practice(origin, title=f"举措{i}{j}"),
                region,
                status="piloting",
                since=datetime.date(2024, 6, 1),
            )
            assert record.pairing_id == p.pk
            ReplicationStatusChange.objects.create(
                replication=record, from_status="piloting", to_status="replicated", on=day
            )
            if j == 2:  # reached twice in the period: once
                ReplicationStatusChange.objects.create(
                    replication=record, from_status="replicated", to_status="replicated", on=day
                )
    query, result = run("reforms_replicated", world)
    counted, pks = {}, {}
    for change in ReplicationStatusChange.objects.select_related("replication"):
        if change.to_status == "replicated" and inside(change.on) and change.replication.pairing_id:
            counted.setdefault(change.replication.pairing_id, set()).add(change.replication_id)
            pks.setdefault(change.replication.pairing_id, set()).add(change.pk)
    for p in world["evaluated"]:
        assert result[(p.pk, None)] == len(counted.get(p.pk, set())), p
    check_trace(query, world, pks)


def test_requests_answered_in_time(world):
    tz = timezone.get_current_timezone()
    for i, p in enumerate(world["busy"] + [world["other"]]):
        project = ProjectFactory(pairing=p)
        for j, day in enumerate(DATES):
            # late by half an hour in China Standard Time, though still the due date in UTC
            answers = [
                datetime.datetime.combine(day, datetime.time(23, 30), tz),
                datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, 30), tz),
                None,
                datetime.datetime.combine(day - datetime.timedelta(days=2), datetime.time(9), tz),
            ]
            for k in range(i + 2):
                answered = answers[(j + k) % 4]
                CoordinationRequest.objects.create(
                    pairing=p,
                    project=project,
                    kind="land",
                    title=f"请求{j}{k}",
                    description="测试",
                    due_on=day,
                    answered_at=answered,
                    status="answered" if answered else "open",
                )
    query, result = run("requests_answered_in_time", world)
    due, in_time, pks = {}, {}, {}
    for r in CoordinationRequest.objects.all():
        if inside(r.due_on):
            due[r.pairing_id] = due.get(r.pairing_id, 0) + 1
            ok = r.answered_at is not None and timezone.localdate(r.answered_at) <= r.due_on
            in_time[r.pairing_id] = in_time.get(r.pairing_id, 0) + ok
            pks.setdefault(r.pairing_id, set()).add(r.pk)
    for p in world["busy"]:
        assert result[(p.pk, None)] == (Decimal(in_time[p.pk]) * 100 / due[p.pk]).quantize(Decimal("0.01")), p
    assert result[(world["empty"].pk, None)] is None
    check_trace(query, world, pks)


def test_park_output_value(world):
    for i, p in enumerate(world["busy"] + [world["other"]]):
        for n in range(2):
            park = ParkFactory(pairing=p)
            for j, period in enumerate(MONTHS):
                figure(
                    park, period=period, output_value=Decimal(1000 * (i + 1) + 10 * j + n) + Decimal("0.5")
                )
    query, result = run("park_output_value", world)
    from duikou.parks.models import ParkFigure

    expected, pks = {}, {}
    for f in ParkFigure.objects.select_related("park"):
        if month_inside(f.period):
            expected[f.park.pairing_id] = expected.get(f.park.pairing_id, 0) + f.output_value
            pks.setdefault(f.park.pairing_id, set()).add(f.pk)
    for p in world["evaluated"]:
        assert result[(p.pk, None)] == expected.get(p.pk, 0), p
    check_trace(query, world, pks)


def test_every_query_is_tested_and_documented():
    tested = {
        "projects_started",
        "investment_completed",
        "funds_in_place_ratio",
        "cadres_seconded",
        "trainees",
        "events_held",
        "agreements_signed",
        "plan_items_on_time",
        "reforms_replicated",
        "requests_answered_in_time",
        "park_output_value",
    }
    assert set(REGISTRY) == tested
    for query in REGISTRY.values():
        assert query.basis and str(query.label)


def test_no_pairings_no_query(db):
    for query in REGISTRY.values():
        with CaptureQueriesContext(connection) as queries:
            assert query.compute(pairing_ids=[], start=START, end=END) == {}
        assert len(queries) == 0
