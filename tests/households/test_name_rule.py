"""One rule for people's names (households/rules.py): the household form and the roster import
refuse the same names with the same message."""

import unittest

import pytest
from django.urls import reverse

from households.models import Household
from households.roster.block_checks import parse_household_block, parse_member_block
from households.roster.validation import parse_household, parse_member
from households.rules import person_name_problem

from .roster.test_validation import TODAY, household_cells, member_cells
from .test_household_form import new_household_data

FORMULA = "不能以 =、+、-、@ 开头（疑似公式）"
BAD_HEAD_NAMES = {
    "=1+1": FORMULA,
    "+8613912345678": FORMULA,
    "-张三": FORMULA,
    "@SUM(A1)": FORMULA,
    "张": "应为 2–20 个字，现在是 1 个字",
    "张" * 21: "应为 2–20 个字，现在是 21 个字",
}


class NameRuleTests(unittest.TestCase):
    def test_a_name_of_the_allowed_length_that_does_not_look_like_a_formula_passes(self):
        self.assertIsNone(person_name_problem("张三", minimum=2))
        self.assertIsNone(person_name_problem("王", minimum=1))
        self.assertIsNone(person_name_problem("张" * 20, minimum=2))

    def test_blank_formula_like_and_wrong_length_names_are_named(self):
        self.assertEqual(person_name_problem("", minimum=1), "不能为空")
        for name, message in BAD_HEAD_NAMES.items():
            self.assertEqual(person_name_problem(name, minimum=2), message, name)


def _household_form_errors(world, **data):
    response = world.client_for("clerk_chengguan").post(reverse("households:household_create"),
                                                        new_household_data(world, **data))
    assert response.status_code == 200
    assert not Household.objects.filter(number="61072410020101555").exists()
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_HEAD_NAMES)
def test_the_form_and_the_import_refuse_a_bad_head_name_with_the_same_message(world, name):
    form_errors = _household_form_errors(world, head_name=name).context["form"].errors["head_name"]
    _row, problems = parse_household(household_cells(head_name=name), TODAY)
    assert form_errors == [BAD_HEAD_NAMES[name]]
    assert problems == [("户主姓名", BAD_HEAD_NAMES[name])]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["=1+1", "+8613912345678", "张" * 21])
def test_the_form_and_the_import_refuse_a_bad_member_name_with_the_same_message(world, name):
    response = _household_form_errors(world, **{"members-0-name": name})
    _row, problems = parse_member(member_cells(name=name), TODAY)
    message = FORMULA if name[0] in "=+" else "应为 1–20 个字，现在是 21 个字"
    assert response.context["members"].forms[0].errors["name"] == [message]
    assert problems == [("姓名", message)]


def test_a_formula_like_name_among_a_thousand_usual_rows_is_refused_on_its_row_by_the_fast_path():
    for name in ("=1+1", "+8613912345678", "-1", "@A1"):
        households = [household_cells() for _ in range(999)] + [household_cells(head_name=name)]
        results = parse_household_block(households, TODAY)
        assert [list(problems) for _row, problems in results[:999]] == [[]] * 999
        assert list(results[999][1]) == [("户主姓名", FORMULA)]
        members = [member_cells() for _ in range(999)] + [member_cells(name=name)]
        results = parse_member_block(members, TODAY)
        assert [list(problems) for _row, problems in results[:999]] == [[]] * 999
        assert list(results[999][1]) == [("姓名", FORMULA)]
