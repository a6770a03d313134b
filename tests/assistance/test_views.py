import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import scope as assistance_scope
from assistance import selectors
from assistance.models import AssistanceRecord, HouseholdPairing, HouseholdPlan
from tests.factories import HouseholdFactory, VillageFactory

from .factories import (
    CadreFactory,
    HouseholdPairingFactory,
    HouseholdRecordFactory,
    LeaderPairingFactory,
    UnitPairingFactory,
)

READERS = ["admin", "leader", "clerk_chengguan"]
NON_READERS = ["cadre_wufeng", "scorer_tongji", "inspector1", "surveyor1", "helper1"]
LEDGER_PAGES = [
    ("assistance:dashboard", []),
    ("assistance:rollup", ["township"]),
    ("assistance:rollup", ["unit"]),
    ("assistance:rollup", ["cadre"]),
    ("assistance:rollup", ["year"]),
    ("assistance:check_list", ["cadres-below-minimum"]),
    ("assistance:check_list", ["key-households-without-cadre"]),
    ("assistance:check_list", ["poor-villages-without-unit"]),
    ("assistance:check_list", ["ended-leader"]),
    ("assistance:check_list", ["ended-unit"]),
    ("assistance:check_list", ["ended-household"]),
    ("assistance:pairing_list", ["leader"]),
    ("assistance:pairing_list", ["unit"]),
]


# A breach of each rule check, in 城关镇 五丰村: what the check's page must then list (first two columns).
BREACHES = {
    "key-households-without-cadre": lambda world, assist: [
        (HouseholdFactory(group=world.wufeng_group, head_name="陈秀兰", category="care").number, "陈秀兰")
    ],
    "poor-villages-without-unit": lambda world, assist: [
        (VillageFactory(township=world.chengguan, code="610724100209", name="三花村", is_poor=True).code, "三花村")
    ],
    "ended-leader": lambda world, assist: _end(assist.own_leader_pairing, ("赵县长", "县级领导")),
    "ended-unit": lambda world, assist: _end(assist.own_unit_pairing, ("县统计局", "县直部门")),
    "ended-household": lambda world, assist: _end(assist.own_pairing, ("张志强", "县统计局")),
}


def _end(pairing, row):
    type(pairing).objects.filter(pk=pairing.pk).update(end_date=datetime.date(2009, 12, 31))
    return [row]


def _expected_ledger_rows(assist, name, args, county):
    """What a reader sees on a ledger page of the `assist` world: the whole county, or 城关镇 only."""
    other_unit = assist.other_cadre.unit.name
    both = {
        ("assistance:dashboard", ()): (["2", 2], ["1", 1]),  # visits, paired households
        ("assistance:rollup", ("township",)): ([("城关镇", "1"), ("峡口镇", "1")], [("城关镇", "1")]),
        ("assistance:rollup", ("unit",)): ([("县统计局", "1"), (other_unit, "1")], [("县统计局", "1")]),
        ("assistance:rollup", ("cadre",)): (
            [("张志强（县统计局）", "1"), (f"李卫东（{other_unit}）", "1")],
            [("张志强（县统计局）", "1")],
        ),
        ("assistance:rollup", ("year",)): ([("2009", "2")], [("2009", "1")]),
        ("assistance:check_list", ("cadres-below-minimum",)): (
            [("张志强", "一般干部"), ("李卫东", "一般干部"), ("赵县长", "县级领导"), ("钱科长", "科级干部")],
            [("张志强", "一般干部")],
        ),
        ("assistance:pairing_list", ("leader",)): (
            [("赵县长", "县级领导"), ("钱科长", "科级干部")],
            [("赵县长", "县级领导")],
        ),
        ("assistance:pairing_list", ("unit",)): (
            [("县统计局", "县直部门"), ("县水利局", "县直部门")],
            [("县统计局", "县直部门")],
        ),
    }[(name, tuple(args))]
    return both[0] if county else both[1]


