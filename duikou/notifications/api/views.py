from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from duikou.core.api import ReadOnlyScopedViewSet

from ..models import Notification
from ..services import notification_mark_read
from .serializers import NotificationSerializer


class NotificationViewSet(ReadOnlyScopedViewSet):
    """The current user's own notifications (nobody reads another's)."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer

    @extend_schema(request=None, responses=NotificationSerializer, summary="Mark one notification read")
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        notification_mark_read(user=request.user, notification=notification)
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)
