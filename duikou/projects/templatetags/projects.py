"""``{% project_inbox_panel %}``: what waits for the user in the project library (on the workbench)."""

from django import template

from ..selectors import project_inbox

register = template.Library()


@register.inclusion_tag("projects/_inbox.html", takes_context=True)
def project_inbox_panel(context):
    return {"project_inbox": project_inbox(user=context["request"].user)}
