"""Cadre secondments: personal data seen only by the Central Organization Department, the NDRC office and
the two sides' coordinators, every view of a name audited, lists and exports masked unless asked, the
audit log free of names in clear, anonymisation after the retention period, and the bad input refused."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.accounts.models import RoleGrant
from duikou.core.models import AuditAction, AuditEntry
from duikou.core.services import mask_personal, snapshot
from duikou.core.testing import OrganisationFactory, UserFactory, pairing

from .. import services
from ..models import Secondment
from .factories import PERSON, secondment

NAME = "欧阳测试"


def person(username, role, region):
    user = UserFactory(username=username, organisation=OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(db):
    return {"heilongjiang": person("heilongjiang", "coordinator", "230000"),
            "heilongjiang_reporter": person("heilongjiang_reporter", "reporter", "230000"),
            "guangdong": person("guangdong", "coordinator", "440000"),
            "jilin": person("jilin", "coordinator", "220000"),
            "ndrc": person("ndrc", "national_admin", None), "cod": person("cod", "national_reviewer", None)}


@pytest.fixture
def orgs(db):
    return {"hlj": OrganisationFactory(name="黑龙江省测试厅", region_id="230000"),
            "harbin": OrganisationFactory(name="哈尔滨市测试局", region_id="230100"),
            "gd": OrganisationFactory(name="广东省测试厅", region_id="440000"),
            "js": OrganisationFactory(name="江苏省测试厅", region_id="320000")}


def data(orgs, **values):
    return {"pairing": pairing("230000", "440000"), "person_name": NAME, "sex": "male", "birth_year": 1981,
            "rank": Secondment.Rank.DIVISION, "home_organisation": orgs["hlj"], "home_post": "对口合作处处长",
            "host_organisation": orgs["gd"], "host_post": "区域协调处副处长", "start": datetime.date(2026, 3, 1),
            "end": datetime.date(2027, 2, 28), "status": Secondment.Status.ONGOING, **values}


def views_of(record):
    return AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL, object_id=str(record.pk))


def no_name_in_audit_log():
    for entry in AuditEntry.objects.all():
        text = json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr
        assert NAME not in text and PERSON not in text and "对口合作处处长" not in text, entry


def test_the_must_show_sequence_through_the_pages(people, orgs, client):
    client.force_login(people["heilongjiang"])
    form = {k: getattr(v, "pk", v) for k, v in data(orgs).items()}
    response = client.post(reverse("exchanges:secondment_create"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Secondment.objects.get()
    assert record.direction == Secondment.Direction.NE_TO_EAST
    url = record.get_absolute_url()

    for name in ("guangdong", "ndrc", "cod"):
        client.force_login(people[name])
        before = views_of(record).count()
        response = client.get(url)
        assert response.status_code == 200 and NAME in response.content.decode(), name
        assert views_of(record).count() == before + 1, name
        assert views_of(record).order_by("-id").first().actor_username == name

    client.force_login(people["jilin"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("api:secondment-detail", args=[record.pk])).status_code == 404

    client.force_login(people["heilongjiang_reporter"])
    before = AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL).count()
    page = client.get(url).content.decode()
    assert NAME not in page and "1981" not in page and "对口合作处处长" not in page
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL).count() == before
    no_name_in_audit_log()


def test_lists_mask_names_unless_the_user_may_see_them_and_asks(people, orgs, client):
    record = services.secondment_create(user=people["heilongjiang"], data=data(orgs))
    url = reverse("exchanges:secondment_list")
    client.force_login(people["guangdong"])
    page = client.get(url).content.decode()
    assert NAME not in page and "欧**" in page and 'id="toggle-names"' in page
    assert not views_of(record).exists()
    page = client.get(url, {"names": "1"}).content.decode()
    assert NAME in page
    assert '<input type="hidden" name="names" value="1">' in page  # filtering keeps the names shown
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL, actor_username="guangdong").count() == 1

    client.force_login(people["heilongjiang_reporter"])
    page = client.get(url, {"names": "1"}).content.decode()
    assert NAME not in page and "欧**" not in page and 'id="toggle-names"' not in page
    assert f'data-secondment="{record.pk}"' in page  # the record is listed, the person withheld


def _sheet(response):
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


def test_the_export_masks_names_unless_asked_and_records_it(people, orgs, client):
    services.secondment_create(user=people["heilongjiang"], data=data(orgs))
    url = reverse("exchanges:secondment_list")
    client.force_login(people["ndrc"])
    rows = _sheet(client.get(url, {"export": "xlsx"}))
    assert len(rows) == 2 and NAME not in json.dumps(rows, ensure_ascii=False, default=str)
    rows = _sheet(client.get(url, {"export": "xlsx", "names": "1"}))
    assert rows[1][1] == NAME and rows[1][3] == 1981
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL, actor_username="ndrc").count() == 1
    client.force_login(people["heilongjiang_reporter"])
    rows = _sheet(client.get(url, {"export": "xlsx", "names": "1"}))
    assert len(rows) == 2 and NAME not in json.dumps(rows, ensure_ascii=False, default=str)
    no_name_in_audit_log()


def test_the_api_is_masked_as_the_pages(people, orgs, client):
    record = services.secondment_create(user=people["heilongjiang"], data=data(orgs))
    list_url, detail_url = reverse("api:secondment-list"), reverse("api:secondment-detail", args=[record.pk])
    assert client.get(list_url).status_code in (401, 403)
    client.force_login(people["guangdong"])
    row = client.get(list_url).json()["results"][0]
    assert row["person_name"] == "欧**" and row["birth_year"] is None and row["names_shown"] is False
    row = client.get(list_url, {"names": "1"}).json()["results"][0]
    assert row["person_name"] == NAME and row["home_post"] == "对口合作处处长"
    assert client.get(detail_url).json()["person_name"] == NAME
    assert views_of(record).count() == 2  # the list with names, then the detail read
    client.force_login(people["heilongjiang_reporter"])
    for body in (client.get(list_url, {"names": "1"}).json()["results"][0], client.get(detail_url).json()):
        assert NAME not in json.dumps(body, ensure_ascii=False) and body["birth_year"] is None
    no_name_in_audit_log()


def test_the_audit_log_stores_personal_fields_hashed(people, orgs):
    record = services.secondment_create(user=people["heilongjiang"], data=data(orgs))
    services.secondment_update(user=people["heilongjiang"], secondment=record,
                               data={"person_name": "欧阳改名", "host_post": "副主任"}, expected_version=1)
    change = AuditEntry.objects.filter(action=AuditAction.UPDATE).get().changes
    assert change["person_name"] == [mask_personal(NAME), mask_personal("欧阳改名")]
    assert change["person_name"][0].startswith("sha256:")
    assert snapshot(record)["birth_year"] == mask_personal(1981)
    no_name_in_audit_log()
    for entry in AuditEntry.objects.all():
        assert "欧阳改名" not in json.dumps(entry.changes, ensure_ascii=False)


def test_bad_input_is_refused_naming_the_field_and_nothing_changes(people, orgs):
    user = people["heilongjiang"]
    services.secondment_create(user=user, data=data(orgs))
    audit_before = AuditEntry.objects.count()
    cases = [
        (data(orgs, person_name="另一人", end=datetime.date(2026, 1, 1)), "end"),
        (data(orgs, start=datetime.date(2026, 12, 1), end=datetime.date(2027, 6, 30)), "start"),  # overlap
        (data(orgs, person_name="另一人", host_organisation=orgs["js"]), "host_organisation"),
        (data(orgs, person_name="另一人", host_organisation=orgs["harbin"]), "host_organisation"),  # same side
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.secondment_create(user=user, data=values)
        assert field in caught.value.message_dict, (field, caught.value.message_dict)
        assert NAME not in str(caught.value.message_dict) and "另一人" not in str(caught.value.message_dict)
    assert Secondment.objects.count() == 1 and AuditEntry.objects.count() == audit_before
    # the same name with another year of birth is another person
    services.secondment_create(user=user, data=data(orgs, birth_year=1990))
    # the other way round: east to northeast
    back = services.secondment_create(user=people["guangdong"], data=data(
        orgs, person_name="粤测试", home_organisation=orgs["gd"], host_organisation=orgs["harbin"]))
    assert back.direction == Secondment.Direction.EAST_TO_NE


def test_str_never_contains_the_person(orgs, db):
    record = secondment(pairing("230000", "440000"), home=orgs["hlj"], host=orgs["gd"])
    assert PERSON not in str(record) and str(record.pk) in str(record)


def test_anonymisation_after_the_retention_period_is_idempotent_and_audited(people, orgs, settings):
    settings.DUIKOU_SECONDMENT_RETENTION_DAYS = 365
    today = datetime.date.today()
    old = secondment(pairing("230000", "440000"), home=orgs["hlj"], host=orgs["gd"],
                     start=today - datetime.timedelta(days=900), end=today - datetime.timedelta(days=400))
    recent = secondment(pairing("230000", "440000"), name="近期测试", home=orgs["hlj"], host=orgs["gd"],
                        start=today - datetime.timedelta(days=300), end=today - datetime.timedelta(days=200))
    out = io.StringIO()
    call_command("secondments_anonymise", stdout=out)
    assert "1 secondment" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at and old.person_name == "" and old.birth_year is None and old.home_post == ""
    assert old.sex == "male" and old.rank == Secondment.Rank.DIVISION  # the figures keep what is not personal
    assert recent.person_name == "近期测试" and recent.anonymised_at is None
    entry = AuditEntry.objects.get(object_id=str(old.pk))
    assert entry.actor_username == "secondments_anonymise" and entry.changes["person_name"][1] == ""
    no_name_in_audit_log()
    call_command("secondments_anonymise", stdout=out)
    assert AuditEntry.objects.filter(object_id=str(old.pk)).count() == 1
    with pytest.raises(ValidationError):
        services.secondment_update(user=people["heilongjiang"], secondment=old, data={"host_post": "x"},
                                   expected_version=None)


@pytest.mark.parametrize("url_name", ["exchanges:secondment_list", "exchanges:secondment_detail"])
@pytest.mark.parametrize("show", ["", "1"])
def test_query_counts_do_not_grow_with_rows(people, orgs, client, url_name, show):
    client.force_login(people["guangdong"])

    def build(n):
        rows = [secondment(pairing("230000", "440000"), name=f"测试{i}{n}", home=OrganisationFactory(region_id="230100"),
                           host=OrganisationFactory(region_id="440100")) for i in range(n)]
        return rows[0]

    def count(record):
        url = reverse(url_name, args=[record.pk]) if url_name.endswith("detail") else reverse(url_name)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"names": show} if show else {}).status_code == 200
        return len(queries)

    few = count(build(2))
    many = count(build(12))
    assert many == few


def test_the_api_records_through_the_service_and_refuses_bad_input(people, orgs, client):
    client.force_login(people["heilongjiang"])
    payload = {k: getattr(v, "pk", v) for k, v in data(orgs).items()}
    payload = {**payload, "start": "2026-03-01", "end": "2027-02-28"}
    response = client.post(reverse("api:secondment-list"), payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["direction"] == "ne_to_east" and response.json()["person_name"] == NAME
    bad = client.post(reverse("api:secondment-list"), {**payload, "person_name": "另一人", "end": "2026-01-01"},
                      content_type="application/json")
    assert bad.status_code == 400 and "end" in bad.json() and "另一人" not in bad.content.decode()
    client.force_login(people["heilongjiang_reporter"])
    assert client.post(reverse("api:secondment-list"), payload, content_type="application/json").status_code == 403
    assert Secondment.objects.count() == 1
