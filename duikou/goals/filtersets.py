import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from duikou.core.filtersets import SearchFilterSet
from duikou.regions.filtersets import _user_pairings
from duikou.regions.models import Goal

from .measures import MEASURE_CHOICES
from .models import GoalTarget, ReportedFigure

PROGRAMME, PAIRINGS = "programme", "pairing"
LEVELS = ((PROGRAMME, _("The programme as a whole")), (PAIRINGS, _("Pairings")))


class _LevelFilterSet(SearchFilterSet):
    """Shared by targets and figures: the pairing (narrowed to the user's pairings) and the level, the
    programme as a whole or the pairings."""

    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    measure = django_filters.ChoiceFilter(label=_("Measure"), choices=MEASURE_CHOICES)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=LEVELS, method="filter_level")

    @extend_schema_field(OpenApiTypes.STR)
    def filter_level(self, queryset, name, value):
        if value == PROGRAMME:
            return queryset.filter(pairing__isnull=True)
        if value == PAIRINGS:
            return queryset.filter(pairing__isnull=False)
        return queryset


class GoalTargetFilterSet(_LevelFilterSet):
    search_fields = ("note", "goal__title", "goal__title_en")
    goal = django_filters.ModelChoiceFilter(label=_("Goal"), queryset=Goal.objects.all())
    year = django_filters.NumberFilter(label=_("Target year"), method="filter_year",
                                       widget=forms.NumberInput(attrs={"min": 2017, "max": 2100}))

    class Meta:
        model = GoalTarget
        fields = ["q", "goal", "measure", "level", "pairing", "year"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_year(self, queryset, name, value):
        """Targets whose period ends in the year."""
        return queryset.filter(period_end__year=value) if value else queryset


class ReportedFigureFilterSet(_LevelFilterSet):
    search_fields = ("source", "basis", "note")
    since = django_filters.DateFilter(label=_("As of, from"), field_name="as_of", lookup_expr="gte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("As of, to"), field_name="as_of", lookup_expr="lte",
                                      widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = ReportedFigure
        fields = ["q", "measure", "level", "pairing", "since", "until"]

