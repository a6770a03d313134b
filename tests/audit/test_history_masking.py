"""History pages mask ID numbers exactly as the household page does (domain.md §3, §10)."""

import pytest
from django.urls import reverse

from tests.factories import next_id_number
from xixiang.lib.id_numbers import mask_id_number

from .test_history import member_edit_data


@pytest.fixture
def changed_numbers(world):
    """The clerk of 城关镇 changes the head's and the member's ID number of 王建国's household."""
    household = world.own_household
    member = household.members.get()
    old_number, new_number = household.head_id_number, next_id_number()
    data = member_edit_data(household, member, member.name)
    data["head_id_number"] = new_number
    data["members-0-id_number"] = new_number
    response = world.client_for("clerk_chengguan").post(
        reverse("households:household_edit", args=[household.number]), data)
    assert response.status_code == 302
    return household, old_number, new_number


def history_page(world, name: str, household) -> str:
    response = world.client_for(name).get(reverse("audit:object_history", args=["households.household", household.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["leader", "inspector1", "surveyor1", "cadre_wufeng"])
def test_roles_that_do_not_edit_the_household_see_its_history_with_id_numbers_masked(world, changed_numbers, name):
    household, old_number, new_number = changed_numbers
    page = history_page(world, name, household)
    assert old_number not in page and new_number not in page
    # the head's number and the member's number changed: both old → new pairs, masked
    assert page.count(f"<del>{mask_id_number(old_number)}</del>") == 2
    assert page.count(f"<ins>{mask_id_number(new_number)}</ins>") == 2


@pytest.mark.parametrize("name", ["admin", "clerk_chengguan"])
def test_roles_that_edit_the_household_see_its_history_with_full_id_numbers(world, changed_numbers, name):
    household, old_number, new_number = changed_numbers
    page = history_page(world, name, household)
    assert page.count(f"<del>{old_number}</del>") == 2
    assert page.count(f"<ins>{new_number}</ins>") == 2


def test_clerk_of_another_township_cannot_open_the_history_at_all(world, changed_numbers):
    household, _old, _new = changed_numbers
    response = world.client_for("clerk_xiakou").get(
        reverse("audit:object_history", args=["households.household", household.pk]))
    assert response.status_code == 404


def test_registering_masked_fields_without_a_rule_for_who_sees_them_is_refused():
    from households.models import Household
    from xixiang.audit import registry

    with pytest.raises(ValueError, match="reveals"):
        registry.register(Household, lambda user: Household.objects.none(), masked={"head_id_number": str})
