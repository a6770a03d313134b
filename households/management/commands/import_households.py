"""python manage.py import_households FILE [--dry-run] [--as USERNAME]

The web import's engine, with a progress bar. Exit status: 0 imported (or a clean dry run),
1 the file has errors (all printed, nothing stored), 2 the file cannot be read at all (or the
command was used wrongly: unknown user, missing file).

It runs in the settings' language (LANGUAGE_CODE, zh-hans) whatever language is active in the
caller, so the messages it prints and stores in the batch are Chinese. The command is the whole
process, like a worker: the import runs inside `worker_process()` and `batch_memory()`
(xixiang.core.batch_memory: the cycle collector is paused, 15 % of a dry run).
"""

import os

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from households import scope as household_scope
from households.roster import services
from xixiang.accounts.models import User
from xixiang.core.batch_memory import batch_memory, worker_process
from xixiang.core.errors import DomainError

KINDS = {"households": "农户", "income_records": "收入记录", "members": "家庭成员"}


class ProgressBar:
    """One line per phase redrawn in place on a terminal; a line per phase and per 10 %
    elsewhere. A sheet's total is an estimate until it has been read, so a terminal line ends
    when the next phase begins (or at `finish()`), not when it first shows 100 %."""

    def __init__(self, stream):
        self.stream = stream  # a BaseCommand OutputWrapper
        self.tty = stream.isatty()
        self.last = (None, -1)

    def __call__(self, phase: str, done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 100
        if self.tty:
            if self.last[0] not in (None, phase):
                self.stream.write("")
            self.last = (phase, percent)
            filled = percent // 4
            self.stream.write(
                f"\r{phase} [{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {done:,}/{total:,} 行", ending=""
            )
            self.stream.flush()
        elif (phase, percent // 10) != self.last:
            self.last = (phase, percent // 10)
            self.stream.write(f"{phase}：{percent}%（{done:,}/{total:,} 行）")

    def finish(self) -> None:
        """End the terminal line of the last phase."""
        if self.tty and self.last[0] is not None:
            self.stream.write("")


class Command(BaseCommand):
    help = "导入农户信息表（xlsx）：先检查全部内容，有任何错误时什么也不保存"

    def add_arguments(self, parser):
        parser.add_argument("file", help="农户信息表 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        parser.add_argument("--as", dest="username", help="以该用户的身份和权限导入（乡镇文书只能导入本乡镇）")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._import(**options)

    def _import(self, *, file, dry_run, username, **options):
        actor = None
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"没有用户“{username}”", returncode=2)
            if not household_scope.can_import_roster(actor):
                raise CommandError(f"用户“{username}”无权导入农户信息表", returncode=2)
        if not os.path.isfile(file):
            raise CommandError(f"找不到文件“{file}”", returncode=2)
        with open(file, "rb") as handle:
            try:
                batch = services.batch_create(
                    actor=actor, upload=File(handle, name=os.path.basename(file)), source="command"
                )
            except DomainError as error:
                raise CommandError(error.message, returncode=2) from error
        bar = ProgressBar(self.stderr)
        run = services.batch_check if dry_run else services.batch_commit
        with worker_process(), batch_memory():
            outcome = run(batch=batch, on_progress=bar)
        bar.finish()
        if outcome.fatal:
            raise CommandError(f"无法读取文件：{outcome.fatal}", returncode=2)
        for sheet, row, header, message in outcome.problems.warnings:
            self.stdout.write(f"提示 {sheet} 第 {row or '-'} 行 {header}：{message}")
        errors = outcome.problems
        for sheet, row, header, message in errors.errors:
            self.stdout.write(f"错误 {sheet} 第 {row or '-'} 行 {header}：{message}")
        if errors.error_count > len(errors.errors):
            self.stdout.write(f"……另有 {errors.error_count - len(errors.errors):,} 处错误未列出")
        will = "" if outcome.committed else "将"
        for kind, label in KINDS.items():
            c = outcome.counts[kind]
            self.stdout.write(
                f"{label}：{will}新增 {c['created']:,}，{will}修改 {c['updated']:,}，不变 {c['unchanged']:,}"
            )
        if errors.error_count:
            raise CommandError(
                f"文件有 {errors.error_count:,} 处错误，未导入任何数据（导入批次 #{batch.pk}）", returncode=1
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"检查通过，没有错误（导入批次 #{batch.pk}，未保存）"))
        else:
            self.stdout.write(self.style.SUCCESS(f"已导入（导入批次 #{batch.pk}）"))
