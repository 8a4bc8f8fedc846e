import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet, YesNoAllWidget
from duikou.regions.filtersets import _user_pairings
from duikou.regions.models import Region

from .models import SUPPORT_FIELDS, Engagement, Expert, SupportForm


class ExpertFilterSet(SearchFilterSet):
    """The free-text search covers the name, the field and the affiliation, never the contact: a user who
    may not see a contact must not find an expert by guessing one."""

    search_fields = ("name", "field_of_expertise", "affiliation", "industry__name")
    title_category = django_filters.ChoiceFilter(label=_("Title category"), choices=Expert.Title.choices)
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.filter(level=Region.Level.PROVINCE), method="filter_region",
        help_text=_("The province and its cities."))
    support = django_filters.ChoiceFilter(label=_("Form of support"), choices=SupportForm.choices,
                                          method="filter_support")
    public_profile = django_filters.BooleanFilter(label=_("Public profile"), widget=YesNoAllWidget)

    class Meta:
        model = Expert
        fields = ["q", "title_category", "region", "support", "public_profile"]

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(region=value) | Q(region__parent=value))

    def filter_support(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{SUPPORT_FIELDS[SupportForm(value)]: True})


class PublicExpertFilterSet(ExpertFilterSet):
    """The portal's filters: the same, without the public flag (everything there is public)."""

    class Meta:
        model = Expert
        fields = ["q", "title_category", "region", "support"]


class EngagementFilterSet(SearchFilterSet):
    """Searches the organisation and the outcome, never the expert's name (which some readers may not see)."""

    search_fields = ("organisation__name", "outcome")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    support_form = django_filters.ChoiceFilter(label=_("Form of support"), choices=SupportForm.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Engagement.Status.choices)
    expert = django_filters.NumberFilter(label=_("Expert"), field_name="expert_id")
    year = django_filters.NumberFilter(label=_("Year"), field_name="start", lookup_expr="year",
                                       help_text=_("Engagements starting in that year."))

    class Meta:
        model = Engagement
        fields = ["q", "pairing", "support_form", "status", "expert", "year"]
