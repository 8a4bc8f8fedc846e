"""Pages of evaluation rounds: list, create, detail (status, self-assessments, compute, results table,
outcomes, publish, close), a pairing's breakdown with the records behind every number, a pairing's
self-assessment (entered values with evidence, confirmation per side), and the round's report (.docx, .xlsx).
A region sees its own pairings' self-assessments and, once published, what the office published to it;
another pairing's breakdown or self-assessment is a 404."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from duikou.core.exports import XLSX_MIME, ExportColumn, XlsxExportMixin
from duikou.core.roles import NATIONAL_ROLES, Role
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceFormView
from duikou.regions.models import Pairing
from duikou.supervision.models import RectificationRequirement

from . import documents, rounds
from .filtersets import RoundFilterSet
from .forms import ComputeForm, OutcomeForm, PublishForm, RoundForm
from .models import EvaluationRound, IndicatorScore, PairingOutcome, PairingResult, SelfAssessment, Side
from .selectors import record_titles, round_breakdown, round_list, round_results, score_records

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def is_ndrc(user) -> bool:
    return Role.NATIONAL_ADMIN in user.scope.roles


def visible_round(request, pk) -> EvaluationRound:
    return get_object_or_404(
        EvaluationRound.objects.for_user(request.user, "view").select_related("framework"), pk=pk
    )


class RoundListView(XlsxExportMixin, ScopedListView):
    model = EvaluationRound
    filterset_class = RoundFilterSet
    partial_template_name = "evaluation/_round_table.html"
    create_url_name = "evaluation:round_create"

    def get_export_columns(self):
        def field(name):
            return str(EvaluationRound._meta.get_field(name).verbose_name)

        return [
            ExportColumn(field("name"), "name", width=36),
            ExportColumn(field("period_start"), "period_start", width=12),
            ExportColumn(field("period_end"), "period_end", width=12),
            ExportColumn(field("framework"), lambda r: str(r.framework), width=36),
            ExportColumn(_("Pairings"), "pairing_count", width=10),
            ExportColumn(field("status"), lambda r: r.get_status_display(), width=20),
        ]

    def base_queryset(self):
        return round_list(user=self.request.user)


class RoundCreateView(ServiceFormView):
    model = EvaluationRound
    form_class = RoundForm

    def perform(self, form):
        data = form.service_data()
        pairings = data.pop("pairings", None)
        return rounds.round_create(user=self.request.user, data=data, pairings=list(pairings) or None)


class RoundDetailView(ScopedDetailView):
    model = EvaluationRound
    template_name = "evaluation/round_detail.html"
    select_related = ("framework",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_, user = self.object, self.request.user
        ndrc = is_ndrc(user)
        assessments = list(
            SelfAssessment.objects.for_user(user, "view")
            .filter(round=round_)
            .select_related("pairing__northeast", "pairing__east")
            .order_by("pairing_id")
        )
        context.update(
            ndrc=ndrc,
            national=bool(user.scope.roles & NATIONAL_ROLES),
            assessments=assessments,
            waiting=[a for a in assessments if not a.submitted],
            results=round_results(user=user, round_=round_) if round_.is_scored else None,
            compute_form=ComputeForm(),
            publish_form=PublishForm(initial={"publish_scores": True, "publish_ranks": True}),
            can_compute=ndrc
            and round_.status in (EvaluationRound.Status.OPEN, EvaluationRound.Status.SCORED),
            can_outcome=ndrc
            and round_.status in (EvaluationRound.Status.SCORED, EvaluationRound.Status.PUBLISHED),
            can_publish=ndrc and round_.status == EvaluationRound.Status.SCORED,
            can_close=ndrc and round_.status == EvaluationRound.Status.PUBLISHED,
            can_recompute=ndrc and round_.status == EvaluationRound.Status.CLOSED,
        )
        return context


class _RoundStep(LoginRequiredMixin, View):
    done_message = ""

    def perform(self, request, round_):
        raise NotImplementedError

    def post(self, request, pk):
        round_ = visible_round(request, pk)
        if not is_ndrc(request.user):
            raise PermissionDenied
        try:
            self.perform(request, round_)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, self.done_message)
        return redirect(round_.get_absolute_url())


class RoundComputeView(_RoundStep):
    def perform(self, request, round_):
        form = ComputeForm(request.POST)
        form.is_valid()
        rounds.round_compute(
            user=request.user, round_=round_, override_reason=form.cleaned_data.get("override_reason")
        )
        self.done_message = _("Computed: every indicator for every pairing.")


class RoundRecomputeView(_RoundStep):
    def perform(self, request, round_):
        rounds.round_recompute(user=request.user, round_=round_)
        self.done_message = _("Recomputed from the round's stored raw values.")


class RoundPublishView(_RoundStep):
    def perform(self, request, round_):
        form = PublishForm(request.POST)
        form.is_valid()
        rounds.round_publish(user=request.user, round_=round_, **form.cleaned_data)
        self.done_message = _("Published.")


class RoundCloseView(_RoundStep):
    def perform(self, request, round_):
        rounds.round_close(user=request.user, round_=round_)
        self.done_message = _("Closed: the round's scores are frozen.")


def _round_pairing(request, round_, pairing_pk) -> Pairing:
    pairing = round_.pairings.select_related("northeast", "east").filter(pk=pairing_pk).first()
    if pairing is None:
        raise Http404
    return pairing


class BreakdownView(LoginRequiredMixin, TemplateView):
    """Every indicator's raw, normalised and weighted value for one pairing, with the records behind each.
    404 unless the user may see that pairing's scores. Three queries whatever the number of indicators."""

    template_name = "evaluation/round_breakdown.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round_ = visible_round(self.request, self.kwargs["pk"])
        pairing = get_object_or_404(
            Pairing.objects.select_related("northeast", "east"), pk=self.kwargs["pairing_pk"]
        )
        lines = round_breakdown(user=user, round_=round_, pairing=pairing)
        if not lines:
            raise Http404
        result = PairingResult.objects.for_user(user, "view").filter(round=round_, pairing=pairing).first()
        outcome = PairingOutcome.objects.for_user(user, "view").filter(round=round_, pairing=pairing).first()
        rectification = None
        if outcome is not None and outcome.rectification_id:
            rectification = (
                RectificationRequirement.objects.for_user(user, "view").filter(pk=outcome.rectification_id).first()
            )
        national = bool(user.scope.roles & NATIONAL_ROLES)
        context.update(
            round=round_,
            pairing=pairing,
            lines=lines,
            total=sum((line.score.weighted for line in lines), Decimal("0")),
            rank=result.rank if result and (national or round_.publish_ranks or round_.publish_all) else None,
            outcome=outcome,
            rectification=rectification,
        )
        return context


