from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
]
urlpatterns += [
    path("dashboard/coverage/", views.CoverageView.as_view(), name="coverage"),
    path(
        "dashboard/coverage/<int:pairing_id>/<str:key_task>/",
        views.CoverageCellView.as_view(),
        name="coverage_cell",
    ),
]
