"""The demo users' table that `make run` prints after seeding (print_demo_logins): each active
user with role and scope, and the count the seeding message gives (the same users).

The scope is said for every role: the county for the administrator and the leader, the
township of a clerk, the village of a village cadre, the department of a scorer, the villages
of an inspection group or a surveyor (their townships and how many villages), the unit and the
households of an assisting cadre. Four queries whatever the number of users.
"""

from django.db.models import Count, Prefetch

from assistance.selectors import active_household_pairings
from villages.models import Village
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User

#: More townships than this are counted instead of named.
NAMED_TOWNSHIPS = 3
COUNTY = "全县"


def login_users():
    """The users the table lists (and the seeding message counts): the active ones, by id."""
    return User.objects.filter(is_active=True).order_by("id")


def login_rows() -> list[tuple[str, str, str]]:
    """(username, role, scope) of each user of login_users()."""
    users = list(
        login_users()
        .select_related("township", "village__township", "department", "cadre__unit", "cadre__village")
        .prefetch_related(
            Prefetch("assigned_villages", queryset=Village.objects.select_related("township").order_by("code"))
        )
    )
    paired = dict(
        active_household_pairings()
        .filter(cadre__user__in=[u.pk for u in users if u.role == Role.HELPER])
        .order_by()
        .values("cadre__user")
        .annotate(n=Count("household", distinct=True))
        .values_list("cadre__user", "n")
    )
    return [(user.username, user.get_role_display(), scope_of(user, paired.get(user.pk, 0))) for user in users]


def scope_of(user: User, paired_households: int = 0) -> str:
    """Where `user` works, in words (see the module's docstring); never empty."""
    role = user.role
    if role in (Role.ADMIN, Role.LEADER) or (user.is_superuser and not role):
        return COUNTY
    if role == Role.CLERK and user.township_id:
        return user.township.name
    if role == Role.VILLAGE_CADRE and user.village_id:
        return f"{user.village.township.name} {user.village.name}"
    if role == Role.SCORER and user.department_id:
        return user.department.name
    if role in (Role.INSPECTOR, Role.SURVEYOR):
        return _villages(list(user.assigned_villages.all()))
    if role == Role.HELPER:
        return _helper(user, paired_households)
    return "未指定"


def _villages(villages: list) -> str:
    if not villages:
        return "未分配村"
    townships = list(dict.fromkeys(village.township.name for village in villages))
    where = "、".join(townships) if len(townships) <= NAMED_TOWNSHIPS else f"{len(townships)} 个乡镇"
    return f"{where} {len(villages)} 个村"


def _helper(user: User, households: int) -> str:
    cadre = getattr(user, "cadre", None)
    if cadre is None:
        return "未登记为帮扶干部"
    unit = cadre.unit.name if cadre.unit_id else (cadre.village.name if cadre.village_id else "")
    return f"{unit} 帮扶 {households} 户".strip()


def count_message(password: str) -> str:
    """The seeding's last line: as many users as the table has rows."""
    return f"已建立 {login_users().count()} 个演示用户（密码 {password}）"
