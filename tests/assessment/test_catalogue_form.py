"""The indicator catalogue editor's forms (issue 17): cooperating departments among the county
departments only, in a searchable multi-select; the sample rate shown and typed as a percentage."""

from decimal import Decimal

import pytest

from assessment.forms import IndicatorForm, SettingsForm
from assessment.models import AssessmentSettings
from tests.factories import DepartmentFactory
from villages.choices import DepartmentKind


@pytest.fixture
def units(db):
    return {
        "water": DepartmentFactory(name="县水利局", code="D101", kind=DepartmentKind.COUNTY_DEPARTMENT),
        "stats": DepartmentFactory(name="县统计局", code="D102", kind=DepartmentKind.COUNTY_DEPARTMENT),
        "tea": DepartmentFactory(name="西乡茶业公司", code="E101", kind=DepartmentKind.ENTERPRISE),
    }


def indicator_data(**values) -> dict:
    data = {"code": "A9", "dimension": "A", "name": "测试指标", "unit": "", "max_points": "5",
            "source": "direct", "mapping": "", "floor": "", "target": "", "order": "9",
            "lead_department": "县统计局", "tiers_text": ""}
    data.update(values)
    return data


def test_cooperating_departments_are_the_county_departments_only(units):
    form = IndicatorForm()
    assert form.fields["cooperating"].choices == [("县水利局", "县水利局"), ("县统计局", "县统计局")]
    widget = form["cooperating"].as_widget()
    assert 'data-searchable="true"' in widget and 'data-search-placeholder="搜索部门"' in widget
    assert "catalogue-field" in widget and "style=" not in widget


def test_a_posted_enterprise_is_refused_with_a_chinese_message(units):
    form = IndicatorForm(indicator_data(cooperating=["县水利局", "西乡茶业公司"]))
    assert not form.is_valid()
    assert form.errors["cooperating"] == ["“西乡茶业公司”不是县直部门：配合部门只能从县直部门中选择"]
    form = IndicatorForm(indicator_data(cooperating=["县水利局"]))
    assert form.is_valid(), form.errors
    assert form.instance.cooperating_departments == "县水利局"


def test_every_catalogue_field_fills_its_cell_by_a_css_class(units):
    form = IndicatorForm()
    for name in ("code", "name", "max_points", "lead_department", "cooperating", "tiers_text", "floor"):
        assert "catalogue-field" in form.fields[name].widget.attrs["class"], name


def settings_data(rate: str) -> dict:
    return {"grade1_min": "85", "grade2_min": "70", "grade3_min": "55", "sample_rate": rate, "sample_min": "10",
            "county_reward_amount": "29000", "county_reward_count": "5", "township_reward_amount": "23000"}


@pytest.mark.django_db
def test_the_sample_rate_is_shown_as_a_percentage_and_stored_as_a_fraction():
    settings = AssessmentSettings.objects.get_or_create(pk=1)[0]
    settings.sample_rate = Decimal("0.125")
    settings.save()
    form = SettingsForm(instance=settings)
    assert form.initial["sample_rate"] == "12.5"
    assert 'value="12.5"' in str(form["sample_rate"]) and form.fields["sample_rate"].label == "抽样比例（%）"
    for typed, stored in (("10", Decimal("0.100")), ("15%", Decimal("0.150")), (" 12.5 % ", Decimal("0.125"))):
        form = SettingsForm(settings_data(typed), instance=settings)
        assert form.is_valid(), form.errors
        form.save()
        settings.refresh_from_db()
        assert settings.sample_rate == stored
        assert SettingsForm(instance=settings).initial["sample_rate"] == typed.strip().removesuffix("%").strip()
    for bad in ("0", "101", "abc", "12.55", "-5"):
        form = SettingsForm(settings_data(bad), instance=settings)
        assert form.errors["sample_rate"] == ["抽样比例应为 0.1 到 100 之间的百分数，最多一位小数，如 10 或 12.5"], bad



def test_floor_and_target_show_the_indicators_unit_beside_them(scoring_cycle):
    from django.urls import reverse

    body = scoring_cycle.client_for("admin").get(reverse("assessment:catalogue")).content.decode()
    rows = body.split("<tr>")
    a2 = next(row for row in rows if 'name="indicators-1-code"' in row)
    assert 'value="A2"' in a2
    assert a2.count('<span class="input-group-text" data-unit>%</span>') == 2  # floor 20 %, target 80 %
    assert "data-unit" not in next(row for row in rows if 'value="C2"' in row)  # directly scored: no unit
