from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("funding/", views.FundingEntryListView.as_view(), name="entry_list"),
    path("funding/rates/", views.FundingRatesView.as_view(), name="rates"),
    path("funding/new/", views.FundingEntryCreateView.as_view(), name="entry_create"),
    path("funding/<int:pk>/", views.FundingEntryDetailView.as_view(), name="entry_detail"),
    path("funding/<int:pk>/edit/", views.FundingEntryUpdateView.as_view(), name="entry_update"),
    path("funding/<int:pk>/delete/", views.FundingEntryDeleteView.as_view(), name="entry_delete"),
]
