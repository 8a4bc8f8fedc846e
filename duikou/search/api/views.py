from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from .. import registry, text
from ..selectors import search
from . import serializers


@extend_schema(parameters=[serializers.SearchQuerySerializer],
               summary="Full-text search over the records you may see (projects, parks), best hits first")
class SearchView(generics.ListAPIView):
    """Every word of ``q`` must occur in the record (its title, description, organisations, industry,
    place); two Chinese characters are enough. Hits in the title rank first. Scoped like the records'
    own endpoints: a record you may not see is neither listed nor counted."""

    serializer_class = serializers.SearchHitSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        params = serializers.SearchQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        kind = params.validated_data.get("kind") or None
        if kind is not None and kind not in {k.key for k in registry.kinds()}:
            raise DjangoValidationError({"kind": _("“%(kind)s” is not a kind of record searched: use one of %(kinds)s.")
                                         % {"kind": kind, "kinds": ", ".join(k.key for k in registry.kinds())}})
        self.query = params.validated_data["q"]
        return search(user=self.request.user, query=self.query, kinds=[kind] if kind else None)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["terms"] = text.query_terms(getattr(self, "query", ""))
        return context
