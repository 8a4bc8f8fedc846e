from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from duikou.core.api import ScopedModelViewSet

from .. import services
from ..filtersets import ParkFilterSet
from ..models import BenefitAgreement, Park
from ..selectors import benefit_ledger
from . import serializers


class ParkViewSet(ScopedModelViewSet):
    """Co-built parks; ``figures`` (monthly, a month again corrects it) and the benefit-sharing ``ledger``."""

    queryset = Park.objects.prefetch_related("enterprises")
    serializer_class = serializers.ParkSerializer
    filterset_class = ParkFilterSet

    service_checked_actions = ("figures",)

    def create_instance(self, data):
        return services.park_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.park_update(user=self.request.user, park=instance, data=data,
                                    expected_version=expected_version)

    def delete_instance(self, instance):
        services.park_delete(user=self.request.user, park=instance)

    @extend_schema(methods=["GET"], responses=serializers.ParkFigureSerializer(many=True),
                   summary="The park's monthly figures")
    @extend_schema(methods=["POST"], request=serializers.ParkFigureSerializer,
                   responses={201: serializers.ParkFigureSerializer},
                   summary="Report a month's figures (the same month again corrects them: send its version)")
    @action(detail=True, methods=["get", "post"])
    def figures(self, request, pk=None):
        park = self.get_object()
        if request.method == "GET":
            return Response(serializers.ParkFigureSerializer(
                park.figures.select_related("reported_by").order_by("-period"), many=True).data)
        body = serializers.ParkFigureSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version", None)
        figure = services.park_figure_record(user=request.user, park=park, data=data, expected_version=version)
        return Response(serializers.ParkFigureSerializer(figure).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=serializers.LedgerYearSerializer(many=True),
                   summary="Each month's tax revenue and GDP split between the two sides, by year")
    @action(detail=True, methods=["get"])
    def ledger(self, request, pk=None):
        return Response(serializers.LedgerYearSerializer(benefit_ledger(park=self.get_object()), many=True).data)


class BenefitAgreementViewSet(ScopedModelViewSet):
    queryset = BenefitAgreement.objects.all()
    serializer_class = serializers.BenefitAgreementSerializer
    filterset_fields = ["park"]

    def create_instance(self, data):
        park = data.pop("park")
        return services.agreement_create(user=self.request.user, park=park, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("park", None)
        return services.agreement_update(user=self.request.user, agreement=instance, data=data,
                                         expected_version=expected_version)

    def delete_instance(self, instance):
        services.agreement_delete(user=self.request.user, agreement=instance)
