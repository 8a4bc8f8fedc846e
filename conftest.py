"""Fixtures for the whole suite: fast hashing, and the persona parametrisation of scope matrices."""

import pytest

from duikou.core.testing import PERSONAS, make_persona


def pytest_generate_tests(metafunc):
    if "persona" in metafunc.fixturenames and getattr(metafunc.cls, "expected", None) is not None:
        metafunc.parametrize("persona", list(PERSONAS), ids=list(PERSONAS))


def pytest_collection_modifyitems(config, items):
    """A scope matrix without an API endpoint or without pages has no API or page tests to run."""
    keep, drop = [], []
    for item in items:
        cls = getattr(item, "cls", None)
        name = getattr(item, "originalname", "")
        if cls is not None and getattr(cls, "expected", None) is not None and (
            (name == "test_api" and not cls.api_basename) or (name == "test_pages" and not cls.page_detail)
        ):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary directory, never to the developer's data/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english():
    """Messages of direct service calls in their English source text, for the tests that assert them (the
    interface's default language is Chinese). An app whose tests all do asks for it in an autouse fixture."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client):
    """A test client whose pages and API answers are in English (their Chinese is the catalogue's business,
    checked by ``python -m duikou.core.i18n check``)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def personas(db):
    """Every persona, created on demand: ``personas["liaoning"]``."""

    class Lazy(dict):
        def __missing__(self, name):
            self[name] = make_persona(name)
            return self[name]

    return Lazy()
