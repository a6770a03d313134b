"""The default catalogue (data migration), its editing and the copy into each cycle."""

from decimal import Decimal

import pytest

from assessment import services
from assessment.models import AssessmentSettings, Cycle, CycleIndicator, Indicator
from xixiang.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_default_catalogue_has_fifteen_indicators_in_five_dimensions_worth_one_hundred_points():
    indicators = list(Indicator.objects.order_by("order"))
    assert [i.code for i in indicators] == "A1 A2 A3 B1 B2 B3 C1 C2 C3 D1 D2 D3 E1 E2 E3".split()
    assert sum(i.max_points for i in indicators) == Decimal("100")
    assert {i.dimension for i in indicators} == {"A", "B", "C", "D", "E"}
    assert len({i.lead_department for i in indicators}) == 10
    assert len({n for i in indicators for n in i.cooperating_names}) == 8


def test_default_a1_is_the_survey_mapped_by_the_article_tiers():
    a1 = Indicator.objects.get(code="A1")
    assert (a1.name, a1.max_points, a1.lead_department, a1.source, a1.mapping) == (
        "农民人均纯收入",
        Decimal("20.0"),
        "县统计局",
        "survey",
        "tiers",
    )
    assert a1.tiers == [["4500", "20"], ["3500", "16"], ["2800", "12"], ["2000", "8"], ["1196", "4"]]
    assert Indicator.objects.get(code="E3").cooperating_names == ["县考核办"]
    assert Indicator.objects.get(code="A2").cooperating_names == ["县茶叶局", "县畜牧兽医局"]


def test_default_thresholds_and_rewards():
    s = AssessmentSettings.current()
    assert (s.grade1_min, s.grade2_min, s.grade3_min) == (Decimal("85.0"), Decimal("70.0"), Decimal("55.0"))
    assert (s.county_reward_amount, s.county_reward_count, s.township_reward_amount) == (
        Decimal("29000.00"),
        5,
        Decimal("23000.00"),
    )
    assert (s.sample_rate, s.sample_min) == (Decimal("0.100"), 10)


def test_catalogue_whose_maxima_do_not_add_up_to_one_hundred_is_refused_and_nothing_stored(world, departments):
    indicators = list(Indicator.objects.all())
    b1 = next(i for i in indicators if i.code == "B1")
    b1.max_points = Decimal("8")
    with pytest.raises(DomainError) as exc:
        services.catalogue_update(actor=world.users["admin"], indicators=indicators)
    assert exc.value.message == "各指标满分合计为 101 分，应为 100 分"
    assert Indicator.objects.get(code="B1").max_points == Decimal("7.0")


def test_catalogue_edit_moving_points_between_indicators_is_saved(world, departments):
    indicators = list(Indicator.objects.all())
    by_code = {i.code: i for i in indicators}
    by_code["B1"].max_points, by_code["B2"].max_points = Decimal("8"), Decimal("6")
    services.catalogue_update(actor=world.users["admin"], indicators=indicators)
    assert Indicator.objects.get(code="B1").max_points == Decimal("8.0")
    change = Indicator.history.filter(code="B1").latest("history_date")
    assert (change.history_type, change.max_points, change.history_user) == ("~", Decimal("8.0"), world.users["admin"])


def test_catalogue_with_an_unknown_department_is_refused(world, departments):
    indicators = list(Indicator.objects.all())
    indicators[0].lead_department = "县不存在局"
    with pytest.raises(DomainError) as exc:
        services.catalogue_update(actor=world.users["admin"], indicators=indicators)
    assert exc.value.message == "找不到部门：县不存在局（请先在部门单位中建立）"


def test_only_the_administrator_edits_the_catalogue(world, departments):
    with pytest.raises(DomainError) as exc:
        services.catalogue_update(actor=world.users["leader"], indicators=list(Indicator.objects.all()))
    assert exc.value.message == "只有县升级晋档办（管理员）可以进行此操作"


