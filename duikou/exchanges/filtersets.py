import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet
from duikou.regions.filtersets import _user_pairings

from .models import Secondment, Trainee, TraineeCategory, Training


class SecondmentFilterSet(SearchFilterSet):
    """The free-text search covers the organisations only, never the personal fields: a user who may not
    see names must not be able to find a person by guessing one."""

    search_fields = ("home_organisation__name", "host_organisation__name")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Secondment.Direction.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Secondment.Status.choices)
    rank = django_filters.ChoiceFilter(label=_("Rank level"), choices=Secondment.Rank.choices)
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year",
                                       help_text=_("Secondments under way at some time in that year."))

    class Meta:
        model = Secondment
        fields = ["q", "pairing", "direction", "status", "rank", "year"]

    def filter_year(self, queryset, name, value):
        if value is None:
            return queryset
        year = int(value)
        return queryset.filter(Q(start__year__lte=year) & Q(end__year__gte=year))


class TrainingFilterSet(SearchFilterSet):
    search_fields = ("title", "host_institution", "place")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Training.Status.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="start", lookup_expr="year",
                                       help_text=_("Trainings starting in that year."))

    class Meta:
        model = Training
        fields = ["q", "pairing", "status", "year"]


class TraineeFilterSet(django_filters.FilterSet):
    """Never by name: a user who may not see names must not find a person by guessing one."""

    training = django_filters.NumberFilter(label=_("Training programme"), field_name="training_id")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=TraineeCategory.choices)

    class Meta:
        model = Trainee
        fields = ["training", "category"]
