"""Supervision pages: the list with lights and .xlsx, create by hand and from a source, edit, urge and
complete from the item's page, the overdue board; flat query counts; the wrong region gets 404."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duikou.core.testing import OrganisationFactory, UserFactory, make_persona, pairing
from duikou.plans.tests.factories import PlanItemFactory, TimeNodeFactory
from duikou.projects.models import CoordinationRequest
from duikou.projects.tests.factories import ProjectFactory

from ..models import SupervisionItem, UrgingNotice
from .factories import days, item, urging


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


def add_rows(n):
    lj = pairing("210000", "320000")
    for i in range(n):
        record = item(lj, nodes=(-5 - i, 10, 40), title=f"事项{i}")
        urging(record)
        item(pairing("210100", "110000"), nodes=(3,))


@pytest.mark.parametrize("persona", ["ndrc", "liaoning"])
@pytest.mark.django_db
def test_pages_do_not_grow_with_rows(client, persona):
    client.force_login(make_persona(persona))
    pages = [
        "/work/supervision/",
        "/work/supervision/?light=red",
        "/work/supervision/overdue/",
        "/work/supervision/trend/",
        "/work/rectifications/",
        "/api/v1/supervision-items/",
        "/api/v1/supervision-items/?light=yellow",
        "/api/v1/supervision-nodes/",
        "/api/v1/rectifications/",
    ]
    from .. import services

    add_rows(2)
    services.snapshot_take(month=services.previous_months(2)[0])
    services.snapshot_take()
    small = {url: count(client, url) for url in pages}
    add_rows(15)
    services.snapshot_take()
    large = {url: count(client, url) for url in pages}
    assert small == large


@pytest.fixture
def lj(db):
    return pairing("210000", "320000")


def test_list_filters_by_light_and_exports(client, lj):
    red = item(lj, nodes=(-1,), title="红灯事项")
    item(lj, nodes=(40,), title="绿灯事项")
    client.force_login(make_persona("liaoning"))
    page = client.get("/work/supervision/", {"light": "red"}).content.decode()
    assert "红灯事项" in page and "绿灯事项" not in page
    page = client.get("/work/supervision/", {"overdue": "false"}).content.decode()
    assert "红灯事项" not in page and "绿灯事项" in page
    response = client.get("/work/supervision/", {"export": "xlsx", "light": "red"})
    from openpyxl import load_workbook

    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert len(rows) == 2 and rows[1][0] == red.pk and rows[1][8] == 1


def test_create_by_hand_then_edit(client, lj):
    office = OrganisationFactory(name="辽宁测试局", region_id="210000")
    client.force_login(make_persona("liaoning"))
    response = client.post(
        "/work/supervision/new/",
        {
            "source": "manual",
            "title": "手工事项",
            "pairing": lj.pk,
            "assignee": office.pk,
            "node_title": "完成",
            "node_due": "2026-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = SupervisionItem.objects.get()
    assert record.source_kind == "manual" and record.created_by.username == "liaoning"
    response = client.post(
        "/work/supervision/new/",
        {"source": "manual", "title": "缺节点", "pairing": lj.pk, "assignee": office.pk},
    )
    assert response.status_code == 200 and SupervisionItem.objects.count() == 1
    response = client.post(
        f"/work/supervision/{record.pk}/edit/",
        {"title": "改名", "description": "", "assignee": office.pk, "version": 1},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "改名" and record.version == 2
    stale = client.post(
        f"/work/supervision/{record.pk}/edit/",
        {"title": "再改", "description": "", "assignee": office.pk, "version": 1},
    )
    assert stale.status_code == 200
    record.refresh_from_db()
    assert record.title == "改名" and record.version == 2


def test_assignee_outside_the_pairing_is_refused(client, lj):
    client.force_login(make_persona("ndrc"))
    outsider = OrganisationFactory(region_id="220000")
    response = client.post(
        "/work/supervision/new/",
        {
            "source": "manual",
            "title": "x",
            "pairing": lj.pk,
            "assignee": outsider.pk,
            "node_title": "n",
            "node_due": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert not SupervisionItem.objects.exists()


def test_create_from_a_plan_item_and_from_a_request(client, lj):
    plan_item = PlanItemFactory(plan__pairing=lj, due_date=days(90), start_date=days(-30))
    TimeNodeFactory(item=plan_item, title="阶段一", due_date=days(20))
    TimeNodeFactory(item=plan_item, title="已完成", due_date=days(-5), completed_on=days(-6))
    client.force_login(make_persona("ndrc"))
    response = client.post("/work/supervision/new/", {"source": "plan_item", "plan_item": plan_item.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    record = SupervisionItem.objects.get(plan_item=plan_item)
    assert record.source_kind == "plan_item" and record.assignee == plan_item.lead_organisation
    assert [n.due_date for n in record.nodes.order_by("order")] == [days(20), days(90)]

    project = ProjectFactory(pairing=lj)
    request = CoordinationRequest.objects.create(
        project=project, pairing=lj, kind="land", title="用地协调", description="需协调", due_on=days(-2)
    )
    response = client.post(
        "/work/supervision/new/", {"source": "request", "coordination_request": request.pk}
    )
    assert response.status_code == 302
    record = SupervisionItem.objects.get(coordination_request=request)
    assert record.assignee == project.host_organisation and record.nodes.get().due_date == days(-2)
    assert SupervisionItem.objects.with_light().get(pk=record.pk).light == "red"


def test_urge_and_complete_from_the_item_page(client, lj):
    office = OrganisationFactory(name="辽宁测试办", region_id="210000")
    staff = UserFactory(username="staff", organisation=office)
    record = item(lj, nodes=(-2,), assignee=office)
    client.force_login(make_persona("jiangsu"))
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="urge-form"' in page
    client.post(f"/work/supervision/{record.pk}/urge/", {"message": "请加快"})
    response = client.post(f"/work/supervision/{record.pk}/urge/", {"message": "再催"}, follow=True)
    assert "already urged today" in response.content.decode()
    assert UrgingNotice.objects.count() == 1
    client.force_login(staff)
    page = client.get(record.get_absolute_url()).content.decode()
    assert (
        'id="urge-form"' not in page and f"/work/supervision/nodes/{record.nodes.get().pk}/complete/" in page
    )
    node = record.nodes.get()
    client.post(f"/work/supervision/nodes/{node.pk}/complete/", {"note": "已完成"})
    node.refresh_from_db()
    assert node.done_on is not None and node.done_by == staff


def test_overdue_board_groups_counts_and_exports(client, lj):
    a = OrganisationFactory(name="A测试单位", region_id="210000")
    b = OrganisationFactory(name="B测试单位", region_id="320000")
    item(lj, nodes=(-3,), assignee=a, title="甲红")
    item(lj, nodes=(5,), assignee=b, title="乙黄")
    item(lj, nodes=(50,), assignee=b, title="乙绿")
    item(pairing("220000", "330000"), nodes=(-3,), title="吉林红")
    client.force_login(make_persona("liaoning"))
    response = client.get("/work/supervision/overdue/")
    page = response.content.decode()
    assert "甲红" in page and "乙黄" in page and "乙绿" not in page and "吉林红" not in page
    assert (
        'data-count="red">1<' in page and 'data-count="yellow">1<' in page and 'data-count="green">1<' in page
    )
    assert page.index("A测试单位") < page.index("B测试单位")
    assert page.count("/urge/") == 2
    response = client.get("/work/supervision/overdue/", {"export": "xlsx"})
    from openpyxl import load_workbook

    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert [r[2] for r in rows[1:]] == ["甲红", "乙黄"] and rows[1][5] == 3
    other = pairing("220000", "330000")
    assert client.get("/work/supervision/overdue/", {"pairing": other.pk}).status_code == 404


def test_the_wrong_region_gets_404_on_every_item_page_and_action(client, lj):
    record = item(lj, nodes=(-2,))
    node = record.nodes.get()
    client.force_login(make_persona("jilin"))
    for url in (record.get_absolute_url(), f"/work/supervision/{record.pk}/edit/"):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (f"/work/supervision/{record.pk}/urge/", {"message": "x"}),
        (f"/work/supervision/{record.pk}/close/", {"status": "done"}),
        (f"/work/supervision/{record.pk}/nodes/new/", {"title": "x", "due_date": "2026-12-31"}),
        (f"/work/supervision/nodes/{node.pk}/complete/", {"note": "x"}),
    ):
        assert client.post(url, data).status_code == 404, url
    record.refresh_from_db()
    assert record.status == "open" and not record.urgings.exists() and record.nodes.count() == 1


def test_a_reporter_reads_but_does_not_act(client, lj):
    record = item(lj, nodes=(-2,))
    client.force_login(make_persona("liaoning_reporter"))
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="urge-form"' not in page and 'id="close-form"' not in page
    client.post(f"/work/supervision/{record.pk}/close/", {"status": "done"})
    record.refresh_from_db()
    assert record.status == "open"
    assert client.get("/work/supervision/new/").status_code == 403


def test_the_assignees_users_see_their_item_on_the_board_without_the_urge_button(client, lj):
    office = OrganisationFactory(name="哈尔滨测试局", region_id="210000")
    staff = UserFactory(username="staff2", organisation=office)
    record = item(lj, nodes=(-3,), assignee=office, title="本单位事项")
    item(lj, nodes=(-3,), title="他单位事项")
    client.force_login(staff)
    page = client.get("/work/supervision/overdue/").content.decode()
    assert "本单位事项" in page and "他单位事项" not in page and "/urge/" not in page
    assert client.get(record.get_absolute_url()).status_code == 200
