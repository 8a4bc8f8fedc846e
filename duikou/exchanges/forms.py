from django import forms

from duikou.accounts.models import Organisation
from duikou.core.forms import ServiceModelForm
from duikou.regions.selectors import pairings_of

from .models import Secondment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SecondmentForm(ServiceModelForm):
    class Meta:
        model = Secondment
        fields = ["pairing", "person_name", "sex", "birth_year", "rank", "home_organisation", "home_post",
                  "host_organisation", "host_post", "start", "end", "status"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings_of(user=self.user)
        organisations = Organisation.objects.for_user(self.user, "view").filter(
            region__isnull=False).select_related("region")
        self.fields["home_organisation"].queryset = organisations
        self.fields["host_organisation"].queryset = organisations
        for name in ("person_name", "birth_year"):
            self.fields[name].required = True
        if self.instance.pk:
            self.fields["pairing"].disabled = True
