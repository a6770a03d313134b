"""Print the demo users and their password (make run does this after seeding)."""

from django.core.management.base import BaseCommand

from xixiang.accounts.demo import DEMO_USERS
from xixiang.accounts.models import User
from xixiang.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "列出演示用户及其密码"

    def handle(self, *args, **options):
        existing = set(User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list("username", flat=True))
        self.stdout.write("\n西乡县升级晋档管理系统  http://127.0.0.1:8000/")
        self.stdout.write(f"演示用户（密码均为 {DEMO_PASSWORD}）：")
        for username, role, full_name, _scope in DEMO_USERS:
            if username in existing:
                self.stdout.write(f"  {username:<16} {role.label}  {full_name}")
        self.stdout.write("")
