from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duikou.core.forms import ServiceModelForm
from duikou.core.roles import Role
from duikou.regions.models import KeyTask

from .models import ReformPractice, Replication, ReplicationStatus, eastern_regions, northeastern_regions

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _within_scope(regions, user):
    """The regions a user keeps records of: all for the NDRC office, else its own (a province covers its
    cities); for a replication also its partners' (the eastern side of a pairing keeps its joint records)."""
    if Role.NATIONAL_ADMIN in user.scope.roles:
        return regions
    if Role.COORDINATOR not in user.scope.roles:
        return regions.none()
    return regions.filter(code__in=user.scope.region_codes)


def practice_origin_choices(user):
    return _within_scope(eastern_regions(), user).order_by("code")


def replication_region_choices(user):
    """Northeastern regions a replication may be recorded for: own regions, and (for the eastern side of a
    pairing) the partner's: the service then checks the pairing that follows from the practice."""
    regions = northeastern_regions()
    if Role.NATIONAL_ADMIN in user.scope.roles:
        return regions.order_by("code")
    if Role.COORDINATOR not in user.scope.roles:
        return regions.none()
    return regions.filter(
        Q(code__in=user.scope.region_codes) | Q(code__in=user.scope.partner_codes)
    ).order_by("code")


class ReformPracticeForm(ServiceModelForm):
    class Meta:
        model = ReformPractice
        fields = ["title", "origin", "key_task", "source_document", "description", "introduced_on", "tags"]
        widgets = {"introduced_on": DATE, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].queryset = practice_origin_choices(self.user)
        self.fields["key_task"].queryset = KeyTask.objects.select_related("group")


class ReplicationForm(ServiceModelForm):
    """Create: the practice, the region and the current status with its date. Edit: the start date, the
    evidence and the notes (the status moves with ``ReplicationStatusForm``)."""

    class Meta:
        model = Replication
        fields = ["practice", "region", "status", "status_since", "started_on", "evidence", "notes"]
        widgets = {
            "status_since": DATE,
            "started_on": DATE,
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("practice", "region", "status", "status_since"):
                del self.fields[name]
            return
        self.fields["practice"].queryset = (
            ReformPractice.objects.for_user(self.user, "view")
            .select_related("origin")
            .order_by("origin", "title")
        )
        self.fields["practice"].label_from_instance = lambda practice: f"{practice.title} · {practice.origin}"
        self.fields["region"].queryset = replication_region_choices(self.user)
        self.fields["status"].label = _("Current status")
        self.fields["status_since"].label = _("In this status since")
        self.fields["status_since"].required = False
        self.fields["status_since"].help_text = _("Leave empty for today.")
        self.fields["status_since"].initial = timezone.localdate()


NEXT_STATUS = {
    ReplicationStatus.PLANNED: ReplicationStatus.PILOTING,
    ReplicationStatus.PILOTING: ReplicationStatus.REPLICATED,
}


class ReplicationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReplicationStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DATE, help_text=_("When the new status was reached."))
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “replicated” unless already recorded: the document or web address."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
