from drf_spectacular.utils import extend_schema, extend_schema_view

from duikou.core.api import ReadOnlyScopedViewSet, ScopedModelViewSet

from .. import services
from ..filtersets import AgreementFilterSet, KeyTaskFilterSet, PairingFilterSet, RegionFilterSet
from ..models import Agreement, Goal, KeyTask, KeyTaskGroup, Pairing, Principle, Region, Safeguard
from . import serializers


@extend_schema_view(list=extend_schema(summary="GB/T 2260 regions (public)"))
class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = serializers.RegionSerializer
    filterset_class = RegionFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create_instance(self, data):
        return services.region_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("code", None)
        return services.region_update(user=self.request.user, region=instance, data=data,
                                      expected_version=expected_version)


@extend_schema_view(list=extend_schema(summary="The pairings of 国办发〔2017〕22号 and later ones (public)"))
class PairingViewSet(ScopedModelViewSet):
    queryset = Pairing.objects.select_related("northeast", "east", "source_document")
    serializer_class = serializers.PairingSerializer
    filterset_class = PairingFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create_instance(self, data):
        return services.pairing_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.pairing_update(user=self.request.user, pairing=instance, data=data,
                                       expected_version=expected_version)


@extend_schema_view(list=extend_schema(summary="The 18 key tasks of the founding document (public)"))
class KeyTaskViewSet(ReadOnlyScopedViewSet):
    queryset = KeyTask.objects.select_related("group")
    serializer_class = serializers.KeyTaskSerializer
    filterset_class = KeyTaskFilterSet
    lookup_field = "code"
    lookup_value_regex = r"\d+\.\d+"
    pagination_class = None


class KeyTaskGroupViewSet(ReadOnlyScopedViewSet):
    queryset = KeyTaskGroup.objects.prefetch_related("tasks")
    serializer_class = serializers.KeyTaskGroupSerializer
    lookup_field = "code"
    pagination_class = None


class PrincipleViewSet(ReadOnlyScopedViewSet):
    queryset = Principle.objects.all()
    serializer_class = serializers.PrincipleSerializer
    lookup_field = "code"
    pagination_class = None


class SafeguardViewSet(ReadOnlyScopedViewSet):
    queryset = Safeguard.objects.all()
    serializer_class = serializers.SafeguardSerializer
    lookup_field = "code"
    pagination_class = None


class GoalViewSet(ReadOnlyScopedViewSet):
    queryset = Goal.objects.all()
    serializer_class = serializers.GoalSerializer
    lookup_field = "code"
    pagination_class = None


class AgreementViewSet(ScopedModelViewSet):
    queryset = Agreement.objects.select_related("pairing__northeast", "pairing__east").prefetch_related("key_tasks")
    serializer_class = serializers.AgreementSerializer
    filterset_class = AgreementFilterSet

    def create_instance(self, data):
        return services.agreement_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.agreement_update(user=self.request.user, agreement=instance, data=data,
                                         expected_version=expected_version)

    def delete_instance(self, instance):
        services.agreement_delete(user=self.request.user, agreement=instance)
