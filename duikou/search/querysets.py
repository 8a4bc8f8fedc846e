"""Who sees a search document, and how a query matches and ranks documents on each database.

Scoping is the indexed record's own: a document is visible exactly when its record is in
``Model.objects.for_user(user, "view")``, tested inside the SQL (``object_id IN (scoped ids)``), so ranking,
counting and paging only ever see what the user may see. Nobody writes documents through the platform:
the search services keep them in step with their records."""

from __future__ import annotations

from django.db import NotSupportedError, connections
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import Expression, RawSQL

from duikou.core.scoping import _REACH_ORDER, ScopedQuerySet

from . import text

# Ranking: a word in the title (weight A on PostgreSQL, the first FTS5 column on SQLite) counts about ten
# times one in the body, so title hits come first.
PG_WEIGHTS = "{0.1, 0.1, 0.1, 1.0}"  # D, C, B (body), A (title)
SQLITE_RANK = "-bm25(search_document_fts, 10.0, 1.0)"  # weights of title_tokens, tokens; bm25: lower is better


class SearchDocumentQuerySet(ScopedQuerySet):
    # --- scoping: the record's own ----------------------------------------------------------------------
    def reach(self, user, action: str):
        from . import registry

        if action != "view":
            return None
        reaches = [r for r in (kind.model.objects.reach(user, "view") for kind in registry.kinds()) if r]
        return max(reaches, key=_REACH_ORDER.__getitem__) if reaches else None

    def visible_q(self, user) -> Q:
        """Documents of records the user may view: per kind, all of them (national roles) or those whose
        record is in the scoped queryset (a subquery, or the document's own pairing when that is the rule)."""
        from django.contrib.contenttypes.models import ContentType

        from . import registry

        condition = Q(pk__in=[])
        for kind in registry.kinds():
            visible = kind.model.objects.for_user(user, "view")
            if visible.query.is_empty():
                continue
            content_type = ContentType.objects.get_for_model(kind.model)
            if not visible.query.where:
                condition |= Q(content_type=content_type)
            elif self._scoped_by_pairing_only(kind.model):
                # The document carries its record's pairing (a project or park never changes pairing): the
                # same rows as the subquery, read from the document itself.
                condition |= Q(content_type=content_type, pairing_id__in=user.scope.pairing_ids)
            else:
                condition |= Q(content_type=content_type, object_id__in=visible.values("pk"))
        return condition

    @staticmethod
    def _scoped_by_pairing_only(model) -> bool:
        """Is the model's view scope exactly "records of the user's pairings" (no region rule, no override)?"""
        queryset = model.objects.all()
        return (queryset.pairing_field == "pairing" and queryset.region_field is None
                and type(queryset).for_user is ScopedQuerySet.for_user)

    def for_user(self, user, action: str = "view"):
        if self.reach(user, action) is None:
            return self.none()
        return self.filter(self.visible_q(user))

    def allows(self, user, action: str, instance) -> bool:
        if action != "view" or instance.pk is None:
            return False
        return self.for_user(user, "view").filter(pk=instance.pk).exists()

    # --- matching and ranking ------------------------------------------------------------------------------
    def matching(self, terms: list[text.Term], *, rank: bool = True):
        """Documents containing every term (see ``text.query_terms``), through the full-text index: the GIN
        index on PostgreSQL, the FTS5 table on SQLite. With ``rank``, annotated ``search_rank`` (higher is
        better: ``ts_rank`` on PostgreSQL, minus ``bm25`` on SQLite) for ordering; a ranked queryset is
        read as it is (paged, counted), not used as a subquery."""
        if not terms:
            return self.none()
        vendor = connections[self.db].vendor
        if vendor == "postgresql":
            query = text.tsquery(terms)
            matched = self.filter(_TsMatch(query))
            return matched.annotate(search_rank=_TsRank(query)) if rank else matched
        if vendor == "sqlite":
            query = text.fts5_query(terms)
            if not rank:
                return self.filter(id__in=RawSQL(
                    "SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH %s", (query,)))
            # bm25() needs the FTS5 table in FROM, joined by rowid (= search_document.id); it is not a Django
            # model, and ``extra`` is the ORM's way to add a table to FROM. The unary + keeps SQLite from
            # reading the join the other way round (each document, then the MATCH again for its rowid: a
            # count over 100,000 documents took seconds to minutes instead of milliseconds).
            return self.extra(
                tables=["search_document_fts"],
                where=["+search_document_fts.rowid = search_document.id", "search_document_fts MATCH %s"],
                params=[query],
                select={"search_rank": SQLITE_RANK},
            )
        raise NotSupportedError(f"Full-text search runs on PostgreSQL and SQLite, not on {vendor}.")


def _vector(compiler) -> str:
    """The PostgreSQL tsvector column (generated by migration 0002, unknown to the model), under the alias
    the query gives the document table (``U0`` in a subquery)."""
    return f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.vector"


class _TsMatch(Expression):
    output_field = BooleanField()

    def __init__(self, tsquery: str):
        super().__init__()
        self.tsquery = tsquery

    def as_sql(self, compiler, connection):
        return f"{_vector(compiler)} @@ to_tsquery('simple', %s)", (self.tsquery,)


class _TsRank(Expression):
    output_field = FloatField()

    def __init__(self, tsquery: str):
        super().__init__()
        self.tsquery = tsquery

    def as_sql(self, compiler, connection):
        # normalization 1: divided by 1 + log(length), so a short record mentioning it ranks above a long one
        return f"ts_rank('{PG_WEIGHTS}', {_vector(compiler)}, to_tsquery('simple', %s), 1)", (self.tsquery,)
