"""The role × action matrices of goals, targets and reported figures.

A target is the NDRC office's: it alone writes; the national roles read every target, a region's coordinators
and reporters those of their own pairings. A reported figure is a joint record of its pairing: the NDRC office
and the pairing's coordinators (either side) write it. Programme-wide targets and figures (the sum over every
pairing) are the national roles' alone. An entered goal is public like the
catalogue; the NDRC office alone writes it."""

import pytest

from duikou.core.testing import PERSONAS, ScopeMatrix

from ..models import EnteredGoal, GoalTarget, ReportedFigure
from .factories import entered_goal, figure, four, target

ALL4 = {"lj", "jz", "sb", "pw"}
READ = {"ndrc": {"view": ALL4}, "cod": {"view": ALL4},
        "liaoning": {"view": {"lj", "sb"}}, "liaoning_reporter": {"view": {"lj", "sb"}},
        "jiangsu": {"view": {"lj"}}, "jilin": {"view": {"jz"}}, "shenyang": {"view": {"sb"}}}
WRITE = ("add", "change", "delete")


class TestGoalTargetMatrix(ScopeMatrix):
    model = GoalTarget
    api_basename = "goaltarget"
    page_detail = "goals:target_detail"
    page_update = "goals:target_update"
    patch = {"note": "edited"}
    expected = {**READ, "ndrc": {"view": ALL4, **{action: ALL4 for action in WRITE}}}

    @pytest.fixture
    def objects(self, db):
        return four(lambda p: target(p))


FIGURE_WRITERS = {"ndrc": ALL4, "liaoning": {"lj", "sb"}, "jiangsu": {"lj"}, "jilin": {"jz"}, "shenyang": {"sb"}}


class TestReportedFigureMatrix(ScopeMatrix):
    model = ReportedFigure
    api_basename = "reportedfigure"
    page_detail = "goals:figure_detail"
    page_update = "goals:figure_update"
    patch = {"note": "edited"}
    expected = {persona: {**rules, **({action: FIGURE_WRITERS[persona] for action in WRITE}
                                      if persona in FIGURE_WRITERS else {})}
                for persona, rules in READ.items()}

    @pytest.fixture
    def objects(self, db):
        return four(lambda p: figure(p))


class TestEnteredGoalMatrix(ScopeMatrix):
    model = EnteredGoal
    page_detail = "goals:goal_detail"
    page_update = "goals:goal_update"
    expected = {**{persona: {"view": {"g"}} for persona in PERSONAS},
                "ndrc": {"view": {"g"}, **{action: {"g"} for action in WRITE}}}

    @pytest.fixture
    def objects(self, db):
        return {"g": EnteredGoal.objects.get(goal=entered_goal())}
