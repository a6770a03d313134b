"""The catalogue's quick selects (xixiang/core/widgets.py) write exactly what Django's widget
templates write, and the catalogue's rows are written exactly as with Django's widgets."""

import pytest
from django import forms
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from assessment import forms as assessment_forms
from xixiang.core import widgets

CHOICES = [
    ("", "—"),
    (None, "无"),
    ("a&b", "A & B <局>"),
    ("q\"", mark_safe("<b>已转义</b>")),
    (3, gettext_lazy("满意")),
    ("县水利局", "县水利局"),
    ("县水利局", "重复的值"),
]
GROUPED = [("x", "X"), ("组<1>", [("y", "Y"), ("z", "Z&")]), ("", [("w", "W")])]
PAIRS = [(widgets.Select, forms.Select), (widgets.SelectMultiple, forms.SelectMultiple)]
ATTRS = {"class": "form-select catalogue-field", "size": 5, "data-searchable": True, "hidden": False,
         "data-x": 'a"b<c>', "id": "id_f"}


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", [None, "", "a&b", "3", "县水利局", ["a&b", "3"], ["z", "w"], "z", ["none"], [None]])
@pytest.mark.parametrize("attrs", [None, ATTRS])
@pytest.mark.parametrize("quick, plain", PAIRS)
def test_the_quick_selects_write_what_djangos_templates_write(quick, plain, choices, value, attrs):
    assert quick(attrs=attrs, choices=choices).render("f<n>", value, {"required": True}) == plain(
        attrs=attrs, choices=choices).render("f<n>", value, {"required": True})


@pytest.mark.parametrize("value", [None, "", "a&b", "3", "县水利局", ["a&b", "3", "县水利局"]])
@pytest.mark.parametrize("quick, plain", PAIRS)
def test_shared_escaped_choices_write_what_djangos_templates_write(quick, plain, value):
    shared = widgets.Choices(CHOICES)
    assert shared == [("" if v is None else v, label) for v, label in CHOICES] and len(shared) == len(CHOICES)
    assert quick(choices=shared).render("f", value) == plain(choices=CHOICES).render("f", value)


def test_a_field_keeps_shared_choices_as_they_are_and_validates_against_them():
    field = forms.MultipleChoiceField(choices=widgets.Choices([("a", "A"), ("b", "B")]), widget=widgets.SelectMultiple)
    assert field.widget.choices is field.choices
    assert field.clean(["a"]) == ["a"]
    with pytest.raises(forms.ValidationError):
        field.clean(["c"])


def test_the_catalogue_page_is_written_as_with_djangos_own_widgets(scoring_cycle, monkeypatch):
    client = scoring_cycle.client_for("admin")
    quick = client.get(reverse("assessment:catalogue")).content.decode()
    assert quick.count("<option") > 100 and quick.count("<input") > 40
    monkeypatch.setattr(widgets._QuickOptions, "render", forms.Select.render)  # Django's template path
    monkeypatch.setattr(widgets._QuickInput, "render", forms.Widget.render)
    monkeypatch.setattr(assessment_forms.quick, "Choices", list)
    plain = client.get(reverse("assessment:catalogue")).content.decode()

    def without_token(page: str) -> str:
        return page.replace(page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0], "")

    assert without_token(quick) == without_token(plain)
