import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import GroupFactory, HouseholdFactory

LIST_QUERIES = 7  # session, user, township and village drop-downs, count, page keys, page rows


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params,expected",
    [
        ("", LIST_QUERIES),
        ("?per_page=100", LIST_QUERIES),
        ("?q=王", LIST_QUERIES),
        ("?page=2&per_page=5", LIST_QUERIES),
        ("?township=610724100&category=well_off", LIST_QUERIES + 1),  # + resolving the chosen township
    ],
)
def test_household_list_runs_a_fixed_number_of_queries_whatever_the_data_size(world, params, expected):
    client = world.client_for("admin")
    url = reverse("households:household_list") + params
    HouseholdFactory.create_batch(12, group=world.wufeng_group)
    small = query_count(client, url)
    HouseholdFactory.create_batch(60, group=world.wufeng_group)
    assert query_count(client, url) == small == expected


def test_id_number_search_adds_exactly_one_query(world):
    client = world.client_for("admin")
    url = reverse("households:household_list") + "?q=" + world.other_household.head_id_number
    assert query_count(client, url) == LIST_QUERIES + 1


def test_search_finds_by_name_number_prefix_and_member_id_number(world):
    client = world.client_for("admin")
    member_id = world.own_household.members.get().id_number

    def found(q):
        response = client.get(reverse("households:household_list"), {"q": q})
        return {row.record.number for row in response.context["table"].page.object_list}

    assert found("建国") == {world.own_household.number}
    assert found("610724108") == {world.other_household.number}
    assert found(member_id) == {world.own_household.number}
    assert found(member_id.lower()) == {world.own_household.number}
    assert found("61072419000101000X") == set()


def test_filters_by_village_group_category_and_industry(world):
    client = world.client_for("admin")
    HouseholdFactory(group=world.wufeng_group, head_name="种茶户", industry_tea=True)

    def found(**params):
        response = client.get(reverse("households:household_list"), params)
        return {row.record.head_name for row in response.context["table"].page.object_list}

    assert found(village=world.jiangbang.code) == {"李明华"}
    assert found(group=world.wufeng_group.code) == {"王建国", "种茶户"}
    assert found(industry="tea") == {"种茶户"}
    assert found(category=world.own_household.category) == {"王建国", "李明华"}


def test_id_numbers_are_masked_for_roles_that_do_not_edit(world):
    number = world.own_household.head_id_number
    leader_page = world.client_for("leader").get(reverse("households:household_list")).content.decode()
    clerk_page = world.client_for("clerk_chengguan").get(reverse("households:household_list")).content.decode()
    assert number not in leader_page and f"{number[:6]}********{number[-4:]}" in leader_page
    assert number in clerk_page


def test_household_page_masks_member_id_numbers_for_the_village_cadre(world):
    household = world.own_household
    page = (
        world.client_for("cadre_wufeng")
        .get(reverse("households:household_detail", args=[household.number]))
        .content.decode()
    )
    assert household.head_id_number not in page
    assert household.masked_head_id_number in page


def test_list_is_sortable_by_per_capita_income(world):
    from decimal import Decimal

    rich = HouseholdFactory(group=world.wufeng_group, latest_per_capita_income=Decimal("9000"))
    poor = HouseholdFactory(group=world.wufeng_group, latest_per_capita_income=Decimal("900"))
    client = world.client_for("admin")

    def order(sort):
        response = client.get(reverse("households:household_list"), {"sort": sort})
        return [r.record.pk for r in response.context["table"].page.object_list if r.record.pk in {rich.pk, poor.pk}]

    assert order("-latest_per_capita_income") == [rich.pk, poor.pk]
    assert order("latest_per_capita_income") == [poor.pk, rich.pk]


def test_the_group_filter_offers_the_groups_of_the_chosen_village_in_scope(world):
    second = GroupFactory(village=world.wufeng, code="61072410020102", name="二组")
    client = world.client_for("clerk_chengguan")
    url = reverse("households:household_list")
    field = client.get(url, {"village": world.wufeng.code}).context["filter"].form.fields["group"]
    assert [(g.code, g.name) for g in field.queryset] == [(world.wufeng_group.code, "一组"), (second.code, "二组")]
    assert '<select name="group"' in client.get(url).content.decode()
    assert list(client.get(url).context["filter"].form.fields["group"].queryset) == []
    other = client.get(url, {"village": world.jiangbang.code, "group": world.jiangbang_group.code})
    assert list(other.context["filter"].form.fields["group"].queryset) == []  # another township's group


def test_a_chosen_village_and_group_keep_the_query_count_fixed(world):
    client = world.client_for("admin")
    url = reverse("households:household_list") + f"?village={world.wufeng.code}&group={world.wufeng_group.code}"
    small = query_count(client, url)
    HouseholdFactory.create_batch(30, group=world.wufeng_group)
    # + resolving the chosen village and group, the group drop-down, the cards button's working year
    assert query_count(client, url) == small == LIST_QUERIES + 4
