"""Pages of supervision: the item list with lights (and .xlsx), an item with its time nodes and urgings, the
overdue board, the monthly trend, and rectification requirements with their answer and decide forms. Every
read is scoped (an item outside the user's scope is a 404); every write goes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from duikou.core.exports import ExportColumn, XlsxExportMixin, field_column, xlsx_rows_response
from duikou.core.roles import Role
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceFormView
from duikou.regions.models import Pairing
from duikou.regions.selectors import pairings_of

from . import lights, selectors, services
from .filtersets import RectificationFilterSet, SupervisionItemFilterSet
from .forms import (
    SOURCE_OF_FIELD,
    AnswerForm,
    CloseForm,
    DecideForm,
    NodeCompleteForm,
    NodeForm,
    RectificationForm,
    RectificationItemFormSet,
    SupervisionItemForm,
    UrgeForm,
)
from .models import (
    RectificationAnswer,
    RectificationItem,
    RectificationRequirement,
    SupervisionItem,
    SupervisionNode,
)


def _light_label(item):
    return str(lights.LABELS.get(item.light, _("Cancelled")))


def _days_overdue(item):
    if item.light != lights.RED or item.next_due is None:
        return None
    return (timezone.localdate() - item.next_due).days


ITEM_COLUMNS = [
    ExportColumn(gettext_lazy("Number"), "pk", width=8),
    field_column(SupervisionItem, "title", width=36),
    field_column(SupervisionItem, "pairing", width=20),
    field_column(SupervisionItem, "assignee", width=30),
    field_column(SupervisionItem, "source_kind", width=14),
    field_column(SupervisionItem, "status", width=10),
    ExportColumn(gettext_lazy("Light"), _light_label, width=12),
    ExportColumn(gettext_lazy("Next time node due"), "next_due", width=12),
    ExportColumn(gettext_lazy("Days overdue"), _days_overdue, width=10),
    ExportColumn(gettext_lazy("Last urged"), "last_urged_at", width=16),
]


class ItemListView(XlsxExportMixin, ScopedListView):
    model = SupervisionItem
    filterset_class = SupervisionItemFilterSet
    template_name = "supervision/item_list.html"
    partial_template_name = "supervision/_item_table.html"
    create_url_name = "supervision:item_create"
    export_columns = ITEM_COLUMNS

    def base_queryset(self):
        return selectors.item_list(user=self.request.user).order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["list_actions"] = [
            {"id": "overdue-board", "url": reverse("supervision:overdue"), "label": _("Overdue board")},
            {"id": "trend", "url": reverse("supervision:trend"), "label": _("Monthly trend")},
        ]
        return context


class ItemDetailView(ScopedDetailView):
    model = SupervisionItem
    template_name = "supervision/item_detail.html"

    def base_queryset(self):
        return selectors.item_with_nodes(user=self.request.user).select_related(
            "created_by", "plan_item", "coordination_request", "rectification_item__requirement"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        today = timezone.localdate()
        nodes = list(item.nodes.all())
        for node in nodes:
            node.light = (
                lights.DONE
                if node.done_on
                else lights.RED
                if node.due_date < today
                else lights.YELLOW
                if node.due_date <= lights.window(today)[1]
                else lights.GREEN
            )
        is_open = item.status == SupervisionItem.Status.OPEN
        keep = services.may_keep(user, item)
        context.update(
            nodes=nodes,
            urgings=list(selectors.urging_list(user=user, item=item)),
            can_keep=keep and is_open,
            can_complete=is_open and services.may_complete_nodes(user, item),
            urge_form=UrgeForm(),
            node_form=NodeForm(),
            complete_form=NodeCompleteForm(),
            close_form=CloseForm(),
            can_change=keep and is_open,
            light_labels=lights.LABELS,
        )
        return context


class ItemCreateView(ServiceFormView):
    """Create an item by hand or from a source record found with the source search (never a list of every
    record); ``?plan_item=<id>`` or ``?coordination_request=<id>`` starts with that source chosen, if the user
    sees it."""

    model = SupervisionItem
    form_class = SupervisionItemForm

    def get_initial(self):
        initial = super().get_initial()
        for field, source in SOURCE_OF_FIELD.items():
            wanted = self.request.GET.get(field, "")
            if wanted.isdigit() and len(wanted) < 12:
                initial.update({"source": source, field: int(wanted)})
                break
        return initial

    def perform(self, form):
        data, user = form.cleaned_data, self.request.user
        try:
            if data["source"] == "plan_item":
                return services.item_from_plan_item(user=user, plan_item=data["plan_item"])
            if data["source"] == "request":
                return services.item_from_request(user=user, request=data["coordination_request"])
        except PermissionDenied as exc:  # the service's refusal, shown on the field chosen
            field = "plan_item" if data["source"] == "plan_item" else "coordination_request"
            raise ValidationError({field: str(exc) or _("You may not supervise this record.")}) from exc
        return services.item_create(
            user=user,
            data={
                "title": data["title"],
                "description": data["description"],
                "pairing": data["pairing"],
                "assignee": data["assignee"],
            },
            nodes=[{"title": data["node_title"], "due_date": data["node_due"]}],
        )


class SourceSearchView(LoginRequiredMixin, TemplateView):
    """The source search of the create form (htmx): at most 20 open plan items or coordination requests the
    user sees that match ``?q=`` (or the search box's own ``<field>_q``), as radio buttons, without the one
    already chosen (``?<field>=<id>``); two queries. Only for users who may create supervision items (else
    403)."""

    template_name = "supervision/_source_matches.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        field = self.kwargs["field"]
        if field not in SOURCE_OF_FIELD:
            raise Http404
        if not SupervisionItem.objects.may(self.request.user, "add"):
            raise PermissionDenied
        query = self.request.GET.get("q") or self.request.GET.get(f"{field}_q") or ""
        chosen = self.request.GET.get(field, "")
        context.update(
            matches=selectors.source_matches(
                user=self.request.user,
                field=field,
                query=query.strip()[:100],
                exclude=int(chosen) if chosen.isdigit() and len(chosen) < 12 else None,
            ),
            source_value=SOURCE_OF_FIELD[field],
        )
        return context


class ItemUpdateView(ServiceFormView):
    model = SupervisionItem
    form_class = SupervisionItemForm
    action = "change"

    def perform(self, form):
        return services.item_update(
            user=self.request.user,
            item=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("version"),
        )


class _ItemPostView(LoginRequiredMixin, View):
    """A POST on an item the user sees (else 404): validate a small form, call one service, go back to the
    item (or to ``?next=``) with its message."""

    form_class = None

    def get_item(self):
        return get_object_or_404(
            SupervisionItem.objects.for_user(self.request.user, "view"), pk=self.kwargs["pk"]
        )

    def post(self, request, *args, **kwargs):
        self.item = self.get_item()
        form = self.form_class(request.POST)
        if not form.is_valid():
            errors = [e for field_errors in form.errors.values() for e in field_errors]
            messages.error(request, " ".join(str(e) for e in errors))
        else:
            try:
                messages.success(request, self.perform(form.cleaned_data))
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                messages.error(request, text or _("You may not do this."))
        return redirect(self.back_url())

    def back_url(self):
        target = self.request.POST.get("next", "")
        if target.startswith("/work/") and "//" not in target:
            return target
        return self.item.get_absolute_url()


class ItemUrgeView(_ItemPostView):
    form_class = UrgeForm

    def perform(self, data):
        notice = services.item_urge(user=self.request.user, item=self.item, message=data["message"])
        return _("Urging notice sent to %(count)s recipient(s).") % {"count": notice.recipients}


class ItemCloseView(_ItemPostView):
    form_class = CloseForm

    def perform(self, data):
        item = services.item_close(user=self.request.user, item=self.item, status=data["status"])
        return _("Closed: %(item)s") % {"item": item}


class NodeAddView(_ItemPostView):
    form_class = NodeForm

    def perform(self, data):
        node = services.node_add(user=self.request.user, item=self.item, data=data)
        return _("Time node added: %(node)s") % {"node": node}


class NodeCompleteView(_ItemPostView):
    form_class = NodeCompleteForm

    def get_item(self):
        self.node = get_object_or_404(
            SupervisionNode.objects.for_user(self.request.user, "view"), pk=self.kwargs["pk"]
        )
        return self.node.item

    def perform(self, data):
        node = services.node_complete(user=self.request.user, node=self.node, note=data["note"])
        return _("Time node done: %(node)s") % {"node": node}


# --- the overdue board ------------------------------------------------------------------------------------


def _board_columns():
    return [
        ExportColumn(_("Pairing"), "pairing", width=20),
        ExportColumn(_("Assignee"), "assignee", width=30),
        ExportColumn(_("Title"), "title", width=36),
        ExportColumn(_("Light"), _light_label, width=12),
        ExportColumn(_("Next time node due"), "next_due", width=12),
        ExportColumn(_("Days overdue"), "days_overdue", width=10),
        ExportColumn(_("Last urged"), "last_urged_at", width=16),
    ]


BOARD_PAGE_SIZE = 100


class OverdueBoardView(LoginRequiredMixin, TemplateView):
    """Red and yellow items of the user's scope, grouped by pairing then assignee, with the urge button;
    ``?pairing=`` narrows it; ``?export=xlsx`` downloads it (recorded in the audit log)."""

    template_name = "supervision/overdue.html"

    def get(self, request, *args, **kwargs):
        self.pairing = None
        if request.GET.get("pairing"):
            try:
                wanted = int(request.GET["pairing"])
            except ValueError:
                raise Http404 from None
            self.pairing = get_object_or_404(pairings_of(user=request.user), pk=wanted)
        items = selectors.overdue_items(user=request.user, pairing=self.pairing)
        today = timezone.localdate()
        if request.GET.get("export") == "xlsx":
            self.page = None
            self.groups = selectors.overdue_groups(items, today=today)
        else:  # a page at a time: a national office may have thousands of red items
            self.page = Paginator(items, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
            self.groups = selectors.overdue_groups(self.page.object_list, today=today)
        for group in self.groups:
            for assignee in group.assignees:
                for item in assignee.items:
                    item.may_urge = services.may_keep(request.user, item)
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        rows = [item for group in self.groups for assignee in group.assignees for item in assignee.items]
        return xlsx_rows_response(
            rows=rows,
            columns=_board_columns(),
            title=_("Overdue supervision items"),
            filename="overdue-supervision.xlsx",
            user=self.request.user,
            object_type="supervision.overdue",
            query=self.request.GET.urlencode(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = selectors.item_list(user=self.request.user)
        if self.pairing is not None:
            items = items.filter(pairing=self.pairing)
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        query.pop("page", None)
        without_page = self.request.GET.copy()
        without_page.pop("page", None)
        context.update(
            groups=self.groups,
            page_obj=self.page,
            query_without_page=without_page.urlencode(),
            counts=selectors.light_counts(items),
            pairing=self.pairing,
            pairings=pairings_of(user=self.request.user),
            urge_form=UrgeForm(),
            export_url=f"{self.request.path}?{query.urlencode()}",
        )
        return context


class TrendView(LoginRequiredMixin, TemplateView):
    """For each pairing in scope, the last twelve monthly snapshots of red, yellow and green items."""

    template_name = "supervision/trend.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months, rows = selectors.trend(user=self.request.user)
        for row in rows:
            peak = max(row.peak, 1)
            row.bars = []
            for month, snap in row.months:
                bar = {"month": month, "snap": snap, "segments": []}
                if snap is not None:
                    y = 40
                    for light, value in (("green", snap.green), ("yellow", snap.yellow), ("red", snap.red)):
                        height = round(40 * value / peak, 1)
                        y -= height
                        bar["segments"].append({"light": light, "y": round(y, 1), "height": height})
                row.bars.append(bar)
        context.update(months=months, rows=rows)
        return context


# --- rectification ---------------------------------------------------------------------------------------


class RectificationListView(ScopedListView):
    model = RectificationRequirement
    filterset_class = RectificationFilterSet
    partial_template_name = "supervision/_rectification_table.html"
    create_url_name = "supervision:rectification_create"

    def base_queryset(self):
        return selectors.rectification_list(user=self.request.user)


class RectificationDetailView(ScopedDetailView):
    model = RectificationRequirement
    template_name = "supervision/rectification_detail.html"

    def base_queryset(self):
        return selectors.rectification_with_items(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, requirement = self.request.user, self.object
        items = list(requirement.items.all())
        is_open = requirement.status == RectificationRequirement.Status.OPEN
        is_ndrc = Role.NATIONAL_ADMIN in user.scope.roles
        for item in items:
            item.can_answer = (
                is_open
                and services.may_answer(user, item)
                and item.status in (RectificationItem.Status.OPEN, RectificationItem.Status.SENT_BACK)
            )
            for answer in item.answers.all():
                answer.can_decide = (
                    is_ndrc
                    and answer.decision == RectificationAnswer.Decision.PENDING
                    and answer.answered_by_id != user.pk
                )
        supervised = {
            s.rectification_item_id: s
            for s in SupervisionItem.objects.for_user(user, "view").filter(
                rectification_item__requirement=requirement
            )
        }
        for item in items:
            item.supervision = supervised.get(item.pk)
        context.update(
            items=items,
            answer_form=AnswerForm(),
            decide_form=DecideForm(),
            from_round=selectors.requirement_round(user=user, requirement=requirement),
        )
        return context


class RectificationCreateView(ServiceFormView):
    """The NDRC office issues a requirement with its items (a formset: empty rows are ignored)."""

    model = RectificationRequirement
    form_class = RectificationForm
    template_name = "supervision/rectification_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "formset", getattr(self, "formset", None) or RectificationItemFormSet(prefix="items")
        )
        return context

    def post(self, request, *args, **kwargs):
        self.formset = RectificationItemFormSet(request.POST, prefix="items")
        form = self.get_form()
        if form.is_valid() and self.formset.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def perform(self, form):
        pairing: Pairing = form.cleaned_data["pairing"]
        items = []
        for row in self.formset.cleaned_data:
            if not row:
                continue
            region = pairing.northeast if row["side"] == "northeast" else pairing.east
            items.append(
                {
                    "title": row["title"],
                    "requirement_text": row["requirement_text"],
                    "responsible_region": region,
                    "deadline": row["deadline"],
                }
            )
        return services.rectification_issue(user=self.request.user, data=form.service_data(), items=items)


class _RectificationPostView(LoginRequiredMixin, View):
    form_class = None
    model = None

    def post(self, request, *args, **kwargs):
        self.obj = get_object_or_404(self.model.objects.for_user(request.user, "view"), pk=self.kwargs["pk"])
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        else:
            try:
                messages.success(request, self.perform(form.cleaned_data))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            except PermissionDenied as exc:
                messages.error(request, str(exc) or _("You may not do this."))
        return redirect(self.obj.get_absolute_url())


class RectificationAnswerView(_RectificationPostView):
    model = RectificationItem
    form_class = AnswerForm

    def perform(self, data):
        services.rectification_answer(
            user=self.request.user, item=self.obj, measures=data["measures"], evidence=data["evidence"]
        )
        return _("Answer sent to the NDRC office: %(item)s") % {"item": self.obj}


class RectificationDecideView(_RectificationPostView):
    model = RectificationAnswer
    form_class = DecideForm

    def perform(self, data):
        answer = services.rectification_decide(
            user=self.request.user, answer=self.obj, decision=data["decision"], note=data["note"]
        )
        return _("Decision recorded: %(decision)s") % {"decision": answer.get_decision_display()}


# --- supervise a plan item or a coordination request from its own page ----------------------------------------


def source_supervision(*, user, source, field: str, pairing, supervisable: bool) -> dict:
    """What a plan item's or a coordination request's page shows about its supervision: the item that
    supervises it (not cancelled, the newest; with its light) if the user sees one, else whether the user may
    put it under supervision (the NDRC office, the pairing's coordinators; an open source only). One query."""
    existing = (
        SupervisionItem.objects.for_user(user, "view")
        .with_light()
        .filter(**{field: source})
        .exclude(status=SupervisionItem.Status.CANCELLED)
        .order_by("-created_at", "-id")
        .first()
    )
    may_add = supervisable and SupervisionItem.objects.allows(user, "add", SupervisionItem(pairing=pairing))
    url_name = "supervision:item_from_plan_item" if field == "plan_item" else "supervision:item_from_request"
    return {
        "item": existing,
        "can_supervise": existing is None and may_add,
        "url": reverse(url_name, args=[source.pk]),
    }


class _FromSourceView(LoginRequiredMixin, View):
    """POST: put a source record the user sees (else 404) under supervision through the service, unless an item
    already supervises it (then go to that item); the NDRC office and the pairing's coordinators only (else
    403). The source row is locked while it is checked and supervised, so two clicks make one item."""

    source_model = None
    field = ""

    def source_queryset(self):
        return self.source_model.objects.for_user(self.request.user, "view").select_for_update(of=("self",))

    def pairing_of(self, source):
        raise NotImplementedError

    def create(self, source):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            source = get_object_or_404(self.source_queryset(), pk=self.kwargs["pk"])
            pairing = self.pairing_of(source)
            if not SupervisionItem.objects.allows(request.user, "add", SupervisionItem(pairing=pairing)):
                raise PermissionDenied(
                    _(
                        "You may not create supervision items for this pairing: the NDRC office and the "
                        "coordinators of the pairing's two sides do."
                    )
                )
            existing = (
                SupervisionItem.objects.filter(**{self.field: source})
                .exclude(status=SupervisionItem.Status.CANCELLED)
                .order_by("-created_at", "-id")
                .first()
            )
            if existing is not None:
                messages.info(request, _("This is already under supervision: %(item)s") % {"item": existing})
                return redirect(existing.get_absolute_url())
            try:
                item = self.create(source)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(source.get_absolute_url())
        messages.success(request, _("Under supervision (督办): %(item)s") % {"item": item})
        return redirect(item.get_absolute_url())


class ItemFromPlanItemView(_FromSourceView):
    field = "plan_item"

    @property
    def source_model(self):
        from duikou.plans.models import PlanItem

        return PlanItem

    def pairing_of(self, source):
        return source.plan.pairing

    def create(self, source):
        return services.item_from_plan_item(user=self.request.user, plan_item=source)


class ItemFromRequestView(_FromSourceView):
    field = "coordination_request"

    @property
    def source_model(self):
        from duikou.projects.models import CoordinationRequest

        return CoordinationRequest

    def pairing_of(self, source):
        return source.pairing

    def create(self, source):
        return services.item_from_request(user=self.request.user, request=source)
