from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.regions.models import Pairing


class DashboardFilterForm(forms.Form):
    """The period and the pairing tier; they apply to every figure, chart and table of the dashboard."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tier = forms.ChoiceField(
        label=_("Pairing tier"), required=False, choices=[("", _("All tiers")), *Pairing.Tier.choices]
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError({"end": _("The end of the period must not be before its start.")})
        return cleaned
