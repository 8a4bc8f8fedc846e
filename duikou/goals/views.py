"""Pages of goals, targets and reported figures (issue #7, points 4 and 5).

* ``/work/goals/``: every goal (the founding document's and the entered ones) with its targets and their
  progress bars; a goal's page; the NDRC office enters, edits and deletes later goals.
* ``/work/goal-targets/``: the targets, filtered, with progress, .xlsx export; a target's page and forms.
* ``/work/reported-figures/``: the reported figures beside the platform's computed figure, the difference
  highlighted above a tolerance (``?tolerance=``, percent) and explained by the two counting bases; .xlsx
  export; a figure's page and forms.

Each list computes the platform's figures of all its rows with one ``measure_values`` call."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from duikou.core.exports import ExportColumn, XlsxExportMixin, xlsx_rows_response
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView
from duikou.regions.models import Goal

from . import measures, services
from .filtersets import GoalTargetFilterSet, ReportedFigureFilterSet
from .forms import GoalForm, GoalTargetForm, ReportedFigureForm
from .models import EnteredGoal, GoalTarget, ReportedFigure
from .selectors import (
    PAIRING_RELATED,
    TARGET_RELATED,
    figure_comparisons,
    figures_as_of,
    goal_overview,
    goal_with_targets,
    in_chunks,
    target_progress,
    target_queryset,
    tolerance_of,
)


def _where(pairing) -> str:
    return str(pairing) if pairing is not None else _("Whole programme")


def platform_context() -> dict:
    """When the platform's figures stand (the last refresh) and what a period counts: for every page that
    shows them."""
    return {"figures_as_of": figures_as_of(), "whole_months": measures.WHOLE_MONTHS}


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


# --- goals ---------------------------------------------------------------------------------------------------


class GoalOverviewView(LoginRequiredMixin, TemplateView):
    """Every goal with the targets the user sees (filtered like the target list) and their progress."""

    template_name = "goals/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        filterset = GoalTargetFilterSet(self.request.GET or None, queryset=target_queryset(user=user),
                                        request=self.request)
        filterset.form.fields.pop("goal")  # every goal is on the page
        context.update(
            filterset=filterset,
            goals=goal_overview(user=user, targets=filterset.qs),
            can_add_goal=EnteredGoal.objects.may(user, "add"),
            can_add_target=GoalTarget.objects.may(user, "add"),
            **platform_context(),
        )
        return context


class GoalDetailView(LoginRequiredMixin, TemplateView):
    """A goal (public, as the catalogue), its document and wording, and the targets the user sees."""

    template_name = "goals/goal_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        goal = get_object_or_404(Goal.objects.select_related("document"), pk=self.kwargs["pk"])
        entry = EnteredGoal.objects.select_related("entered_by").filter(pk=goal.pk).first()
        context.update(
            goal=goal, entry=entry, targets=goal_with_targets(user=user, goal=goal),
            can_change=entry is not None and EnteredGoal.objects.allows(user, "change", entry),
            can_delete=entry is not None and EnteredGoal.objects.allows(user, "delete", entry),
            can_add_target=GoalTarget.objects.may(user, "add"),
            **platform_context(),
        )
        return context


class GoalCreateView(ServiceFormView):
    model = EnteredGoal
    form_class = GoalForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "model_verbose_name": Goal._meta.verbose_name}

    def perform(self, form):
        return services.goal_create(user=self.request.user, data=form.service_data()).entry


class GoalUpdateView(ServiceFormView):
    """Only a goal the NDRC office entered; the founding document's goals are read-only (403)."""

    model = EnteredGoal
    form_class = GoalForm
    action = "change"

    def get_object(self):
        goal = get_object_or_404(Goal, pk=self.kwargs["pk"])
        entry = EnteredGoal.objects.filter(pk=goal.pk).first()
        if entry is None or not self.can("change", entry):
            raise PermissionDenied
        self.goal = goal
        return entry

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.goal, entry=self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.goal}

    def perform(self, form):
        goal = services.goal_update(user=self.request.user, goal=self.goal, data=form.service_data(),
                                    expected_version=form.cleaned_data.get("version"))
        return EnteredGoal.objects.get(pk=goal.pk)


