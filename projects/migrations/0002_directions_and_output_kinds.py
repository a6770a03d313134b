"""The default directions and output kinds (the county adds more in the admin)."""

from django.db import migrations

DIRECTIONS = ["道路", "水利", "能源", "产业", "住房", "培训", "其他"]
OUTPUT_KINDS = [
    ("通村水泥路", "公里"),
    ("沼气池", "口"),
    ("安全饮水工程", "处"),
    ("产业基地", "亩"),
    ("农房改造", "户"),
    ("技能培训", "人次"),
]


def forwards(apps, schema_editor):
    Direction = apps.get_model("projects", "Direction")
    OutputKind = apps.get_model("projects", "OutputKind")
    for order, name in enumerate(DIRECTIONS, start=1):
        Direction.objects.get_or_create(name=name, defaults={"order": order})
    for order, (name, unit) in enumerate(OUTPUT_KINDS, start=1):
        OutputKind.objects.get_or_create(name=name, defaults={"unit": unit, "order": order})


def backwards(apps, schema_editor):
    apps.get_model("projects", "Direction").objects.filter(name__in=DIRECTIONS).delete()
    apps.get_model("projects", "OutputKind").objects.filter(name__in=[n for n, _ in OUTPUT_KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_projects_catalogue_allocations_tasks")]
    operations = [migrations.RunPython(forwards, backwards)]
