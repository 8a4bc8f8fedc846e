"""List pages and API lists run a number of queries that does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duikou.core.testing import AgreementFactory, OrganisationFactory, UserFactory, make_persona, pairing

PAGES = ["/work/organisations/", "/work/pairings/", "/work/agreements/", "/work/users/", "/work/regions/",
         "/api/v1/organisations/", "/api/v1/pairings/", "/api/v1/agreements/", "/api/v1/users/",
         "/api/v1/regions/", "/work/", "/"]


def add_rows(n):
    for i in range(n):
        org = OrganisationFactory(region_id="210100" if i % 2 else "320000")
        UserFactory(organisation=org)
        AgreementFactory(pairing=pairing("210000", "320000"))


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


@pytest.mark.parametrize("persona", ["ndrc", "liaoning"])
@pytest.mark.django_db
def test_queries_do_not_grow_with_rows(client, persona):
    client.force_login(make_persona(persona))
    add_rows(3)
    small = {url: count(client, url) for url in PAGES}
    add_rows(30)
    large = {url: count(client, url) for url in PAGES}
    assert small == large
