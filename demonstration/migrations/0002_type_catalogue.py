"""The article's five types of demonstration village (domain.md §6); the county adds others."""

from django.db import migrations

TYPES = [
    ("生猪产业支撑型", "以生猪养殖为主导产业（城关镇五丰村）"),
    ("乡村旅游型", "以乡村旅游为特色（城关镇余家山村）"),
    ("工业园区带动型", "依托工业园区带动发展（杨河镇李河村）"),
    ("茶叶产业支撑型", "以茶叶为主导产业（峡口镇江榜村）"),
    ("观光农业型", "以观光农业为特色（沙河镇枣园村）"),
]


def add_types(apps, schema_editor):
    DemonstrationType = apps.get_model("demonstration", "DemonstrationType")
    for position, (name, description) in enumerate(TYPES, start=1):
        DemonstrationType.objects.get_or_create(name=name, defaults={"description": description, "position": position})


def remove_types(apps, schema_editor):
    apps.get_model("demonstration", "DemonstrationType").objects.filter(name__in=[n for n, _ in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("demonstration", "0001_designations_meetings_actions")]
    operations = [migrations.RunPython(add_types, remove_types)]
