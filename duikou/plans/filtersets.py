import django_filters
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet
from duikou.regions.filtersets import _user_pairings
from duikou.regions.models import KeyTask

from . import lights
from .models import Plan, PlanItem, PlanKind


class PlanFilterSet(SearchFilterSet):
    search_fields = ("title", "document_number", "pairing__northeast__name", "pairing__east__name")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PlanKind.choices)
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Plan.Status.choices)

    class Meta:
        model = Plan
        fields = ["q", "pairing", "kind", "year", "status"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(period_start__lte=value, period_end__gte=value) if value else queryset


class PlanItemFilterSet(SearchFilterSet):
    """Items of every plan the user sees; ``light`` filters on the computed light."""

    search_fields = ("title", "number", "description", "lead_organisation__name")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), field_name="plan__pairing", queryset=_user_pairings)
    plan = django_filters.NumberFilter(label=_("Plan"), field_name="plan_id", widget=django_filters.widgets.forms.HiddenInput)
    key_task = django_filters.ModelChoiceFilter(label=_("Key task"), queryset=KeyTask.objects.all())
    light = django_filters.ChoiceFilter(label=_("Light"), choices=lights.CHOICES, method="filter_light")
    year = django_filters.NumberFilter(label=_("Due in year"), field_name="due_date", lookup_expr="year")

    class Meta:
        model = PlanItem
        fields = ["q", "pairing", "key_task", "light", "year", "plan"]

    def filter_light(self, queryset, name, value):
        return queryset.filter(light=value) if value else queryset
