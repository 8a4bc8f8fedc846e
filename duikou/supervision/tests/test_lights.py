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


def test_todays_light_reads_the_stored_open_due_kept_by_the_services(db):
    """Today's light comes from ``open_due``, which every node service keeps: it equals the rule applied to the
    nodes themselves, after creating, adding and completing nodes."""
    from duikou.core.testing import OrganisationFactory, make_persona, pairing

    from .. import services
    from .factories import days

    ndrc = make_persona("ndrc")
    lj = pairing("210000", "320000")
    office = OrganisationFactory(region_id="210000")
    made = [services.item_create(user=ndrc, data={"pairing": lj, "assignee": office, "title": f"事项{n}"},
                                 nodes=[{"title": "节点", "due_date": days(offset)} for offset in offsets])
            for n, offsets in enumerate([(-5, 30), (3,), (40,), (-1,)])]
    services.node_complete(user=ndrc, node=made[0].nodes.order_by("due_date").first(), note="已完成")  # red → green
    services.node_add(user=ndrc, item=made[2], data={"title": "新增节点", "due_date": days(-2)})  # green → red
    services.node_complete(user=ndrc, node=made[3].nodes.get(), note="已完成")  # red → green (nothing open)
    stored = dict(SupervisionItem.objects.with_light().values_list("pk", "light"))
    expected = {item.pk: lights.item_light(SupervisionItem.objects.get(pk=item.pk)) for item in made}
    assert stored == expected == {made[0].pk: "green", made[1].pk: "yellow", made[2].pk: "red", made[3].pk: "green"}
    assert SupervisionItem.objects.get(pk=made[0].pk).open_due == days(30)
