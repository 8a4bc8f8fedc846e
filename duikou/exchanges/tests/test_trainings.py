"""Training programmes: counts by category that add up to the total, an optional roster protected as
secondments are (names seen only by the Central Organization Department, the NDRC office and the two
sides' coordinators, masked until asked, every view audited, anonymised after the retention period)."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.services import mask_personal
from duikou.core.testing import pairing

from .. import services
from ..models import Trainee, Training
from .factories import TRAINEE, trainee, training
from .test_secondments import people  # noqa: F401  (the personas of these tests)

NAME = "司马测试"


def data(**values):
    return {"pairing": pairing("230000", "440000"), "title": "黑龙江省干部赴广东专题培训班", "host_institution": "中山大学",
            "place": "广州", "start": datetime.date(2026, 6, 1), "end": datetime.date(2026, 6, 7),
            "status": Training.Status.HELD, "leaders": 20, "managers": 15, "technical": 5, "total": 40, **values}


def person(**values):
    return {"person_name": NAME, "sex": "male", "category": "leaders", "organisation_name": "哈尔滨市测试局",
            "post": "副局长", **values}


def views_of_roster():
    return AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL)


def no_name_in_audit_log():
    for entry in AuditEntry.objects.all():
        text = json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr
        assert NAME not in text and TRAINEE not in text, entry


def test_counts_must_add_up_and_be_non_negative_nothing_changes(people):  # noqa: F811
    user = people["heilongjiang"]
    cases = [(data(total=41), "total"), (data(leaders=-1, managers=36), "leaders"),
             (data(end=datetime.date(2026, 5, 1)), "end")]
    messages = []
    for values, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.training_create(user=user, data=values)
        assert field in caught.value.message_dict, (field, caught.value.message_dict)
        messages.append(str(caught.value.message_dict[field]))
    assert "20 + 15 + 5 = 40" in messages[0] and "41" in messages[0]
    assert not Training.objects.exists() and not AuditEntry.objects.exists()
    record = services.training_create(user=user, data=data())
    assert record.total == 40


def test_the_roster_is_protected_as_secondments_are(people, client):  # noqa: F811
    record = services.training_create(user=people["heilongjiang"], data=data())
    named = services.trainee_create(user=people["heilongjiang"], training=record, data=person())
    url = record.get_absolute_url()
    for name in ("guangdong", "ndrc", "cod", "heilongjiang"):
        client.force_login(people[name])
        page = client.get(url).content.decode()
        assert NAME not in page and "司**" in page and 'id="toggle-names"' in page, name
        before = views_of_roster().count()
        page = client.get(url, {"names": "1"}).content.decode()
        assert NAME in page and "副局长" in page, name
        assert views_of_roster().count() == before + 1
        assert views_of_roster().order_by("-id").first().object_id == str(named.pk)
    client.force_login(people["heilongjiang_reporter"])
    page = client.get(url, {"names": "1"}).content.decode()
    assert NAME not in page and "司**" not in page and 'id="roster-note"' in page and "40" in page
    client.force_login(people["jilin"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("api:training-detail", args=[record.pk])).status_code == 404
    assert client.get(reverse("api:trainee-detail", args=[named.pk])).status_code == 404
    assert client.get(reverse("exchanges:trainee_create", args=[record.pk])).status_code == 404
    no_name_in_audit_log()


def test_the_roster_never_outnumbers_the_counts(people):  # noqa: F811
    user = people["heilongjiang"]
    record = services.training_create(user=user, data=data(leaders=1, managers=0, technical=0, total=1))
    services.trainee_create(user=user, training=record, data=person())
    with pytest.raises(ValidationError) as caught:
        services.trainee_create(user=user, training=record, data=person(person_name="第二人"))
    assert "category" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.training_update(user=user, training=record, data={"leaders": 0, "managers": 1},
                                 expected_version=record.version)
    assert "leaders" in caught.value.message_dict
    assert Trainee.objects.count() == 1 and Training.objects.get().leaders == 1
    with pytest.raises(ValidationError):
        services.trainee_create(user=user, training=record, data=person(person_name=" "))
    assert Trainee.objects.count() == 1


def test_the_api_masks_the_roster_as_the_page(people, client):  # noqa: F811
    record = services.training_create(user=people["heilongjiang"], data=data())
    named = services.trainee_create(user=people["heilongjiang"], training=record, data=person())
    list_url = reverse("api:trainee-list")
    assert client.get(list_url).status_code in (401, 403)
    assert client.get(reverse("api:training-list")).status_code in (401, 403)
    client.force_login(people["guangdong"])
    row = client.get(list_url, {"training": record.pk}).json()["results"][0]
    assert row["person_name"] == "司**" and row["post"] == "" and row["names_shown"] is False
    row = client.get(list_url, {"training": record.pk, "names": "1"}).json()["results"][0]
    assert row["person_name"] == NAME
    detail = client.get(reverse("api:trainee-detail", args=[named.pk])).json()
    assert detail["person_name"] == NAME and views_of_roster().count() == 2
    client.force_login(people["heilongjiang_reporter"])
    body = client.get(list_url, {"names": "1"}).content.decode() + client.get(
        reverse("api:trainee-detail", args=[named.pk])).content.decode()
    assert NAME not in body and "副局长" not in body
    training_row = client.get(reverse("api:training-detail", args=[record.pk])).json()
    assert training_row["total"] == 40 and training_row["leaders"] == 20
    client.force_login(people["heilongjiang"])
    bad = client.post(reverse("api:training-list"), {**{k: getattr(v, "pk", v) for k, v in data().items()},
                                                     "start": "2026-06-01", "end": "2026-06-07", "total": 39},
                      content_type="application/json")
    assert bad.status_code == 400 and "total" in bad.json()
    assert Training.objects.count() == 1


def test_the_audit_log_stores_trainee_names_hashed(people):  # noqa: F811
    record = services.training_create(user=people["heilongjiang"], data=data())
    named = services.trainee_create(user=people["heilongjiang"], training=record, data=person())
    services.trainee_update(user=people["heilongjiang"], trainee=named, data={"post": "局长"}, expected_version=1)
    change = AuditEntry.objects.filter(action=AuditAction.UPDATE).get().changes
    assert change["post"] == [mask_personal("副局长"), mask_personal("局长")]
    no_name_in_audit_log()


def test_rosters_are_anonymised_after_the_retention_period(people, settings):  # noqa: F811
    settings.DUIKOU_SECONDMENT_RETENTION_DAYS = 365
    today = datetime.date.today()
    old = trainee(training(pairing("230000", "440000"), start=today - datetime.timedelta(days=500),
                           end=today - datetime.timedelta(days=400)))
    recent = trainee(training(pairing("230000", "440000"), start=today - datetime.timedelta(days=30),
                              end=today - datetime.timedelta(days=20)), name="近期学员")
    out = io.StringIO()
    call_command("secondments_anonymise", stdout=out)
    assert "1 trainee" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.person_name == "" and old.post == "" and old.anonymised_at and old.category == "leaders"
    assert recent.person_name == "近期学员"
    call_command("secondments_anonymise", stdout=out)
    assert AuditEntry.objects.filter(object_id=str(old.pk)).count() == 1
    no_name_in_audit_log()


def test_the_export_has_the_counts_and_no_names(people, client):  # noqa: F811
    from openpyxl import load_workbook

    record = services.training_create(user=people["heilongjiang"], data=data())
    services.trainee_create(user=people["heilongjiang"], training=record, data=person())
    client.force_login(people["guangdong"])
    response = client.get(reverse("exchanges:training_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][-1] == 40 and NAME not in json.dumps(rows, ensure_ascii=False, default=str)


@pytest.mark.parametrize("show", ["", "1"])
def test_query_counts_do_not_grow_with_rows(people, client, show):  # noqa: F811
    client.force_login(people["guangdong"])

    def count(n):
        record = training(pairing("230000", "440000"), leaders=n, managers=0, technical=0)
        for i in range(n):
            trainee(record, name=f"学员{i}")
        for _ in range(n):
            training(pairing("230000", "440000"))
        counts = []
        for url in (reverse("exchanges:training_list"), record.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"names": show} if show else {}).status_code == 200
            counts.append(len(queries))
        return counts

    assert count(2) == count(12)
