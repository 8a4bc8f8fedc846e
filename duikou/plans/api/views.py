"""/api/v1/plans/, /api/v1/plan-items/ and their parts. Workflow actions are small endpoints that call
one service each (STYLE convention 6); every queryset is scoped, a plan outside it is a 404."""

from django.db.models import OuterRef, Subquery
from django.http import FileResponse, HttpResponse
from django.utils.encoding import escape_uri_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from duikou.core.api import ReadOnlyScopedViewSet, ScopedModelViewSet

from .. import services
from ..filtersets import PlanFilterSet, PlanItemFilterSet
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
from . import serializers

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, name: str, mime: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response


class PlanViewSet(ScopedModelViewSet):
    queryset = Plan.objects.select_related("pairing__northeast", "pairing__east")
    serializer_class = serializers.PlanSerializer
    filterset_class = PlanFilterSet

    service_checked_actions = ("confirm", "submit", "acknowledge", "return_", "document", "events", "attachments")

    def get_queryset(self):
        last_return = PlanEvent.objects.filter(plan=OuterRef("pk"), action=PlanEvent.Action.RETURNED).order_by(
            "-at", "-id").values("comment")[:1]
        return super().get_queryset().annotate(last_return_comment=Subquery(last_return))

    def create_instance(self, data):
        return services.plan_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("pairing", None)
        return services.plan_update(user=self.request.user, plan=instance, data=data, expected_version=expected_version)

    def delete_instance(self, instance):
        services.plan_delete(user=self.request.user, plan=instance)

    def _step(self, service, **kwargs):
        plan = self.get_object()
        plan = service(user=self.request.user, plan=plan, **kwargs)
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=serializers.ConfirmSerializer, responses=serializers.PlanSerializer,
                   summary="Confirm the revision you reviewed (a coordinator of either side)")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        body = serializers.ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(services.plan_confirm, revision=body.validated_data["revision"])

    @extend_schema(request=None, responses=serializers.PlanSerializer,
                   summary="Submit to the NDRC office and the Central Organization Department (both sides confirmed)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(services.plan_submit)

    @extend_schema(request=None, responses=serializers.PlanSerializer, summary="Acknowledge (the NDRC office)")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._step(services.plan_acknowledge)

    @extend_schema(request=serializers.ReturnSerializer, responses=serializers.PlanSerializer,
                   summary="Return to draft with comments (the NDRC office)")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        body = serializers.ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(services.plan_return, comment=body.validated_data["comment"])

    @extend_schema(responses={200: serializers.PlanEventSerializer(many=True)}, summary="The plan's workflow history")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        plan = self.get_object()
        return Response(serializers.PlanEventSerializer(plan.events.select_related("user"), many=True).data)

    @extend_schema(parameters=[], responses={200: OpenApiResponse(OpenApiTypes.BINARY, description=".docx or .xlsx")},
                   summary="The plan as a GB/T 9704 .docx (fmt=docx) or its figures as .xlsx (fmt=xlsx)")
    @action(detail=True, methods=["get"], url_path=r"document\.(?P<fmt>docx|xlsx)", url_name="document")
    def document(self, request, pk=None, fmt="docx"):
        plan = self.get_object()
        from ..documents import plan_docx, plan_xlsx

        if fmt == "docx":
            return _download(plan_docx(plan=plan, user=request.user), f"{plan.title}.docx", DOCX)
        return _download(plan_xlsx(plan=plan, user=request.user), f"{plan.title}.xlsx", XLSX)

    @extend_schema(request={"multipart/form-data": serializers.AttachmentUploadSerializer},
                   responses={201: serializers.PlanAttachmentSerializer}, summary="Attach a file (PDF, Word, Excel, image)")
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        plan = self.get_object()
        body = serializers.AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = services.attachment_create(user=request.user, plan=plan, upload=body.validated_data["file"],
                                                description=body.validated_data.get("description", ""))
        return Response(serializers.PlanAttachmentSerializer(attachment, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class PlanItemViewSet(ScopedModelViewSet):
    queryset = PlanItem.objects.select_related("key_task").prefetch_related(
        "supporting_organisations", "indicators__actuals")
    serializer_class = serializers.PlanItemSerializer
    filterset_class = PlanItemFilterSet

    def get_queryset(self):
        from django.db.models import Prefetch

        return super().get_queryset().with_light().prefetch_related(
            Prefetch("nodes", queryset=TimeNode.objects.with_light()))

    def create_instance(self, data):
        plan = data.pop("plan")
        return services.item_create(user=self.request.user, plan=plan, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.item_update(user=self.request.user, item=instance, data=data, expected_version=expected_version)

    def delete_instance(self, instance):
        services.item_delete(user=self.request.user, item=instance)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class TimeNodeViewSet(ScopedModelViewSet):
    queryset = TimeNode.objects.select_related("item__plan")
    serializer_class = serializers.TimeNodeSerializer

    def get_queryset(self):
        return super().get_queryset().with_light()

    def create_instance(self, data):
        item = data.pop("item")
        return services.node_create(user=self.request.user, item=item, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.node_update(user=self.request.user, item=instance.item, node=instance, data=data,
                                    expected_version=expected_version)

    def delete_instance(self, instance):
        services.node_delete(user=self.request.user, item=instance.item, node=instance)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class IndicatorViewSet(ScopedModelViewSet):
    queryset = Indicator.objects.select_related("item__plan").prefetch_related("actuals")
    serializer_class = serializers.IndicatorSerializer

    def create_instance(self, data):
        item = data.pop("item")
        return services.indicator_create(user=self.request.user, item=item, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.indicator_update(user=self.request.user, item=instance.item, indicator=instance, data=data,
                                         expected_version=expected_version)

    def delete_instance(self, instance):
        services.indicator_delete(user=self.request.user, item=instance.item, indicator=instance)


class IndicatorActualViewSet(ScopedModelViewSet):
    queryset = IndicatorActual.objects.select_related("indicator__item__plan")
    serializer_class = serializers.IndicatorActualSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create_instance(self, data):
        indicator = data.pop("indicator")
        return services.actual_record(user=self.request.user, indicator=indicator, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("indicator", None)
        data["period"] = data.get("period", instance.period)
        return services.actual_record(user=self.request.user, indicator=instance.indicator,
                                      data={**data, "version": expected_version})


class ProgressUpdateViewSet(ScopedModelViewSet):
    queryset = ProgressUpdate.objects.select_related("author")
    serializer_class = serializers.ProgressUpdateSerializer
    http_method_names = ["get", "post", "head", "options"]

    def create_instance(self, data):
        item = data.pop("item")
        return services.progress_report(user=self.request.user, item=item, data=data)


class PlanAttachmentViewSet(ReadOnlyScopedViewSet):
    queryset = PlanAttachment.objects.all()
    serializer_class = serializers.PlanAttachmentSerializer

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.BINARY)}, summary="Download (audited)")
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        attachment = self.get_object()
        handle = services.attachment_open(user=request.user, attachment=attachment)
        return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)


class PlanVersionViewSet(ReadOnlyScopedViewSet):
    queryset = PlanVersion.objects.all()
    serializer_class = serializers.PlanVersionSerializer


class PlanDueRuleViewSet(ScopedModelViewSet):
    queryset = PlanDueRule.objects.all()
    serializer_class = serializers.PlanDueRuleSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]

    def update_instance(self, instance, data, expected_version):
        return services.due_rule_update(user=self.request.user, rule=instance, data=data,
                                        expected_version=expected_version)
