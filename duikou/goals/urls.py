from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [
    path("goals/", views.GoalOverviewView.as_view(), name="overview"),
    path("goals/new/", views.GoalCreateView.as_view(), name="goal_create"),
    path("goals/<int:pk>/", views.GoalDetailView.as_view(), name="goal_detail"),
    path("goals/<int:pk>/edit/", views.GoalUpdateView.as_view(), name="goal_update"),
    path("goals/<int:pk>/delete/", views.GoalDeleteView.as_view(), name="goal_delete"),
    path("goal-targets/", views.GoalTargetListView.as_view(), name="target_list"),
    path("goal-targets/new/", views.GoalTargetCreateView.as_view(), name="target_create"),
    path("goal-targets/<int:pk>/", views.GoalTargetDetailView.as_view(), name="target_detail"),
    path("goal-targets/<int:pk>/edit/", views.GoalTargetUpdateView.as_view(), name="target_update"),
    path("goal-targets/<int:pk>/delete/", views.GoalTargetDeleteView.as_view(), name="target_delete"),
    path("reported-figures/", views.ReportedFigureListView.as_view(), name="figure_list"),
    path("reported-figures/new/", views.ReportedFigureCreateView.as_view(), name="figure_create"),
    path("reported-figures/<int:pk>/", views.ReportedFigureDetailView.as_view(), name="figure_detail"),
    path("reported-figures/<int:pk>/edit/", views.ReportedFigureUpdateView.as_view(), name="figure_update"),
    path("reported-figures/<int:pk>/delete/", views.ReportedFigureDeleteView.as_view(), name="figure_delete"),
]
