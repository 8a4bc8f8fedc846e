"""Pages of cadre secondments and trainings. Names are personal data: the secondment page shows them to
those who may see them (``SecondmentQuerySet.may_see_names``) and records each such view; the lists, the
.xlsx export and a training's roster mask them unless the user may see them *and* asks (``?names=1``),
which is recorded too."""


from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from duikou.core.exports import ExportColumn, XlsxExportMixin, field_column, xlsx_rows_response
from duikou.core.models import AuditAction
from duikou.core.services import audit_record
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView
from duikou.regions.models import Pairing

from . import services
from .filtersets import SecondmentFilterSet, TrainingFilterSet
from .forms import SecondmentForm, TraineeForm, TrainingForm
from .models import Secondment, Trainee, TraineeCategory, Training
from .selectors import (
    LIST_RELATED,
    TRAINING_RELATED,
    figures_pairing_ids,
    names_visible,
    pairing_year_figures,
    personal_display,
    secondment_list,
    trainee_display,
    training_list,
)

NAMES_PARAMETER = "names"


class SecondmentListView(XlsxExportMixin, ScopedListView):
    model = Secondment
    filterset_class = SecondmentFilterSet
    template_name = "exchanges/secondment_list.html"
    partial_template_name = "exchanges/_secondment_table.html"
    create_url_name = "exchanges:secondment_create"

    def dispatch(self, request, *args, **kwargs):
        self.may_show_names = Secondment.objects.may_see_any_names(request.user)
        # Asking for names without the right to see them is ignored: the list stays masked.
        self.show_names = self.may_show_names and request.GET.get(NAMES_PARAMETER) == "1"
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return secondment_list(user=self.request.user)

    def _display(self, record, field):
        return personal_display(secondment=record, visible=bool(record.names_visible), show=self.show_names)[field]

    def get_export_columns(self):
        def personal(field):
            return lambda record: self._display(record, field)

        return [
            ExportColumn(_("Number"), "pk", width=8),
            ExportColumn(str(Secondment._meta.get_field("person_name").verbose_name), personal("person_name")),
            field_column(Secondment, "sex", width=8),
            ExportColumn(str(Secondment._meta.get_field("birth_year").verbose_name), personal("birth_year"), width=10),
            field_column(Secondment, "rank", width=24),
            field_column(Secondment, "home_organisation", width=30),
            ExportColumn(str(Secondment._meta.get_field("home_post").verbose_name), personal("home_post"), width=24),
            field_column(Secondment, "host_organisation", width=30),
            ExportColumn(str(Secondment._meta.get_field("host_post").verbose_name), personal("host_post"), width=24),
            field_column(Secondment, "direction", width=14), field_column(Secondment, "pairing", width=20),
            field_column(Secondment, "start", width=12), field_column(Secondment, "end", width=12),
            field_column(Secondment, "status", width=10),
        ]

    def export_xlsx(self):
        if self.show_names:
            queryset = self.get_queryset()
            audit_record(action=AuditAction.VIEW_PERSONAL, user=self.request.user,
                         object_type=Secondment._meta.label_lower,
                         object_repr=_("Export of secondments with names")[:255],
                         changes={"where": [None, "xlsx"],
                                  "rows_with_names": [None, queryset.filter(names_visible=True).count()],
                                  "query": [None, self.request.GET.urlencode()]})
        return super().export_xlsx()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        for row in rows:
            row.shown = personal_display(secondment=row, visible=bool(row.names_visible), show=self.show_names)
        context["object_list"] = rows
        named = [row for row in rows if row.shown["shown"]]
        services.secondment_names_viewed(user=self.request.user, secondments=named, where="list")
        context["show_names"] = self.show_names
        if self.may_show_names:
            context["list_actions"] = [names_toggle(self.request, self.show_names)]
        return context


def names_toggle(request, show_names: bool) -> dict:
    """The "show names" / "hide names" link: the same query with ``names`` flipped (and page 1)."""
    query = request.GET.copy()
    query.pop("page", None)
    if show_names:
        query.pop(NAMES_PARAMETER, None)
        label = _("Hide names")
    else:
        query[NAMES_PARAMETER] = "1"
        label = _("Show names")
    return {"id": "toggle-names", "url": f"{request.path}?{query.urlencode()}", "label": label}


class SecondmentDetailView(ScopedDetailView):
    model = Secondment
    select_related = LIST_RELATED
    template_name = "exchanges/secondment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = names_visible(user=self.request.user, secondment=self.object)
        context["shown"] = personal_display(secondment=self.object, visible=visible, show=True)
        if context["shown"]["shown"]:
            services.secondment_names_viewed(user=self.request.user, secondments=[self.object], where="detail")
        return context


