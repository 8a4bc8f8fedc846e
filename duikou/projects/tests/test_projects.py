"""The project registry: what a project must carry and the rules it follows (issue #4, point 1)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from duikou.core.testing import OrganisationFactory, pairing
from duikou.regions.models import KeyTask

from .. import services
from ..models import Industry, Project, ProjectStageChange
from ..validators import validate_project_code


@pytest.fixture
def hs(db):
    return pairing("230100", "440300")


@pytest.fixture
def host(db):
    return OrganisationFactory(name="哈尔滨某产业园", region_id="230100", kind="park")


def data(hs, host, **extra):
    return {"pairing": hs, "title": "智能装备基地", "key_task": KeyTask.objects.get(code="4.1"),
            "industry": Industry.objects.get(code="34"), "location_id": "230100", "host_organisation": host,
            "planned_investment": 350000, **extra}


def test_the_industry_catalogue_is_loaded(db):
    counts = {level: Industry.objects.filter(level=level).count() for level in Industry.Level.values}
    assert counts == {"section": 20, "division": 97, "group": 473, "class": 1380}
    machinery = Industry.objects.get(code="3411")
    assert machinery.parent_id == "341" and machinery.section_id == "C" and Industry.objects.get(code="C").name == "制造业"


@pytest.mark.parametrize("code,ok", [
    ("2024-230100-34-03-000123", True),
    ("2024-230102-34-01-000001", True),   # a county of Harbin: its province exists
    ("2024-230100-34-03-00012", False),   # 23 characters
    ("2024/230100-34-03-000123", False),  # not hyphens
    ("2024-990100-34-03-000123", False),  # no such province
    ("2024-230100-99-03-000123", False),  # no such division
    ("2024-230100-34-07-000123", False),  # no such procedure
    ("2099-230100-34-03-000123", False),  # a future year
])
def test_national_project_codes(db, code, ok):
    if ok:
        validate_project_code(code)
    else:
        with pytest.raises(ValidationError):
            validate_project_code(code)


def test_a_key_project_needs_its_green_channel_officer(personas, hs, host):
    user = _harbin(personas)
    with pytest.raises(ValidationError) as error:
        services.project_create(user=user, data=data(hs, host, is_key=True))
    assert "green_channel_officer" in error.value.message_dict
    assert not Project.objects.exists()
    project = services.project_create(user=user, data=data(hs, host, is_key=True, green_channel_officer=user))
    assert project.green_channel_officer == user


def test_registration_refuses_bad_input(personas, hs, host):
    user = _harbin(personas)
    for extra, field in (({"planned_investment": -1}, "planned_investment"),
                         ({"industry": Industry.objects.get(code="C")}, "industry"),
                         ({"location_id": "210100"}, "location"),
                         ({"national_code": "2024-230100-34-03-12345"}, "national_code")):
        with pytest.raises(ValidationError) as error:
            services.project_create(user=user, data=data(hs, host, **extra))
        assert field in error.value.message_dict, (extra, error.value)
    assert not Project.objects.exists()


def _harbin(personas):
    from duikou.accounts.models import RoleGrant
    from duikou.core.testing import UserFactory

    user = UserFactory(username="harbin", organisation=OrganisationFactory(region_id="230100"))
    RoleGrant.objects.create(user=user, role="coordinator", region_id="230100")
    return user


def test_stages_move_forward_with_dates_and_back_only_with_a_reason(personas, hs, host):
    user = _harbin(personas)
    project = services.project_create(user=user, data=data(hs, host, is_key=True, green_channel_officer=user))
    today = timezone.localdate()
    project = services.project_change_stage(user=user, project=project, stage="signed", on=today)
    project = services.project_change_stage(user=user, project=project, stage="building", on=today)
    with pytest.raises(ValidationError) as error:
        services.project_change_stage(user=user, project=project, stage="signed", on=today)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.project_change_stage(user=user, project=project, stage="operating",
                                      on=today + datetime.timedelta(days=1))
    project = services.project_change_stage(user=user, project=project, stage="signed", on=today,
                                            reason="用地手续调整，暂缓施工")
    assert [(c.from_stage, c.to_stage) for c in ProjectStageChange.objects.filter(project=project)] == [
        ("", "intention"), ("intention", "signed"), ("signed", "building"), ("building", "signed")]
    with pytest.raises(PermissionDenied):
        services.project_change_stage(user=personas["jilin"], project=project, stage="building", on=today)


def test_the_api_registers_and_moves_a_project(personas, hs, host, client):
    user = _harbin(personas)
    client.force_login(user)
    response = client.post("/api/v1/projects/", {
        "pairing": hs.pk, "title": "智能装备基地", "key_task": "4.1", "industry": "34", "location": "230100",
        "host_organisation": host.pk, "planned_investment": "350000", "is_key": True,
        "green_channel_officer": user.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    project_id = response.json()["id"]
    response = client.post(f"/api/v1/projects/{project_id}/stage/", {"stage": "signed", "on": str(timezone.localdate())},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["stage"] == "signed"
    client.force_login(personas["liaoning"])  # the wrong region: 404 everywhere
    assert client.get(f"/api/v1/projects/{project_id}/").status_code == 404
    assert client.post(f"/api/v1/projects/{project_id}/stage/", {"stage": "started", "on": "2026-01-01"},
                       content_type="application/json").status_code == 404
    assert client.get(reverse("projects:project_detail", args=[project_id])).status_code == 404
    assert client.post(reverse("projects:project_stage", args=[project_id]), {"stage": "started"}).status_code == 404


def test_concurrent_edits_of_one_project(personas, hs, host, client):
    user = _harbin(personas)
    project = services.project_create(user=user, data=data(hs, host))
    client.force_login(user)
    first = client.patch(f"/api/v1/projects/{project.pk}/", {"description": "甲", "version": project.version},
                         content_type="application/json")
    second = client.patch(f"/api/v1/projects/{project.pk}/", {"description": "乙", "version": project.version},
                          content_type="application/json")
    assert first.status_code == 200 and second.status_code == 409 and "甲" in second.json()["detail"]
    project.refresh_from_db()
    assert project.description == "甲"


def test_the_project_pages(personas, hs, host, client):
    user = _harbin(personas)
    project = services.project_create(user=user, data=data(hs, host))
    client.force_login(user)
    page = client.get(reverse("projects:project_list"), {"stage": "intention"})
    assert list(page.context["object_list"]) == [project]
    response = client.post(reverse("projects:project_stage", args=[project.pk]),
                           {"stage": "signed", "on": str(timezone.localdate())}, follow=True)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.stage == "signed"


def test_a_project_under_way_is_registered_at_its_stage(personas, hs, host, client):
    user = _harbin(personas)
    client.force_login(user)
    response = client.post(reverse("projects:project_create"), {
        "pairing": hs.pk, "title": "在建项目", "key_task": KeyTask.objects.get(code="4.1").pk, "industry": "34",
        "location": "230100", "host_organisation": host.pk, "planned_investment": "1000", "stage": "building",
        "stage_since": "2026-03-01"})
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(title="在建项目")
    assert (project.stage, project.stage_since) == ("building", datetime.date(2026, 3, 1))
    assert list(project.stage_changes.values_list("to_stage", "on")) == [("building", datetime.date(2026, 3, 1))]
