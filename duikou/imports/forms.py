from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(label=_("Excel workbook (.xlsx)"), widget=forms.ClearableFileInput(
        attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(key, kind.label) for key, kind in KINDS.items() if kind.may_import(user)]


class ImportCommitForm(forms.Form):
    confirm_warnings = forms.BooleanField(label=_("I have checked the questioned figures and confirm them"),
                                          required=False)
