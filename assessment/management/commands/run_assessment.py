"""python manage.py run_assessment --year Y [--finalise [--force --reason R]]

Exit status 1 when --finalise is refused because scores are missing: the missing scores are
printed, by department (selectors.missing_scores, the rule the finalise page uses too)."""

from django.core.management.base import BaseCommand, CommandError

from assessment import completeness, selectors, services
from assessment.models import Cycle
from xixiang.core.errors import DomainError

from ._actor import add_user_argument, command_actor


class Command(BaseCommand):
    help = "运行考核计算引擎：计算并保存某年度所有村的得分、排名和级类（--finalise 同时定案）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--finalise", action="store_true", help="计算后定案，并把级类写入各村级类历史")
        parser.add_argument("--force", action="store_true", help="仍有未评分项时也定案（必须同时写 --reason）")
        parser.add_argument("--reason", default="", help="强制定案的理由（记入考核周期的修改历史）")
        add_user_argument(parser)

    def handle(self, *args, year, finalise, force, reason, user, **options):
        cycle = Cycle.objects.filter(year=year).first()
        if cycle is None:
            raise CommandError(f"没有 {year} 年度的考核周期")
        if force and not finalise:
            raise CommandError("--force 只能和 --finalise 一起使用")
        if force and not reason.strip():
            raise CommandError("强制定案必须用 --reason 写明理由")
        actor = command_actor(user)
        if finalise:
            missing = selectors.missing_scores(cycle)
            if missing and not force:
                for line in completeness.missing_lines(completeness.by_department(missing)):
                    self.stdout.write(line)
                raise CommandError(
                    f"{year} 年度考核还有 {len(missing)} 项评分未填（村×指标），未定案；"
                    "如确需定案，请加 --force --reason 理由",
                    returncode=1,
                )
        try:
            if finalise:
                services.cycle_finalise(actor=actor, cycle=cycle, reason=reason if force else "")
            else:
                services.cycle_compute(actor=actor, cycle=cycle)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        summary = selectors.grade_summary(cycle)
        g = summary["grades"]
        state = "已定案" if finalise else "已计算"
        self.stdout.write(
            f"{year} 年度考核{state}：{summary['villages']} 个村，一类 {g[1]}，二类 {g[2]}，三类 {g[3]}，四类 {g[4]}"
        )
        if finalise and cycle.finalise_missing:
            self.stdout.write(f"（强制定案：{cycle.finalise_missing} 项评分未填，理由已记入修改历史）")
