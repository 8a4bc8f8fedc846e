from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duikou.accounts.models import Organisation
from duikou.core.forms import ServiceModelForm
from duikou.regions.models import KeyTask, Pairing
from duikou.regions.selectors import pairings_of, side_regions

from .models import Event, EventOutcome
from .selectors import outcome_projects

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(ServiceModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "start",
            "end",
            "place",
            "pairings",
            "key_task",
            "organisations",
            "leaders",
            "description",
        ]
        widgets = {
            "start": DATE,
            "end": DATE,
            "leaders": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "pairings": forms.SelectMultiple(attrs={"size": 6}),
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any pairing (who pairs with whom is public): an expo may bring several together; the service asks
        # for at least one of the user's own.
        self.fields["pairings"].queryset = Pairing.objects.select_related("northeast", "east")
        if not self.instance.pk:
            self.fields["pairings"].initial = list(pairings_of(user=self.user)[:1])
        regions = side_regions(list(pairings_of(user=self.user)))
        visible = (
            Organisation.objects.for_user(self.user, "view")
            .filter(Q(region__in=regions) | Q(region__isnull=True))
            .values("pk")
        )
        chosen = self.instance.organisations.values("pk") if self.instance.pk else Organisation.objects.none()
        self.fields["organisations"].queryset = (
            Organisation.objects.filter(Q(pk__in=visible) | Q(pk__in=chosen))
            .select_related("region")
            .order_by("region_id", "name")
        )
        self.fields["organisations"].required = False
        self.fields["key_task"].queryset = KeyTask.objects.select_related("group").order_by("group__code", "code")


class EventOutcomeForm(ServiceModelForm):
    class Meta:
        model = EventOutcome
        fields = ["title", "agreements", "amount", "pairing", "project"]

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event or self.instance.event
        self.fields["pairing"].queryset = self.event.pairings.select_related("northeast", "east")
        self.fields["pairing"].required = False
        self.fields["pairing"].help_text = _(
            "One of the event's pairings; leave empty when a project is chosen (its pairing is used)."
        )
        self.fields["project"].queryset = outcome_projects(user=self.user, event=self.event)
        self.fields["agreements"].widget.attrs["min"] = 1
        self.fields["amount"].widget.attrs["min"] = 0

    def service_data(self) -> dict:
        data = super().service_data()
        if data.get("pairing") is None:
            data.pop("pairing", None)
        return data
