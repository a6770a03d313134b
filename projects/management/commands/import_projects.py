"""python manage.py import_projects FILE [--dry-run] [--as USERNAME]

Imports the projects workbook (sheets 项目 and 项目安排, projects/workbook.py). Exit status: 0
imported (or a clean dry run), 1 the file has errors (every bad row printed, nothing stored), 2
the file cannot be read (or the command was used wrongly: missing file, unknown user). Without
--as it acts as the county administrator (the first active administrator)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from projects import scope as project_scope
from projects.workbook import COMMAND_LIMITS, ImportFailed, projects_import
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core.errors import DomainError
from xixiang.lib.xlsx_container import UnreadableWorkbook


def operator(username: str | None):
    """The user a command acts as: --as USERNAME, else the first active administrator."""
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有用户“{username}”", returncode=2)
        return user
    user = (User.objects.filter(is_active=True, role=Role.ADMIN).order_by("id").first()
            or User.objects.filter(is_active=True, is_superuser=True).order_by("id").first())
    if user is None:
        raise CommandError("没有可用的管理员用户，请用 --as 指定用户", returncode=2)
    return user


class Command(BaseCommand):
    help = "导入项目资金表（xlsx：工作表“项目”和“项目安排”）：先检查全部内容，有任何错误时什么也不保存"

    def add_arguments(self, parser):
        parser.add_argument("file", help="项目资金表 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        parser.add_argument("--as", dest="username",
                            help="以该用户的身份和权限导入（部门考评员只能导入本部门的项目）")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._import(**options)

    def _import(self, *, file, dry_run, username, **options):
        actor = operator(username)
        if not project_scope.can_edit_projects(actor):
            raise CommandError(f"用户“{actor.username}”无权导入项目", returncode=2)
        if not os.path.isfile(file):
            raise CommandError(f"找不到文件“{file}”", returncode=2)
        try:
            result = projects_import(actor=actor, data=file, dry_run=dry_run, limits=COMMAND_LIMITS)
        except UnreadableWorkbook as error:
            raise CommandError(f"无法读取文件：{error}", returncode=2) from error
        except ImportFailed as failure:
            for message in failure.errors:
                self.stdout.write(f"错误 {message}")
            if failure.count > len(failure.errors):
                self.stdout.write(f"……另有 {failure.count - len(failure.errors):,} 处错误未列出")
            raise CommandError(f"文件有 {failure.count:,} 处错误，未导入任何数据", returncode=1) from failure
        except DomainError as error:
            raise CommandError(error.message, returncode=1) from error
        will = "将" if dry_run else ""
        self.stdout.write(f"项目：{will}新增 {result.projects_created:,}，{will}修改 {result.projects_updated:,}")
        self.stdout.write(
            f"项目安排：{will}新增 {result.allocations_created:,}，{will}修改 {result.allocations_updated:,}")
        self.stdout.write(self.style.SUCCESS("检查通过，没有错误（未保存）" if dry_run else "已导入"))
