from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from duikou.core.exports import XlsxExportMixin
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView
from duikou.parks.models import Park
from duikou.projects.models import Project

from . import services
from .filtersets import FundingEntryFilterSet
from .forms import FundingEntryForm
from .models import FundingEntry
from .selectors import (
    GROUPS,
    PAGED_GROUPS,
    funding_groups,
    funding_rates,
    funding_totals,
    label_groups,
    totals_of,
)


class FundingEntryListView(XlsxExportMixin, ScopedListView):
    model = FundingEntry
    filterset_class = FundingEntryFilterSet
    select_related = ("project", "park", "pairing__northeast", "pairing__east")
    partial_template_name = "funding/_entry_table.html"
    template_name = "funding/entry_list.html"
    create_url_name = None
    export_title = "资金台账"

    def get_export_columns(self):
        """The import's own columns: an exported ledger imports back unchanged (a round trip)."""
        from duikou.imports.kinds import get_kind

        return get_kind("funding").export_columns()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.summary())
        if FundingEntry.objects.may(self.request.user, "add"):
            context["list_actions"] = [{"id": "excel-import", "label": _("Excel import"),
                                        "url": reverse("imports:start") + "?kind=funding"}]
        return context

    def summary(self) -> dict:
        """Totals by stage and by source of the filtered entries: one scan (the sources add up to the total)."""
        by_source = funding_rates(entries=self.filterset.qs, by="source")
        return {"by_source": by_source, "totals": totals_of(by_source)}


class FundingRatesView(FundingEntryListView):
    """In place against committed, grouped by pairing, source, project or park (``?by=``), over the
    filtered entries the user may see; projects and parks a page at a time."""

    template_name = "funding/rates.html"
    partial_template_name = None  # a whole page, also for htmx
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        by = request.GET.get("by")
        self.by = by if by in GROUPS else "pairing"
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        super().get_queryset()  # the filterset, over the scoped entries
        return funding_groups(entries=self.filterset.qs, by=self.by)

    def paginate_queryset(self, queryset, page_size):
        if self.by not in PAGED_GROUPS:
            return None, None, queryset, False
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["by"] = self.by
        context["groups"] = GROUPS
        context["rows"] = label_groups(context["object_list"], by=self.by)
        return context

    def summary(self) -> dict:
        return {"totals": funding_totals(entries=self.filterset.qs)}


class FundingEntryDetailView(ScopedDetailView):
    model = FundingEntry
    select_related = ("project", "park", "pairing__northeast", "pairing__east", "recorded_by")
    template_name = "funding/entry_detail.html"


class FundingEntryCreateView(ServiceFormView):
    """A new entry, for the project (``?project=``) or park (``?park=``) it was opened from."""

    model = FundingEntry
    form_class = FundingEntryForm

    def get_object(self):
        self.target = None
        params = self.request.GET
        if params.get("project"):
            self.target = get_object_or_404(Project.objects.for_user(self.request.user, "view"),
                                            pk=params["project"])
        elif params.get("park"):
            self.target = get_object_or_404(Park.objects.for_user(self.request.user, "view"), pk=params["park"])
        return super().get_object()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.target}

    def perform(self, form):
        entry = services.funding_entry_create(user=self.request.user, data=form.service_data())
        self.saved_target = entry.target
        return entry

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "saved_target", None) is not None and response.status_code == 302:
            response["Location"] = self.saved_target.get_absolute_url() + "#funding"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.target
        return context


class FundingEntryUpdateView(ServiceFormView):
    model = FundingEntry
    form_class = FundingEntryForm
    action = "change"

    def perform(self, form):
        return services.funding_entry_update(user=self.request.user, entry=self.object, data=form.service_data(),
                                             expected_version=form.cleaned_data.get("version"))

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            response["Location"] = self.object.target.get_absolute_url() + "#funding"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.object.target
        return context


class FundingEntryDeleteView(ServiceDeleteView):
    model = FundingEntry
    success_url_name = "funding:entry_list"

    def perform_delete(self, obj):
        services.funding_entry_delete(user=self.request.user, entry=obj)
