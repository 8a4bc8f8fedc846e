from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from duikou.core.api import ScopedModelViewSet
from duikou.core.permissions import METHOD_ACTIONS

from .. import services
from ..filtersets import DimensionFilterSet, FrameworkFilterSet, IndicatorFilterSet
from ..models import Dimension, Framework, Indicator
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
