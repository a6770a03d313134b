"""`python manage.py backup DIR`: the database and every stored file into the new directory DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xixiang.core.backup import BackupError, back_up


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 用 pg_dump）和所有存储中的文件（含档案文件）到一个新目录"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="备份目录（须不存在或为空）")

    def handle(self, *args, directory, **options):
        try:
            manifest = back_up(directory, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(len(listed) for listed in manifest["files"].values())
        self.stdout.write(self.style.SUCCESS(_("备份完成：%(dir)s（%(tables)s 张表，%(files)s 个文件）") % {
            "dir": directory, "tables": len(manifest["tables"]), "files": files}))
