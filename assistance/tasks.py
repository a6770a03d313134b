"""Background tasks of the assistance app (Django's tasks framework; worker: manage.py run_worker)."""

from django.tasks import task

from . import cards


@task()
def render_village_cards(batch_id: int) -> None:
    """Render a village's income cards into the CardBatch's file, saving progress on the way."""
    cards.batch_run(batch_id)


def render_village_cards_interrupted(batch_id: int, *, cause: str) -> None:
    """Recovery hook (xixiang/tasks_health): the worker rendering the batch died or lost the database."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import CardBatch

    CardBatch.objects.filter(pk=batch_id, status__in=(CardBatch.Status.QUEUED, CardBatch.Status.RUNNING)).update(
        status=CardBatch.Status.FAILED, stage="失败", progress=100, finished_at=timezone.now(),
        error=_("生成中断：处理该任务的后台进程已停止，请重新生成"))
