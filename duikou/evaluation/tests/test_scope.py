"""The role × action matrix of indicator frameworks: national records. The NDRC office writes drafts (never a
published version: it is frozen); every business role reads published versions; drafts only the national
roles; nobody else anything."""

import pytest

from duikou.core.testing import ScopeMatrix

from .. import rounds
from ..models import (
    Dimension,
    EnteredValue,
    EvaluationRound,
    Framework,
    Indicator,
    IndicatorScore,
    PairingOutcome,
    PairingResult,
    ScoreRecord,
    SelfAssessment,
)
from .factories import published_and_draft
from .rounds_setup import assess, make_world, published_world

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


# --- evaluation rounds ---------------------------------------------------------------------------------------
# liaoning (and its reporter) and jiangsu are the sides of lj (辽宁–江苏); jilin a side of jz (吉林–浙江);
# shenyang a side of sb (沈阳–北京), which no object below belongs to.


REGIONAL = ("liaoning", "liaoning_reporter", "jiangsu", "jilin", "shenyang")
LJ_SIDE = {"liaoning": {"lj"}, "liaoning_reporter": {"lj"}, "jiangsu": {"lj"}, "jilin": {"jz"}}


class TestEvaluationRoundMatrix(ScopeMatrix):
    """A round is national: every business role reads it; the NDRC office changes it until it is closed and
    deletes it only while open."""

    model = EvaluationRound
    api_basename = "evaluationround"
    page_detail = "evaluation:round_detail"
    patch = {"name": "改名后的评估"}
    expected = {
        **{p: {"view": {"open", "closed"}} for p in REGIONAL},
        "cod": {"view": {"open", "closed"}},
        "ndrc": {
            "view": {"open", "closed"},
            "add": {"open", "closed"},
            "change": {"open"},
            "delete": {"open"},
        },
    }

    @pytest.fixture
    def objects(self, db):
        world = published_world(publish_scores=True)
        closed = rounds.round_close(user=world["ndrc"], round_=world["round"])
        open_round = rounds.round_create(
            user=world["ndrc"],
            data={
                "name": "第二轮",
                "period_start": closed.period_start,
                "period_end": closed.period_end,
                "framework": closed.framework,
            },
            pairings=[world["lj"]],
        )
        return {"open": open_round, "closed": closed}


def _by_pairing(world, queryset):
    return {key: queryset.get(pairing=world[key]) for key in ("lj", "jz")}


class TestSelfAssessmentMatrix(ScopeMatrix):
    """A pairing's self-assessment: the national roles read all, a region its own pairings'; only its
    coordinators change it, while the round is open."""

    model = SelfAssessment
    api_basename = "selfassessment"
    page_detail = "evaluation:self_assessment"
    expected = {
        **{p: {"view": keys} for p, keys in LJ_SIDE.items()},
        "liaoning": {"view": {"lj"}, "change": {"lj"}},
        "jiangsu": {"view": {"lj"}, "change": {"lj"}},
        "jilin": {"view": {"jz"}, "change": {"jz"}},
        "cod": {"view": {"lj", "jz"}},
        "ndrc": {"view": {"lj", "jz"}},
    }

    @pytest.fixture
    def objects(self, db):
        world = make_world()
        return _by_pairing(world, SelfAssessment.objects.filter(round=world["round"]))


class TestEnteredValueMatrix(ScopeMatrix):
    model = EnteredValue
    expected = {
        **{p: {"view": keys} for p, keys in LJ_SIDE.items()},
        **{
            p: {"view": {"lj"}, "add": {"lj"}, "change": {"lj"}, "delete": {"lj"}}
            for p in ("liaoning", "jiangsu")
        },
        "jilin": {"view": {"jz"}, "add": {"jz"}, "change": {"jz"}, "delete": {"jz"}},
        "cod": {"view": {"lj", "jz"}},
        "ndrc": {"view": {"lj", "jz"}},
    }

    @pytest.fixture
    def objects(self, db):
        world = make_world()
        assess(world, "lj")
        assess(world, "jz")
        return {key: EnteredValue.objects.get(assessment__pairing=world[key]) for key in ("lj", "jz")}


PUBLISHED = {
    **{p: {"view": keys} for p, keys in LJ_SIDE.items()},
    "cod": {"view": {"lj", "jz"}},
    "ndrc": {"view": {"lj", "jz"}},
}


class TestIndicatorScoreMatrix(ScopeMatrix):
    """Published with each pairing's own scores: a region reads its own pairings' only."""

    model = IndicatorScore
    expected = PUBLISHED

    @pytest.fixture
    def objects(self, db):
        world = published_world(publish_scores=True)
        return _by_pairing(world, IndicatorScore.objects.filter(indicator__code="1.1", side=""))


class TestScoreRecordMatrix(ScopeMatrix):
    """A score's records go with the score: a region reads those of its own pairings' published scores."""

    model = ScoreRecord
    expected = PUBLISHED

    @pytest.fixture
    def objects(self, db):
        world = published_world(publish_scores=True)
        return _by_pairing(world, ScoreRecord.objects.filter(indicator__code="1.1", side=""))


class TestPairingResultMatrix(ScopeMatrix):
    """Published with the ranks only: a region reads its own pairing's result."""

    model = PairingResult
    expected = PUBLISHED

    @pytest.fixture
    def objects(self, db):
        world = published_world(publish_ranks=True)
        return _by_pairing(world, PairingResult.objects.all())


class TestPairingOutcomeMatrix(ScopeMatrix):
    model = PairingOutcome
    expected = PUBLISHED

    @pytest.fixture
    def objects(self, db):
        world = published_world()
        return _by_pairing(world, PairingOutcome.objects.all())
