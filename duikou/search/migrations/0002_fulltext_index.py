"""The full-text index below the ORM, one per database (see ``duikou/search/models.py``).

PostgreSQL: a stored generated tsvector (title weighted A, body B, ``simple`` configuration: the tokens are
already cut) and its GIN index. SQLite: an FTS5 table over the same two columns, external content (the
document table), kept in step by triggers on insert, update and delete."""

from django.db import migrations

POSTGRES = [
    """ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS (
           setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
           || setweight(to_tsvector('simple'::regconfig, tokens), 'B')) STORED""",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
]

SQLITE = [
    """CREATE VIRTUAL TABLE search_document_fts USING fts5(
           title_tokens, tokens, content='search_document', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER search_document_fts_insert AFTER INSERT ON search_document BEGIN
           INSERT INTO search_document_fts (rowid, title_tokens, tokens) VALUES (new.id, new.title_tokens, new.tokens);
       END""",
    """CREATE TRIGGER search_document_fts_delete AFTER DELETE ON search_document BEGIN
           INSERT INTO search_document_fts (search_document_fts, rowid, title_tokens, tokens)
           VALUES ('delete', old.id, old.title_tokens, old.tokens);
       END""",
    """CREATE TRIGGER search_document_fts_update AFTER UPDATE ON search_document BEGIN
           INSERT INTO search_document_fts (search_document_fts, rowid, title_tokens, tokens)
           VALUES ('delete', old.id, old.title_tokens, old.tokens);
           INSERT INTO search_document_fts (rowid, title_tokens, tokens) VALUES (new.id, new.title_tokens, new.tokens);
       END""",
    "INSERT INTO search_document_fts (search_document_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_document_fts_insert",
    "DROP TRIGGER IF EXISTS search_document_fts_delete",
    "DROP TRIGGER IF EXISTS search_document_fts_update",
    "DROP TABLE IF EXISTS search_document_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
