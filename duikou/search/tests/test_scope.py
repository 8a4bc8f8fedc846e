"""Who sees a search document: exactly who sees its record; nobody writes one through the platform."""

import pytest

from duikou.core.testing import ScopeMatrix
from duikou.projects.tests.factories import three_projects
from duikou.projects.tests.test_scope import READ

from ..models import SearchDocument
from ..services import search_index_update


class TestSearchDocumentScope(ScopeMatrix):
    model = SearchDocument
    expected = READ

    @pytest.fixture
    def objects(self, db):
        projects = three_projects()
        for project in projects.values():
            search_index_update(instance=project)
        return {key: SearchDocument.objects.get(object_id=project.pk) for key, project in projects.items()}
