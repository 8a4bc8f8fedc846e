"""``{% pairing_exchange_figures pairing %}``: the pairing's people-and-exchanges figures by year, on its page,
for a user who may see them (``figures_pairing_ids``)."""

from django import template

from ..selectors import figures_pairing_ids, pairing_year_figures

register = template.Library()


@register.inclusion_tag("exchanges/_pairing_figures.html", takes_context=True)
def pairing_exchange_figures(context, pairing):
    allowed = figures_pairing_ids(user=context["request"].user)
    visible = allowed is None or pairing.pk in allowed
    return {"pairing": pairing, "visible": visible,
            "rows": pairing_year_figures(pairing_ids=[pairing.pk]) if visible else []}
