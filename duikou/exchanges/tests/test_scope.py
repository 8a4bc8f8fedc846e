"""The role × action matrix of secondments: a joint record of its pairing, kept by both sides'
coordinators, read by their reporters (masked) and by the national roles; the wrong region gets 404."""

import pytest

from duikou.core.testing import ScopeMatrix

from ..models import Secondment
from .factories import three_secondments

ALL3 = {"lj", "jz", "sb"}
READ = {"liaoning": {"view": {"lj", "sb"}}, "liaoning_reporter": {"view": {"lj", "sb"}}, "jiangsu": {"view": {"lj"}},
        "jilin": {"view": {"jz"}}, "shenyang": {"view": {"sb"}}, "ndrc": {"view": ALL3}, "cod": {"view": ALL3}}
EDIT = {"liaoning": {"lj", "sb"}, "jiangsu": {"lj"}, "jilin": {"jz"}, "shenyang": {"sb"}}


class TestSecondmentMatrix(ScopeMatrix):
    model = Secondment
    api_basename = "secondment"
    page_detail = "exchanges:secondment_detail"
    page_update = "exchanges:secondment_update"
    patch = {"host_post": "副主任（挂职）"}
    expected = {persona: {**rules, **({a: EDIT[persona] for a in ("add", "change", "delete")}
                                      if persona in EDIT else {})} for persona, rules in READ.items()}

    @pytest.fixture
    def objects(self, db):
        return three_secondments()
