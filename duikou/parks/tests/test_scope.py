"""The role × action matrix of parks: a park is a joint record of its pairing; its figures are reported
by either side's coordinators or by the park's own operator; agreements are the coordinators'."""

import pytest

from duikou.core.testing import ScopeMatrix

from ..models import BenefitAgreement, Park, ParkFigure
from .factories import agreement, figure, three_parks

ALL3 = {"lj", "jz", "sb"}
READ = {"liaoning": {"view": {"lj", "sb"}}, "liaoning_reporter": {"view": {"lj", "sb"}}, "jiangsu": {"view": {"lj"}},
        "jilin": {"view": {"jz"}}, "shenyang": {"view": {"sb"}}, "ndrc": {"view": ALL3}, "cod": {"view": ALL3}}
EDIT = {"liaoning": {"lj", "sb"}, "jiangsu": {"lj"}, "jilin": {"jz"}, "shenyang": {"sb"}}


def with_edit(actions):
    return {persona: {**rules, **({a: EDIT[persona] for a in actions} if persona in EDIT else {})}
            for persona, rules in READ.items()}


class TestParkMatrix(ScopeMatrix):
    model = Park
    api_basename = "park"
    page_detail = "parks:park_detail"
    page_update = "parks:park_update"
    patch = {"description": "edited"}
    expected = with_edit(("add", "change", "delete"))

    @pytest.fixture
    def objects(self, db):
        return three_parks()


class TestParkFigureMatrix(ScopeMatrix):
    """The liaoning reporter does not operate these parks: it reads their figures but reports none."""

    model = ParkFigure
    expected = with_edit(("add", "change"))

    @pytest.fixture
    def objects(self, db):
        return {key: figure(park) for key, park in three_parks().items()}


class TestBenefitAgreementMatrix(ScopeMatrix):
    model = BenefitAgreement
    api_basename = "benefitagreement"
    patch = {"notes": "edited"}
    expected = with_edit(("add", "change", "delete"))

    @pytest.fixture
    def objects(self, db):
        return {key: agreement(park) for key, park in three_parks().items()}
