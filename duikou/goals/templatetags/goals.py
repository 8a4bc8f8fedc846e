"""Template filters of the goals pages: a measure's value as it reads (an amount with two decimals, a count
as a whole number), and a signed percentage."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from .. import measures

register = template.Library()


@register.filter
def measure_value(value, measure: str) -> str:
    if value is None or value == "":
        return "—"
    if measures.is_amount(measure):
        return floatformat(value, "2g")
    return floatformat(value, "g")


@register.filter
def signed(value, measure: str = "") -> str:
    """A difference with its sign (+12, −3.50); ``measure`` formats it as that measure's value."""
    if value is None:
        return "—"
    text = measure_value(abs(value), measure) if measure else floatformat(abs(value), "1g")
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{floatformat(Decimal(value), '1g')} %"


@register.filter
def signed_percent(value) -> str:
    """A percentage difference with its sign: +12.0 %, −33.3 %, 0.0 %."""
    if value is None:
        return "—"
    text = percent(abs(value))
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text
