from duikou.core.api import ScopedModelViewSet

from .. import services
from ..filtersets import EventFilterSet, EventOutcomeFilterSet
from ..models import Event, EventOutcome
from ..selectors import PAIRINGS
from . import serializers


class EventViewSet(ScopedModelViewSet):
    """Events of one or more pairings (seen when any of them is the user's), with their outcomes read-only;
    write outcomes at ``/api/v1/event-outcomes/``."""

    queryset = Event.objects.all()
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related(PAIRINGS, "organisations", "outcomes")

    def create_instance(self, data):
        return services.event_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.event_update(
            user=self.request.user, event=instance, data=data, expected_version=expected_version
        )

    def delete_instance(self, instance):
        services.event_delete(user=self.request.user, event=instance)


class EventOutcomeViewSet(ScopedModelViewSet):
    """Agreements signed at events: read by whoever sees the event, written by the coordinators of the
    outcome's pairing."""

    queryset = EventOutcome.objects.all()
    serializer_class = serializers.EventOutcomeSerializer
    filterset_class = EventOutcomeFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("event")

    def create_instance(self, data):
        event = data.pop("event")
        return services.event_outcome_create(user=self.request.user, event=event, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("event", None)
        return services.event_outcome_update(
            user=self.request.user, outcome=instance, data=data, expected_version=expected_version
        )

    def delete_instance(self, instance):
        services.event_outcome_delete(user=self.request.user, outcome=instance)
