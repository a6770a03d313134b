"""Demo users (spec/demo-data.md), all with the password xixiang2009."""

from django.contrib.auth.hashers import make_password

from villages.models import Department, Township, Village
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.core.demo import DEMO_PASSWORD

# username, role, full name, scope
DEMO_USERS = [
    ("admin", Role.ADMIN, "县升级晋档办", {}),
    ("leader", Role.LEADER, "县领导", {}),
    ("clerk_chengguan", Role.CLERK, "城关镇文书", {"township": "610724100"}),
    ("clerk_xiakou", Role.CLERK, "峡口镇文书", {"township": "610724108"}),
    ("cadre_wufeng", Role.VILLAGE_CADRE, "五丰村干部", {"village": ("610724100", "五丰村")}),
    ("scorer_tongji", Role.SCORER, "县统计局考评员", {"department": "县统计局"}),
    ("scorer_shuili", Role.SCORER, "县水利局考评员", {"department": "县水利局"}),
    ("inspector1", Role.INSPECTOR, "检查验收一组", {"assigned_township": "610724100"}),
    ("surveyor1", Role.SURVEYOR, "统计调查员", {"assigned_township": "610724100"}),
    ("helper1", Role.HELPER, "帮扶干部", {}),
]


def seed(ctx) -> None:
    password = make_password(DEMO_PASSWORD)  # hash once: PBKDF2 is deliberately slow
    for username, role, full_name, scope in DEMO_USERS:
        user = User(username=username, role=role, first_name=full_name, password=password,
                    is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
        if "township" in scope:
            user.township = Township.objects.get(code=scope["township"])
        if "village" in scope:
            township_code, name = scope["village"]
            user.village = Village.objects.get(township__code=township_code, name=name)
        if "department" in scope:
            user.department = Department.objects.get(name=scope["department"])
        user.save()
        if "assigned_township" in scope:
            user.assigned_villages.set(Village.objects.filter(township__code=scope["assigned_township"]))
    ctx.progress(f"已建立 {len(DEMO_USERS)} 个基本演示用户（其余在考核数据中建立，总数见最后）")


def reset(ctx) -> None:
    User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).delete()
