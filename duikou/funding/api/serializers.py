from rest_framework import serializers

from duikou.core.api import VersionedSerializer
from duikou.parks.models import Park
from duikou.projects.models import Project

from ..models import FundingEntry


class FundingEntrySerializer(VersionedSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True, default=None)

    class Meta:
        model = FundingEntry
        fields = ["id", "pairing", "project", "park", "source", "stage", "amount", "on", "document_number", "note",
                  "recorded_by", "created_at", "updated_at", "version"]
        read_only_fields = ["pairing", "created_at", "updated_at"]
        extra_kwargs = {"project": {"help_text": "The project the money is for (or give park)."},
                        "park": {"help_text": "The park the money is for (or give project)."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["project"].queryset = Project.objects.for_user(request.user, "view")
            self.fields["park"].queryset = Park.objects.for_user(request.user, "view")


class FundingRateSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="The pairing, project or park id, or the source code")
    label = serializers.CharField(allow_null=True)
    entries = serializers.IntegerField()
    planned = serializers.DecimalField(max_digits=18, decimal_places=2)
    committed = serializers.DecimalField(max_digits=18, decimal_places=2)
    in_place = serializers.DecimalField(max_digits=18, decimal_places=2)
    rate = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True,
                                    help_text="In place as a percentage of committed (null when nothing is committed)")
