"""python manage.py render_batch --year Y --kind KIND (--township CODE | --county) -o FILE

Many documents at once, in this terminal, through the same batches as the web's background jobs
(documents/print_kinds.py, documents/board_batch.py): score sheets, notice boards and income
cards as one PDF, dossiers as a zip of one PDF per village. A progress bar goes to stderr. The
command is the operator's: it reads as the administrator does. A village that fails is named on
stderr and the others print (exit status 1 when any failed)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from villages.models import Township
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core.documents import render_batch, render_zip
from xixiang.core.errors import DomainError
from xixiang.lib.pdf import render_pdf

from ... import board, board_batch, print_kinds

KINDS = ["score_sheets", "dossiers", "notice_boards", "income_cards", "results"]
BAR = 30


def progress_bar(stream, done: int, total: int, started: float) -> None:
    """`[#########.....] 120/267 个村 12.3 s` on one line of `stream` (an OutputWrapper), rewritten in place."""
    filled = BAR * done // total if total else BAR
    line = f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total} 个村 {time.monotonic() - started:.1f} s"
    stream.write(line + ("\n" if done >= total else ""), ending="")
    stream.flush()


class Command(BaseCommand):
    help = "批量生成一个乡镇或全县的文书：评分表、档案册（ZIP）、公示牌、增收明白卡或考核结果"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2009")
        parser.add_argument("--kind", required=True, choices=KINDS, help="文书类型")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--township", help="乡镇编码（9 位）")
        where.add_argument("--county", action="store_true", help="全县")
        parser.add_argument("-o", "--output", required=True, help="输出文件（档案册为 .zip，其余为 .pdf）")

    def handle(self, *args, year, kind, township, county, output, **options):
        operator = User(username="render_batch", role=Role.ADMIN, is_active=True)
        place = None
        if township:
            place = Township.objects.filter(code=township).first()
            if place is None:
                raise CommandError(f"找不到乡镇编码为 {township} 的乡镇")
        params = {"township": township or "", "year": year}
        started = time.monotonic()
        try:
            if kind == "results":
                built = print_kinds.results_build(operator, params)
                Path(output).write_bytes(render_pdf(built.html))
                self.stdout.write(f"已生成考核结果（{built.item_count} 个村）：{output}")
                return
            if kind == "notice_boards":
                villages = board_batch.board_scope.board_villages(operator)
                if place is not None:
                    villages = villages.filter(township=place)
                batch = board_batch.boards_batch(villages, year=year, days=board.DEFAULT_PUBLIC_DAYS,
                                                 title=board_batch.batch_title(place, year))
            else:
                batch = print_kinds.batch_for("income_cards_batch" if kind == "income_cards" else kind, operator,
                                              params)
        except DomainError as error:
            raise CommandError(error.message) from error
        renderer = render_zip if batch.zipped else render_batch
        with open(output, "wb") as out:
            outcome = renderer(batch, out, seconds=settings.XIXIANG_PDF_RENDER_SECONDS,
                               on_progress=lambda done, total: progress_bar(self.stderr, done, total, started))
        if not outcome.printed:
            Path(output).unlink(missing_ok=True)
            raise CommandError(outcome.failure_text())
        seconds = time.monotonic() - started
        each = seconds / outcome.printed
        self.stdout.write(f"已生成 {outcome.printed} 个村：{output}（{seconds:.1f} 秒，每村 {each:.3f} 秒）")
        if outcome.failures:
            self.stderr.write(outcome.failure_text())
            raise SystemExit(1)
