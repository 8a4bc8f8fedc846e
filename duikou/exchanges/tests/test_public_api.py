"""No personal data reaches an anonymous client: walk every endpoint of the OpenAPI schema (the whole API,
not only this app) without logging in, and every one that answers shows no personal field and no name."""

import datetime

from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator

from duikou.core.testing import OrganisationFactory, pairing

from ..models import Secondment
from .factories import PERSON, secondment

PERSONAL_WORDS = (*Secondment.personal_fields, PERSON, "副处长（挂职）", "1979")


def test_no_public_endpoint_or_page_shows_personal_data(client, db):
    cache.clear()  # the anonymous throttle counts in the cache
    record = secondment(pairing("230000", "440000"), birth_year=1979,
                        home=OrganisationFactory(region_id="230000"), host=OrganisationFactory(region_id="440000"),
                        start=datetime.date(2026, 1, 1))
    schema = SchemaGenerator().get_schema(request=None, public=True)
    list_paths = [path for path, ops in schema["paths"].items() if "get" in ops and "{" not in path]
    assert "/api/v1/secondments/" in list_paths and len(list_paths) > 10
    answered = []
    for path in list_paths:
        response = client.get(path)
        if response.status_code in (401, 403):
            continue
        assert response.status_code == 200, (path, response.status_code)
        answered.append(path)
        text = response.content.decode()
        for word in PERSONAL_WORDS:
            assert word not in text, (path, word)
    assert "/api/v1/regions/" in answered and "/api/v1/secondments/" not in answered
    for path in ("/api/v1/secondments/", f"/api/v1/secondments/{record.pk}/"):
        assert client.get(path).status_code in (401, 403)
    page = client.get("/").content.decode()
    assert PERSON not in page
