from duikou.core.api import ScopedModelViewSet

from .. import services
from ..filtersets import GoalTargetFilterSet, ReportedFigureFilterSet
from ..models import GoalTarget, ReportedFigure
from ..selectors import PAIRING_RELATED
from . import serializers


class GoalTargetViewSet(ScopedModelViewSet):
    """Quantified targets of the goals (the NDRC office writes them), each with the platform's figure over
    its period and its progress, read-only."""

    queryset = GoalTarget.objects.select_related("goal", "created_by")
    serializer_class = serializers.GoalTargetSerializer
    filterset_class = GoalTargetFilterSet

    def create_instance(self, data):
        return services.goal_target_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.goal_target_update(user=self.request.user, target=instance, data=data,
                                           expected_version=expected_version)

    def delete_instance(self, instance):
        services.goal_target_delete(user=self.request.user, target=instance)


class ReportedFigureViewSet(ScopedModelViewSet):
    """Reported figures (通报数据), each beside the platform's figure from 2017-03-01 to its date and the
    difference, read-only (``?tolerance=`` sets the tolerance in percent, default 5)."""

    queryset = ReportedFigure.objects.select_related(*PAIRING_RELATED, "recorded_by")
    serializer_class = serializers.ReportedFigureSerializer
    filterset_class = ReportedFigureFilterSet

    def create_instance(self, data):
        return services.reported_figure_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.reported_figure_update(user=self.request.user, figure=instance, data=data,
                                               expected_version=expected_version)

    def delete_instance(self, instance):
        services.reported_figure_delete(user=self.request.user, figure=instance)
