"""python manage.py export_households OUT.xlsx [--township CODE] [--village CODE] [--year Y]

Writes the roster workbook (the layout import_households reads) for the whole county or a
township or village; with --year only that year's income (households without one get a row
with that year and blank amounts, to be filled in).
"""

from django.core.management.base import BaseCommand, CommandError

from households.models import Household
from households.roster.writer import write_roster
from villages.models import Township, Village


class Command(BaseCommand):
    help = "导出农户信息表（xlsx），格式与导入相同"

    def add_arguments(self, parser):
        parser.add_argument("out", help="输出文件，如 农户信息表.xlsx")
        parser.add_argument("--township", help="乡镇编码（9 位）")
        parser.add_argument("--village", help="村编码（12 位）")
        parser.add_argument("--year", type=int, help="只导出该年度的收入")

    def handle(self, *args, out, township, village, year, **options):
        households = Household.objects.all()
        if township:
            if not Township.objects.filter(code=township).exists():
                raise CommandError(f"没有编码为 {township} 的乡镇")
            households = households.filter(township__code=township)
        if village:
            if not Village.objects.filter(code=village).exists():
                raise CommandError(f"没有编码为 {village} 的村")
            households = households.filter(village__code=village)
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError("年度应为 2000–2100 之间的四位数字")
        counts = write_roster(out, households, year=year)
        self.stdout.write(
            self.style.SUCCESS(
                f"已导出 {counts['households']:,} 户（农户表 {counts['rows']:,} "
                f"行，家庭成员 {counts['members']:,} 行）到 {out}"
            )
        )
