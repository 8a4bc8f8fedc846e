"""Traffic lights (红黄绿灯), computed from dates and progress, never typed in.

* red: not completed and past its due date;
* yellow: not completed and due within the warning window (``DUIKOU_LIGHT_WARNING_DAYS``, 15 days by
  default), or an item behind its expected progress: a straight line from 0% at its start date to 100%
  at its due date;
* green: on track;
* done: completed.

The same rules run in SQL (``PlanItemQuerySet.with_light``) and in Python (``item_light``) and a test
holds them equal.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RED, YELLOW, GREEN, DONE = "red", "yellow", "green", "done"
LIGHTS = (RED, YELLOW, GREEN, DONE)
LABELS = {RED: _("Overdue"), YELLOW: _("Needs attention"), GREEN: _("On track"), DONE: _("Completed")}
CHOICES = [(light, LABELS[light]) for light in LIGHTS]


def warning_days() -> int:
    return int(getattr(settings, "DUIKOU_LIGHT_WARNING_DAYS", 15))


def window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=warning_days())


def on_track_until(*, start: datetime.date, due: datetime.date, progress: int) -> datetime.date:
    """The last day on which ``progress`` percent is still on schedule."""
    if progress >= 100 or due <= start:
        return due
    days = (due - start).days
    return start + datetime.timedelta(days=math.floor(days * progress / 100))


def item_light(item, *, today: datetime.date | None = None) -> str:
    today, soon = window(today)
    if item.completed_on:
        return DONE
    if item.due_date < today:
        return RED
    if item.due_date <= soon or (item.on_track_until is not None and item.on_track_until < today):
        return YELLOW
    return GREEN


def node_light(node, *, today: datetime.date | None = None) -> str:
    today, soon = window(today)
    if node.completed_on:
        return DONE
    if node.due_date < today:
        return RED
    if node.due_date <= soon:
        return YELLOW
    return GREEN
