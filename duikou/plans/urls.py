from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("plans/due-rules/<int:pk>/edit/", views.PlanDueRuleUpdateView.as_view(), name="due_rule_update"),
    path("plans/summary/new/", views.SummaryDraftView.as_view(), name="summary_draft"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/confirm/", views.PlanConfirmView.as_view(), name="plan_confirm"),
    path("plans/<int:pk>/submit/", views.PlanSubmitView.as_view(), name="plan_submit"),
    path("plans/<int:pk>/acknowledge/", views.PlanAcknowledgeView.as_view(), name="plan_acknowledge"),
    path("plans/<int:pk>/return/", views.PlanReturnView.as_view(), name="plan_return"),
    path("plans/<int:pk>/versions/", views.PlanVersionsView.as_view(), name="plan_versions"),
    path("plans/<int:pk>/document.<str:fmt>", views.PlanDocumentView.as_view(), name="plan_document"),
    path("plans/<int:pk>/attachments/new/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("plans/<int:parent_pk>/items/new/", views.PlanItemCreateView.as_view(), name="item_create"),
    path("plan-attachments/<int:pk>/download/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("plan-attachments/<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path("plan-items/", views.PlanItemListView.as_view(), name="item_list"),
    path("plan-items/<int:pk>/", views.PlanItemDetailView.as_view(), name="item_detail"),
    path("plan-items/<int:pk>/edit/", views.PlanItemUpdateView.as_view(), name="item_update"),
    path("plan-items/<int:pk>/delete/", views.PlanItemDeleteView.as_view(), name="item_delete"),
    path("plan-items/<int:parent_pk>/nodes/new/", views.TimeNodeCreateView.as_view(), name="node_create"),
    path("plan-items/<int:parent_pk>/indicators/new/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("plan-items/<int:parent_pk>/progress/new/", views.ProgressReportView.as_view(), name="progress_create"),
    path("time-nodes/<int:pk>/edit/", views.TimeNodeUpdateView.as_view(), name="node_update"),
    path("time-nodes/<int:pk>/complete/", views.TimeNodeCompleteView.as_view(), name="node_complete"),
    path("indicators/<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator_update"),
    path("indicators/<int:parent_pk>/actuals/new/", views.IndicatorActualCreateView.as_view(), name="actual_create"),
]
