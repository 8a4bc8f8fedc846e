"""The project pages and API run a number of queries that does not grow with the projects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duikou.core.testing import OrganisationFactory, make_persona

from .factories import ProjectFactory, stage_change


def add(n):
    for _ in range(n):
        project = ProjectFactory()
        project.investors.add(OrganisationFactory(region_id="320000"))
        stage_change(project)


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
             "/api/v1/projects/", "/api/v1/industries/?level=division"]
    add(2)
    small = {url: count(client, url) for url in pages}
    add(20)
    assert {url: count(client, url) for url in pages} == small
