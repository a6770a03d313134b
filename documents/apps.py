from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """What is printed: notice boards (牌), summaries, score sheets, dossiers, public notices (公示) and batch printing. Above every programme app, below home."""

    name = "documents"
    verbose_name = _("打印文书")
