"""Experts and engagements: a public profile only with recorded consent (withdrawing it unpublishes in the same
save), the contact seen only by the expert's own coordinators and the national roles (and each view audited),
the audit log free of names and contacts in clear, engagements checked and their pairing derived, lists whose
query count does not grow, the yearly figures in one query, and an idempotent demo."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.accounts.models import RoleGrant
from duikou.core.models import AuditAction, AuditEntry
from duikou.core.services import mask_personal
from duikou.core.testing import OrganisationFactory, UserFactory, pairing

from .. import services
from ..models import Engagement, Expert
from ..selectors import engagement_figures_by_pairing_year
from .factories import EMAIL, NAME, PHONE, engagement, expert

CONSENT = {"public_profile": True, "consent_recorded_at": datetime.date(2026, 2, 1),
           "consent_evidence": "江苏省对口合作办公室档案 2026-7"}


def person(username, role, region):
    user = UserFactory(username=username, organisation=OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(db):
    return {"jiangsu": person("jiangsu", "coordinator", "320000"),
            "jiangsu_reporter": person("jiangsu_reporter", "reporter", "320000"),
            "liaoning": person("liaoning", "coordinator", "210000"),
            "jilin": person("jilin", "coordinator", "220000"),
            "heilongjiang": person("heilongjiang", "coordinator", "230000"),
            "ndrc": person("ndrc", "national_admin", None), "cod": person("cod", "national_reviewer", None)}


def data(**values):
    return {"name": NAME, "title_category": Expert.Title.ACADEMICIAN, "field_of_expertise": "智能制造",
            "affiliation": "江苏某大学", "region_id": "320000", "offers_consulting": True,
            "offers_training": True, "contact_phone": PHONE, "contact_email": EMAIL, "biography": "测试简介",
            **values}


def no_personal_data_in_audit_log():
    for entry in AuditEntry.objects.all():
        text = json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr
        for word in (NAME, PHONE, EMAIL, "测试简介"):
            assert word not in text, (word, entry.action, entry.changes)


# --- consent --------------------------------------------------------------------------------------------

def test_a_public_profile_needs_recorded_consent_and_nothing_is_saved_otherwise(people, english):
    user = people["jiangsu"]
    for missing in ({"consent_recorded_at": None}, {"consent_evidence": ""}, {"consent_recorded_at": None,
                                                                             "consent_evidence": "  "}):
        with pytest.raises(ValidationError) as caught:
            services.expert_create(user=user, data=data(**{**CONSENT, **missing}))
        errors = caught.value.message_dict
        assert "public_profile" in errors and "consent" in errors["public_profile"][0], errors
        assert NAME not in str(errors)
    assert not Expert.objects.exists() and not AuditEntry.objects.exists()
    record = services.expert_create(user=user, data=data(**CONSENT))
    assert record.is_public and Expert.objects.public().filter(pk=record.pk).exists()


def test_withdrawing_consent_unpublishes_in_the_same_save(people):
    user = people["jiangsu"]
    record = services.expert_create(user=user, data=data(**CONSENT))
    # the form posts every field: the box is still ticked, the consent date cleared
    record = services.expert_update(user=user, expert=record, data={**CONSENT, "consent_recorded_at": None},
                                    expected_version=record.version)
    assert record.public_profile is False and record.consent_recorded_at is None
    assert not Expert.objects.public().exists()
    change = AuditEntry.objects.filter(action=AuditAction.UPDATE).get().changes
    assert change["public_profile"] == [True, False]
    # publishing again without consent is refused, naming the field
    with pytest.raises(ValidationError) as caught:
        services.expert_update(user=user, expert=record, data={"public_profile": True},
                               expected_version=record.version)
    assert "public_profile" in caught.value.message_dict
    record.refresh_from_db()
    assert record.public_profile is False and record.version == 2


def test_an_expert_offers_at_least_one_form_of_support(people):
    with pytest.raises(ValidationError) as caught:
        services.expert_create(user=people["jiangsu"], data=data(offers_consulting=False, offers_training=False))
    assert "offers_consulting" in caught.value.message_dict
    assert not Expert.objects.exists()


def test_a_coordinator_records_experts_of_its_own_regions_only(people):
    with pytest.raises(PermissionDenied):
        services.expert_create(user=people["liaoning"], data=data())
    with pytest.raises(PermissionDenied):
        services.expert_create(user=people["jiangsu_reporter"], data=data())
    record = services.expert_create(user=people["jiangsu"], data=data(region_id="320100"))  # a city of 江苏
    with pytest.raises(PermissionDenied):  # may not move it out of its own scope
        services.expert_update(user=people["jiangsu"], expert=record, data={"region_id": "330000"},
                               expected_version=None)


def test_the_audit_log_stores_personal_fields_hashed_and_str_hides_the_person(people):
    record = services.expert_create(user=people["jiangsu"], data=data())
    services.expert_update(user=people["jiangsu"], expert=record, data={"contact_phone": "13900002222"},
                           expected_version=1)
    change = AuditEntry.objects.filter(action=AuditAction.UPDATE).get().changes
    assert change["contact_phone"] == [mask_personal(PHONE), mask_personal("13900002222")]
    created = AuditEntry.objects.filter(action=AuditAction.CREATE).get().changes
    assert created["name"][1] == mask_personal(NAME)
    assert NAME not in str(record) and str(record.pk) in str(record)
    no_personal_data_in_audit_log()


# --- contact masking ------------------------------------------------------------------------------------

def test_the_contact_is_shown_to_the_experts_coordinators_and_national_roles_only(people, client):
    record = services.expert_create(user=people["jiangsu"], data=data())
    url = record.get_absolute_url()
    for name in ("jiangsu", "ndrc", "cod"):
        client.force_login(people[name])
        before = AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL).count()
        page = client.get(url).content.decode()
        assert PHONE in page and EMAIL in page and NAME in page, name
        assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL).count() == before + 1
    for name in ("liaoning", "jiangsu_reporter"):  # the partner side sees the expert, not the contact
        client.force_login(people[name])
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert NAME in page and PHONE not in page and EMAIL not in page, name
    client.force_login(people["jilin"])
    assert client.get(url).status_code == 404
    no_personal_data_in_audit_log()


def test_the_api_masks_the_contact_as_the_pages(people, client):
    record = services.expert_create(user=people["jiangsu"], data=data())
    list_url, detail_url = reverse("api:expert-list"), reverse("api:expert-detail", args=[record.pk])
    client.force_login(people["liaoning"])
    for body in (client.get(list_url).json()["results"][0], client.get(detail_url).json()):
        assert body["name"] == NAME and body["contact_shown"] is False
        assert PHONE not in json.dumps(body) and EMAIL not in json.dumps(body)
    client.force_login(people["jiangsu"])
    body = client.get(detail_url).json()
    assert body["contact_phone"] == PHONE and body["contact_email"] == EMAIL and body["contact_shown"] is True
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL, actor_username="jiangsu").count() == 1


def _sheet(response):
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


def test_the_export_masks_the_contact_unless_the_user_may_see_it(people, client):
    services.expert_create(user=people["jiangsu"], data=data())
    url = reverse("talent:expert_list")
    client.force_login(people["liaoning"])
    rows = _sheet(client.get(url, {"export": "xlsx"}))
    text = json.dumps(rows, ensure_ascii=False, default=str)
    assert len(rows) == 2 and NAME in text and PHONE not in text and EMAIL not in text
    client.force_login(people["jiangsu"])
    text = json.dumps(_sheet(client.get(url, {"export": "xlsx"})), ensure_ascii=False, default=str)
    assert PHONE in text and EMAIL in text


def test_the_list_filters(people, client):
    services.expert_create(user=people["jiangsu"], data=data())
    services.expert_create(user=people["jiangsu"], data=data(name="另一专家", title_category=Expert.Title.PROFESSOR,
                                                             field_of_expertise="绿色食品", region_id="320500",
                                                             offers_training=False))
    client.force_login(people["jiangsu"])
    url = reverse("talent:expert_list")

    def listed(**query):
        page = client.get(url, query).content.decode()
        return {name for name in (NAME, "另一专家") if name in page}

    assert listed() == {NAME, "另一专家"}
    assert listed(title_category="professor") == {"另一专家"}
    assert listed(support="training") == {NAME}
    assert listed(q="绿色") == {"另一专家"}
    assert listed(region="320000") == {NAME, "另一专家"}  # the province and its cities
    assert listed(region="330000") == set()
    assert listed(q=PHONE) == set()  # the contact is not searchable


# --- engagements ----------------------------------------------------------------------------------------

def test_an_engagement_derives_its_pairing(db):
    harbin, guangzhou_expert = OrganisationFactory(region_id="230100"), expert("440100")
    assert engagement(guangzhou_expert, harbin).pairing == pairing("230000", "440000")
    assert engagement(expert("440300"), harbin).pairing == pairing("230100", "440300")  # the city pair
    assert engagement(expert("510000"), OrganisationFactory(region_id="210000")).pairing is None


def test_bad_engagements_are_refused_naming_the_field(people):
    user = people["heilongjiang"]
    record = expert("440000")  # offers consulting only
    harbin = OrganisationFactory(region_id="230100")
    good = {"expert": record, "organisation": harbin, "support_form": "consulting",
            "start": datetime.date(2026, 3, 1), "status": Engagement.Status.ONGOING}
    cases = [({"organisation": OrganisationFactory(region_id="440000")}, "organisation"),
             ({"support_form": "part_time"}, "support_form"),
             ({"end": datetime.date(2026, 2, 1)}, "end"),
             ({"status": Engagement.Status.COMPLETED}, "end")]
    for values, field in cases:
        with pytest.raises((ValidationError, PermissionDenied)) as caught:
            services.engagement_create(user=user, data={**good, **values})
        if field == "organisation" and isinstance(caught.value, PermissionDenied):
            continue  # an eastern organisation is outside the user's scope anyway
        assert field in caught.value.message_dict, (field, caught.value.message_dict)
    assert not Engagement.objects.exists()
    # the message names the field, not the person
    with pytest.raises(ValidationError) as caught:
        services.engagement_create(user=user, data={**good, "support_form": "training"})
    assert "Consulting" in str(caught.value.message_dict) or "咨询" in str(caught.value.message_dict)
    assert services.engagement_create(user=user, data=good).pairing == pairing("230000", "440000")


def test_an_eastern_organisation_cannot_be_engaging_even_for_a_national_check(db):
    with pytest.raises(ValidationError) as caught:
        engagement(expert("440000"), OrganisationFactory(region_id="320000"))
    assert "organisation" in caught.value.message_dict


def test_only_the_organisations_coordinators_record_it_and_only_with_a_visible_expert(people):
    record = expert("320000")
    liaoning_org = OrganisationFactory(region_id="210000")
    values = {"expert": record, "organisation": liaoning_org, "support_form": "consulting",
              "start": datetime.date(2026, 3, 1)}
    with pytest.raises(PermissionDenied):  # the eastern side reads, it does not record
        services.engagement_create(user=people["jiangsu"], data=values)
    with pytest.raises(PermissionDenied):  # 吉林 does not see a 江苏 expert that is not public
        services.engagement_create(user=people["jilin"], data={**values,
                                                               "organisation": OrganisationFactory(region_id="220000")})
    created = services.engagement_create(user=people["liaoning"], data=values)
    assert created.pairing == pairing("210000", "320000")


def test_an_engagement_withholds_an_expert_the_reader_may_not_see(people, client):
    sichuan = expert("510000", name="四川测试专家")  # outside every pairing: 吉林 does not see it
    record = engagement(sichuan, OrganisationFactory(region_id="220000"))
    client.force_login(people["jilin"])
    detail = client.get(record.get_absolute_url()).content.decode()
    assert 'id="engagement-expert"' in detail and "四川测试专家" not in detail
    listing = client.get(reverse("talent:engagement_list")).content.decode()
    assert f'data-engagement="{record.pk}"' in listing and "四川测试专家" not in listing
    body = client.get(reverse("api:expertengagement-detail", args=[record.pk])).json()
    assert body["expert_name"] != "四川测试专家"
    client.force_login(people["ndrc"])
    assert "四川测试专家" in client.get(record.get_absolute_url()).content.decode()


def test_engagements_through_the_pages_and_the_api(people, client):
    record = expert("320000")
    org = OrganisationFactory(region_id="210100")
    client.force_login(people["liaoning"])
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="add-engagement"' in page
    form = {"expert": record.pk, "organisation": org.pk, "support_form": "consulting", "start": "2026-03-01",
            "end": "", "status": "agreed", "outcome": ""}
    response = client.post(reverse("talent:engagement_create"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Engagement.objects.get()
    assert created.pairing == pairing("210000", "320000")
    assert f'data-engagement="{created.pk}"' in client.get(record.get_absolute_url()).content.decode()
    response = client.post(reverse("talent:engagement_update", args=[created.pk]),
                           {**form, "end": "2026-01-01", "version": created.version})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["end"]
    url = reverse("api:expertengagement-detail", args=[created.pk])
    assert client.patch(url, {"outcome": "x", "version": 1}, content_type="application/json").status_code == 200
    stale = client.patch(url, {"outcome": "y", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    bad = client.post(reverse("api:expertengagement-list"), {**form, "support_form": "part_time", "end": None},
                      content_type="application/json")
    assert bad.status_code == 400 and "support_form" in bad.json()
    assert client.post(reverse("talent:engagement_delete", args=[created.pk])).status_code == 302
    assert not Engagement.objects.exists()


def test_an_expert_with_engagements_cannot_be_deleted(people, client):
    record = services.expert_create(user=people["jiangsu"], data=data())
    engagement(record, OrganisationFactory(region_id="210000"))
    client.force_login(people["jiangsu"])
    response = client.post(reverse("talent:expert_delete", args=[record.pk]), follow=True)
    assert Expert.objects.filter(pk=record.pk).exists()
    assert NAME in response.content.decode()  # back on the expert's page, with the message


def test_experts_through_the_pages_and_the_api(people, client):
    client.force_login(people["jiangsu"])
    form = {k: getattr(v, "pk", v) for k, v in data().items()}
    form["region"] = form.pop("region_id")
    response = client.post(reverse("talent:expert_create"), {**form, "public_profile": "on"})
    assert response.status_code == 200 and "consent" in response.content.decode()
    assert not Expert.objects.exists()
    response = client.post(reverse("talent:expert_create"), {
        **form, "public_profile": "on", "consent_recorded_at": "2026-02-01", "consent_evidence": "档案 7"})
    assert response.status_code == 302
    record = Expert.objects.get()
    assert record.is_public
    # withdrawing through the form: the date cleared, the box still ticked: saved, and no longer public
    response = client.post(reverse("talent:expert_update", args=[record.pk]), {
        **form, "public_profile": "on", "consent_recorded_at": "", "consent_evidence": "档案 7",
        "version": record.version})
    assert response.status_code == 302
    record.refresh_from_db()
    assert not record.is_public and not record.public_profile
    payload = {**form, "name": "接口专家", "contact_phone": "13900003333"}
    created = client.post(reverse("api:expert-list"), payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    bad = client.post(reverse("api:expert-list"), {**payload, "public_profile": True},
                      content_type="application/json")
    assert bad.status_code == 400 and "public_profile" in bad.json()
    client.force_login(people["jiangsu_reporter"])
    assert client.post(reverse("api:expert-list"), payload, content_type="application/json").status_code == 403


# --- figures, query counts, demo ------------------------------------------------------------------------

def test_engagement_figures_by_pairing_and_year_in_one_query(db, django_assert_num_queries):
    ln_js, jl_zj = pairing("210000", "320000"), pairing("220000", "330000")
    js, zj = expert("320000"), expert("330000")
    for start in (datetime.date(2025, 5, 1), datetime.date(2026, 1, 1), datetime.date(2026, 7, 1)):
        engagement(js, region="210000", start=start)
    engagement(zj, region="220000", start=datetime.date(2026, 2, 1))
    engagement(expert("510000"), region="210000")  # no pairing: not counted
    with django_assert_num_queries(1):
        rows = engagement_figures_by_pairing_year()
    assert rows == sorted([{"pairing_id": ln_js.pk, "year": 2025, "engagements": 1},
                           {"pairing_id": ln_js.pk, "year": 2026, "engagements": 2},
                           {"pairing_id": jl_zj.pk, "year": 2026, "engagements": 1}],
                          key=lambda r: (r["pairing_id"], r["year"]))
    assert engagement_figures_by_pairing_year(pairing_ids=[jl_zj.pk]) == [
        {"pairing_id": jl_zj.pk, "year": 2026, "engagements": 1}]


@pytest.mark.parametrize("url_name", ["talent:expert_list", "talent:engagement_list", "talent:expert_detail",
                                      "portal:expert_list", "api:expert-list", "api:expertengagement-list"])
@pytest.mark.parametrize("persona", ["liaoning", "ndrc", None])
def test_query_counts_do_not_grow_with_rows(people, client, url_name, persona):
    if persona:
        client.force_login(people[persona])
    elif not url_name.startswith(("portal", "api:expert-")):
        return
    anchor = expert("320000", public=True)

    def build(n):
        for i in range(n):
            e = expert("320100" if i % 2 else "210000", name=f"测试{n}-{i}", public=bool(i % 2),
                       organisation=OrganisationFactory(region_id="320000"))
            engagement(e, region="210100" if i % 2 else "210000")
            engagement(anchor, region="210000")

    def count():
        url = reverse(url_name, args=[anchor.pk]) if url_name.endswith("detail") else reverse(url_name)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        return len(queries)

    build(2)
    few = count()
    build(10)
    assert count() == few


def test_the_demo_is_idempotent(db):
    from duikou.accounts import demo as accounts_demo

    from .. import demo

    accounts_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    counts = (Expert.objects.count(), Engagement.objects.count(), AuditEntry.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Expert.objects.count(), Engagement.objects.count(), AuditEntry.objects.count()) == counts
    assert counts[:2] == (6, 3)
    assert all("（演示）" in e.name for e in Expert.objects.all())
    assert Expert.objects.public().count() == 5
    assert all(e.pairing_id for e in Engagement.objects.all())
