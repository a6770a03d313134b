"""python manage.py run_assessment --year Y [--finalise]"""

from django.core.management.base import BaseCommand, CommandError

from assessment import selectors, services
from assessment.models import Cycle
from xixiang.core.errors import DomainError

from ._actor import add_user_argument, command_actor


class Command(BaseCommand):
    help = "运行考核计算引擎：计算并保存某年度所有村的得分、排名和级类（--finalise 同时定案）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--finalise", action="store_true", help="计算后定案，并把级类写入各村级类历史")
        add_user_argument(parser)

    def handle(self, *args, year, finalise, user, **options):
        cycle = Cycle.objects.filter(year=year).first()
        if cycle is None:
            raise CommandError(f"没有 {year} 年度的考核周期")
        actor = command_actor(user)
        try:
            if finalise:
                services.cycle_finalise(actor=actor, cycle=cycle)
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
