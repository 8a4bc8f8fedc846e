from rest_framework import serializers

from duikou.core.api import VersionedSerializer

from ..models import Agreement, Goal, KeyTask, KeyTaskGroup, Pairing, Principle, Region, Safeguard
from ..selectors import pairings_of


class RegionSerializer(VersionedSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent", "version"]


class PairingSerializer(VersionedSerializer):
    northeast_name = serializers.CharField(source="northeast.name", read_only=True)
    east_name = serializers.CharField(source="east.name", read_only=True, allow_null=True, default=None)
    source_document_number = serializers.CharField(source="source_document.number", read_only=True)

    class Meta:
        model = Pairing
        fields = ["id", "northeast", "northeast_name", "east", "east_name", "tier", "status", "established_on",
                  "source_document", "source_document_number", "parent", "note", "version"]


class KeyTaskSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.code", read_only=True)
    group_title = serializers.CharField(source="group.title", read_only=True)

    class Meta:
        model = KeyTask
        fields = ["code", "group", "group_title", "title", "title_en", "reference_text"]


class KeyTaskGroupSerializer(serializers.ModelSerializer):
    tasks = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = KeyTaskGroup
        fields = ["code", "title", "title_en", "tasks"]


class PrincipleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Principle
        fields = ["code", "title", "title_en", "text"]


class SafeguardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Safeguard
        fields = ["code", "title", "title_en", "text"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["code", "title", "title_en", "target_year", "text"]


class AgreementSerializer(VersionedSerializer):
    key_tasks = serializers.SlugRelatedField(slug_field="code", many=True, queryset=KeyTask.objects.all(),
                                             required=False)
    pairing_name = serializers.CharField(source="pairing.__str__", read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "pairing", "pairing_name", "title", "kind", "signed_on", "document_number", "signatories",
                  "summary", "key_tasks", "created_at", "updated_at", "version"]
        read_only_fields = ["created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "pairing" in self.fields:
            # Only the user's pairings are offered; any other is "does not exist", which leaks nothing.
            self.fields["pairing"].queryset = pairings_of(user=request.user)
