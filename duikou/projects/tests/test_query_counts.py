"""The project pages and API run a number of queries that does not grow with the projects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duikou.core.testing import OrganisationFactory, make_persona

from ..models import ProjectReport
from .factories import ProjectFactory, stage_change


def add(n, first=None):
    for index in range(n):
        project = ProjectFactory()
        project.investors.add(OrganisationFactory(region_id="320000"))
        stage_change(project)
        if first is not None:  # the detail page's reports grow too
            ProjectReport.objects.create(project=first, period=f"20{10 + index + n:02d}-01", investment_in_period=1,
                                         investment_cumulative=index + 1, narrative="进展")


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("persona", ["ndrc", "liaoning"])
@pytest.mark.django_db
def test_project_pages_do_not_grow_with_rows(client, persona):
    client.force_login(make_persona(persona))
    first = ProjectFactory()
    pages = ["/work/projects/", "/work/projects/?stage=intention&q=项目", f"/work/projects/{first.pk}/",
             "/work/projects/?report_missing=true", "/api/v1/projects/", f"/api/v1/projects/{first.pk}/reports/",
             "/api/v1/industries/?level=division"]
    add(2, first)
    small = {url: count(client, url) for url in pages}
    add(20, first)
    assert {url: count(client, url) for url in pages} == small
