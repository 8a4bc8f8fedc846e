"""The role × action matrix of the project library: a project is a joint record of its pairing."""

import pytest

from duikou.core.testing import PERSONAS, ScopeMatrix

from ..models import CoordinationRequest, Industry, Project, ProjectReport, ProjectStageChange
from .factories import stage_change, three_projects

ALL3 = {"lj", "jz", "sb"}
READ = {"liaoning": {"view": {"lj", "sb"}}, "liaoning_reporter": {"view": {"lj", "sb"}}, "jiangsu": {"view": {"lj"}},
        "jilin": {"view": {"jz"}}, "shenyang": {"view": {"sb"}}, "ndrc": {"view": ALL3}, "cod": {"view": ALL3}}
EDIT = {"liaoning": {"lj", "sb"}, "jiangsu": {"lj"}, "jilin": {"jz"}, "shenyang": {"sb"}}


class TestProjectScope(ScopeMatrix):
    model = Project
    api_basename = "project"
    page_detail = "projects:project_detail"
    page_update = "projects:project_update"
    patch = {"description": "edited"}
    expected = {persona: {**rules, **({a: EDIT[persona] for a in ("add", "change", "delete")} if persona in EDIT else {})}
                for persona, rules in READ.items()}

    @pytest.fixture
    def objects(self, db):
        return three_projects()


class TestProjectStageChangeScope(ScopeMatrix):
    model = ProjectStageChange
    expected = READ

    @pytest.fixture
    def objects(self, db):
        return {key: stage_change(project) for key, project in three_projects().items()}


class TestIndustryScope(ScopeMatrix):
    """GB/T 4754 is public reference data: everyone reads it, nobody edits it through the platform."""

    model = Industry
    api_basename = "industry"
    api_lookup = "code"
    public_view = True
    expected = {persona: {"view": {"agriculture", "grain"}} for persona in PERSONAS}

    @pytest.fixture
    def objects(self, db):
        return {"agriculture": Industry.objects.get(code="01"), "grain": Industry.objects.get(code="011")}


class TestProjectReportScope(ScopeMatrix):
    """Coordinators of either side report and correct reports; a reporter only on projects its own
    organisation hosts (none of these: their hosts are other organisations)."""

    model = ProjectReport
    expected = {persona: {**rules, **({"add": EDIT[persona], "change": EDIT[persona]} if persona in EDIT else {})}
                for persona, rules in READ.items()}

    @pytest.fixture
    def objects(self, db):
        return {key: ProjectReport.objects.create(project=project, period="2026-05", investment_in_period=1,
                                                  investment_cumulative=1, narrative="进展")
                for key, project in three_projects().items()}


REPORTERS = {**EDIT, "liaoning_reporter": {"lj", "sb"}}


class TestCoordinationRequestScope(ScopeMatrix):
    """Both sides (coordinators and reporters) raise requests on their pairing's projects; the wrong
    region gets 404."""

    model = CoordinationRequest
    api_basename = "coordinationrequest"
    page_detail = "projects:request_detail"
    expected = {persona: {**rules, **({"add": REPORTERS[persona]} if persona in REPORTERS else {})}
                for persona, rules in READ.items()}

    @pytest.fixture
    def objects(self, db):
        return {key: CoordinationRequest.objects.create(project=project, pairing=project.pairing, kind="land", title="用地指标",
                                                        description="需协调用地指标", due_on="2026-06-30")
                for key, project in three_projects().items()}
