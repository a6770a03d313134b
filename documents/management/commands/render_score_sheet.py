"""`manage.py render_score_sheet --year Y --village CODE -o FILE.pdf`: a village's score sheet as A4 PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.models import Cycle
from villages.models import Village

from ...official import official_pdf
from ...score_sheets import score_sheet


class Command(BaseCommand):
    help = "Renders a village's score sheet (考核评分表) of a year as an A4 PDF."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--village", required=True, help="the village's 12-digit code")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, year, village, output, **options):
        cycle = Cycle.objects.filter(year=year).first()
        if cycle is None:
            raise CommandError(f"没有 {year} 年度的考核周期")
        place = Village.objects.select_related("township").filter(code=village).first()
        if place is None:
            raise CommandError(f"找不到村编码为 {village} 的行政村")
        sheet = score_sheet(cycle, place)
        content = official_pdf("documents/score_sheet_pdf.html", {"sheet": sheet})
        Path(output).write_bytes(content)
        self.stdout.write(f"{output}: {len(content):,} bytes")
