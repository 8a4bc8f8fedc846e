"""The figures per pairing and year (issue #5 item 6): cadres seconded each way, trainees by category,
events by kind, agreements signed and their amount, practices replicated and expert engagements; the same
on the figures page, the pairing's page and the .xlsx export; scoped (the wrong region gets a 404 and never
another pairing's row); a flat query count."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.testing import OrganisationFactory, pairing
from duikou.events.tests.factories import event, outcome
from duikou.reforms.models import ReplicationStatusChange
from duikou.reforms.tests.factories import practice, replication
from duikou.talent.tests.factories import engagement, expert

from ..models import Secondment
from ..selectors import pairing_year_figures
from .factories import secondment, training
from .test_secondments import people  # noqa: F401  (the personas of these tests)


@pytest.fixture
def records(db):
    """黑龙江–广东 in 2025 and 2026, and one record of 吉林–浙江 that must never show for 黑龙江–广东."""
    hg, jz = pairing("230000", "440000"), pairing("220000", "330000")
    hlj, gd = OrganisationFactory(region_id="230000"), OrganisationFactory(region_id="440000")
    secondment(hg, name="甲", home=hlj, host=gd, start=datetime.date(2026, 3, 1), status="ongoing")
    secondment(hg, name="乙", home=hlj, host=gd, start=datetime.date(2026, 5, 1), status="completed")
    secondment(hg, name="丙", home=gd, host=hlj, start=datetime.date(2026, 5, 1), status="ongoing",
               direction=Secondment.Direction.EAST_TO_NE)
    secondment(hg, name="丁", home=hlj, host=gd, start=datetime.date(2026, 9, 1), status="planned")  # not yet
    secondment(hg, name="戊", home=hlj, host=gd, start=datetime.date(2025, 2, 1), status="completed")
    training(hg, leaders=30, managers=0, technical=2)
    training(hg, leaders=0, managers=40, technical=8)
    training(hg, leaders=9, managers=9, technical=9, status="cancelled")  # not held: not counted
    tour = event(hg, title="东北行", kind="northeast_tour", start=datetime.date(2026, 7, 1))
    outcome(tour, hg, agreements=3, amount="12000.50")
    outcome(tour, hg, agreements=2, amount=None)
    expo = event(hg, jz, title="博览会", kind="expo", start=datetime.date(2026, 9, 1))
    outcome(expo, jz, agreements=7, amount="99999")  # 吉林–浙江's agreement at the shared expo
    event(hg, kind="forum", start=datetime.date(2025, 11, 1))
    copied = replication(practice("440000"), "230000", status="piloting", since=datetime.date(2025, 6, 1))
    ReplicationStatusChange.objects.create(replication=copied, from_status="piloting", to_status="replicated",
                                           on=datetime.date(2026, 4, 1))
    engagement(expert("440000"), region="230000", start=datetime.date(2026, 2, 1))
    secondment(jz, name="己", start=datetime.date(2026, 1, 1), status="ongoing")
    return {"hg": hg, "jz": jz}


def test_the_figures_add_up_from_the_records(records):
    rows = {(f.pairing_id, f.year): f for f in pairing_year_figures(pairing_ids=[records["hg"].pk])}
    assert set(rows) == {(records["hg"].pk, 2026), (records["hg"].pk, 2025)}
    now = rows[(records["hg"].pk, 2026)]
    assert (now.ne_to_east, now.east_to_ne) == (2, 1)
    assert (now.trainings, now.leaders, now.managers, now.technical, now.trainees) == (2, 30, 40, 10, 80)
    assert now.events_by_kind == {"northeast_tour": 1, "expo": 1} and now.events == 2
    assert now.agreements == 5 and now.agreement_amount == Decimal("12000.50")  # not 吉林–浙江's 7 at the expo
    assert now.replicated == 1 and now.engagements == 1
    before = rows[(records["hg"].pk, 2025)]
    assert (before.ne_to_east, before.events_by_kind, before.replicated) == (1, {"forum": 1}, 0)
    everyone = {(f.pairing_id, f.year) for f in pairing_year_figures()}
    assert (records["jz"].pk, 2026) in everyone
    assert [f.year for f in pairing_year_figures(pairing_ids=[records["hg"].pk], years={2025})] == [2025]


def test_the_page_and_the_export_show_them_scoped(records, people, client):  # noqa: F811
    hg, jz = records["hg"], records["jz"]
    url = reverse("exchanges:figures")
    for name in ("heilongjiang", "guangdong", "ndrc", "cod", "heilongjiang_reporter"):
        client.force_login(people[name])
        page = client.get(url, {"pairing": hg.pk}).content.decode()
        assert f'data-pairing="{hg.pk}"' in page and 'data-year="2026"' in page, name
    client.force_login(people["jilin"])
    assert client.get(url, {"pairing": hg.pk}).status_code == 404
    assert client.get(url, {"pairing": "x"}).status_code == 404
    page = client.get(url).content.decode()
    assert f'data-pairing="{jz.pk}"' in page and f'data-pairing="{hg.pk}"' not in page
    response = client.get(url, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert all(str(hg) not in str(row[0]) for row in rows[1:]) and len(rows) == 2

    client.force_login(people["heilongjiang"])
    response = client.get(url, {"pairing": hg.pk, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    header, latest = rows[0], rows[1]
    values = dict(zip(header, latest, strict=True))
    assert latest[1] == 2026 and len(rows) == 3
    assert [values[h] for h in header[2:9]] == [2, 1, 2, 30, 40, 10, 80]
    assert latest[-4] == 5 and Decimal(str(latest[-3])) == Decimal("12000.5")
    assert latest[-2:] == (1, 1)
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, actor_username="heilongjiang").exists()


def test_the_pairing_page_shows_its_figures_only_to_those_who_may(records, people, client):  # noqa: F811
    hg = records["hg"]
    client.force_login(people["guangdong"])
    page = client.get(hg.get_absolute_url()).content.decode()
    assert 'id="pairing-figures"' in page and 'data-year="2026"' in page and 'id="pairing-figures-xlsx"' in page
    client.force_login(people["jilin"])
    page = client.get(hg.get_absolute_url()).content.decode()
    assert 'id="pairing-figures"' not in page
    client.logout()
    assert 'id="pairing-figures"' not in client.get(hg.get_absolute_url()).content.decode()
    assert client.get(reverse("exchanges:figures")).status_code == 302  # to the login page


def test_query_counts_do_not_grow_with_the_records(records, people, client):  # noqa: F811
    client.force_login(people["ndrc"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("exchanges:figures")).status_code == 200
        return len(queries)

    few = count()
    for year in range(2019, 2025):
        for kind in ("forum", "expo", "theme_day"):
            outcome(event(records["hg"], pairing("210000", "320000"), kind=kind, start=datetime.date(year, 5, 1)),
                    records["hg"])
        secondment(records["jz"], name=f"名{year}", start=datetime.date(year, 1, 1), status="completed")
        training(pairing("210100", "110000"), start=datetime.date(year, 3, 1), end=datetime.date(year, 3, 5))
    assert count() == few