class GoalDeleteView(ServiceDeleteView):
    model = EnteredGoal
    success_url_name = "goals:overview"

    def get_object(self, queryset=None):
        entry = get_object_or_404(EnteredGoal.objects.select_related("goal"), pk=self.kwargs["pk"])
        if not self.can("delete", entry):
            raise PermissionDenied
        return entry

    def perform_delete(self, obj):
        services.goal_delete(user=self.request.user, goal=obj.goal)


# --- targets -------------------------------------------------------------------------------------------------


def target_export_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Goal"), lambda p: f"{p.target.goal.code} {p.target.goal.display_title}", width=36),
        ExportColumn(_("Target year"), lambda p: p.target.goal.target_year, width=10),
        ExportColumn(_("Measure"), lambda p: measures.label(p.target.measure), width=28),
        ExportColumn(_("Pairing"), lambda p: _where(p.target.pairing), width=22),
        ExportColumn(_("Period start"), lambda p: p.target.period_start, width=12),
        ExportColumn(_("Period end"), lambda p: p.target.period_end, width=12),
        ExportColumn(_("Target value"), lambda p: p.target.target_value, width=14),
        ExportColumn(_("Platform figure"), "value", width=14),
        ExportColumn(_("Progress (%)"), "percent", width=12),
        ExportColumn(_("Period elapsed (%)"), "elapsed", width=12),
        ExportColumn(_("State"), "state_label", width=14),
        ExportColumn(_("Platform counting basis"), "basis", width=50),
        ExportColumn(_("Note"), lambda p: p.target.note, width=30),
    ]


class ComputedRowsExportMixin(XlsxExportMixin):
    """The list's .xlsx holds each row with the platform's figure beside it: ``computed_rows`` turns a chunk of
    the filtered rows (500 at a time, one ``measure_values`` each) into the rows the export columns read."""

    def computed_rows(self, chunk):
        raise NotImplementedError

    def export_xlsx(self):
        query = self.request.GET.copy()
        query.pop(self.export_parameter, None)
        query.pop("page", None)
        rows = (row for chunk in in_chunks(self.get_queryset()) for row in self.computed_rows(chunk))
        title = self.get_export_title()
        return xlsx_rows_response(rows=rows, columns=self.get_export_columns(), title=title,
                                  filename=f"{title}-{_stamp()}.xlsx", user=self.request.user,
                                  object_type=self.model._meta.label_lower, query=query.urlencode())


