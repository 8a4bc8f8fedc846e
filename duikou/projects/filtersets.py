import django_filters
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet, YesNoAllWidget
from duikou.regions.filtersets import _user_pairings
from duikou.regions.models import KeyTask
from duikou.search.selectors import search_matching_ids

from .models import CoordinationRequest, Industry, Project, Stage


class ProjectFilterSet(SearchFilterSet):
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)
    key_task = django_filters.ModelChoiceFilter(label=_("Key task"), queryset=KeyTask.objects.all())
    section = django_filters.ModelChoiceFilter(label=_("Industry section (门类)"), field_name="industry__section",
                                               queryset=Industry.objects.filter(level=Industry.Level.SECTION))
    is_key = django_filters.BooleanFilter(label=_("Key projects only"), method="filter_flag",
                                          widget=YesNoAllWidget)
    is_landmark = django_filters.BooleanFilter(label=_("Landmark projects only"), method="filter_flag",
                                               widget=YesNoAllWidget)

    report_missing = django_filters.BooleanFilter(label=_("Last month's report missing"), method="filter_report_missing",
                                                  widget=YesNoAllWidget)

    class Meta:
        model = Project
        fields = ["q", "pairing", "stage", "key_task", "section", "is_key", "is_landmark", "report_missing"]

    def filter_report_missing(self, queryset, name, value):
        """Projects under construction or in operation whose latest overdue monthly report is missing."""
        if not value:
            return queryset
        from .selectors import REPORTING_STAGES, latest_overdue_period

        return queryset.filter(stage__in=REPORTING_STAGES).exclude(reports__period=latest_overdue_period())

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_q(self, queryset, name, value):
        """Words of the title, description, host, investors, industry, location, park or national code,
        through the full-text index (duikou/search): two characters are enough, every word must occur."""
        if not value.strip():
            return queryset
        return queryset.filter(pk__in=search_matching_ids(model=Project, query=value))


class CoordinationRequestFilterSet(SearchFilterSet):
    search_fields = ("title", "description", "answer", "project__title")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), field_name="pairing",
                                               queryset=_user_pairings)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CoordinationRequest.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CoordinationRequest.Kind.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue",
                                           widget=YesNoAllWidget)

    class Meta:
        model = CoordinationRequest
        fields = ["q", "pairing", "status", "kind", "overdue"]

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        if not value:
            return queryset
        return queryset.filter(status=CoordinationRequest.Status.OPEN, due_on__lt=timezone.localdate())
