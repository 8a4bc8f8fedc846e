"""Coordination requests (问题协调): routed to the green-channel officer, answered and closed with
timestamps, a deadline in working days, escalation once overdue, response times per pairing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from duikou.accounts.models import RoleGrant
from duikou.core.testing import OrganisationFactory, UserFactory, pairing
from duikou.notifications.models import Notification

from .. import services
from ..models import CoordinationRequest
from ..selectors import response_times
from .factories import ProjectFactory


def person(username, role, region):
    user = UserFactory(username=username, organisation=OrganisationFactory(region_id=region))
    RoleGrant.objects.create(user=user, role=role, region_id=region)
    return user


@pytest.fixture
def people(db):
    return {"harbin": person("harbin", "coordinator", "230100"), "shenzhen": person("shenzhen", "coordinator", "440300"),
            "ndrc": person("ndrc", "national_admin", None), "dalian": person("dalian", "coordinator", "210200")}


@pytest.fixture
def project(people):
    return ProjectFactory(pairing=pairing("230100", "440300"), location_id="230100", is_key=True,
                          green_channel_officer=people["harbin"])


def test_working_days():
    friday = datetime.date(2026, 11, 27)
    assert services.add_working_days(friday, 1) == datetime.date(2026, 11, 30)
    assert services.add_working_days(friday, 15) == datetime.date(2026, 12, 18)


def test_a_request_is_routed_answered_and_closed(people, project):
    request = services.coordination_request_create(user=people["shenzhen"], project=project, data={
        "kind": "land", "title": "用地指标", "description": "需省里协调新增建设用地指标"})
    assert request.officer == people["harbin"] and request.status == "open"
    assert Notification.objects.filter(recipient=people["harbin"], kind="request_raised").exists()
    with pytest.raises(PermissionDenied):
        services.coordination_request_answer(user=people["shenzhen"], request=request, answer="自己答复")
    request = services.coordination_request_answer(user=people["harbin"], request=request, answer="已协调解决")
    assert request.status == "answered" and request.answered_at is not None
    assert Notification.objects.filter(recipient=people["shenzhen"], kind="request_answered").exists()
    request = services.coordination_request_close(user=people["shenzhen"], request=request)
    assert request.status == "closed" and request.closed_at is not None


def test_an_overdue_request_escalates_once_and_is_flagged(people, project, client):
    request = services.coordination_request_create(user=people["shenzhen"], project=project, data={
        "kind": "financing", "title": "融资", "description": "需协调银行贷款"})
    after = (request.due_on + datetime.timedelta(days=1)).isoformat()
    call_command("coordination_escalate", "--today", after)
    call_command("coordination_escalate", "--today", after)
    escalated = Notification.objects.filter(kind="overdue", key=f"coordination-overdue:{request.pk}")
    assert set(escalated.values_list("recipient__username", flat=True)) == {"harbin", "shenzhen", "ndrc"}
    assert escalated.count() == 3
    request.refresh_from_db()
    assert request.escalated_at is not None
    CoordinationRequest.objects.filter(pk=request.pk).update(due_on=datetime.date(2020, 1, 1))
    client.force_login(people["ndrc"])
    listed = client.get(reverse("projects:request_list"), {"overdue": "true"}).context["object_list"]
    assert [r.pk for r in listed] == [request.pk]
    rows = response_times(user=people["ndrc"])
    assert [(r.raised, r.answered, r.open_overdue) for r in rows] == [(1, 0, 1)]
    # Dalian sees none of it: 404 on the page and the API.
    client.force_login(people["dalian"])
    assert client.get(reverse("projects:request_detail", args=[request.pk])).status_code == 404
    assert client.post(f"/api/v1/coordination-requests/{request.pk}/answer/", {"answer": "x"}).status_code == 404
    assert response_times(user=people["dalian"]) == []


def test_requests_through_the_api(people, project, client):
    client.force_login(people["shenzhen"])
    response = client.post("/api/v1/coordination-requests/", {"project": project.pk, "kind": "approvals",
                                                               "title": "环评审批", "description": "加快环评"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    client.force_login(people["harbin"])
    response = client.post(f"/api/v1/coordination-requests/{request_id}/answer/", {"answer": "已受理"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "answered"
    page = client.get(reverse("projects:response_times"))
    assert page.status_code == 200 and page.context["rows"][0].answered == 1


def test_the_workbench_shows_requests_to_answer(people, project, client):
    request = services.coordination_request_create(user=people["shenzhen"], project=project, data={
        "kind": "land", "title": "用地指标", "description": "需协调"})
    client.force_login(people["harbin"])
    inbox = client.get("/work/").context["project_inbox"]
    assert [r.pk for r in inbox.to_answer] == [request.pk]
    client.force_login(people["dalian"])
    assert client.get("/work/").context["project_inbox"].empty
