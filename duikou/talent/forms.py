from django import forms
from django.db.models import Q

from duikou.accounts.models import Organisation
from duikou.core.forms import ServiceModelForm
from duikou.core.scoping import ALL
from duikou.regions.models import Pairing, Region

from .models import Engagement, Expert

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def regions_for_experts(user):
    """The regions where the user may record experts: its own (a province with its cities)."""
    reach = Expert.objects.reach(user, "add")
    if reach is None:
        return Region.objects.none()
    if reach == ALL:
        return Region.objects.all()
    return Region.objects.filter(code__in=user.scope.region_codes)


def northeastern_organisations(user):
    """The northeastern organisations of the user's own regions (those it may record engagements for)."""
    reach = Engagement.objects.reach(user, "add")
    if reach is None:
        return Organisation.objects.none()
    sides = Pairing.objects.values("northeast_id")
    organisations = Organisation.objects.for_user(user, "view").filter(
        Q(region__in=sides) | Q(region__parent__in=sides)).select_related("region")
    if reach != ALL:
        organisations = organisations.filter(region__in=user.scope.region_codes)
    return organisations


class ExpertForm(ServiceModelForm):
    class Meta:
        model = Expert
        fields = ["name", "title_category", "field_of_expertise", "industry", "affiliation", "organisation", "region",
                  "offers_consulting", "offers_joint_research", "offers_part_time", "offers_training",
                  "contact_phone", "contact_email", "biography", "public_profile", "consent_recorded_at",
                  "consent_evidence"]
        widgets = {"consent_recorded_at": DATE, "biography": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_for_experts(self.user)
        self.fields["organisation"].queryset = Organisation.objects.for_user(self.user, "view").select_related(
            "region")


class EngagementForm(ServiceModelForm):
    class Meta:
        model = Engagement
        fields = ["expert", "organisation", "support_form", "start", "end", "status", "outcome"]
        widgets = {"start": DATE, "end": DATE, "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.for_user(self.user, "view").select_related("region")
        self.fields["expert"].label_from_instance = expert_label
        self.fields["organisation"].queryset = northeastern_organisations(self.user)


def expert_label(expert: Expert) -> str:
    """A choice of expert: its name (the user may see it: the choices are its visible experts)."""
    return f"{expert.name} · {expert.get_title_category_display()} · {expert.region}"
