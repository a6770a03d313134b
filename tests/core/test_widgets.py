"""xixiang.core.widgets.Select writes exactly what Django's Select writes (a ModelChoiceField too),
and its TextInput and NumberInput what Django's inputs write."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from xixiang.core import widgets
from xixiang.core.widgets import Select as QuickSelect

CHOICES = [("", "---------"), ("a", "A&B <县>"), ("组", [("1", "一组"), ("2", '"二"组')]), (3, "三")]


@pytest.mark.parametrize("value", [None, "", "a", "1", 3, "missing"])
@pytest.mark.parametrize("attrs", [None, {"class": "form-select", "id": "id_department", "required": True,
                                          "disabled": False, "data-x": "<&>"}])
def test_the_markup_is_djangos(value, attrs):
    assert QuickSelect(choices=CHOICES, attrs=attrs).render("department", value) == (
        forms.Select(choices=CHOICES, attrs=attrs).render("department", value))


@pytest.mark.django_db
def test_a_model_choice_field_renders_the_same(world):
    from villages.models import Department

    field = forms.ModelChoiceField(queryset=Department.objects.order_by("code"), widget=QuickSelect)
    plain = forms.ModelChoiceField(queryset=Department.objects.order_by("code"))
    chosen = world.tongji.pk
    assert field.widget.render("department", chosen) == plain.widget.render("department", chosen)
    assert 'selected>县统计局</option>' in field.widget.render("department", chosen)


INPUT_ATTRS = {"class": "form-control catalogue-field", "id": "id_f", "maxlength": 20, "required": True,
               "disabled": False, "step": "0.01", "data-x": 'a"b<c>&'}


@pytest.mark.parametrize("value", [None, "", "F1", 'a"<b>&', 0, 3, "4500.00", 12.5, mark_safe("<i>安</i>")])
@pytest.mark.parametrize("attrs", [None, INPUT_ATTRS])
@pytest.mark.parametrize("quick, plain", [(widgets.TextInput, forms.TextInput),
                                          (widgets.NumberInput, forms.NumberInput)])
def test_the_quick_inputs_write_what_djangos_template_writes(quick, plain, value, attrs):
    assert quick(attrs=attrs).render("f<n>", value, {"placeholder": "门槛"}) == plain(attrs=attrs).render(
        "f<n>", value, {"placeholder": "门槛"})


def test_a_decimal_field_with_a_quick_number_input_renders_its_step_and_value_as_djangos():
    from decimal import Decimal

    quick = forms.DecimalField(decimal_places=2, max_digits=8, widget=widgets.NumberInput)
    plain = forms.DecimalField(decimal_places=2, max_digits=8)
    assert quick.widget.render("n", Decimal("12.50")) == plain.widget.render("n", Decimal("12.50"))
    assert 'step="0.01"' in quick.widget.render("n", Decimal("12.50"))
