"""Document jobs take the shared job states (xixiang/core/choices.py JobState): a job whose worker
died is now 'interrupted' (it was 'failed' with the interruption message); the stage and
percentage move to the progress reports of xixiang/core/progress.py."""

from django.db import migrations, models

INTERRUPTED_MESSAGES = [
    "生成中断：处理该任务的后台进程已停止，请重新生成",
    "Rendering interrupted: the background process handling this task stopped; please start it again",
]


def interrupted_jobs_say_so(apps, schema_editor):
    DocumentJob = apps.get_model("core", "DocumentJob")
    DocumentJob.objects.filter(status="failed", error__in=INTERRUPTED_MESSAGES).update(status="interrupted")


def interrupted_jobs_failed(apps, schema_editor):
    DocumentJob = apps.get_model("core", "DocumentJob")
    DocumentJob.objects.filter(status="interrupted").update(status="failed")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_document_job"),
    ]

    operations = [
        migrations.AlterField(
            model_name="documentjob",
            name="status",
            field=models.CharField(
                choices=[("queued", "排队中"), ("running", "处理中"), ("done", "已完成"), ("failed", "失败"),
                         ("interrupted", "已中断")],
                default="queued", max_length=20, verbose_name="状态"),
        ),
        migrations.RunPython(interrupted_jobs_say_so, interrupted_jobs_failed),
        migrations.RemoveField(model_name="documentjob", name="progress"),
        migrations.RemoveField(model_name="documentjob", name="stage"),
    ]
