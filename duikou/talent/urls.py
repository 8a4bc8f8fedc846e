from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/new/", views.ExpertCreateView.as_view(), name="expert_create"),
    path("experts/<int:pk>/", views.ExpertDetailView.as_view(), name="expert_detail"),
    path("experts/<int:pk>/edit/", views.ExpertUpdateView.as_view(), name="expert_update"),
    path("experts/<int:pk>/delete/", views.ExpertDeleteView.as_view(), name="expert_delete"),
    path("expert-engagements/", views.EngagementListView.as_view(), name="engagement_list"),
    path("expert-engagements/new/", views.EngagementCreateView.as_view(), name="engagement_create"),
    path("expert-engagements/<int:pk>/", views.EngagementDetailView.as_view(), name="engagement_detail"),
    path("expert-engagements/<int:pk>/edit/", views.EngagementUpdateView.as_view(), name="engagement_update"),
    path("expert-engagements/<int:pk>/delete/", views.EngagementDeleteView.as_view(), name="engagement_delete"),
]
