"""Goals, targets and reported figures (issue #7, points 4 and 5).

The platform's figure beside a target or a reported figure equals a plain recount of the records on the
dashboard's counting bases (whole months; stocks as at the period's end, flows over its months; the programme
as the sum of every pairing); progress and the comparison are computed from it as documented; a list page and
an API list ask a constant number of queries whatever the rows; bad input is refused with the field and the
way to fix it; the NDRC office enters goals and targets, a coordinator its own pairings' figures only; the
.xlsx exports read back."""

from __future__ import annotations

import calendar
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import pairing
from duikou.dashboards.services import figures_refresh
from duikou.events.models import Event, EventOutcome
from duikou.events.tests.factories import event, outcome
from duikou.exchanges.models import Training
from duikou.exchanges.tests.factories import training
from duikou.funding.models import FundingEntry, FundingStage
from duikou.parks.models import Park
from duikou.parks.tests.factories import ParkFactory
from duikou.projects.models import Project
from duikou.projects.tests.factories import ProjectFactory
from duikou.regions.models import Goal, PolicyDocument

from .. import measures, services
from ..models import EnteredGoal, GoalTarget, ReportedFigure
from ..selectors import (
    DEFAULT_TOLERANCE,
    State,
    figure_comparisons,
    goal_overview,
    progress_of,
    target_progress,
)
from .factories import entered_goal, figure, goal, target

SHANGHAI = timezone.get_fixed_timezone(8 * 60)
START = measures.PROGRAMME_START


@pytest.fixture(autouse=True)
def _english(english):
    """The services' messages in their English source text (asserted below)."""


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def registered(project, day: datetime.date):
    Project.objects.filter(pk=project.pk).update(
        created_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI))


# --- the records and a plain recount of them ---------------------------------------------------------------

LJ, JZ, SB = ("210000", "320000"), ("220000", "330000"), ("210100", "110000")


def records(pair, *, days=(datetime.date(2018, 5, 10), datetime.date(2026, 2, 3), datetime.date(2026, 6, 20)),
            weight=1):
    """Of each measure the tests recount, ``weight`` records at each of ``days`` for the pairing."""
    p = pairing(*pair)
    for day in days:
        for n in range(weight):
            project = ProjectFactory(pairing=p, planned_investment=1000 + n)
            registered(project, day)
            FundingEntry.objects.create(project=project, pairing=p, source="bank_loan", stage=FundingStage.IN_PLACE,
                                        amount=Decimal("50.50"), on=day)
            FundingEntry.objects.create(project=project, pairing=p, source="bank_loan",
                                        stage=FundingStage.COMMITTED, amount=Decimal("999"), on=day)  # not counted
            training(p, start=day, end=day, leaders=2, managers=3, technical=n)
            happening = event(p, start=day)
            outcome(happening, p, agreements=2, amount="300")
            ParkFactory(pairing=p, established_on=day)


def recount(measure: str, pairs, start: datetime.date, end: datetime.date):
    """The measure over [start, end] counted from the records, on whole months: written out in plain ORM,
    independently of the dashboards' facts."""
    ids = [pairing(*pair).pk for pair in pairs]
    first, last = start.replace(day=1), month_end(end)
    registered_by = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min,
                                              tzinfo=timezone.get_current_timezone())
    if measure == "projects":
        return Project.objects.filter(pairing_id__in=ids, created_at__lt=registered_by).count()
    if measure == "planned_investment":
        return Project.objects.filter(pairing_id__in=ids, created_at__lt=registered_by).aggregate(
            s=Sum("planned_investment"))["s"] or Decimal(0)
    if measure == "funds_in_place":
        return FundingEntry.objects.filter(pairing_id__in=ids, stage=FundingStage.IN_PLACE, on__gte=first,
                                           on__lte=last).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if measure == "trainees":
        return Training.objects.filter(pairing_id__in=ids, status=Training.Status.HELD, start__gte=first,
                                       start__lte=last).aggregate(s=Sum("total"))["s"] or 0
    if measure == "events":
        return Event.pairings.through.objects.filter(pairing_id__in=ids, event__start__gte=first,
                                                     event__start__lte=last).count()
    if measure == "agreements":
        return EventOutcome.objects.filter(pairing_id__in=ids, event__start__gte=first,
                                           event__start__lte=last).aggregate(s=Sum("agreements"))["s"] or 0
    if measure == "agreement_amount":
        return EventOutcome.objects.filter(pairing_id__in=ids, event__start__gte=first,
                                           event__start__lte=last).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if measure == "parks":
        return Park.objects.filter(Q(established_on__isnull=True) | Q(established_on__lte=last),
                                   pairing_id__in=ids).count()
    raise AssertionError(measure)


