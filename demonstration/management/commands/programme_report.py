"""python manage.py programme_report --year Y [--json]

The year's projects, funds and outputs, the tilt toward the villages targeted to upgrade and the
three-year construction tasks (projects.selectors.programme_figures), with the year's
demonstration villages (this app): their type, first year, projects, funds and meetings held."""

import json

from django.core.management.base import BaseCommand

from projects import selectors as project_selectors

from ... import selectors


def report(year: int) -> dict:
    figures = project_selectors.programme_figures(year)
    return {**figures, "demonstration_villages": selectors.demonstration_villages(year)}


class Command(BaseCommand):
    help = "某年度项目资金、产出、向升级村倾斜、三年建设任务和示范村"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, year: int, json: bool, **options):
        data = report(year)
        if json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(f"{year} 年度：项目 {data['projects']} 个，安排资金 {data['allocated_yuan']} 元")
        for name, output in data["outputs"].items():
            self.stdout.write(f"  {name}：{output['quantity']} {output['unit']}")
        tilt = data["tilt"]
        self.stdout.write(f"  升级村资金占比 {tilt['targeted_share_of_funds']:.1%}，"
                          f"村数占比 {tilt['targeted_share_of_villages']:.1%}")
        task = data["construction_task"]
        self.stdout.write(f"  三年建设任务：{task['villages']} 个村，完成 {task['progress']:.0%}")
        self.stdout.write(f"  示范村 {len(data['demonstration_villages'])} 个：")
        for v in data["demonstration_villages"]:
            self.stdout.write(f"    {v['code']} {v['name']}（{v['type']}，{v['since']} 年起）："
                              f"项目 {v['projects']} 个，资金 {v['allocated_yuan']} 元，会议 {v['meetings']} 次")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
