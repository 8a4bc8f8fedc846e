"""Who sees an import batch: its uploader, and the NDRC office; nobody else (404)."""

import pytest

from duikou.core.testing import ScopeMatrix, UserFactory

from ..models import ImportBatch


class TestImportBatchScope(ScopeMatrix):
    """Batches uploaded by two other users: only the national administrator sees them; nobody may add or
    change a batch that is not their own."""

    model = ImportBatch
    api_basename = "importbatch"
    page_detail = "imports:batch_detail"
    expected = {"ndrc": {"view": {"a", "b"}}}

    @pytest.fixture
    def objects(self, db):
        return {key: ImportBatch.objects.create(kind="projects", user=UserFactory(), file_name=f"{key}.xlsx")
                for key in ("a", "b")}


def test_the_uploader_sees_its_own_batch_only(client, shenzhen, dalian):
    own = ImportBatch.objects.create(kind="projects", user=shenzhen, file_name="own.xlsx")
    other = ImportBatch.objects.create(kind="projects", user=dalian, file_name="other.xlsx")
    assert list(ImportBatch.objects.for_user(shenzhen)) == [own]
    client.force_login(shenzhen)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/imports/{other.pk}/").status_code == 404
    assert client.post(f"/api/v1/imports/{other.pk}/commit/", {}).status_code == 404
    assert client.post(f"/work/imports/{other.pk}/commit/").status_code == 404
    assert [row["id"] for row in client.get("/api/v1/imports/").json()["results"]] == [own.pk]
