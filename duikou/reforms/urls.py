from django.urls import path

from . import views

app_name = "reforms"

urlpatterns = [
    path("reform-practices/", views.ReformPracticeListView.as_view(), name="practice_list"),
    path("reform-practices/new/", views.ReformPracticeCreateView.as_view(), name="practice_create"),
    path("reform-practices/<int:pk>/", views.ReformPracticeDetailView.as_view(), name="practice_detail"),
    path("reform-practices/<int:pk>/edit/", views.ReformPracticeUpdateView.as_view(), name="practice_update"),
    path(
        "reform-practices/<int:pk>/delete/", views.ReformPracticeDeleteView.as_view(), name="practice_delete"
    ),
    path("replications/", views.ReplicationListView.as_view(), name="replication_list"),
    path("replications/new/", views.ReplicationCreateView.as_view(), name="replication_create"),
    path("replications/<int:pk>/", views.ReplicationDetailView.as_view(), name="replication_detail"),
    path("replications/<int:pk>/edit/", views.ReplicationUpdateView.as_view(), name="replication_update"),
    path("replications/<int:pk>/delete/", views.ReplicationDeleteView.as_view(), name="replication_delete"),
    path("replications/<int:pk>/status/", views.ReplicationStatusView.as_view(), name="replication_status"),
]
