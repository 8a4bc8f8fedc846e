from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework import permissions as drf_permissions
from rest_framework.decorators import action
from rest_framework.response import Response

from duikou.core.api import ReadOnlyScopedViewSet, ScopedModelViewSet
from duikou.core.permissions import METHOD_ACTIONS
from duikou.regions.models import Region

from .. import rounds, services
from ..filtersets import DimensionFilterSet, FrameworkFilterSet, IndicatorFilterSet
from ..models import Dimension, EvaluationRound, Framework, Indicator, IndicatorScore, SelfAssessment, Side
from ..selectors import round_results, score_records
from . import serializers


class FrozenRefusalMixin:
    """A write on a frozen framework version (or its dimensions and indicators) is a 403 that says why."""

    def check_object_permissions(self, request, obj):
        action_name = METHOD_ACTIONS.get(request.method, "view")
        if self.action in self.service_checked_actions:
            pass  # the workflow step's service decides, and says why
        elif action_name != "view" and type(obj).objects.reach(request.user, action_name) is not None:
            framework = obj if isinstance(obj, Framework) else obj.framework
            if framework.is_frozen:
                raise exceptions.PermissionDenied(services.frozen_message(framework))
        super().check_object_permissions(request, obj)


class FrameworkViewSet(FrozenRefusalMixin, ScopedModelViewSet):
    """Indicator frameworks (评估指标体系), each version a record, with its dimensions and indicators nested
    (read-only). The NDRC office writes drafts; ``publish`` (weights add up to 100), ``retire`` and
    ``new-version`` (a draft copy, the next version number) are workflow steps. Published versions are
    frozen. Drafts are visible to the national roles only."""

    queryset = Framework.objects.all()
    serializer_class = serializers.FrameworkSerializer
    filterset_class = FrameworkFilterSet
    service_checked_actions = ("publish", "retire", "new_version")

    def get_queryset(self):
        indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        dimensions = Prefetch(
            "dimensions", queryset=Dimension.objects.order_by("order", "id").prefetch_related(indicators)
        )
        return self.queryset.for_user(self.request.user, "view").prefetch_related(dimensions)

    def create_instance(self, data):
        return services.framework_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("code", None)
        return services.framework_update(
            user=self.request.user, framework=instance, data=data, expected_version=expected_version
        )

    def delete_instance(self, instance):
        services.framework_delete(user=self.request.user, framework=instance)

    def _step(self, service):
        framework = self.get_object()
        result = service(user=self.request.user, framework=framework)
        result = self.get_queryset().get(pk=result.pk)
        return Response(self.get_serializer(result).data)

    @extend_schema(request=None, responses=serializers.FrameworkSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft whose indicator weights add up to exactly 100; it is then frozen."""
        return self._step(services.framework_publish)

    @extend_schema(request=None, responses=serializers.FrameworkSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        """Retire a published version."""
        return self._step(services.framework_retire)

    @extend_schema(request=None, responses=serializers.FrameworkSerializer)
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        """A new draft version copied from this one (the answer is the new version)."""
        return self._step(services.framework_new_version)


class DimensionViewSet(FrozenRefusalMixin, ScopedModelViewSet):
    """The dimensions of frameworks; filter by ``framework``. Written only on draft versions."""

    queryset = Dimension.objects.all()
    serializer_class = serializers.FrameworkDimensionSerializer
    filterset_class = DimensionFilterSet

    def create_instance(self, data):
        framework = data.pop("framework")
        return services.dimension_create(user=self.request.user, framework=framework, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("framework", None)
        return services.dimension_update(
            user=self.request.user, dimension=instance, data=data, expected_version=expected_version
        )

    def delete_instance(self, instance):
        services.dimension_delete(user=self.request.user, dimension=instance)


class IndicatorViewSet(FrozenRefusalMixin, ScopedModelViewSet):
    """The indicators of frameworks; filter by ``framework``, ``dimension`` or ``source``. Written only on
    draft versions; ``query`` must name a registered query for a computed indicator."""

    queryset = Indicator.objects.all()
    serializer_class = serializers.FrameworkIndicatorSerializer
    filterset_class = IndicatorFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("dimension")

    def create_instance(self, data):
        return services.indicator_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.indicator_update(
            user=self.request.user, indicator=instance, data=data, expected_version=expected_version
        )

    def delete_instance(self, instance):
        services.indicator_delete(user=self.request.user, indicator=instance)


# --- evaluation rounds ---------------------------------------------------------------------------------------


class EvaluationRoundViewSet(ScopedModelViewSet):
    """Evaluation rounds (评估轮次): the NDRC office creates a round over a published framework version and a
    period, computes it (``compute``; refused while a self-assessment is not confirmed by both sides unless
    an ``override_reason`` is given), decides outcomes (``outcome``), publishes it (``publish``, with what
    each pairing sees) and closes it (``close``; its scores are then frozen). ``scores`` returns the results
    and the per-indicator scores (with their traces) the user may see."""

    queryset = EvaluationRound.objects.all()
    serializer_class = serializers.EvaluationRoundSerializer
    filterset_fields = ["status", "framework"]
    service_checked_actions = ("compute", "recompute", "publish", "close", "outcome", "scores", "score_records")

    def get_queryset(self):
        return self.queryset.for_user(self.request.user, "view").prefetch_related("pairings")

    def create_instance(self, data):
        pairings = data.pop("pairings", None) or None
        return rounds.round_create(user=self.request.user, data=data, pairings=pairings)

    def update_instance(self, instance, data, expected_version):
        return rounds.round_update(
            user=self.request.user, round_=instance, data=data, expected_version=expected_version
        )

    def delete_instance(self, instance):
        rounds.round_delete(user=self.request.user, round_=instance)

    def _answer(self, result):
        return Response(self.get_serializer(self.get_queryset().get(pk=result.pk)).data)

    @extend_schema(request=serializers.ComputeSerializer, responses=serializers.EvaluationRoundSerializer)
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        """Compute the round's scores (all or nothing)."""
        data = serializers.ComputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = rounds.round_compute(
            user=request.user,
            round_=self.get_object(),
            override_reason=data.validated_data["override_reason"],
        )
        return self._answer(result)

    @extend_schema(request=None, responses=serializers.EvaluationRoundSerializer)
    @action(detail=True, methods=["post"])
    def recompute(self, request, pk=None):
        """Score again: a closed round from its stored raw values (identical), any other from the records."""
        return self._answer(rounds.round_recompute(user=request.user, round_=self.get_object()))

    @extend_schema(request=serializers.PublishSerializer, responses=serializers.EvaluationRoundSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a scored round with the chosen publication options."""
        data = serializers.PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            rounds.round_publish(user=request.user, round_=self.get_object(), **data.validated_data)
        )

    @extend_schema(request=None, responses=serializers.EvaluationRoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close a published round: its scores are frozen."""
        return self._answer(rounds.round_close(user=request.user, round_=self.get_object()))

    @extend_schema(request=serializers.OutcomeSerializer, responses=serializers.OutcomeSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        """Decide a pairing's outcome (a rectification issues the requirement with its items)."""
        round_ = self.get_object()
        data = serializers.OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        items = []
        for item in values.get("items", []):
            region = Region.objects.filter(pk=item["responsible_region"]).first()
            if region is None:
                raise exceptions.ValidationError({"items": ["Unknown region code."]})
            items.append({**item, "responsible_region": region})
        outcome = rounds.outcome_decide(
            user=request.user,
            round_=round_,
            pairing=values["pairing"],
            kind=values["kind"],
            assessment=values["assessment"],
            rectification={"title": values.get("rectification_title", "")},
            items=items,
        )
        return Response(serializers.OutcomeSerializer(outcome).data)

    @extend_schema(request=None, responses=serializers.RoundScoresSerializer)
    @action(detail=True, methods=["get"])
    def scores(self, request, pk=None):
        """The results and the scores of the round the user may see: the national roles every pairing's; a
        region its own pairings' as published (and every pairing's if the full table was published).
        ``?pairing=`` narrows to one pairing: 404 when its scores are not visible."""
        round_ = self.get_object()
        scores = (
            IndicatorScore.objects.for_user(request.user, "view")
            .filter(round=round_)
            .select_related("indicator__dimension")
            .order_by("pairing_id", "indicator__dimension__order", "indicator__order", "indicator_id", "side")
        )
        results = round_results(user=request.user, round_=round_).rows
        pairing = request.query_params.get("pairing")
        if pairing:
            if not str(pairing).isdigit():
                raise exceptions.NotFound()
            scores = scores.filter(pairing_id=int(pairing))
            results = [row for row in results if row.pairing.pk == int(pairing)]
            if not results:
                raise exceptions.NotFound()
        return Response(serializers.RoundScoresSerializer({"results": results, "scores": list(scores)}).data)

    @extend_schema(
        request=None,
        responses=serializers.ScoreRecordSerializer(many=True),
        parameters=[
            OpenApiParameter("pairing", int, required=True, description="The pairing of the score."),
            OpenApiParameter("indicator", int, required=True, description="The indicator of the score."),
            OpenApiParameter(
                "side", str, enum=["", *Side.values], description="A side of a per-side indicator; empty: the pairing."
            ),
        ],
    )
    @action(detail=True, methods=["get"], url_path="score-records")
    def score_records(self, request, pk=None):
        """The records one score came from, a page at a time: [record type (model label), record id]. 404
        unless the user may see that score."""
        round_ = self.get_object()
        params = request.query_params
        pairing, indicator, side = params.get("pairing", ""), params.get("indicator", ""), params.get("side", "")
        if not (pairing.isdigit() and indicator.isdigit()) or side not in ("", *Side.values):
            raise exceptions.NotFound()
        score = (
            IndicatorScore.objects.for_user(request.user, "view")
            .filter(round=round_, pairing_id=int(pairing), indicator_id=int(indicator), side=side)
            .first()
        )
        if score is None:
            raise exceptions.NotFound()
        page = self.paginate_queryset(score_records(user=request.user, score=score))
        return self.get_paginated_response(serializers.ScoreRecordSerializer(page, many=True).data)


class SelfAssessmentViewSet(ReadOnlyScopedViewSet):
    """Self-assessments of the pairings in evaluation rounds (自评): the national roles read every one, a
    region its own pairings'. A side's coordinator saves it (``entries``: narrative and entered values with
    evidence, at the revision read) and confirms a revision (``confirm``); both sides on one revision submit it."""

    queryset = SelfAssessment.objects.all()
    serializer_class = serializers.SelfAssessmentSerializer
    filterset_fields = ["round", "pairing"]

    def get_permissions(self):
        if self.action in ("entries", "confirm"):
            return [drf_permissions.IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        return (
            self.queryset.for_user(self.request.user, "view")
            .select_related("round", "pairing")
            .prefetch_related("values")
        )

    def _answer(self, result):
        return Response(self.get_serializer(self.get_queryset().get(pk=result.pk)).data)

    @extend_schema(
        request=serializers.SelfAssessmentWriteSerializer, responses=serializers.SelfAssessmentSerializer
    )
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        """Save the narrative and the entered values; the revision rises and confirmations clear."""
        assessment = self.get_object()
        data = serializers.SelfAssessmentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = rounds.self_assessment_update(
            user=request.user,
            assessment=assessment,
            narrative=values["narrative"],
            values=[dict(v) for v in values.get("values", [])],
            revision=values["revision"],
        )
        return self._answer(result)

    @extend_schema(
        request=serializers.SelfAssessmentConfirmSerializer, responses=serializers.SelfAssessmentSerializer
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm the revision read, for the user's side."""
        data = serializers.SelfAssessmentConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = rounds.self_assessment_confirm(
            user=request.user, assessment=self.get_object(), revision=data.validated_data["revision"]
        )
        return self._answer(result)
