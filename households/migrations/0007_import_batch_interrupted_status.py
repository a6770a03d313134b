"""Import batches get the status 'interrupted' (a check whose worker died), the shared job state
of xixiang/core/choices.py; such batches were 'failed' with the interruption message."""

from django.db import migrations, models

INTERRUPTED_PREFIXES = ("检查中断：", "Check interrupted:")


def interrupted_checks_say_so(apps, schema_editor):
    ImportBatch = apps.get_model("households", "ImportBatch")
    for prefix in INTERRUPTED_PREFIXES:
        ImportBatch.objects.filter(status="failed", message__startswith=prefix).update(status="interrupted")


def interrupted_checks_failed(apps, schema_editor):
    ImportBatch = apps.get_model("households", "ImportBatch")
    ImportBatch.objects.filter(status="interrupted").update(status="failed")


class Migration(migrations.Migration):

    dependencies = [
        ("households", "0006_household_rules_in_one_place"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[("queued", "排队等待检查"), ("checking", "正在检查"), ("checked", "检查通过，等待确认导入"),
                         ("invalid", "有错误，未导入"), ("commit_queued", "排队等待导入"), ("importing", "正在导入"),
                         ("imported", "已导入"), ("failed", "导入失败，未导入"), ("interrupted", "检查中断，未导入")],
                db_index=True, default="queued", max_length=20, verbose_name="状态"),
        ),
        migrations.RunPython(interrupted_checks_say_so, interrupted_checks_failed),
    ]
