"""The light of a supervision item is computed from its time nodes, the same in SQL (lists, counts,
filters) and in Python, with the plan items' rule and warning window."""

import datetime

import pytest

from duikou.core.testing import OrganisationFactory, pairing

from .. import lights
from ..models import SupervisionItem, SupervisionNode

TODAY = datetime.date(2026, 6, 1)


def make(nodes, *, status="open", closed_on=None):
    """``nodes``: (days from TODAY to the due date, days from TODAY to done_on or None)."""
    p = pairing("210000", "320000")
    item = SupervisionItem.objects.create(
        pairing=p,
        assignee=OrganisationFactory(region_id="210000"),
        title="t",
        status=status,
        closed_on=closed_on,
    )
    for order, (due, done) in enumerate(nodes, start=1):
        SupervisionNode.objects.create(
            item=item,
            title=f"n{order}",
            order=order,
            due_date=TODAY + datetime.timedelta(days=due),
            done_on=None if done is None else TODAY + datetime.timedelta(days=done),
        )
    return item


CASES = [
    ([(-1, None)], "red"),  # due yesterday, not done
    ([(0, None)], "yellow"),  # due today
    ([(15, None)], "yellow"),  # the last day of the 15-day window
    ([(16, None)], "green"),  # just outside it
    ([(-30, -31), (40, None)], "green"),  # the overdue node was done: the next one decides
    ([(-30, None), (40, None)], "red"),  # any open node past due makes it red
    ([(-5, -1)], "green"),  # every node done, item not closed yet
    ([(-5, None)], "red"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("nodes,expected", CASES)
def test_light_in_sql_and_python(nodes, expected, settings):
    settings.DUIKOU_LIGHT_WARNING_DAYS = 15
    item = make(nodes)
    assert lights.item_light(item, today=TODAY) == expected
    assert SupervisionItem.objects.with_light(today=TODAY).get(pk=item.pk).light == expected


@pytest.mark.django_db
def test_closed_items_are_done_or_cancelled_from_their_closing_day():
    done = make([(-5, None)], status="done", closed_on=TODAY)
    cancelled = make([(-5, None)], status="cancelled", closed_on=TODAY - datetime.timedelta(days=1))
    rows = dict(SupervisionItem.objects.with_light(today=TODAY).values_list("pk", "light"))
    assert rows[done.pk] == lights.item_light(done, today=TODAY) == "done"
    assert rows[cancelled.pk] == lights.item_light(cancelled, today=TODAY) == "cancelled"
    # as of a day before the closing, the item was still open (and red): how past months are reconstructed
    earlier = TODAY - datetime.timedelta(days=1)
    assert SupervisionItem.objects.with_light(today=earlier).get(pk=done.pk).light == "red"
    assert lights.item_light(done, today=earlier) == "red"


@pytest.mark.django_db
def test_a_node_done_later_counts_as_open_in_the_past():
    item = make([(-10, 0)])
    assert SupervisionItem.objects.with_light(today=TODAY).get(pk=item.pk).light == "green"
    past = TODAY - datetime.timedelta(days=2)
    assert SupervisionItem.objects.with_light(today=past).get(pk=item.pk).light == "red"
    assert lights.item_light(item, today=past) == "red"


@pytest.mark.django_db
def test_the_warning_window_is_the_plans_setting(settings):
    item = make([(20, None)])
    settings.DUIKOU_LIGHT_WARNING_DAYS = 15
    assert SupervisionItem.objects.with_light(today=TODAY).get(pk=item.pk).light == "green"
    settings.DUIKOU_LIGHT_WARNING_DAYS = 30
    assert SupervisionItem.objects.with_light(today=TODAY).get(pk=item.pk).light == "yellow"
    assert lights.item_light(item, today=TODAY) == "yellow"
