"""Reads of the full-text search: ranked hits the user may see, and matching ids for a list's filter."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.safestring import SafeString

from . import registry, text
from .models import SearchDocument

SNIPPET_WIDTH = 120


def search(*, user, query: str, kinds: list[str] | None = None) -> models.QuerySet[SearchDocument]:
    """Documents of the records ``user`` may view that contain every word of ``query``, best first (rank,
    then newest), annotated ``search_rank``. Scoped, matched and ranked in one SQL query through the
    full-text index, so a page or a count of it never sees a record outside the user's scope. Empty for a
    blank or punctuation-only query. ``kinds``: only these kinds of record ("project", "park")."""
    terms = text.query_terms(query)
    if not terms:
        return SearchDocument.objects.none()
    documents = SearchDocument.objects.for_user(user, "view")
    if kinds:
        documents = documents.filter(content_type__in=[
            ContentType.objects.get_for_model(registry.kind_for_key(key).model) for key in kinds])
    return (documents.matching(terms).select_related("pairing__northeast", "pairing__east")
            .order_by("-search_rank", "-id"))


def search_matching_ids(*, model: type[models.Model], query: str) -> models.QuerySet:
    """The primary keys of ``model``'s records that contain every word of ``query`` (a subquery for
    ``pk__in=``). Not scoped: use it only to narrow a queryset that already is (a list's filter)."""
    terms = text.query_terms(query)
    content_type = ContentType.objects.get_for_model(registry.kind_for_model(model).model)
    return SearchDocument.objects.filter(content_type=content_type).matching(terms, rank=False).values("object_id")


@dataclass(frozen=True)
class Hit:
    kind: registry.Kind | None
    object_id: int
    url: str
    title: SafeString
    snippet: SafeString
    pairing: object
    rank: float


def search_hits(*, documents, query: str) -> list[Hit]:
    """A page of ``search`` as shown: the title and a snippet of the text with the query's words marked.
    No query: the documents carry what is shown."""
    terms = text.query_terms(query)
    hits = []
    for document in documents:
        kind = document.kind
        hits.append(Hit(kind=kind, object_id=document.object_id, url=kind.url(document.object_id) if kind else "",
                        title=text.highlight(document.title, terms),
                        snippet=text.highlight(document.text, terms, width=SNIPPET_WIDTH),
                        pairing=document.pairing, rank=getattr(document, "search_rank", 0.0)))
    return hits
