from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autofocus": True,
                                                      "placeholder": _("e.g. 新能源 汽车, 园区, 冷链")}))
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *((kind.key, kind.label) for kind in registry.kinds())]