class SecondmentCreateView(ServiceFormView):
    model = Secondment
    form_class = SecondmentForm

    def perform(self, form):
        return services.secondment_create(user=self.request.user, data=form.service_data())


class SecondmentUpdateView(ServiceFormView):
    """The form shows the person: only for those who may see the name, and the view is recorded."""

    model = Secondment
    form_class = SecondmentForm
    action = "change"

    def get_object(self):
        obj = super().get_object()
        if not Secondment.objects.may_see_names(self.request.user, obj) or obj.is_anonymised:
            raise PermissionDenied
        if self.request.method == "GET":
            services.secondment_names_viewed(user=self.request.user, secondments=[obj], where="edit")
        return obj

    def perform(self, form):
        data = form.service_data()
        data.pop("pairing", None)
        return services.secondment_update(user=self.request.user, secondment=self.object, data=data,
                                          expected_version=form.cleaned_data.get("version"))


class SecondmentDeleteView(ServiceDeleteView):
    model = Secondment
    success_url_name = "exchanges:secondment_list"

    def perform_delete(self, obj):
        services.secondment_delete(user=self.request.user, secondment=obj)


# --- trainings ---------------------------------------------------------------------------------------------

class TrainingListView(XlsxExportMixin, ScopedListView):
    """Trainings with their trainee counts: no personal data, so nothing is masked here."""

    model = Training
    filterset_class = TrainingFilterSet
    template_name = "core/list.html"
    partial_template_name = "exchanges/_training_table.html"
    create_url_name = "exchanges:training_create"
    export_columns = [
        ExportColumn(gettext_lazy("Number"), "pk", width=8), field_column(Training, "title", width=36),
        field_column(Training, "pairing", width=20), field_column(Training, "host_institution", width=28),
        field_column(Training, "place", width=20), field_column(Training, "start", width=12),
        field_column(Training, "end", width=12), field_column(Training, "status", width=10),
        field_column(Training, "leaders", width=10), field_column(Training, "managers", width=10),
        field_column(Training, "technical", width=10), field_column(Training, "total", width=10),
    ]

    def base_queryset(self):
        return training_list(user=self.request.user)


class TrainingDetailView(ScopedDetailView):
    """The training and its roster: names masked unless the user may see them and asks (``?names=1``),
    which is recorded in the audit log."""

    model = Training
    select_related = TRAINING_RELATED
    template_name = "exchanges/training_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        training, user = self.object, self.request.user
        may_see = Training.objects.may_see_roster(user, training)
        show = may_see and self.request.GET.get(NAMES_PARAMETER) == "1"
        roster = list(training.trainees.all())
        for trainee in roster:
            trainee.shown = trainee_display(trainee=trainee, visible=may_see, show=show)
        services.names_viewed(user=user, records=[t for t in roster if t.shown["shown"]], where="training roster")
        named = {category: 0 for category in TraineeCategory.values}
        for trainee in roster:
            named[trainee.category] += 1
        context.update(
            roster=roster, may_see_roster=may_see, show_names=show,
            names_toggle=names_toggle(self.request, show) if may_see and roster else None,
            categories=[(label, training.count_of(value), named[value]) for value, label in TraineeCategory.choices],
            can_add_trainee=may_see and Trainee.objects.allows(user, "add", Trainee(training=training)),
        )
        return context


class TrainingCreateView(ServiceFormView):
    model = Training
    form_class = TrainingForm

    def perform(self, form):
        return services.training_create(user=self.request.user, data=form.service_data())


class TrainingUpdateView(ServiceFormView):
    model = Training
    form_class = TrainingForm
    action = "change"

    def perform(self, form):
        data = form.service_data()
        data.pop("pairing", None)
        return services.training_update(user=self.request.user, training=self.object, data=data,
                                        expected_version=form.cleaned_data.get("version"))


class TrainingDeleteView(ServiceDeleteView):
    model = Training
    success_url_name = "exchanges:training_list"

    def perform_delete(self, obj):
        services.training_delete(user=self.request.user, training=obj)


