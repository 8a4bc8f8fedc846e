from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("audit/", views.AuditEntryListView.as_view(), name="audit_list"),
    path("system/", views.SystemStatusView.as_view(), name="system_status"),
]
