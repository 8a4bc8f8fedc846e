from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from duikou.core.api import ReadOnlyScopedViewSet, ScopedModelViewSet

from .. import services
from ..filtersets import OrganisationFilterSet, UserFilterSet
from ..models import Organisation, User
from . import serializers


class OrganisationViewSet(ScopedModelViewSet):
    queryset = Organisation.objects.select_related("region")
    serializer_class = serializers.OrganisationSerializer
    filterset_class = OrganisationFilterSet

    def create_instance(self, data):
        return services.organisation_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        return services.organisation_update(user=self.request.user, organisation=instance, data=data,
                                            expected_version=expected_version)

    def delete_instance(self, instance):
        services.organisation_delete(user=self.request.user, organisation=instance)


class UserViewSet(ReadOnlyScopedViewSet):
    queryset = User.objects.select_related("organisation").prefetch_related("role_grants")
    serializer_class = serializers.UserSerializer
    filterset_class = UserFilterSet

    def get_queryset(self):
        return super().get_queryset().distinct()


class TokenView(APIView):
    """Exchange a username and password for an API token, under the same lockout policy as the login page."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(request=serializers.TokenRequestSerializer, responses=serializers.TokenResponseSerializer)
    def post(self, request):
        payload = serializers.TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            user = services.user_authenticate(request=request, username=payload.validated_data["username"],
                                              password=payload.validated_data["password"])
        except services.LoginFailed as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        if user.must_change_password and not user.is_demo:
            return Response({"detail": "Change your one-time password on the login page before using the API."},
                            status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=serializers.UserSerializer)
    def get(self, request):
        return Response(serializers.UserSerializer(request.user).data)
