from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.regions.models import Pairing


class DashboardFilterForm(forms.Form):
    """The period, the pairing tier and a pairing; they apply to every figure, chart and table of the dashboard.
    The pairing's choices are the user's visible pairings: another pairing is not a valid choice (the views
    answer 404). The period counts whole months (the figures are monthly)."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tier = forms.ChoiceField(
        label=_("Pairing tier"), required=False, choices=[("", _("All tiers")), *Pairing.Tier.choices]
    )
    pairing = forms.ModelChoiceField(
        label=_("Pairing"), required=False, queryset=Pairing.objects.none(), empty_label=_("All pairings")
    )

    def __init__(self, *args, user=None, **kwargs):
        from .selectors import visible_pairings

        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = visible_pairings(user=user)

    @property
    def foreign_pairing(self) -> bool:
        """A pairing was asked for that the user may not see (or that does not exist): a 404, not its numbers."""
        return self.is_bound and "pairing" in self.errors

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError({"end": _("The end of the period must not be before its start.")})
        return cleaned
