"""Print the demo users, their role, scope and password (make run does this after seeding)."""

from django.core.management.base import BaseCommand

from home.demo_logins import login_rows
from xixiang.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "列出演示用户及其角色、范围和密码"

    def handle(self, *args, **options):
        rows = login_rows()
        self.stdout.write("\n西乡县升级晋档管理系统  http://127.0.0.1:8000/")
        self.stdout.write(f"演示用户（{len(rows)} 个，密码均为 {DEMO_PASSWORD}）：")
        for username, role, scope in rows:
            self.stdout.write(f"  {username:<18} {role:<14} {scope}")
        self.stdout.write("")
