"""``{% pairing_plans pairing %}``: a pairing's plans with their items' lights, for the pairing's page."""

from django import template

from ..selectors import pairing_plans, plan_inbox

register = template.Library()


@register.inclusion_tag("plans/_pairing_plans.html", takes_context=True)
def pairing_plans_panel(context, pairing):
    user = context["request"].user
    return {"pairing": pairing, "rows": pairing_plans(user=user, pairing=pairing)}


@register.inclusion_tag("plans/_inbox.html", takes_context=True)
def plan_inbox_panel(context):
    return {"inbox": plan_inbox(user=context["request"].user)}
