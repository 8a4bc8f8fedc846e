from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from duikou.core.api import ReadOnlyScopedViewSet, ScopedModelViewSet

from .. import services
from ..filtersets import CoordinationRequestFilterSet, ProjectFilterSet
from ..models import CoordinationRequest, Industry, Project
from . import serializers


class IndustryViewSet(ReadOnlyScopedViewSet):
    """GB/T 4754-2017 industry classes (public reference data)."""

    queryset = Industry.objects.all()
    serializer_class = serializers.IndustrySerializer
    filterset_fields = ["level", "parent", "section"]


class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related("key_task").prefetch_related("investors", "stage_changes__user")
    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilterSet

    service_checked_actions = ("stage", "reports")

    def create_instance(self, data):
        return services.project_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.project_update(user=self.request.user, project=instance, data=data,
                                       expected_version=expected_version)

    def delete_instance(self, instance):
        services.project_delete(user=self.request.user, project=instance)

    @extend_schema(request=serializers.StageChangeSerializer, responses=serializers.ProjectSerializer,
                   summary="Move the project to another stage (a step back needs a reason)")
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        project = self.get_object()
        body = serializers.StageChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        project = services.project_change_stage(user=request.user, project=project, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=project.pk)).data)

    @extend_schema(methods=["GET"], responses=serializers.ProjectReportSerializer(many=True),
                   summary="The project's monthly progress reports")
    @extend_schema(methods=["POST"], request=serializers.ProjectReportSerializer,
                   responses={201: serializers.ProjectReportSerializer},
                   summary="Report a month (questionable figures: 400 with their warnings; send confirm=true)")
    @action(detail=True, methods=["get", "post"])
    def reports(self, request, pk=None):
        project = self.get_object()
        if request.method == "GET":
            reports = project.reports.select_related("reported_by").order_by("-period")
            return Response(serializers.ProjectReportSerializer(reports, many=True).data)
        body = serializers.ProjectReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        confirm = data.pop("confirm", False)
        try:
            report = services.project_report_create(user=request.user, project=project, data=data, confirm=confirm)
        except services.NeedsConfirmation as exc:
            return Response({"warnings": exc.warnings, "code": "needs_confirmation",
                             "detail": " ".join(exc.warnings.values())}, status=status.HTTP_400_BAD_REQUEST)
        return Response(serializers.ProjectReportSerializer(report).data, status=status.HTTP_201_CREATED)


class CoordinationRequestViewSet(ScopedModelViewSet):
    queryset = CoordinationRequest.objects.select_related("officer")
    serializer_class = serializers.CoordinationRequestSerializer
    filterset_class = CoordinationRequestFilterSet
    http_method_names = ["get", "post", "head", "options"]

    service_checked_actions = ("answer", "close")

    def create_instance(self, data):
        project, park = data.pop("project", None), data.pop("park", None)
        return services.coordination_request_create(user=self.request.user, project=project, park=park, data=data)

    @extend_schema(request=serializers.AnswerSerializer, responses=serializers.CoordinationRequestSerializer,
                   summary="Answer (the officer it is routed to, or the NDRC office)")
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        item = self.get_object()
        body = serializers.AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.coordination_request_answer(user=request.user, request=item, answer=body.validated_data["answer"])
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None, responses=serializers.CoordinationRequestSerializer, summary="Close an answered request")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = services.coordination_request_close(user=request.user, request=self.get_object())
        return Response(self.get_serializer(item).data)
