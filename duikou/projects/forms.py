from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.accounts.selectors import green_channel_candidates
from duikou.core.forms import ServiceModelForm
from duikou.regions.selectors import pairings_of, side_codes, side_regions

from .models import CoordinationRequest, Industry, Project, ProjectReport, Stage


class ProjectForm(ServiceModelForm):
    class Meta:
        model = Project
        fields = ["pairing", "title", "key_task", "industry", "location", "park", "host_organisation",
                  "investors", "national_code", "planned_investment", "is_landmark", "is_key", "green_channel_officer",
                  "description"]
        widgets = {"investors": forms.SelectMultiple(attrs={"size": 6}), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pairings = pairings_of(user=self.user)
        self.fields["pairing"].queryset = pairings
        self.fields["location"].queryset = side_regions(pairings)
        organisations = Organisation.objects.for_user(self.user, "view").select_related("region")
        self.fields["host_organisation"].queryset = organisations
        self.fields["investors"].queryset = organisations
        self.fields["investors"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        self.fields["industry"].queryset = Industry.objects.exclude(level=Industry.Level.SECTION)
        from duikou.parks.models import Park

        self.fields["park"].queryset = Park.objects.for_user(self.user, "view").select_related("pairing")
        # The officer is a named person of either side: a coordinator or reporter of its regions.
        self.fields["green_channel_officer"].queryset = green_channel_candidates(side_codes=side_codes(pairings))
        if self.instance.pk:
            self.fields["pairing"].disabled = True
        else:  # a project already under way is registered at its stage, from the date it entered it
            self.fields["stage"] = forms.ChoiceField(label=_("Current stage"), choices=Stage.choices,
                                                     initial=Stage.INTENTION)
            self.fields["stage_since"] = forms.DateField(
                label=_("In this stage since"), required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                help_text=_("Leave empty for today."))


class StageChangeForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False,
                             help_text=_("Needed for a step back or a termination."))


class ProjectReportForm(ServiceModelForm):
    confirm = forms.BooleanField(label=_("I have checked these figures and confirm them"), required=False)

    class Meta:
        model = ProjectReport
        fields = ["period", "investment_in_period", "investment_cumulative", "narrative", "problems"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 4}), "problems": forms.Textarea(attrs={"rows": 3})}

    def service_data(self) -> dict:
        data = super().service_data()
        data.pop("confirm", None)
        return data


class CoordinationRequestForm(ServiceModelForm):
    class Meta:
        model = CoordinationRequest
        fields = ["kind", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
