"""Shared test set-up of the app: its tests assert messages and pages in English."""

import pytest


@pytest.fixture(autouse=True)
def _english(english):
    """Messages of direct service calls in their English source text (``english`` in the root conftest)."""


@pytest.fixture
def client(english_client):
    return english_client
