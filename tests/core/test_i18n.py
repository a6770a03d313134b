"""Chinese pages carry no English left over from Django, and English pages no Chinese."""

from django.urls import reverse


def test_the_empty_choice_of_a_select_is_chinese_on_a_chinese_page(world):
    page = world.client_for("clerk_chengguan").get(
        reverse("households:household_edit", args=[world.own_household.number])).content.decode()
    assert "- 请选择 -" in page
    assert "Select an option" not in page
