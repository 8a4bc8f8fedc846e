"""The audit log's matrix, and the rule that every model of the platform has a matrix."""

import importlib

import pytest
from django.apps import apps

from duikou.core.models import AuditAction, AuditEntry
from duikou.core.services import audit_record
from duikou.core.testing import ScopeMatrix


class TestAuditEntryScope(ScopeMatrix):
    """Only the audit administrator reads the audit log; nobody writes to it through the application."""

    model = AuditEntry
    page_detail = None
    expected = {"auditor": {"view": {"login", "update"}}}

    @pytest.fixture
    def objects(self, db):
        return {
            "login": audit_record(action=AuditAction.LOGIN, username="someone"),
            "update": audit_record(action=AuditAction.UPDATE, username="someone", object_type="x", object_id="1"),
        }


def test_every_model_has_a_scope_matrix():
    """Each app declares its matrices in ``tests/test_scope.py``; a model without one fails here."""
    covered = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("duikou."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.test_scope")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, ScopeMatrix) and value.model is not None:
                covered.add(value.model)
    models = {m for m in apps.get_models() if m.__module__.startswith("duikou.")}
    missing = sorted(m._meta.label for m in models - covered)
    assert not missing, f"models without a role × action matrix: {missing}"


def test_every_model_is_scoped():
    """Every model's default manager offers ``for_user``: there is no unscoped way in."""
    unscoped = [m._meta.label for m in apps.get_models()
                if m.__module__.startswith("duikou.") and not hasattr(m._default_manager, "for_user")]
    assert not unscoped
