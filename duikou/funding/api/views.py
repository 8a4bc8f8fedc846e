from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action

from duikou.core.api import ScopedModelViewSet

from .. import services
from ..filtersets import FundingEntryFilterSet
from ..models import FundingEntry
from ..selectors import GROUPS, funding_groups, label_groups
from . import serializers


class FundingEntryViewSet(ScopedModelViewSet):
    """The funding ledger: money by source and stage for a project or a park; ``rates`` groups it."""

    queryset = FundingEntry.objects.select_related("recorded_by")
    serializer_class = serializers.FundingEntrySerializer
    filterset_class = FundingEntryFilterSet

    def create_instance(self, data):
        return services.funding_entry_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.funding_entry_update(user=self.request.user, entry=instance, data=data,
                                             expected_version=expected_version)

    def delete_instance(self, instance):
        services.funding_entry_delete(user=self.request.user, entry=instance)

    @extend_schema(parameters=[OpenApiParameter("by", OpenApiTypes.STR, enum=list(GROUPS), default="pairing",
                                                description="Group by pairing, source, project or park")],
                   responses=serializers.FundingRateSerializer(many=True),
                   summary="Funds in place against funds committed, grouped (the list's filters apply; paginated)")
    @action(detail=False, methods=["get"])
    def rates(self, request):
        by = request.query_params.get("by") or "pairing"
        if by not in GROUPS:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"by": f"Group by one of: {', '.join(GROUPS)}."})
        groups = funding_groups(entries=self.filter_queryset(self.get_queryset()), by=by)
        page = self.paginate_queryset(groups)
        rows = label_groups(page, by=by)
        return self.get_paginated_response(serializers.FundingRateSerializer(rows, many=True).data)
