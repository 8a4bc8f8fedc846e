from django import forms
from django.utils.translation import gettext_lazy as _

from duikou.core.forms import ServiceModelForm

from .indicators import query_choices
from .models import Dimension, Framework, Indicator

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
        fields = [
            "dimension",
            "code",
            "name",
            "unit",
            "direction",
            "weight",
            "normalisation",
            "target_value",
            "source",
            "query",
            "per_side",
            "description",
            "order",
        ]
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
