"""Plan pages: lists with lights, the plan with its joint workflow, items, versions side by side,
attachments, the compliance table and the annual summary."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import lights, services
from .documents import section_headings
from .filtersets import PlanFilterSet, PlanItemFilterSet
from .forms import (
    AttachmentForm,
    IndicatorActualForm,
    IndicatorForm,
    PlanDueRuleForm,
    PlanForm,
    PlanItemForm,
    ProgressUpdateForm,
    ReturnForm,
    SummaryDraftForm,
    TimeNodeForm,
)
from .models import (
    Indicator,
    Plan,
    PlanAttachment,
    PlanDueRule,
    PlanEvent,
    PlanItem,
    PlanVersion,
    TimeNode,
)
from .selectors import (
    compare_contents,
    item_tree,
    light_counts,
    plan_compliance,
    plan_content,
    plan_items,
    plan_list_queryset,
)


def _visible_plan(user, pk) -> Plan:
    return get_object_or_404(Plan.objects.for_user(user, "view").select_related("pairing__northeast", "pairing__east"),
                             pk=pk)


def _visible_item(user, pk) -> PlanItem:
    return get_object_or_404(PlanItem.objects.for_user(user, "view").select_related(
        "plan__pairing__northeast", "plan__pairing__east", "parent"), pk=pk)


# --- plans -----------------------------------------------------------------------------------------------


class PlanListView(ScopedListView):
    model = Plan
    filterset_class = PlanFilterSet
    partial_template_name = "plans/_plan_table.html"
    create_url_name = "plans:plan_create"

    def base_queryset(self):
        return plan_list_queryset().for_user(self.request.user, "view")


class PlanDetailView(ScopedDetailView):
    model = Plan
    select_related = ("pairing__northeast", "pairing__east", "northeast_confirmed_by", "east_confirmed_by",
                      "submitted_by", "acknowledged_by")
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        items = list(plan_items(plan=plan))
        events = list(plan.events.select_related("user")[:50])
        side = services.plan_side_of(user=user, plan=plan)
        context.update(
            items=items,
            tree=item_tree(items),
            counts=light_counts(items),
            events=history(events),
            versions=versions_with_steps(plan=plan),
            attachments=list(plan.attachments.select_related("uploaded_by")),
            side=side,
            can_confirm=plan.is_editable and side is not None and not getattr(plan, f"{side}_confirmed"),
            can_submit=plan.is_editable and side is not None and plan.northeast_confirmed and plan.east_confirmed,
            is_national_office="national_admin" in user.scope.roles,
            can_attach=PlanAttachment.objects.allows(user, "add", PlanAttachment(plan=plan)),
            can_add_item=plan.is_editable and PlanItem.objects.allows(user, "add", PlanItem(plan=plan)),
            can_change=context["can_change"] and plan.is_editable,
            can_delete=context["can_delete"] and plan.submitted_at is None,
            last_return=next((e for e in events if e.action == PlanEvent.Action.RETURNED), None)
            if plan.status == Plan.Status.DRAFT else None,
            cleared=pending_clearances(plan=plan, events=events),
            sections=[(heading, getattr(plan, name)) for name, heading in section_headings(plan)],
            return_form=ReturnForm(),
            attachment_form=AttachmentForm(),
            light_labels=lights.LABELS,
        )
        return context


def versions_with_steps(*, plan: Plan) -> list[PlanVersion]:
    """The kept versions, each with the confirmations and submissions of its revision (who, when), read
    from the workflow history rather than from the text stored when the version was first kept."""
    versions = list(plan.versions.defer("content"))
    steps: dict[int, list[PlanEvent]] = {}
    for event in plan.events.filter(action__in=[PlanEvent.Action.CONFIRMED, PlanEvent.Action.SUBMITTED]
                                    ).select_related("user").order_by("at", "id"):
        steps.setdefault(event.revision, []).append(event)
    for version in versions:
        version.steps = steps.get(version.revision, [])
    return versions


def _field_label(name: str) -> str:
    """A changed field's name as users know it (the plan's or an item's field)."""
    for model in (PlanItem, Plan):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - not a field of this model
            continue
    return name


