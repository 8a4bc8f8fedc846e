from rest_framework import serializers

from duikou.accounts.models import Organisation
from duikou.core.api import VersionedSerializer
from duikou.regions.models import KeyTask
from duikou.regions.selectors import pairings_of

from ..models import (
    Indicator,
    IndicatorActual,
    Plan,
    PlanAttachment,
    PlanDueRule,
    PlanEvent,
    PlanItem,
    PlanVersion,
    ProgressUpdate,
    TimeNode,
)


class ScopedChoicesMixin:
    """Offer in each related field only what the user may see: anything else is "does not exist", which
    leaks nothing about other regions' records."""

    scoped_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for name, model in self.scoped_fields.items():
            field = self.fields.get(name)
            if field is None:
                continue
            target = getattr(field, "child_relation", field)
            target.queryset = model.objects.for_user(request.user, "view")


class PlanEventSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = PlanEvent
        fields = ["id", "action", "side", "revision", "user", "at", "comment", "changes"]


class PlanSerializer(VersionedSerializer):
    pairing_name = serializers.CharField(source="pairing.__str__", read_only=True)
    northeast_confirmed = serializers.BooleanField(read_only=True)
    east_confirmed = serializers.BooleanField(read_only=True)
    returned_comment = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "pairing", "pairing_name", "kind", "title", "period_start", "period_end", "status",
                  "document_number", *Plan.SECTION_FIELDS, "revision", "northeast_confirmed", "east_confirmed",
                  "northeast_confirmed_revision", "east_confirmed_revision", "submitted_at", "acknowledged_at",
                  "returned_comment", "created_at", "updated_at", "version"]
        read_only_fields = ["status", "revision", "northeast_confirmed_revision", "east_confirmed_revision",
                            "submitted_at", "acknowledged_at", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "pairing" in self.fields:
            self.fields["pairing"].queryset = pairings_of(user=request.user)

    def get_returned_comment(self, plan) -> str | None:
        """The NDRC office's comments, while a returned plan is back in draft."""
        if plan.status != Plan.Status.DRAFT:
            return None
        if hasattr(plan, "last_return_comment"):  # annotated on lists (one query for all rows)
            return plan.last_return_comment
        event = plan.events.filter(action=PlanEvent.Action.RETURNED).order_by("-at", "-id").first()
        return event.comment if event else None


class ConfirmSerializer(serializers.Serializer):
    revision = serializers.IntegerField(help_text="The revision you reviewed: a plan changed since is refused (409).")


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="What must change.")


class TimeNodeSerializer(ScopedChoicesMixin, VersionedSerializer):
    scoped_fields = {"item": PlanItem}

    light = serializers.CharField(read_only=True, help_text="red, yellow, green or done (computed)")

    class Meta:
        model = TimeNode
        fields = ["id", "item", "title", "due_date", "completed_on", "light", "created_at", "updated_at", "version"]
        read_only_fields = ["completed_on", "created_at", "updated_at"]


class IndicatorActualSerializer(ScopedChoicesMixin, VersionedSerializer):
    scoped_fields = {"indicator": Indicator}

    class Meta:
        model = IndicatorActual
        fields = ["id", "indicator", "period", "value", "evidence", "counting_basis", "created_at", "updated_at",
                  "version"]
        read_only_fields = ["created_at", "updated_at"]


class IndicatorSerializer(ScopedChoicesMixin, VersionedSerializer):
    scoped_fields = {"item": PlanItem}

    actuals = IndicatorActualSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "item", "name", "unit", "baseline", "target", "direction", "counting_basis", "actuals",
                  "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]


class PlanItemSerializer(ScopedChoicesMixin, VersionedSerializer):
    scoped_fields = {"plan": Plan, "parent": PlanItem, "lead_organisation": Organisation,
                     "supporting_organisations": Organisation}

    key_task = serializers.SlugRelatedField(slug_field="code", queryset=KeyTask.objects.all(),
                                            help_text="A key task code of the catalogue, e.g. 2.3")
    lead_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    supporting_organisations = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), many=True,
                                                                  required=False)
    light = serializers.CharField(read_only=True, help_text="red, yellow, green or done (computed)")
    nodes = TimeNodeSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = PlanItem
        fields = ["id", "plan", "parent", "number", "title", "key_task", "lead_organisation", "supporting_organisations",
                  "description", "start_date", "due_date", "progress", "completed_on", "light", "nodes", "indicators",
                  "created_at", "updated_at", "version"]
        read_only_fields = ["progress", "completed_on", "created_at", "updated_at"]



class ProgressUpdateSerializer(ScopedChoicesMixin, serializers.ModelSerializer):
    scoped_fields = {"item": PlanItem}

    author = serializers.CharField(source="author.username", read_only=True, default=None)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "item", "reported_on", "progress", "note", "author", "created_at"]
        read_only_fields = ["created_at"]


class PlanAttachmentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = PlanAttachment
        fields = ["id", "plan", "original_name", "content_type", "size", "sha256", "description", "uploaded_at",
                  "download"]

    def get_download(self, obj) -> str:
        request = self.context.get("request")
        from django.urls import reverse

        url = reverse("api:planattachment-download", args=[obj.pk])
        return request.build_absolute_uri(url) if request else url


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


class PlanVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["id", "plan", "revision", "reason", "content", "created_at"]


class PlanDueRuleSerializer(VersionedSerializer):
    class Meta:
        model = PlanDueRule
        fields = ["id", "kind", "month", "day", "years_after", "required", "first_year", "remind_days", "version"]
        read_only_fields = ["kind"]
