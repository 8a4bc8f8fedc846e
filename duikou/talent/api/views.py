from duikou.core.api import ScopedModelViewSet

from .. import services
from ..filtersets import EngagementFilterSet, ExpertFilterSet
from ..models import Engagement, Expert
from ..selectors import engagement_list, expert_list
from . import serializers


class ExpertViewSet(ScopedModelViewSet):
    """Experts and talent. Without login: the public profiles only (the expert consented), public fields only.
    Logged in: the experts of one's own and partner regions plus the public ones; the contact (personal data)
    is shown only to the coordinators of the expert's region and the national roles, and each such detail
    read is recorded in the audit log."""

    queryset = Expert.objects.all()
    serializer_class = serializers.ExpertSerializer
    filterset_class = ExpertFilterSet

    def get_queryset(self):
        return expert_list(user=self.request.user, queryset=self.queryset)

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return serializers.ExpertSerializer
        if not self.request.user.is_authenticated:
            return serializers.PublicExpertSerializer
        return serializers.ExpertSerializer

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if response.data.get("contact_shown") and (response.data.get("contact_phone")
                                                   or response.data.get("contact_email")):
            services.contact_viewed(user=request.user, expert=self.get_object(), where="api")
        return response

    def create_instance(self, data):
        return services.expert_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.expert_update(user=self.request.user, expert=instance, data=data,
                                      expected_version=expected_version)

    def delete_instance(self, instance):
        services.expert_delete(user=self.request.user, expert=instance)


class EngagementViewSet(ScopedModelViewSet):
    """Expert engagements (对接服务): login required; read by both sides of the pairing and the engaging
    organisation's region, recorded by the coordinators of the organisation's region."""

    queryset = Engagement.objects.all()
    serializer_class = serializers.EngagementSerializer
    filterset_class = EngagementFilterSet

    def get_queryset(self):
        return engagement_list(user=self.request.user, queryset=self.queryset)

    def create_instance(self, data):
        return services.engagement_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.engagement_update(user=self.request.user, engagement=instance, data=data,
                                          expected_version=expected_version)

    def delete_instance(self, instance):
        services.engagement_delete(user=self.request.user, engagement=instance)
