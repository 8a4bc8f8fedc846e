"""One filterset per model, used by the list page, the API and the selectors alike (STYLE convention 5)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from duikou.core.filtersets import SearchFilterSet
from duikou.regions.filtersets import _user_pairings
from duikou.regions.models import KeyTask

from .models import (
    ReformPractice,
    Replication,
    ReplicationStatus,
    covered_codes,
    eastern_regions,
    northeastern_regions,
)


def _eastern(request):
    return eastern_regions().order_by("code")


def _northeastern(request):
    return northeastern_regions().order_by("code")


class ReformPracticeFilterSet(SearchFilterSet):
    search_fields = ("title", "description", "source_document", "tags")
    origin = django_filters.ModelChoiceFilter(
        label=_("Origin region"),
        queryset=_eastern,
        method="filter_origin",
        help_text=_("A province covers its cities."),
    )
    key_task = django_filters.ModelChoiceFilter(
        label=_("Key task"),
        queryset=KeyTask.objects.all(),
        to_field_name="code",
        help_text=_("Its code, e.g. 1.1."),
    )

    class Meta:
        model = ReformPractice
        fields = ["q", "origin", "key_task"]

    def filter_origin(self, queryset, name, value):
        return queryset.filter(origin__in=covered_codes(value)) if value else queryset


class ReplicationFilterSet(SearchFilterSet):
    """Answers "which of 广东's practices has 黑龙江 replicated, and since when": ``?origin=440000&region=230000``
    (a province covers its cities), optionally ``&status=replicated``."""

    search_fields = ("practice__title", "practice__source_document", "evidence", "notes")
    origin = django_filters.ModelChoiceFilter(
        label=_("Origin region"),
        queryset=_eastern,
        method="filter_origin",
        help_text=_("Where the practice comes from; a province covers its cities."),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Replicating region"),
        queryset=_northeastern,
        method="filter_region",
        help_text=_("A province covers its cities."),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReplicationStatus.choices)
    key_task = django_filters.ModelChoiceFilter(
        label=_("Key task"),
        field_name="practice__key_task",
        queryset=KeyTask.objects.all(),
        to_field_name="code",
        help_text=_("Its code, e.g. 1.1."),
    )
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="status_since",
        lookup_expr="year",
        help_text=_("Replications whose current status was reached in that year."),
    )

    class Meta:
        model = Replication
        fields = ["q", "origin", "region", "status", "key_task", "pairing", "year"]

    @extend_schema_field(OpenApiTypes.STR)
    def filter_origin(self, queryset, name, value):
        return queryset.filter(practice__origin__in=covered_codes(value)) if value else queryset

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__in=covered_codes(value)) if value else queryset
