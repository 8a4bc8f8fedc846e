"""Plan pages and API lists run a number of queries that does not grow with plans, items, nodes or
indicators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duikou.core.testing import make_persona

from .factories import (
    IndicatorActualFactory,
    PlanFactory,
    PlanItemFactory,
    ProgressUpdateFactory,
    TimeNodeFactory,
)


def add(plan, n):
    for _ in range(n):
        item = PlanItemFactory(plan=plan)
        child = PlanItemFactory(plan=plan, parent=item)
        TimeNodeFactory(item=child)
        IndicatorActualFactory(indicator__item=item)
        ProgressUpdateFactory(item=child)
        PlanFactory()


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("persona", ["ndrc", "liaoning"])
@pytest.mark.django_db
def test_plan_pages_do_not_grow_with_rows(client, persona):
    client.force_login(make_persona(persona))
    plan = PlanFactory()
    pages = [f"/work/plans/{plan.pk}/", "/work/plans/", "/work/plan-items/", "/work/plan-items/?light=yellow",
             "/work/plans/compliance/", f"/work/plans/{plan.pk}/versions/", "/api/v1/plans/", "/api/v1/plan-items/",
             "/api/v1/time-nodes/", "/api/v1/indicators/", "/api/v1/progress-updates/", "/work/notifications/"]
    add(plan, 2)
    small = {url: count(client, url) for url in pages}
    add(plan, 20)
    large = {url: count(client, url) for url in pages}
    assert small == large
