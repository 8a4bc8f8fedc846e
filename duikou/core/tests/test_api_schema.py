"""The OpenAPI schema is generated, served and valid; the docs load their assets from this server."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_is_generated_without_warnings(tmp_path, capsys):
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"), "--fail-on-warn", "--validate")
    text = (tmp_path / "schema.yml").read_text(encoding="utf-8")
    for path in ("/api/v1/key-tasks/", "/api/v1/pairings/", "/api/v1/regions/", "/api/v1/organisations/"):
        assert path in text


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs


@pytest.mark.django_db
def test_protected_endpoints_need_login(client):
    for url in ("/api/v1/organisations/", "/api/v1/agreements/", "/api/v1/users/", "/api/v1/me/"):
        assert client.get(url).status_code in (401, 403), url


@pytest.mark.django_db
def test_the_api_index_is_public(client):
    response = client.get("/api/v1/", headers={"Accept": "application/json"})
    assert response.status_code == 200 and "key-tasks" in response.json()