def _ledger_rows(response) -> list:
    """What a ledger page lists: the first two columns of its table; the dashboard, visits and paired households."""
    if "table" not in response.context:
        figures = {key: display for key, _label, display, _kind in response.context["figures"]}
        return [figures["visits"], response.context["paired_households"]]
    return sorted(tuple(row[:2]) for row in list(response.context["table"].as_values())[1:])


@pytest.mark.parametrize("name,args", LEDGER_PAGES)
@pytest.mark.parametrize("user", READERS)
def test_ledger_pages_open_for_readers(world, assist, user, name, args):
    if name == "assistance:check_list" and args[0] in BREACHES:
        expected = BREACHES[args[0]](world, assist)  # in 城关镇: every reader sees it
    else:
        expected = _expected_ledger_rows(assist, name, args, county=user != "clerk_chengguan")
    response = world.client_for(user).get(reverse(name, args=args))
    assert response.status_code == 200
    assert _ledger_rows(response) == (expected if name == "assistance:dashboard" else sorted(expected))


@pytest.mark.parametrize("name,args", LEDGER_PAGES)
@pytest.mark.parametrize("user", NON_READERS)
def test_ledger_pages_are_forbidden_to_other_roles(world, assist, user, name, args):
    assert world.client_for(user).get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("name,args", LEDGER_PAGES + [("assistance:my_households", []), ("assistance:record_list", [])])
def test_anonymous_visitors_are_sent_to_the_login_page(world, name, args):
    response = world.client_for("anonymous").get(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_dashboard_shows_the_headline_figures_and_rule_counts(world, assist):
    HouseholdRecordFactory(household_pairing=assist.own_pairing, kind="money", amount=Decimal("400"))
    response = world.client_for("admin").get(reverse("assistance:dashboard"), {"chart": "money"})
    html = response.content.decode()
    assert 'data-figure="money">400<' in html
    assert 'data-figure="visits">2<' in html
    assert 'data-figure="paired_households">2<' in html
    assert 'data-check="cadres-below-minimum">4<' in html
    chart = html.split('<div id="township-chart">')[1].split("</div>")[0]
    assert chart.startswith('<svg xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"')
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<style type="text/css" nonce="{nonce}">' in chart
    bars = {bar.split('<desc class="label">')[1].split("<")[0]: bar.split('<desc class="value">')[1].split("<")[0]
            for bar in chart.split('<g class="bar">')[1:]}
    assert bars == {"城关镇": "400", "峡口镇": "0"}
    assert f'xlink:href="{reverse("assistance:record_list")}?township={world.chengguan.code}&amp;kind=money"' in chart
    table = html.split('<table class="table table-sm small" id="township-chart-table">')[1].split("</table>")[0]
    assert '>城关镇</a></td><td class="text-end">400</td>' in table


def test_dashboard_runs_the_same_queries_with_more_data(world, assist):
    client = world.client_for("clerk_chengguan")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        html = client.get(reverse("assistance:dashboard")).content.decode()
    assert 'data-figure="money">0<' in html and 'data-figure="paired_households">1<' in html
    for _ in range(5):
        pairing = HouseholdPairingFactory(household=HouseholdFactory(group=world.wufeng_group, category="care"))
        HouseholdRecordFactory(household_pairing=pairing, kind="money", amount=Decimal("10"))
    with CaptureQueriesContext(connection) as second:
        html = client.get(reverse("assistance:dashboard")).content.decode()
    assert 'data-figure="money">50<' in html and 'data-figure="paired_households">6<' in html
    assert len(first) == len(second)


MORE_PAIRINGS = {
    "leader": lambda world: LeaderPairingFactory(village=world.wufeng),
    "unit": lambda world: UnitPairingFactory(village=world.wufeng),
    "household": lambda world: HouseholdPairingFactory(household=HouseholdFactory(group=world.wufeng_group)),
}


@pytest.mark.parametrize("ledger", ["leader", "unit", "household"])
def test_pairing_lists_run_a_fixed_number_of_queries(world, assist, ledger, django_assert_num_queries):
    client = world.client_for("admin")
    url = reverse("assistance:pairing_list", args=[ledger])
    with django_assert_num_queries(6):  # session, user, township choices, count, page keys, rows
        response = client.get(url)
    assert len(response.context["table"].page.object_list) == 2
    for _ in range(4):
        MORE_PAIRINGS[ledger](world)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["table"].page.object_list) == 6


