import django_filters
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet
from duikou.core.roles import Role
from duikou.regions.models import Region

from .models import Organisation, User


class OrganisationFilterSet(SearchFilterSet):
    search_fields = ("name", "name_en", "uscc", "region__name")
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.filter(level=Region.Level.PROVINCE),
                                            method="filter_region")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "region"]

    def filter_region(self, queryset, name, value):
        """A province includes its cities' organisations."""
        return queryset.filter(region__in=[value.code, *value.children.values_list("code", flat=True)])


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "full_name", "email", "organisation__name")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, field_name="role_grants__role")
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]
