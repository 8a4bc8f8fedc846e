"""Choosing the source of a supervision item on the create form: never a list of every record. The form's
page stays the same size and the same number of queries however many plan items and requests there are; the
source is found by a search of at most 20 matches in the user's scope (htmx, or on submission without
JavaScript) or comes from the source's own 督办 button or ``?plan_item=<id>``; an id outside the scope is
refused on the field like one that does not exist, and nothing is created."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duikou.core.testing import OrganisationFactory, make_persona, pairing
from duikou.plans.tests.factories import PlanFactory, PlanItemFactory
from duikou.projects.models import CoordinationRequest
from duikou.projects.tests.factories import ProjectFactory

from ..models import SupervisionItem
from ..selectors import SOURCE_MATCH_LIMIT
from .factories import days

NEW = "/work/supervision/new/"


def search_url(field):
    return reverse("supervision:source_search", args=[field])


@pytest.fixture
def lj(db):
    return pairing("210000", "320000")


@pytest.fixture
def jz(db):
    return pairing("220000", "330000")


class World:
    """Plan items and coordination requests in 辽宁–江苏 (one plan, one lead organisation, one project, so
    that only the number of sources grows) and one of each in 吉林–浙江."""

    def __init__(self, lj, jz):
        self.lj, self.jz = lj, jz
        self.plan = PlanFactory(pairing=lj, title="辽宁—江苏年度计划")
        self.lead = OrganisationFactory(name="辽宁牵头单位", region_id="210000")
        self.project = ProjectFactory(pairing=lj, title="辽苏合作项目")
        self.count = 0
        self.other_item = PlanItemFactory(
            plan__pairing=jz, title="吉林园区共建任务", due_date=days(60), start_date=days(-30)
        )
        self.other_request = self.request(pairing_obj=jz, project=ProjectFactory(pairing=jz), title="吉林用地协调")

    def request(self, *, pairing_obj=None, project=None, title="用地协调", **values):
        return CoordinationRequest.objects.create(
            project=project or self.project,
            pairing=pairing_obj or self.lj,
            kind="land",
            title=title,
            description="需协调",
            due_on=days(10),
            **values,
        )

    def add(self, n, *, title="园区共建任务"):
        made = []
        for _ in range(n):
            self.count += 1
            made.append(
                PlanItemFactory(
                    plan=self.plan,
                    lead_organisation=self.lead,
                    number=str(self.count),
                    title=f"{title}{self.count}",
                    due_date=days(30 + self.count),
                    start_date=days(-30),
                )
            )
            self.request(title=f"用地协调{self.count}")
        return made


@pytest.fixture
def world(lj, jz):
    return World(lj, jz)


def get(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), len(ctx)


@pytest.mark.parametrize("persona", ["ndrc", "liaoning"])
def test_the_form_does_not_grow_with_the_sources(client, world, persona):
    client.force_login(make_persona(persona))
    world.add(5)
    get(client, NEW)  # warm-up (session, roles)
    small, small_queries = get(client, NEW)
    world.add(45)
    large, large_queries = get(client, NEW)
    assert small_queries == large_queries
    assert len(small) == len(large)
    assert "园区共建任务" not in large and "用地协调" not in large
    assert 'name="plan_item_q"' in large and 'name="coordination_request_q"' in large
    assert f'hx-get="{search_url("plan_item")}"' in large
    assert "<select" not in large.split('name="plan_item_q"')[1].split("</div>")[0]


def test_the_search_answers_at_most_twenty_scoped_matches_in_one_query(client, world):
    world.add(5)
    client.force_login(make_persona("liaoning"))
    get(client, search_url("plan_item"), q="园区")  # warm-up
    html, few_queries = get(client, search_url("plan_item"), q="园区")
    assert html.count('name="plan_item"') == 5 and "吉林园区共建任务" not in html
    assert "data-more-matches" not in html
    world.add(45)
    html, many_queries = get(client, search_url("plan_item"), q="园区")
    assert html.count('name="plan_item"') == SOURCE_MATCH_LIMIT and "data-more-matches" in html
    assert many_queries == few_queries
    # every word must match: the plan's title, the number and the id count too
    html, _ = get(client, search_url("plan_item"), plan_item_q="辽宁 任务17")
    assert html.count('name="plan_item"') == 1 and "园区共建任务17" in html
    # what liaoning does not see is never listed, whatever the words
    html, _ = get(client, search_url("plan_item"), q="吉林园区")
    assert 'name="plan_item"' not in html and "data-no-match" in html
    html, _ = get(client, search_url("plan_item"), q=str(world.other_item.pk))
    assert f'value="{world.other_item.pk}"' not in html
    html, _ = get(client, search_url("coordination_request"), q="协调")
    assert html.count('name="coordination_request"') == SOURCE_MATCH_LIMIT and "吉林用地协调" not in html
    html, _ = get(client, search_url("coordination_request"), q="吉林用地")
    assert 'name="coordination_request"' not in html

    client.force_login(make_persona("ndrc"))
    html, _ = get(client, search_url("plan_item"), q="吉林园区")
    assert html.count('name="plan_item"') == 1 and "吉林园区共建任务" in html
    html, _ = get(client, search_url("coordination_request"), q="吉林用地")
    assert html.count('name="coordination_request"') == 1


def test_the_search_leaves_out_what_is_finished_and_marks_what_is_supervised(client, world):
    done, supervised, open_ = world.add(3, title="干部挂职")
    done.completed_on = days(-1)
    done.save()
    closed = world.request(title="已关闭的协调", status=CoordinationRequest.Status.CLOSED)
    ndrc = make_persona("ndrc")
    from .. import services

    existing = services.item_from_plan_item(user=ndrc, plan_item=supervised)
    client.force_login(ndrc)
    html, _ = get(client, search_url("plan_item"), q="干部挂职")
    assert f'value="{done.pk}"' not in html
    assert f'value="{open_.pk}"' in html
    assert f'value="{supervised.pk}" disabled' in html and existing.get_absolute_url() in html
    html, _ = get(client, search_url("coordination_request"), q="已关闭")
    assert f'value="{closed.pk}"' not in html
    html, _ = get(client, search_url("plan_item"), q="")
    assert 'name="plan_item"' not in html and "data-no-match" not in html


def test_the_search_leaves_out_the_record_already_chosen(client, world):
    """The chosen record stays above the matches (htmx sends it along); a new search does not repeat it."""
    first, second = world.add(2, title="干部挂职")
    client.force_login(make_persona("liaoning"))
    html, _ = get(client, search_url("plan_item"), q="干部挂职", plan_item=first.pk)
    assert f'value="{first.pk}"' not in html and f'value="{second.pk}"' in html
    html, _ = get(client, search_url("plan_item"), q="干部挂职2", plan_item=first.pk)
    assert "data-only-chosen" not in html and f'value="{second.pk}"' in html
    html, _ = get(client, search_url("plan_item"), q=first.title, plan_item=first.pk)
    assert 'name="plan_item"' not in html and "data-only-chosen" in html and "data-no-match" not in html


def test_the_search_is_for_those_who_create_items(client, world):
    assert client.get(search_url("plan_item"), {"q": "园区"}).status_code == 302  # to the login page
    client.force_login(make_persona("cod"))  # reads everything, creates nothing
    assert client.get(search_url("plan_item"), {"q": "园区"}).status_code == 403
    client.force_login(make_persona("ndrc"))
    assert client.get(search_url("projects"), {"q": "园区"}).status_code == 404


def test_another_regions_source_is_refused_and_nothing_is_created(client, world):
    client.force_login(make_persona("liaoning"))
    response = client.post(NEW, {"source": "plan_item", "plan_item": world.other_item.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"No plan item {world.other_item.pk} among those you may see" in html
    assert "吉林园区共建任务" not in html
    response = client.post(
        NEW, {"source": "request", "coordination_request": world.other_request.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"No coordination request {world.other_request.pk} among those you may see" in html
    assert "吉林用地协调" not in html
    response = client.post(NEW, {"source": "plan_item", "plan_item": "abc"})
    assert "No plan item abc among those you may see" in response.content.decode()
    huge = "9" * 20
    response = client.post(NEW, {"source": "plan_item", "plan_item": huge})
    assert f"No plan item {huge} among those you may see" in response.content.decode()
    assert client.get(NEW, {"plan_item": huge}).status_code == 200
    assert client.get(search_url("plan_item"), {"q": huge, "plan_item": huge}).status_code == 200
    assert not SupervisionItem.objects.exists()


def test_a_completed_plan_item_is_refused_by_the_service(client, world):
    (item,) = world.add(1)
    item.completed_on = days(-3)
    item.save()
    client.force_login(make_persona("liaoning"))
    response = client.post(NEW, {"source": "plan_item", "plan_item": item.pk})
    assert response.status_code == 200
    assert "there is nothing left to supervise" in response.content.decode()
    assert not SupervisionItem.objects.exists()


def test_searched_on_submission_then_chosen(client, world):
    """Without JavaScript: Enter in the search box submits the form, which lists the matches to choose from."""
    (first, second) = world.add(2)
    client.force_login(make_persona("liaoning"))
    response = client.post(NEW, {"source": "plan_item", "plan_item_q": "园区共建任务"})
    html = response.content.decode()
    assert response.status_code == 200 and "Choose one of the matches below." in html
    assert f'name="plan_item" value="{first.pk}"' in html and f'name="plan_item" value="{second.pk}"' in html
    response = client.post(NEW, {"source": "plan_item", "plan_item_q": "吉林园区"})
    assert "Nothing you may see matches “吉林园区”" in response.content.decode()
    response = client.post(NEW, {"source": "plan_item", "plan_item_q": "园区共建任务", "plan_item": second.pk})
    assert response.status_code == 302
    assert SupervisionItem.objects.get().plan_item == second


def test_the_form_starts_with_a_source_chosen(client, world):
    (item,) = world.add(1)
    request = world.request(title="电力接入协调")
    client.force_login(make_persona("liaoning"))
    html, _ = get(client, NEW, plan_item=item.pk)
    assert f'name="plan_item" value="{item.pk}" checked' in html and item.title in html
    assert re.search(r'<input[^>]*name="source"[^>]*value="plan_item"[^>]*checked', html)
    html, _ = get(client, NEW, coordination_request=request.pk)
    assert f'name="coordination_request" value="{request.pk}" checked' in html and "电力接入协调" in html
    # another region's record is not shown, not even its title
    html, _ = get(client, NEW, plan_item=world.other_item.pk)
    assert "吉林园区共建任务" not in html and f'value="{world.other_item.pk}" checked' not in html
