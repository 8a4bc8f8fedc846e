"""The role × action matrix of indicator frameworks: national records. The NDRC office writes drafts (never a
published version: it is frozen); every business role reads published versions; drafts only the national
roles; nobody else anything."""

import pytest

from duikou.core.testing import ScopeMatrix

from ..models import Dimension, Framework, Indicator
from .factories import published_and_draft

BOTH = {"pub", "draft"}
READ = {
    persona: {"view": {"pub"}}
    for persona in ("liaoning", "liaoning_reporter", "jiangsu", "jilin", "shenyang")
}
EXPECTED = {
    **READ,
    "cod": {"view": BOTH},
    "ndrc": {"view": BOTH, "add": {"draft"}, "change": {"draft"}, "delete": {"draft"}},
}


class TestFrameworkMatrix(ScopeMatrix):
    model = Framework
    api_basename = "framework"
    page_detail = "evaluation:framework_detail"
    page_update = "evaluation:framework_update"
    patch = {"name": "改名后的指标体系"}
    expected = EXPECTED

    @pytest.fixture
    def objects(self, db):
        return published_and_draft()


class TestDimensionMatrix(ScopeMatrix):
    model = Dimension
    api_basename = "frameworkdimension"
    patch = {"name": "改名后的维度"}
    expected = EXPECTED

    @pytest.fixture
    def objects(self, db):
        return {key: framework.dimensions.get() for key, framework in published_and_draft().items()}


class TestIndicatorMatrix(ScopeMatrix):
    model = Indicator
    api_basename = "frameworkindicator"
    patch = {"name": "改名后的指标"}
    expected = EXPECTED

    @pytest.fixture
    def objects(self, db):
        return {key: framework.indicators.get() for key, framework in published_and_draft().items()}
