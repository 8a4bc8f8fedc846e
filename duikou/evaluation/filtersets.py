import django_filters
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet

from .models import Dimension, EvaluationRound, Framework, Indicator


class FrameworkFilterSet(SearchFilterSet):
    search_fields = ("name", "code")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Framework.Status.choices)
    code = django_filters.CharFilter(label=_("Code"), lookup_expr="iexact")

    class Meta:
        model = Framework
        fields = ["q", "status", "code"]


class DimensionFilterSet(django_filters.FilterSet):
    framework = django_filters.NumberFilter(label=_("Framework"), field_name="framework_id")

    class Meta:
        model = Dimension
        fields = ["framework"]


class IndicatorFilterSet(django_filters.FilterSet):
    framework = django_filters.NumberFilter(label=_("Framework"), field_name="framework_id")
    dimension = django_filters.NumberFilter(label=_("Dimension"), field_name="dimension_id")
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Indicator.Source.choices)

    class Meta:
        model = Indicator
        fields = ["framework", "dimension", "source"]


class RoundFilterSet(SearchFilterSet):
    search_fields = ("name",)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EvaluationRound.Status.choices)

    class Meta:
        model = EvaluationRound
        fields = ["q", "status"]
