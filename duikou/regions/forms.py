from django import forms

from duikou.core.forms import ServiceModelForm

from .models import Agreement, Pairing, Region
from .selectors import pairings_of


class RegionForm(ServiceModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Region.objects.filter(level=Region.Level.PROVINCE)
        if self.instance.pk:
            self.fields["code"].disabled = True


class PairingForm(ServiceModelForm):
    class Meta:
        model = Pairing
        fields = ["northeast", "east", "tier", "status", "established_on", "source_document", "parent", "note"]
        widgets = {"established_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["northeast"].queryset = Region.objects.select_related("parent")
        self.fields["east"].queryset = Region.objects.select_related("parent")
        self.fields["parent"].queryset = Pairing.objects.filter(tier=Pairing.Tier.PROVINCE).select_related(
            "northeast", "east")


class AgreementForm(ServiceModelForm):
    class Meta:
        model = Agreement
        fields = ["pairing", "title", "kind", "signed_on", "document_number", "signatories", "summary", "key_tasks"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"}),
                   "key_tasks": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings_of(user=self.user)
