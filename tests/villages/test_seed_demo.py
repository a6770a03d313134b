"""The demo county: article figures, scopes of the demo users, refusal of a non-empty database.

The county is seeded once for the run (`demo_county` in tests/conftest.py); each test's writes are undone."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from assessment.models import VillageResult
from households.models import Household
from villages import scope as village_scope
from villages.demo import COOPERATING_DEPARTMENTS, LEAD_DEPARTMENTS
from villages.models import Department, Group, Township, Village, VillageGrade
from xixiang.accounts.models import User


@pytest.fixture
def demo(demo_county, db):
    return demo_county


def test_demo_county_has_23_townships_and_267_villages(demo):
    assert Township.objects.count() == 23
    assert Village.objects.count() == 267
    assert set(Village.objects.filter(township__name="罗镇").values_list("name", flat=True)) == {
        "马桑湾村", "三坪村", "檀木坝村", "三合村", "罗镇村", "蒋家坝村", "店子村", "松山村"}
    assert Village.objects.get(code="610724100201").name == "五丰村"


def test_groups_are_3_to_10_per_village_with_codes_under_the_village(demo):
    per_village = Village.objects.annotate(n=Count("groups")).values_list("n", flat=True)
    assert min(per_village) >= 3 and max(per_village) <= 10
    assert all(g.code.startswith(g.village.code) and len(g.code) == 14 for g in Group.objects.select_related("village"))


def test_2008_grades_are_9_in_grade_3_and_258_in_grade_4(demo):
    counts = dict(VillageGrade.objects.filter(year=2008).values_list("grade").annotate(n=Count("id")))
    assert counts == {3: 9, 4: 258}


def test_the_18_catalogue_departments_exist(demo):
    names = set(Department.objects.values_list("name", flat=True))
    assert len(LEAD_DEPARTMENTS) == 10 and len(COOPERATING_DEPARTMENTS) == 8
    assert set(LEAD_DEPARTMENTS) | set(COOPERATING_DEPARTMENTS) <= names


def test_poor_villages_number_153(demo):
    assert Village.objects.filter(is_poor=True).count() == 153
    assert Village.objects.filter(is_key_poverty=True).count() == 23


def test_households_cover_all_five_categories_with_valid_numbers(demo):
    assert set(Household.objects.values_list("category", flat=True)) == {
        "demonstration", "well_off", "subsistence", "needs_help", "care"}
    household = Household.objects.select_related("group").first()
    assert household.number.startswith(household.group.code)
    assert household.members.filter(relation="head", id_number=household.head_id_number).exists()
    assert sorted(household.income_records.values_list("year", flat=True)) == [2008, 2009]


def test_demo_users_have_their_scopes(demo):
    clerk = User.objects.get(username="clerk_chengguan")
    assert clerk.check_password("xixiang2009")
    assert set(village_scope.townships(clerk).values_list("name", flat=True)) == {"城关镇"}
    assert village_scope.villages(User.objects.get(username="cadre_wufeng")).get().name == "五丰村"
    assert village_scope.villages(User.objects.get(username="inspector1")).count() == 16


def test_seed_demo_refuses_a_non_empty_database(demo):
    with pytest.raises(CommandError, match="数据库不是空的"):
        call_command("seed_demo", "--scale", "tiny")


def test_seed_demo_is_deterministic_for_a_seed(demo, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "archives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}

    def snapshot():
        households = Household.objects.order_by("number").values_list(
            "number", "head_name", "head_id_number", "category")
        results = VillageResult.objects.order_by("cycle__year", "village__code").values_list(
            "cycle__year", "village__code", "total", "grade")
        return list(households), list(results)

    first = snapshot()
    call_command("seed_demo", "--scale", "tiny", "--reset", stdout=io.StringIO())
    again = snapshot()
    assert (len(first[0]), len(first[1])) == (1066, 267)
    assert first == again
    assert Village.objects.count() == 267


def test_print_demo_logins_lists_users_with_scope_and_password(demo):
    out = io.StringIO()
    call_command("print_demo_logins", stdout=out)
    lines = out.getvalue().splitlines()
    users = User.objects.filter(is_active=True).count()
    assert f"演示用户（{users} 个，密码均为 xixiang2009）：" in lines
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("  ")}
    assert len(rows) == users, out.getvalue()
    assert rows["admin"] == ["县升级晋档办（管理员）", "全县"]
    assert rows["leader"] == ["县领导", "全县"]
    assert rows["clerk_chengguan"] == ["乡镇文书", "城关镇"]
    assert rows["cadre_wufeng"] == ["村干部", "城关镇", "五丰村"]
    assert rows["scorer_tongji"] == ["部门考评员", "县统计局"]
    assert rows["inspector1"] == ["检查验收组", "城关镇", "16", "个村"]
    assert rows["surveyor2"] == ["统计调查员", "22", "个乡镇", f"{Village.objects.count() - 16}", "个村"]
    helper = User.objects.get(username="helper1").cadre
    paired = helper.household_pairings.filter(end_date__isnull=True).values("household").distinct().count()
    assert paired > 0
    assert rows["helper1"] == ["帮扶干部", helper.unit.name, "帮扶", str(paired), "户"]
    assert all(scope for scope in rows.values()), "every user has a scope"


def test_the_seeding_message_counts_the_rows_of_the_table(demo):
    out = io.StringIO()
    call_command("print_demo_logins", stdout=out)
    rows = len([line for line in out.getvalue().splitlines() if line.startswith("  ")])
    counted = [line for line in demo.output.splitlines() if "个演示用户（密码" in line]
    assert len(counted) == 1 and f"已建立 {rows} 个演示用户（密码 xixiang2009）" in counted[0]
    assert rows == User.objects.filter(is_active=True).count() > 10


def test_the_demo_table_reads_a_fixed_number_of_queries(demo, django_assert_num_queries):
    """Users (with township, village, department, cadre), their assigned villages, paired households."""
    from home.demo_logins import login_rows

    with django_assert_num_queries(3):
        rows = login_rows()
    assert len(rows) == User.objects.filter(is_active=True).count()