def history(events) -> list[dict]:
    """The events for display, runs of changes by one person folded into one line (newest first)."""
    lines: list[dict] = []
    for event in events:
        last = lines[-1] if lines else None
        if (last and event.action == PlanEvent.Action.CHANGED and last["event"].action == PlanEvent.Action.CHANGED
                and last["event"].user_id == event.user_id):
            last["count"] += 1
            last["first_revision"] = event.revision
            continue
        lines.append({"event": event, "count": 1, "first_revision": event.revision})
    return lines


def pending_clearances(*, plan: Plan, events) -> list[PlanEvent]:
    """The confirmations cleared by a change and not yet given again, with what changed (newest first);
    one change that cleared both sides' confirmations is shown once."""
    found = []
    for side in (PlanEvent.Side.NORTHEAST, PlanEvent.Side.EAST):
        if getattr(plan, f"{side}_confirmed"):
            continue
        for event in events:
            if event.side != side:
                continue
            if event.action in (PlanEvent.Action.CONFIRMED, PlanEvent.Action.RETURNED):
                break
            if event.action == PlanEvent.Action.CONFIRMATION_CLEARED:
                event.changes = [{**change, "changes": {_field_label(name): values for name, values
                                                        in change.get("changes", {}).items()}}
                                 for change in event.changes]
                twin = next((f for f in found if f.revision == event.revision and f.user_id == event.user_id), None)
                if twin is None:
                    event.sides = [event.get_side_display()]
                    found.append(event)
                else:
                    twin.sides.append(event.get_side_display())
                break
    return found


class PlanCreateView(ServiceFormView):
    model = Plan
    form_class = PlanForm

    def get_initial(self):
        initial = super().get_initial()
        for name in ("pairing", "kind", "period_start", "period_end"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def perform(self, form):
        return services.plan_create(user=self.request.user, data=form.service_data())


class PlanUpdateView(ServiceFormView):
    model = Plan
    form_class = PlanForm
    action = "change"

    def perform(self, form):
        data = form.service_data()
        data.pop("pairing", None)
        data.pop("kind", None)
        return services.plan_update(user=self.request.user, plan=self.object, data=data,
                                    expected_version=form.cleaned_data.get("version"))


class PlanDeleteView(ServiceDeleteView):
    model = Plan
    success_url_name = "plans:plan_list"

    def perform_delete(self, obj):
        services.plan_delete(user=self.request.user, plan=obj)


class PlanActionView(LoginRequiredMixin, View):
    """A workflow step (POST only): the service decides; errors come back as messages on the plan."""

    def post(self, request, pk):
        plan = _visible_plan(request.user, pk)
        try:
            done = self.perform(plan)
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text or _("You may not do this."))
        else:
            messages.success(request, done)
        return redirect(plan.get_absolute_url())


class PlanConfirmView(PlanActionView):
    def perform(self, plan):
        try:
            revision = int(self.request.POST.get("revision", ""))
        except ValueError:
            raise ValidationError(_("Say which revision you confirm."))
        services.plan_confirm(user=self.request.user, plan=plan, revision=revision)
        return _("You confirmed revision %(revision)s.") % {"revision": revision}


class PlanSubmitView(PlanActionView):
    def perform(self, plan):
        services.plan_submit(user=self.request.user, plan=plan)
        return _("Submitted to the NDRC office and the Central Organization Department.")


class PlanAcknowledgeView(PlanActionView):
    def perform(self, plan):
        services.plan_acknowledge(user=self.request.user, plan=plan)
        return _("Acknowledged.")


class PlanReturnView(PlanActionView):
    def perform(self, plan):
        services.plan_return(user=self.request.user, plan=plan, comment=self.request.POST.get("comment", ""))
        return _("Returned to both sides with your comments.")


