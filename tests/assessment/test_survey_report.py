"""Survey against registry (数据比对): the estimate and its standard error beside the registry's
per-capita net income of the same households and of the whole village, flagged beyond three
standard errors; the survey_report command (text and JSON) and its page (administrator and
县统计局 only), in a fixed number of queries."""

import io
import json
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessment import sampling, selectors, services
from assessment.models import SampleDraw
from households.models import IncomeRecord
from villages.models import Village

from ..factories import HouseholdFactory, IncomeRecordFactory, UserFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _add_households(village, group, count, rng):
    """`count` households of 1–6 members with a 2009 income record around 3,000 yuan a head."""
    for index in range(count):
        members = rng.randint(1, 6)
        net = Decimal(str(round(rng.uniform(1500, 4500) * members, 2)))
        household = HouseholdFactory(group=group, number=f"{group.code}{50 + index:03d}", resident_count=members,
                                     labour_count=min(2, members))
        IncomeRecordFactory(household=household, year=2009, resident_members=members, net_income=net,
                            total_income=net + 1000, business_expenses=Decimal(1000),
                            per_capita_net_income=(net / members).quantize(Decimal("0.01")))


def _answer_from_registry(cycle, village, surveyor, factor=Decimal(1)):
    """The surveyor enters each sampled household's registry record (net income × factor)."""
    draw = SampleDraw.objects.get(cycle=cycle, village=village)
    records = {r.household.number: r for r in IncomeRecord.objects.filter(
        year=2009, household__number__in=draw.household_numbers).select_related("household")}
    rows = [{"household_number": number, "total_income": str((records[number].net_income * factor).quantize(
        Decimal("0.01"))), "business_expenses": "0", "resident_members": records[number].resident_members}
        for number in draw.household_numbers]
    services.survey_responses_bulk_save(actor=surveyor, draw=draw, rows=rows)
    return draw, records


@pytest.fixture
def surveyed(world, departments, scorers):
    """五丰村 with 31 households (n = 10 of N = 31) surveyed exactly as the registry says;
    江榜村 (one household) surveyed with twice its registry income."""
    _add_households(world.wufeng, world.wufeng_group, 30, random.Random(3))
    admin = world.users["admin"]
    cycle = services.cycle_open(actor=admin, year=2009)
    services.cycle_start_scoring(actor=admin, cycle=cycle, seed_rng=random.Random(2))
    draw, records = _answer_from_registry(cycle, world.wufeng, world.users["surveyor1"])
    surveyor2 = UserFactory(username="surveyor2", role="surveyor")
    surveyor2.assigned_villages.set([world.jiangbang])
    _answer_from_registry(cycle, world.jiangbang, surveyor2, factor=Decimal(2))
    world.cycle, world.draw, world.records = cycle, draw, records
    return world


def _row(rows, village):
    return next(r for r in rows if r.village == village)


def test_flag_is_set_beyond_three_standard_errors_and_not_at_them():
    assert sampling.differs_from_registry(Decimal("3300.00"), Decimal("100.00"), Decimal("3000.00")) is False
    assert sampling.differs_from_registry(Decimal("3300.01"), Decimal("100.00"), Decimal("3000.00")) is True
    assert sampling.differs_from_registry(Decimal("2699.99"), Decimal("100.00"), Decimal("3000.00")) is True
    assert sampling.differs_from_registry(Decimal("3000.00"), Decimal("0.00"), Decimal("3000.00")) is False
    assert sampling.differs_from_registry(Decimal("3000.01"), Decimal("0.00"), Decimal("3000.00")) is True
    assert sampling.differs_from_registry(None, None, Decimal("3000.00")) is None
    assert sampling.differs_from_registry(Decimal("3000.00"), None, Decimal("3000.00")) is None
    assert sampling.differs_from_registry(Decimal("3000.00"), Decimal("1.00"), None) is None


def test_a_survey_that_matches_the_registry_is_not_flagged_and_shows_the_registry_figures(surveyed):
    rows = selectors.survey_report(surveyed.cycle, Village.objects.all())
    wufeng = _row(rows, surveyed.wufeng)
    sampled = [surveyed.records[n] for n in surveyed.draw.household_numbers]
    expected = sampling.ratio_estimate([(r.net_income, r.resident_members) for r in sampled], 31)
    everyone = IncomeRecord.objects.filter(year=2009, household__village=surveyed.wufeng)
    village_figure = (sum(r.net_income for r in everyone) / sum(r.resident_members for r in everyone)).quantize(
        Decimal("0.01"))
    assert (wufeng.n, wufeng.estimate, wufeng.standard_error) == (10, expected.per_capita, expected.standard_error)
    assert wufeng.standard_error > 0
    assert wufeng.registry_sampled == expected.per_capita
    assert wufeng.registry_village == village_figure
    assert (wufeng.difference, wufeng.flagged) == (Decimal("0.00"), False)


