"""Pages of indicator frameworks: list, detail (dimensions and indicators grouped, weights per dimension and
in total, the evaluation rounds that use the version), create and edit through the services, publish /
retire / new version, the .xlsx export of a framework and the preview that computes it over the demo data
(or any data) for a period."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from duikou.core.exports import ExportColumn, xlsx_rows_response
from duikou.core.roles import NATIONAL_ROLES
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import services
from .filtersets import FrameworkFilterSet
from .forms import DimensionForm, FrameworkForm, IndicatorForm, PreviewForm
from .indicators import REGISTRY
from .models import Dimension, Framework, Indicator
from .selectors import framework_list, framework_outline, framework_preview, last_calendar_year, round_list


class FrameworkListView(ScopedListView):
    model = Framework
    filterset_class = FrameworkFilterSet
    partial_template_name = "evaluation/_framework_table.html"
    create_url_name = "evaluation:framework_create"

    def base_queryset(self):
        return framework_list(user=self.request.user)


class FrameworkDetailView(ScopedDetailView):
    model = Framework
    template_name = "evaluation/framework_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework, user = self.object, self.request.user
        ndrc = Framework.objects.reach(user, "change") is not None
        versions = list(
            Framework.objects.for_user(user, "view").filter(code=framework.code).order_by("-version_number")
        )
        # The rounds that use this version, scoped as the round list (one query, however many rounds).
        rounds_using = list(round_list(user=user).filter(framework=framework))
        context.update(
            rounds_using=rounds_using,
            used_by_rounds=len(rounds_using) or framework.rounds.count(),
            outline=framework_outline(framework=framework),
            can_edit_content=ndrc and not framework.is_frozen,
            can_publish=ndrc and framework.is_draft,
            can_retire=ndrc and framework.status == Framework.Status.PUBLISHED,
            can_new_version=ndrc and not any(v.is_draft for v in versions),
            can_preview=bool(user.scope.roles & NATIONAL_ROLES),
            versions=versions,
            queries=REGISTRY,
        )
        return context


class FrameworkCreateView(ServiceFormView):
    model = Framework
    form_class = FrameworkForm

    def perform(self, form):
        return services.framework_create(user=self.request.user, data=form.service_data())


class FrameworkUpdateView(ServiceFormView):
    model = Framework
    form_class = FrameworkForm
    action = "change"

    def perform(self, form):
        data = form.service_data()
        data.pop("code", None)
        return services.framework_update(
            user=self.request.user,
            framework=self.object,
            data=data,
            expected_version=form.cleaned_data.get("version"),
        )


class FrameworkDeleteView(ServiceDeleteView):
    model = Framework
    success_url_name = "evaluation:framework_list"

    def perform_delete(self, obj):
        services.framework_delete(user=self.request.user, framework=obj)


class FrameworkActionView(LoginRequiredMixin, View):
    """POST only: one workflow step through its service; the outcome is a message on the framework's page."""

    service = None
    done_message = ""

    def post(self, request, pk):
        framework = get_object_or_404(Framework.objects.for_user(request.user, "view"), pk=pk)
        if Framework.objects.reach(request.user, "change") is None:
            raise PermissionDenied
        try:
            result = type(self).service(user=request.user, framework=framework)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(framework.get_absolute_url())
        messages.success(request, str(self.done_message) % {"framework": result})
        return redirect(result.get_absolute_url())


class FrameworkPublishView(FrameworkActionView):
    service = services.framework_publish
    done_message = gettext_lazy("Published: %(framework)s. It can no longer change.")


class FrameworkRetireView(FrameworkActionView):
    service = services.framework_retire
    done_message = gettext_lazy("Retired: %(framework)s.")


class FrameworkNewVersionView(FrameworkActionView):
    service = services.framework_new_version
    done_message = gettext_lazy("New draft version: %(framework)s, a copy of the previous one.")


def export_columns() -> list[ExportColumn]:
    def field(name):
        return str(Indicator._meta.get_field(name).verbose_name)

    return [
        ExportColumn(_("Dimension"), "dimension.name", width=20),
        ExportColumn(field("code"), "code", width=8),
        ExportColumn(field("name"), "name", width=36),
        ExportColumn(field("unit"), "unit", width=12),
        ExportColumn(field("weight"), "weight", width=8, number_format="0.00"),
        ExportColumn(field("direction"), lambda i: i.get_direction_display(), width=14),
        ExportColumn(field("normalisation"), lambda i: i.get_normalisation_display(), width=30),
        ExportColumn(field("target_value"), "target_value", width=12),
        ExportColumn(field("source"), lambda i: i.get_source_display(), width=24),
        ExportColumn(
            field("query"), lambda i: REGISTRY[i.query].label if i.query in REGISTRY else i.query, width=30
        ),
        ExportColumn(field("per_side"), "per_side", width=8),
        ExportColumn(field("description"), "description", width=50),
    ]


