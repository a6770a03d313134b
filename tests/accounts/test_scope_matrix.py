"""The scope matrix: each role × each object type × own (城关镇) and other (峡口镇) township."""

import pytest
from django.urls import reverse

OWN, OTHER = "own", "other"


def detail_url(world, kind: str, side: str) -> str:
    township = world.chengguan if side == OWN else world.xiakou
    village = world.wufeng if side == OWN else world.jiangbang
    group = world.wufeng_group if side == OWN else world.jiangbang_group
    household = world.own_household if side == OWN else world.other_household
    return {
        "township": reverse("villages:township_detail", args=[township.code]),
        "village": reverse("villages:village_detail", args=[village.code]),
        "group": reverse("villages:group_detail", args=[group.code]),
        "household": reverse("households:household_detail", args=[household.number]),
        "household_history": reverse("audit:object_history", args=["households.household", household.pk]),
        "village_history": reverse("audit:object_history", args=["villages.village", village.pk]),
    }[kind]


KINDS = ["township", "village", "group", "household", "household_history", "village_history"]

# role → {kind: (own status, other status)}
EXPECTED = {
    "admin": {k: (200, 200) for k in KINDS},
    "leader": {k: (200, 200) for k in KINDS},
    "clerk_chengguan": {k: (200, 404) for k in KINDS},
    "clerk_xiakou": {k: (404, 200) for k in KINDS},
    "cadre_wufeng": {k: (200, 404) for k in KINDS},
    "scorer_tongji": {"township": (200, 200), "village": (200, 200), "group": (200, 200),
                      "household": (404, 404), "household_history": (404, 404), "village_history": (200, 200)},
    "inspector1": {k: (200, 404) for k in KINDS},
    "surveyor1": {k: (200, 404) for k in KINDS},
    "helper1": {k: (404, 404) for k in KINDS},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("kind", KINDS)
def test_detail_pages_answer_by_role_and_township(world, role, kind):
    client = world.client_for(role)
    own, other = EXPECTED[role][kind]
    assert client.get(detail_url(world, kind, OWN)).status_code == own
    assert client.get(detail_url(world, kind, OTHER)).status_code == other


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_visitor_is_sent_to_login(world, kind):
    url = detail_url(world, kind, OWN)
    response = world.client_for("anonymous").get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("role,own,other", [
    ("admin", 200, 200), ("clerk_chengguan", 200, 404), ("clerk_xiakou", 404, 200),
    ("leader", 403, 403), ("cadre_wufeng", 403, 404), ("scorer_tongji", 404, 404),
    ("inspector1", 403, 404), ("helper1", 404, 404),
])
def test_household_edit_page_by_role(world, role, own, other):
    client = world.client_for(role)
    assert client.get(reverse("households:household_edit", args=[world.own_household.number])).status_code == own
    assert client.get(reverse("households:household_edit", args=[world.other_household.number])).status_code == other


@pytest.mark.parametrize("role,own,other", [
    ("admin", 200, 200), ("clerk_chengguan", 200, 404), ("leader", 403, 403),
    ("cadre_wufeng", 403, 404), ("scorer_tongji", 403, 403),
])
def test_village_edit_page_by_role(world, role, own, other):
    client = world.client_for(role)
    assert client.get(reverse("villages:village_edit", args=[world.wufeng.code])).status_code == own
    assert client.get(reverse("villages:village_edit", args=[world.jiangbang.code])).status_code == other


@pytest.mark.parametrize("role,status", [
    ("admin", 200), ("clerk_chengguan", 200), ("leader", 403), ("cadre_wufeng", 403), ("scorer_tongji", 403),
])
def test_household_create_page_by_role(world, role, status):
    assert world.client_for(role).get(reverse("households:household_create")).status_code == status


@pytest.mark.parametrize("role,visible", [
    ("admin", {"王建国", "李明华"}), ("leader", {"王建国", "李明华"}),
    ("clerk_chengguan", {"王建国"}), ("clerk_xiakou", {"李明华"}), ("cadre_wufeng", {"王建国"}),
    ("scorer_tongji", set()), ("inspector1", {"王建国"}), ("helper1", set()),
])
def test_household_list_shows_only_rows_in_scope(world, role, visible):
    response = world.client_for(role).get(reverse("households:household_list"))
    assert response.status_code == 200
    assert {row.record.head_name for row in response.context["table"].page.object_list} == visible


@pytest.mark.parametrize("role,visible", [
    ("admin", {"城关镇", "峡口镇"}), ("clerk_chengguan", {"城关镇"}), ("clerk_xiakou", {"峡口镇"}),
    ("cadre_wufeng", {"城关镇"}), ("helper1", set()),
])
def test_township_list_and_its_drop_downs_show_only_townships_in_scope(world, role, visible):
    client = world.client_for(role)
    listed = {t.name for t in client.get(reverse("villages:township_list")).context["townships"]}
    assert listed == visible
    choices = client.get(reverse("households:household_list")).context["filter"].form.fields["township"].queryset
    assert {t.name for t in choices} == visible


def test_clerk_cannot_post_to_household_of_other_township(world):
    household = world.other_household
    response = world.client_for("clerk_chengguan").post(
        reverse("households:household_edit", args=[household.number]), {"head_name": "改名"}
    )
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.head_name == "李明华"


def test_clerk_cannot_delete_household_of_other_township(world):
    response = world.client_for("clerk_chengguan").post(
        reverse("households:household_delete", args=[world.other_household.number])
    )
    assert response.status_code == 404
    assert type(world.other_household).objects.filter(pk=world.other_household.pk).exists()


def test_leader_cannot_delete_a_household(world):
    response = world.client_for("leader").post(
        reverse("households:household_delete", args=[world.own_household.number])
    )
    assert response.status_code == 403
    assert type(world.own_household).objects.filter(pk=world.own_household.pk).exists()