def test_a_survey_twice_the_registry_is_flagged(surveyed):
    jiangbang = _row(selectors.survey_report(surveyed.cycle, Village.objects.all()), surveyed.jiangbang)
    record = IncomeRecord.objects.get(household=surveyed.other_household, year=2009)
    assert (jiangbang.n, jiangbang.registry_sampled) == (1, record.per_capita_net_income)
    assert jiangbang.estimate == record.per_capita_net_income * 2
    assert jiangbang.standard_error is None  # one household: no standard error, nothing to judge
    assert jiangbang.flagged is None


def test_inflated_answers_in_a_sampled_village_are_flagged(surveyed):
    _answer_from_registry(surveyed.cycle, surveyed.wufeng, surveyed.users["surveyor1"], factor=Decimal("1.6"))
    wufeng = _row(selectors.survey_report(surveyed.cycle, Village.objects.all()), surveyed.wufeng)
    assert wufeng.flagged is True
    assert wufeng.difference > 3 * wufeng.standard_error


def test_a_village_without_survey_answers_has_its_registry_figure_and_no_flag(surveyed):
    empty = VillageFactory(township=surveyed.chengguan, code="610724100299", name="新村")
    row = _row(selectors.survey_report(surveyed.cycle, Village.objects.all()), empty)
    assert (row.n, row.estimate, row.standard_error, row.registry_sampled, row.flagged) == (0, None, None, None, None)


def test_the_report_runs_in_four_queries_whatever_the_number_of_villages(surveyed, django_assert_num_queries):
    # villages, estimates, the sampled households' registry, the generations of the cached
    # whole-village registry figure (and, the first time for these villages, that figure's query)
    with django_assert_num_queries(5):
        assert len(selectors.survey_report(surveyed.cycle, Village.objects.filter(pk=surveyed.wufeng.pk))) == 1
    with django_assert_num_queries(4):
        assert len(selectors.survey_report(surveyed.cycle, Village.objects.filter(pk=surveyed.wufeng.pk))) == 1
    for index in range(5):
        VillageFactory(township=surveyed.xiakou, code=f"61072410830{index}", name=f"测试{index}村")
    selectors.survey_report(surveyed.cycle, Village.objects.all())
    with django_assert_num_queries(4):
        assert len(selectors.survey_report(surveyed.cycle, Village.objects.all())) == 7


def _whole_village_figure_uncached(cycle, village):
    records = IncomeRecord.objects.filter(year=cycle.year, household__village=village)
    row = {"village": village.pk, "sy": sum(r.net_income for r in records),
           "sx": sum(r.resident_members for r in records)}
    return selectors._per_capita([row], "village").get(village.pk)


def test_the_cached_whole_village_figure_is_the_registrys_and_follows_its_changes(surveyed):
    wufeng = surveyed.wufeng
    first = _row(selectors.survey_report(surveyed.cycle, Village.objects.all()), wufeng).registry_village
    assert first == _whole_village_figure_uncached(surveyed.cycle, wufeng) and first is not None
    record = IncomeRecord.objects.filter(year=surveyed.cycle.year, household__village=wufeng).first()
    record.net_income += Decimal(100000)
    record.save()
    second = _row(selectors.survey_report(surveyed.cycle, Village.objects.all()), wufeng).registry_village
    assert second == _whole_village_figure_uncached(surveyed.cycle, wufeng) and second > first
    household = HouseholdFactory(village=wufeng, group=record.household.group)
    IncomeRecordFactory(household=household, year=surveyed.cycle.year)
    third = _row(selectors.survey_report(surveyed.cycle, Village.objects.all()), wufeng).registry_village
    assert third == _whole_village_figure_uncached(surveyed.cycle, wufeng) and third != second


def test_the_command_prints_json_with_amounts_as_strings_of_yuan(surveyed):
    out = io.StringIO()
    call_command("survey_report", "--year", "2009", "--json", stdout=out)
    data = json.loads(out.getvalue())
    wufeng = _row(selectors.survey_report(surveyed.cycle, Village.objects.all()), surveyed.wufeng)
    assert data["year"] == 2009
    assert [v["code"] for v in data["villages"]] == ["610724100201", "610724108201"]
    assert data["villages"][0] == {
        "code": "610724100201", "name": "五丰村", "n": 10,
        "estimate": f"{wufeng.estimate:.2f}", "standard_error": f"{wufeng.standard_error:.2f}",
        "registry_sampled": f"{wufeng.registry_sampled:.2f}", "registry_village": f"{wufeng.registry_village:.2f}",
        "flagged": False,
    }
    assert data["villages"][1]["flagged"] is None
    assert data["villages"][1]["standard_error"] is None


