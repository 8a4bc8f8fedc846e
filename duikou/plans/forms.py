from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.forms import ServiceModelForm
from duikou.regions.selectors import pairings_of

from .models import Indicator, IndicatorActual, Plan, PlanDueRule, PlanItem, ProgressUpdate, TimeNode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SECTION = forms.Textarea(attrs={"rows": 5})


class PlanForm(ServiceModelForm):
    class Meta:
        model = Plan
        fields = ["pairing", "kind", "title", "period_start", "period_end", "document_number", *Plan.SECTION_FIELDS]
        widgets = {name: SECTION for name in Plan.SECTION_FIELDS}
        help_texts = {name: _("Paragraphs, lists, headings and tables are kept; anything else is removed.")
                      for name in Plan.SECTION_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings_of(user=self.user)
        self.fields["period_end"].required = False
        self.fields["period_end"].help_text = _("Leave empty for a plan of one year (an annual plan or summary).")
        if self.instance.pk:
            self.fields["pairing"].disabled = True
            self.fields["kind"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("period_start") and not data.get("period_end"):
            data["period_end"] = data["period_start"]
        return data


def organisations_of(plan: Plan):
    """Lead and supporting organisations come from either side of the plan's pairing (or central bodies)."""
    sides = plan.pairing.sides
    return (Organisation.objects.filter(Q(region__in=sides) | Q(region__parent__in=sides) | Q(region__isnull=True))
            .select_related("region").order_by("region_id", "name"))


class PlanItemForm(ServiceModelForm):
    class Meta:
        model = PlanItem
        fields = ["number", "title", "parent", "key_task", "lead_organisation", "supporting_organisations",
                  "description", "start_date", "due_date"]
        widgets = {"start_date": DATE, "due_date": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "supporting_organisations": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        orgs = organisations_of(plan)
        self.fields["lead_organisation"].queryset = orgs
        self.fields["supporting_organisations"].queryset = orgs
        parents = plan.items.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["key_task"].queryset = self.fields["key_task"].queryset.select_related("group")
        self.fields["supporting_organisations"].help_text = _(
            "Organisations of either side of the pairing. Hold Ctrl (⌘ on a Mac) to choose several.")


class TimeNodeForm(ServiceModelForm):
    class Meta:
        model = TimeNode
        fields = ["title", "due_date"]
        widgets = {"due_date": DATE}


class IndicatorForm(ServiceModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "direction", "counting_basis"]


class IndicatorActualForm(ServiceModelForm):
    class Meta:
        model = IndicatorActual
        fields = ["period", "value", "evidence", "counting_basis"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}


class ProgressUpdateForm(ServiceModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["reported_on", "progress", "note"]
        widgets = {"reported_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Comments for both sides"), widget=forms.Textarea(attrs={"rows": 4}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word, Excel or an image, up to %(mb)s MB.") % {
            "mb": settings.DUIKOU_MAX_UPLOAD_MB}


class SummaryDraftForm(forms.Form):
    pairing = forms.ModelChoiceField(label=_("Pairing"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings_of(user=user)


class PlanDueRuleForm(ServiceModelForm):
    class Meta:
        model = PlanDueRule
        fields = ["month", "day", "years_after", "required", "first_year", "remind_days"]
