from django.views.generic import DetailView, ListView, TemplateView

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


class ExpertListView(ListView):
    """The talent-sharing platform's public face: the profiles whose experts consented to publication
    (国办发〔2017〕22号 三（三）4). Never a contact; a profile without consent is not here."""

    template_name = "portal/expert_list.html"
    context_object_name = "experts"
    paginate_by = 30

    def get_queryset(self):
        from duikou.talent.filtersets import PublicExpertFilterSet
        from duikou.talent.selectors import public_expert_list

        self.filterset = PublicExpertFilterSet(self.request.GET or None, queryset=public_expert_list(),
                                               request=self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class ExpertDetailView(DetailView):
    """One public profile; any other expert is a 404, as if it did not exist."""

    template_name = "portal/expert_detail.html"
    context_object_name = "expert"

    def get_queryset(self):
        from duikou.talent.selectors import public_expert_list

        return public_expert_list()
