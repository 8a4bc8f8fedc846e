import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from duikou.core.exports import ExportColumn, XlsxExportMixin, field_column
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import services
from .filtersets import CoordinationRequestFilterSet, ProjectFilterSet
from .forms import AnswerForm, CoordinationRequestForm, ProjectForm, ProjectReportForm, StageChangeForm
from .models import CoordinationRequest, Project, ProjectReport, Stage
from .selectors import project_report_rows, response_times


def next_stage(stage: str) -> str:
    """The stage a project usually moves to next (the form's default)."""
    order = [s for s in Stage.values if s != Stage.TERMINATED]
    return order[min(order.index(stage) + 1, len(order) - 1)] if stage in order else stage


class ProjectListView(XlsxExportMixin, ScopedListView):
    """The project library; its export has the import template's columns, so it can be edited and imported
    back (Excel round trip)."""

    model = Project
    filterset_class = ProjectFilterSet
    select_related = ("pairing__northeast", "pairing__east", "key_task", "industry", "location", "host_organisation")
    partial_template_name = "projects/_project_table.html"
    create_url_name = "projects:project_create"
    export_title = "项目库"

    def get_export_columns(self):
        from duikou.imports.kinds import get_kind

        return get_kind("projects").export_columns()

    def export_queryset(self, queryset):
        return queryset.select_related("green_channel_officer").prefetch_related("investors")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if Project.objects.may(self.request.user, "add"):
            context["list_actions"] = [{"id": "excel-import", "label": _("Excel import"),
                                        "url": reverse("imports:start") + "?kind=projects"}]
        return context


class ProjectDetailView(ScopedDetailView):
    model = Project
    select_related = ("pairing__northeast", "pairing__east", "key_task", "industry__section", "industry__parent",
                      "location", "host_organisation", "green_channel_officer", "park")
    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        context.update(
            investors=list(project.investors.select_related("region")),
            stage_changes=list(project.stage_changes.select_related("user").order_by("-on", "-id")),
            report_rows=project_report_rows(project=project),
            requests=list(project.coordination_requests.select_related("officer")),
            can_raise=CoordinationRequest.objects.allows(self.request.user, "add", CoordinationRequest(project=project, pairing=project.pairing)),
            can_report=ProjectReport.objects.allows(self.request.user, "add", ProjectReport(project=project)),
            stage_form=StageChangeForm(initial={"on": timezone.localdate(), "stage": next_stage(project.stage)}),
        )
        return context


class ProjectCreateView(ServiceFormView):
    model = Project
    form_class = ProjectForm

    def perform(self, form):
        return services.project_create(user=self.request.user, data=form.service_data())


class ProjectUpdateView(ServiceFormView):
    model = Project
    form_class = ProjectForm
    action = "change"

    def perform(self, form):
        data = form.service_data()
        data.pop("pairing", None)
        return services.project_update(user=self.request.user, project=self.object, data=data,
                                       expected_version=form.cleaned_data.get("version"))


class ProjectDeleteView(ServiceDeleteView):
    model = Project
    success_url_name = "projects:project_list"

    def perform_delete(self, obj):
        services.project_delete(user=self.request.user, project=obj)