class GoalTargetListView(ComputedRowsExportMixin, ScopedListView):
    model = GoalTarget
    filterset_class = GoalTargetFilterSet
    select_related = TARGET_RELATED
    template_name = "goals/target_list.html"
    partial_template_name = "goals/_target_table.html"
    create_url_name = "goals:target_create"
    export_title = gettext_lazy("Goal targets")

    def get_export_columns(self):
        return target_export_columns()

    def computed_rows(self, chunk):
        return target_progress(targets=chunk, today=timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(rows=target_progress(targets=context["object_list"]), **platform_context())
        return context


class GoalTargetDetailView(ScopedDetailView):
    model = GoalTarget
    select_related = TARGET_RELATED + ("created_by",)
    template_name = "goals/target_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(progress=target_progress(targets=[self.object])[0], **platform_context())
        return context


class GoalTargetCreateView(ServiceFormView):
    """A new target; ``?goal=`` opens it on that goal and its target year."""

    model = GoalTarget
    form_class = GoalTargetForm

    def get_form_kwargs(self):
        goal_id = self.request.GET.get("goal")
        goal = Goal.objects.filter(pk=goal_id).first() if goal_id and goal_id.isdigit() else None
        return {**super().get_form_kwargs(), "goal": goal}

    def perform(self, form):
        return services.goal_target_create(user=self.request.user, data=form.service_data())


class GoalTargetUpdateView(ServiceFormView):
    model = GoalTarget
    form_class = GoalTargetForm
    action = "change"

    def perform(self, form):
        return services.goal_target_update(user=self.request.user, target=self.object, data=form.service_data(),
                                           expected_version=form.cleaned_data.get("version"))


class GoalTargetDeleteView(ServiceDeleteView):
    model = GoalTarget
    success_url_name = "goals:target_list"

    def perform_delete(self, obj):
        services.goal_target_delete(user=self.request.user, target=obj)


# --- reported figures ----------------------------------------------------------------------------------------


def figure_export_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Measure"), lambda c: measures.label(c.figure.measure), width=28),
        ExportColumn(_("Pairing"), lambda c: _where(c.figure.pairing), width=22),
        ExportColumn(_("As of"), lambda c: c.figure.as_of, width=12),
        ExportColumn(_("Reported value"), lambda c: c.figure.value, width=14),
        ExportColumn(_("Source"), lambda c: c.figure.source, width=30),
        ExportColumn(_("Reported counting basis"), lambda c: c.figure.basis, width=36),
        ExportColumn(_("Platform figure"), "computed", width=14),
        ExportColumn(_("Difference (platform − reported)"), "difference", width=16),
        ExportColumn(_("Difference (%)"), "percent", width=12),
        ExportColumn(_("Above tolerance"), "exceeds", width=10),
        ExportColumn(_("Platform counting basis"), "platform_basis", width=50),
        ExportColumn(_("Note"), lambda c: c.figure.note, width=30),
    ]


class ReportedFigureListView(ComputedRowsExportMixin, ScopedListView):
    """The reported figures side by side with the platform's own: the comparison page."""

    model = ReportedFigure
    filterset_class = ReportedFigureFilterSet
    select_related = PAIRING_RELATED
    template_name = "goals/figure_list.html"
    partial_template_name = "goals/_figure_table.html"
    create_url_name = "goals:figure_create"
    export_title = gettext_lazy("Reported figures")

    def get_export_columns(self):
        return figure_export_columns()

    def computed_rows(self, chunk):
        return figure_comparisons(figures=chunk, tolerance=tolerance_of(self.request))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tolerance = tolerance_of(self.request)
        context.update(rows=figure_comparisons(figures=context["object_list"], tolerance=tolerance),
                       tolerance=tolerance, programme_start=measures.PROGRAMME_START, **platform_context())
        return context


class ReportedFigureDetailView(ScopedDetailView):
    model = ReportedFigure
    select_related = PAIRING_RELATED + ("recorded_by",)
    template_name = "goals/figure_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tolerance = tolerance_of(self.request)
        context.update(comparison=figure_comparisons(figures=[self.object], tolerance=tolerance)[0],
                       tolerance=tolerance, programme_start=measures.PROGRAMME_START, **platform_context())
        return context


class ReportedFigureCreateView(ServiceFormView):
    model = ReportedFigure
    form_class = ReportedFigureForm

    def perform(self, form):
        return services.reported_figure_create(user=self.request.user, data=form.service_data())


class ReportedFigureUpdateView(ServiceFormView):
    model = ReportedFigure
    form_class = ReportedFigureForm
    action = "change"

    def perform(self, form):
        return services.reported_figure_update(user=self.request.user, figure=self.object,
                                               data=form.service_data(),
                                               expected_version=form.cleaned_data.get("version"))


class ReportedFigureDeleteView(ServiceDeleteView):
    model = ReportedFigure
    success_url_name = "goals:figure_list"

    def perform_delete(self, obj):
        services.reported_figure_delete(user=self.request.user, figure=obj)
