"""Indexes for finding entries by the name of their agency or work unit on PostgreSQL.

The search compares UPPER(name) LIKE UPPER('%words%') and
UPPER(abbreviation) = UPPER('words') (Django's icontains and iexact), so the
indexes are on those expressions. Without them every cold search read all
10,000 work units of a national data set. Other databases get nothing.
"""
from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS agency_name_upper_trgm_idx ON accounts_agency USING gin (upper(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS workunit_name_upper_trgm_idx ON accounts_workunit "
    "USING gin (upper(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS workunit_abbreviation_upper_idx ON accounts_workunit (upper(abbreviation))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS workunit_abbreviation_upper_idx",
    "DROP INDEX IF EXISTS workunit_name_upper_trgm_idx",
    "DROP INDEX IF EXISTS agency_name_upper_trgm_idx",
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
        ("portal", "0003_innovation_search_document"),
        ("accounts", "0003_hierarchy_profile_and_activity_log"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
