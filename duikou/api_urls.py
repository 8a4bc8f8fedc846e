"""/api/v1/: the open API. Public: regions, pairings and the catalogue; everything else needs a session or
a token and is scoped exactly as the pages are."""

from django.urls import include, path
from rest_framework import permissions, routers

from duikou.accounts.api import views as accounts_api
from duikou.dashboards.api import views as dashboards_api
from duikou.evaluation.api import views as evaluation_api
from duikou.events.api import views as events_api
from duikou.exchanges.api import views as exchanges_api
from duikou.funding.api import views as funding_api
from duikou.goals.api import views as goals_api
from duikou.imports.api import views as imports_api
from duikou.notifications.api import views as notifications_api
from duikou.parks.api import views as parks_api
from duikou.plans.api import views as plans_api
from duikou.projects.api import views as projects_api
from duikou.reforms.api import views as reforms_api
from duikou.regions.api import views as regions_api
from duikou.search.api import views as search_api
from duikou.supervision.api import views as supervision_api
from duikou.talent.api import views as talent_api


class PublicAPIRootView(routers.APIRootView):
    """The index of /api/v1/ is public, like the regions, pairings and catalogue it lists."""

    permission_classes = [permissions.AllowAny]


router = routers.DefaultRouter()
router.APIRootView = PublicAPIRootView
router.register("regions", regions_api.RegionViewSet, basename="region")
router.register("pairings", regions_api.PairingViewSet, basename="pairing")
router.register("key-tasks", regions_api.KeyTaskViewSet, basename="keytask")
router.register("key-task-groups", regions_api.KeyTaskGroupViewSet, basename="keytaskgroup")
router.register("principles", regions_api.PrincipleViewSet, basename="principle")
router.register("safeguards", regions_api.SafeguardViewSet, basename="safeguard")
router.register("goals", regions_api.GoalViewSet, basename="goal")
router.register("agreements", regions_api.AgreementViewSet, basename="agreement")
router.register("organisations", accounts_api.OrganisationViewSet, basename="organisation")
router.register("users", accounts_api.UserViewSet, basename="user")
router.register("plans", plans_api.PlanViewSet, basename="plan")
router.register("plan-items", plans_api.PlanItemViewSet, basename="planitem")
router.register("time-nodes", plans_api.TimeNodeViewSet, basename="timenode")
router.register("indicators", plans_api.IndicatorViewSet, basename="indicator")
router.register("indicator-actuals", plans_api.IndicatorActualViewSet, basename="indicatoractual")
router.register("progress-updates", plans_api.ProgressUpdateViewSet, basename="progressupdate")
router.register("plan-attachments", plans_api.PlanAttachmentViewSet, basename="planattachment")
router.register("plan-versions", plans_api.PlanVersionViewSet, basename="planversion")
router.register("plan-due-rules", plans_api.PlanDueRuleViewSet, basename="planduerule")
router.register("industries", projects_api.IndustryViewSet, basename="industry")
router.register("projects", projects_api.ProjectViewSet, basename="project")
router.register("coordination-requests", projects_api.CoordinationRequestViewSet, basename="coordinationrequest")
router.register("imports", imports_api.ImportBatchViewSet, basename="importbatch")
router.register("parks", parks_api.ParkViewSet, basename="park")
router.register("benefit-agreements", parks_api.BenefitAgreementViewSet, basename="benefitagreement")
router.register("funding", funding_api.FundingEntryViewSet, basename="fundingentry")
router.register("secondments", exchanges_api.SecondmentViewSet, basename="secondment")
router.register("reform-practices", reforms_api.ReformPracticeViewSet, basename="reformpractice")
router.register("replications", reforms_api.ReplicationViewSet, basename="replication")
router.register("experts", talent_api.ExpertViewSet, basename="expert")
router.register("expert-engagements", talent_api.EngagementViewSet, basename="expertengagement")
router.register("trainings", exchanges_api.TrainingViewSet, basename="training")
router.register("trainees", exchanges_api.TraineeViewSet, basename="trainee")
router.register("events", events_api.EventViewSet, basename="event")
router.register("event-outcomes", events_api.EventOutcomeViewSet, basename="eventoutcome")
router.register("frameworks", evaluation_api.FrameworkViewSet, basename="framework")
router.register("framework-dimensions", evaluation_api.DimensionViewSet, basename="frameworkdimension")
router.register("framework-indicators", evaluation_api.IndicatorViewSet, basename="frameworkindicator")
router.register("evaluation-rounds", evaluation_api.EvaluationRoundViewSet, basename="evaluationround")
router.register("self-assessments", evaluation_api.SelfAssessmentViewSet, basename="selfassessment")
router.register("notifications", notifications_api.NotificationViewSet, basename="notification")
router.register("supervision-items", supervision_api.SupervisionItemViewSet, basename="supervisionitem")
router.register("supervision-nodes", supervision_api.SupervisionNodeViewSet, basename="supervisionnode")
router.register("rectifications", supervision_api.RectificationViewSet, basename="rectification")
router.register("goal-targets", goals_api.GoalTargetViewSet, basename="goaltarget")
router.register("reported-figures", goals_api.ReportedFigureViewSet, basename="reportedfigure")

app_name = "api"

urlpatterns = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="token"),
    path("dashboard/", dashboards_api.DashboardView.as_view(), name="dashboard"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("search/", search_api.SearchView.as_view(), name="search"),
    path("", include(router.urls)),
]
