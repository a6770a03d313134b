"""Pages of the projects app: who opens what (403 for a role without the action, 404 outside
the scope), the forms, the reports and their fixed query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.choices import AllocationStatus
from projects.models import Allocation, OutputKind
from tests.projects.conftest import make_allocation, make_project

READERS = ["admin", "leader", "clerk_chengguan", "scorer_tongji"]
OTHERS = ["cadre_wufeng", "inspector1", "surveyor1", "helper1"]
PAGES = ["projects:project_list", "projects:project_export", "projects:funds_report", "projects:funds_report_export",
         "projects:tilt_report", "projects:tilt_report_export", "projects:tasks_report", "projects:tasks_report_export"]


@pytest.mark.parametrize("user", READERS)
@pytest.mark.parametrize("name", PAGES)
def test_catalogue_readers_open_the_catalogue_and_reports(world, programme, user, name):
    assert world.client_for(user).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("user", OTHERS)
@pytest.mark.parametrize("name", PAGES)
def test_other_roles_are_forbidden_the_catalogue_and_reports(world, programme, user, name):
    assert world.client_for(user).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES + ["projects:allocation_list", "projects:project_import"])
def test_anonymous_visitors_are_sent_to_the_login_page(world, name):
    response = world.client_for("anonymous").get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("user,status", [("admin", 200), ("scorer_tongji", 200), ("leader", 403),
                                         ("clerk_chengguan", 403), ("cadre_wufeng", 403)])
@pytest.mark.parametrize("name", ["projects:project_import", "projects:project_template", "projects:project_create"])
def test_only_project_keepers_import_and_create(world, programme, user, status, name):
    assert world.client_for(user).get(reverse(name)).status_code == status


@pytest.mark.parametrize("user,status", [("admin", 200), ("scorer_jiaotong", 200), ("scorer_tongji", 404),
                                         ("leader", 403), ("clerk_chengguan", 403)])
def test_a_project_is_edited_by_its_department(world, programme, user, status):
    for name in ("projects:project_edit", "projects:allocation_create"):
        assert world.client_for(user).get(reverse(name, args=[programme.road.pk])).status_code == status
    assert world.client_for(user).get(
        reverse("projects:allocation_edit", args=[programme.wufeng_road.pk])).status_code == status


@pytest.mark.parametrize("user,status", [("admin", 200), ("leader", 200), ("clerk_chengguan", 200),
                                         ("cadre_wufeng", 200), ("inspector1", 403), ("helper1", 403)])
def test_allocation_list_readers(world, programme, user, status):
    assert world.client_for(user).get(reverse("projects:allocation_list")).status_code == status


def test_a_clerk_reads_only_their_townships_allocations(world, programme):
    make_allocation(programme.water, world.jiangbang, "1000")
    page = world.client_for("clerk_xiakou").get(reverse("projects:allocation_list"))
    assert [a.village.name for a in page.context["table"].data] == ["江榜村"]
    export = world.client_for("clerk_xiakou").get(reverse("projects:allocation_export"))
    assert export.status_code == 200


def test_a_scorer_creates_an_allocation_through_the_form(world, programme):
    km = OutputKind.objects.get(name="通村水泥路")
    response = world.client_for("scorer_jiaotong").post(
        reverse("projects:allocation_create", args=[programme.road.pk]),
        {"village": "610724108201", "amount": "250000", "status": "planned", f"output_{km.pk}": "1.5", "version": 0})
    assert response.status_code == 302
    allocation = Allocation.objects.get(village=world.jiangbang)
    assert (allocation.amount, list(allocation.outputs.values_list("quantity", flat=True))) == (
        Decimal("250000.00"), [Decimal("1.50")])


@pytest.mark.parametrize("amount,message", [("-1", "安排资金不能为负数"), ("abc", "安排资金“abc”不是数字"),
                                            ("700000", "本次 700000.00 元将超出 100000.00 元")])
def test_the_allocation_form_shows_bad_amounts_and_stores_nothing(world, programme, amount, message):
    response = world.client_for("admin").post(
        reverse("projects:allocation_create", args=[programme.road.pk]),
        {"village": "610724108201", "amount": amount, "status": "planned", "version": 0})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Allocation.objects.filter(village=world.jiangbang).exists()


def test_the_allocation_form_offers_a_station_only_its_townships_villages(world, programme):
    station = world.users["scorer_station"]
    project = make_project("农技推广", station.department, direction="培训", investment="1000")
    client = world.client_for("scorer_station")
    form = client.get(reverse("projects:allocation_create", args=[project.pk])).context["form"]
    assert [v.code for v in form.fields["village"].queryset] == ["610724108201"]
    response = client.post(reverse("projects:allocation_create", args=[project.pk]),
                           {"village": "610724100201", "amount": "10", "status": "planned", "version": 0})
    assert response.status_code == 200
    assert not Allocation.objects.filter(project=project).exists()


def test_the_import_page_lists_every_bad_row(world, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.projects.test_workbook import allocation_row, project_row, workbook

    data = workbook([project_row(level="乡")], [allocation_row("610724999999", 1)])
    response = world.client_for("admin").post(reverse("projects:project_import"), {
        "file": SimpleUploadedFile("p.xlsx", data)})
    assert response.status_code == 200
    assert list(response.context["form"].row_errors) == [
        "“项目”第 2 行：级别“乡”无效，应为：中央、省、市、县",
        "“项目安排”第 2 行：找不到 2009 年的项目“农村沼气建设”（须在“项目”表中或已登记）",
    ]


def test_the_funds_report_sums_by_township(world, programme):
    make_allocation(programme.water, world.jiangbang, "1000", [(programme.water_works, "1")])
    report = world.client_for("admin").get(reverse("projects:funds_report"), {"year": 2009, "by": "township"})
    rows = report.context["report"]["rows"]
    assert [(r["label"], r["amount"], r["outputs"][:3]) for r in rows] == [
        ("城关镇", Decimal("400000"), [Decimal("2"), Decimal("0"), Decimal("0")]),
        ("峡口镇", Decimal("1000"), [Decimal("0"), Decimal("0"), Decimal("1")]),
    ]


def test_a_clerks_funds_report_holds_only_their_township(world, programme):
    make_allocation(programme.water, world.jiangbang, "1000")
    report = world.client_for("clerk_xiakou").get(reverse("projects:funds_report"), {"year": 2009, "by": "village"})
    assert [r["label"] for r in report.context["report"]["rows"]] == ["峡口镇 江榜村"]


def _more_data(world, programme, n):
    for i in range(n):
        project = make_project(f"项目{i}", world.tongji, investment="10000", direction="水利")
        make_allocation(project, world.jiangbang if i % 2 else world.wufeng, "100", [(programme.water_works, "1")])


@pytest.mark.parametrize("by", ["year", "level", "department", "township", "village"])
def test_the_funds_report_runs_the_same_queries_with_more_data(world, programme, by):
    client = world.client_for("admin")
    url = reverse("projects:funds_report")
    client.get(url, {"year": 2009, "by": by})  # session and user warmed
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url, {"year": 2009, "by": by})
    _more_data(world, programme, 6)
    with CaptureQueriesContext(connection) as after:
        client.get(url, {"year": 2009, "by": by})
    assert len(after) == len(before)


@pytest.mark.parametrize("name", ["projects:project_list", "projects:allocation_list", "projects:tasks_report",
                                  "projects:tilt_report"])
def test_lists_and_reports_run_a_fixed_number_of_queries(world, programme, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("admin")
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse(name))
    _more_data(world, programme, 6)
    with CaptureQueriesContext(connection) as after:
        client.get(reverse(name))
    assert len(after) == len(before)


def test_the_village_page_shows_its_projects_funds_and_outputs(world, programme):
    page = world.client_for("clerk_chengguan").get(reverse("villages:village_detail", args=["610724100201"]))
    html = page.content.decode()
    assert 'id="village-projects"' in html
    assert "通村水泥路建设" in html
    assert "通村水泥路 2 公里" in html


def test_the_village_page_of_an_inspector_has_no_project_section(world, programme):
    page = world.client_for("inspector1").get(reverse("villages:village_detail", args=["610724100201"]))
    assert 'id="village-projects"' not in page.content.decode()


def test_township_and_county_pages_show_their_totals(world, programme):
    make_allocation(programme.water, world.jiangbang, "1000")
    township = world.client_for("clerk_xiakou").get(reverse("villages:township_detail", args=["610724108"]))
    assert township.context["sections"][-1].context["totals"]["years"][0]["amount"] == Decimal("1000")
    county = world.client_for("admin").get(reverse("home:overview"))
    assert county.context["sections"][-1].context["totals"]["years"][0]["amount"] == Decimal("401000")


def test_the_project_page_shows_what_remains_to_allocate(world, programme):
    page = world.client_for("leader").get(reverse("projects:project_detail", args=[programme.road.pk]))
    assert (page.context["allocated"], page.context["remaining"]) == (Decimal("400000"), Decimal("600000"))
    assert page.context["can_edit"] is False


def test_a_village_cadre_is_forbidden_a_project_page(world, programme):
    assert world.client_for("cadre_wufeng").get(
        reverse("projects:project_detail", args=[programme.road.pk])).status_code == 403


def test_deleting_an_allocation_of_another_department_is_404(world, programme):
    response = world.client_for("scorer_tongji").post(
        reverse("projects:allocation_delete", args=[programme.wufeng_road.pk]))
    assert response.status_code == 404
    assert Allocation.objects.filter(pk=programme.wufeng_road.pk).exists()


def test_the_village_sections_rows_and_totals_equal_the_separate_selectors(world, programme):
    from projects import scope, selectors

    make_allocation(programme.water, world.wufeng, "120000.50", [(programme.water_works, "3"), (programme.km, "0.5")])
    later = make_project("2010 年通村水泥路", programme.road.department, year=2010)
    make_allocation(later, world.wufeng, "80000", [(programme.km, "1.25")], status=AllocationStatus.PLANNED)
    make_allocation(later, world.jiangbang, "5000", [(programme.biogas, "4")])
    for user in ("admin", "clerk_chengguan", "scorer_jiaotong"):
        allocations = scope.allocations(world.users[user])
        for village in (world.wufeng, world.jiangbang):
            expected = (selectors.village_allocations(village, allocations=allocations),
                        selectors.yearly_totals(allocations.filter(village=village)))
            assert selectors.village_allocations_and_totals(village, allocations=allocations) == expected
    rows, totals = selectors.village_allocations_and_totals(world.wufeng, allocations=Allocation.objects.all())
    assert [(y["year"], y["projects"], y["allocations"], y["amount"]) for y in totals["years"]] == [
        (2010, 1, 1, Decimal("80000")), (2009, 2, 2, Decimal("520000.50"))]
