from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/<int:pk>/", views.ExpertDetailView.as_view(), name="expert_detail"),
]
