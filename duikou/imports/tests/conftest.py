import pytest

from duikou.core.testing import OrganisationFactory

from .helpers import HARBIN, SHENZHEN, building_project, hs_park, person


@pytest.fixture
def host(db):
    return OrganisationFactory(name="哈尔滨某产业园", region_id=HARBIN, kind="park")


@pytest.fixture
def shenzhen(db):
    return person("shenzhen", "coordinator", SHENZHEN)


@pytest.fixture
def harbin(db):
    return person("harbin", "coordinator", HARBIN)


@pytest.fixture
def dalian(db):
    return person("dalian", "coordinator", "210200")


@pytest.fixture
def project(host):
    return building_project(host=host)


@pytest.fixture
def park(host):
    """哈尔滨—深圳产业园区, operated by the host organisation."""
    return hs_park(operator=host)


@pytest.fixture(autouse=True)
def _english(english):
    """Messages of direct service calls are asserted in their English source text; pages and the API answer in
    the interface's default language, Chinese, and are asserted in it."""