def test_clerk_sees_only_their_townships_household_pairings(world, assist):
    html = (
        world.client_for("clerk_chengguan").get(reverse("assistance:pairing_list", args=["household"])).content.decode()
    )
    assert "王建国" in html and "李明华" not in html


def test_helper_sees_their_own_household_pairings(world, assist):
    response = world.client_for("helper1").get(reverse("assistance:pairing_list", args=["household"]))
    html = response.content.decode()
    assert response.status_code == 200 and "王建国" in html and "李明华" not in html


def test_record_list_runs_a_fixed_number_of_queries(world, assist, django_assert_num_queries):
    client = world.client_for("leader")
    # session, user, township choices, the count's generations and the count, page keys, rows
    with django_assert_num_queries(7):
        response = client.get(reverse("assistance:record_list"))
    assert [row.record.household.head_name for row in response.context["table"].page.object_list] == [
        "李明华",
        "王建国",
    ]
    with django_assert_num_queries(6):  # the count stored (xixiang.core.pagination.CachedCountPaginator)
        client.get(reverse("assistance:record_list"))
    for _ in range(5):
        HouseholdRecordFactory(household_pairing=assist.own_pairing)
    with django_assert_num_queries(7):
        response = client.get(reverse("assistance:record_list"))
    assert len(response.context["table"].page.object_list) == 7
    assert response.context["table"].page.paginator.count == 7  # the new records counted at once
    with django_assert_num_queries(6):  # a filtered list counts afresh, not cached
        response = client.get(reverse("assistance:record_list"), {"kind": "visit"})
    assert response.context["table"].page.paginator.count == assistance_scope.records(
        world.users["leader"]).filter(kind="visit").count()


def test_check_list_runs_a_fixed_number_of_queries(world, assist, django_assert_num_queries):
    client = world.client_for("admin")
    url = reverse("assistance:check_list", args=["cadres-below-minimum"])
    with django_assert_num_queries(4):
        response = client.get(url)
    assert sorted(row.record.name for row in response.context["table"].page.object_list) == [
        "张志强",
        "李卫东",
        "赵县长",
        "钱科长",
    ]
    added = [CadreFactory().name for _ in range(5)]
    with django_assert_num_queries(4):
        response = client.get(url)
    assert sorted(row.record.name for row in response.context["table"].page.object_list) == sorted(
        ["张志强", "李卫东", "赵县长", "钱科长", *added]
    )
    assert "共 9 条" in response.content.decode()


def test_clerk_creates_a_household_pairing_through_the_form(world, assist):
    cadre = CadreFactory(name="孙明")
    response = world.client_for("clerk_chengguan").post(
        reverse("assistance:pairing_create", args=["household"]),
        {
            "cadre": cadre.pk,
            "household": world.own_household.number,
            "start_date": "2010-01-01",
        },
    )
    assert response.status_code == 302
    assert HouseholdPairing.objects.filter(cadre=cadre, household=world.own_household, year=2010).count() == 1


def test_the_form_refuses_a_pairing_that_ends_before_it_starts(world, assist):
    cadre = CadreFactory(name="孙明")
    response = world.client_for("clerk_chengguan").post(
        reverse("assistance:pairing_create", args=["household"]),
        {
            "cadre": cadre.pk,
            "household": world.own_household.number,
            "start_date": "2010-05-01",
            "end_date": "2010-04-01",
        },
    )
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not HouseholdPairing.objects.filter(cadre=cadre).exists()


def test_the_form_refuses_a_household_outside_the_clerks_township(world, assist):
    response = world.client_for("clerk_chengguan").post(
        reverse("assistance:pairing_create", args=["household"]),
        {
            "cadre": assist.helper_cadre.pk,
            "household": world.other_household.number,
            "start_date": "2010-01-01",
        },
    )
    assert "找不到该户编号，或该户不在您的管辖范围内" in response.content.decode()
    assert HouseholdPairing.objects.count() == 2


