"""Which kinds of record the full-text search covers, and what each contributes to the index.

An app's record joins the search by one ``register(...)`` call in ``duikou/search/documents.py``, naming
how to read its index text (``document``, given an instance of ``queryset``) and its page. Who may see a
hit is always the model's own ``Model.objects.for_user(user, "view")``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.urls import reverse


@dataclass(frozen=True)
class Document:
    """What a record gives the index: its title, the body text searched and shown in snippets, and the
    pairing it belongs to (or None)."""

    title: str
    text: str
    pairing_id: int | None = None


@dataclass(frozen=True)
class Kind:
    key: str  # "project", "park": the ``kind`` of a hit in the API and the page's filter
    model: type[models.Model]
    url_name: str  # the record's page, reversed with its primary key
    document: Callable[[models.Model], Document]
    queryset: Callable[[], models.QuerySet]  # rows to index, with what ``document`` reads joined or prefetched

    @property
    def label(self):
        return self.model._meta.verbose_name

    def url(self, object_id) -> str:
        return reverse(self.url_name, args=[object_id])


_kinds: dict[str, Kind] = {}


def register(*, key: str, model: type[models.Model], url_name: str, document: Callable[[models.Model], Document],
             queryset: Callable[[], models.QuerySet] | None = None) -> Kind:
    if key in _kinds and _kinds[key].model is not model:
        raise ValueError(f"The search kind {key!r} is already registered for {_kinds[key].model.__name__}.")
    kind = Kind(key=key, model=model, url_name=url_name, document=document,
                queryset=queryset or (lambda: model._default_manager.all()))
    _kinds[key] = kind
    return kind


def kinds() -> list[Kind]:
    return list(_kinds.values())


def kind_for_key(key: str) -> Kind:
    return _kinds[key]


def kind_for_model(model: type[models.Model]) -> Kind:
    for kind in _kinds.values():
        if kind.model is model or kind.model is getattr(model._meta, "concrete_model", model):
            return kind
    raise LookupError(f"{model.__name__} is not registered for full-text search (duikou/search/documents.py).")


def kind_for_content_type_id(content_type_id: int) -> Kind | None:
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return next((kind for kind in _kinds.values() if kind.model is model), None)
