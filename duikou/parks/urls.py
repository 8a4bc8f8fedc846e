from django.urls import path

from . import views

app_name = "parks"

urlpatterns = [
    path("parks/", views.ParkListView.as_view(), name="park_list"),
    path("parks/new/", views.ParkCreateView.as_view(), name="park_create"),
    path("parks/<int:pk>/", views.ParkDetailView.as_view(), name="park_detail"),
    path("parks/<int:pk>/edit/", views.ParkUpdateView.as_view(), name="park_update"),
    path("parks/<int:pk>/delete/", views.ParkDeleteView.as_view(), name="park_delete"),
    path("parks/<int:pk>/figures/", views.ParkFigureView.as_view(), name="figure_record"),
    path("parks/<int:pk>/agreements/new/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path("agreements/<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement_update"),
    path("agreements/<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement_delete"),
]
