from rest_framework import serializers

from .. import text


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, allow_blank=True, trim_whitespace=True,
                              help_text="The words to find, e.g. 新能源 汽车. Every word must occur; two Chinese "
                                        "characters are enough. Blank or punctuation only: no hits.")
    kind = serializers.CharField(required=False, allow_blank=True,
                                 help_text="Only this kind of record: project (parks as they join the search).")


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.key", help_text="The kind of record: project, park …")
    id = serializers.IntegerField(source="object_id", help_text="The record's id in its own endpoint.")
    title = serializers.CharField()
    pairing = serializers.IntegerField(source="pairing_id", allow_null=True)
    pairing_name = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", help_text="The record's page in the back office.")
    rank = serializers.FloatField(source="search_rank", help_text="Relevance: higher is better; comparable only "
                                                                  "within one query.")
    snippet = serializers.SerializerMethodField()

    def get_pairing_name(self, document) -> str | None:
        return str(document.pairing) if document.pairing_id else None

    def get_snippet(self, document) -> str:
        return text.plain_snippet(document.text, self.context.get("terms", []))
