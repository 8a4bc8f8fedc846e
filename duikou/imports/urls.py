from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.ImportStartView.as_view(), name="start"),
    path("imports/templates/<str:kind>/", views.ImportTemplateView.as_view(), name="template"),
    path("imports/<int:pk>/", views.ImportBatchDetailView.as_view(), name="batch_detail"),
    path("imports/<int:pk>/preview/", views.ImportBatchPreviewView.as_view(), name="batch_preview"),
    path("imports/<int:pk>/commit/", views.ImportBatchCommitView.as_view(), name="batch_commit"),
]