class FrameworkExportView(LoginRequiredMixin, View):
    """The framework's indicators as .xlsx, one row each, by dimension (recorded in the audit log)."""

    def get(self, request, pk):
        framework = get_object_or_404(Framework.objects.for_user(request.user, "view"), pk=pk)
        indicators = list(
            framework.indicators.select_related("dimension").order_by(
                "dimension__order", "dimension_id", "order", "id"
            )
        )
        return xlsx_rows_response(
            rows=indicators,
            columns=export_columns(),
            title=str(framework),
            filename=f"{framework.code}-v{framework.version_number}.xlsx",
            user=request.user,
            instance=framework,
        )


class FrameworkPreviewView(LoginRequiredMixin, TemplateView):
    """Every computed indicator for every formal pairing over a period (default: the last calendar year),
    with raw, normalised and weighted values and the total: for the NDRC office and the national reviewer,
    to see that a framework works before a round uses it. Nothing is stored."""

    template_name = "evaluation/framework_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if not user.scope.roles & NATIONAL_ROLES:
            raise PermissionDenied
        framework = Framework.objects.for_user(user, "view").filter(pk=self.kwargs["pk"]).first()
        if framework is None:
            raise Http404
        start, end = last_calendar_year()
        form = PreviewForm(self.request.GET or None, initial={"start": start, "end": end})
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        context.update(
            framework=framework,
            form=form,
            preview=framework_preview(framework=framework, start=start, end=end)
            if not form.is_bound or form.is_valid()
            else None,
        )
        return context


# --- dimensions and indicators ------------------------------------------------------------------------------


class _UnderFramework:
    """A create page under ``/frameworks/<framework_pk>/``: the framework must be visible (else 404) and
    still a draft the user may change (else 403)."""

    def get_object(self):
        self.framework = get_object_or_404(
            Framework.objects.for_user(self.request.user, "view"), pk=self.kwargs["framework_pk"]
        )
        if not Framework.objects.allows(self.request.user, "change", self.framework):
            raise PermissionDenied(services.frozen_message(self.framework))
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = getattr(self, "framework", None) or self.object.framework
        return context


class DimensionCreateView(_UnderFramework, ServiceFormView):
    model = Dimension
    form_class = DimensionForm

    def get_initial(self):
        return {"order": self.framework.dimensions.count() + 1}

    def perform(self, form):
        return services.dimension_create(
            user=self.request.user, framework=self.framework, data=form.service_data()
        )


class DimensionUpdateView(ServiceFormView):
    model = Dimension
    form_class = DimensionForm
    action = "change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.object.framework
        return context

    def perform(self, form):
        return services.dimension_update(
            user=self.request.user,
            dimension=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class DimensionDeleteView(ServiceDeleteView):
    model = Dimension

    def deleted_url(self, obj):
        return obj.framework.get_absolute_url()

    def perform_delete(self, obj):
        services.dimension_delete(user=self.request.user, dimension=obj)


class IndicatorCreateView(_UnderFramework, ServiceFormView):
    model = Indicator
    form_class = IndicatorForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["framework"] = self.framework
        return kwargs

    def get_initial(self):
        initial = {"order": self.framework.indicators.count() + 1}
        if self.request.GET.get("dimension", "").isdigit():
            initial["dimension"] = int(self.request.GET["dimension"])
        return initial

    def perform(self, form):
        return services.indicator_create(user=self.request.user, data=form.service_data())


class IndicatorUpdateView(ServiceFormView):
    model = Indicator
    form_class = IndicatorForm
    action = "change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.object.framework
        return context

    def perform(self, form):
        return services.indicator_update(
            user=self.request.user,
            indicator=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class IndicatorDeleteView(ServiceDeleteView):
    model = Indicator

    def deleted_url(self, obj):
        return obj.framework.get_absolute_url()

    def perform_delete(self, obj):
        services.indicator_delete(user=self.request.user, indicator=obj)
