"""Background tasks of the assistance app (Django's tasks framework; worker: manage.py db_worker)."""

from django.tasks import task

from . import cards


@task()
def render_village_cards(batch_id: int) -> None:
    """Render a village's income cards into the CardBatch's file, saving progress on the way."""
    cards.batch_run(batch_id)
