"""python manage.py render_notice_board --year Y (--village CODE | --township CODE) -o FILE.pdf

The notice boards (公示牌, documents/board.py) of one village or of every village of a township,
one A3 landscape page each, rendered in this terminal through the same batch as the web's
background job (documents/board_batch.py): chunks of boards in limited child renders, merged.
A village whose board fails is named on stderr and the others are printed (exit status 1 when
any failed); a year with no assessment cycle or a 公示 period under 5 days prints nothing."""

import datetime
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from villages.models import Township, Village
from xixiang.core.documents import render_batch
from xixiang.core.errors import DomainError

from ... import board, board_batch


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"发布日期：{text} 不是日期（应为 YYYY-MM-DD）") from None


class Command(BaseCommand):
    help = "生成一个村或一个乡镇各村的升级晋档公示牌 PDF（A3 横版，每村一页）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="公示年度，如 2009")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--village", help="村编码（12 位）")
        where.add_argument("--township", help="乡镇编码（9 位）：该乡镇所有行政村")
        parser.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
        parser.add_argument("--published", help="发布日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--days", type=int, default=board.DEFAULT_PUBLIC_DAYS, help="公示天数（至少 5 天，默认 7）")

    def handle(self, *args, year, village, township, output, published, days, **options):
        if village:
            villages = Village.objects.filter(code=village)
            if not villages.exists():
                raise CommandError(f"找不到村编码为 {village} 的行政村")
            title = board.board_title(villages.select_related("township").get(), year)
        else:
            found = Township.objects.filter(code=township).first()
            if found is None:
                raise CommandError(f"找不到乡镇编码为 {township} 的乡镇")
            villages, title = Village.objects.filter(township=found), board_batch.batch_title(found, year)
        started = time.monotonic()
        try:
            batch = board_batch.boards_batch(villages, year=year, published=_date(published) if published else None,
                                             days=days, title=title)
        except DomainError as error:
            raise CommandError(error.message) from error
        with open(output, "wb") as out:
            outcome = render_batch(batch, out, seconds=settings.XIXIANG_PDF_RENDER_SECONDS)
        if not outcome.printed:
            Path(output).unlink(missing_ok=True)
            raise CommandError(outcome.failure_text())
        seconds = time.monotonic() - started
        each = seconds / outcome.printed
        self.stdout.write(f"已生成 {outcome.printed} 块公示牌：{output}（{seconds:.1f} 秒，每块 {each:.3f} 秒）")
        if outcome.failures:
            self.stderr.write(outcome.failure_text())
            raise SystemExit(1)
