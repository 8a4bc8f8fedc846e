from rest_framework import serializers

from duikou.accounts.models import Organisation
from duikou.core.api import VersionedSerializer
from duikou.regions.models import KeyTask
from duikou.regions.selectors import pairings_of

from ..models import CoordinationRequest, Industry, Project, ProjectReport, ProjectStageChange, Stage


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["code", "level", "name", "parent", "section"]


class ProjectStageChangeSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, default=None)

    class Meta:
        model = ProjectStageChange
        fields = ["from_stage", "to_stage", "on", "reason", "user", "recorded_at"]


class ProjectSerializer(VersionedSerializer):
    key_task = serializers.SlugRelatedField(slug_field="code", queryset=KeyTask.objects.all())
    industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.exclude(level=Industry.Level.SECTION),
                                                  help_text="A GB/T 4754 division (大类) or finer code, e.g. 34")
    investors = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none(), many=True, required=False)
    host_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    stage_changes = ProjectStageChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = ["id", "pairing", "title", "key_task", "industry", "location", "park", "host_organisation",
                  "investors", "national_code", "planned_investment", "stage", "stage_since", "is_landmark", "is_key",
                  "green_channel_officer", "description", "stage_changes", "created_at", "updated_at", "version"]
        read_only_fields = ["stage", "stage_since", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        organisations = Organisation.objects.for_user(request.user, "view")
        self.fields["pairing"].queryset = pairings_of(user=request.user)
        self.fields["host_organisation"].queryset = organisations
        self.fields["investors"].child_relation.queryset = organisations
        from duikou.parks.models import Park

        self.fields["park"].queryset = Park.objects.for_user(request.user, "view")


class StageChangeSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ProjectReportSerializer(serializers.ModelSerializer):
    reported_by = serializers.CharField(source="reported_by.username", read_only=True, default=None)
    confirm = serializers.BooleanField(write_only=True, required=False, default=False,
                                       help_text="Keep figures that were questioned (send again with true).")

    class Meta:
        model = ProjectReport
        fields = ["id", "period", "investment_in_period", "investment_cumulative", "narrative", "problems",
                  "confirmed_warnings", "reported_by", "created_at", "confirm"]
        read_only_fields = ["confirmed_warnings", "created_at"]


class CoordinationRequestSerializer(serializers.ModelSerializer):
    officer = serializers.CharField(source="officer.username", read_only=True, default=None)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = CoordinationRequest
        fields = ["id", "pairing", "project", "park", "kind", "title", "description", "officer", "due_on", "status",
                  "is_overdue", "answer", "answered_at", "closed_at", "escalated_at", "created_at"]
        read_only_fields = ["pairing", "due_on", "status", "answer", "answered_at", "closed_at", "escalated_at",
                            "created_at"]
        extra_kwargs = {"project": {"help_text": "The project the request is about (or give park)."},
                        "park": {"help_text": "The park the request is about (or give project)."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "project" in self.fields:
            from duikou.parks.models import Park

            self.fields["project"].queryset = Project.objects.for_user(request.user, "view")
            self.fields["park"].queryset = Park.objects.for_user(request.user, "view")

    def validate(self, attrs):
        if bool(attrs.get("project")) == bool(attrs.get("park")):
            raise serializers.ValidationError({"project": "Give the project or the park the request is about "
                                                          "(one of the two)."})
        return attrs


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()
