"""The supervision API: items with nested nodes and computed light, filters, urge/close/complete actions,
rectifications with answer/decide; scoped exactly as the pages (the wrong region gets 404)."""

import pytest
from django.utils import timezone

from duikou.core.testing import OrganisationFactory, UserFactory, make_persona, pairing
from duikou.plans.tests.factories import PlanItemFactory

from ..models import RectificationRequirement, SupervisionItem, UrgingNotice
from .factories import days, item


@pytest.fixture
def lj(db):
    return pairing("210000", "320000")


def test_list_with_light_nodes_and_filters(client, lj):
    red = item(lj, nodes=(-1, 30))
    green = item(lj, nodes=(40,))
    client.force_login(make_persona("liaoning"))
    rows = client.get("/api/v1/supervision-items/").json()["results"]
    by_id = {row["id"]: row for row in rows}
    assert by_id[red.pk]["light"] == "red" and len(by_id[red.pk]["nodes"]) == 2
    assert by_id[red.pk]["next_due"] == str(days(-1))
    assert by_id[green.pk]["light"] == "green"
    assert [
        r["id"] for r in client.get("/api/v1/supervision-items/", {"light": "red"}).json()["results"]
    ] == [red.pk]
    assert [
        r["id"] for r in client.get("/api/v1/supervision-items/", {"overdue": "true"}).json()["results"]
    ] == [red.pk]
    assert client.get("/api/v1/supervision-items/", {"status": "done"}).json()["results"] == []
    assert len(client.get("/api/v1/supervision-items/", {"pairing": lj.pk}).json()["results"]) == 2


def test_create_by_hand_and_from_a_plan_item(client, lj):
    office = OrganisationFactory(region_id="320000")
    client.force_login(make_persona("jiangsu"))
    response = client.post(
        "/api/v1/supervision-items/",
        {
            "title": "接口事项",
            "pairing": lj.pk,
            "assignee": office.pk,
            "nodes": [
                {"title": "第一步", "due_date": str(days(3))},
                {"title": "第二步", "due_date": str(days(60))},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["light"] == "yellow" and len(response.json()["nodes"]) == 2
    response = client.post(
        "/api/v1/supervision-items/",
        {"title": "无节点", "pairing": lj.pk, "assignee": office.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "nodes" in response.json()
    plan_item = PlanItemFactory(plan__pairing=lj, due_date=days(90), start_date=days(-10))
    response = client.post(
        "/api/v1/supervision-items/", {"plan_item": plan_item.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["source_kind"] == "plan_item" and response.json()["title"] == plan_item.title
    other = pairing("220000", "330000")
    response = client.post(
        "/api/v1/supervision-items/",
        {
            "title": "越界",
            "pairing": other.pk,
            "assignee": office.pk,
            "nodes": [{"title": "x", "due_date": "2026-12-31"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    client.force_login(make_persona("liaoning_reporter"))
    response = client.post(
        "/api/v1/supervision-items/", {"plan_item": plan_item.pk}, content_type="application/json"
    )
    assert response.status_code == 403


def test_urge_close_and_complete_actions(client, lj):
    office = OrganisationFactory(region_id="210000")
    staff = UserFactory(username="staff", organisation=office)
    record = item(lj, nodes=(-1,), assignee=office)
    client.force_login(make_persona("ndrc"))
    url = f"/api/v1/supervision-items/{record.pk}/urge/"
    assert client.post(url, {"message": "请加快"}, content_type="application/json").status_code == 201
    response = client.post(url, {"message": "再催"}, content_type="application/json")
    assert response.status_code == 400 and "today" in str(response.json())
    assert UrgingNotice.objects.count() == 1
    assert client.get(f"/api/v1/supervision-items/{record.pk}/").json()["last_urged_at"] is not None

    node = record.nodes.get()
    client.force_login(staff)
    response = client.post(
        f"/api/v1/supervision-nodes/{node.pk}/complete/", {"note": "已办"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["done_on"] == str(timezone.localdate())
    response = client.post(
        f"/api/v1/supervision-items/{record.pk}/close/", {"status": "done"}, content_type="application/json"
    )
    assert response.status_code == 403  # the assignee completes nodes; the supervisors close
    client.force_login(make_persona("liaoning"))
    response = client.post(
        f"/api/v1/supervision-items/{record.pk}/close/", {"status": "done"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["light"] == "done"
    response = client.post(url, {"message": "关闭后催办"}, content_type="application/json")
    assert response.status_code == 400


def test_wrong_region_gets_404_on_every_endpoint(client, lj):
    record = item(lj, nodes=(-1,))
    node = record.nodes.get()
    client.force_login(make_persona("jilin"))
    for url in (f"/api/v1/supervision-items/{record.pk}/", f"/api/v1/supervision-nodes/{node.pk}/"):
        assert client.get(url).status_code == 404
    for url, body in (
        (f"/api/v1/supervision-items/{record.pk}/urge/", {"message": "x"}),
        (f"/api/v1/supervision-items/{record.pk}/close/", {"status": "done"}),
        (f"/api/v1/supervision-nodes/{node.pk}/complete/", {"note": "x"}),
    ):
        assert client.post(url, body, content_type="application/json").status_code == 404, url
    assert (
        client.patch(
            f"/api/v1/supervision-items/{record.pk}/",
            {"title": "x", "version": 1},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get("/api/v1/supervision-items/").json()["results"] == []


def test_rectification_through_the_api(client, personas):
    OrganisationFactory(name="吉林省发展和改革委员会", region_id="220000")
    OrganisationFactory(name="浙江省发展和改革委员会", region_id="330000")
    jz = pairing("220000", "330000")
    client.force_login(personas["ndrc"])
    response = client.post(
        "/api/v1/rectifications/",
        {
            "pairing": jz.pk,
            "title": "整改",
            "basis": "进展缓慢",
            "items": [
                {"title": "招商", "responsible_region": "220000", "deadline": str(days(20))},
                {"title": "挂职", "responsible_region": "330000", "deadline": str(days(30))},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["items"]) == 2 and body["status"] == "open"
    requirement = RectificationRequirement.objects.get()
    first, second = requirement.items.order_by("id")
    assert SupervisionItem.objects.filter(rectification_item__requirement=requirement).count() == 2

    client.force_login(personas["jilin"])
    url = f"/api/v1/rectifications/{requirement.pk}/"
    response = client.post(
        url + "answer/", {"item": second.pk, "measures": "替浙江答"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.post(
        url + "answer/", {"item": first.pk, "measures": "已落实"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["items"][0]["status"] == "answered"
    answer_id = response.json()["items"][0]["answers"][0]["id"]
    response = client.post(
        url + "decide/", {"answer": answer_id, "decision": "accepted"}, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(personas["ndrc"])
    response = client.post(
        url + "decide/", {"answer": answer_id, "decision": "sent_back"}, content_type="application/json"
    )
    assert response.status_code == 400
    response = client.post(
        url + "decide/", {"answer": answer_id, "decision": "accepted"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["items"][0]["status"] == "accepted"

    client.force_login(personas["liaoning"])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url + "answer/", {"item": first.pk, "measures": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            url + "decide/", {"answer": answer_id, "decision": "accepted"}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(personas["jilin"])
    response = client.post(
        "/api/v1/rectifications/",
        {"pairing": jz.pk, "title": "x", "basis": "y", "items": []},
        content_type="application/json",
    )
    assert response.status_code == 403
