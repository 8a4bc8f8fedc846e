from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from duikou.core.forms import ServiceModelForm
from duikou.core.roles import Role
from duikou.regions.models import Region

from .models import Organisation, User


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), strip=False, widget=forms.PasswordInput)
    new_password1 = forms.CharField(label=_("New password"), strip=False, widget=forms.PasswordInput,
                                    help_text=password_validation.password_validators_help_text_html)
    new_password2 = forms.CharField(label=_("New password again"), strip=False, widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") and cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ; type the same password twice."))
        return cleaned


class OrganisationForm(ServiceModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "name_en", "kind", "region", "uscc", "parent", "address", "contact_name", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        # Only regions (and parent organisations) the user may write for are offered.
        if Organisation.objects.reach(self.user, action) == "all":
            self.fields["region"].queryset = Region.objects.select_related("parent")
        else:
            self.fields["region"].queryset = Region.objects.filter(code__in=self.user.scope.region_codes)
        self.fields["parent"].queryset = Organisation.objects.for_user(self.user, "view").select_related("region")


class UserForm(ServiceModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "organisation", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_user(self.user, "view").select_related("region")
        if self.instance.pk:
            self.fields["username"].disabled = True


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.select_related("parent"),
                                    required=False,
                                    help_text=_("Only for coordinators and reporters: the region they work for."))
