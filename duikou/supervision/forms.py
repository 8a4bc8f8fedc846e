from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.forms import ServiceModelForm
from duikou.regions.selectors import pairings_of

from .models import RectificationAnswer, RectificationRequirement, SupervisionItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SOURCE_CHOICES = [
    ("manual", _("Entered by hand")),
    ("plan_item", _("From a plan item: its title, pairing, lead organisation and time nodes")),
    ("request", _("From a coordination request: its title, pairing, officer's organisation and due date")),
]


class SupervisionItemForm(ServiceModelForm):
    """Create by hand (title, pairing, assignee and a first time node) or from a source record, whose title,
    pairing, assignee and nodes are taken over; edit the title, description and assignee afterwards."""

    source = forms.ChoiceField(
        label=_("Source"), choices=SOURCE_CHOICES, initial="manual", widget=forms.RadioSelect
    )
    plan_item = forms.ModelChoiceField(label=_("Plan item"), queryset=None, required=False)
    coordination_request = forms.ModelChoiceField(
        label=_("Coordination request"), queryset=None, required=False
    )
    node_title = forms.CharField(
        label=_("First time node"),
        max_length=200,
        required=False,
        help_text=_("What is due, e.g. 完成项目用地审批. More nodes can be added on the item's page."),
    )
    node_due = forms.DateField(label=_("Due date of the first time node"), required=False, widget=DATE)

    class Meta:
        model = SupervisionItem
        fields = ["title", "description", "pairing", "assignee"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from duikou.plans.models import PlanItem
        from duikou.projects.models import CoordinationRequest

        self.fields["assignee"].queryset = (
            Organisation.objects.for_user(self.user, "view")
            | Organisation.objects.filter(region__isnull=True)
        ).select_related("region")
        if self.instance.pk:
            for name in ("source", "plan_item", "coordination_request", "node_title", "node_due", "pairing"):
                del self.fields[name]
            return
        self.fields["pairing"].queryset = pairings_of(user=self.user)
        self.fields["plan_item"].queryset = (
            PlanItem.objects.for_user(self.user, "view")
            .filter(completed_on__isnull=True)
            .select_related("plan")
        )
        self.fields["coordination_request"].queryset = CoordinationRequest.objects.for_user(
            self.user, "view"
        ).exclude(status=CoordinationRequest.Status.CLOSED)
        for name in ("title", "pairing", "assignee"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty when creating from a source record.")

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            return data
        source = data.get("source")
        if source == "plan_item" and not data.get("plan_item"):
            self.add_error("plan_item", _("Choose the plan item to supervise."))
        elif source == "request" and not data.get("coordination_request"):
            self.add_error("coordination_request", _("Choose the coordination request to supervise."))
        elif source == "manual":
            for name, message in (
                ("title", _("Enter the title of the matter to supervise.")),
                ("pairing", _("Choose the pairing.")),
                ("assignee", _("Choose the organisation that must do it.")),
                ("node_title", _("Name the first time node: what is due.")),
                ("node_due", _("Give the first time node's due date.")),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        return data


class NodeForm(forms.Form):
    title = forms.CharField(label=_("Time node"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)


class NodeCompleteForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))


class UrgeForm(forms.Form):
    message = forms.CharField(
        label=_("Urging message"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Close as"),
        choices=[
            (SupervisionItem.Status.DONE, _("Done")),
            (SupervisionItem.Status.CANCELLED, _("Cancelled")),
        ],
    )


class RectificationForm(ServiceModelForm):
    class Meta:
        model = RectificationRequirement
        fields = ["pairing", "title", "basis", "round_ref"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings_of(user=self.user)


class RectificationItemForm(forms.Form):
    title = forms.CharField(label=_("Item to rectify"), max_length=200)
    requirement_text = forms.CharField(
        label=_("What must be rectified"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    side = forms.ChoiceField(
        label=_("Responsible side"), choices=[("northeast", _("Northeast side")), ("east", _("Eastern side"))]
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)

    def has_changed(self):
        """A row counts once something besides the side is filled in (the side always has a value)."""
        return any(name != "side" for name in self.changed_data)


RectificationItemFormSet = forms.formset_factory(RectificationItemForm, extra=3, min_num=1, validate_min=True)


class AnswerForm(forms.Form):
    measures = forms.CharField(label=_("Measures taken"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (RectificationAnswer.Decision.ACCEPTED, _("Accept")),
            (RectificationAnswer.Decision.SENT_BACK, _("Send back")),
        ],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when sending back: what is still missing."),
    )
