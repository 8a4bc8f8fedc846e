"""The role × action matrix of every supervision model: a record of its pairing, kept by the NDRC office and
both sides' coordinators, read by their reporters and the national reviewer; rectification is the NDRC
office's; the wrong region gets 404."""

import pytest

from duikou.core.testing import ScopeMatrix

from ..models import (
    LightSnapshot,
    RectificationAnswer,
    RectificationItem,
    RectificationRequirement,
    SupervisionItem,
    SupervisionNode,
    UrgingNotice,
)
from .factories import answer, rect_item, snapshot, three_items, three_requirements, urging

ALL3 = {"lj", "jz", "sb"}
READ = {
    "liaoning": {"view": {"lj", "sb"}},
    "liaoning_reporter": {"view": {"lj", "sb"}},
    "jiangsu": {"view": {"lj"}},
    "jilin": {"view": {"jz"}},
    "shenyang": {"view": {"sb"}},
    "ndrc": {"view": ALL3},
    "cod": {"view": ALL3},
}
COORDINATORS = {"liaoning": {"lj", "sb"}, "jiangsu": {"lj"}, "jilin": {"jz"}, "shenyang": {"sb"}}
KEEPERS = {**COORDINATORS, "ndrc": ALL3}


def rules(actions: dict[str, dict[str, set]]) -> dict:
    """READ plus, for each action, who may do it on which keys."""
    expected = {persona: dict(view) for persona, view in READ.items()}
    for action, who in actions.items():
        for persona, keys in who.items():
            expected.setdefault(persona, {})[action] = keys
    return expected


class TestSupervisionItemMatrix(ScopeMatrix):
    model = SupervisionItem
    api_basename = "supervisionitem"
    page_detail = "supervision:item_detail"
    page_update = "supervision:item_update"
    patch = {"title": "改过的督办事项"}
    expected = rules({"add": KEEPERS, "change": KEEPERS})

    @pytest.fixture
    def objects(self, db):
        return three_items()


class TestSupervisionNodeMatrix(ScopeMatrix):
    model = SupervisionNode
    api_basename = "supervisionnode"
    expected = rules({"add": KEEPERS, "change": KEEPERS})

    @pytest.fixture
    def objects(self, db):
        return {key: item.nodes.get() for key, item in three_items().items()}


class TestUrgingNoticeMatrix(ScopeMatrix):
    model = UrgingNotice
    expected = rules({"add": KEEPERS})

    @pytest.fixture
    def objects(self, db):
        return {key: urging(item) for key, item in three_items().items()}


class TestLightSnapshotMatrix(ScopeMatrix):
    model = LightSnapshot
    expected = rules({})

    @pytest.fixture
    def objects(self, db):
        return {key: snapshot(item.pairing) for key, item in three_items().items()}


class TestRectificationRequirementMatrix(ScopeMatrix):
    model = RectificationRequirement
    api_basename = "rectification"
    page_detail = "supervision:rectification_detail"
    expected = rules({"add": {"ndrc": ALL3}, "change": {"ndrc": ALL3}})

    @pytest.fixture
    def objects(self, db):
        return three_requirements()


class TestRectificationItemMatrix(ScopeMatrix):
    model = RectificationItem
    expected = rules({"add": {"ndrc": ALL3}, "change": {"ndrc": ALL3}})

    @pytest.fixture
    def objects(self, db):
        return {key: rect_item(req) for key, req in three_requirements().items()}


class TestRectificationAnswerMatrix(ScopeMatrix):
    model = RectificationAnswer
    expected = rules({"add": COORDINATORS})

    @pytest.fixture
    def objects(self, db):
        return {key: answer(rect_item(req)) for key, req in three_requirements().items()}
