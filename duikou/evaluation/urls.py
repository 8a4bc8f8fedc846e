from django.urls import path

from . import round_views, views

app_name = "evaluation"

urlpatterns = [
    path("frameworks/", views.FrameworkListView.as_view(), name="framework_list"),
    path("frameworks/new/", views.FrameworkCreateView.as_view(), name="framework_create"),
    path("frameworks/<int:pk>/", views.FrameworkDetailView.as_view(), name="framework_detail"),
    path("frameworks/<int:pk>/edit/", views.FrameworkUpdateView.as_view(), name="framework_update"),
    path("frameworks/<int:pk>/delete/", views.FrameworkDeleteView.as_view(), name="framework_delete"),
    path("frameworks/<int:pk>/publish/", views.FrameworkPublishView.as_view(), name="framework_publish"),
    path("frameworks/<int:pk>/retire/", views.FrameworkRetireView.as_view(), name="framework_retire"),
    path(
        "frameworks/<int:pk>/new-version/",
        views.FrameworkNewVersionView.as_view(),
        name="framework_new_version",
    ),
    path("frameworks/<int:pk>/export/", views.FrameworkExportView.as_view(), name="framework_export"),
    path("frameworks/<int:pk>/preview/", views.FrameworkPreviewView.as_view(), name="framework_preview"),
    path(
        "frameworks/<int:framework_pk>/dimensions/new/",
        views.DimensionCreateView.as_view(),
        name="dimension_create",
    ),
    path("framework-dimensions/<int:pk>/edit/", views.DimensionUpdateView.as_view(), name="dimension_update"),
    path(
        "framework-dimensions/<int:pk>/delete/", views.DimensionDeleteView.as_view(), name="dimension_delete"
    ),
    path(
        "frameworks/<int:framework_pk>/indicators/new/",
        views.IndicatorCreateView.as_view(),
        name="indicator_create",
    ),
    path("framework-indicators/<int:pk>/edit/", views.IndicatorUpdateView.as_view(), name="indicator_update"),
    path(
        "framework-indicators/<int:pk>/delete/", views.IndicatorDeleteView.as_view(), name="indicator_delete"
    ),
    path("evaluation-rounds/", round_views.RoundListView.as_view(), name="round_list"),
    path("evaluation-rounds/new/", round_views.RoundCreateView.as_view(), name="round_create"),
    path("evaluation-rounds/<int:pk>/", round_views.RoundDetailView.as_view(), name="round_detail"),
    path("evaluation-rounds/<int:pk>/compute/", round_views.RoundComputeView.as_view(), name="round_compute"),
    path(
        "evaluation-rounds/<int:pk>/recompute/",
        round_views.RoundRecomputeView.as_view(),
        name="round_recompute",
    ),
    path("evaluation-rounds/<int:pk>/publish/", round_views.RoundPublishView.as_view(), name="round_publish"),
    path("evaluation-rounds/<int:pk>/close/", round_views.RoundCloseView.as_view(), name="round_close"),
    path("evaluation-rounds/<int:pk>/report.docx", round_views.RoundDocxView.as_view(), name="round_docx"),
    path("evaluation-rounds/<int:pk>/report.xlsx", round_views.RoundXlsxView.as_view(), name="round_xlsx"),
    path(
        "evaluation-rounds/<int:pk>/pairings/<int:pairing_pk>/",
        round_views.BreakdownView.as_view(),
        name="round_breakdown",
    ),
    path(
        "evaluation-rounds/<int:pk>/pairings/<int:pairing_pk>/outcome/",
        round_views.OutcomeView.as_view(),
        name="round_outcome",
    ),
    path(
        "evaluation-rounds/<int:pk>/pairings/<int:pairing_pk>/indicators/<int:indicator_pk>/records/",
        round_views.ScoreRecordsView.as_view(),
        name="score_records",
    ),
    path("self-assessments/<int:pk>/", round_views.SelfAssessmentView.as_view(), name="self_assessment"),
    path("records/<str:label>/<int:pk>/", round_views.TraceRecordView.as_view(), name="trace_record"),
]
