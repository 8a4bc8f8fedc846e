from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from duikou.dashboards.forms import DashboardFilterForm
from duikou.dashboards.selectors import dashboard_figures

from .serializers import DashboardSerializer, dashboard_payload


class DashboardView(APIView):
    """The dashboard's figures for the pairings the caller may see (all for national roles, a coordinator's or
    reporter's own): headline totals, the same per pairing, by key task, by month and by year. Read from the
    aggregates of the last refresh (``refreshed_at``); the period counts whole months."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses=DashboardSerializer,
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, description="First day of the period (default 1 January)."
            ),
            OpenApiParameter(
                "end", OpenApiTypes.DATE, description="Last day of the period (default 31 December)."
            ),
            OpenApiParameter(
                "tier", OpenApiTypes.STR, enum=["province", "city"], description="Pairing tier."
            ),
            OpenApiParameter(
                "pairing",
                OpenApiTypes.INT,
                description="One of the caller's pairings (its id); another pairing answers 404.",
            ),
        ],
    )
    def get(self, request):
        form = DashboardFilterForm(request.query_params, user=request.user)
        if form.foreign_pairing:
            raise NotFound()
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        filters = form.cleaned_data
        chosen = filters.get("pairing")
        figures = dashboard_figures(
            user=request.user,
            start=filters.get("start"),
            end=filters.get("end"),
            tier=filters.get("tier") or None,
            pairing=chosen.pk if chosen else None,
        )
        return Response(DashboardSerializer(dashboard_payload(figures)).data)
