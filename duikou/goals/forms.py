import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.core.forms import ServiceModelForm
from duikou.core.scoping import ALL
from duikou.regions.models import Goal, Pairing, PolicyDocument
from duikou.regions.selectors import pairings_of

from .models import GoalTarget, ReportedFigure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PROGRAMME_CHOICE = _("— the programme as a whole —")


class GoalForm(ServiceModelForm):
    """A later goal the NDRC office enters, under a policy document of the catalogue."""

    class Meta:
        model = Goal
        fields = ["code", "title", "title_en", "target_year", "text", "document"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "code": _("A short code of your own, unique among the goals, e.g. 2025-1 (the founding document's "
                      "goals are 1 to 7)."),
            "text": _("The goal's wording in its document."),
        }

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        documents = PolicyDocument.objects.order_by("-issued_on")
        self.fields["document"].queryset = documents
        if self.instance.pk is None:
            self.fields["document"].initial = documents.values_list("pk", flat=True).first()
        if entry is not None:
            self.fields["version"].initial = entry.version


def _pairing_choices():
    return Pairing.objects.select_related("northeast", "east").order_by("-tier", "northeast_id", "east_id")


class GoalTargetForm(ServiceModelForm):
    class Meta:
        model = GoalTarget
        fields = ["goal", "measure", "pairing", "period_start", "period_end", "target_value", "note"]
        widgets = {"period_start": DATE, "period_end": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, goal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.order_by("target_year", "code")
        self.fields["goal"].label_from_instance = lambda g: f"{g.code}. {g.display_title} ({g.target_year})"
        self.fields["pairing"].queryset = _pairing_choices()
        self.fields["pairing"].empty_label = PROGRAMME_CHOICE
        if goal is not None and self.instance.pk is None:
            # A new target of a goal opens on the goal's target year.
            self.fields["goal"].initial = goal.pk
            self.fields["period_start"].initial = datetime.date(goal.target_year, 1, 1)
            self.fields["period_end"].initial = datetime.date(goal.target_year, 12, 31)


class ReportedFigureForm(ServiceModelForm):
    class Meta:
        model = ReportedFigure
        fields = ["measure", "pairing", "value", "as_of", "source", "basis", "note"]
        widgets = {"as_of": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings_of(user=self.user).order_by("-tier", "northeast_id", "east_id")
        if ReportedFigure.objects.reach(self.user, "add") == ALL:
            self.fields["pairing"].empty_label = PROGRAMME_CHOICE
        else:
            self.fields["pairing"].help_text = _("One of your pairings: the figure is a joint record both sides "
                                                 "see.")
