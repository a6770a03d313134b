"""`python manage.py restore DIR [--replace]`: a backup made by `backup` back into this system.

Exit status 0 when every table's row count and every file's SHA-256 equal the backup's
manifest, 1 otherwise (each difference is listed).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from xixiang.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从 backup 生成的目录恢复数据库和文件，并按清单核对行数和文件哈希（不符时退出码为 1）"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="backup 生成的备份目录")
        parser.add_argument("--replace", action="store_true", help="数据库已有数据时仍然覆盖")

    def handle(self, *args, directory, replace, **options):
        try:
            report = restore(directory, replace=replace, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for problem in report.count_mismatches + report.file_mismatches:
            self.stdout.write(problem)
        summary = _("核对 %(tables)s 张表、%(files)s 个文件") % {"tables": report.tables, "files": report.files}
        if not report.clean:
            problems = len(report.count_mismatches) + len(report.file_mismatches)
            raise CommandError(_("%(summary)s：%(n)s 处不符") % {"summary": summary, "n": problems}, returncode=1)
        self.stdout.write(self.style.SUCCESS(_("%(summary)s，与备份一致") % {"summary": summary}))
