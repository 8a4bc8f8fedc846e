"""Fixtures for the whole suite: fast hashing, and the persona parametrisation of scope matrices."""

import pytest

from duikou.core.testing import PERSONAS, make_persona


def pytest_generate_tests(metafunc):
    if "persona" in metafunc.fixturenames and getattr(metafunc.cls, "expected", None) is not None:
        metafunc.parametrize("persona", list(PERSONAS), ids=list(PERSONAS))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def personas(db):
    """Every persona, created on demand: ``personas["liaoning"]``."""

    class Lazy(dict):
        def __missing__(self, name):
            self[name] = make_persona(name)
            return self[name]

    return Lazy()
