import django_filters
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet, YesNoAllWidget
from duikou.regions.filtersets import _user_pairings

from .models import Park


class ParkFilterSet(SearchFilterSet):
    search_fields = ("name", "partner_park", "description", "operator__name")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Park.Kind.choices)
    management_model = django_filters.ChoiceFilter(label=_("Management model"), choices=Park.Model.choices)
    is_key = django_filters.BooleanFilter(label=_("Key parks only"), method="filter_flag", widget=YesNoAllWidget)

    class Meta:
        model = Park
        fields = ["q", "pairing", "kind", "management_model", "is_key"]

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset
