from rest_framework import serializers

from ..models import ImportBatch


class ImportIssueSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row number as Excel shows it.")
    column = serializers.CharField(help_text="The column's header as in the file (empty: the whole row).")
    letter = serializers.CharField(help_text="The column's letter in the sheet, when the sheet has the column.")
    message = serializers.CharField()


class ImportWarningSerializer(ImportIssueSerializer):
    code = serializers.CharField(help_text="cumulative_down, beyond_plan, does_not_add_up or before_start.")
    confirmed = serializers.BooleanField(help_text="Confirmed by the row's 确认提示 column.")


class ImportSummarySerializer(serializers.Serializer):
    created = serializers.IntegerField(required=False)
    updated = serializers.IntegerField(required=False)
    unchanged = serializers.IntegerField(required=False)


class ImportResultSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["created", "updated"])
    project = serializers.IntegerField(allow_null=True, help_text=(
        "The project the record is about (a project; a report's or a funding entry's project); null for a park's "
        "record (funding of a park, a park's monthly figures)."))
    record = serializers.IntegerField(allow_null=True, help_text=(
        "The id of the record written, of the batch's kind: a project, a monthly report, a funding entry or a park's "
        "monthly figures (null in batches imported before it was kept)."))
    label = serializers.CharField()
    url = serializers.CharField()
    changed = serializers.ListField(child=serializers.CharField(), help_text="Headers of the columns changed.")

    def to_representation(self, instance):
        row, action, project, label, url, changed, *rest = instance
        return {"row": row, "action": action, "project": project, "record": rest[0] if rest else None,
                "label": label, "url": url, "changed": changed}


class ImportBatchSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    errors = ImportIssueSerializer(many=True, read_only=True)
    warnings = ImportWarningSerializer(many=True, read_only=True)
    summary = ImportSummarySerializer(read_only=True)
    results = ImportResultSerializer(many=True, read_only=True)
    unconfirmed_warnings = serializers.IntegerField(read_only=True)
    can_commit = serializers.BooleanField(read_only=True)

    class Meta:
        model = ImportBatch
        fields = ["id", "kind", "status", "file_name", "file_size", "sha256", "sheet", "row_count", "ignored_columns",
                  "summary", "errors", "warnings", "unconfirmed_warnings", "results", "can_commit", "confirm_warnings",
                  "user", "created_at", "previewed_at", "committed_at"]
        read_only_fields = fields


class ImportBatchListSerializer(serializers.ModelSerializer):
    summary = ImportSummarySerializer(read_only=True)
    error_count = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = ["id", "kind", "status", "file_name", "row_count", "summary", "error_count", "created_at",
                  "committed_at"]
        read_only_fields = fields

    def get_error_count(self, batch) -> int:
        return len(batch.errors)


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportBatch.Kind.choices)
    file = serializers.FileField(help_text="The workbook (.xlsx), e.g. the kind's template filled in.")


class ImportCommitSerializer(serializers.Serializer):
    confirm_warnings = serializers.BooleanField(default=False, help_text="Keep every questioned figure.")
