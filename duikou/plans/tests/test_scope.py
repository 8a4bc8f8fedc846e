"""The role × action matrix of every plan model: a plan is a joint record of its pairing. Both sides'
coordinators draft and edit; reporters read and report progress and actual values; the national roles
read all; everyone else, and the wrong region, gets nothing (404)."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duikou.core.testing import ScopeMatrix

from ..models import (
    Indicator,
    IndicatorActual,
    Plan,
    PlanAttachment,
    PlanDueRule,
    PlanEvent,
    PlanItem,
    PlanVersion,
    ProgressUpdate,
    TimeNode,
)
from .factories import (
    IndicatorActualFactory,
    IndicatorFactory,
    PlanItemFactory,
    ProgressUpdateFactory,
    TimeNodeFactory,
    three_plans,
)

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
EDIT = {"liaoning": {"lj", "sb"}, "jiangsu": {"lj"}, "jilin": {"jz"}, "shenyang": {"sb"}}


def with_actions(table, actions, who):
    """READ plus ``actions`` for the personas in ``who`` (persona -> keys)."""
    result = {persona: dict(rules) for persona, rules in table.items()}
    for persona, keys in who.items():
        for action in actions:
            result.setdefault(persona, {})[action] = set(keys)
    return result


COORDINATORS_EDIT = with_actions(READ, ("add", "change", "delete"), EDIT)
REPORTERS = {**EDIT, "liaoning_reporter": {"lj", "sb"}}


def _children(factory):
    plans = three_plans()
    return {key: factory(plan) for key, plan in plans.items()}


class TestPlanScope(ScopeMatrix):
    model = Plan
    api_basename = "plan"
    page_detail = "plans:plan_detail"
    page_update = "plans:plan_update"
    patch = {"goals": "<p>edited</p>"}
    expected = COORDINATORS_EDIT

    @pytest.fixture
    def objects(self, db):
        return three_plans()


class TestPlanItemScope(ScopeMatrix):
    model = PlanItem
    api_basename = "planitem"
    page_detail = "plans:item_detail"
    page_update = "plans:item_update"
    patch = {"description": "edited"}
    expected = COORDINATORS_EDIT

    @pytest.fixture
    def objects(self, db):
        return _children(lambda plan: PlanItemFactory(plan=plan))


class TestTimeNodeScope(ScopeMatrix):
    model = TimeNode
    api_basename = "timenode"
    patch = {"title": "edited"}
    expected = COORDINATORS_EDIT

    @pytest.fixture
    def objects(self, db):
        return _children(lambda plan: TimeNodeFactory(item=PlanItemFactory(plan=plan)))


class TestIndicatorScope(ScopeMatrix):
    model = Indicator
    api_basename = "indicator"
    patch = {"counting_basis": "edited"}
    expected = COORDINATORS_EDIT

    @pytest.fixture
    def objects(self, db):
        return _children(lambda plan: IndicatorFactory(item=PlanItemFactory(plan=plan)))


class TestIndicatorActualScope(ScopeMatrix):
    """Actual values are reported by coordinators and reporters of either side, in any plan status."""

    model = IndicatorActual
    api_basename = "indicatoractual"
    patch = {"evidence": "edited"}
    expected = with_actions(READ, ("add", "change"), REPORTERS)

    @pytest.fixture
    def objects(self, db):
        return _children(lambda plan: IndicatorActualFactory(indicator=IndicatorFactory(item=PlanItemFactory(plan=plan))))


class TestProgressUpdateScope(ScopeMatrix):
    """Progress is reported, never edited: a correction is a new report."""

    model = ProgressUpdate
    api_basename = "progressupdate"
    patch = {"note": "edited"}
    expected = with_actions(READ, ("add",), REPORTERS)

    @pytest.fixture
    def objects(self, db):
        return _children(lambda plan: ProgressUpdateFactory(item=PlanItemFactory(plan=plan)))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TestPlanAttachmentScope(ScopeMatrix):
    model = PlanAttachment
    api_basename = "planattachment"
    patch = {"description": "edited"}
    expected = with_actions(READ, ("add", "delete"), EDIT)

    @pytest.fixture
    def objects(self, db):
        def attach(plan):
            attachment = PlanAttachment(plan=plan, original_name="批复.pdf", content_type="application/pdf",
                                        size=len(PDF), sha256="0" * 64)
            attachment.file.save("批复.pdf", io.BytesIO(PDF), save=False)
            attachment.save()
            return attachment

        return _children(attach)


class TestPlanVersionScope(ScopeMatrix):
    model = PlanVersion
    api_basename = "planversion"
    expected = READ

    @pytest.fixture
    def objects(self, db):
        return _children(lambda plan: PlanVersion.objects.create(plan=plan, revision=1, reason="test", content={}))


class TestPlanEventScope(ScopeMatrix):
    model = PlanEvent
    expected = READ

    @pytest.fixture
    def objects(self, db):
        return _children(lambda plan: PlanEvent.objects.create(plan=plan, action="created", revision=1))


BUSINESS = ("liaoning", "liaoning_reporter", "jiangsu", "jilin", "shenyang", "ndrc", "cod")


class TestPlanDueRuleScope(ScopeMatrix):
    """The due date rules are the NDRC office's; everyone at work reads them."""

    model = PlanDueRule
    api_basename = "planduerule"
    patch = {"remind_days": 10}
    expected = {**{p: {"view": {"annual", "summary"}} for p in BUSINESS},
                "ndrc": {"view": {"annual", "summary"}, "change": {"annual", "summary"}}}

    @pytest.fixture
    def objects(self, db):
        return {rule.kind: rule for rule in PlanDueRule.objects.all()}


def test_attachment_upload_is_scoped(personas, client, settings, tmp_path):
    """Uploading goes through the same scope: Jilin cannot attach to a Liaoning–Jiangsu plan (404)."""
    settings.MEDIA_ROOT = tmp_path
    plan = three_plans()["lj"]
    client.force_login(personas["jilin"])
    response = client.post(f"/api/v1/plans/{plan.pk}/attachments/",
                           {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    assert response.status_code == 404
    client.force_login(personas["jiangsu"])
    response = client.post(f"/api/v1/plans/{plan.pk}/attachments/",
                           {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    assert response.status_code == 201, response.content
    assert PlanAttachment.objects.get(plan=plan).sha256 == hashlib.sha256(PDF).hexdigest()
