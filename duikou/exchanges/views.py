"""Pages of cadre secondments. Names are personal data: the detail page shows them to those who may see
them (``SecondmentQuerySet.may_see_names``) and records each such view; the list and the .xlsx export
mask them unless the user may see them *and* asks (``?names=1``), which is recorded too."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from duikou.core.exports import ExportColumn, XlsxExportMixin, field_column
from duikou.core.models import AuditAction
from duikou.core.services import audit_record
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import services
from .filtersets import SecondmentFilterSet
from .forms import SecondmentForm
from .models import Secondment
from .selectors import LIST_RELATED, names_visible, personal_display, secondment_list

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
            query = self.request.GET.copy()
            query.pop("page", None)
            if self.show_names:
                query.pop(NAMES_PARAMETER, None)
                label = _("Hide names")
            else:
                query[NAMES_PARAMETER] = "1"
                label = _("Show names")
            context["list_actions"] = [{"id": "toggle-names", "url": f"{self.request.path}?{query.urlencode()}",
                                        "label": label}]
        return context


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
