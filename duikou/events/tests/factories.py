import datetime

from duikou.core.testing import pairing

from ..models import Event, EventOutcome


def event(*pairings, title="测试活动", kind="forum", start=datetime.date(2026, 5, 10), end=None, **values):
    """An event saved directly (no service, no audit) with its pairings."""
    record = Event.objects.create(
        kind=kind, title=title, start=start, end=end or start, place="测试地点", **values
    )
    record.pairings.set(pairings)
    return record


def outcome(event_obj, pairing_obj, *, title="测试协议", agreements=1, amount="1000", **values):
    return EventOutcome.objects.create(
        event=event_obj, pairing=pairing_obj, title=title, agreements=agreements, amount=amount, **values
    )


def four_events():
    """lj 辽宁–江苏, jz 吉林–浙江, sb 沈阳–北京, and multi: 吉林–浙江 with 沈阳–北京 (an expo)."""
    lj, jz, sb = pairing("210000", "320000"), pairing("220000", "330000"), pairing("210100", "110000")
    return {
        "lj": event(lj, title="辽苏活动"),
        "jz": event(jz, title="吉浙活动"),
        "sb": event(sb, title="沈京活动"),
        "multi": event(jz, sb, title="博览会", kind="expo"),
    }


def four_outcomes():
    events = four_events()
    return {
        key: outcome(
            item, item.pairings.order_by("pk").first() if key != "multi" else pairing("220000", "330000")
        )
        for key, item in events.items()
    }
