from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/new/", views.RegionCreateView.as_view(), name="region_create"),
    path("regions/<str:pk>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("regions/<str:pk>/edit/", views.RegionUpdateView.as_view(), name="region_update"),
    path("pairings/", views.PairingListView.as_view(), name="pairing_list"),
    path("pairings/new/", views.PairingCreateView.as_view(), name="pairing_create"),
    path("pairings/<int:pk>/", views.PairingDetailView.as_view(), name="pairing_detail"),
    path("pairings/<int:pk>/edit/", views.PairingUpdateView.as_view(), name="pairing_update"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/new/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement_update"),
    path("agreements/<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement_delete"),
    path("catalogue/", views.CatalogueView.as_view(), name="catalogue"),
    path("catalogue/<str:code>/", views.KeyTaskDetailView.as_view(), name="keytask_detail"),
]
