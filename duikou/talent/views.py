"""Back-office pages of experts and their engagements. The contact is personal data: shown on the expert's
page to those who may see it (``ExpertQuerySet.may_see_contact``), which is recorded; withheld in the list's
export otherwise. An engagement shows the expert's name only to those who may see the expert."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duikou.core.exports import ExportColumn, XlsxExportMixin, field_column
from duikou.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import services
from .filtersets import EngagementFilterSet, ExpertFilterSet
from .forms import EngagementForm, ExpertForm
from .models import Engagement, Expert
from .selectors import (
    ENGAGEMENT_RELATED,
    EXPERT_RELATED,
    contact_display,
    contact_visible,
    engagement_list,
    expert_list,
    expert_name_display,
)


def support_text(expert: Expert) -> str:
    return "、".join(str(form.label) for form in expert.support_forms)


class ExpertListView(XlsxExportMixin, ScopedListView):
    model = Expert
    filterset_class = ExpertFilterSet
    template_name = "talent/expert_list.html"
    partial_template_name = "talent/_expert_table.html"
    create_url_name = "talent:expert_create"

    def base_queryset(self):
        return expert_list(user=self.request.user)

    def get_export_columns(self):
        def contact(field):
            return lambda expert: contact_display(expert=expert, visible=bool(expert.contact_visible))[field]

        return [
            ExportColumn(_("Number"), "pk", width=8), field_column(Expert, "name", width=14),
            field_column(Expert, "title_category", width=18), field_column(Expert, "field_of_expertise", width=30),
            field_column(Expert, "industry", width=24), field_column(Expert, "affiliation", width=30),
            field_column(Expert, "region", width=12),
            ExportColumn(_("Forms of support"), support_text, width=30),
            ExportColumn(str(Expert._meta.get_field("contact_phone").verbose_name), contact("contact_phone")),
            ExportColumn(str(Expert._meta.get_field("contact_email").verbose_name), contact("contact_email"),
                         width=24),
            field_column(Expert, "public_profile", width=10),
        ]


class ExpertDetailView(ScopedDetailView):
    model = Expert
    select_related = EXPERT_RELATED
    template_name = "talent/expert_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, expert = self.request.user, self.object
        context["contact"] = contact_display(expert=expert, visible=contact_visible(user=user, expert=expert))
        if context["contact"]["shown"] and (expert.contact_phone or expert.contact_email):
            services.contact_viewed(user=user, expert=expert, where="detail")
        context["engagements"] = engagement_list(user=user, queryset=expert.engagements.all())
        context["can_add_engagement"] = Engagement.objects.may(user, "add")
        return context


class ExpertCreateView(ServiceFormView):
    model = Expert
    form_class = ExpertForm

    def perform(self, form):
        return services.expert_create(user=self.request.user, data=form.service_data())


class ExpertUpdateView(ServiceFormView):
    """Only those who may change the expert open this form, and they may see the contact."""

    model = Expert
    form_class = ExpertForm
    action = "change"

    def perform(self, form):
        return services.expert_update(user=self.request.user, expert=self.object, data=form.service_data(),
                                      expected_version=form.cleaned_data.get("version"))


class ExpertDeleteView(ServiceDeleteView):
    model = Expert
    success_url_name = "talent:expert_list"

    def perform_delete(self, obj):
        services.expert_delete(user=self.request.user, expert=obj)


# --- engagements -----------------------------------------------------------------------------------------

class EngagementListView(XlsxExportMixin, ScopedListView):
    model = Engagement
    filterset_class = EngagementFilterSet
    template_name = "core/list.html"
    partial_template_name = "talent/_engagement_table.html"
    create_url_name = "talent:engagement_create"
    export_columns = [
        ExportColumn(gettext_lazy("Number"), "pk", width=8),
        ExportColumn(gettext_lazy("Expert"), lambda e: expert_name_display(engagement=e), width=14),
        field_column(Engagement, "organisation", width=30), field_column(Engagement, "support_form", width=18),
        field_column(Engagement, "pairing", width=20), field_column(Engagement, "start", width=12),
        field_column(Engagement, "end", width=12), field_column(Engagement, "status", width=10),
        field_column(Engagement, "outcome", width=40),
    ]

    def base_queryset(self):
        return engagement_list(user=self.request.user)


class EngagementDetailView(ScopedDetailView):
    model = Engagement
    select_related = ENGAGEMENT_RELATED
    template_name = "talent/engagement_detail.html"

    def get_queryset(self):
        return engagement_list(user=self.request.user)


class EngagementCreateView(ServiceFormView):
    """Record an engagement; from an expert's page the expert comes preselected (``?expert=<id>``)."""

    model = Engagement
    form_class = EngagementForm

    def get_initial(self):
        initial = super().get_initial()
        expert = self.request.GET.get("expert", "")
        if expert.isdigit():
            initial["expert"] = int(expert)
        return initial

    def perform(self, form):
        return services.engagement_create(user=self.request.user, data=form.service_data())


class EngagementUpdateView(ServiceFormView):
    model = Engagement
    form_class = EngagementForm
    action = "change"

    def perform(self, form):
        return services.engagement_update(user=self.request.user, engagement=self.object,
                                          data=form.service_data(), expected_version=form.cleaned_data.get("version"))


class EngagementDeleteView(ServiceDeleteView):
    model = Engagement
    success_url_name = "talent:engagement_list"

    def deleted_url(self, obj):
        if Expert.objects.for_user(self.request.user, "view").filter(pk=obj.expert_id).exists():
            return reverse("talent:expert_detail", args=[obj.expert_id])
        return reverse(self.success_url_name)

    def perform_delete(self, obj):
        services.engagement_delete(user=self.request.user, engagement=obj)
