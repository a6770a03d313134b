"""PostgreSQL only: a covering index on (number) INCLUDE (id).

The household list's deep pages select their keys ordered by number with OFFSET; with the
id in the index PostgreSQL answers that with an index-only scan (SQLite has no INCLUDE).
"""

from django.db import migrations


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS household_number_with_id ON households_household (number) INCLUDE (id)"
        )


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS household_number_with_id")


class Migration(migrations.Migration):
    dependencies = [("households", "0003_import_batch")]

    operations = [migrations.RunPython(add_index, remove_index)]
