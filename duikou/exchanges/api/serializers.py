from rest_framework import serializers

from duikou.accounts.models import Organisation
from duikou.core.api import VersionedSerializer
from duikou.regions.selectors import pairings_of

from ..models import Secondment, Trainee, Training
from ..selectors import names_visible, personal_display, trainee_display


class SecondmentSerializer(VersionedSerializer):
    """The personal fields are masked exactly as on the pages: in clear only for a user who may see them
    and, in a list, asked to (``show_names`` in the context); ``names_shown`` says which it is."""

    names_shown = serializers.SerializerMethodField()

    class Meta:
        model = Secondment
        fields = ["id", "pairing", "person_name", "sex", "birth_year", "rank", "home_organisation", "home_post",
                  "host_organisation", "host_post", "direction", "start", "end", "status", "anonymised_at",
                  "names_shown", "created_at", "updated_at", "version"]
        read_only_fields = ["direction", "anonymised_at", "created_at", "updated_at"]
        extra_kwargs = {"person_name": {"required": True, "allow_blank": False},
                        "birth_year": {"required": True, "allow_null": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        organisations = Organisation.objects.for_user(request.user, "view").filter(region__isnull=False)
        self.fields["pairing"].queryset = pairings_of(user=request.user)
        self.fields["home_organisation"].queryset = organisations
        self.fields["host_organisation"].queryset = organisations
        if self.instance is not None and not isinstance(self.instance, list | tuple) and hasattr(self.instance, "pk"):
            self.fields["pairing"].read_only = True

    def _shown(self, instance):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        visible = names_visible(user=user, secondment=instance)
        return personal_display(secondment=instance, visible=visible, show=self.context.get("show_names", True))

    def get_names_shown(self, instance) -> bool:
        return self._shown(instance)["shown"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        shown = self._shown(instance)
        for name in Secondment.personal_fields:
            data[name] = shown[name]
        return data


class TrainingSerializer(VersionedSerializer):
    """A training and its trainee counts; the roster is at ``/api/v1/trainees/?training=<id>``."""

    class Meta:
        model = Training
        fields = ["id", "pairing", "title", "host_institution", "place", "start", "end", "status", "leaders",
                  "managers", "technical", "total", "notes", "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        self.fields["pairing"].queryset = pairings_of(user=request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and hasattr(self.instance, "pk"):
            self.fields["pairing"].read_only = True


class TraineeSerializer(VersionedSerializer):
    """A name on a training's roster, masked exactly as on the training's page (``names_shown``)."""

    names_shown = serializers.SerializerMethodField()

    class Meta:
        model = Trainee
        fields = ["id", "training", "person_name", "sex", "category", "organisation_name", "post", "anonymised_at",
                  "names_shown", "created_at", "updated_at", "version"]
        read_only_fields = ["anonymised_at", "created_at", "updated_at"]
        extra_kwargs = {"person_name": {"required": True, "allow_blank": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        self.fields["training"].queryset = Training.objects.for_user(request.user, "view")
        if self.instance is not None and not isinstance(self.instance, list | tuple) and hasattr(self.instance, "pk"):
            self.fields["training"].read_only = True

    def _shown(self, instance):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        visible = getattr(instance, "names_visible", None)
        if visible is None:
            visible = Training.objects.may_see_roster(user, instance.training)
        return trainee_display(trainee=instance, visible=bool(visible), show=self.context.get("show_names", True))

    def get_names_shown(self, instance) -> bool:
        return self._shown(instance)["shown"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        shown = self._shown(instance)
        for name in Trainee.personal_fields:
            data[name] = shown[name]
        return data
