"""The "Supervise (督办)" button of a plan item's and a coordination request's page: shown to the NDRC office and
the pairing's coordinators, it creates the item through the service and goes to it; once an item supervises the
source the page links to it instead (one query); never a second item; the wrong region gets 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.core.testing import make_persona, pairing
from duikou.plans.tests.factories import PlanItemFactory, TimeNodeFactory
from duikou.projects.models import CoordinationRequest
from duikou.projects.tests.factories import ProjectFactory

from ..models import SupervisionItem
from .factories import days


@pytest.fixture
def lj(db):
    return pairing("210000", "320000")


@pytest.fixture
def plan_item(lj):
    record = PlanItemFactory(plan__pairing=lj, start_date=days(-30), due_date=days(90), title="推进园区共建")
    TimeNodeFactory(item=record, title="完成规划", due_date=days(-3))
    return record


@pytest.fixture
def coordination_request(lj):
    project = ProjectFactory(pairing=lj)
    return CoordinationRequest.objects.create(
        project=project, pairing=lj, kind="land", title="用地协调", description="需协调", due_on=days(10)
    )


SOURCES = {
    "plan_item": ("plan_item", "supervision:item_from_plan_item"),
    "coordination_request": ("coordination_request", "supervision:item_from_request"),
}


def page(client, source):
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("kind", list(SOURCES))
@pytest.mark.parametrize("persona", ["ndrc", "liaoning", "jiangsu"])
def test_the_keepers_supervise_once_then_see_the_link(client, request, kind, persona):
    source = request.getfixturevalue(kind)
    field, url_name = SOURCES[kind]
    post_url = reverse(url_name, args=[source.pk])
    client.force_login(make_persona(persona))
    html = page(client, source)
    assert 'id="supervise-button"' in html and post_url in html and 'id="supervision-link"' not in html

    response = client.post(post_url)
    created = SupervisionItem.objects.get(**{field: source})
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert created.source_kind == ("plan_item" if kind == "plan_item" else "request")
    assert created.created_by.username == persona

    html = page(client, source)
    assert 'id="supervise-button"' not in html
    assert f'href="{created.get_absolute_url()}"' in html and 'id="supervision-link"' in html

    again = client.post(post_url, follow=True)  # a second click (or a stale page): no second item
    assert again.redirect_chain[-1][0] == created.get_absolute_url()
    assert "already under supervision" in again.content.decode()
    assert SupervisionItem.objects.filter(**{field: source}).count() == 1


@pytest.mark.parametrize("kind", list(SOURCES))
def test_a_reporter_and_the_national_reviewer_read_the_link_but_may_not_supervise(client, request, kind):
    source = request.getfixturevalue(kind)
    field, url_name = SOURCES[kind]
    readers = [make_persona("liaoning_reporter"), make_persona("cod")]
    for reader in readers:
        client.force_login(reader)
        html = page(client, source)
        assert 'id="supervise-button"' not in html and 'id="supervision-link"' not in html
        assert client.post(reverse(url_name, args=[source.pk])).status_code == 403
    assert not SupervisionItem.objects.exists()
    client.force_login(make_persona("ndrc"))
    client.post(reverse(url_name, args=[source.pk]))
    for reader in readers:  # they read the item that supervises it
        client.force_login(reader)
        assert 'id="supervision-link"' in page(client, source)


@pytest.mark.parametrize("kind", list(SOURCES))
def test_a_source_outside_the_scope_is_404(client, request, kind):
    source = request.getfixturevalue(kind)
    _field, url_name = SOURCES[kind]
    client.force_login(make_persona("jilin"))
    assert client.get(source.get_absolute_url()).status_code == 404
    assert client.post(reverse(url_name, args=[source.pk])).status_code == 404
    assert client.post(reverse(url_name, args=[987654])).status_code == 404
    assert not SupervisionItem.objects.exists()


def test_a_cancelled_item_does_not_count_as_supervision(client, plan_item):
    client.force_login(make_persona("ndrc"))
    url = reverse("supervision:item_from_plan_item", args=[plan_item.pk])
    client.post(url)
    first = SupervisionItem.objects.get()
    client.post(f"/work/supervision/{first.pk}/close/", {"status": "cancelled"})
    assert 'id="supervise-button"' in page(client, plan_item)
    client.post(url)
    assert SupervisionItem.objects.filter(plan_item=plan_item).count() == 2
    second = SupervisionItem.objects.exclude(pk=first.pk).get()
    assert f'href="{second.get_absolute_url()}"' in page(client, plan_item)


def test_a_completed_plan_item_and_a_closed_request_show_no_button(client, plan_item, coordination_request):
    plan_item.completed_on, plan_item.progress = days(-1), 100
    plan_item.save()
    coordination_request.status = CoordinationRequest.Status.CLOSED
    coordination_request.save()
    client.force_login(make_persona("ndrc"))
    for source, url_name in (
        (plan_item, "supervision:item_from_plan_item"),
        (coordination_request, "supervision:item_from_request"),
    ):
        assert 'id="supervise-button"' not in page(client, source)
        response = client.post(reverse(url_name, args=[source.pk]), follow=True)
        assert response.redirect_chain[-1][0] == source.get_absolute_url()
        assert "nothing left to supervise" in response.content.decode()
    assert not SupervisionItem.objects.exists()


def test_get_is_not_allowed(client, plan_item):
    client.force_login(make_persona("ndrc"))
    assert client.get(reverse("supervision:item_from_plan_item", args=[plan_item.pk])).status_code == 405
    assert not SupervisionItem.objects.exists()


@pytest.mark.parametrize("kind", list(SOURCES))
def test_the_panel_costs_one_query_with_or_without_an_item(client, request, kind):
    source = request.getfixturevalue(kind)
    _field, url_name = SOURCES[kind]
    client.force_login(make_persona("ndrc"))
    page(client, source)  # warm-up (session, roles)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            page(client, source)
        return [q["sql"] for q in ctx.captured_queries]

    before = queries()
    client.post(reverse(url_name, args=[source.pk]))
    after = queries()
    assert len(before) == len(after)
    assert sum("supervision_supervisionitem" in sql for sql in after) == 1


def test_one_open_item_per_source_on_every_path(plan_item, coordination_request):
    """The services (the create form's and the API's path too) refuse a second item for a source while the first
    is not cancelled; the database constraint holds it as well."""
    from django.core.exceptions import ValidationError

    from .. import services

    ndrc = make_persona("ndrc")
    first = services.item_from_plan_item(user=ndrc, plan_item=plan_item)
    with pytest.raises(ValidationError) as caught:
        services.item_from_plan_item(user=ndrc, plan_item=plan_item)
    assert "already under supervision" in str(caught.value)
    services.item_from_request(user=ndrc, request=coordination_request)
    with pytest.raises(ValidationError):
        services.item_from_request(user=ndrc, request=coordination_request)
    assert SupervisionItem.objects.count() == 2
    SupervisionItem.objects.filter(pk=first.pk).update(status="cancelled", closed_on=days(0))
    services.item_from_plan_item(user=ndrc, plan_item=plan_item)  # a cancelled item does not count
    assert SupervisionItem.objects.filter(plan_item=plan_item).count() == 2
