import django_filters
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet, YesNoAllWidget
from duikou.regions.filtersets import _user_pairings

from . import lights
from .models import RectificationRequirement, SupervisionItem, SupervisionNode

LIGHT_CHOICES = [(light, lights.LABELS[light]) for light in lights.LIGHTS] + [
    (lights.CANCELLED, _("Cancelled"))
]


class SupervisionItemFilterSet(SearchFilterSet):
    """Filters the items of ``selectors.item_list`` (which annotates ``light``)."""

    search_fields = ("title", "description", "assignee__name")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SupervisionItem.Status.choices)
    light = django_filters.ChoiceFilter(label=_("Light"), choices=LIGHT_CHOICES, method="filter_light")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue", widget=YesNoAllWidget)
    source_kind = django_filters.ChoiceFilter(label=_("Source"), choices=SupervisionItem.SourceKind.choices)

    class Meta:
        model = SupervisionItem
        fields = ["q", "pairing", "status", "light", "overdue", "source_kind"]

    def filter_light(self, queryset, name, value):
        return queryset.filter(light=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(light=lights.RED) if value else queryset.exclude(light=lights.RED)


class SupervisionNodeFilterSet(django_filters.FilterSet):
    item = django_filters.NumberFilter(label=_("Supervision item"), field_name="item_id")
    done = django_filters.BooleanFilter(
        label=_("Done"), field_name="done_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = SupervisionNode
        fields = ["item", "done"]


class RectificationFilterSet(SearchFilterSet):
    search_fields = ("title", "basis", "round_ref")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RectificationRequirement.Status.choices)

    class Meta:
        model = RectificationRequirement
        fields = ["q", "pairing", "status"]
