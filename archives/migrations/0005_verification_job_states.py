"""Verification runs take the shared job states (xixiang/core/choices.py JobState) and a message.

Old values: 'running' stays; 'passed' and 'failed' (problems found) were outcomes of a finished
run: both become 'done' (the outcome follows from the problem counts); 'aborted' becomes
'interrupted' with the message the page used to show."""

from django.db import migrations, models

INTERRUPTED_MESSAGE = "核验中断：处理该任务的后台进程已停止，请重新核验"


def to_job_states(apps, schema_editor):
    ArchiveVerification = apps.get_model("archives", "ArchiveVerification")
    ArchiveVerification.objects.filter(status__in=("passed", "failed")).update(status="done")
    ArchiveVerification.objects.filter(status="aborted").update(status="interrupted", message=INTERRUPTED_MESSAGE)


def to_old_statuses(apps, schema_editor):
    ArchiveVerification = apps.get_model("archives", "ArchiveVerification")
    runs = ArchiveVerification.objects
    runs.filter(status__in=("interrupted", "failed")).update(status="aborted")  # before 'failed' means problems
    runs.filter(status="queued").update(status="running")
    runs.filter(status="done", missing_count=0, altered_count=0).update(status="passed")
    runs.filter(status="done").update(status="failed")


class Migration(migrations.Migration):

    dependencies = [
        ("archives", "0004_verification_interrupted_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="archiveverification",
            name="message",
            field=models.CharField(blank=True, max_length=300, verbose_name="说明"),
        ),
        migrations.AlterField(
            model_name="archiveverification",
            name="status",
            field=models.CharField(
                choices=[("queued", "排队中"), ("running", "处理中"), ("done", "已完成"), ("failed", "失败"),
                         ("interrupted", "已中断")],
                default="queued", max_length=20, verbose_name="状态"),
        ),
        migrations.RunPython(to_job_states, to_old_statuses),
    ]