def test_thresholds_out_of_order_are_refused_and_nothing_stored(world):
    settings = AssessmentSettings.current()
    settings.grade1_min, settings.grade2_min = Decimal("60"), Decimal("70")
    with pytest.raises(DomainError) as exc:
        services.settings_update(actor=world.users["admin"], settings=settings)
    assert exc.value.message == "级类分数线必须满足 0 < 三类 < 二类 < 一类 ≤ 100"
    assert AssessmentSettings.current().grade1_min == Decimal("85.0")


def test_opening_a_cycle_copies_the_catalogue_and_later_edits_do_not_change_it(world, departments):
    admin = world.users["admin"]
    cycle = services.cycle_open(actor=admin, year=2009)
    indicators = list(Indicator.objects.all())
    by_code = {i.code: i for i in indicators}
    by_code["B1"].max_points, by_code["B2"].max_points = Decimal("8"), Decimal("6")
    services.catalogue_update(actor=admin, indicators=indicators)
    copied = cycle.indicators.get(code="B1")
    assert copied.max_points == Decimal("7.0")
    assert copied.lead_department == departments["县水利局"]
    assert set(cycle.indicators.get(code="D3").cooperating_departments.values_list("name", flat=True)) == {
        "县公安局",
        "县人口和计划生育局",
    }
    assert (cycle.status, cycle.grade1_min, cycle.county_reward_amount) == (
        "draft",
        Decimal("85.0"),
        Decimal("29000.00"),
    )
    assert services.cycle_open(actor=admin, year=2010).indicators.get(code="B1").max_points == Decimal("8.0")


def test_opening_a_cycle_needs_every_named_department(world):
    with pytest.raises(DomainError) as exc:
        services.cycle_open(actor=world.users["admin"], year=2009)
    assert exc.value.message == (
        "找不到部门：县扶贫开发局、县农业局、县茶叶局、县畜牧兽医局、县财政局、县水利局、县交通运输局、县卫生局、县能源办、"
        "县住房和城乡建设局、县教育局、县民政局、县文化广电局、县公安局、县人口和计划生育局、县委组织部、县考核办（请先在部门单位中建立）"
    )
    assert not Cycle.objects.exists()


def test_a_second_cycle_for_the_same_year_is_refused(world, departments):
    services.cycle_open(actor=world.users["admin"], year=2009)
    with pytest.raises(DomainError) as exc:
        services.cycle_open(actor=world.users["admin"], year=2009)
    assert exc.value.message == "2009 年度考核周期已存在"
    assert CycleIndicator.objects.count() == 15


def test_the_catalogue_pages_save_stores_nothing_when_the_parameters_are_refused(world, departments):
    indicators = list(Indicator.objects.all())
    by_code = {i.code: i for i in indicators}
    by_code["B1"].max_points, by_code["B2"].max_points = Decimal("8"), Decimal("6")
    settings = AssessmentSettings.current()
    settings.grade1_min, settings.grade2_min = Decimal("60"), Decimal("70")
    with pytest.raises(DomainError) as exc:
        services.catalogue_save(actor=world.users["admin"], indicators=indicators, deleted=[], settings=settings)
    assert (exc.value.message, exc.value.field) == ("级类分数线必须满足 0 < 三类 < 二类 < 一类 ≤ 100", "grade1_min")
    assert Indicator.objects.get(code="B1").max_points == Decimal("7.0")
    assert AssessmentSettings.current().grade1_min == Decimal("85.0")


def test_the_catalogue_pages_save_stores_the_catalogue_and_the_parameters(world, departments):
    indicators = list(Indicator.objects.all())
    by_code = {i.code: i for i in indicators}
    by_code["B1"].max_points, by_code["B2"].max_points = Decimal("8"), Decimal("6")
    settings = AssessmentSettings.current()
    settings.grade1_min = Decimal("90")
    services.catalogue_save(actor=world.users["admin"], indicators=indicators, deleted=[], settings=settings)
    assert Indicator.objects.get(code="B1").max_points == Decimal("8.0")
    assert AssessmentSettings.current().grade1_min == Decimal("90.0")
