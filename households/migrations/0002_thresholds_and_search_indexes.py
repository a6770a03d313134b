"""Default category thresholds (domain.md §3) and PostgreSQL search indexes.

On PostgreSQL the head's name gets a trigram GIN index (pg_trgm) so that a name search
(`LIKE '%…%'`) does not scan the table, and the household number a pattern-ops index so that
a prefix search uses it whatever the database collation.
"""

from decimal import Decimal

from django.db import migrations

DEFAULT_YEARS = (2008, 2009, 2010, 2011)


def add_default_thresholds(apps, schema_editor):
    CategoryThresholds = apps.get_model("households", "CategoryThresholds")
    for year in DEFAULT_YEARS:
        CategoryThresholds.objects.get_or_create(
            year=year,
            defaults={
                "demonstration_min": Decimal("5000"),
                "well_off_min": Decimal("3000"),
                "subsistence_min": Decimal("1196"),
                "care_max": Decimal("3000"),
            },
        )


def remove_default_thresholds(apps, schema_editor):
    apps.get_model("households", "CategoryThresholds").objects.filter(year__in=DEFAULT_YEARS).delete()


def add_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS household_head_name_trgm "
        "ON households_household USING gin (head_name gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS household_number_pattern "
        "ON households_household (number varchar_pattern_ops)"
    )


def remove_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS household_head_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS household_number_pattern")


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial")]

    operations = [
        migrations.RunPython(add_default_thresholds, remove_default_thresholds),
        migrations.RunPython(add_search_indexes, remove_search_indexes),
    ]