@pytest.mark.parametrize("user,status", [("leader", 403), ("helper1", 403), ("cadre_wufeng", 403), ("admin", 200)])
def test_only_admin_and_clerks_open_the_new_pairing_form(world, user, status):
    assert world.client_for(user).get(reverse("assistance:pairing_create", args=["unit"])).status_code == status


@pytest.mark.parametrize("action", ["pairing_end", "pairing_change"])
def test_a_clerk_of_another_township_gets_404_on_a_pairing(world, assist, action):
    url = reverse(f"assistance:{action}", args=["household", assist.own_pairing.pk])
    assert world.client_for("clerk_xiakou").get(url).status_code == 404
    assert world.client_for("leader").get(url).status_code == 403


def test_clerk_hands_a_household_over_to_another_cadre(world, assist):
    cadre = CadreFactory(name="周红")
    url = reverse("assistance:pairing_change", args=["household", assist.own_pairing.pk])
    response = world.client_for("clerk_chengguan").post(
        url, {"partner": cadre.pk, "change_date": "2009-07-01", "version": assist.own_pairing.version}
    )
    assert response.status_code == 302
    lines = list(
        HouseholdPairing.objects.filter(household=world.own_household)
        .order_by("start_date")
        .values_list("cadre__name", "start_date", "end_date")
    )
    assert lines == [
        ("张志强", datetime.date(2009, 1, 1), datetime.date(2009, 6, 30)),
        ("周红", datetime.date(2009, 7, 1), None),
    ]


def test_clerk_ends_a_pairing(world, assist):
    url = reverse("assistance:pairing_end", args=["unit", assist.own_unit_pairing.pk])
    assert world.client_for("clerk_chengguan").post(url, {"end_date": "2009-12-31", "version": 1}).status_code == 302
    assist.own_unit_pairing.refresh_from_db()
    assert assist.own_unit_pairing.end_date == datetime.date(2009, 12, 31)


def test_helper_records_goods_on_their_pairing(world, assist):
    url = reverse("assistance:record_create", args=["household", assist.own_pairing.pk])
    response = world.client_for("helper1").post(
        url,
        {
            "date": "2009-04-01",
            "kind": "goods",
            "amount": "800",
            "quantity": "600",
            "quantity_unit": "株",
            "note": "茶苗",
        },
    )
    assert response.status_code == 302
    record = AssistanceRecord.objects.get(kind="goods")
    assert (record.amount, record.quantity, record.quantity_unit, record.cadre) == (
        Decimal("800.00"),
        Decimal("600.00"),
        "株",
        assist.helper_cadre,
    )


def test_the_record_form_shows_a_negative_amount_error_and_stores_nothing(world, assist):
    url = reverse("assistance:record_create", args=["household", assist.own_pairing.pk])
    response = world.client_for("helper1").post(url, {"date": "2009-04-01", "kind": "money", "amount": "-50"})
    assert "金额不能为负数" in response.content.decode()
    assert AssistanceRecord.objects.filter(kind="money").count() == 0


def test_a_helper_gets_404_on_another_cadres_pairing(world, assist):
    url = reverse("assistance:record_create", args=["household", assist.other_pairing.pk])
    assert world.client_for("helper1").get(url).status_code == 404
    assert world.client_for("leader").get(url).status_code == 403


