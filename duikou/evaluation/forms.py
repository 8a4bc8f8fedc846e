from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from duikou.core.forms import ServiceModelForm

from .indicators import query_choices
from .models import INDICATOR_FIELDS, Dimension, EvaluationRound, Framework, Indicator, PairingOutcome

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FrameworkForm(ServiceModelForm):
    class Meta:
        model = Framework
        fields = ["name", "code", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class DimensionForm(ServiceModelForm):
    class Meta:
        model = Dimension
        fields = ["name", "order"]


class IndicatorForm(ServiceModelForm):
    """``framework`` (the one the indicator is added to) narrows the dimensions; the query dropdown lists the
    registered queries by their labels."""

    class Meta:
        model = Indicator
        fields = ["dimension", *INDICATOR_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        framework = framework or self.instance.framework
        self.fields["dimension"].queryset = Dimension.objects.filter(framework=framework).order_by(
            "order", "id"
        )
        self.fields["query"] = forms.ChoiceField(
            label=_("Query"),
            required=False,
            choices=[("", "---------"), *query_choices()],
            help_text=Indicator._meta.get_field("query").help_text,
        )
        self.fields["source"].required = False  # the model's rule says what is missing


class PreviewForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts: correct the dates."))
        return data


# --- evaluation rounds ---------------------------------------------------------------------------------------


class RoundForm(ServiceModelForm):
    """A new round: name, period, a published framework version and the pairings (default: every formal pairing
    with both sides)."""

    class Meta:
        model = EvaluationRound
        fields = ["name", "period_start", "period_end", "framework", "pairings"]
        widgets = {"period_start": DATE, "period_end": DATE, "pairings": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        from .rounds import default_pairings

        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.filter(status=Framework.Status.PUBLISHED)
        self.fields["pairings"].queryset = default_pairings().select_related("northeast", "east")
        self.fields["pairings"].help_text = _("Leave all unticked to evaluate every formal pairing.")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("pairings", list(default_pairings().values_list("pk", flat=True)))


class ComputeForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Override reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when some self-assessments are not confirmed by both sides: why the office goes ahead."
        ),
    )


class PublishForm(forms.Form):
    publish_scores = forms.BooleanField(
        label=EvaluationRound._meta.get_field("publish_scores").verbose_name, required=False
    )
    publish_ranks = forms.BooleanField(
        label=EvaluationRound._meta.get_field("publish_ranks").verbose_name, required=False
    )
    publish_all = forms.BooleanField(
        label=EvaluationRound._meta.get_field("publish_all").verbose_name, required=False
    )


class OutcomeForm(forms.Form):
    """A pairing's outcome; for a rectification, up to three items (title, what to rectify, responsible side,
    deadline); items left without a title are ignored."""

    ITEMS = 3

    kind = forms.ChoiceField(label=pgettext_lazy("evaluation", "Outcome"), choices=PairingOutcome.Kind.choices)
    assessment = forms.CharField(label=_("Qualitative assessment"), widget=forms.Textarea(attrs={"rows": 4}))
    rectification_title = forms.CharField(label=_("Title of the rectification requirement"), required=False)

    def __init__(self, *args, pairing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairing = pairing
        sides = (
            [(pairing.northeast_id, pairing.northeast), (pairing.east_id, pairing.east)] if pairing else []
        )
        for n in range(1, self.ITEMS + 1):
            self.fields[f"item{n}_title"] = forms.CharField(
                label=_("Item %(n)s: title") % {"n": n}, required=False
            )
            self.fields[f"item{n}_text"] = forms.CharField(
                label=_("Item %(n)s: what must be rectified") % {"n": n}, required=False
            )
            self.fields[f"item{n}_side"] = forms.ChoiceField(
                label=_("Item %(n)s: responsible side") % {"n": n},
                choices=[("", "—")] + sides,
                required=False,
            )
            self.fields[f"item{n}_deadline"] = forms.DateField(
                label=_("Item %(n)s: deadline") % {"n": n}, required=False, widget=DATE
            )

    def items(self) -> list[dict]:
        from duikou.regions.models import Region

        items = []
        for n in range(1, self.ITEMS + 1):
            title = self.cleaned_data.get(f"item{n}_title")
            if not title:
                continue
            side = self.cleaned_data.get(f"item{n}_side")
            items.append(
                {
                    "title": title,
                    "requirement_text": self.cleaned_data.get(f"item{n}_text") or "",
                    "responsible_region": Region.objects.filter(pk=side).first() if side else None,
                    "deadline": self.cleaned_data.get(f"item{n}_deadline"),
                }
            )
        return items
