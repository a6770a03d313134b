"""python manage.py draw_income_sample --year Y --village CODE [--seed S] [--json]

Prints the village's stored draw; draws it (and stores it) when the village has none yet.
A different --seed for a village that already has a draw needs --redraw --reason.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from assessment import services
from assessment.models import Cycle, SampleDraw
from villages.models import Village
from xixiang.core.errors import DomainError

from ._actor import add_user_argument, command_actor


class Command(BaseCommand):
    help = "收入抽样调查：显示（或抽取）某村的等距随机起点样本"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--village", required=True, help="村编码（12 位）")
        parser.add_argument("--seed", type=int, help="随机种子（不填则随机产生并记录）")
        parser.add_argument("--redraw", action="store_true", help="重新抽样（需要 --reason）")
        parser.add_argument("--reason", default="", help="重新抽样的理由")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        add_user_argument(parser)

    def handle(self, *args, year, village, seed, redraw, reason, json: bool, user, **options):
        cycle = Cycle.objects.filter(year=year).first()
        if cycle is None:
            raise CommandError(f"没有 {year} 年度的考核周期")
        place = Village.objects.filter(code=village).first()
        if place is None:
            raise CommandError(f"没有编码为 {village} 的村")
        draw = SampleDraw.objects.filter(cycle=cycle, village=place).first()
        try:
            if redraw:
                draw = services.sample_redraw(
                    actor=command_actor(user), cycle=cycle, village=place, reason=reason, seed=seed
                )
            elif draw is None:
                draw = services.sample_draw(actor=command_actor(user), cycle=cycle, village=place, seed=seed)
            elif seed is not None and seed != draw.seed:
                raise CommandError(f"该村已经抽样（种子 {draw.seed}）；重新抽样请加 --redraw --reason 理由")
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        data = {"year": year, "village": place.code, "name": place.name, **draw.as_dict()}
        if json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(
            f"{place.name}（{place.code}）{year} 年度收入抽样：N={draw.population} n={draw.size} "
            f"k={draw.interval:.4f} r={draw.start:.4f} 种子={draw.seed}"
        )
        for position, number in zip(draw.positions, draw.household_numbers, strict=True):
            self.stdout.write(f"  位置 {position}：{number}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
