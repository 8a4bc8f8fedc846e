"""Pages of reform practices and their replications: lists with filters and .xlsx export, details (a practice
with its replications, a replication with its status history), create/edit/delete through the services, and
the "change status" form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.core.exports import ExportColumn, XlsxExportMixin, field_column
from duikou.core.services import ConflictError
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import services
from .filtersets import ReformPracticeFilterSet, ReplicationFilterSet
from .forms import (
    NEXT_STATUS,
    ReformPracticeForm,
    ReplicationForm,
    ReplicationStatusForm,
    practice_origin_choices,
    replication_region_choices,
)
from .models import ReformPractice, Replication
from .selectors import (
    PRACTICE_RELATED,
    REPLICATION_RELATED,
    practice_list,
    practice_replications,
    replication_history,
    replication_list,
)


def next_status(replication: Replication) -> str:
    """The status a replication usually moves to next (the form's default)."""
    return NEXT_STATUS.get(replication.status, replication.status)


# --- practices ---------------------------------------------------------------------------------------------


class ReformPracticeListView(XlsxExportMixin, ScopedListView):
    model = ReformPractice
    filterset_class = ReformPracticeFilterSet
    partial_template_name = "reforms/_practice_table.html"
    create_url_name = "reforms:practice_create"

    def base_queryset(self):
        return practice_list(user=self.request.user)

    def get_export_columns(self):
        return [
            ExportColumn(_("Number"), "pk", width=8),
            field_column(ReformPractice, "title", width=40),
            field_column(ReformPractice, "origin", width=12),
            field_column(ReformPractice, "key_task", width=24),
            field_column(ReformPractice, "source_document", width=40),
            field_column(ReformPractice, "introduced_on", width=12),
            field_column(ReformPractice, "tags", width=24),
            ExportColumn(_("Replications"), "replication_count", width=10),
            field_column(ReformPractice, "description", width=60),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = context["can_add"] and practice_origin_choices(self.request.user).exists()
        return context


class ReformPracticeDetailView(ScopedDetailView):
    model = ReformPractice
    select_related = PRACTICE_RELATED
    template_name = "reforms/practice_detail.html"
    context_object_name = "practice"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["replications"] = list(practice_replications(user=self.request.user, practice=self.object))
        context["can_add_replication"] = replication_region_choices(self.request.user).exists()
        return context


class ReformPracticeCreateView(ServiceFormView):
    model = ReformPractice
    form_class = ReformPracticeForm

    def get_object(self):
        obj = super().get_object()
        if not practice_origin_choices(self.request.user).exists():
            raise PermissionDenied  # a northeastern coordinator keeps no eastern practice
        return obj

    def perform(self, form):
        return services.practice_create(user=self.request.user, data=form.service_data())


class ReformPracticeUpdateView(ServiceFormView):
    model = ReformPractice
    form_class = ReformPracticeForm
    action = "change"

    def perform(self, form):
        return services.practice_update(
            user=self.request.user,
            practice=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class ReformPracticeDeleteView(ServiceDeleteView):
    model = ReformPractice
    success_url_name = "reforms:practice_list"

    def perform_delete(self, obj):
        services.practice_delete(user=self.request.user, practice=obj)


# --- replications ------------------------------------------------------------------------------------------


class ReplicationListView(XlsxExportMixin, ScopedListView):
    """Which practices a region has replicated, and since when: ``?origin=440000&region=230000``."""

    model = Replication
    filterset_class = ReplicationFilterSet
    partial_template_name = "reforms/_replication_table.html"
    create_url_name = "reforms:replication_create"

    def base_queryset(self):
        return replication_list(user=self.request.user)

    def get_export_columns(self):
        return [
            ExportColumn(_("Number"), "pk", width=8),
            field_column(Replication, "practice", width=40),
            field_column(Replication, "practice.origin", width=12),
            field_column(Replication, "practice.key_task", width=24),
            field_column(Replication, "region", width=12),
            field_column(Replication, "pairing", width=18),
            field_column(Replication, "status", width=16),
            field_column(Replication, "status_since", width=12),
            field_column(Replication, "started_on", width=12),
            field_column(Replication, "evidence", width=40),
            field_column(Replication, "notes", width=40),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = context["can_add"] and replication_region_choices(self.request.user).exists()
        return context


class ReplicationDetailView(ScopedDetailView):
    model = Replication
    select_related = REPLICATION_RELATED
    template_name = "reforms/replication_detail.html"
    context_object_name = "replication"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = list(replication_history(replication=self.object))
        context["status_form"] = ReplicationStatusForm(
            initial={
                "on": timezone.localdate(),
                "version": self.object.version,
                "status": next_status(self.object),
            }
        )
        return context


class ReplicationCreateView(ServiceFormView):
    model = Replication
    form_class = ReplicationForm

    def get_object(self):
        obj = super().get_object()
        if not replication_region_choices(self.request.user).exists():
            raise PermissionDenied
        return obj

    def get_initial(self):
        initial = super().get_initial()
        practice = self.request.GET.get("practice")
        if practice and practice.isdigit():
            initial["practice"] = practice
        return initial

    def perform(self, form):
        try:
            return services.replication_create(user=self.request.user, data=form.service_data())
        except PermissionDenied:
            raise ValidationError(
                {
                    "region": _(
                        "You may record replications only in your own regions, or for your pairing's partner "
                        "of a practice from your side."
                    )
                }
            )


class ReplicationUpdateView(ServiceFormView):
    model = Replication
    form_class = ReplicationForm
    action = "change"

    def perform(self, form):
        return services.replication_update(
            user=self.request.user,
            replication=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class ReplicationDeleteView(ServiceDeleteView):
    model = Replication
    success_url_name = "reforms:replication_list"

    def perform_delete(self, obj):
        services.replication_delete(user=self.request.user, replication=obj)


class ReplicationStatusView(ServiceFormView):
    """GET: the "change status" form; POST: ``replication_set_status``, its errors on the form."""

    model = Replication
    form_class = ReplicationStatusForm
    action = "change"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        kwargs.pop("instance", None)
        return kwargs

    def get_initial(self):
        return {
            "on": timezone.localdate(),
            "version": self.object.version,
            "status": next_status(self.object),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_title"] = _("Change status: %(replication)s") % {"replication": self.object}
        context["parent_object"] = self.object
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.replication_set_status(
                user=self.request.user,
                replication=self.object,
                status=data["status"],
                on=data["on"],
                evidence=data.get("evidence") or "",
                expected_version=data.get("version"),
            )
        except ConflictError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                form.add_error(None, exc)
                return self.form_invalid(form)
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("The status was changed."))
        return redirect(self.object.get_absolute_url())

    def get_object(self):
        obj = super().get_object()
        if obj is None:
            raise Http404
        return obj
