"""Sending notifications: one row per recipient in the notification centre, and an e-mail."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def notify(*, recipients, kind: str, title: str, body: str = "", url: str = "", key: str = "",
           actor=None) -> list[Notification]:
    """Notify each recipient once. With a ``key``, a recipient who already has that key is skipped, so a
    scheduled reminder run twice sends nothing new. The ``actor`` (who caused it) is not told of their own
    action. E-mails go out after the transaction commits."""
    created = []
    seen = {actor.pk} if actor is not None else set()
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if key and Notification.objects.filter(recipient=user, key=key).exists():
            continue
        created.append(Notification.objects.create(recipient=user, kind=kind, title=title[:300], body=body,
                                                   url=url, key=key))
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _email(ids))
    return created


def _email(ids):
    for notification in Notification.objects.filter(pk__in=ids).select_related("recipient"):
        address = notification.recipient.email
        if not address:
            continue
        text = notification.body
        if notification.url:
            text = f"{text}\n\n{getattr(settings, 'DUIKOU_SITE_URL', '')}{notification.url}".strip()
        try:
            send_mail(notification.title, text, None, [address])
        except Exception:  # noqa: BLE001 - the notification centre still has it; the mail log says why
            logger.exception("e-mail for notification %s failed", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notification_mark_read(*, user, notification: Notification | None = None) -> int:
    qs = Notification.objects.for_user(user, "change").unread()
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())
