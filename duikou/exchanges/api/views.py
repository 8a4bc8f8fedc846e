from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from duikou.core.api import ScopedModelViewSet

from .. import services
from ..filtersets import SecondmentFilterSet, TraineeFilterSet, TrainingFilterSet
from ..models import Secondment, Trainee, Training
from ..selectors import secondment_list, trainee_list, training_list
from . import serializers

NAMES = OpenApiParameter("names", OpenApiTypes.INT, description=(
    "1: show the names a user may see (recorded in the audit log); otherwise the list is masked. Ignored for "
    "a user who may not see names."))


class NamesMaskedMixin:
    """A list masks the personal fields unless ``?names=1`` and the user may see some names; a detail read
    shows them to those who may. Every read that shows names is recorded in the audit log."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "list":
            context["show_names"] = (self.request.query_params.get("names") == "1"
                                     and Secondment.objects.may_see_any_names(self.request.user))
        return context

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if self.get_serializer_context()["show_names"]:
            rows = response.data["results"] if isinstance(response.data, dict) else response.data
            ids = [row["id"] for row in rows if row["names_shown"]]
            services.names_viewed(user=request.user, records=list(self.queryset.model.objects.filter(pk__in=ids)),
                                  where="api list")
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if response.data.get("names_shown"):
            services.names_viewed(user=request.user, records=[self.get_object()], where="api")
        return response


@extend_schema_view(list=extend_schema(parameters=[NAMES]))
class SecondmentViewSet(NamesMaskedMixin, ScopedModelViewSet):
    """Cadre secondments. Personal data: ``person_name``, ``birth_year``, ``home_post`` and ``host_post`` are
    masked in lists unless ``?names=1`` (and the user may see them); a detail read shows them to those who
    may, and each such read is recorded in the audit log."""

    queryset = Secondment.objects.all()
    serializer_class = serializers.SecondmentSerializer
    filterset_class = SecondmentFilterSet

    def get_queryset(self):
        return secondment_list(user=self.request.user, queryset=self.queryset)

    def create_instance(self, data):
        return services.secondment_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("pairing", None)
        return services.secondment_update(user=self.request.user, secondment=instance, data=data,
                                          expected_version=expected_version)

    def delete_instance(self, instance):
        services.secondment_delete(user=self.request.user, secondment=instance)


class TrainingViewSet(ScopedModelViewSet):
    """Training programmes of a pairing with their trainee counts by category (which add up to ``total``)."""

    queryset = Training.objects.all()
    serializer_class = serializers.TrainingSerializer
    filterset_class = TrainingFilterSet

    def get_queryset(self):
        return training_list(user=self.request.user, queryset=self.queryset)

    def create_instance(self, data):
        return services.training_create(user=self.request.user, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("pairing", None)
        return services.training_update(user=self.request.user, training=instance, data=data,
                                        expected_version=expected_version)

    def delete_instance(self, instance):
        services.training_delete(user=self.request.user, training=instance)


@extend_schema_view(list=extend_schema(parameters=[NAMES]))
class TraineeViewSet(NamesMaskedMixin, ScopedModelViewSet):
    """The named trainees of trainings (optional rosters). Personal data: ``person_name`` and ``post`` are
    masked as for secondments; filter by ``training``."""

    queryset = Trainee.objects.all()
    serializer_class = serializers.TraineeSerializer
    filterset_class = TraineeFilterSet

    def get_queryset(self):
        return trainee_list(user=self.request.user, queryset=self.queryset)

    def create_instance(self, data):
        training = data.pop("training")
        return services.trainee_create(user=self.request.user, training=training, data=data)

    def update_instance(self, instance, data, expected_version):
        data.pop("training", None)
        return services.trainee_update(user=self.request.user, trainee=instance, data=data,
                                       expected_version=expected_version)

    def delete_instance(self, instance):
        services.trainee_delete(user=self.request.user, trainee=instance)
