"""`python manage.py verify_archives [--village CODE]`: re-hash stored files, list problems.

Exit status 0 when every file is present and unchanged, 1 otherwise.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
                raise CommandError(_("村编码 %(code)s 不存在") % {"code": village})
        run = verify_archives(village=target, on_progress=lambda m: self.stdout.write(m))
        for problem in run.problems:
            kind = _("缺失") if problem["problem"] == "missing" else _("被改动")
            deleted = _("（已删除）") if problem["deleted"] else ""
            self.stdout.write(_(
                "%(kind)s%(deleted)s：%(village_code)s %(village_name)s %(year)s %(category)s “%(title)s” / "
                "%(original_name)s [文件 #%(file_id)s，%(stored_name)s]"
            ) % {**problem, "kind": kind, "deleted": deleted})
        summary = _("核验 %(n)s 个文件，缺失 %(missing)s 个，被改动 %(altered)s 个") % {
            "n": run.files_checked, "missing": run.missing_count, "altered": run.altered_count}
        if run.problems:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary + _("，全部完好")))
