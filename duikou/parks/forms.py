from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.accounts.selectors import green_channel_candidates
from duikou.core.forms import ServiceModelForm
from duikou.regions.selectors import pairings_of, side_codes, side_regions

from .models import BenefitAgreement, Park, ParkFigure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParkForm(ServiceModelForm):
    class Meta:
        model = Park
        fields = ["pairing", "name", "kind", "host_region", "partner_region", "partner_park", "area",
                  "established_on", "management_model", "operator", "enterprises", "is_key",
                  "green_channel_officer", "description"]
        widgets = {"enterprises": forms.SelectMultiple(attrs={"size": 6}), "established_on": DATE,
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pairings = pairings_of(user=self.user)
        self.fields["pairing"].queryset = pairings
        regions = side_regions(pairings)
        self.fields["host_region"].queryset = regions
        self.fields["partner_region"].queryset = regions
        organisations = Organisation.objects.for_user(self.user, "view").select_related("region")
        self.fields["operator"].queryset = organisations
        self.fields["enterprises"].queryset = organisations
        self.fields["enterprises"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        self.fields["green_channel_officer"].queryset = green_channel_candidates(side_codes=side_codes(pairings))
        if self.instance.pk:
            self.fields["pairing"].disabled = True


class ParkFigureForm(ServiceModelForm):
    class Meta:
        model = ParkFigure
        fields = ["period", "output_value", "tax_revenue", "gdp", "employment", "basis"]


class BenefitAgreementForm(ServiceModelForm):
    class Meta:
        model = BenefitAgreement
        fields = ["title", "document_number", "signed_on", "effective_from", "effective_to", "tax_host",
                  "tax_partner", "gdp_host", "gdp_partner", "notes"]
        widgets = {"signed_on": DATE, "effective_from": DATE, "effective_to": DATE,
                   "notes": forms.Textarea(attrs={"rows": 3})}
