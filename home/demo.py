"""The demo county (spec/demo-data.md): every app's demo seeder, run in order.

Each app that contributes demo data has a module `<app>.demo` with

    def seed(ctx: DemoContext) -> None   # add the app's demo rows
    def reset(ctx: DemoContext) -> None  # delete them (called in reverse order)

The order matters: later seeders use what earlier ones made (through the database or
`ctx.shared`). This module sits above every app, so it names them plainly.
"""

from django.db import transaction

import archives.demo
import assessment.demo
import assistance.demo
import demonstration.demo
import households.demo
import projects.demo
import targets.demo
import villages.demo
from villages.models import Township
from xixiang.core import figures
from xixiang.core.demo import DEMO_PASSWORD, HOUSEHOLDS_PER_VILLAGE, DemoContext

from . import demo_logins, demo_users

SEEDERS = [
    villages.demo, households.demo, demo_users, assistance.demo, archives.demo, assessment.demo, targets.demo,
    projects.demo, demonstration.demo,
]

__all__ = ["HOUSEHOLDS_PER_VILLAGE", "DemoContext", "database_has_demo_data", "reset", "seed"]


def database_has_demo_data() -> bool:
    return Township.objects.exists()


def reset(ctx: DemoContext) -> None:
    with transaction.atomic():
        for module in reversed(SEEDERS):
            module.reset(ctx)
        figures.bump_all()  # the wipe is a raw delete: no signals
    ctx.progress("已清空演示数据")


def seed(ctx: DemoContext) -> None:
    """Build the whole demo county. Each seeder commits its own work in batches."""
    for module in SEEDERS:
        module.seed(ctx)
    figures.bump_all()  # the seeders write through bulk paths that send no signals
    ctx.progress(demo_logins.count_message(DEMO_PASSWORD))  # the rows of print_demo_logins
    ctx.progress("演示数据已生成")