def test_the_command_reports_one_village_and_refuses_an_unknown_one_or_year(surveyed):
    out = io.StringIO()
    call_command("survey_report", "--year", "2009", "--village", "610724108201", "--json", stdout=out)
    assert [v["name"] for v in json.loads(out.getvalue())["villages"]] == ["江榜村"]
    out = io.StringIO()
    call_command("survey_report", "--year", "2009", "--village", "610724100201", stdout=out)
    assert out.getvalue().splitlines()[0] == "2009 年度抽样调查与台账比对：1 个村，需核实 0 个"
    assert "五丰村 n=10" in out.getvalue()
    with pytest.raises(CommandError, match="没有编码为 610724100999 的村"):
        call_command("survey_report", "--year", "2009", "--village", "610724100999")
    with pytest.raises(CommandError, match="2011 年度没有考核周期"):
        call_command("survey_report", "--year", "2011")


@pytest.mark.parametrize(("name", "status"), [
    ("admin", 200), ("scorer_tongji", 200), ("scorer_shuili", 403), ("scorer_fupin", 403), ("leader", 403),
    ("clerk_chengguan", 403), ("cadre_wufeng", 403), ("inspector1", 403), ("surveyor1", 403), ("helper1", 403),
])
def test_only_the_administrator_and_the_statistics_bureau_open_the_report(surveyed, name, status):
    client = surveyed.client_for(name)
    assert client.get("/assessment/2009/survey-report/").status_code == status
    assert client.get("/assessment/2009/survey-report/export.xlsx").status_code == status


def test_an_anonymous_visitor_is_sent_to_the_login_page(surveyed):
    response = surveyed.client_for("anonymous").get("/assessment/2009/survey-report/")
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def test_the_page_shows_each_village_and_filters_by_village_and_flag(surveyed):
    client = surveyed.client_for("scorer_tongji")
    _answer_from_registry(surveyed.cycle, surveyed.wufeng, surveyed.users["surveyor1"], factor=Decimal("1.6"))
    page = client.get("/assessment/2009/survey-report/").content.decode()
    assert page.count('data-code="') == 2
    assert "需核实 1 个村（共 2 个村）" in page
    flagged = client.get("/assessment/2009/survey-report/?flagged=1").content.decode()
    assert flagged.count('data-code="') == 1 and "需核实 1 个村（共 2 个村）" in flagged
    one = client.get("/assessment/2009/survey-report/?village=610724108201").content.decode()
    assert 'data-code="610724108201"' in one and 'data-code="610724100201"' not in one
    assert client.get("/assessment/2009/survey-report/?village=610724100999").status_code == 404
    assert client.get("/assessment/2011/survey-report/").status_code == 404


def test_the_export_holds_the_pages_rows(surveyed):
    from openpyxl import load_workbook

    response = surveyed.client_for("admin").get("/assessment/2009/survey-report/export.xlsx?village=610724100201")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("乡镇", "村编码", "行政村", "调查户数")
    assert [r[2] for r in rows[1:]] == ["五丰村"]
    assert rows[1][9] == "否"


#: The report's rows as the template loop rendered them before assessment/survey_report_html.py
#: (the loop of templates/assessment/survey_report.html, its lines joined here as they were).
_LOOP = "".join([
    '{% load i18n %}{% for r in rows %}\n<tr{% if r.flagged %} class="table-warning"{% endif %} ',
    'data-code="{{ r.village.code }}"><td>{{ r.village.township.name }}</td><td>{{ r.village.name }}</td>\n',
    '<td class="text-end">{{ r.n }}</td><td class="text-end">{{ r.estimate|default_if_none:"—" }}</td>\n',
    '<td class="text-end">{{ r.standard_error|default_if_none:"—" }}</td>\n',
    '<td class="text-end">{{ r.registry_sampled|default_if_none:"—" }}</td>',
    '<td class="text-end">{{ r.registry_village|default_if_none:"—" }}</td>\n',
    '<td class="text-end">{{ r.difference|default_if_none:"—" }}</td>\n',
    '<td>{% if r.flagged %}<strong>{% translate "需核实" %}</strong>{% elif r.flagged is None %}—',
    '{% else %}{% translate "一致" %}{% endif %}</td></tr>{% endfor %}',
])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_report_rows_are_what_the_template_loop_rendered(surveyed, language):
    from dataclasses import replace

    from django.template import Context, Template
    from django.utils import translation

    from assessment.survey_report_html import report_body

    rows = selectors.survey_report(surveyed.cycle, Village.objects.all())  # 五丰村 agrees, 江榜村 cannot be judged
    rows.append(replace(rows[0], estimate=rows[0].estimate * 2, flagged=True))  # and a flagged row (see above)
    assert [r.flagged for r in rows] == [False, None, True]
    with translation.override(language):
        assert str(report_body(rows)) == Template(_LOOP).render(Context({"rows": rows}))
