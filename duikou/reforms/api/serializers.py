from rest_framework import serializers

from duikou.core.api import VersionedSerializer
from duikou.regions.models import KeyTask, Region

from ..models import ReformPractice, Replication, ReplicationStatus, ReplicationStatusChange


class ReformPracticeSerializer(VersionedSerializer):
    """The origin must be an eastern region (a pairing's eastern side or one of its cities) the user keeps
    records of; the service checks both and says why."""

    origin = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), help_text="GB/T 2260 code, e.g. 440000"
    )
    origin_name = serializers.CharField(source="origin.name", read_only=True)
    key_task = serializers.SlugRelatedField(
        slug_field="code", queryset=KeyTask.objects.all(), help_text="e.g. 1.1"
    )
    replication_count = serializers.SerializerMethodField(
        help_text="The replications of this practice the user may see (lists and detail reads)."
    )

    class Meta:
        model = ReformPractice
        fields = [
            "id",
            "title",
            "origin",
            "origin_name",
            "key_task",
            "source_document",
            "description",
            "introduced_on",
            "tags",
            "replication_count",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_replication_count(self, instance) -> int | None:
        return getattr(instance, "replication_count", None)


class ReplicationStatusChangeSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = ReplicationStatusChange
        fields = ["from_status", "to_status", "on", "evidence", "user", "recorded_at"]


class ReplicationSerializer(VersionedSerializer):
    """``status`` and ``status_since`` are set on creation (planned from today by default) and then move
    only through ``POST /replications/{id}/status/``; the practice and the region are fixed once recorded;
    ``pairing`` follows from the regions."""

    practice = serializers.PrimaryKeyRelatedField(queryset=ReformPractice.objects.none())
    practice_title = serializers.CharField(source="practice.title", read_only=True)
    origin = serializers.CharField(source="practice.origin_id", read_only=True)
    origin_name = serializers.CharField(source="practice.origin.name", read_only=True)
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), help_text="GB/T 2260 code, e.g. 230000"
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    status = serializers.ChoiceField(choices=ReplicationStatus.choices, required=False)
    status_since = serializers.DateField(required=False, help_text="Defaults to today on creation.")
    status_changes = ReplicationStatusChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Replication
        fields = [
            "id",
            "practice",
            "practice_title",
            "origin",
            "origin_name",
            "region",
            "region_name",
            "pairing",
            "status",
            "status_since",
            "started_on",
            "evidence",
            "notes",
            "status_changes",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["pairing", "created_at", "updated_at"]
        validators = []  # one per practice and region: the model's constraint, reported by the service

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["practice"].queryset = ReformPractice.objects.for_user(request.user, "view")


class ReplicationStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReplicationStatus.choices)
    on = serializers.DateField(
        help_text="When the new status was reached: not in the future, not before the last change."
    )
    evidence = serializers.CharField(
        required=False, allow_blank=True, help_text="Required for replicated unless already on the record."
    )
    version = serializers.IntegerField(
        required=False, help_text="The version you read: a stale one gets 409."
    )