class TraineeCreateView(ServiceFormView):
    """Add a name to a training's roster: only for those who may see the roster."""

    model = Trainee
    form_class = TraineeForm

    def get_object(self):
        self.training = get_object_or_404(Training.objects.for_user(self.request.user, "view"), pk=self.kwargs["pk"])
        if not (Training.objects.may_see_roster(self.request.user, self.training)
                and Trainee.objects.allows(self.request.user, "add", Trainee(training=self.training))):
            raise PermissionDenied
        return None

    def perform(self, form):
        return services.trainee_create(user=self.request.user, training=self.training, data=form.service_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.training
        return context


class TraineeUpdateView(ServiceFormView):
    model = Trainee
    form_class = TraineeForm
    action = "change"

    def get_object(self):
        obj = super().get_object()
        if not Training.objects.may_see_roster(self.request.user, obj.training) or obj.is_anonymised:
            raise PermissionDenied
        if self.request.method == "GET":
            services.names_viewed(user=self.request.user, records=[obj], where="edit")
        return obj

    def perform(self, form):
        return services.trainee_update(user=self.request.user, trainee=self.object, data=form.service_data(),
                                       expected_version=form.cleaned_data.get("version"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent_object"] = self.object.training
        return context


class TraineeDeleteView(ServiceDeleteView):
    model = Trainee

    def deleted_url(self, obj):
        return obj.training.get_absolute_url()

    def perform_delete(self, obj):
        services.trainee_delete(user=self.request.user, trainee=obj)


# --- figures per pairing and year ----------------------------------------------------------------------------

def figure_columns() -> list[ExportColumn]:
    """The columns of the figures table and its .xlsx export: one per measure, events by kind included."""
    from duikou.events.models import EventKind

    columns = [
        ExportColumn(_("Pairing"), "pairing", width=22), ExportColumn(_("Year"), "year", width=8),
        ExportColumn(_("Cadres seconded, northeast to east"), "ne_to_east", width=12),
        ExportColumn(_("Cadres seconded, east to northeast"), "east_to_ne", width=12),
        ExportColumn(_("Trainings held"), "trainings", width=10),
        ExportColumn(_("Trainees: local government leaders"), "leaders", width=12),
        ExportColumn(_("Trainees: enterprise managers"), "managers", width=12),
        ExportColumn(_("Trainees: professional and technical staff"), "technical", width=12),
        ExportColumn(_("Trainees in total"), "trainees", width=10),
        ExportColumn(_("Events"), "events", width=8),
    ]
    columns += [ExportColumn(label, lambda figures, kind=kind: figures.events_by_kind.get(kind, 0), width=12)
                for kind, label in EventKind.choices]
    columns += [
        ExportColumn(_("Agreements signed"), "agreements", width=10),
        ExportColumn(_("Amount of agreements (10,000 yuan)"), "agreement_amount", width=14, number_format="#,##0.00"),
        ExportColumn(_("Reform practices replicated"), "replicated", width=10),
        ExportColumn(_("Expert engagements"), "engagements", width=10),
    ]
    return columns


class ExchangeFiguresView(LoginRequiredMixin, TemplateView):
    """People and exchanges per pairing and year, for the pairings the user may see; ``?pairing=`` and
    ``?year=`` narrow it; ``?export=xlsx`` downloads it (recorded in the audit log)."""

    template_name = "exchanges/figures.html"

    def get(self, request, *args, **kwargs):
        self.allowed = allowed = figures_pairing_ids(user=request.user)
        self.pairing = None
        pairing_ids = allowed
        if request.GET.get("pairing"):
            try:
                wanted = int(request.GET["pairing"])
            except ValueError:
                raise Http404 from None
            if allowed is not None and wanted not in allowed:
                raise Http404
            self.pairing = get_object_or_404(Pairing.objects.select_related("northeast", "east"), pk=wanted)
            pairing_ids = [wanted]
        self.year = request.GET.get("year", "")
        years = {int(self.year)} if self.year.isdigit() else None
        self.rows = pairing_year_figures(pairing_ids=pairing_ids, years=years)
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        return xlsx_rows_response(rows=self.rows, columns=figure_columns(),
                                  title=_("People and exchanges by pairing and year"),
                                  filename="exchange-figures.xlsx", user=self.request.user,
                                  object_type="exchanges.figures", query=self.request.GET.urlencode())

    def get_context_data(self, **kwargs):
        from duikou.events.models import EventKind

        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        measures = figure_columns()[2:]  # after the pairing and the year
        blocks = []
        for figures in self.rows:  # ordered by pairing, newest year first
            if not blocks or blocks[-1]["pairing"].pk != figures.pairing_id:
                blocks.append({"pairing": figures.pairing, "years": [], "columns": []})
            blocks[-1]["years"].append(figures.year)
            blocks[-1]["columns"].append(figures)
        kinds = {str(label) for _, label in EventKind.choices}
        for block in blocks:
            block["measures"] = [
                {"label": column.header, "values": [column.value(f) for f in block["columns"]],
                 "by_kind": str(column.header) in kinds, "amount": column.accessor == "agreement_amount"}
                for column in measures]
        context.update(blocks=blocks, pairing=self.pairing, year=self.year,
                       export_url=f"{self.request.path}?{query.urlencode()}",
                       pairings=Pairing.objects.select_related("northeast", "east").filter(
                           **({} if self.allowed is None else {"pk__in": self.allowed})))
        return context
