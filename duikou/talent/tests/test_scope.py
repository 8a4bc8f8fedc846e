"""The role × action matrices of experts and engagements.

Experts are shared across a pairing: own and partner regions for coordinators and reporters, all for the
national roles, and the public profiles (consent on record) for everyone, anonymous included; coordinators
keep their own regions' experts. Engagements are read by both sides of the pairing and the engaging
organisation's region, and kept by the coordinators of the organisation's region; the wrong region gets 404."""

import pytest

from duikou.core.testing import PERSONAS, ScopeMatrix

from ..models import Engagement, Expert
from .factories import engagements_for_matrix, experts_for_matrix

ALL_EXPERTS = {"ln", "js", "zj", "bj", "gdpub"}
EXPERT_VIEW = {
    "liaoning": {"ln", "js", "bj", "gdpub"},  # own; partners 江苏, and 北京 (沈阳's), 上海 (大连's); public
    "liaoning_reporter": {"ln", "js", "bj", "gdpub"},
    "jiangsu": {"js", "ln", "gdpub"},
    "jilin": {"zj", "gdpub"},
    "shenyang": {"bj", "gdpub"},
    "ndrc": ALL_EXPERTS, "cod": ALL_EXPERTS,
}
EXPERT_EDIT = {"liaoning": {"ln"}, "jiangsu": {"js"}}


class TestExpertMatrix(ScopeMatrix):
    model = Expert
    api_basename = "expert"
    page_detail = "talent:expert_detail"
    page_update = "talent:expert_update"
    public_view = True  # anonymous clients read the public profiles through the API
    patch = {"field_of_expertise": "寒地农业"}
    expected = {persona: {"view": EXPERT_VIEW.get(persona, {"gdpub"}),
                          **({a: EXPERT_EDIT[persona] for a in ("add", "change", "delete")}
                             if persona in EXPERT_EDIT else {})} for persona in PERSONAS}

    @pytest.fixture
    def objects(self, db):
        return experts_for_matrix()


ALL_ENGAGEMENTS = {"ln_js", "sy_bj", "jl_other"}
ENGAGEMENT_VIEW = {"liaoning": {"ln_js", "sy_bj"}, "liaoning_reporter": {"ln_js", "sy_bj"}, "jiangsu": {"ln_js"},
                   "jilin": {"jl_other"}, "shenyang": {"sy_bj"}, "ndrc": ALL_ENGAGEMENTS, "cod": ALL_ENGAGEMENTS}
ENGAGEMENT_EDIT = {"liaoning": {"ln_js", "sy_bj"}, "jilin": {"jl_other"}, "shenyang": {"sy_bj"}}


class TestEngagementMatrix(ScopeMatrix):
    """The eastern side of the pairing (江苏) reads an engagement but does not keep it."""

    model = Engagement
    api_basename = "expertengagement"
    page_detail = "talent:engagement_detail"
    page_update = "talent:engagement_update"
    patch = {"outcome": "完成技术咨询报告"}
    expected = {persona: {"view": view, **({a: ENGAGEMENT_EDIT[persona] for a in ("add", "change", "delete")}
                                           if persona in ENGAGEMENT_EDIT else {})}
                for persona, view in ENGAGEMENT_VIEW.items()}

    @pytest.fixture
    def objects(self, db):
        return engagements_for_matrix()
