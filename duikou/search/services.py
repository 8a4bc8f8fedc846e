"""Writes of the search index: a record's document after each change (called by the record's own
services, inside their transaction) and the bulk rebuild (``manage.py search_reindex``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from . import registry, text
from .models import SearchDocument

UPSERT_FIELDS = ["pairing", "title", "text", "title_tokens", "tokens", "indexed_at"]


def _document(kind: registry.Kind, content_type: ContentType, instance: models.Model) -> SearchDocument:
    document = kind.document(instance)
    title = " ".join(document.title.split())[:300]
    body = document.text[:text.MAX_TEXT]
    return SearchDocument(content_type=content_type, object_id=instance.pk, pairing_id=document.pairing_id,
                          title=title, text=body, title_tokens=text.index_tokens(title),
                          tokens=text.index_tokens(body))


def _upsert(documents: list[SearchDocument]) -> None:
    """Insert, or update the document already there (one statement per batch on both databases)."""
    SearchDocument.objects.bulk_create(documents, update_conflicts=True, unique_fields=["content_type", "object_id"],
                                       update_fields=UPSERT_FIELDS)


@transaction.atomic
def search_index_update(*, instance: models.Model) -> None:
    """Index ``instance`` again, as saved (its many-to-many relations included: call this after they are
    set)."""
    kind = registry.kind_for_model(type(instance))
    content_type = ContentType.objects.get_for_model(kind.model)
    current = kind.queryset().filter(pk=instance.pk).first()
    if current is None:
        search_index_remove(instance=instance)
        return
    _upsert([_document(kind, content_type, current)])


def search_index_remove(*, instance: models.Model) -> None:
    """Take ``instance`` out of the index (call it before deleting the record: the pk is still set)."""
    kind = registry.kind_for_model(type(instance))
    SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(kind.model),
                                  object_id=instance.pk).delete()


def search_reindex(*, model: type[models.Model] | None = None, batch_size: int = 500) -> dict[str, int]:
    """Rebuild the documents of every registered kind (or of ``model``'s), in batches of ``batch_size``
    records, each batch its own transaction; documents of records that no longer exist are removed.
    Returns the number of records indexed per kind."""
    chosen = [registry.kind_for_model(model)] if model is not None else registry.kinds()
    counts = {}
    for kind in chosen:
        content_type = ContentType.objects.get_for_model(kind.model)
        count, last_pk = 0, None
        while True:
            rows = kind.queryset().order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows[:batch_size])
            if not batch:
                break
            with transaction.atomic():
                _upsert([_document(kind, content_type, instance) for instance in batch])
            count += len(batch)
            last_pk = batch[-1].pk
        SearchDocument.objects.filter(content_type=content_type).exclude(
            object_id__in=kind.model._default_manager.values("pk")).delete()
        counts[kind.key] = count
    return counts