class ScoreRecordsView(LoginRequiredMixin, TemplateView):
    """The records one score came from, 100 to a page (a year of monthly reports runs to hundreds of
    thousands), each leading to its own page. 404 unless the user may see the score."""

    template_name = "evaluation/score_records.html"
    paginate_by = 100

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["evaluation/_score_records.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        side = self.request.GET.get("side", "")
        if side not in ("", *Side.values):
            raise Http404
        score = (
            IndicatorScore.objects.for_user(self.request.user, "view")
            .select_related("round", "pairing__northeast", "pairing__east", "indicator__dimension")
            .filter(
                round_id=self.kwargs["pk"],
                pairing_id=self.kwargs["pairing_pk"],
                indicator_id=self.kwargs["indicator_pk"],
                side=side,
            )
            .first()
        )
        if score is None:
            raise Http404
        paginator = Paginator(score_records(user=self.request.user, score=score), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        rows = list(page.object_list)
        titles = record_titles(user=self.request.user, rows=rows)
        for row in rows:
            row.type_name, row.title = titles[(row.label, row.record_id)]
        context.update(
            score=score,
            round=score.round,
            pairing=score.pairing,
            indicator=score.indicator,
            page_obj=page,
            paginator=paginator,
            is_paginated=paginator.num_pages > 1,
            query_without_page=query.urlencode(),
            rows=rows,
        )
        return context


class TraceRecordView(LoginRequiredMixin, View):
    """A traced record's own page, if the user may see it and it has one (else 404)."""

    def get(self, request, label, pk):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            raise Http404 from None
        manager = model._default_manager
        queryset = manager.for_user(request.user, "view") if hasattr(manager, "for_user") else manager.none()
        record = queryset.filter(pk=pk).first()
        if record is None or not hasattr(record, "get_absolute_url"):
            raise Http404
        return redirect(record.get_absolute_url())


class SelfAssessmentView(LoginRequiredMixin, TemplateView):
    """A pairing's self-assessment: the entered values with evidence, the narrative, each side's confirmation.
    The coordinators of the two sides edit it (while the round is open) and confirm the revision shown."""

    template_name = "evaluation/self_assessment.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.assessment = get_object_or_404(
            SelfAssessment.objects.for_user(request.user, "view").select_related(
                "round__framework", "pairing__northeast", "pairing__east"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def entries(self):
        values = {(v.indicator_id, v.side): v for v in self.assessment.values.all()}
        indicators = rounds.entered_indicators(self.assessment.round.framework)
        return [
            {
                "indicator": indicator,
                "side": side,
                "side_label": Side(side).label if side else "",
                "key": f"{indicator.pk}-{side or 'all'}",
                "value": values.get((indicator.pk, side)),
            }
            for indicator, side in rounds.entry_keys(indicators)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.assessment
        side = rounds.assessment_side_of(user=self.request.user, assessment=assessment)
        context.update(
            assessment=assessment,
            round=assessment.round,
            entries=self.entries(),
            side=side,
            can_edit=side is not None and assessment.round.status == EvaluationRound.Status.OPEN,
        )
        return context

    def post(self, request, pk):
        assessment = self.assessment
        try:
            if "confirm" in request.POST:
                rounds.self_assessment_confirm(
                    user=request.user, assessment=assessment, revision=int(request.POST.get("revision") or 0)
                )
                messages.success(request, _("Confirmed for your side."))
            else:
                values = []
                for entry in self.entries():
                    raw = (request.POST.get(f"value-{entry['key']}") or "").strip()
                    try:
                        value = Decimal(raw) if raw else None
                    except InvalidOperation:
                        raise ValidationError(
                            _("%(indicator)s: enter a number.") % {"indicator": entry["indicator"]}
                        ) from None
                    values.append(
                        {
                            "indicator": entry["indicator"],
                            "side": entry["side"],
                            "value": value,
                            "evidence": request.POST.get(f"evidence-{entry['key']}", ""),
                        }
                    )
                rounds.self_assessment_update(
                    user=request.user,
                    assessment=assessment,
                    narrative=request.POST.get("narrative", ""),
                    values=values,
                    revision=int(request.POST.get("revision") or 0),
                )
                messages.success(request, _("Saved. Both sides confirm the new revision."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(assessment.get_absolute_url())


class OutcomeView(LoginRequiredMixin, TemplateView):
    """The NDRC office's outcome for one pairing of a scored round; a rectification issues the requirement."""

    template_name = "evaluation/outcome_form.html"

    def setup_objects(self):
        self.round = visible_round(self.request, self.kwargs["pk"])
        if not is_ndrc(self.request.user):
            raise PermissionDenied
        self.pairing = _round_pairing(self.request, self.round, self.kwargs["pairing_pk"])
        self.outcome = PairingOutcome.objects.filter(round=self.round, pairing=self.pairing).first()

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {"kind": self.outcome.kind, "assessment": self.outcome.assessment} if self.outcome else {}
        context.update(
            round=self.round,
            pairing=self.pairing,
            outcome=self.outcome,
            form=form or OutcomeForm(initial=initial, pairing=self.pairing),
        )
        return context

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form = OutcomeForm(request.POST, pairing=self.pairing)
        if form.is_valid():
            try:
                rounds.outcome_decide(
                    user=request.user,
                    round_=self.round,
                    pairing=self.pairing,
                    kind=form.cleaned_data["kind"],
                    assessment=form.cleaned_data["assessment"],
                    rectification={"title": form.cleaned_data.get("rectification_title")},
                    items=form.items(),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Outcome saved for %(pairing)s.") % {"pairing": self.pairing})
                return redirect(self.round.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


class RoundDocxView(LoginRequiredMixin, View):
    def get(self, request, pk):
        round_ = visible_round(request, pk)
        if not round_.is_scored:
            raise Http404
        content = documents.round_docx(round_=round_, user=request.user)
        response = HttpResponse(content, content_type=DOCX_MIME)
        response["Content-Disposition"] = f'attachment; filename="evaluation-round-{round_.pk}.docx"'
        return response


class RoundXlsxView(LoginRequiredMixin, View):
    def get(self, request, pk):
        round_ = visible_round(request, pk)
        if not round_.is_scored:
            raise Http404
        content = documents.round_xlsx(round_=round_, user=request.user)
        response = HttpResponse(content, content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="evaluation-round-{round_.pk}.xlsx"'
        return response
