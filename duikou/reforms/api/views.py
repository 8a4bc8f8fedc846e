from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from duikou.core.api import ScopedModelViewSet

from .. import services
from ..filtersets import ReformPracticeFilterSet, ReplicationFilterSet
from ..models import ReformPractice, Replication, ReplicationStatusChange
from ..selectors import practice_list, replication_list
from . import serializers

HISTORY = Prefetch(
    "status_changes", queryset=ReplicationStatusChange.objects.select_related("user").order_by("on", "id")
)


class ReformPracticeViewSet(ScopedModelViewSet):
    """Eastern reform and innovation practices (改革创新举措): every back-office user with a regional or
    national role reads all; the origin region's coordinators and the NDRC office keep them."""

    queryset = ReformPractice.objects.all()
    serializer_class = serializers.ReformPracticeSerializer
    filterset_class = ReformPracticeFilterSet

    def get_queryset(self):
        return practice_list(user=self.request.user, queryset=self.queryset)

    def create_instance(self, data):
        return services.practice_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.practice_update(
            user=self.request.user, practice=instance, data=data, expected_version=expected_version
        )

    def delete_instance(self, instance):
        services.practice_delete(user=self.request.user, practice=instance)


class ReplicationViewSet(ScopedModelViewSet):
    """Replications (复制推广) of the practices in northeastern regions, with their dated status history.
    "Which of 广东's practices has 黑龙江 replicated, and since when": ``?origin=440000&region=230000``."""

    queryset = Replication.objects.all()
    serializer_class = serializers.ReplicationSerializer
    filterset_class = ReplicationFilterSet
    service_checked_actions = ("status",)

    def get_queryset(self):
        return replication_list(user=self.request.user, queryset=self.queryset).prefetch_related(HISTORY)

    def create_instance(self, data):
        return services.replication_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.replication_update(
            user=self.request.user, replication=instance, data=data, expected_version=expected_version
        )

    def delete_instance(self, instance):
        services.replication_delete(user=self.request.user, replication=instance)

    @extend_schema(
        request=serializers.ReplicationStatusSerializer,
        responses=serializers.ReplicationSerializer,
        summary="Move the replication to another status on a date (replicated needs evidence)",
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        replication = self.get_object()
        body = serializers.ReplicationStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        replication = services.replication_set_status(
            user=request.user,
            replication=replication,
            status=data["status"],
            on=data["on"],
            evidence=data.get("evidence", ""),
            expected_version=data.get("version"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=replication.pk)).data)
