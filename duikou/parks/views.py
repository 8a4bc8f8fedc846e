from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from duikou.core.exports import XlsxExportMixin, field_column
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView
from duikou.projects.models import CoordinationRequest

from . import services
from .filtersets import ParkFilterSet
from .forms import BenefitAgreementForm, ParkFigureForm, ParkForm
from .models import BenefitAgreement, Park, ParkFigure
from .selectors import benefit_ledger


class ParkListView(XlsxExportMixin, ScopedListView):
    model = Park
    filterset_class = ParkFilterSet
    select_related = ("pairing__northeast", "pairing__east", "host_region", "partner_region", "operator")
    partial_template_name = "parks/_park_table.html"
    create_url_name = "parks:park_create"
    export_columns = [
        field_column(Park, "name", width=32), field_column(Park, "kind", width=24), field_column(Park, "pairing", width=20),
        field_column(Park, "host_region"), field_column(Park, "partner_region"),
        field_column(Park, "partner_park", width=24), field_column(Park, "area"),
        field_column(Park, "established_on"), field_column(Park, "management_model", width=24),
        field_column(Park, "operator", width=28), field_column(Park, "is_key"),
        field_column(Park, "green_channel_officer"),
    ]

    def export_queryset(self, queryset):
        return queryset.select_related("green_channel_officer")


class ParkDetailView(ScopedDetailView):
    model = Park
    select_related = ("pairing__northeast", "pairing__east", "host_region", "partner_region", "operator",
                      "green_channel_officer")
    template_name = "parks/park_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park = self.object
        user = self.request.user
        context.update(
            enterprises=list(park.enterprises.select_related("region")),
            projects=list(park.projects.select_related("industry").order_by("-created_at")),
            agreements=list(park.agreements.all()),
            ledger=benefit_ledger(park=park),
            can_report=ParkFigure.objects.allows(user, "add", ParkFigure(park=park)),
            can_agree=BenefitAgreement.objects.allows(user, "add", BenefitAgreement(park=park)),
            requests=list(park.coordination_requests.select_related("officer")),
            can_raise=CoordinationRequest.objects.allows(user, "add", CoordinationRequest(park=park,
                                                                                          pairing=park.pairing)),
        )
        return context


class ParkCreateView(ServiceFormView):
    model = Park
    form_class = ParkForm

    def perform(self, form):
        return services.park_create(user=self.request.user, data=form.service_data())


class ParkUpdateView(ServiceFormView):
    model = Park
    form_class = ParkForm
    action = "change"

    def perform(self, form):
        data = form.service_data()
        data.pop("pairing", None)
        return services.park_update(user=self.request.user, park=self.object, data=data,
                                    expected_version=form.cleaned_data.get("version"))


class ParkDeleteView(ServiceDeleteView):
    model = Park
    success_url_name = "parks:park_list"

    def perform_delete(self, obj):
        services.park_delete(user=self.request.user, park=obj)


class ParkFigureView(ServiceFormView):
    """Record a month's figures; ``?period=2026-05`` opens a recorded month to correct it."""

    model = ParkFigure
    form_class = ParkFigureForm

    def get_object(self):
        self.park = get_object_or_404(Park.objects.for_user(self.request.user, "view"), pk=self.kwargs["pk"])
        if not ParkFigure.objects.allows(self.request.user, "add", ParkFigure(park=self.park)):
            raise PermissionDenied
        period = self.request.GET.get("period") or self.request.POST.get("period")
        return self.park.figures.filter(period=period).first() if period else None

    def perform(self, form):
        return services.park_figure_record(user=self.request.user, park=self.park, data=form.service_data(),
                                           expected_version=form.cleaned_data.get("version"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.park
        return context


class AgreementCreateView(ServiceFormView):
    model = BenefitAgreement
    form_class = BenefitAgreementForm

    def get_object(self):
        self.park = get_object_or_404(Park.objects.for_user(self.request.user, "view"), pk=self.kwargs["pk"])
        if not BenefitAgreement.objects.allows(self.request.user, "add", BenefitAgreement(park=self.park)):
            raise PermissionDenied
        return None

    def perform(self, form):
        return services.agreement_create(user=self.request.user, park=self.park, data=form.service_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.park
        return context


class AgreementUpdateView(ServiceFormView):
    model = BenefitAgreement
    form_class = BenefitAgreementForm
    action = "change"

    def perform(self, form):
        return services.agreement_update(user=self.request.user, agreement=self.object, data=form.service_data(),
                                         expected_version=form.cleaned_data.get("version"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.object.park
        return context


class AgreementDeleteView(ServiceDeleteView):
    model = BenefitAgreement
    success_url_name = "parks:park_list"

    def perform_delete(self, obj):
        services.agreement_delete(user=self.request.user, agreement=obj)
