from django.urls import reverse

from tests.factories import GroupFactory, HouseholdFactory
from villages.models import Group


def test_township_page_lists_its_villages_with_household_counts(world):
    response = world.client_for("admin").get(reverse("villages:township_detail", args=["610724100"]))
    villages = list(response.context["villages"])
    assert [(v.name, v.household_count) for v in villages] == [("五丰村", 1)]
    assert response.context["totals"] == {"households": 1, "people": 3}


def test_village_list_filters_by_township(world):
    response = world.client_for("admin").get(reverse("villages:village_list"), {"township": world.xiakou.code})
    assert [row.record.name for row in response.context["table"].page.object_list] == ["江榜村"]


def test_village_page_shows_groups_and_grade_history(world):
    world.wufeng.grades.create(year=2008, grade=3, source="2008 年摸底评定")
    response = world.client_for("cadre_wufeng").get(reverse("villages:village_detail", args=[world.wufeng.code]))
    assert [(g.name, g.household_count, g.people) for g in response.context["groups"]] == [("一组", 1, 3)]
    assert [(g.year, g.grade) for g in response.context["grades"]] == [(2008, 3)]
    assert response.context["can_edit"] is False


def test_village_page_counts_each_groups_households_and_people(world):
    second = GroupFactory(village=world.wufeng, code="61072410020102", name="二组")
    GroupFactory(village=world.wufeng, code="61072410020103", name="三组")  # no household yet
    for residents in (2, 5):
        HouseholdFactory(group=second, resident_count=residents)
    response = world.client_for("clerk_chengguan").get(reverse("villages:village_detail", args=[world.wufeng.code]))
    rows = [(g.name, g.household_count, g.people) for g in response.context["groups"]]
    assert sorted(rows) == sorted([("一组", 1, 3), ("二组", 2, 7), ("三组", 0, 0)])


def test_clerk_creates_a_group_with_a_code_under_the_village(world):
    client = world.client_for("clerk_chengguan")
    response = client.post(
        reverse("villages:group_create", args=[world.wufeng.code]), {"code": "61072410020102", "name": "二组"}
    )
    assert response.status_code == 302
    assert Group.objects.get(code="61072410020102").village == world.wufeng


def test_group_code_outside_the_village_is_refused(world):
    client = world.client_for("clerk_chengguan")
    response = client.post(
        reverse("villages:group_create", args=[world.wufeng.code]), {"code": "61072410820109", "name": "二组"}
    )
    assert response.context["form"].errors["code"] == ["组编码必须是村编码 610724100201 加 2 位数字"]
    assert not Group.objects.filter(code="61072410820109").exists()


def test_duplicate_group_code_is_refused(world):
    client = world.client_for("clerk_chengguan")
    response = client.post(
        reverse("villages:group_create", args=[world.wufeng.code]), {"code": world.wufeng_group.code, "name": "新组"}
    )
    assert response.context["form"].errors["code"] == ["具有 编码 的 村民小组 已存在。"]


def test_clerk_cannot_create_a_group_in_another_township(world):
    response = world.client_for("clerk_chengguan").post(
        reverse("villages:group_create", args=[world.jiangbang.code]), {"code": "61072410820102", "name": "二组"}
    )
    assert response.status_code == 404
    assert not Group.objects.filter(code="61072410820102").exists()


def test_group_code_is_read_only_when_editing(world):
    client = world.client_for("clerk_chengguan")
    response = client.post(
        reverse("villages:group_edit", args=[world.wufeng_group.code]), {"code": "61072410020199", "name": "一组（东）"}
    )
    assert response.status_code == 302
    world.wufeng_group.refresh_from_db()
    assert (world.wufeng_group.code, world.wufeng_group.name) == ("61072410020101", "一组（东）")


def test_group_page_lists_its_households(world):
    response = world.client_for("leader").get(reverse("villages:group_detail", args=[world.wufeng_group.code]))
    assert [row.record.head_name for row in response.context["table"].page.object_list] == ["王建国"]


def test_the_group_page_runs_a_fixed_number_of_queries_whatever_its_households(world):
    """Each row's township, village and group come with the page's query (HouseholdTable.rows):
    the page once read each row's township on its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("admin")
    url = reverse("villages:group_detail", args=[world.wufeng_group.code])
    counts = []
    for more in (0, 5):
        for _ in range(more):
            HouseholdFactory(group=world.wufeng_group)
        client.get(url)  # the cached household figures computed after the change
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["table"].page.object_list) == 1 + more
        counts.append(len(queries))
    assert counts == [7, 7]
