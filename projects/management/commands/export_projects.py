"""python manage.py export_projects OUT.xlsx [--year Y]

Writes the projects workbook: sheet 项目 (the catalogue) and sheet 项目安排 (one row per
allocation with its village code, amount, status and outputs), the layout import_projects reads."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from projects.exports import ProjectsExport
from projects.models import Allocation, Project


class Command(BaseCommand):
    help = "导出项目资金表（xlsx：工作表“项目”和“项目安排”）"

    def add_arguments(self, parser):
        parser.add_argument("out", help="输出的 .xlsx 文件")
        parser.add_argument("--year", type=int, help="只导出该年度的项目")

    def handle(self, *args, out, year, **options):
        with translation.override(settings.LANGUAGE_CODE):
            projects, allocations = Project.objects.all(), Allocation.objects.all()
            if year:
                projects, allocations = projects.filter(year=year), allocations.filter(year=year)
            with open(out, "wb") as handle:
                ProjectsExport(projects, allocations, year=year).write(handle)
            self.stdout.write(f"已导出 {projects.count():,} 个项目、{allocations.count():,} 条项目安排到 {out}")
