from rest_framework import serializers

from duikou.core.api import VersionedSerializer

from ..indicators import REGISTRY
from ..models import Dimension, Framework, Indicator


class FrameworkIndicatorSerializer(VersionedSerializer):
    """An indicator of a framework's dimension; ``query`` is the name of a registered query (see
    ``query_label``) for a computed one."""

    query = serializers.ChoiceField(
        choices=[("", "")] + [(name, str(q.label)) for name, q in REGISTRY.items()],
        required=False,
        allow_blank=True,
    )
    query_label = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "framework",
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
            "query_label",
            "per_side",
            "description",
            "order",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["framework", "created_at", "updated_at"]
        extra_kwargs = {"source": {"required": True, "allow_blank": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "dimension" in self.fields:
            self.fields["dimension"].queryset = Dimension.objects.for_user(request.user, "view")

    def get_query_label(self, instance) -> str:
        query = REGISTRY.get(instance.query)
        return str(query.label) if query else ""


class FrameworkDimensionSerializer(VersionedSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "framework", "name", "order", "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["framework"].queryset = Framework.objects.for_user(request.user, "view")
        if (
            self.instance is not None
            and not isinstance(self.instance, list | tuple)
            and hasattr(self.instance, "pk")
        ):
            self.fields["framework"].read_only = True


class FrameworkNestedIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
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
        read_only_fields = fields


class FrameworkNestedDimensionSerializer(serializers.ModelSerializer):
    indicators = FrameworkNestedIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["id", "name", "order", "indicators"]
        read_only_fields = fields


class FrameworkSerializer(VersionedSerializer):
    """A version of an indicator framework with its dimensions and indicators (read-only here: write them at
    ``/api/v1/framework-dimensions/`` and ``/api/v1/framework-indicators/``). ``version_number`` is the
    framework's version (1, 2, …); ``version`` is the record's edit lock."""

    dimensions = FrameworkNestedDimensionSerializer(many=True, read_only=True)
    weight_total = serializers.SerializerMethodField()
    is_frozen = serializers.BooleanField(
        read_only=True, help_text="A frozen version can no longer change: copy it."
    )

    class Meta:
        model = Framework
        fields = [
            "id",
            "name",
            "code",
            "version_number",
            "status",
            "notes",
            "copied_from",
            "published_at",
            "is_frozen",
            "weight_total",
            "dimensions",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "version_number",
            "status",
            "copied_from",
            "published_at",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (
            self.instance is not None
            and not isinstance(self.instance, list | tuple)
            and hasattr(self.instance, "pk")
        ):
            self.fields["code"].read_only = True

    def get_weight_total(self, instance) -> str:
        total = sum((i.weight for d in instance.dimensions.all() for i in d.indicators.all()), 0)
        return f"{total:.2f}"
