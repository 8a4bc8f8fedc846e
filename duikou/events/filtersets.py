import django_filters
from django.utils.translation import gettext_lazy as _

from duikou.core.filtersets import SearchFilterSet
from duikou.regions.filtersets import _user_pairings
from duikou.regions.models import KeyTask

from .models import Event, EventKind, EventOutcome


class EventFilterSet(SearchFilterSet):
    """Used by the list page, its export and the API alike. The pairing filter joins the event–pairing table
    on one pairing, so an event is still listed once."""

    search_fields = ("title", "place", "description")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices)
    pairing = django_filters.ModelChoiceFilter(
        label=_("Pairing"), field_name="pairings", queryset=_user_pairings
    )
    key_task = django_filters.ModelChoiceFilter(label=_("Key task"), queryset=KeyTask.objects.all())
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="start", lookup_expr="year", help_text=_("Events starting in that year.")
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="end",
        lookup_expr="gte",
        help_text=_("Events still under way on or after this date."),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="start",
        lookup_expr="lte",
        help_text=_("Events starting on or before this date."),
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "pairing", "key_task", "year", "since", "until"]


class EventOutcomeFilterSet(django_filters.FilterSet):
    event = django_filters.NumberFilter(label=_("Event"), field_name="event_id")
    pairing = django_filters.ModelChoiceFilter(label=_("Pairing"), queryset=_user_pairings)

    class Meta:
        model = EventOutcome
        fields = ["event", "pairing"]
