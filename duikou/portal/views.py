from django.views.generic import TemplateView

from duikou.regions.models import Goal, Pairing, Principle
from duikou.regions.selectors import catalogue_groups, pairing_queryset


class PortalHomeView(TemplateView):
    """The public root page: the programme, its pairings and its catalogue. No login, no scoped data."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pairings = list(pairing_queryset())
        context["province_pairings"] = [p for p in pairings if p.tier == Pairing.Tier.PROVINCE]
        context["city_pairings"] = [p for p in pairings if p.tier == Pairing.Tier.CITY]
        context["groups"] = catalogue_groups()
        context["principles"] = Principle.objects.all()
        context["goals"] = Goal.objects.all()
        return context
