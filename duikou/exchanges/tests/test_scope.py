"""The role × action matrix of secondments: a joint record of its pairing, kept by both sides'
coordinators, read by their reporters (masked) and by the national roles; the wrong region gets 404."""

import pytest

from duikou.core.testing import ScopeMatrix

from ..models import Secondment, Trainee, Training
from .factories import three_secondments, three_trainings, trainee

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


class TestTrainingMatrix(ScopeMatrix):
    model = Training
    api_basename = "training"
    page_detail = "exchanges:training_detail"
    page_update = "exchanges:training_update"
    patch = {"place": "上海"}
    expected = TestSecondmentMatrix.expected

    @pytest.fixture
    def objects(self, db):
        return three_trainings()


class TestTraineeMatrix(ScopeMatrix):
    model = Trainee
    api_basename = "trainee"
    page_update = "exchanges:trainee_update"
    patch = {"organisation_name": "另一局"}
    expected = TestSecondmentMatrix.expected

    @pytest.fixture
    def objects(self, db):
        return {key: trainee(item) for key, item in three_trainings().items()}
