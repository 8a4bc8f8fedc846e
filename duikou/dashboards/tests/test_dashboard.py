"""The dashboard (issue #7): a regional dashboard is exactly the national one filtered to the region's pairings
and never shows another region's numbers; a constant number of queries whatever the pairings and records (read
from the facts of the last refresh); the pairing filter scoped; the page for every persona, the refresh button for
the NDRC office only, the API scoped, the .xlsx export read back, the map setting honoured."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import pairing
from duikou.events.tests.factories import event, outcome
from duikou.exchanges.tests.factories import secondment, training
from duikou.funding.models import FundingEntry
from duikou.parks.tests.factories import ParkFactory
from duikou.plans.tests.factories import PlanFactory, PlanItemFactory
from duikou.projects.models import ProjectReport
from duikou.projects.tests.factories import ProjectFactory
from duikou.reforms.models import ReplicationStatusChange
from duikou.reforms.tests.factories import practice, replication

from ..selectors import MEASURE_KEYS, dashboard_figures
from ..services import figures_refresh

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
PAIRS = [
    ("210000", "320000"),
    ("220000", "330000"),
    ("210100", "110000"),
    ("210200", "310000"),
    ("220100", "120000"),
    ("230000", "440000"),
]


def populate(pair, *, weight=1):
    """One of every record a dashboard counts for the pairing, ``weight`` times."""
    p = pairing(*pair)
    for n in range(weight):
        project = ProjectFactory(
            pairing=p,
            location_id=p.northeast_id,
            planned_investment=1000 * (n + 1),
            stage="signed" if n % 2 else "started",
        )
        ProjectReport.objects.create(
            project=project,
            period="2026-05",
            investment_in_period=100 + n,
            investment_cumulative=100 + n,
            narrative="进展",
        )
        ProjectReport.objects.create(
            project=project,
            period="2025-05",
            investment_in_period=7,  # outside
            investment_cumulative=7,
            narrative="进展",
        )
        FundingEntry.objects.create(
            project=project,
            pairing=p,
            source="central_budget",
            stage="in_place",
            amount=Decimal("50"),
            on=datetime.date(2026, 6, 1),
        )
        ParkFactory(pairing=p, host_region_id=p.northeast_id, partner_region_id=p.east_id)
        secondment(p, start=datetime.date(2026, 3, 1), status="ongoing")
        training(p, leaders=3, managers=2, technical=1)
        ev = event(p, start=datetime.date(2026, 7, 1))
        outcome(ev, p, agreements=2, amount="300")
        copied = replication(
            practice(p.east_id), p.northeast_id, status="piloting", since=datetime.date(2025, 6, 1)
        )
        ReplicationStatusChange.objects.create(
            replication=copied, from_status="piloting", to_status="replicated", on=datetime.date(2026, 4, 1)
        )
        PlanItemFactory(plan=PlanFactory(pairing=p))
    return p


@pytest.fixture
def data(db):
    made = {pair: populate(pair, weight=index + 1) for index, pair in enumerate(PAIRS[:3])}
    figures_refresh()
    return made


def test_the_regional_dashboard_is_the_national_one_filtered(data, personas):
    national = dashboard_figures(user=personas["ndrc"], start=START, end=END)
    liaoning = dashboard_figures(user=personas["liaoning"], start=START, end=END)
    jilin = dashboard_figures(user=personas["jilin"], start=START, end=END)
    assert national.national and not liaoning.national
    own = {row.pairing_id for row in liaoning.pairings}
    assert own == set(personas["liaoning"].scope.pairing_ids)
    jz = data[("220000", "330000")].pk
    assert jz not in own and jz in {row.pairing_id for row in national.pairings}
    for key in MEASURE_KEYS:
        expected = sum(
            (national.by_pairing(pk).values[key] for pk in own),
            Decimal(0)
            if key in ("planned_investment", "investment_completed", "funds_in_place", "agreement_amount")
            else 0,
        )
        assert liaoning.totals[key] == expected, key
        for pk in own:
            assert liaoning.by_pairing(pk).values == national.by_pairing(pk).values
    assert liaoning.totals["projects"] == 1 + 3  # 辽宁–江苏 once, 沈阳–北京 three times
    assert liaoning.totals["investment_completed"] == Decimal(100 + 100 + 101 + 102)  # 2025 left out
    assert liaoning.totals["cadres_ne_to_east"] == 4 and liaoning.totals["trainees"] == 24
    assert liaoning.totals["agreements"] == 8 and liaoning.totals["replicated"] == 4
    assert sum(liaoning.stages.values()) == liaoning.totals["projects"]
    assert sum(liaoning.lights.values()) == liaoning.totals["plan_items"] == 4
    jilin_own = {row.pairing_id for row in jilin.pairings}
    assert jz in jilin_own and not jilin_own & own  # 吉林–浙江 and 长春–天津, none of liaoning's
    assert jilin.totals["projects"] == 2 and jilin.totals["investment_completed"] == Decimal(201)
    for key in MEASURE_KEYS:
        assert national.totals[key] == sum(
            (row.values[key] for row in national.pairings), national.totals[key] * 0
        )
        assert national.totals[key] == liaoning.totals[key] + jilin.totals[key], (
            key
        )  # the 3 pairings with data
    assert sum(row["projects"] for row in national.months) == 6
    assert next(row for row in liaoning.months if row["month"] == "2026-05")["investment_completed"] == 403


def test_the_period_and_the_tier_apply_to_everything(data, personas):
    ndrc = personas["ndrc"]
    empty = dashboard_figures(user=ndrc, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31))
    assert (
        empty.totals["investment_completed"] == 0
        and empty.totals["events"] == 0
        and empty.totals["projects"] == 0
    )
    cities = dashboard_figures(user=ndrc, start=START, end=END, tier="city")
    assert {row.pairing.tier for row in cities.pairings} == {"city"}
    assert cities.totals["projects"] == 3
    nobody = dashboard_figures(user=personas["sysadmin"], start=START, end=END)
    assert nobody.pairings == [] and nobody.totals["projects"] == 0


def _count(user):
    with CaptureQueriesContext(connection) as queries:
        dashboard_figures(user=user, start=START, end=END)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_pairings_and_records(db, personas, client):
    ndrc = personas["ndrc"]
    ndrc.scope  # noqa: B018  (built once per user, outside the count)
    for pair in PAIRS[:2]:
        populate(pair)
    figures_refresh()
    few = _count(ndrc)
    client.force_login(ndrc)
    with CaptureQueriesContext(connection) as page_few:
        assert client.get(reverse("dashboards:dashboard")).status_code == 200
    for index, pair in enumerate(PAIRS):
        populate(pair, weight=index + 2)
    figures_refresh()
    assert dashboard_figures(user=ndrc, start=START, end=END).totals["projects"] > 20
    assert _count(ndrc) == few <= 6
    with CaptureQueriesContext(connection) as page_many:
        assert client.get(reverse("dashboards:dashboard")).status_code == 200
    assert len(page_many) == len(page_few)


@pytest.mark.parametrize("name", ["ndrc", "cod", "liaoning", "jilin", "liaoning_reporter"])
def test_the_page_renders_for_every_persona(data, personas, client, name):
    client.force_login(personas[name])
    page = client.get(
        reverse("dashboards:dashboard"),
        {"start": "2026-01-01", "end": "2026-12-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        'id="chart-map"' in html and 'id="dashboard-data"' in html and "vendor/echarts/echarts.min.js" in html
    )
    assert ("National dashboard" if name in ("ndrc", "cod") else "Regional dashboard") in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing loaded from another server
    jz = str(data[("220000", "330000")])
    assert (jz in html) == (name in ("ndrc", "cod", "jilin"))
    assert client.get(reverse("dashboards:dashboard"), {"print": "1"}).content.decode().count("dk-print") >= 1


def test_anonymous_is_sent_to_the_login_page_and_refused_by_the_api(client, db):
    response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("api:dashboard")).status_code in (401, 403)


def test_the_api_is_scoped(data, personas, client):
    client.force_login(personas["liaoning"])
    body = client.get(reverse("api:dashboard"), {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert body["national"] is False and body["totals"]["projects"] == 4
    assert {row["pairing"] for row in body["pairings"]} == set(personas["liaoning"].scope.pairing_ids)
    assert data[("220000", "330000")].pk not in {row["pairing"] for row in body["pairings"]}
    client.force_login(personas["ndrc"])
    body = client.get(reverse("api:dashboard"), {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert body["totals"]["projects"] == 6 and Decimal(body["totals"]["investment_completed"]) == Decimal(604)
    assert (
        client.get(reverse("api:dashboard"), {"start": "2026-12-31", "end": "2026-01-01"}).status_code == 400
    )


def test_the_xlsx_export_has_every_table_and_is_audited(data, personas, client):
    client.force_login(personas["liaoning"])
    response = client.get(
        reverse("dashboards:dashboard"),
        {"start": "2026-01-01", "end": "2026-12-31", "export": "xlsx"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == [
        "Headline figures",
        "By pairing",
        "Projects by stage",
        "Plan items by light",
        "By key task",
        "By month",
        "By year",
    ]
    headline = {row[0]: row[1] for row in book["Headline figures"].iter_rows(min_row=2, values_only=True)}
    assert (
        headline["Projects"] == 4
        and Decimal(str(headline["Investment completed in the period (10,000 yuan)"])) == 403
    )
    pairings = [row[0] for row in book["By pairing"].iter_rows(min_row=2, values_only=True)]
    assert str(data[("220000", "330000")]) not in pairings and len(pairings) == 3
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="dashboards.dashboard")
    assert entry.actor == personas["liaoning"]


def test_the_map_file_is_configurable(data, personas, client, settings):
    client.force_login(personas["ndrc"])
    html = client.get(reverse("dashboards:dashboard")).content.decode()
    assert "vendor/maps/china.json" in html
    settings.DUIKOU_MAP_GEOJSON = "/approved-maps/china-2024.json"
    html = client.get(reverse("dashboards:dashboard")).content.decode()
    assert "/approved-maps/china-2024.json" in html and "vendor/maps/china.json" not in html


def test_the_sidebar_links_the_dashboard(personas, client):
    client.force_login(personas["jilin"])
    assert reverse("dashboards:dashboard") in client.get(reverse("core:home")).content.decode()


def test_every_demo_side_has_a_point_for_its_arc(db):
    from duikou.regions.models import Pairing

    from ..maps import seat

    for p in Pairing.objects.exclude(east=None):
        assert seat(p.northeast_id) and seat(p.east_id), p
    assert seat("210700") and seat("230600") == seat("230000")  # 大庆 at 黑龙江's seat
