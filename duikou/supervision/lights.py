"""The traffic light of a supervision item, computed from its time nodes, never typed in or stored.

The rule and the warning window are those of plan items (``duikou.plans.lights``): the earliest time node
still open decides —

* red: it is past its due date (some node is overdue);
* yellow: it is due within the warning window (``DUIKOU_LIGHT_WARNING_DAYS``, today included);
* green: otherwise (also when every node is done but the item is not yet closed);
* done: the item is closed as done; cancelled: the item was cancelled (not supervised any more).

The rule runs "as of" a day: a node done after that day counts as open on it, an item closed after it as
open. That is how a past month's snapshot is reconstructed. It runs in SQL
(``SupervisionItemQuerySet.with_light``) and in Python (``item_light``); a test holds them equal."""

from __future__ import annotations

import datetime

from duikou.plans.lights import DONE, GREEN, LABELS, RED, YELLOW, warning_days, window

CANCELLED = "cancelled"
LIGHTS = (RED, YELLOW, GREEN, DONE)
SUPERVISED = (RED, YELLOW, GREEN)

__all__ = [
    "CANCELLED",
    "DONE",
    "GREEN",
    "LABELS",
    "LIGHTS",
    "RED",
    "YELLOW",
    "item_light",
    "next_due",
    "warning_days",
    "window",
]


def next_due(nodes, *, today: datetime.date) -> datetime.date | None:
    """The due date of the earliest node still open on ``today``."""
    dates = [n.due_date for n in nodes if n.done_on is None or n.done_on > today]
    return min(dates) if dates else None


def item_light(item, *, today: datetime.date | None = None, nodes=None) -> str:
    today, soon = window(today)
    if item.status != "open" and item.closed_on is not None and item.closed_on <= today:
        return DONE if item.status == "done" else CANCELLED
    due = next_due(item.nodes.all() if nodes is None else nodes, today=today)
    if due is None:
        return GREEN
    if due < today:
        return RED
    if due <= soon:
        return YELLOW
    return GREEN
