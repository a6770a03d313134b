"""python manage.py render_income_cards --village CODE --year Y -o FILE.pdf

Renders in this terminal (no task), through the same limited render as the web's background
job: a render longer than XIXIANG_PDF_RENDER_SECONDS stops with the timeout message."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from households.models import Household
from villages.models import Village
from xixiang.lib.pdf import RenderError

from ... import cards


class Command(BaseCommand):
    help = "生成一个村全部农户的增收明白卡 PDF（A5，每户一页）"

    def add_arguments(self, parser):
        parser.add_argument("--village", required=True, help="村编码（12 位）")
        parser.add_argument("--year", type=int, required=True, help="明白卡年度，如 2010")
        parser.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")

    def handle(self, *args, village, year, output, **options):
        found = Village.objects.filter(code=village).first()
        if found is None:
            raise CommandError(f"找不到村编码为 {village} 的行政村")
        started = time.monotonic()
        batch = cards.cards_for(Household.objects.filter(village=found), year)
        if not batch:
            raise CommandError(f"{found.name} 没有农户")
        try:
            content = cards.render_cards_limited(batch, title=cards.village_cards_title(found, year))
        except RenderError as error:
            raise CommandError(error.message) from error
        Path(output).write_bytes(content)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"已生成 {found.name} {len(batch)} 张增收明白卡：{output}（"
            f"{seconds:.1f} 秒，每张 {seconds / len(batch):.3f} 秒）"
        )
