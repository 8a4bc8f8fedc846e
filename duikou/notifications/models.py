"""The in-app notification centre; each notification is also e-mailed through Django's mail settings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import NotificationQuerySet


class Notification(models.Model):
    class Kind(models.TextChoices):
        CONFIRMATION_REQUESTED = "confirmation_requested", _("Confirmation requested")
        CONFIRMED = "confirmed", _("Confirmed")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RETURNED = "returned", _("Returned")
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        REQUEST_RAISED = "request_raised", _("Coordination requested")
        REQUEST_ANSWERED = "request_answered", _("Request answered")
        URGED = "urged", _("Urging notice (催办)")
        RECTIFICATION_ISSUED = "rectification_issued", _("Rectification required")
        RECTIFICATION_ANSWERED = "rectification_answered", _("Rectification answered")
        RECTIFICATION_SENT_BACK = "rectification_sent_back", _("Rectification sent back")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # A reminder is sent once: the same key is never notified twice to the same person.
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], condition=~models.Q(key=""),
                                               name="notifications_once_per_key")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url or "/work/notifications/"
