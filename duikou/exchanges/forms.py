from django import forms

from duikou.accounts.models import Organisation
from duikou.core.forms import ServiceModelForm
from duikou.regions.selectors import pairings_of

from .models import Secondment, Trainee, Training

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


class TrainingForm(ServiceModelForm):
    class Meta:
        model = Training
        fields = ["pairing", "title", "host_institution", "place", "start", "end", "status", "leaders",
                  "managers", "technical", "total", "notes"]
        widgets = {"start": DATE, "end": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings_of(user=self.user)
        for name in ("leaders", "managers", "technical", "total"):
            self.fields[name].widget.attrs["min"] = 0
        if self.instance.pk:
            self.fields["pairing"].disabled = True


class TraineeForm(ServiceModelForm):
    class Meta:
        model = Trainee
        fields = ["person_name", "sex", "category", "organisation_name", "post"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_name"].required = True