class PlanVersionsView(LoginRequiredMixin, TemplateView):
    """Any two kept versions (or a version and the current draft) side by side."""

    template_name = "plans/plan_versions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = _visible_plan(self.request.user, self.kwargs["pk"])
        versions = list(PlanVersion.objects.filter(plan=plan).select_related("created_by"))
        by_revision = {v.revision: v for v in versions}

        def pick(param, default):
            value = self.request.GET.get(param, default)
            if value in ("current", None, ""):
                return "current", plan_content(plan=plan)
            try:
                version = by_revision[int(value)]
            except (ValueError, KeyError):
                raise Http404
            return version.revision, version.content

        default_a = versions[-1].revision if versions else "current"
        a_key, a = pick("a", str(default_a))
        b_key, b = pick("b", "current")
        blocks = compare_contents(a, b)
        differences = sum(1 for block in blocks if block.status != "same")
        only_changes = bool(self.request.GET.get("changes"))
        if only_changes:
            blocks = [block for block in blocks if block.status != "same"]
        context.update(plan=plan, versions=versions, a_key=a_key, b_key=b_key, blocks=blocks,
                       differences=differences, only_changes=only_changes)
        return context


# --- attachments -----------------------------------------------------------------------------------------


class AttachmentUploadView(LoginRequiredMixin, FormView):
    form_class = AttachmentForm
    template_name = "core/form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plan = _visible_plan(request.user, kwargs["pk"])
        if not PlanAttachment.objects.allows(request.user, "add", PlanAttachment(plan=self.plan)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.attachment_create(user=self.request.user, plan=self.plan, upload=form.cleaned_data["file"],
                                       description=form.cleaned_data["description"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Attached: %(name)s") % {"name": form.cleaned_data["file"].name})
        return redirect(self.plan.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(parent_object=self.plan, model_verbose_name=PlanAttachment._meta.verbose_name, multipart=True)
        return context


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        attachment = get_object_or_404(PlanAttachment.objects.for_user(request.user, "view").select_related("plan"), pk=pk)
        try:
            handle = services.attachment_open(user=request.user, attachment=attachment)
        except (ValidationError, FileNotFoundError) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError)
                           else _("The stored file is missing."))
            return redirect(attachment.plan.get_absolute_url())
        return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)


class AttachmentDeleteView(ServiceDeleteView):
    model = PlanAttachment

    def perform_delete(self, obj):
        services.attachment_delete(user=self.request.user, attachment=obj)

    def post(self, request, *args, **kwargs):
        self.success_url_name = self.get_object().plan.get_absolute_url()
        return super().post(request, *args, **kwargs)


# --- items -----------------------------------------------------------------------------------------------


class PlanItemListView(ScopedListView):
    model = PlanItem
    filterset_class = PlanItemFilterSet
    template_name = "plans/item_list.html"
    partial_template_name = "plans/_item_table.html"
    select_related = ("plan__pairing__northeast", "plan__pairing__east", "key_task", "lead_organisation")

    def base_queryset(self):
        return super().base_queryset().with_light()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan_id = self.filterset.form.cleaned_data.get("plan") if self.filterset.form.is_valid() else None
        if plan_id:
            context["filtered_plan"] = Plan.objects.for_user(self.request.user, "view").filter(pk=plan_id).first()
        return context


class PlanItemDetailView(ScopedDetailView):
    model = PlanItem
    template_name = "plans/item_detail.html"
    select_related = ("plan__pairing__northeast", "plan__pairing__east", "key_task", "lead_organisation", "parent")

    def get_queryset(self):
        return super().get_queryset().with_light()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        from .models import ProgressUpdate

        context.update(
            plan=item.plan,
            children=list(item.children.with_light().select_related("key_task", "lead_organisation")),
            nodes=list(item.nodes.with_light()),
            indicators=list(item.indicators.prefetch_related("actuals")),
            updates=list(item.updates.select_related("author")[:20]),
            supporting=list(item.supporting_organisations.all()),
            can_change=context["can_change"] and item.plan.is_editable,
            can_delete=context["can_delete"] and item.plan.is_editable,
            can_report=ProgressUpdate.objects.allows(user, "add", ProgressUpdate(item=item)),
            light_labels=lights.LABELS,
            today=timezone.localdate(),
            supervision=_supervision(user, item),
        )
        return context


def _supervision(user, item):
    """The supervision item of a plan item, or the button to create it (duikou/supervision): one query."""
    from duikou.supervision.views import source_supervision

    return source_supervision(user=user, source=item, field="plan_item", pairing=item.plan.pairing,
                              supervisable=item.completed_on is None)


class PlanChildFormView(ServiceFormView):
    """Create or edit a record under a plan or an item: the parent must be visible (else 404) and the
    user allowed to add to it (else 403)."""

    parent_kind = "plan"  # or "item"

    def get_object(self):
        user = self.request.user
        if "parent_pk" in self.kwargs:
            self.parent = (_visible_plan if self.parent_kind == "plan" else _visible_item)(user, self.kwargs["parent_pk"])
            if not self.model.objects.allows(user, "add", self.unsaved()):
                raise PermissionDenied
            return None
        obj = super().get_object()
        self.parent = obj.plan if self.parent_kind == "plan" else obj.item
        return obj

    def unsaved(self):
        return self.model(**{self.parent_kind: self.parent})

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_class is PlanItemForm:
            kwargs["plan"] = self.parent
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.parent
        return context


class PlanItemCreateView(PlanChildFormView):
    model = PlanItem
    form_class = PlanItemForm

    def get_initial(self):
        plan = self.parent
        return {"start_date": plan.starts_on, "due_date": plan.ends_on}

    def perform(self, form):
        return services.item_create(user=self.request.user, plan=self.parent, data=form.service_data())

    def form_valid(self, form):
        response = super().form_valid(form)
        if "_another" in self.request.POST and response.status_code == 302:
            return redirect("plans:item_create", parent_pk=self.parent.pk)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["save_another"] = True
        return context


class PlanItemUpdateView(PlanChildFormView):
    model = PlanItem
    form_class = PlanItemForm
    action = "change"

    def perform(self, form):
        return services.item_update(user=self.request.user, item=self.object, data=form.service_data(),
                                    expected_version=form.cleaned_data.get("version"))


class PlanItemDeleteView(ServiceDeleteView):
    model = PlanItem

    def perform_delete(self, obj):
        services.item_delete(user=self.request.user, item=obj)

    def post(self, request, *args, **kwargs):
        self.success_url_name = self.get_object().plan.get_absolute_url()
        return super().post(request, *args, **kwargs)


class TimeNodeCreateView(PlanChildFormView):
    model = TimeNode
    form_class = TimeNodeForm
    parent_kind = "item"

    def perform(self, form):
        node = services.node_create(user=self.request.user, item=self.parent, data=form.service_data())
        return node


class TimeNodeUpdateView(PlanChildFormView):
    model = TimeNode
    form_class = TimeNodeForm
    parent_kind = "item"
    action = "change"

    def perform(self, form):
        return services.node_update(user=self.request.user, item=self.parent, node=self.object,
                                    data=form.service_data(), expected_version=form.cleaned_data.get("version"))


class TimeNodeCompleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        node = get_object_or_404(TimeNode.objects.for_user(request.user, "view").select_related("item"), pk=pk)
        value = request.POST.get("completed_on", "")
        try:
            completed_on = datetime.date.fromisoformat(value) if value else None
            services.node_complete(user=request.user, node=node, completed_on=completed_on)
        except ValueError:
            messages.error(request, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(node.item.get_absolute_url())


class IndicatorCreateView(PlanChildFormView):
    model = Indicator
    form_class = IndicatorForm
    parent_kind = "item"

    def perform(self, form):
        return services.indicator_create(user=self.request.user, item=self.parent, data=form.service_data())


class IndicatorUpdateView(PlanChildFormView):
    model = Indicator
    form_class = IndicatorForm
    parent_kind = "item"
    action = "change"

    def perform(self, form):
        return services.indicator_update(user=self.request.user, item=self.parent, indicator=self.object,
                                         data=form.service_data(), expected_version=form.cleaned_data.get("version"))


class IndicatorActualCreateView(ServiceFormView):
    """Record the actual value of an indicator for a period (a second entry for the same period corrects it)."""

    form_class = IndicatorActualForm

    @property
    def model(self):
        from .models import IndicatorActual

        return IndicatorActual

    def get_object(self):
        self.indicator = get_object_or_404(Indicator.objects.for_user(self.request.user, "view").select_related("item"),
                                           pk=self.kwargs["parent_pk"])
        if not self.model.objects.allows(self.request.user, "add", self.model(indicator=self.indicator)):
            raise PermissionDenied
        return None

    def perform(self, form):
        services.actual_record(user=self.request.user, indicator=self.indicator, data=form.service_data())
        return self.indicator.item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.indicator
        return context


class ProgressReportView(PlanChildFormView):
    form_class = ProgressUpdateForm
    parent_kind = "item"

    @property
    def model(self):
        from .models import ProgressUpdate

        return ProgressUpdate

    def get_initial(self):
        return {"reported_on": timezone.localdate(), "progress": self.parent.progress}

    def perform(self, form):
        services.progress_report(user=self.request.user, item=self.parent, data=form.service_data())
        return self.parent


# --- compliance and the annual summary -----------------------------------------------------------------


class ComplianceView(LoginRequiredMixin, TemplateView):
    """Which required plans are in, late or missing, for every pairing the user sees."""

    template_name = "plans/compliance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year", today.year))
        except ValueError:
            year = today.year
        rows = plan_compliance(user=self.request.user, year=year, today=today)
        by_pairing: dict = {}
        for row in rows:
            by_pairing.setdefault(row.pairing, []).append(row)
        rules = [r.rule for r in rows[: len(rows) // max(1, len(by_pairing))]] if by_pairing else []
        context.update(year=year, years=range(today.year + 1, 2016, -1), by_pairing=by_pairing, rules=rules,
                       can_change_rules=PlanDueRule.objects.may(self.request.user, "change"),
                       drafters=_pairings_user_may_draft(self.request.user, by_pairing),
                       problems=sum(1 for r in rows if r.state in ("overdue", "late")))
        return context


def _pairings_user_may_draft(user, pairings) -> set[int]:
    return {p.pk for p in pairings if Plan.objects.allows(user, "add", Plan(pairing=p))}


class PlanDueRuleUpdateView(ServiceFormView):
    """The NDRC office sets when each kind of plan is due."""

    model = PlanDueRule
    form_class = PlanDueRuleForm
    action = "change"

    def perform(self, form):
        return services.due_rule_update(user=self.request.user, rule=self.object, data=form.service_data(),
                                        expected_version=form.cleaned_data.get("version"))


class SummaryDraftView(LoginRequiredMixin, FormView):
    """Draft a pairing's annual summary from its own data, as an editable plan of kind ``summary``."""

    form_class = SummaryDraftForm
    template_name = "core/form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        return {"year": self.request.GET.get("year") or timezone.localdate().year - (1 if timezone.localdate().month < 7 else 0),
                "pairing": self.request.GET.get("pairing")}

    def form_valid(self, form):
        from .documents import summary_draft

        try:
            plan = summary_draft(user=self.request.user, pairing=form.cleaned_data["pairing"],
                                 year=form.cleaned_data["year"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            return self.form_invalid(form)
        messages.success(self.request, _("The summary was drafted from the platform's figures: review and edit it."))
        return HttpResponseRedirect(plan.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_verbose_name"] = _("annual summary")
        return context


class PlanDocumentView(LoginRequiredMixin, View):
    """The plan as an official .docx (GB/T 9704 layout) or its figures as .xlsx."""

    def get(self, request, pk, fmt):
        plan = _visible_plan(request.user, pk)
        from .documents import plan_docx, plan_xlsx

        if fmt == "docx":
            content, name, mime = plan_docx(plan=plan, user=request.user), f"{plan.title}.docx", \
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        elif fmt == "xlsx":
            content, name, mime = plan_xlsx(plan=plan, user=request.user), f"{plan.title}.xlsx", \
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            raise Http404
        from django.http import HttpResponse

        response = HttpResponse(content, content_type=mime)
        from django.utils.encoding import escape_uri_path

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
        return response
