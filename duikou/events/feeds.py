"""The iCalendar feed of a user's events (RFC 5545, written with ``icalendar``): one VEVENT per event, its UID
stable across requests, all-day dates (DTEND the day after the last day, as the standard has it)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def event_uid(event: Event, host: str) -> str:
    return f"duikou-event-{event.pk}@{host or 'duikou'}"


def event_feed(*, events: Iterable[Event], url_for: Callable[[str], str], host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Duikou//Events//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Duikou events"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        item = CalendarEvent()
        item.add("uid", event_uid(event, host))
        item.add("dtstamp", event.updated_at or event.created_at)
        item.add("dtstart", event.start)
        item.add("dtend", event.end + datetime.timedelta(days=1))
        item.add("summary", event.title)
        item.add("location", event.place)
        item.add("url", url_for(event.get_absolute_url()))
        item.add("categories", [str(event.get_kind_display())])
        calendar.add_component(item)
    return calendar.to_ical()
