from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="project_update"),
    path("projects/<int:pk>/delete/", views.ProjectDeleteView.as_view(), name="project_delete"),
    path("projects/<int:pk>/stage/", views.ProjectStageView.as_view(), name="project_stage"),
    path("projects/<int:pk>/reports/new/", views.ProjectReportCreateView.as_view(), name="report_create"),
    path("projects/<int:pk>/requests/new/", views.CoordinationRequestCreateView.as_view(), name="request_create"),
    path("parks/<int:pk>/requests/new/", views.ParkCoordinationRequestCreateView.as_view(), name="park_request_create"),
    path("coordination-requests/", views.CoordinationRequestListView.as_view(), name="request_list"),
    path("coordination-requests/response-times/", views.ResponseTimesView.as_view(), name="response_times"),
    path("coordination-requests/<int:pk>/", views.CoordinationRequestDetailView.as_view(), name="request_detail"),
    path("coordination-requests/<int:pk>/<str:step>/", views.CoordinationRequestActionView.as_view(),
         name="request_step"),
]
