"""API base classes: one scoping hook, writes through services, Django validation errors as 400s."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .services import ConflictError


def exception_handler(exc, context):
    if isinstance(exc, ConflictError):
        return Response({"detail": exc.messages[0], "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


class VersionedSerializer(serializers.ModelSerializer):
    """``version`` is returned on reads and must be sent back on updates: a stale one gets 409."""

    version = serializers.IntegerField(required=False, help_text="Send back the version you read; required on update.")

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": "Send the version you read, so a concurrent edit is not overwritten."})
        return attrs


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Subclasses declare ``queryset``, ``serializer_class`` and ``filterset_class``, and name the app's
    services in ``create_instance``/``update_instance``/``delete_instance``."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    # Extra actions whose rule is the service's own (a side's coordinator confirms, the NDRC office
    # acknowledges, the officer answers): they need a login and a visible object (else 404), not a model-wide
    # reach for the HTTP method.
    service_checked_actions: tuple = ()

    def get_permissions(self):
        if self.action in self.service_checked_actions:
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        return self.queryset.all().for_user(self.request.user, "view")  # .all(): never the class-level cache

    def create_instance(self, data):
        raise NotImplementedError

    def update_instance(self, instance, data, expected_version):
        raise NotImplementedError

    def delete_instance(self, instance):
        raise NotImplementedError

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = self.create_instance(data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        serializer.instance = self.update_instance(serializer.instance, data, version)

    def perform_destroy(self, instance):
        self.delete_instance(instance)


class ReadOnlyScopedViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return self.queryset.all().for_user(self.request.user, "view")  # .all(): never the class-level cache
