import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet
from duikou.regions.filtersets import _user_pairings

from .models import FundingEntry, FundingStage, Source


class FundingEntryFilterSet(SearchFilterSet):
    search_fields = ("document_number", "note", "project__title", "park__name")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=FundingStage.choices)
    project = django_filters.NumberFilter(label=_("Project"), field_name="project_id",
                                          widget=forms.HiddenInput)
    park = django_filters.NumberFilter(label=_("Park"), field_name="park_id",
                                       widget=forms.HiddenInput)
    since = django_filters.DateFilter(label=_("From"), field_name="on", lookup_expr="gte",
                                   widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("To"), field_name="on", lookup_expr="lte",
                                   widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = FundingEntry
        fields = ["q", "pairing", "source", "stage", "project", "park", "since", "until"]
