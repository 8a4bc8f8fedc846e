"""The full-text index of projects (and, as they register, parks …): one document per record, kept by
the search services in step with the record (``services.py``).

The tokens (``text.index_tokens``) are indexed by the database itself, created by migration 0002:

* PostgreSQL: a stored generated ``tsvector`` column ``vector`` (title weighted A, body B, ``simple``
  configuration) with a GIN index;
* SQLite: the FTS5 table ``search_document_fts`` (external content: this table), kept in step by triggers.

Note for later migrations of this model on SQLite: Django rebuilds a table to alter it, and dropping the
old table drops its triggers; such a migration must create the three triggers of 0002 again.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from duikou.regions.models import Pairing

from .querysets import SearchDocumentQuerySet


class SearchDocument(models.Model):
    # indexed by the unique constraint below, which starts with it
    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE,
                                     related_name="+", db_index=False)
    object_id = models.PositiveBigIntegerField(_("record id"))
    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True, help_text=_("The body text searched and shown in snippets."))
    title_tokens = models.TextField(editable=False, blank=True)
    tokens = models.TextField(editable=False, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        db_table = "search_document"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"],
                                               name="search_one_document_per_record")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        kind = self.kind
        return kind.url(self.object_id) if kind else ""

    @property
    def kind(self):
        """The registered kind of the record (``registry.Kind``), or None if it is no longer registered."""
        from .registry import kind_for_content_type_id

        return kind_for_content_type_id(self.content_type_id)
