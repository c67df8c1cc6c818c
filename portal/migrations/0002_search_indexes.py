"""Indexes for the public search on PostgreSQL: Indonesian full text and trigrams.

The expressions must match innovations/search.py exactly, or PostgreSQL does
not use the indexes. Other databases (SQLite in development) get nothing.
"""
from django.db import migrations

FORWARD = [
    # pg_trgm is a trusted extension since PostgreSQL 13, so the database's
    # owner may create it without superuser rights.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS innovation_title_fts_idx ON innovations_innovation "
    "USING gin (to_tsvector('indonesian'::regconfig, title))",
    "CREATE INDEX IF NOT EXISTS innovation_title_trgm_idx ON innovations_innovation "
    "USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS answer_text_fts_idx ON innovations_answer "
    "USING gin (to_tsvector('indonesian'::regconfig, text))",
    # The initials of the title's words, for acronyms such as "SSW".
    "CREATE INDEX IF NOT EXISTS innovation_title_initials_trgm_idx ON innovations_innovation "
    "USING gin (upper(regexp_replace(title, '([[:alnum:]])[[:alnum:]]*|[^[:alnum:]]+', '\\1', 'g')) gin_trgm_ops)",
]
# The extension stays on the way back: other indexes or queries may use it.
BACKWARD = [
    "DROP INDEX IF EXISTS innovation_title_initials_trgm_idx",
    "DROP INDEX IF EXISTS answer_text_fts_idx",
    "DROP INDEX IF EXISTS innovation_title_trgm_idx",
    "DROP INDEX IF EXISTS innovation_title_fts_idx",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_announcements_faq_guidelines"),
        ("innovations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
