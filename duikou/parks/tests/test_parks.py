"""Parks: the registry's rules, a month's figures and their correction, coordination requests raised on a
park, and flat query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.accounts.models import RoleGrant
from duikou.core.services import ConflictError
from duikou.core.testing import OrganisationFactory, UserFactory, pairing
from duikou.notifications.models import Notification
from duikou.projects import services as project_services
from duikou.projects.models import CoordinationRequest
from duikou.projects.tests.factories import ProjectFactory

from .. import services
from ..models import Park
from .factories import ParkFactory, figure


def person(username, role, region, organisation=None):
    user = UserFactory(username=username, organisation=organisation or OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(db):
    return {"harbin": person("harbin", "coordinator", "230100"), "shenzhen": person("shenzhen", "coordinator", "440300"),
            "ndrc": person("ndrc", "national_admin", None), "dalian": person("dalian", "coordinator", "210200")}


@pytest.fixture
def park(people):
    return ParkFactory(pairing=pairing("230100", "440300"), name="深哈产业合作园区", kind=Park.Kind.ENCLAVE,
                       host_region_id="230100", partner_region_id="440300", is_key=True,
                       green_channel_officer=people["harbin"],
                       operator=OrganisationFactory(name="深哈园区管委会", region_id="230100"))


def park_data(**values):
    return {"pairing": pairing("230100", "440300"), "name": "新园区", "kind": Park.Kind.DEMONSTRATION,
            "host_region_id": "230100", "partner_region_id": "440300",
            "management_model": Park.Model.JOINT_COMMITTEE, **values}


def test_the_partner_region_is_on_the_other_side(people):
    from duikou.regions.models import Region

    data = park_data()
    data.pop("host_region_id"), data.pop("partner_region_id")
    harbin = Region.objects.get(code="230100")
    with pytest.raises(ValidationError) as error:
        services.park_create(user=people["harbin"], data={**data, "host_region": harbin, "partner_region": harbin})
    assert "partner_region" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.park_create(user=people["harbin"], data={**data, "host_region": Region.objects.get(code="210200"),
                                                          "partner_region": Region.objects.get(code="440300")})
    assert "host_region" in error.value.message_dict and "大连" in error.value.message_dict["host_region"][0]
    with pytest.raises(ValidationError) as error:
        services.park_create(user=people["harbin"], data={**data, "host_region": harbin, "is_key": True,
                                                          "partner_region": Region.objects.get(code="440300")})
    assert "green_channel_officer" in error.value.message_dict


def test_a_month_is_reported_once_and_corrected_with_its_version(park, people):
    operator_reporter = person("park", "reporter", "230100", organisation=park.operator)
    values = {"period": "2026-05", "output_value": Decimal(1000), "tax_revenue": Decimal(80), "gdp": Decimal(300),
              "employment": 120, "basis": "园区管委会统计"}
    first = services.park_figure_record(user=operator_reporter, park=park, data=values)
    corrected = services.park_figure_record(user=people["harbin"], park=park, data={**values, "tax_revenue": Decimal(85)},
                                            expected_version=first.version)
    assert corrected.pk == first.pk and corrected.tax_revenue == 85 and park.figures.count() == 1
    with pytest.raises(ConflictError):  # a second correction from the stale version is refused
        services.park_figure_record(user=operator_reporter, park=park, data={**values, "tax_revenue": Decimal(90)},
                                    expected_version=first.version)
    assert park.figures.get().tax_revenue == 85
    with pytest.raises(ValidationError) as error:
        services.park_figure_record(user=people["harbin"], park=park, data={**values, "period": "2099-01"})
    assert "period" in error.value.message_dict
    other_reporter = person("other", "reporter", "230100")
    with pytest.raises(PermissionDenied):
        services.park_figure_record(user=other_reporter, park=park, data={**values, "period": "2026-04"})


def test_a_project_settles_only_in_a_park_of_its_pairing(park, people):
    other = ParkFactory(pairing=pairing("210000", "320000"))
    project = ProjectFactory(pairing=park.pairing, location_id="230100")
    with pytest.raises(ValidationError) as error:
        project_services.project_update(user=people["harbin"], project=project, data={"park": other},
                                        expected_version=None)
    assert "park" in error.value.message_dict
    project_services.project_update(user=people["harbin"], project=project, data={"park": park}, expected_version=None)
    with pytest.raises(ValidationError):
        services.park_delete(user=people["harbin"], park=park)


def test_a_request_on_a_park_goes_to_its_officer_and_escalates(park, people, client):
    request = project_services.coordination_request_create(user=people["shenzhen"], park=park, data={
        "kind": "land", "title": "园区用地指标", "description": "二期用地指标需省里协调"})
    assert request.pairing == park.pairing and request.officer == people["harbin"]
    assert Notification.objects.filter(recipient=people["harbin"], kind="request_raised").exists()
    call_command("coordination_escalate", today=(request.due_on + datetime.timedelta(days=1)).isoformat())
    assert Notification.objects.filter(recipient=people["ndrc"], kind="overdue").exists()
    assert Notification.objects.filter(recipient=people["shenzhen"], kind="overdue").exists()
    client.force_login(people["dalian"])
    assert client.get(request.get_absolute_url()).status_code == 404
    assert client.get(park.get_absolute_url()).status_code == 404
    assert client.get(reverse("projects:park_request_create", args=[park.pk])).status_code == 404
    assert client.get(f"/api/v1/coordination-requests/{request.pk}/").status_code == 404
    assert client.post("/api/v1/coordination-requests/", {"park": park.pk, "kind": "land", "title": "x",
                                                          "description": "x"}).status_code == 400
    client.force_login(people["harbin"])
    page = client.get(park.get_absolute_url()).content.decode()
    assert "园区用地指标" in page
    response = client.post(f"/api/v1/coordination-requests/{request.pk}/answer/", {"answer": "已列入省级用地计划"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "answered"
    assert CoordinationRequest.objects.get(pk=request.pk).answered_by == people["harbin"]


def test_parks_through_the_api(people, client):
    client.force_login(people["shenzhen"])
    payload = {"pairing": pairing("230100", "440300").pk, "name": "深哈园区二期", "kind": "enclave",
               "host_region": "230100", "partner_region": "230100", "management_model": "company"}
    response = client.post("/api/v1/parks/", payload, content_type="application/json")
    assert response.status_code == 400 and "partner_region" in response.json()
    response = client.post("/api/v1/parks/", {**payload, "partner_region": "440300"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    park_id = response.json()["id"]
    response = client.post(f"/api/v1/parks/{park_id}/figures/", {
        "period": "2026-03", "output_value": "1000", "tax_revenue": "80", "gdp": "300", "employment": 10,
        "basis": "园区统计"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    response = client.post("/api/v1/benefit-agreements/", {
        "park": park_id, "title": "分成协议", "signed_on": "2026-01-01", "effective_from": "2026-01-01",
        "tax_host": "40", "tax_partner": "50", "gdp_host": "50", "gdp_partner": "50"}, content_type="application/json")
    assert response.status_code == 400 and "tax_partner" in response.json()
    client.force_login(people["dalian"])
    assert client.get(f"/api/v1/parks/{park_id}/figures/").status_code == 404
    assert client.get(f"/api/v1/parks/{park_id}/ledger/").status_code == 404
    assert client.post(f"/api/v1/parks/{park_id}/figures/", {}, content_type="application/json").status_code == 404


def test_the_figure_form_shows_what_is_wrong(park, people, client):
    client.force_login(people["harbin"])
    url = reverse("parks:figure_record", args=[park.pk])
    response = client.post(url, {"period": "2026-13", "output_value": "-1", "tax_revenue": "1", "gdp": "1",
                                 "employment": "1", "basis": "x"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"period", "output_value"}
    response = client.post(url, {"period": "2026-04", "output_value": "1", "tax_revenue": "1", "gdp": "1",
                                 "employment": "1", "basis": "x"})
    assert response.status_code == 302 and park.figures.count() == 1


@pytest.mark.parametrize("url_name", ["parks:park_list", "parks:park_detail"])
def test_query_counts_do_not_grow_with_rows(people, client, url_name):
    client.force_login(people["harbin"])

    def build(n):
        parks = [ParkFactory(pairing=pairing("230100", "440300"), host_region_id="230100", partner_region_id="440300")
                 for _ in range(n)]
        for i in range(n):
            figure(parks[0], period=f"2025-{i % 12 + 1:02d}") if i < 12 else None
            ProjectFactory(pairing=parks[0].pairing, location_id="230100", park=parks[0])
        return parks[0]

    def count(park):
        url = reverse(url_name, args=[park.pk]) if url_name.endswith("detail") else reverse(url_name)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count(build(2))
    many = count(build(12))
    assert many == few


def test_the_filtered_park_list_exports_to_xlsx(park, people, client):
    import io

    from openpyxl import load_workbook

    ParkFactory(pairing=pairing("210200", "310000"), name="大连园区", host_region_id="210200",
                partner_region_id="310000")
    ParkFactory(pairing=park.pairing, name="深哈示范园", host_region_id="230100", partner_region_id="440300")
    client.force_login(people["harbin"])
    response = client.get(reverse("parks:park_list"), {"kind": "enclave", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "深哈产业合作园区"
    client.force_login(people["dalian"])
    response = client.get(reverse("parks:park_list"), {"export": "xlsx"})
    names = [row[0] for row in load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
        min_row=2, values_only=True)]
    assert names == ["大连园区"]


def test_parks_are_found_by_search_within_scope(people, client):
    from duikou.regions.models import Region

    data = park_data(name="哈深飞地园区", description="重点发展新能源汽车零部件和冷链物流")
    data.pop("host_region_id"), data.pop("partner_region_id")
    park = services.park_create(user=people["harbin"], data={
        **data, "host_region": Region.objects.get(code="230100"), "partner_region": Region.objects.get(code="440300")})
    client.force_login(people["shenzhen"])
    hits = client.get("/api/v1/search/", {"q": "能源", "kind": "park"}).json()["results"]
    assert [(hit["kind"], hit["id"]) for hit in hits] == [("park", park.pk)]
    services.park_update(user=people["harbin"], park=park, data={"description": "数字经济"}, expected_version=None)
    assert client.get("/api/v1/search/", {"q": "能源", "kind": "park"}).json()["results"] == []
    client.force_login(people["dalian"])
    assert client.get("/api/v1/search/", {"q": "飞地"}).json()["results"] == []


def test_every_park_page_and_endpoint_is_a_404_for_the_wrong_region(park, people, client):
    from .factories import agreement

    deal = agreement(park)
    figure(park, period="2026-01")
    client.force_login(people["dalian"])
    for url in (park.get_absolute_url(), reverse("parks:park_update", args=[park.pk]),
                reverse("parks:park_delete", args=[park.pk]), reverse("parks:figure_record", args=[park.pk]),
                reverse("parks:figure_record", args=[park.pk]) + "?period=2026-01",
                reverse("parks:agreement_create", args=[park.pk]), reverse("parks:agreement_update", args=[deal.pk]),
                reverse("parks:agreement_delete", args=[deal.pk]), reverse("projects:park_request_create", args=[park.pk]),
                reverse("funding:entry_create") + f"?park={park.pk}",
                f"/api/v1/parks/{park.pk}/", f"/api/v1/parks/{park.pk}/figures/", f"/api/v1/parks/{park.pk}/ledger/",
                f"/api/v1/benefit-agreements/{deal.pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("parks:park_delete", args=[park.pk])).status_code == 404
    assert client.get("/api/v1/parks/").json()["count"] == 0
    assert client.get(reverse("parks:park_list")).context["paginator"].count == 0
