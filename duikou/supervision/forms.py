from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.forms import ServiceModelForm
from duikou.regions.selectors import pairings_of

from . import selectors
from .models import RectificationAnswer, RectificationRequirement, SupervisionItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SOURCE_CHOICES = [
    ("manual", _("Entered by hand")),
    ("plan_item", _("From a plan item: its title, pairing, lead organisation and time nodes")),
    ("request", _("From a coordination request: its title, pairing, officer's organisation and due date")),
]
# The source radio value that goes with each source field.
SOURCE_OF_FIELD = {"plan_item": "plan_item", "coordination_request": "request"}


class SourceSearchWidget(forms.Widget):
    """A source record chosen by searching, never from a list of every record: a search box that asks
    ``supervision:source_search`` (htmx) for at most 20 matches in the user's scope, shown as radio buttons
    named after the field; the chosen record (``queryset``, set by the form: the user's scope) is shown
    checked. Without JavaScript, pressing Enter submits the form, which answers with the matches.
    ``matches`` (a ``selectors.SourceMatches``) is set by the form when it searched on submission."""

    template_name = "supervision/widgets/source_search.html"

    def __init__(self, *, field: str, attrs=None):
        super().__init__(attrs)
        self.field = field
        self.queryset = None
        self.matches = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None
        if str(value or "").isdigit() and len(str(value)) < 12 and self.queryset is not None:
            chosen = self.queryset.filter(pk=int(value)).first()
        context["widget"].update(
            chosen=chosen,
            matches=self.matches,
            query=self.matches.query if self.matches else "",
            search_url=reverse("supervision:source_search", args=[self.field]),
            source_value=SOURCE_OF_FIELD[self.field],
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class SourceChoiceField(forms.ModelChoiceField):
    """A record chosen by its id, validated against the user's scope; a record outside it is refused like one
    that does not exist (no hint that it does)."""

    def __init__(self, *, field: str, **kwargs):
        super().__init__(queryset=None, required=False, widget=SourceSearchWidget(field=field), **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class SupervisionItemForm(ServiceModelForm):
    """Create by hand (title, pairing, assignee and a first time node) or from a source record, whose title,
    pairing, assignee and nodes are taken over; edit the title, description and assignee afterwards."""

    source = forms.ChoiceField(
        label=_("Source"), choices=SOURCE_CHOICES, initial="manual", widget=forms.RadioSelect
    )
    plan_item = SourceChoiceField(
        field="plan_item",
        label=_("Plan item"),
        help_text=_(
            "Type the item's number or words of its title (or of its plan's title) and choose it among the "
            "matches; or open the plan item's page and press its 督办 button."
        ),
        error_messages={
            "invalid_choice": _(
                "No plan item %(value)s among those you may see: search it by number or title and choose it "
                "among the matches."
            )
        },
    )
    coordination_request = SourceChoiceField(
        field="coordination_request",
        label=_("Coordination request"),
        help_text=_(
            "Type words of the request's title, its project's title or national code, or its park's name and "
            "choose it among the matches; or open the request's page and press its 督办 button."
        ),
        error_messages={
            "invalid_choice": _(
                "No coordination request %(value)s among those you may see: search it by title, project or park "
                "and choose it among the matches."
            )
        },
    )
    node_title = forms.CharField(
        label=_("First time node"),
        max_length=200,
        required=False,
        help_text=_("What is due, e.g. 完成项目用地审批. More nodes can be added on the item's page."),
    )
    node_due = forms.DateField(label=_("Due date of the first time node"), required=False, widget=DATE)

    field_order = ["source", "plan_item", "coordination_request", "title", "description", "pairing", "assignee"]

    class Meta:
        model = SupervisionItem
        fields = ["title", "description", "pairing", "assignee"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            Organisation.objects.for_user(self.user, "view")
            | Organisation.objects.filter(region__isnull=True)
        ).select_related("region")
        if self.instance.pk:
            for name in ("source", "plan_item", "coordination_request", "node_title", "node_due", "pairing"):
                del self.fields[name]
            return
        self.fields["pairing"].queryset = pairings_of(user=self.user)
        # Only the chosen id is checked against these (one query); they are never listed.
        self.fields["plan_item"].queryset = selectors.plan_item_choices(user=self.user)
        self.fields["coordination_request"].queryset = selectors.request_choices(user=self.user)
        for name in ("title", "pairing", "assignee"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty when creating from a source record.")

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            return data
        source = data.get("source")
        if source == "plan_item" and not data.get("plan_item") and "plan_item" not in self.errors:
            self._choose_among_matches("plan_item", _("Choose the plan item to supervise."))
        elif (
            source == "request"
            and not data.get("coordination_request")
            and "coordination_request" not in self.errors
        ):
            self._choose_among_matches(
                "coordination_request", _("Choose the coordination request to supervise.")
            )
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

    def _choose_among_matches(self, name: str, message):
        """Nothing chosen: if words were searched (the form was submitted from the search box, e.g. without
        JavaScript), show their matches under the field to choose from."""
        query = (self.data.get(f"{name}_q") or "").strip()
        if query:
            matches = selectors.source_matches(user=self.user, field=name, query=query)
            self.fields[name].widget.matches = matches
            if matches.records:
                message = _("Choose one of the matches below.")
            else:
                message = _("Nothing you may see matches “%(query)s”: try other words.") % {"query": query}
        self.add_error(name, message)


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
