"""A per-entry full-text document of the section answers, kept current by triggers.

The search used to match answers through an index on innovations_answer,
which for a common word meant reading hundreds of thousands of answer rows.
portal_innovationsearchdocument holds one narrow row per entry instead.
Triggers on innovations_answer refresh an entry's row after any insert,
delete or text change. portal_answer_matches() runs the match with
sequential scans disabled: for a word found in nearly every entry the
planner would otherwise read (and decompress) every document, although the
bitmap from the index alone is far cheaper because the documents need no
recheck.

Also adds the index that gives the listing's order within one competition
(title_key, id), used by innovations.pagination.

The SQL must use the same text search configuration as innovations/search.py.
Other databases (SQLite in development) get only the table, which stays
empty: the search there reads the answers directly.
"""
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FORWARD = [
    """
    CREATE FUNCTION portal_search_document_refresh(entry bigint) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM innovations_answer WHERE innovation_id = entry) THEN
            INSERT INTO portal_innovationsearchdocument (innovation_id, answers_vector)
            SELECT entry, to_tsvector('indonesian'::regconfig, string_agg(text, ' ' ORDER BY section_id))
            FROM innovations_answer WHERE innovation_id = entry
            ON CONFLICT (innovation_id) DO UPDATE SET answers_vector = EXCLUDED.answers_vector;
        ELSE
            DELETE FROM portal_innovationsearchdocument WHERE innovation_id = entry;
        END IF;
    END;
    $$
    """,
    """
    CREATE FUNCTION portal_answer_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM portal_search_document_refresh(OLD.innovation_id);
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.innovation_id <> OLD.innovation_id) THEN
            PERFORM portal_search_document_refresh(NEW.innovation_id);
        END IF;
        RETURN NULL;
    END;
    $$
    """,
    # A save rewrites every section of an entry but usually changes one, so
    # an update refreshes the document only when a text really changed.
    """
    CREATE TRIGGER portal_answer_inserted AFTER INSERT ON innovations_answer
    FOR EACH ROW EXECUTE FUNCTION portal_answer_changed()
    """,
    """
    CREATE TRIGGER portal_answer_updated AFTER UPDATE ON innovations_answer
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.innovation_id <> NEW.innovation_id)
    EXECUTE FUNCTION portal_answer_changed()
    """,
    """
    CREATE TRIGGER portal_answer_deleted AFTER DELETE ON innovations_answer
    FOR EACH ROW EXECUTE FUNCTION portal_answer_changed()
    """,
    """
    CREATE FUNCTION portal_answer_matches(query tsquery) RETURNS SETOF bigint
    LANGUAGE sql STABLE SET enable_seqscan = off AS $$
        SELECT innovation_id FROM portal_innovationsearchdocument WHERE answers_vector @@ query
    $$
    """,
    """
    INSERT INTO portal_innovationsearchdocument (innovation_id, answers_vector)
    SELECT innovation_id, to_tsvector('indonesian'::regconfig, string_agg(text, ' ' ORDER BY section_id))
    FROM innovations_answer GROUP BY innovation_id
    """,
    "CREATE INDEX search_document_answers_idx ON portal_innovationsearchdocument USING gin (answers_vector)",
    "CREATE INDEX IF NOT EXISTS innovation_listing_idx ON innovations_innovation (competition_id, title_key, id)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_answers_idx",
    "DROP INDEX IF EXISTS innovation_listing_idx",
    "DROP FUNCTION IF EXISTS portal_answer_matches(tsquery)",
    "DROP TRIGGER IF EXISTS portal_answer_deleted ON innovations_answer",
    "DROP TRIGGER IF EXISTS portal_answer_updated ON innovations_answer",
    "DROP TRIGGER IF EXISTS portal_answer_inserted ON innovations_answer",
    "DROP FUNCTION IF EXISTS portal_answer_changed()",
    "DROP FUNCTION IF EXISTS portal_search_document_refresh(bigint)",
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
        ("portal", "0002_search_indexes"),
        ("innovations", "0004_load_sdgs_and_default_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="InnovationSearchDocument",
            fields=[
                (
                    "innovation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="innovations.innovation",
                        verbose_name="innovation",
                    ),
                ),
                ("answers_vector", django.contrib.postgres.search.SearchVectorField(verbose_name="words of the answers")),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
