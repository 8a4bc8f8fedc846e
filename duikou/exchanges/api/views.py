from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from duikou.core.api import ScopedModelViewSet

from .. import services
from ..filtersets import SecondmentFilterSet
from ..models import Secondment
from ..selectors import secondment_list
from . import serializers

NAMES = OpenApiParameter("names", OpenApiTypes.INT, description=(
    "1: show the names a user may see (recorded in the audit log); otherwise the list is masked. Ignored for "
    "a user who may not see names."))


@extend_schema_view(list=extend_schema(parameters=[NAMES]))
class SecondmentViewSet(ScopedModelViewSet):
    """Cadre secondments. Personal data: ``person_name``, ``birth_year``, ``home_post`` and ``host_post`` are
    masked in lists unless ``?names=1`` (and the user may see them); a detail read shows them to those who
    may, and each such read is recorded in the audit log."""

    queryset = Secondment.objects.all()
    serializer_class = serializers.SecondmentSerializer
    filterset_class = SecondmentFilterSet

    def get_queryset(self):
        return secondment_list(user=self.request.user, queryset=self.queryset)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "list":
            context["show_names"] = (self.request.query_params.get("names") == "1"
                                     and Secondment.objects.may_see_any_names(self.request.user))
        return context

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if self.get_serializer_context()["show_names"]:
            rows = response.data["results"] if isinstance(response.data, dict) else response.data
            ids = [row["id"] for row in rows if row["names_shown"]]
            services.secondment_names_viewed(user=request.user, secondments=list(
                Secondment.objects.filter(pk__in=ids).select_related("home_organisation", "host_organisation")),
                where="api list")
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if response.data.get("names_shown"):
            services.secondment_names_viewed(user=request.user, secondments=[self.get_object()], where="api")
        return response

    def create_instance(self, data):
        return services.secondment_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("pairing", None)
        return services.secondment_update(user=self.request.user, secondment=instance, data=data,
                                          expected_version=expected_version)

    def delete_instance(self, instance):
        services.secondment_delete(user=self.request.user, secondment=instance)
