from django.urls import path

from . import views

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
]
