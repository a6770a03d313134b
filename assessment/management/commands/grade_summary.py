"""python manage.py grade_summary --year Y [--json]"""

import json

from django.core.management.base import BaseCommand, CommandError

from assessment import selectors
from assessment.models import Cycle
from villages.choices import grade_label
from villages.models import VillageGrade


class Command(BaseCommand):
    help = "某年度各级类村数、上年村数和新增一类村、新增二类村"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, year, json: bool, **options):
        cycle = Cycle.objects.filter(year=year).first()
        if cycle is not None and cycle.results.exists():
            summary = selectors.grade_summary(cycle)
        elif VillageGrade.objects.filter(year=year).exists():
            summary = selectors.grade_summary_from_history(year)
        else:
            raise CommandError(f"{year} 年度没有考核结果")
        if json:
            self.stdout.write(_dumps(summary))
            return
        g, p = summary["grades"], summary["previous"]
        self.stdout.write(f"{year} 年度：{summary['villages']} 个村")
        for grade in selectors.GRADES:
            self.stdout.write(f"  {grade_label(grade)}：{g[grade]}（上年 {p[grade]}）")
        self.stdout.write(f"  新增一类村：{summary['new_grade_1']}；新增二类村：{summary['new_grade_2']}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
