from django.http import Http404
from django.views.generic import DetailView, TemplateView

from duikou.accounts.models import Organisation
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import services
from .filtersets import AgreementFilterSet, KeyTaskFilterSet, PairingFilterSet, RegionFilterSet
from .forms import AgreementForm, PairingForm, RegionForm
from .models import Agreement, Goal, KeyTask, Pairing, Principle, Region, Safeguard
from .selectors import PAIRING_PREFETCH, PAIRING_RELATED, catalogue_groups

# --- regions -------------------------------------------------------------------------------------------


class RegionListView(ScopedListView):
    model = Region
    filterset_class = RegionFilterSet
    select_related = ("parent",)
    partial_template_name = "regions/_region_table.html"
    create_url_name = "regions:region_create"


class RegionDetailView(ScopedDetailView):
    model = Region
    select_related = ("parent",)
    template_name = "regions/region_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.object
        context["children"] = region.children.all()
        context["pairings"] = Pairing.objects.involving([region.code]).select_related("northeast", "east")
        context["organisations"] = Organisation.objects.for_user(self.request.user, "view").filter(
            region=region)[:50]
        return context


class RegionCreateView(ServiceFormView):
    model = Region
    form_class = RegionForm

    def perform(self, form):
        return services.region_create(user=self.request.user, data=form.service_data())


class RegionUpdateView(ServiceFormView):
    model = Region
    form_class = RegionForm
    action = "change"

    def perform(self, form):
        data = form.service_data()
        data.pop("code", None)
        return services.region_update(user=self.request.user, region=self.object, data=data,
                                      expected_version=form.cleaned_data.get("version"))


# --- pairings ------------------------------------------------------------------------------------------


class PairingListView(ScopedListView):
    model = Pairing
    filterset_class = PairingFilterSet
    select_related = PAIRING_RELATED
    prefetch_related = PAIRING_PREFETCH
    partial_template_name = "regions/_pairing_table.html"
    create_url_name = "regions:pairing_create"


class PairingDetailView(ScopedDetailView):
    model = Pairing
    select_related = PAIRING_RELATED
    prefetch_related = PAIRING_PREFETCH
    template_name = "regions/pairing_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        pairing = self.object
        context["agreements"] = Agreement.objects.for_user(user, "view").filter(pairing=pairing)
        context["organisations"] = (
            Organisation.objects.for_user(user, "view").filter(region__in=pairing.sides).select_related("region")[:100]
        )
        context["children"] = pairing.children.select_related("northeast", "east")
        context["can_add_agreement"] = Agreement.objects.allows(user, "add", Agreement(pairing=pairing))
        return context


class PairingCreateView(ServiceFormView):
    model = Pairing
    form_class = PairingForm

    def perform(self, form):
        return services.pairing_create(user=self.request.user, data=form.service_data())


class PairingUpdateView(ServiceFormView):
    model = Pairing
    form_class = PairingForm
    action = "change"

    def perform(self, form):
        return services.pairing_update(user=self.request.user, pairing=self.object, data=form.service_data(),
                                       expected_version=form.cleaned_data.get("version"))


# --- agreements (a pairing's joint records) ------------------------------------------------------------


class AgreementListView(ScopedListView):
    model = Agreement
    filterset_class = AgreementFilterSet
    select_related = ("pairing__northeast", "pairing__east")
    prefetch_related = ("key_tasks",)
    partial_template_name = "regions/_agreement_table.html"
    create_url_name = "regions:agreement_create"


class AgreementDetailView(ScopedDetailView):
    model = Agreement
    select_related = ("pairing__northeast", "pairing__east")
    prefetch_related = ("key_tasks",)
    template_name = "regions/agreement_detail.html"


class AgreementCreateView(ServiceFormView):
    model = Agreement
    form_class = AgreementForm

    def get_initial(self):
        return {"pairing": self.request.GET.get("pairing")}

    def perform(self, form):
        return services.agreement_create(user=self.request.user, data=form.service_data())


class AgreementUpdateView(ServiceFormView):
    model = Agreement
    form_class = AgreementForm
    action = "change"

    def perform(self, form):
        return services.agreement_update(user=self.request.user, agreement=self.object, data=form.service_data(),
                                         expected_version=form.cleaned_data.get("version"))


class AgreementDeleteView(ServiceDeleteView):
    model = Agreement
    success_url_name = "regions:agreement_list"

    def perform_delete(self, obj):
        services.agreement_delete(user=self.request.user, agreement=obj)


# --- the catalogue -------------------------------------------------------------------------------------


class CatalogueView(TemplateView):
    """The founding document's key tasks, principles, safeguards and goals, each with its policy text."""

    template_name = "regions/catalogue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.filterset = KeyTaskFilterSet(self.request.GET or None, queryset=KeyTask.objects.select_related("group"),
                                          request=self.request)
        context["filterset"] = self.filterset
        context["filtered"] = bool(self.request.GET.get("q") or self.request.GET.get("group"))
        context["tasks"] = self.filterset.qs
        context["groups"] = catalogue_groups()
        context["principles"] = Principle.objects.all()
        context["safeguards"] = Safeguard.objects.all()
        context["goals"] = Goal.objects.all()
        return context

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["regions/_catalogue_tasks.html"]
        return [self.template_name]


class KeyTaskDetailView(DetailView):
    model = KeyTask
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "regions/keytask_detail.html"

    def get_object(self, queryset=None):
        try:
            return KeyTask.objects.select_related("group__document").get(code=self.kwargs["code"])
        except KeyTask.DoesNotExist:
            raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_authenticated:
            context["agreements"] = Agreement.objects.for_user(user, "view").filter(key_tasks=self.object).select_related(
                "pairing__northeast", "pairing__east")
        siblings = list(KeyTask.objects.filter(group=self.object.group).values_list("code", flat=True))
        context["siblings"] = siblings
        return context
