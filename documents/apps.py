from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def board_ready() -> None:
    """The notice board's registrations: its batch kind and the village page's link."""
    from django.utils.translation import gettext_lazy as lazy

    from xixiang.core import documents, page_sections

    from . import board_batch, board_views

    documents.register(board_batch.KIND, batch=board_batch.job_batch, allowed=board_batch.job_allowed,
                       count_text=board_batch.job_count_text, unit=lazy("个村"))
    page_sections.register("village", template="documents/board_village_section.html",
                           context=board_views.village_section)


def summary_ready() -> None:
    """The summaries' background PDF (documents/summaries.py)."""
    from xixiang.core import documents

    from . import summaries

    documents.register(summaries.KIND, build=summaries.job_build, allowed=summaries.job_allowed,
                       count_text=summaries.job_count_text)


class DocumentsConfig(AppConfig):
    """What is printed: notice boards (牌), summaries, score sheets, dossiers, public notices (公示)
    and batch printing. Above every programme app, below home."""

    name = "documents"
    verbose_name = _("打印文书")

    def ready(self):
        from . import print_kinds

        board_ready()
        summary_ready()
        print_kinds.register()
