from django.urls import path

from . import views

app_name = "exchanges"

urlpatterns = [
    path("secondments/", views.SecondmentListView.as_view(), name="secondment_list"),
    path("secondments/new/", views.SecondmentCreateView.as_view(), name="secondment_create"),
    path("secondments/<int:pk>/", views.SecondmentDetailView.as_view(), name="secondment_detail"),
    path("secondments/<int:pk>/edit/", views.SecondmentUpdateView.as_view(), name="secondment_update"),
    path("secondments/<int:pk>/delete/", views.SecondmentDeleteView.as_view(), name="secondment_delete"),
]
