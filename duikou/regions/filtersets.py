import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from duikou.core.filtersets import SearchFilterSet, YesNoAllWidget

from .models import Agreement, KeyTask, KeyTaskGroup, Pairing, Region
from .selectors import pairings_of


class RegionFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "name_en")
    parent = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Region.objects.filter(level=Region.Level.PROVINCE)
    )

    class Meta:
        model = Region
        fields = ["q", "level", "parent"]


class PairingFilterSet(SearchFilterSet):
    search_fields = ("northeast__name", "east__name", "northeast__name_en", "east__name_en", "northeast__code",
                     "east__code")
    region = django_filters.ModelChoiceFilter(
        label=_("Region (either side)"), queryset=Region.objects.filter(level=Region.Level.PROVINCE),
        method="filter_region",
    )
    mine = django_filters.BooleanFilter(label=_("Only my pairings"), method="filter_mine",
                                        widget=YesNoAllWidget)

    class Meta:
        model = Pairing
        fields = ["q", "tier", "status", "region", "mine"]

    @extend_schema_field(OpenApiTypes.STR)
    def filter_region(self, queryset, name, value):
        codes = [value.code, *value.children.values_list("code", flat=True)]
        return queryset.involving(codes) if value else queryset

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(pk__in=user.scope.pairing_ids)


def _user_pairings(request):
    return pairings_of(user=request.user) if request is not None else Pairing.objects.none()


class AgreementFilterSet(SearchFilterSet):
    search_fields = ("title", "summary", "document_number", "signatories")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    key_task = django_filters.ModelChoiceFilter(label=_("Key task"), field_name="key_tasks",
                                                queryset=KeyTask.objects.all())
    signed_after = django_filters.DateFilter(label=_("Signed on or after"), field_name="signed_on",
                                             lookup_expr="gte")

    class Meta:
        model = Agreement
        fields = ["q", "pairing", "kind", "key_task", "signed_after"]


class KeyTaskFilterSet(SearchFilterSet):
    search_fields = ("code", "title", "title_en", "reference_text")
    group = django_filters.ModelChoiceFilter(label=_("Group"), queryset=KeyTaskGroup.objects.all())

    class Meta:
        model = KeyTask
        fields = ["q", "group"]
