from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from duikou.accounts.models import Organisation
from duikou.core.api import VersionedSerializer
from duikou.regions.selectors import pairings_of

from .. import lights
from ..models import (
    RectificationAnswer,
    RectificationItem,
    RectificationRequirement,
    SupervisionItem,
    SupervisionNode,
    UrgingNotice,
)


class SupervisionNodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionNode
        fields = ["id", "item", "title", "due_date", "order", "done_on", "done_note", "done_by"]
        read_only_fields = ["item", "done_on", "done_note", "done_by"]
        extra_kwargs = {"order": {"required": False}}


class SupervisionItemSerializer(VersionedSerializer):
    """A supervision item with its time nodes and its light (computed, never stored). Create it by hand
    (``title``, ``pairing``, ``assignee`` and at least one node in ``nodes``) or from a source: give only
    ``plan_item`` or ``coordination_request`` and the rest is taken from it."""

    nodes = SupervisionNodeSerializer(many=True, required=False)
    light = serializers.SerializerMethodField()
    next_due = serializers.SerializerMethodField()
    last_urged_at = serializers.DateTimeField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = SupervisionItem
        fields = [
            "id",
            "title",
            "description",
            "pairing",
            "assignee",
            "plan_item",
            "coordination_request",
            "rectification_item",
            "source_kind",
            "status",
            "light",
            "next_due",
            "last_urged_at",
            "nodes",
            "created_by",
            "closed_on",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "rectification_item",
            "source_kind",
            "status",
            "created_by",
            "closed_on",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "title": {"required": False},
            "pairing": {"required": False},
            "assignee": {"required": False},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        from duikou.plans.models import PlanItem
        from duikou.projects.models import CoordinationRequest

        user = request.user
        self.fields["pairing"].queryset = pairings_of(user=user)
        self.fields["assignee"].queryset = Organisation.objects.for_user(
            user, "view"
        ) | Organisation.objects.filter(region__isnull=True)
        self.fields["plan_item"].queryset = PlanItem.objects.for_user(user, "view")
        self.fields["coordination_request"].queryset = CoordinationRequest.objects.for_user(user, "view")
        if (
            self.instance is not None
            and not isinstance(self.instance, list | tuple)
            and hasattr(self.instance, "pk")
        ):
            for name in ("pairing", "plan_item", "coordination_request", "nodes"):
                self.fields[name].read_only = True

    @extend_schema_field(serializers.ChoiceField(choices=[*lights.LIGHTS, lights.CANCELLED]))
    def get_light(self, item) -> str:
        light = getattr(item, "light", None)
        return light if light is not None else lights.item_light(item)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_next_due(self, item):
        if hasattr(item, "next_due"):
            return item.next_due
        return lights.next_due(item.nodes.all(), today=lights.window()[0])

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and not attrs.get("plan_item") and not attrs.get("coordination_request"):
            missing = {
                name: "This field is required when the item is created by hand."
                for name in ("title", "pairing", "assignee")
                if not attrs.get(name)
            }
            if not attrs.get("nodes"):
                missing["nodes"] = "Give at least one time node: what is due by when."
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class UrgeSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000)


class CloseSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[SupervisionItem.Status.DONE, SupervisionItem.Status.CANCELLED])


class NodeCompleteSerializer(serializers.Serializer):
    note = serializers.CharField()


class UrgingNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = UrgingNotice
        fields = ["id", "item", "sent_by", "sent_at", "sent_on", "message", "channel", "recipients"]


class RectificationAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationAnswer
        fields = [
            "id",
            "item",
            "measures",
            "evidence",
            "answered_by",
            "answered_at",
            "decision",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class RectificationItemSerializer(serializers.ModelSerializer):
    answers = RectificationAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = RectificationItem
        fields = ["id", "title", "requirement_text", "responsible_region", "deadline", "status", "answers"]
        read_only_fields = ["status"]


class RectificationSerializer(VersionedSerializer):
    """A rectification requirement with its items and their answers. The NDRC office issues it (POST, with
    ``items``); each item is put under supervision automatically."""

    items = RectificationItemSerializer(many=True)

    class Meta:
        model = RectificationRequirement
        fields = [
            "id",
            "pairing",
            "title",
            "basis",
            "round_ref",
            "issued_by",
            "issued_on",
            "status",
            "closed_on",
            "items",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["issued_by", "issued_on", "status", "closed_on", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["pairing"].queryset = pairings_of(user=request.user)


class RectificationAnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="The id of an item of this requirement.")
    measures = serializers.CharField()
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class RectificationDecideSerializer(serializers.Serializer):
    answer = serializers.IntegerField(help_text="The id of a pending answer to an item of this requirement.")
    decision = serializers.ChoiceField(
        choices=[RectificationAnswer.Decision.ACCEPTED, RectificationAnswer.Decision.SENT_BACK]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
