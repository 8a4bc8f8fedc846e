"""Shared test set-up of the app."""

import pytest


@pytest.fixture(autouse=True)
def english():
    """Messages of direct service calls are asserted in their English source text; pages and the API answer in
    the interface's default language, Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """Pages and the API in English here (their Chinese is the catalogue's business, checked by i18n check)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
