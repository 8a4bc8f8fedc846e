"""The role × action matrices of events and their outcomes: an event is seen when ANY of its pairings is the
user's, kept by the coordinators of a side of one of them; an outcome is seen with its event and kept by the
coordinators of its own pairing; a calendar-feed key is its owner's alone. The wrong region gets 404."""

import pytest

from duikou.core.testing import ScopeMatrix, UserFactory

from ..models import Event, EventFeedToken, EventOutcome
from .factories import four_events, four_outcomes

ALL4 = {"lj", "jz", "sb", "multi"}
VIEW = {
    "liaoning": {"lj", "sb", "multi"},
    "liaoning_reporter": {"lj", "sb", "multi"},
    "jiangsu": {"lj"},
    "jilin": {"jz", "multi"},
    "shenyang": {"sb", "multi"},
    "ndrc": ALL4,
    "cod": ALL4,
}
EVENT_EDIT = {
    "liaoning": {"lj", "sb", "multi"},
    "jiangsu": {"lj"},
    "jilin": {"jz", "multi"},
    "shenyang": {"sb", "multi"},
}
# The expo's outcome is 吉林–浙江's: only Jilin keeps it, though Liaoning and Shenyang see it.
OUTCOME_EDIT = {"liaoning": {"lj", "sb"}, "jiangsu": {"lj"}, "jilin": {"jz", "multi"}, "shenyang": {"sb"}}


def matrix(edit):
    return {
        persona: {
            "view": seen,
            **({a: edit[persona] for a in ("add", "change", "delete")} if persona in edit else {}),
        }
        for persona, seen in VIEW.items()
    }


class TestEventMatrix(ScopeMatrix):
    model = Event
    api_basename = "event"
    page_detail = "events:event_detail"
    page_update = "events:event_update"
    patch = {"place": "上海"}
    expected = matrix(EVENT_EDIT)

    @pytest.fixture
    def objects(self, db):
        return four_events()


class TestEventOutcomeMatrix(ScopeMatrix):
    model = EventOutcome
    api_basename = "eventoutcome"
    page_update = "events:outcome_update"
    patch = {"title": "改名协议"}
    expected = matrix(OUTCOME_EDIT)

    @pytest.fixture
    def objects(self, db):
        return four_outcomes()


class TestEventFeedTokenMatrix(ScopeMatrix):
    model = EventFeedToken
    expected = {}  # nobody, national roles included, reads another user's feed key

    @pytest.fixture
    def objects(self, db):
        return {"other": EventFeedToken.objects.create(user=UserFactory(username="someone-else"))}


def test_an_event_of_two_of_the_users_pairings_is_listed_once(personas, client):
    events = four_events()
    liaoning = personas["liaoning"]
    both = events["lj"]
    both.pairings.add(events["sb"].pairings.get())
    ids = list(Event.objects.for_user(liaoning).values_list("pk", flat=True))
    assert ids.count(both.pk) == 1 and len(ids) == 3
    client.force_login(liaoning)
    rows = client.get("/api/v1/events/").json()["results"]
    assert [row["id"] for row in rows].count(both.pk) == 1 and len(rows) == 3
    assert client.get("/work/events/").context["paginator"].count == 3
