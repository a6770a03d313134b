"""python manage.py survey_report --year Y [--village CODE] [--json]"""

import json

from django.core.management.base import BaseCommand, CommandError

from assessment import selectors
from assessment.models import Cycle
from villages.models import Village


class Command(BaseCommand):
    help = "抽样调查与台账比对（数据比对）：调查估计与标准误、样本户和全村的台账人均纯收入，相差超过 3 倍标准误的村标出"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--village", help="只看这个村（村编码）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, year: int, village: str | None, json: bool, **options):
        cycle = Cycle.objects.filter(year=year).first()
        if cycle is None:
            raise CommandError(f"{year} 年度没有考核周期")
        villages = Village.objects.all()
        if village:
            villages = villages.filter(code=village)
            if not villages.exists():
                raise CommandError(f"没有编码为 {village} 的村")
        rows = selectors.survey_report(cycle, villages)
        if json:
            self.stdout.write(_dumps(selectors.survey_report_json(year, rows)))
            return
        flagged = sum(1 for r in rows if r.flagged)
        self.stdout.write(f"{year} 年度抽样调查与台账比对：{len(rows)} 个村，需核实 {flagged} 个")
        for r in rows:
            mark = {True: "需核实", False: "一致", None: "—"}[r.flagged]
            self.stdout.write(
                f"{r.village.code} {r.village.township.name}{r.village.name} n={r.n} "
                f"调查 {_yuan(r.estimate)} ± {_yuan(r.standard_error)}  样本户台账 {_yuan(r.registry_sampled)}  "
                f"全村台账 {_yuan(r.registry_village)}  {mark}"
            )


def _yuan(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
