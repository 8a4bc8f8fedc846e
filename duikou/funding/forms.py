from django import forms

from duikou.core.forms import ServiceModelForm
from duikou.parks.models import Park
from duikou.projects.models import Project

from .models import FundingEntry


class FundingEntryForm(ServiceModelForm):
    class Meta:
        model = FundingEntry
        fields = ["project", "park", "source", "stage", "amount", "on", "document_number", "note"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.for_user(self.user, "view").only("id", "title")
        parks = Park.objects.for_user(self.user, "view").only("id", "name")
        target = target or (self.instance.target if self.instance.pk else None)
        if isinstance(target, Project):
            projects, parks = projects.filter(pk=target.pk), parks.none()
            self.fields["project"].initial = target.pk
        elif isinstance(target, Park):
            projects, parks = projects.none(), parks.filter(pk=target.pk)
            self.fields["park"].initial = target.pk
        self.fields["project"].queryset = projects
        self.fields["park"].queryset = parks
        for name in ("project", "park"):
            if not self.fields[name].queryset.exists():
                self.fields[name].widget = forms.HiddenInput()
