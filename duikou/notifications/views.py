from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from .models import Notification
from .services import notification_mark_read


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/notification_list.html"
    paginate_by = 50

    def get_queryset(self):
        qs = Notification.objects.for_user(self.request.user, "view")
        if self.request.GET.get("unread"):
            qs = qs.unread()
        return qs


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one notification read and follow its link (POST, so a link preview does not mark it)."""

    def post(self, request, pk):
        notification = get_object_or_404(Notification.objects.for_user(request.user, "change"), pk=pk)
        notification_mark_read(user=request.user, notification=notification)
        target = notification.url
        if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "notifications:notification_list"
        return redirect(target)


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        notification_mark_read(user=request.user)
        return redirect("notifications:notification_list")
