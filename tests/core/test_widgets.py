"""xixiang.core.widgets.Select writes exactly what Django's Select writes (a ModelChoiceField too)."""

import pytest
from django import forms

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
