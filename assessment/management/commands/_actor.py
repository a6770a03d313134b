"""Commands act as a county administrator (recorded in the history of what they change)."""

from django.core.management.base import CommandError

from xixiang.accounts.choices import Role
from xixiang.accounts.models import User


def add_user_argument(parser) -> None:
    parser.add_argument("--user", help="以哪个管理员账号的名义操作（默认：第一个管理员）")


def command_actor(username: str | None) -> User:
    admins = User.objects.filter(is_active=True).filter(role=Role.ADMIN) | User.objects.filter(
        is_active=True, is_superuser=True
    )
    if username:
        actor = admins.filter(username=username).first()
        if actor is None:
            raise CommandError(f"“{username}”不是有效的管理员账号")
        return actor
    actor = admins.order_by("pk").first()
    if actor is None:
        raise CommandError("系统中没有管理员账号；请先建立管理员（createsuperuser）")
    return actor
