from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from duikou.core.api import ScopedModelViewSet

from .. import selectors, services
from ..filtersets import RectificationFilterSet, SupervisionItemFilterSet, SupervisionNodeFilterSet
from ..models import RectificationRequirement, SupervisionItem, SupervisionNode
from . import serializers


class SupervisionItemViewSet(ScopedModelViewSet):
    """Supervision items (督办事项) with their time nodes and computed light; filter by ``light``, ``pairing``,
    ``status``, ``overdue``. ``urge`` sends an urging notice (催办), ``close`` closes as done or cancelled."""

    queryset = SupervisionItem.objects.all()
    serializer_class = serializers.SupervisionItemSerializer
    filterset_class = SupervisionItemFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    service_checked_actions = ("urge", "close")

    def get_queryset(self):
        return selectors.item_with_nodes(user=self.request.user, queryset=self.queryset).order_by(
            "-created_at", "-id"
        )

    def _fresh(self, item):
        return self.get_queryset().get(pk=item.pk)

    def create_instance(self, data):
        user = self.request.user
        if data.get("plan_item"):
            return services.item_from_plan_item(user=user, plan_item=data["plan_item"])
        if data.get("coordination_request"):
            return services.item_from_request(user=user, request=data["coordination_request"])
        nodes = data.pop("nodes", [])
        return services.item_create(user=user, data=data, nodes=nodes)

    def update_instance(self, instance, data, expected_version):
        for name in ("pairing", "plan_item", "coordination_request", "nodes"):
            data.pop(name, None)
        return services.item_update(
            user=self.request.user, item=instance, data=data, expected_version=expected_version
        )

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self._fresh(serializer.instance)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self._fresh(serializer.instance)

    @extend_schema(
        request=serializers.UrgeSerializer,
        responses=serializers.UrgingNoticeSerializer,
        summary="Send an urging notice (催办) to the assignee: once a day at most, open items only",
    )
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        item = self.get_object()
        body = serializers.UrgeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        notice = services.item_urge(user=request.user, item=item, message=body.validated_data["message"])
        return Response(serializers.UrgingNoticeSerializer(notice).data, status=201)

    @extend_schema(
        request=serializers.CloseSerializer,
        responses=serializers.SupervisionItemSerializer,
        summary="Close the item as done or cancelled",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        body = serializers.CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.item_close(user=request.user, item=item, status=body.validated_data["status"])
        return Response(self.get_serializer(self._fresh(item)).data)


class SupervisionNodeViewSet(viewsets.ReadOnlyModelViewSet):
    """The time nodes of supervision items; ``complete`` marks one done with a note (the assignee
    organisation's users, the pairing's coordinators, the NDRC office)."""

    queryset = SupervisionNode.objects.all()
    serializer_class = serializers.SupervisionNodeSerializer
    filterset_class = SupervisionNodeFilterSet
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return self.queryset.for_user(self.request.user, "view").order_by(
            "item_id", "order", "due_date", "id"
        )

    @extend_schema(
        request=serializers.NodeCompleteSerializer,
        responses=serializers.SupervisionNodeSerializer,
        summary="Mark the time node done, with a note of what was done",
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        node = self.get_object()
        body = serializers.NodeCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        node = services.node_complete(user=request.user, node=node, note=body.validated_data["note"])
        return Response(self.get_serializer(node).data)


class RectificationViewSet(ScopedModelViewSet):
    """Rectification requirements (整改要求) with their items and answers. The NDRC office issues them (POST);
    ``answer``: the coordinators of an item's responsible side answer it; ``decide``: the NDRC office accepts
    an answer or sends it back (never one's own)."""

    queryset = RectificationRequirement.objects.all()
    serializer_class = serializers.RectificationSerializer
    filterset_class = RectificationFilterSet
    http_method_names = ["get", "post", "head", "options"]
    service_checked_actions = ("answer", "decide")

    def get_queryset(self):
        return selectors.rectification_with_items(user=self.request.user, queryset=self.queryset)

    def create_instance(self, data):
        items = data.pop("items", [])
        return services.rectification_issue(user=self.request.user, data=data, items=[dict(i) for i in items])

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(
        request=serializers.RectificationAnswerInputSerializer,
        responses=serializers.RectificationSerializer,
        summary="Answer an item (the coordinators of its responsible side)",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        requirement = self.get_object()
        body = serializers.RectificationAnswerInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = requirement.items.filter(pk=body.validated_data["item"]).first()
        if item is None:
            raise Http404
        services.rectification_answer(
            user=request.user,
            item=item,
            measures=body.validated_data["measures"],
            evidence=body.validated_data["evidence"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=requirement.pk)).data)

    @extend_schema(
        request=serializers.RectificationDecideSerializer,
        responses=serializers.RectificationSerializer,
        summary="Accept an answer or send it back with a note (the NDRC office)",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        from ..models import RectificationAnswer

        requirement = self.get_object()
        body = serializers.RectificationDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = RectificationAnswer.objects.filter(
            pk=body.validated_data["answer"], item__requirement=requirement
        ).first()
        if answer is None:
            raise Http404
        services.rectification_decide(
            user=request.user,
            answer=answer,
            decision=body.validated_data["decision"],
            note=body.validated_data["note"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=requirement.pk)).data)