def test_the_cadres_own_page_lists_households_with_category_plan_and_last_visit(world, assist):
    HouseholdPlan.objects.create(
        household=world.own_household, year=2010, target_income=Decimal("3450"), measure_industry="茶园 2 亩"
    )
    response = world.client_for("helper1").get(reverse("assistance:my_households"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "王建国" in html and "李明华" not in html
    assert f'data-last-visit="{world.own_household.number}">2009-03-02<' in html
    assert "3,450.00" in html and "茶园 2 亩" in html


def test_recording_a_visit_takes_one_short_form(world, assist):
    url = reverse("assistance:my_visit", args=[assist.own_pairing.pk])
    response = world.client_for("helper1").post(url, {"date": "2009-09-09", "note": "查看茶园"})
    assert response.status_code == 302
    assert AssistanceRecord.objects.filter(kind="visit", date=datetime.date(2009, 9, 9), note="查看茶园").count() == 1


def test_a_helper_cannot_record_a_visit_on_another_cadres_pairing(world, assist):
    url = reverse("assistance:my_visit", args=[assist.other_pairing.pk])
    assert world.client_for("helper1").post(url, {"date": "2009-09-09"}).status_code == 404


@pytest.mark.parametrize("user", ["clerk_chengguan", "admin", "leader"])
def test_the_cadre_page_is_for_assisting_cadres_only(world, assist, user):
    assert world.client_for(user).get(reverse("assistance:my_households")).status_code == 403


def test_helper_writes_the_plan_of_their_household(world, assist):
    url = reverse("assistance:plan_edit", args=[world.own_household.number, 2010])
    response = world.client_for("helper1").post(
        url,
        {
            "target_income": "3450",
            "measure_industry": "茶园 2 亩",
            "cadre": assist.helper_cadre.pk,
            "leader": assist.leader.pk,
        },
    )
    assert response.status_code == 302
    plan = HouseholdPlan.objects.get(household=world.own_household, year=2010)
    assert (plan.target_income, plan.cadre, plan.leader) == (Decimal("3450.00"), assist.helper_cadre, assist.leader)


@pytest.mark.parametrize(
    "user,status", [("helper1", 404), ("clerk_chengguan", 404), ("leader", 403), ("anonymous", 302)]
)
def test_plan_edit_permissions(world, assist, user, status):
    url = reverse("assistance:plan_edit", args=[world.other_household.number, 2010])
    assert world.client_for(user).get(url).status_code == status


def test_the_household_page_shows_six_to_household_with_constant_queries(world, assist):
    client = world.client_for("clerk_chengguan")
    url = reverse("households:household_detail", args=[world.own_household.number])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        html = client.get(url).content.decode()
    assert 'data-six="pairing" data-done="1"' in html and "张志强" in html
    assert 'data-six="target" data-done="0"' in html
    for year in (2009, 2010):
        HouseholdPlan.objects.create(household=world.own_household, year=year, target_income=Decimal("3000"))
    HouseholdPairingFactory(household=world.own_household)
    with CaptureQueriesContext(connection) as second:
        html = client.get(url).content.decode()
    assert 'data-six="target" data-done="1"' in html
    assert len(first) == len(second)


def test_record_export_writes_the_scoped_records(world, assist):
    from xixiang.lib.excel import read_sheet

    response = world.client_for("clerk_chengguan").get(reverse("assistance:record_export"))
    header, rows = read_sheet(response.getvalue())
    assert header[:4] == ["日期", "类别", "台账", "户编号"]
    assert [(row[1], row[3]) for row in rows] == [("走访", world.own_household.number)]


def test_record_export_keeps_the_lists_filters_and_a_helpers_own_records(world, assist):
    from xixiang.lib.excel import read_sheet

    response = world.client_for("leader").get(reverse("assistance:record_export"), {"township": world.xiakou.code})
    assert [row[3] for row in read_sheet(response.getvalue())[1]] == [world.other_household.number]
    response = world.client_for("helper1").get(reverse("assistance:record_export"))
    assert [row[3] for row in read_sheet(response.getvalue())[1]] == [world.own_household.number]


@pytest.mark.parametrize("user", ["cadre_wufeng", "scorer_tongji"])
def test_record_pages_are_forbidden_to_roles_without_assistance(world, user):
    for name in ("assistance:record_list", "assistance:record_export", "assistance:record_import"):
        assert world.client_for(user).get(reverse(name)).status_code == 403


def test_a_rollup_row_drills_down_to_its_records(world, assist):
    html = (
        world.client_for("leader")
        .get(reverse("assistance:rollup", args=["township"]), {"year": "2009"})
        .content.decode()
    )
    assert f'href="{reverse("assistance:record_list")}?township={world.chengguan.code}&amp;year=2009"' in html
    records = (
        world.client_for("leader")
        .get(reverse("assistance:record_list"), {"township": world.chengguan.code})
        .content.decode()
    )
    assert "王建国" in records and "李明华" not in records


def test_the_dashboards_card_year_is_the_latest_plan_year_in_scope(world, assist):
    HouseholdPlan.objects.create(household=world.own_household, year=2011, target_income=Decimal("3000"))
    HouseholdPlan.objects.create(household=world.other_household, year=2012, target_income=Decimal("3000"))
    url = reverse("assistance:dashboard")
    card_input = 'name="year" class="form-control form-control-sm w-auto" value="%s"'
    assert card_input % 2011 in world.client_for("clerk_chengguan").get(url).content.decode()
    assert card_input % 2012 in world.client_for("admin").get(url).content.decode()
    assert card_input % 2009 in world.client_for("admin").get(url, {"year": "2009"}).content.decode()


def test_without_plans_the_dashboards_card_year_is_this_year(world, assist):
    from django.utils import timezone

    html = world.client_for("leader").get(reverse("assistance:dashboard")).content.decode()
    assert f'name="year" class="form-control form-control-sm w-auto" value="{timezone.localdate().year}"' in html


def test_the_key_household_check_masks_id_numbers_for_those_who_do_not_edit_households(world, assist):
    household = HouseholdFactory(group=world.wufeng_group, category="care")
    url = reverse("assistance:check_list", args=["key-households-without-cadre"])
    clerk = world.client_for("clerk_chengguan").get(url).content.decode()
    leader = world.client_for("leader").get(url).content.decode()
    assert household.head_id_number in clerk
    assert household.head_id_number not in leader and household.masked_head_id_number in leader


def test_a_visit_without_a_date_is_refused_with_a_message(world, assist):
    response = world.client_for("helper1").post(
        reverse("assistance:my_visit", args=[assist.own_pairing.pk]), {"date": "", "note": "查看茶园"}, follow=True
    )
    assert response.redirect_chain == [(reverse("assistance:my_households"), 302)]
    assert [str(m) for m in response.context["messages"]] == ["这个字段是必填项。"]
    assert not AssistanceRecord.objects.filter(note="查看茶园").exists()


def test_a_visit_before_the_pairing_started_is_refused_with_a_message_not_a_403(world, assist):
    response = world.client_for("helper1").post(
        reverse("assistance:my_visit", args=[assist.own_pairing.pk]),
        {"date": "2008-12-01", "note": "查看茶园"},
        follow=True,
    )
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["记录日期早于结对开始日期（2009-01-01）"]
    assert not AssistanceRecord.objects.filter(note="查看茶园").exists()


def test_a_refused_pairing_shows_the_message_next_to_its_field(world, assist):
    response = world.client_for("clerk_chengguan").post(
        reverse("assistance:pairing_create", args=["household"]),
        {
            "cadre": assist.helper_cadre.pk,
            "household": world.own_household.number,
            "start_date": "2009-05-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["cadre"] == ["该干部与该户在这段时间已经结对"]


@pytest.mark.parametrize("year", ["1999", "20x0", ""])
def test_a_card_batch_for_a_year_that_is_not_one_is_refused_with_a_message(world, assist, year):
    response = world.client_for("clerk_chengguan").post(
        reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": year}, follow=True
    )
    assert response.redirect_chain == [(reverse("assistance:dashboard"), 302)]
    assert [str(m) for m in response.context["messages"]] == ["请填写正确的年度"]


def test_the_household_page_offers_a_new_plan_only_to_who_may_plan(world, assist):
    """The assistance section comes to the household page through page_sections (households
    cannot import assistance); its context carries the reader's own `can_plan`."""
    url = reverse("households:household_detail", args=[world.own_household.number])
    next_plan = reverse("assistance:plan_edit", args=[world.own_household.number, selectors.today().year])
    clerk = world.client_for("clerk_chengguan").get(url).content.decode()
    leader = world.client_for("leader").get(url).content.decode()
    assert (f'href="{next_plan}"' in clerk, f'href="{next_plan}"' in leader) == (True, False)
    assert 'id="household-assistance"' in leader
