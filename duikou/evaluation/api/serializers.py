from rest_framework import serializers

from duikou.core.api import VersionedSerializer

from ..indicators import REGISTRY
from ..models import (
    INDICATOR_FIELDS,
    Dimension,
    EnteredValue,
    EvaluationRound,
    Framework,
    Indicator,
    IndicatorScore,
    PairingOutcome,
    ScoreRecord,
    SelfAssessment,
)


class FrameworkIndicatorSerializer(VersionedSerializer):
    """An indicator of a framework's dimension; ``query`` is the name of a registered query (see
    ``query_label``) for a computed one."""

    query = serializers.ChoiceField(
        choices=[("", "")] + [(name, str(q.label)) for name, q in REGISTRY.items()],
        required=False,
        allow_blank=True,
    )
    query_label = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "framework",
            "dimension",
            "code",
            "name",
            "unit",
            "direction",
            "weight",
            "normalisation",
            "target_value",
            "source",
            "query",
            "query_label",
            "per_side",
            "description",
            "order",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["framework", "created_at", "updated_at"]
        extra_kwargs = {"source": {"required": True, "allow_blank": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "dimension" in self.fields:
            self.fields["dimension"].queryset = Dimension.objects.for_user(request.user, "view")

    def get_query_label(self, instance) -> str:
        query = REGISTRY.get(instance.query)
        return str(query.label) if query else ""


class FrameworkDimensionSerializer(VersionedSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "framework", "name", "order", "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["framework"].queryset = Framework.objects.for_user(request.user, "view")
        if (
            self.instance is not None
            and not isinstance(self.instance, list | tuple)
            and hasattr(self.instance, "pk")
        ):
            self.fields["framework"].read_only = True


class FrameworkNestedIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", *INDICATOR_FIELDS]
        read_only_fields = fields


class FrameworkNestedDimensionSerializer(serializers.ModelSerializer):
    indicators = FrameworkNestedIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["id", "name", "order", "indicators"]
        read_only_fields = fields


class FrameworkSerializer(VersionedSerializer):
    """A version of an indicator framework with its dimensions and indicators (read-only here: write them at
    ``/api/v1/framework-dimensions/`` and ``/api/v1/framework-indicators/``). ``version_number`` is the
    framework's version (1, 2, …); ``version`` is the record's edit lock."""

    dimensions = FrameworkNestedDimensionSerializer(many=True, read_only=True)
    weight_total = serializers.SerializerMethodField()
    is_frozen = serializers.BooleanField(
        read_only=True, help_text="A frozen version can no longer change: copy it."
    )

    class Meta:
        model = Framework
        fields = [
            "id",
            "name",
            "code",
            "version_number",
            "status",
            "notes",
            "copied_from",
            "published_at",
            "is_frozen",
            "weight_total",
            "dimensions",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "version_number",
            "status",
            "copied_from",
            "published_at",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (
            self.instance is not None
            and not isinstance(self.instance, list | tuple)
            and hasattr(self.instance, "pk")
        ):
            self.fields["code"].read_only = True

    def get_weight_total(self, instance) -> str:
        total = sum((i.weight for d in instance.dimensions.all() for i in d.indicators.all()), 0)
        return f"{total:.2f}"


# --- evaluation rounds ---------------------------------------------------------------------------------------


class EvaluationRoundSerializer(VersionedSerializer):
    """An evaluation round. ``pairings`` (on create; default: every formal pairing with both sides) and the
    framework (a published version) are fixed once created; the status and the publication options change
    through the workflow actions."""

    class Meta:
        model = EvaluationRound
        fields = [
            "id",
            "name",
            "period_start",
            "period_end",
            "framework",
            "pairings",
            "status",
            "publish_scores",
            "publish_ranks",
            "publish_all",
            "computed_at",
            "override_reason",
            "published_at",
            "closed_at",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "status",
            "publish_scores",
            "publish_ranks",
            "publish_all",
            "computed_at",
            "override_reason",
            "published_at",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"pairings": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and "pairings" in self.fields and not isinstance(self.instance, list):
            self.fields["pairings"].read_only = True
        if self.instance is not None and "framework" in self.fields:
            self.fields["framework"].read_only = True


class ComputeSerializer(serializers.Serializer):
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class PublishSerializer(serializers.Serializer):
    publish_scores = serializers.BooleanField(default=False)
    publish_ranks = serializers.BooleanField(default=False)
    publish_all = serializers.BooleanField(default=False)


class OutcomeItemSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    requirement_text = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_region = serializers.CharField(help_text="The GB/T 2260 code of one side of the pairing.")
    deadline = serializers.DateField()


class OutcomeSerializer(serializers.ModelSerializer):
    items = OutcomeItemSerializer(many=True, required=False, write_only=True)
    rectification_title = serializers.CharField(required=False, allow_blank=True, write_only=True)

    class Meta:
        model = PairingOutcome
        fields = [
            "id",
            "round",
            "pairing",
            "kind",
            "assessment",
            "rectification",
            "items",
            "rectification_title",
        ]
        read_only_fields = ["round", "rectification"]


class ScoreSerializer(serializers.ModelSerializer):
    """One indicator's score for a pairing (``side`` empty) or one side of it; ``record_count`` is the number
    of records it came from, listed by ``/evaluation-rounds/{id}/score-records/``."""

    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    dimension = serializers.CharField(source="indicator.dimension.name", read_only=True)
    weight = serializers.DecimalField(
        source="indicator.weight", max_digits=5, decimal_places=2, read_only=True
    )

    class Meta:
        model = IndicatorScore
        fields = [
            "pairing",
            "indicator",
            "indicator_code",
            "indicator_name",
            "dimension",
            "weight",
            "side",
            "raw",
            "normalised",
            "weighted",
            "missing",
            "record_count",
        ]


class ScoreRecordSerializer(serializers.ModelSerializer):
    """A record a score came from: its type (model label) and id."""

    class Meta:
        model = ScoreRecord
        fields = ["pairing", "indicator", "side", "label", "record_id"]


class ResultSerializer(serializers.Serializer):
    pairing = serializers.IntegerField(source="pairing.pk")
    pairing_name = serializers.CharField(source="pairing.__str__")
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    rank = serializers.IntegerField(allow_null=True)


class RoundScoresSerializer(serializers.Serializer):
    results = ResultSerializer(many=True)
    scores = ScoreSerializer(many=True)


class EnteredValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnteredValue
        fields = ["indicator", "side", "value", "evidence"]


class SelfAssessmentSerializer(serializers.ModelSerializer):
    """A pairing's self-assessment; ``submitted`` once both sides confirmed the current ``revision``."""

    values = EnteredValueSerializer(many=True, read_only=True)
    northeast_confirmed = serializers.BooleanField(read_only=True)
    east_confirmed = serializers.BooleanField(read_only=True)
    submitted = serializers.BooleanField(read_only=True)

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "round",
            "pairing",
            "narrative",
            "revision",
            "northeast_confirmed",
            "east_confirmed",
            "submitted",
            "values",
            "version",
        ]
        read_only_fields = fields


class SelfAssessmentWriteSerializer(serializers.Serializer):
    narrative = serializers.CharField(allow_blank=True)
    revision = serializers.IntegerField()
    values = EnteredValueSerializer(many=True, required=False)


class SelfAssessmentConfirmSerializer(serializers.Serializer):
    revision = serializers.IntegerField()
