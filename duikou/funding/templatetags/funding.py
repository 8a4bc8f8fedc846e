"""``{% funding_panel target %}``: a project's or park's funding totals, in-place rate and entries."""

from django import template

from ..models import FundingEntry
from ..selectors import funding_rates, totals_of

register = template.Library()


@register.inclusion_tag("funding/_panel.html", takes_context=True)
def funding_panel(context, target):
    user = context["request"].user
    field = target._meta.model_name  # "project" or "park"
    entries = FundingEntry.objects.for_user(user, "view").filter(**{field: target})
    return {
        "target": target,
        "field": field,
        "by_source": (by_source := funding_rates(entries=entries, by="source")),
        "totals": totals_of(by_source),
        "entries": list(entries.order_by("-on", "-id")[:20]),
        "can_add": FundingEntry.objects.allows(user, "add", FundingEntry(**{field: target, "pairing": target.pairing})),
    }
