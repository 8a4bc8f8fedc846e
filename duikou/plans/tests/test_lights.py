"""Traffic lights are computed from dates and progress, the same in SQL (for lists and filters) and in
Python; nobody types them in."""

import datetime

import pytest

from duikou.core.testing import make_persona

from .. import lights
from ..models import PlanItem, TimeNode
from .factories import PlanItemFactory, TimeNodeFactory

TODAY = datetime.date(2026, 6, 1)


def make(*, start, due, progress=0, completed_on=None):
    item = PlanItemFactory(start_date=start, due_date=due, completed_on=completed_on, progress=progress)
    item.on_track_until = lights.on_track_until(start=start, due=due, progress=progress)
    item.save()
    return item


CASES = [
    # (start, due, progress, completed_on, expected)
    (datetime.date(2026, 1, 1), datetime.date(2026, 5, 31), 80, None, "red"),      # due yesterday
    (datetime.date(2026, 1, 1), datetime.date(2026, 6, 1), 99, None, "yellow"),    # due today
    (datetime.date(2026, 1, 1), datetime.date(2026, 6, 16), 99, None, "yellow"),   # within 15 days
    (datetime.date(2026, 1, 1), datetime.date(2026, 6, 17), 99, None, "green"),    # 16 days ahead, on track
    (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), 10, None, "yellow"),  # behind: 41% expected
    (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), 42, None, "green"),   # ahead of the line
    (datetime.date(2026, 1, 1), datetime.date(2026, 3, 1), 100, datetime.date(2026, 3, 5), "done"),
    (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), 0, None, "green"),    # not started yet
]


@pytest.mark.django_db
@pytest.mark.parametrize("start,due,progress,completed_on,expected", CASES)
def test_item_light_in_sql_and_python(start, due, progress, completed_on, expected, settings):
    settings.DUIKOU_LIGHT_WARNING_DAYS = 15
    item = make(start=start, due=due, progress=progress, completed_on=completed_on)
    assert lights.item_light(item, today=TODAY) == expected
    assert PlanItem.objects.with_light(today=TODAY).get(pk=item.pk).light == expected


@pytest.mark.django_db
def test_the_warning_window_is_configurable(settings):
    item = make(start=datetime.date(2026, 1, 1), due=datetime.date(2026, 6, 25), progress=100)
    item.completed_on = None
    item.save()
    settings.DUIKOU_LIGHT_WARNING_DAYS = 15
    assert PlanItem.objects.with_light(today=TODAY).get(pk=item.pk).light == "green"
    settings.DUIKOU_LIGHT_WARNING_DAYS = 30
    assert PlanItem.objects.with_light(today=TODAY).get(pk=item.pk).light == "yellow"


@pytest.mark.django_db
def test_time_node_lights():
    red = TimeNodeFactory(due_date=datetime.date(2026, 5, 1))
    yellow = TimeNodeFactory(due_date=datetime.date(2026, 6, 10))
    green = TimeNodeFactory(due_date=datetime.date(2026, 9, 1))
    done = TimeNodeFactory(due_date=datetime.date(2026, 5, 1), completed_on=datetime.date(2026, 4, 30))
    got = dict(TimeNode.objects.with_light(today=TODAY).values_list("pk", "light"))
    assert got == {red.pk: "red", yellow.pk: "yellow", green.pk: "green", done.pk: "done"}
    assert [lights.node_light(n, today=TODAY) for n in (red, yellow, green, done)] == ["red", "yellow", "green", "done"]


@pytest.mark.django_db
def test_lists_filter_by_light(client):
    """The item list filters on the computed light (today's date, not a stored value)."""
    overdue = make(start=datetime.date(2020, 1, 1), due=datetime.date(2020, 12, 31), progress=50)
    on_track = make(start=datetime.date(2020, 1, 1), due=datetime.date(2099, 12, 31), progress=100)
    on_track.completed_on = None
    on_track.save()
    client.force_login(make_persona("ndrc"))
    red = client.get("/work/plan-items/", {"light": "red"}).context["object_list"]
    assert [i.pk for i in red] == [overdue.pk]
    api = client.get("/api/v1/plan-items/", {"light": "green"}).json()
    assert [row["id"] for row in api["results"]] == [on_track.pk] and api["results"][0]["light"] == "green"
