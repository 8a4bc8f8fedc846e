from rest_framework import serializers

from duikou.accounts.models import Organisation
from duikou.core.api import VersionedSerializer
from duikou.projects.models import Project
from duikou.regions.models import Pairing

from ..models import Event, EventOutcome


class EventOutcomeSerializer(VersionedSerializer):
    """An agreement signed at an event. ``pairing`` is set from ``project`` when one is given; without a
    project it must be one of the event's pairings (it may be left out for an event of a single pairing)."""

    class Meta:
        model = EventOutcome
        fields = [
            "id",
            "event",
            "title",
            "agreements",
            "amount",
            "pairing",
            "project",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"pairing": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        self.fields["event"].queryset = Event.objects.for_user(request.user, "view")
        self.fields["project"].queryset = Project.objects.for_user(request.user, "view")
        self.fields["pairing"].queryset = Pairing.objects.all()
        if (
            self.instance is not None
            and not isinstance(self.instance, list | tuple)
            and hasattr(self.instance, "pk")
        ):
            self.fields["event"].read_only = True


class NestedOutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventOutcome
        fields = ["id", "title", "agreements", "amount", "pairing", "project", "version"]
        read_only_fields = fields


class EventSerializer(VersionedSerializer):
    """An event; its outcomes are listed read-only here and written at ``/api/v1/event-outcomes/``."""

    outcomes = NestedOutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title",
            "start",
            "end",
            "place",
            "pairings",
            "key_task",
            "organisations",
            "leaders",
            "description",
            "outcomes",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"pairings": {"allow_empty": True}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        # Any pairing and any organisation the user may see: the service says why one is refused.
        self.fields["pairings"].child_relation.queryset = Pairing.objects.all()
        self.fields["organisations"].child_relation.queryset = Organisation.objects.for_user(
            request.user, "view"
        )
