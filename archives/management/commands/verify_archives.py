"""`python manage.py verify_archives [--village CODE]`: re-hash stored files, list problems.

Exit status 0 when every file is present and unchanged, 1 otherwise.
"""

from django.core.management.base import BaseCommand, CommandError

from archives.verification import verify_archives
from villages.models import Village


class Command(BaseCommand):
    help = "重新计算所有档案文件的 SHA-256，列出缺失或被改动的文件（有问题时退出码为 1）"

    def add_arguments(self, parser):
        parser.add_argument("--village", metavar="CODE", help="只核验该村（12 位村编码）")

    def handle(self, *args, village=None, **options):
        target = None
        if village:
            target = Village.objects.filter(code=village).first()
            if target is None:
                raise CommandError(f"村编码 {village} 不存在")
        run = verify_archives(village=target, progress=lambda m: self.stdout.write(m))
        for problem in run.problems:
            kind = "缺失" if problem["problem"] == "missing" else "被改动"
            deleted = "（已删除）" if problem["deleted"] else ""
            self.stdout.write(
                f"{kind}{deleted}：{problem['village_code']} {problem['village_name']} {problem['year']} "
                f"{problem['category']} “{problem['title']}” / {problem['original_name']} "
                f"[文件 #{problem['file_id']}，{problem['stored_name']}]"
            )
        summary = (f"核验 {run.files_checked} 个文件，缺失 {run.missing_count} 个，"
                   f"被改动 {run.altered_count} 个")
        if run.problems:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary + "，全部完好"))
