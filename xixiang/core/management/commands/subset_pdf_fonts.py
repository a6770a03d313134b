"""`python manage.py subset_pdf_fonts`: rewrite the CJK font subset the PDFs embed (static/vendor/…/)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from xixiang.lib.font_subset import SOURCES, characters, write_subset

TARGET = Path(settings.BASE_DIR) / "static" / "vendor" / "noto-sans-cjk-sc-subset"


class Command(BaseCommand):
    help = "从系统的 Noto Sans CJK 生成 PDF 使用的字体子集（GB 2312 及本系统用到的所有汉字）"

    def handle(self, *args, **options):
        keep = characters(Path(settings.BASE_DIR))
        for weight, source in SOURCES.items():
            size = write_subset(source, TARGET / f"NotoSansCJKsc-{weight.capitalize()}-subset.otf", keep)
            self.stdout.write(f"{weight}: {len(keep)} characters, {size / 1e6:.1f} MB")