class ProjectStageView(LoginRequiredMixin, View):
    """POST: move the project to another stage (errors come back as messages on the project)."""

    def post(self, request, *args, **kwargs):
        project = get_object_or_404(Project.objects.for_user(request.user, "view"), pk=kwargs["pk"])
        form = StageChangeForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(project.get_absolute_url())
        try:
            services.project_change_stage(user=request.user, project=project, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The stage was changed."))
        return redirect(project.get_absolute_url())


class ProjectReportCreateView(ServiceFormView):
    """A month's report; figures that look wrong come back with their warnings and a box to confirm them."""

    model = ProjectReport
    form_class = ProjectReportForm

    def get_object(self):
        self.project = get_object_or_404(Project.objects.for_user(self.request.user, "view"), pk=self.kwargs["pk"])
        if not ProjectReport.objects.allows(self.request.user, "add", ProjectReport(project=self.project)):
            raise PermissionDenied
        return None

    def get_initial(self):
        last = self.project.reports.order_by("-period").first()
        return {"period": (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m"),
                "investment_cumulative": last.investment_cumulative if last else None}

    def perform(self, form):
        try:
            return services.project_report_create(user=self.request.user, project=self.project,
                                                  data=form.service_data(),
                                                  confirm=form.cleaned_data.get("confirm", False))
        except services.NeedsConfirmation as exc:
            raise ValidationError({"confirm": list(exc.warnings.values())})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.project
        return context


# --- coordination requests ---------------------------------------------------------------------------------


class CoordinationRequestListView(XlsxExportMixin, ScopedListView):
    model = CoordinationRequest
    filterset_class = CoordinationRequestFilterSet
    select_related = ("pairing__northeast", "pairing__east", "project", "park", "officer")
    partial_template_name = "projects/_request_table.html"

    def get_export_columns(self):
        def column(path, width=16):
            return field_column(CoordinationRequest, path, width=width)

        return [column("title", 36), column("pairing", 22), column("project", 36), column("park", 24),
                column("kind", 10), column("status", 10), ExportColumn(str(_("Overdue")), "is_overdue", width=8),
                column("raised_by", 16), column("officer", 16), column("created_at", 18), column("due_on", 12),
                column("answered_at", 18), column("closed_at", 18), column("escalated_at", 18),
                column("description", 40), column("answer", 40)]

    def export_queryset(self, queryset):
        return queryset.select_related("raised_by")


class CoordinationRequestDetailView(ScopedDetailView):
    model = CoordinationRequest
    select_related = ("pairing__northeast", "pairing__east", "project", "park", "officer", "raised_by",
                      "answered_by")
    template_name = "projects/request_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["answer_form"] = AnswerForm()
        context["can_answer"] = services.may_answer(user=self.request.user, request=self.object)
        from duikou.supervision.views import source_supervision  # its button: one query

        context["supervision"] = source_supervision(
            user=self.request.user, source=self.object, field="coordination_request", pairing=self.object.pairing,
            supervisable=self.object.status != CoordinationRequest.Status.CLOSED)
        return context


class CoordinationRequestCreateView(ServiceFormView):
    """Raise a request on a project (``projects/<pk>/requests/new/``) or a park (``parks/<pk>/…``)."""

    model = CoordinationRequest
    form_class = CoordinationRequestForm
    target_model = Project

    def get_object(self):
        self.target = get_object_or_404(self.target_model.objects.for_user(self.request.user, "view"),
                                        pk=self.kwargs["pk"])
        links = {self.target_model._meta.model_name: self.target, "pairing": self.target.pairing}
        if not CoordinationRequest.objects.allows(self.request.user, "add", CoordinationRequest(**links)):
            raise PermissionDenied
        return None

    def perform(self, form):
        return services.coordination_request_create(
            user=self.request.user, data=form.service_data(),
            **{self.target_model._meta.model_name: self.target})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.target
        return context


class ParkCoordinationRequestCreateView(CoordinationRequestCreateView):
    @property
    def target_model(self):
        from duikou.parks.models import Park

        return Park


class CoordinationRequestActionView(LoginRequiredMixin, View):
    def post(self, request, pk, step):
        item = get_object_or_404(CoordinationRequest.objects.for_user(request.user, "view"), pk=pk)
        try:
            if step == "answer":
                services.coordination_request_answer(user=request.user, request=item,
                                                     answer=request.POST.get("answer", ""))
            elif step == "close":
                services.coordination_request_close(user=request.user, request=item)
            else:
                raise Http404
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(item.get_absolute_url())


class ResponseTimesView(LoginRequiredMixin, TemplateView):
    """Response times of coordination requests per pairing (for the user's scope)."""

    template_name = "projects/response_times.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = response_times(user=self.request.user)
        return context
