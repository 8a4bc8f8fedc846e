from django import forms


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that knows its user (to narrow choices to the user's scope) and carries the version it
    was loaded at, so a concurrent edit is detected instead of overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def _post_clean(self):
        # Model validation runs once, in the service (full_clean before save): the single validation path.
        pass
