"""The default catalogue of domain.md §4: 5 classes, 18 categories, 4 material forms."""

from django.db import migrations

CLASSES = [
    ("W", "文件", [
        ("W1", "上级文件", "上级下发的文件"),
        ("W2", "本级文件", "县、乡镇、村本级制发的文件"),
        ("W3", "会议记录", "联席会议、推进会议等会议记录"),
    ]),
    ("J", "建档", [
        ("J1", "村情概况", "村基本情况、人口、土地、产业"),
        ("J2", "级类评定", "级类评定记录"),
        ("J3", "农户档案", "农户分类建档资料"),
        ("J4", "组织建设", "党组织和村级组织建设"),
    ]),
    ("G", "规划", [
        ("G1", "升级晋档规划", "升级晋档规划"),
        ("G2", "产业发展规划", "产业发展规划"),
        ("G3", "年度目标任务", "年度目标任务和承诺"),
        ("G4", "项目建设", "项目建设资料"),
    ]),
    ("S", "农民收入", [
        ("S1", "收入台账", "农民收入台账"),
        ("S2", "抽样调查", "收入抽样调查"),
        ("S3", "增收明白卡", "增收明白卡发放"),
    ]),
    ("B", "结对帮扶", [
        ("B1", "领导联点", "领导联系点"),
        ("B2", "部门联村", "部门联系村"),
        ("B3", "干部联户", "干部联系户"),
        ("B4", "帮扶记录", "帮扶活动记录"),
    ]),
]

MEDIA = [("text", "文字"), ("table", "表册"), ("audio_video", "声像"), ("photo", "照片")]


def load(apps, schema_editor):
    ArchiveClass = apps.get_model("archives", "ArchiveClass")
    ArchiveCategory = apps.get_model("archives", "ArchiveCategory")
    ArchiveMedium = apps.get_model("archives", "ArchiveMedium")
    position = 0
    for class_position, (code, name, categories) in enumerate(CLASSES, start=1):
        archive_class = ArchiveClass.objects.create(code=code, name=name, position=class_position)
        for category_code, category_name, description in categories:
            position += 1
            ArchiveCategory.objects.create(
                archive_class=archive_class, code=category_code, name=category_name,
                description=description, position=position,
            )
    for position, (code, name) in enumerate(MEDIA, start=1):
        ArchiveMedium.objects.create(code=code, name=name, position=position)


def unload(apps, schema_editor):
    apps.get_model("archives", "ArchiveCategory").objects.all().delete()
    apps.get_model("archives", "ArchiveClass").objects.all().delete()
    apps.get_model("archives", "ArchiveMedium").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("archives", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
