"""/api/v1/imports/: the same three steps as the pages, through the same services (upload → preview, read the
preview, commit), and each kind's template."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from duikou.core.exports import XLSX_MIME

from .. import services
from ..filtersets import ImportBatchFilterSet
from ..kinds import KINDS
from ..models import ImportBatch
from ..workbooks import template_filename, template_xlsx
from . import serializers


class ImportBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Excel imports of the user (the NDRC office: everyone's). An upload is previewed at once: nothing is
    written until ``commit``, which writes every row or none."""

    queryset = ImportBatch.objects.select_related("user")
    serializer_class = serializers.ImportBatchSerializer
    filterset_class = ImportBatchFilterSet

    def get_queryset(self):
        queryset = self.queryset.all().for_user(self.request.user, "view")
        if self.action == "list":
            queryset = queryset.defer("rows", "results", "warnings")
        return queryset

    def get_serializer_class(self):
        return serializers.ImportBatchListSerializer if self.action == "list" else serializers.ImportBatchSerializer

    @extend_schema(request={"multipart/form-data": serializers.ImportUploadSerializer},
                   responses={201: serializers.ImportBatchSerializer,
                              400: OpenApiResponse(description="The file cannot be imported: {\"file\": [messages]}")},
                   summary="Upload a workbook: it is checked and previewed (nothing is written)")
    def create(self, request, *args, **kwargs):
        body = serializers.ImportUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        batch = services.import_batch_create(user=request.user, kind=body.validated_data["kind"],
                                             upload=body.validated_data["file"])
        return Response(serializers.ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    def get_parsers(self):
        if getattr(self, "action", None) == "create":
            return [MultiPartParser(), FormParser()]
        return super().get_parsers()

    @extend_schema(request=serializers.ImportCommitSerializer,
                   responses={200: serializers.ImportBatchSerializer,
                              400: OpenApiResponse(description="Errors or unconfirmed figures: nothing was written")},
                   summary="Commit a previewed import: every row or none")
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        batch = self.get_object()
        body = serializers.ImportCommitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        batch = services.import_batch_commit(user=request.user, batch=batch,
                                             confirm_warnings=body.validated_data["confirm_warnings"])
        code = status.HTTP_200_OK if batch.status == ImportBatch.Status.COMMITTED else status.HTTP_400_BAD_REQUEST
        return Response(serializers.ImportBatchSerializer(batch).data, status=code)

    @extend_schema(parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(KINDS))],
                   responses={(200, XLSX_MIME): OpenApiTypes.BINARY},
                   summary="The kind's .xlsx template (the user's pairings in its drop-down lists)")
    @action(detail=False, methods=["get"], url_path=r"templates/(?P<kind>[a-z_]+)")
    def template(self, request, kind=None):
        spec = KINDS.get(kind)
        if spec is None:
            raise Http404
        if not spec.may_import(request.user):
            raise PermissionDenied
        response = HttpResponse(template_xlsx(kind=spec, user=request.user), content_type=XLSX_MIME)
        response["Content-Disposition"] = content_disposition_header(True, template_filename(spec))
        return response
