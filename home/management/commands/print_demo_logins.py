"""Print the demo users and their password (make run does this after seeding)."""

from django.core.management.base import BaseCommand

from xixiang.accounts.models import User
from xixiang.core.demo import DEMO_PASSWORD


def _scope(user: User) -> str:
    if user.township_id:
        return user.township.name
    if user.village_id:
        return f"{user.village.township.name} {user.village.name}"
    if user.department_id:
        return user.department.name
    return ""


class Command(BaseCommand):
    help = "列出演示用户及其密码"

    def handle(self, *args, **options):
        users = User.objects.filter(is_active=True).select_related(
            "township", "village__township", "department").order_by("id")
        self.stdout.write("\n西乡县升级晋档管理系统  http://127.0.0.1:8000/")
        self.stdout.write(f"演示用户（密码均为 {DEMO_PASSWORD}）：")
        for user in users:
            self.stdout.write(f"  {user.username:<18} {user.get_role_display():<14} {_scope(user)}")
        self.stdout.write("")
