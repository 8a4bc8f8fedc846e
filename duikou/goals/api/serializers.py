"""The API of targets and reported figures. The platform's computed figure, the progress and the difference
are read-only: computed for a whole page at once (one ``measure_values`` call), never written."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from duikou.core.api import VersionedSerializer
from duikou.regions.models import Pairing
from duikou.regions.selectors import pairings_of

from .. import measures
from ..models import GoalTarget, ReportedFigure
from ..selectors import STATE_LABELS, figure_comparisons, target_progress, tolerance_of


class _ComputedListSerializer(serializers.ListSerializer):
    """Computes the rows' platform figures for the whole page before each row is written."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        self.child.computed = self.child.compute(items)
        return [self.child.to_representation(item) for item in items]


class _ComputedMixin:
    computed: dict | None = None

    def compute(self, items) -> dict:
        raise NotImplementedError

    def row(self, obj):
        if self.computed is None or obj.pk not in self.computed:
            self.computed = {**(self.computed or {}), **self.compute([obj])}
        return self.computed[obj.pk]


def _decimal(value):
    return None if value is None else str(value)


class GoalTargetSerializer(_ComputedMixin, VersionedSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    platform_value = serializers.SerializerMethodField(
        help_text="The platform's figure of the measure over the period (read-only)")
    percent = serializers.SerializerMethodField(help_text="The platform's figure as a percentage of the target")
    elapsed = serializers.SerializerMethodField(help_text="The share of the period elapsed today, in percent")
    state = serializers.SerializerMethodField(
        help_text="reached, on_track, behind, missed or not_started (on track: percent ≥ elapsed)")
    on_track = serializers.SerializerMethodField(help_text="Null before the period starts")
    basis = serializers.SerializerMethodField(help_text="The platform's counting basis of the measure")

    class Meta:
        model = GoalTarget
        list_serializer_class = _ComputedListSerializer
        fields = ["id", "goal", "measure", "pairing", "period_start", "period_end", "target_value", "note",
                  "platform_value", "percent", "elapsed", "state", "on_track", "basis", "created_by",
                  "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"pairing": {"help_text": "Null: the programme as a whole (summed over all pairings)."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = Pairing.objects.all()

    def compute(self, items):
        return {p.target.pk: p for p in target_progress(targets=items)}

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_platform_value(self, obj):
        return _decimal(self.row(obj).value)

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_percent(self, obj):
        return _decimal(self.row(obj).percent)

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_elapsed(self, obj):
        return _decimal(self.row(obj).elapsed)

    @extend_schema_field(serializers.ChoiceField(choices=list(STATE_LABELS)))
    def get_state(self, obj):
        return self.row(obj).state

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_on_track(self, obj):
        return self.row(obj).on_track

    @extend_schema_field(OpenApiTypes.STR)
    def get_basis(self, obj):
        return measures.basis(obj.measure)


class ReportedFigureSerializer(_ComputedMixin, VersionedSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None)
    platform_value = serializers.SerializerMethodField(
        help_text="The platform's figure of the measure from 2017-03-01 to as_of (read-only)")
    difference = serializers.SerializerMethodField(help_text="platform_value − value")
    difference_percent = serializers.SerializerMethodField(
        help_text="The difference as a percentage of the reported value (null when it is 0)")
    above_tolerance = serializers.SerializerMethodField(
        help_text="Is the difference above the tolerance (5 %, or ?tolerance=)?")
    platform_basis = serializers.SerializerMethodField(help_text="The platform's counting basis of the measure")

    class Meta:
        model = ReportedFigure
        list_serializer_class = _ComputedListSerializer
        fields = ["id", "measure", "pairing", "value", "as_of", "source", "basis", "note", "platform_value",
                  "difference", "difference_percent", "above_tolerance", "platform_basis", "recorded_by",
                  "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"pairing": {"help_text": "Null: the programme as a whole (the NDRC office only)."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["pairing"].queryset = pairings_of(user=request.user)

    def compute(self, items):
        tolerance = tolerance_of(self.context.get("request"))
        return {c.figure.pk: c for c in figure_comparisons(figures=items, tolerance=tolerance)}

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_platform_value(self, obj):
        return _decimal(self.row(obj).computed)

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_difference(self, obj):
        return _decimal(self.row(obj).difference)

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_difference_percent(self, obj):
        return _decimal(self.row(obj).percent)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_above_tolerance(self, obj):
        return self.row(obj).exceeds

    @extend_schema_field(OpenApiTypes.STR)
    def get_platform_basis(self, obj):
        return measures.basis(obj.measure)
