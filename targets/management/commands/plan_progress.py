"""python manage.py plan_progress --year Y [--township CODE] [--json]

Planned upgrades, reached targets and progress of a year of the plan, per township and village,
with the coverage of 村有产业、组有大户、户有项目 — computed now from the grade history and the
registry (targets/progress.py; a fixed number of queries whatever the villages).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from villages.models import Township

from ... import progress
from ...selectors import plan_for


def progress_data(report: progress.YearProgress) -> dict:
    """The command's JSON: shares as fractions 0–1 (null when there is nothing to divide)."""
    return {
        "year": report.year,
        "planned": report.planned,
        "reached": report.reached,
        "progress": report.progress,
        "townships": [{"code": t.code, "name": t.name, "planned": t.planned, "reached": t.reached}
                      for t in report.townships],
        "villages": [{"code": v.code, "name": v.name, "target": v.target, "grade": v.grade, "reached": bool(v.reached)}
                     for v in report.villages],
        "coverage": report.coverage.shares,
    }


class Command(BaseCommand):
    help = "某年度升级晋档目标的计划数、完成数和完成率（县、乡镇、村），以及村有产业、组有大户、户有项目的覆盖率"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--township", help="乡镇编码（9 位），只统计该乡镇")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, year: int, township: str | None, json: bool, **options):
        if plan_for(year) is None:
            raise CommandError(f"{year} 年度不在任何升级晋档规划的年度范围内")
        chosen = None
        if township:
            chosen = Township.objects.filter(code=township.strip()).first()
            if chosen is None:
                raise CommandError(f"找不到编码为 {township} 的乡镇")
        report = progress.year_progress(year, township=chosen)
        data = progress_data(report)
        if json:
            self.stdout.write(_dumps(data))
            return
        share = "—" if report.progress is None else f"{report.percent}%"
        self.stdout.write(f"{year} 年度：计划升级 {report.planned} 个村，已达到 {report.reached} 个（{share}）")
        for t in report.townships:
            if t.planned:
                self.stdout.write(f"  {t.code} {t.name}：计划 {t.planned}，达到 {t.reached}")
        shares = data["coverage"]
        self.stdout.write("  村有产业 {}；组有大户 {}；户有项目 {}".format(
            *(_pct(shares[k]) for k in ("villages_with_industry", "groups_with_large_household",
                                        "households_with_project"))))


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
