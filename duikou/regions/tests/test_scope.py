"""Who may view, add, change and delete regions, pairings, the catalogue and agreements."""

import pytest

from duikou.core.testing import PERSONAS, AgreementFactory, ScopeMatrix, pairing
from duikou.regions.models import (
    Agreement,
    Goal,
    KeyTask,
    KeyTaskGroup,
    Pairing,
    PolicyDocument,
    Principle,
    Region,
    Safeguard,
)

EVERYONE = list(PERSONAS)


def public_read(keys):
    return {p: {"view": set(keys)} for p in EVERYONE}


class TestRegionScope(ScopeMatrix):
    model = Region
    api_basename = "region"
    api_lookup = "code"
    page_detail = "regions:region_detail"
    page_update = "regions:region_update"
    patch = {"name_en": "Liaoning Province"}
    public_view = True
    expected = {**public_read({"ln", "sy", "js"}),
                "ndrc": {"view": {"ln", "sy", "js"}, "add": {"ln", "sy", "js"}, "change": {"ln", "sy", "js"}}}

    @pytest.fixture
    def objects(self, db):
        return {"ln": Region.objects.get(code="210000"), "sy": Region.objects.get(code="210100"),
                "js": Region.objects.get(code="320000")}


class TestPairingScope(ScopeMatrix):
    model = Pairing
    api_basename = "pairing"
    page_detail = "regions:pairing_detail"
    page_update = "regions:pairing_update"
    patch = {"note": "edited"}
    public_view = True
    expected = {**public_read({"lj", "jz", "sb"}),
                "ndrc": {"view": {"lj", "jz", "sb"}, "add": {"lj", "jz", "sb"}, "change": {"lj", "jz", "sb"}}}

    @pytest.fixture
    def objects(self, db):
        return {"lj": pairing("210000", "320000"), "jz": pairing("220000", "330000"), "sb": pairing("210100", "110000")}


class _Catalogue(ScopeMatrix):
    public_view = True
    patch = {"title": "edited"}


class TestKeyTaskScope(_Catalogue):
    model = KeyTask
    api_basename = "keytask"
    api_lookup = "code"
    page_detail = "regions:keytask_detail"
    page_lookup = "code"
    public_page = True
    expected = public_read({"t13", "t42"})

    @pytest.fixture
    def objects(self, db):
        return {"t13": KeyTask.objects.get(code="1.3"), "t42": KeyTask.objects.get(code="4.2")}


class TestKeyTaskGroupScope(_Catalogue):
    model = KeyTaskGroup
    api_basename = "keytaskgroup"
    api_lookup = "code"
    expected = public_read({"g1"})

    @pytest.fixture
    def objects(self, db):
        return {"g1": KeyTaskGroup.objects.get(code="1")}


class TestPrincipleScope(_Catalogue):
    model = Principle
    api_basename = "principle"
    api_lookup = "code"
    expected = public_read({"p1"})

    @pytest.fixture
    def objects(self, db):
        return {"p1": Principle.objects.get(code="1")}


class TestSafeguardScope(_Catalogue):
    model = Safeguard
    api_basename = "safeguard"
    api_lookup = "code"
    expected = public_read({"s2"})

    @pytest.fixture
    def objects(self, db):
        return {"s2": Safeguard.objects.get(code="2")}


class TestGoalScope(_Catalogue):
    model = Goal
    api_basename = "goal"
    api_lookup = "code"
    expected = public_read({"g1"})

    @pytest.fixture
    def objects(self, db):
        return {"g1": Goal.objects.get(code="1")}


class TestPolicyDocumentScope(_Catalogue):
    model = PolicyDocument
    expected = public_read({"doc"})

    @pytest.fixture
    def objects(self, db):
        return {"doc": PolicyDocument.objects.get(number="国办发〔2017〕22号")}


ALL3 = {"lj", "jz", "sb"}


class TestAgreementScope(ScopeMatrix):
    """Agreements are joint records of a pairing: both sides, and only they, see and edit them."""

    model = Agreement
    api_basename = "agreement"
    page_detail = "regions:agreement_detail"
    page_update = "regions:agreement_update"
    patch = {"summary": "edited"}
    expected = {
        "liaoning": {"view": {"lj", "sb"}, "add": {"lj", "sb"}, "change": {"lj", "sb"}, "delete": {"lj", "sb"}},
        "liaoning_reporter": {"view": {"lj", "sb"}},
        "jiangsu": {"view": {"lj"}, "add": {"lj"}, "change": {"lj"}, "delete": {"lj"}},
        "jilin": {"view": {"jz"}, "add": {"jz"}, "change": {"jz"}, "delete": {"jz"}},
        "shenyang": {"view": {"sb"}, "add": {"sb"}, "change": {"sb"}, "delete": {"sb"}},
        "ndrc": {"view": ALL3, "add": ALL3, "change": ALL3, "delete": ALL3},
        "cod": {"view": ALL3},
    }

    @pytest.fixture
    def objects(self, db):
        return {
            "lj": AgreementFactory(pairing=pairing("210000", "320000")),
            "jz": AgreementFactory(pairing=pairing("220000", "330000")),
            "sb": AgreementFactory(pairing=pairing("210100", "110000")),
        }