EVERY = None  # the programme: every pairing with records


@pytest.fixture
def data(db):
    records(LJ)
    records(JZ, days=(datetime.date(2026, 3, 15), datetime.date(2026, 7, 3)), weight=2)
    records(SB, days=(datetime.date(2025, 12, 31),))
    figures_refresh()
    return {"lj": pairing(*LJ), "jz": pairing(*JZ), "sb": pairing(*SB)}


# (measure, pairing or EVERY, start, end): middle-of-month ends count their whole month
CASES = [
    ("projects", LJ, START, datetime.date(2020, 12, 31)),
    ("projects", LJ, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ("planned_investment", JZ, datetime.date(2026, 1, 1), datetime.date(2026, 6, 10)),
    ("funds_in_place", EVERY, datetime.date(2026, 1, 1), datetime.date(2026, 6, 10)),
    ("funds_in_place", LJ, datetime.date(2026, 2, 15), datetime.date(2026, 2, 16)),
    ("trainees", JZ, datetime.date(2026, 3, 20), datetime.date(2026, 7, 1)),
    ("events", EVERY, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ("agreements", EVERY, START, datetime.date(2025, 12, 31)),
    ("agreement_amount", LJ, START, datetime.date(2026, 6, 1)),
    ("parks", SB, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ("parks", EVERY, START, datetime.date(2019, 12, 31)),
]


def _pairs(where):
    return [LJ, JZ, SB] if where is EVERY else [where]


def test_progress_equals_a_plain_recount(data):
    targets = [target(None if where is EVERY else pairing(*where), measure=measure, value="7", start=start,
                      end=end, goal_obj=goal("6"))
               for measure, where, start, end in CASES]
    rows = target_progress(targets=targets, today=datetime.date(2026, 6, 30))
    seen = set()
    for (measure, where, start, end), row in zip(CASES, rows, strict=True):
        expected = recount(measure, _pairs(where), start, end)
        assert row.value == expected, (measure, where, start, end, row.value, expected)
        assert row.percent == (Decimal(expected) * 100 / 7).quantize(Decimal("0.1")), (measure, where)
        seen.add(expected)
    assert len(seen) > 5  # the cases differ: a wrong period or pairing would not go unnoticed


def test_the_programme_is_the_sum_of_the_pairings(data):
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    whole = target(measure="funds_in_place", value="100", start=start, end=end)
    parts = [target(data[key], measure="funds_in_place", value="100", start=start, end=end) for key in data]
    rows = target_progress(targets=[whole, *parts])
    assert rows[0].value == sum(row.value for row in rows[1:]) == Decimal("303.00")  # 6 entries of 50.50 in 2026


def test_progress_states_against_the_period_elapsed():
    def state(value, today, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), goal_value="100"):
        return progress_of(GoalTarget(measure="projects", target_value=Decimal(goal_value), period_start=start,
                                      period_end=end), value, today)

    half = state(50, datetime.date(2026, 7, 2))  # day 183 of 365
    assert half.elapsed == Decimal("50.1") and half.percent == Decimal("50.0") and half.state == State.BEHIND
    assert half.on_track is False and half.bar == Decimal("50.0")
    ahead = state(60, datetime.date(2026, 7, 2))
    assert ahead.state == State.ON_TRACK and ahead.on_track is True
    over = state(150, datetime.date(2026, 3, 1))
    assert over.state == State.REACHED and over.percent == Decimal("150.0") and over.bar == Decimal("100")
    assert state(99, datetime.date(2027, 1, 1)).state == State.MISSED
    early = state(0, datetime.date(2025, 12, 31))
    assert early.state == State.NOT_STARTED and early.on_track is None and early.elapsed == 0
    assert state(Decimal("33.33"), datetime.date(2026, 12, 31), goal_value="3").percent == Decimal("1111.0")


def test_reported_figures_beside_a_plain_recount(data):
    lj, jz = data["lj"], data["jz"]
    as_of = datetime.date(2026, 6, 10)  # the platform counts to the end of June
    same = figure(lj, measure="projects", value=str(recount("projects", [LJ], START, as_of)), as_of=as_of)
    double = figure(None, measure="agreements", value=str(2 * recount("agreements", [LJ, JZ, SB], START, as_of)),
                    as_of=as_of, basis="签约项目，含意向")
    zero = figure(jz, measure="trainees", value="0", as_of=datetime.date(2026, 3, 31))
    old = figure(lj, measure="agreement_amount", value="250", as_of=datetime.date(2018, 12, 31))
    rows = figure_comparisons(figures=[same, double, zero, old])
    expected = [recount("projects", [LJ], START, as_of), recount("agreements", [LJ, JZ, SB], START, as_of),
                recount("trainees", [JZ], START, datetime.date(2026, 3, 31)),
                recount("agreement_amount", [LJ], START, datetime.date(2018, 12, 31))]
    assert [row.computed for row in rows] == expected
    assert expected[2] > 0 and expected[3] == Decimal("300")
    assert (rows[0].difference, rows[0].percent, rows[0].exceeds) == (0, 0, False)
    assert rows[1].difference == -expected[1] and rows[1].percent == Decimal("-50.0") and rows[1].exceeds
    assert rows[2].percent is None and rows[2].exceeds  # nothing reported, something recorded
    assert rows[3].difference == Decimal("50") and rows[3].percent == Decimal("20.0") and rows[3].exceeds
    assert not figure_comparisons(figures=[old], tolerance=Decimal("20"))[0].exceeds
    assert rows[1].platform_basis == str(measures.BASES["agreements"]) and rows[1].figure.basis == "签约项目，含意向"
    assert rows[0].counted_to == datetime.date(2026, 6, 30)


# --- the pages ------------------------------------------------------------------------------------------------


def test_goals_overview_shows_every_goal_with_its_visible_targets(data, personas, client):
    lj_target = target(data["lj"], measure="projects", value="4")
    jz_target = target(data["jz"], measure="projects", value="4", goal_obj=goal("5"))
    programme = target(measure="events", value="20", goal_obj=goal("3"))
    client.force_login(personas["liaoning"])
    response = client.get(reverse("goals:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(f'data-goal="{code}"' in html for code in "1234567")
    assert f'data-target="{lj_target.pk}"' in html
    assert f'data-target="{jz_target.pk}"' not in html  # another region's pairing
    assert f'data-target="{programme.pk}"' not in html  # the programme's sum holds other regions' figures
    rows = {row.goal.code: row for row in goal_overview(user=personas["liaoning"])}
    assert [p.value for p in rows["6"].targets] == [recount("projects", [LJ], START, datetime.date(2026, 12, 31))]
    assert not rows["3"].targets and not rows["5"].targets
    assert "add-target" not in html and "add-goal" not in html  # the NDRC office's buttons
    assert client.get(reverse("goals:target_detail", args=[programme.pk])).status_code == 404
    national = {row.goal.code: row for row in goal_overview(user=personas["ndrc"])}
    assert [p.value for p in national["3"].targets] == [recount("events", [LJ, JZ, SB], *CASES[6][2:])]


def test_figure_list_highlights_the_difference_above_the_tolerance(data, personas, english_client):
    as_of = datetime.date(2026, 6, 10)
    same = figure(data["lj"], measure="projects", value=str(recount("projects", [LJ], START, as_of)), as_of=as_of)
    off = figure(data["lj"], measure="events", value="99", as_of=as_of, basis="含线上对接会")
    other = figure(data["jz"], measure="events", value="1", as_of=as_of)
    english_client.force_login(personas["jiangsu"])
    html = english_client.get(reverse("goals:figure_list")).content.decode()
    assert f'data-figure="{same.pk}"' in html and f'data-figure="{off.pk}"' in html
    assert f'data-figure="{other.pk}"' not in html
    assert html.count("data-over") == 1 and "above tolerance" in html and "含线上对接会" in html
    assert escape(str(measures.BASES["events"])) in html
    relaxed = english_client.get(reverse("goals:figure_list"), {"tolerance": "100"}).content.decode()
    assert "data-over" not in relaxed
    partial = english_client.get(reverse("goals:figure_list"), {"measure": "events"},
                                 HTTP_HX_REQUEST="true").content.decode()  # htmx: the table only
    assert "<html" not in partial and partial.count("data-figure=") == 1 and "data-over" in partial
    detail = english_client.get(reverse("goals:figure_detail", args=[off.pk])).content.decode()
    computed = recount("events", [LJ], START, as_of)
    assert f'id="computed-value">{computed}<' in detail and "Platform, 2017-03-01 to 2026-06-30" in detail


def test_pages_in_english(data, personas, english_client):
    target(data["lj"], measure="projects", value="1")
    target(measure="events", value="1000", goal_obj=goal("3"))
    english_client.force_login(personas["ndrc"])
    html = english_client.get(reverse("goals:overview")).content.decode()
    assert "Goals and progress" in html and "Whole programme" in html and "Reached" in html
    assert "Enter a goal" in html and "Set a target" in html
    html = english_client.get(reverse("goals:target_list")).content.decode()
    assert escape(str(measures.BASES["projects"])) in html and "Figures as of" in html


# --- query counts ---------------------------------------------------------------------------------------------

PAIRS_MORE = [("220100", "120000"), ("230000", "440000"), ("210200", "310000"), ("230100", "440300")]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("url", [reverse("goals:overview"), reverse("goals:target_list"),
                                 reverse("goals:target_list") + "?export=xlsx",
                                 reverse("api:goaltarget-list")])
def test_target_pages_ask_a_constant_number_of_queries(data, personas, client, url):
    client.force_login(personas["ndrc"])
    target(data["lj"], measure="projects", value="3")
    target(measure="events", value="3", goal_obj=goal("3"))
    few = _count(client, url)
    for n, pair in enumerate(PAIRS_MORE):
        for m, measure in enumerate(("projects", "trainees", "funds_in_place")):
            target(pairing(*pair), measure=measure, value="5", start=datetime.date(2026, 1 + n, 1),
                   end=datetime.date(2026, 12, 1 + m), goal_obj=goal(str(1 + m)))
        target(measure="parks", value="2", end=datetime.date(2027, 1 + n, 28), goal_obj=goal("5"))
    entered_goal()
    assert GoalTarget.objects.count() == 2 + 4 * 4
    assert _count(client, url) == few


@pytest.mark.parametrize("url", [reverse("goals:figure_list"), reverse("goals:figure_list") + "?export=xlsx",
                                 reverse("api:reportedfigure-list")])
def test_figure_pages_ask_a_constant_number_of_queries(data, personas, client, url):
    client.force_login(personas["liaoning"])
    figure(data["lj"], measure="projects", value="3")
    figure(None, measure="events", value="3")
    few = _count(client, url)
    for n in range(12):
        figure(data["lj"] if n % 2 else data["sb"], measure=measures.MEASURE_KEYS[n], value=str(n),
               as_of=datetime.date(2020 + n // 4, 1 + n, 1))
        figure(None, measure="agreements", value="9", as_of=datetime.date(2019, 1 + n, 5))
    assert _count(client, url) == few


# --- bad input ------------------------------------------------------------------------------------------------


def _error(exc_info, field):
    return " ".join(exc_info.value.message_dict[field])


def test_a_target_value_must_be_positive_and_a_count_whole(personas, db):
    ndrc, lj = personas["ndrc"], pairing(*LJ)
    base = {"goal": goal(), "measure": "projects", "pairing": lj, "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2026, 12, 31), "target_value": Decimal("0")}
    with pytest.raises(ValidationError) as caught:
        services.goal_target_create(user=ndrc, data=base)
    assert "above zero" in _error(caught, "target_value")
    with pytest.raises(ValidationError) as caught:
        services.goal_target_create(user=ndrc, data={**base, "target_value": Decimal("-5")})
    assert "above zero" in _error(caught, "target_value")
    with pytest.raises(ValidationError) as caught:
        services.goal_target_create(user=ndrc, data={**base, "target_value": Decimal("2.5")})
    assert "whole number" in _error(caught, "target_value")
    amount = services.goal_target_create(user=ndrc, data={**base, "measure": "planned_investment",
                                                          "target_value": Decimal("2.5")})
    assert amount.target_value == Decimal("2.5") and amount.created_by == ndrc
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="goals.goaltarget",
                                     object_id=str(amount.pk)).exists()


def test_a_period_must_end_after_it_starts(personas, db):
    data = {"goal": goal(), "measure": "projects", "pairing": None, "period_start": datetime.date(2026, 5, 1),
            "period_end": datetime.date(2026, 5, 1), "target_value": Decimal("3")}
    with pytest.raises(ValidationError) as caught:
        services.goal_target_create(user=personas["ndrc"], data=data)
    assert "end after it starts" in _error(caught, "period_end") and "2026-05-01" in _error(caught, "period_end")


def test_a_target_twice_is_refused(personas, db):
    data = {"goal": goal(), "measure": "projects", "pairing": None, "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2026, 12, 31), "target_value": Decimal("3")}
    services.goal_target_create(user=personas["ndrc"], data=data)
    with pytest.raises(ValidationError) as caught:
        services.goal_target_create(user=personas["ndrc"], data={**data, "target_value": Decimal("4")})
    assert "already has a target" in " ".join(caught.value.messages)


def test_only_the_ndrc_office_sets_targets(personas, client, db):
    data = {"goal": goal(), "measure": "projects", "pairing": pairing(*LJ),
            "period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 12, 31),
            "target_value": Decimal("3")}
    for name in ("liaoning", "cod"):
        with pytest.raises(PermissionDenied):
            services.goal_target_create(user=personas[name], data=data)
    client.force_login(personas["liaoning"])
    assert client.get(reverse("goals:target_create")).status_code == 403
    response = client.post(reverse("api:goaltarget-list"), {
        "goal": goal().pk, "measure": "projects", "pairing": pairing(*LJ).pk, "period_start": "2026-01-01",
        "period_end": "2026-12-31", "target_value": "3"}, content_type="application/json")
    assert response.status_code == 403 and not GoalTarget.objects.exists()


def test_the_target_form_and_api(personas, english_client, data):
    client = english_client
    client.force_login(personas["ndrc"])
    response = client.get(reverse("goals:target_create") + f"?goal={goal('6').pk}")
    assert response.status_code == 200 and 'value="2020-12-31"' in response.content.decode()
    response = client.post(reverse("goals:target_create"), {
        "goal": goal("6").pk, "measure": "projects", "pairing": "", "period_start": "2026-01-01",
        "period_end": "2025-12-31", "target_value": "0", "note": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert "above zero" in " ".join(form.errors["target_value"])
    assert "end after it starts" in " ".join(form.errors["period_end"])
    response = client.post(reverse("goals:target_create"), {
        "goal": goal("6").pk, "measure": "projects", "pairing": "", "period_start": "2026-01-01",
        "period_end": "2026-12-31", "target_value": "4", "note": "全国"})
    saved = GoalTarget.objects.get(note="全国")
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    assert saved.pairing is None
    body = client.get(reverse("api:goaltarget-detail", args=[saved.pk])).json()
    expected = recount("projects", [LJ, JZ, SB], datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert body["platform_value"] == str(expected) and body["state"] in {s for s in vars(State).values()
                                                                         if isinstance(s, str)}
    assert body["basis"] == str(measures.BASES["projects"])
    response = client.patch(reverse("api:goaltarget-detail", args=[saved.pk]),
                            {"platform_value": "999", "percent": "100", "note": "改", "version": saved.version},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["platform_value"] == str(expected)
    assert response.json()["note"] == "改"


FIGURE = {"measure": "agreements", "value": Decimal("12"), "as_of": datetime.date(2026, 6, 30),
          "source": "某某通报", "basis": "签约项目，含意向"}


def test_a_coordinator_records_figures_of_its_own_pairings_only(personas, client, db):
    jilin, lj, jz = personas["jilin"], pairing(*LJ), pairing(*JZ)
    with pytest.raises(ValidationError) as caught:
        services.reported_figure_create(user=jilin, data={**FIGURE, "pairing": lj})
    assert "No such pairing among yours" in _error(caught, "pairing")
    with pytest.raises(ValidationError) as caught:
        services.reported_figure_create(user=jilin, data={**FIGURE, "pairing": None})
    assert "Only the NDRC office enters figures of the programme" in _error(caught, "pairing")
    with pytest.raises(PermissionDenied):
        services.reported_figure_create(user=personas["liaoning_reporter"], data={**FIGURE, "pairing": lj})
    own = services.reported_figure_create(user=jilin, data={**FIGURE, "pairing": jz})
    assert own.recorded_by == jilin
    with pytest.raises(ValidationError) as caught:  # nor moved to another region's pairing
        services.reported_figure_update(user=jilin, figure=own, data={"pairing": lj}, expected_version=own.version)
    assert "No such pairing among yours" in _error(caught, "pairing")
    # both sides of the pairing see and edit the joint record
    zhejiang = services.reported_figure_update(user=personas["jilin"], figure=own, data={"note": "吉林补充"},
                                               expected_version=own.version)
    assert zhejiang.version == 2

    client.force_login(jilin)
    payload = {"measure": "agreements", "pairing": lj.pk, "value": "12", "as_of": "2026-06-30",
               "source": "某某通报", "basis": "签约项目"}
    response = client.post(reverse("api:reportedfigure-list"), payload, content_type="application/json")
    assert response.status_code == 400 and "pairing" in response.json()
    response = client.post(reverse("goals:figure_create"), {**payload, "note": ""})
    assert response.status_code == 200 and response.context["form"].errors["pairing"]
    theirs = figure(lj)
    assert client.get(reverse("goals:figure_update", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("api:reportedfigure-detail", args=[theirs.pk])).status_code == 404
    response = client.patch(reverse("api:reportedfigure-detail", args=[theirs.pk]), {"note": "x", "version": 1},
                            content_type="application/json")
    assert response.status_code == 404
    ndrc_wide = services.reported_figure_create(user=personas["ndrc"], data={**FIGURE, "pairing": None})
    assert ndrc_wide.pairing is None


def test_a_reported_figure_is_dated_in_the_programme_and_not_in_the_future(personas, db):
    ndrc, lj = personas["ndrc"], pairing(*LJ)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.reported_figure_create(user=ndrc, data={**FIGURE, "pairing": lj, "as_of": tomorrow})
    assert "cannot be in the future" in _error(caught, "as_of")
    with pytest.raises(ValidationError) as caught:
        services.reported_figure_create(user=ndrc, data={**FIGURE, "pairing": lj,
                                                        "as_of": datetime.date(2016, 12, 31)})
    assert "before the programme's start (2017-03-01)" in _error(caught, "as_of")
    with pytest.raises(ValidationError) as caught:
        services.reported_figure_create(user=ndrc, data={**FIGURE, "pairing": lj, "value": Decimal("-1")})
    assert "cannot be negative" in _error(caught, "value")
    with pytest.raises(ValidationError) as caught:
        services.reported_figure_create(user=ndrc, data={**FIGURE, "pairing": lj, "value": Decimal("1.5")})
    assert "whole number" in _error(caught, "value")
    with pytest.raises(ValidationError) as caught:
        services.reported_figure_create(user=ndrc, data={**FIGURE, "pairing": lj, "source": "", "basis": ""})
    assert set(caught.value.message_dict) >= {"source", "basis"}
    saved = services.reported_figure_create(user=ndrc, data={**FIGURE, "pairing": lj, "as_of": timezone.localdate()})
    assert saved.as_of == timezone.localdate()


def test_the_api_of_figures_computes_and_refuses_the_computed_fields(data, personas, client):
    client.force_login(personas["liaoning"])
    response = client.post(reverse("api:reportedfigure-list"), {
        "measure": "projects", "pairing": data["lj"].pk, "value": "2", "as_of": "2026-06-30", "source": "通报",
        "basis": "在库项目", "platform_value": "1000", "difference": "0"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    computed = recount("projects", [LJ], START, datetime.date(2026, 6, 30))
    assert body["platform_value"] == str(computed) and body["difference"] == str(computed - 2)
    assert body["above_tolerance"] is True and body["platform_basis"] == str(measures.BASES["projects"])
    listed = client.get(reverse("api:reportedfigure-list"), {"tolerance": "100"}).json()["results"]
    assert [row["above_tolerance"] for row in listed] == [False]
    assert ReportedFigure.objects.get().recorded_by == personas["liaoning"]


# --- goals ----------------------------------------------------------------------------------------------------


def test_the_ndrc_office_enters_a_later_goal(personas, english_client, db):
    client = english_client
    client.force_login(personas["ndrc"])
    document = PolicyDocument.objects.get(number="国办发〔2017〕22号")
    form = {"code": "2025-1", "title": "到2025年对口合作取得新成效", "title_en": "", "target_year": "2025",
            "text": "新的目标表述。", "document": document.pk}
    response = client.post(reverse("goals:goal_create"), form)
    created = Goal.objects.get(code="2025-1")
    assert response.status_code == 302 and response["Location"] == reverse("goals:goal_detail", args=[created.pk])
    assert EnteredGoal.objects.get(pk=created.pk).entered_by == personas["ndrc"]
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="regions.goal",
                                     object_id=str(created.pk)).exists()
    assert client.get(reverse("api:goal-list")).status_code == 200  # the catalogue's API lists it
    assert "2025-1" in client.get(reverse("api:goal-list")).content.decode()
    # a code taken, a year before the document
    response = client.post(reverse("goals:goal_create"), {**form, "code": "6", "target_year": "2016"})
    errors = response.context["form"].errors
    assert response.status_code == 200 and "code" in errors and "2017" in " ".join(errors["target_year"])
    # edited with its version; a stale version is refused
    response = client.post(reverse("goals:goal_update", args=[created.pk]),
                           {**form, "title": "改过的标题", "version": "1"})
    assert response.status_code == 302 and Goal.objects.get(pk=created.pk).title == "改过的标题"
    response = client.post(reverse("goals:goal_update", args=[created.pk]), {**form, "version": "1"})
    assert response.status_code == 200 and "changed by someone else" in response.content.decode()
    # with a target it cannot be deleted; without, it can
    attached = target(goal_obj=created)
    response = client.post(reverse("goals:goal_delete", args=[created.pk]))
    assert response.status_code == 302 and Goal.objects.filter(pk=created.pk).exists()
    attached.delete()
    response = client.post(reverse("goals:goal_delete", args=[created.pk]))
    assert response.status_code == 302 and not Goal.objects.filter(pk=created.pk).exists()
    assert not EnteredGoal.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="regions.goal").exists()


def test_the_founding_documents_goals_stay_read_only(personas, client, db):
    founding = goal("6")
    client.force_login(personas["ndrc"])
    assert client.get(reverse("goals:goal_update", args=[founding.pk])).status_code == 403
    assert client.post(reverse("goals:goal_delete", args=[founding.pk])).status_code == 404
    page = client.get(reverse("goals:goal_detail", args=[founding.pk])).content.decode()
    assert reverse("goals:goal_update", args=[founding.pk]) not in page
    with pytest.raises(PermissionDenied):
        services.goal_update(user=personas["ndrc"], goal=founding, data={"title": "x"}, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.goal_delete(user=personas["ndrc"], goal=founding)
    with pytest.raises(PermissionDenied):
        services.goal_create(user=personas["liaoning"], data={
            "code": "x", "title": "x", "target_year": 2025, "text": "x",
            "document": PolicyDocument.objects.get()})
    client.force_login(personas["liaoning"])
    assert client.get(reverse("goals:goal_create")).status_code == 403


# --- exports --------------------------------------------------------------------------------------------------


def _sheet(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def test_the_exports_read_back(data, personas, english_client):
    wide = target(measure="funds_in_place", value="100", goal_obj=goal("6"))
    as_of = datetime.date(2026, 6, 10)
    off = figure(data["lj"], measure="events", value="99", as_of=as_of, basis="含线上")
    english_client.force_login(personas["ndrc"])
    rows = _sheet(english_client.get(reverse("goals:target_list"), {"export": "xlsx"}))
    header = rows[0]
    assert header[:4] == ("Goal", "Target year", "Measure", "Pairing") and "Platform figure" in header
    (row,) = rows[1:]
    value = recount("funds_in_place", [LJ, JZ, SB], wide.period_start, wide.period_end)
    assert row[3] == "Whole programme" and Decimal(str(row[header.index("Platform figure")])) == value
    rows = _sheet(english_client.get(reverse("goals:figure_list"), {"export": "xlsx", "measure": "events"}))
    header, (row,) = rows[0], rows[1:]
    computed = recount("events", [LJ], START, as_of)
    assert row[header.index("Platform figure")] == computed
    assert Decimal(str(row[header.index("Difference (platform − reported)")])) == computed - 99
    assert row[header.index("Above tolerance")] == "Yes" and row[header.index("Reported counting basis")] == "含线上"
    assert off.pk and AuditEntry.objects.filter(action=AuditAction.EXPORT,
                                                object_type="goals.reportedfigure").exists()


def test_default_tolerance_is_five_percent():
    assert DEFAULT_TOLERANCE == Decimal("5")
