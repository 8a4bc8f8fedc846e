"""The funding ledger: entries refused with the field named, the in-place rate per project, park, pairing
and source computed from the entries (checked against sums written out by hand), scoping of the rates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.accounts.models import RoleGrant
from duikou.core.testing import OrganisationFactory, UserFactory, pairing
from duikou.parks.tests.factories import ParkFactory
from duikou.projects.tests.factories import ProjectFactory

from .. import services
from ..models import FundingEntry
from ..selectors import funding_rates, funding_totals


def person(username, role, region, organisation=None):
    user = UserFactory(username=username, organisation=organisation or OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(db):
    return {"harbin": person("harbin", "coordinator", "230100"), "shenzhen": person("shenzhen", "coordinator", "440300"),
            "dalian": person("dalian", "coordinator", "210200"), "ndrc": person("ndrc", "national_admin", None)}


@pytest.fixture
def ledger(people):
    hs = pairing("230100", "440300")
    project = ProjectFactory(pairing=hs, location_id="230100", title="深哈新能源汽车零部件项目")
    park = ParkFactory(pairing=hs, host_region_id="230100", partner_region_id="440300", name="深哈园区")
    other = ProjectFactory(pairing=pairing("210200", "310000"), location_id="210200", title="大连项目")
    rows = [  # (target, source, stage, amount)
        (project, "central_budget", "committed", "5000"), (project, "central_budget", "in_place", "3000"),
        (project, "bank_loan", "committed", "20000"), (project, "bank_loan", "in_place", "5000"),
        (project, "own_funds", "planned", "8000"),
        (park, "central_budget", "committed", "2000"), (park, "central_budget", "in_place", "2000"),
        (park, "social_capital", "committed", "1000"),
        (other, "bank_loan", "committed", "999"), (other, "bank_loan", "in_place", "999"),
    ]
    for target, source, stage, amount in rows:
        field = "project" if target._meta.model_name == "project" else "park"
        FundingEntry.objects.create(**{field: target}, pairing=target.pairing, source=source, stage=stage,
                                    amount=Decimal(amount), on=datetime.date(2026, 6, 1))
    return {"project": project, "park": park, "other": other}


def test_rates_per_source_project_park_and_pairing(ledger, people):
    entries = FundingEntry.objects.for_user(people["harbin"], "view")
    by_source = {r["source"]: r for r in funding_rates(entries=entries, by="source")}
    assert by_source["central_budget"]["committed"] == 5000 + 2000
    assert by_source["central_budget"]["in_place"] == 3000 + 2000
    assert by_source["central_budget"]["rate"] == Decimal("71.4")  # 5000 / 7000
    assert by_source["bank_loan"]["rate"] == Decimal("25.0")  # 5000 / 20000: dalian's loan is not in scope
    assert by_source["own_funds"]["rate"] is None and by_source["own_funds"]["planned"] == 8000
    by_project = funding_rates(entries=entries, by="project")
    assert [(r["key"], r["committed"], r["in_place"]) for r in by_project] == [(ledger["project"].pk, 25000, 8000)]
    (park_row,) = funding_rates(entries=entries, by="park")
    assert (park_row["committed"], park_row["in_place"], park_row["rate"]) == (3000, 2000, Decimal("66.7"))
    (pairing_row,) = funding_rates(entries=entries, by="pairing")
    assert (pairing_row["committed"], pairing_row["in_place"], pairing_row["entries"]) == (28000, 10000, 8)
    totals = funding_totals(entries=FundingEntry.objects.for_user(people["ndrc"], "view"))
    assert (totals["committed"], totals["in_place"]) == (28999, 10999)


def test_bad_entries_are_refused_with_the_field_named(ledger, people):
    data = {"project": ledger["other"], "source": "bank_loan", "stage": "committed", "amount": Decimal(10),
            "on": datetime.date(2026, 6, 1)}
    with pytest.raises(ValidationError) as error:  # a project outside the user's region reads as not existing
        services.funding_entry_create(user=people["harbin"], data=data)
    assert list(error.value.message_dict) == ["project"]
    data["project"] = ledger["project"]
    with pytest.raises(ValidationError) as error:
        services.funding_entry_create(user=people["harbin"], data={**data, "amount": Decimal(-5)})
    assert "amount" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.funding_entry_create(user=people["harbin"], data={**data, "stage": "in_place",
                                                                   "on": datetime.date(2099, 1, 1)})
    assert "on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.funding_entry_create(user=people["harbin"], data={**data, "park": ledger["park"]})
    assert "project" in error.value.message_dict
    reporter = person("enterprise", "reporter", "230100")
    with pytest.raises(ValidationError) as error:
        services.funding_entry_create(user=reporter, data=data)
    assert list(error.value.message_dict) == ["project"]
    host_reporter = person("host", "reporter", "230100", organisation=ledger["project"].host_organisation)
    entry = services.funding_entry_create(user=host_reporter, data=data)
    assert entry.pairing == ledger["project"].pairing and entry.recorded_by == host_reporter


def test_the_api_and_pages_are_scoped(ledger, people, client):
    client.force_login(people["dalian"])
    response = client.post("/api/v1/funding/", {"project": ledger["project"].pk, "source": "bank_loan",
                                                "stage": "committed", "amount": "10", "on": "2026-06-01"},
                           content_type="application/json")
    assert response.status_code == 400 and "project" in response.json()
    rows = client.get("/api/v1/funding/rates/?by=pairing").json()["results"]
    assert [r["committed"] for r in rows] == ["999.00"]
    assert client.get(reverse("funding:entry_create") + f"?project={ledger['project'].pk}").status_code == 404
    client.force_login(people["harbin"])
    response = client.get("/api/v1/funding/rates/", {"by": "source", "stage": "committed"})
    assert response.status_code == 200
    assert {r["key"]: r["committed"] for r in response.json()["results"]} == {
        "central_budget": "7000.00", "bank_loan": "20000.00", "social_capital": "1000.00"}
    assert client.get("/api/v1/funding/rates/?by=nothing").status_code == 400
    page = client.get(reverse("funding:rates") + "?by=source").content.decode()
    assert "71.4 %" in page and "999" not in page
    response = client.post(reverse("funding:entry_create") + f"?park={ledger['park'].pk}", {
        "park": ledger["park"].pk, "source": "industry_fund", "stage": "committed", "amount": "300",
        "on": "2026-06-02", "document_number": "哈深基金〔2026〕1号"})
    assert response.status_code == 302 and response["Location"].endswith(ledger["park"].get_absolute_url() + "#funding")
    assert "哈深基金〔2026〕1号" in client.get(ledger["park"].get_absolute_url()).content.decode()


def test_a_stale_edit_is_a_conflict(ledger, people, client):
    entry = FundingEntry.objects.filter(project=ledger["project"]).first()
    client.force_login(people["harbin"])
    url = f"/api/v1/funding/{entry.pk}/"
    assert client.patch(url, {"note": "第一次", "version": entry.version}, content_type="application/json").status_code == 200
    response = client.patch(url, {"note": "第二次", "version": entry.version}, content_type="application/json")
    assert response.status_code == 409
    entry.refresh_from_db()
    assert entry.note == "第一次"


@pytest.mark.parametrize("url_name", ["funding:entry_list", "funding:rates"])
def test_query_counts_do_not_grow_with_rows(people, client, url_name):
    client.force_login(people["harbin"])
    hs = pairing("230100", "440300")

    def add(n):
        for _ in range(n):
            project = ProjectFactory(pairing=hs, location_id="230100")
            FundingEntry.objects.create(project=project, pairing=hs, source="bank_loan", stage="committed",
                                        amount=10, on=datetime.date(2026, 1, 1))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name) + "?by=project").status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(20)
    assert count() == few


def test_a_project_or_park_with_funding_is_not_deleted(ledger, people, client):
    from duikou.parks import services as park_services
    from duikou.projects import services as project_services

    with pytest.raises(ValidationError):
        project_services.project_delete(user=people["harbin"], project=ledger["project"])
    with pytest.raises(ValidationError):
        park_services.park_delete(user=people["harbin"], park=ledger["park"])
    client.force_login(people["harbin"])
    response = client.post(reverse("parks:park_delete", args=[ledger["park"].pk]))
    assert response.status_code == 302 and response["Location"] == ledger["park"].get_absolute_url()
    response = client.delete(f"/api/v1/projects/{ledger['project'].pk}/")
    assert response.status_code == 400


def test_the_filtered_ledger_exports_to_xlsx(ledger, people, client):
    import io

    from openpyxl import load_workbook

    client.force_login(people["harbin"])
    response = client.get(reverse("funding:entry_list"), {"stage": "in_place", "export": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    amounts = sorted(row[6] for row in rows[1:])
    assert amounts == [2000, 3000, 5000]  # in place, in harbin's pairing only (not dalian's 999)


def test_rates_by_project_come_a_page_at_a_time(people, client):
    hs = pairing("230100", "440300")
    for index in range(55):
        project = ProjectFactory(pairing=hs, location_id="230100", title=f"项目{index:02d}")
        FundingEntry.objects.create(project=project, pairing=hs, source="bank_loan", stage="committed",
                                    amount=10 + index, on=datetime.date(2026, 1, 1))
    client.force_login(people["harbin"])
    page = client.get(reverse("funding:rates"), {"by": "project"})
    assert len(page.context["rows"]) == 50 and page.context["paginator"].count == 55
    assert page.context["totals"]["committed"] == sum(10 + i for i in range(55))  # the totals are of every group
    second = client.get(reverse("funding:rates"), {"by": "project", "page": 2})
    assert [row["label"] for row in second.context["rows"]] == [f"项目{i:02d}" for i in range(50, 55)]
    body = client.get("/api/v1/funding/rates/", {"by": "project", "page_size": 20}).json()
    assert body["count"] == 55 and len(body["results"]) == 20 and body["results"][0]["label"] == "项目00"
