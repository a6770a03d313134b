import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from targets.choices import PlanStatus
from targets.models import Commitment, VillagePlan
from tests.factories import VillageFactory
from villages.models import VillageGrade

from .factories import CommitmentFactory, TownshipPlanFactory, plan_village


@pytest.fixture
def planned(graded, plan):
    plan_village(graded.wufeng, {2009: 3, 2010: 2}, status=PlanStatus.DRAFT)
    plan_village(graded.jiangbang, {2009: 2})
    TownshipPlanFactory(plan=plan, township=graded.chengguan)
    return graded


READ_PAGES = ["/targets/", "/targets/villages/", "/targets/villages/export.xlsx"]


@pytest.mark.parametrize("url", READ_PAGES)
@pytest.mark.parametrize("user,status", [
    ("admin", 200), ("leader", 200), ("clerk_chengguan", 200), ("cadre_wufeng", 200), ("scorer_tongji", 403),
    ("helper1", 403), ("inspector1", 403),
])
def test_plan_pages_are_read_by_admin_leader_clerks_and_cadres(planned, url, user, status):
    assert planned.client_for(user).get(url).status_code == status


def test_an_anonymous_visitor_is_sent_to_the_login(planned):
    response = planned.client_for("anonymous").get("/targets/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("user,status", [("clerk_chengguan", 200), ("clerk_xiakou", 404), ("cadre_wufeng", 200),
                                         ("leader", 200)])
def test_a_township_page_is_in_scope_or_404(planned, user, status):
    assert planned.client_for(user).get("/targets/township/610724100/").status_code == status


@pytest.mark.parametrize("user,status", [("clerk_chengguan", 200), ("clerk_xiakou", 404), ("cadre_wufeng", 200),
                                         ("leader", 200), ("scorer_tongji", 403)])
def test_a_village_targets_page_is_in_scope_or_404(planned, user, status):
    assert planned.client_for(user).get("/targets/village/610724100201/").status_code == status


def test_a_clerk_sees_only_their_townships_villages_in_the_list_and_the_export(planned):
    client = planned.client_for("clerk_chengguan")
    response = client.get("/targets/villages/?year=2009")
    assert [row.record.code for row in response.context["table"].page.object_list] == ["610724100201"]
    workbook = load_workbook(io.BytesIO(b"".join(client.get("/targets/villages/export.xlsx").streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0] == ("村编码", "村名", "乡镇", "2009年目标级类", "2010年目标级类", "2011年目标级类", "工作措施",
                       "乡镇包抓领导", "村党支部书记", "联系领导", "状态")
    assert rows[1:] == [("610724100201", "五丰村", "城关镇", 3, 2, None, "发展茶叶产业，硬化通组道路", "王建国", "李明",
                         "张华", "草稿")]


def test_the_export_keeps_the_lists_filters(planned):
    client = planned.client_for("admin")
    content = b"".join(client.get("/targets/villages/export.xlsx?status=approved").streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert [r[0] for r in rows[1:]] == ["610724108201"]


def test_the_targets_list_runs_a_fixed_number_of_queries(planned):
    client = planned.client_for("admin")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/targets/villages/?year=2009").status_code == 200
        return len(queries)

    before = count()
    for _ in range(5):
        village = VillageFactory(township=planned.chengguan)
        VillageGrade.objects.create(village=village, year=2008, grade=4)
        plan_village(village, {2009: 3})
    assert count() == before


def test_the_county_page_runs_a_fixed_number_of_queries(planned):
    client = planned.client_for("admin")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/targets/?year=2009").status_code == 200
        return len(queries)

    before = count()
    for _ in range(5):
        village = VillageFactory(township=planned.xiakou)
        VillageGrade.objects.create(village=village, year=2008, grade=4)
        plan_village(village, {2009: 3})
    assert count() == before


def test_the_county_page_shows_progress_by_township(planned):
    VillageGrade.objects.create(village=planned.jiangbang, year=2009, grade=2)
    response = planned.client_for("leader").get("/targets/?year=2009")
    assert [(t.name, t.planned, t.reached) for t, _c in response.context["rows"]] == [
        ("城关镇", 0, 0), ("峡口镇", 1, 1)]
    assert '<progress class="w-100" max="100" value="100"' in response.content.decode()


@pytest.mark.parametrize("user,status", [("clerk_chengguan", 200), ("admin", 200), ("clerk_xiakou", 404),
                                         ("leader", 403), ("cadre_wufeng", 403)])
def test_only_admin_and_the_townships_clerk_edit_a_villages_targets(planned, user, status):
    assert planned.client_for(user).get("/targets/village/610724100201/edit/").status_code == status


def test_a_clerk_saves_targets_through_the_form(planned):
    response = planned.client_for("clerk_chengguan").post("/targets/village/610724100201/edit/", {
        "target_2009": "3", "target_2010": "", "target_2011": "1", "measures": "新措施", "township_leader": "",
        "party_secretary": "李明", "contact_leader": "", "reason": "", "version": "1"})
    assert response.status_code == 302
    vp = VillagePlan.objects.get(village=planned.wufeng)
    assert dict(vp.targets.values_list("year", "grade")) == {2009: 3, 2011: 1}


def test_a_bad_target_is_shown_next_to_its_field(planned):
    response = planned.client_for("admin").post("/targets/village/610724108201/edit/", {
        "target_2009": "4", "target_2010": "", "target_2011": "", "reason": "调整", "version": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["target_2009"] == ["2009 年目标级类 4 低于该村现有级类 3（1 类最好）"]


def _edit(client, version, **fields):
    return client.post("/targets/village/610724100201/edit/", {
        "target_2009": "3", "target_2010": "2", "target_2011": "", "measures": "发展茶叶产业，硬化通组道路",
        "township_leader": "王建国", "party_secretary": "李明", "contact_leader": "张华", "reason": "",
        "version": str(version), **fields})


def test_two_edits_opened_at_the_same_version_the_second_is_refused_and_keeps_what_was_typed(planned):
    first, second = planned.client_for("clerk_chengguan"), planned.client_for("admin")
    assert 'name="version" value="1"' in second.get("/targets/village/610724100201/edit/").content.decode()
    assert _edit(first, 1, target_2011="1").status_code == 302
    response = _edit(second, 1, measures="新措施")
    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert message.startswith("村规划“五丰村 西乡县升级晋档实施方案（2009—2011年）”在您打开后已被 clerk_chengguan 于 ")
    assert "现有目标：2009 年 3 类、2010 年 2 类、2011 年 1 类。本次保存未生效" in message
    vp = VillagePlan.objects.get(village=planned.wufeng)
    assert (vp.version, vp.measures, dict(vp.targets.values_list("year", "grade"))) == (
        2, "发展茶叶产业，硬化通组道路", {2009: 3, 2010: 2, 2011: 1})
    body = response.content.decode()
    assert 'name="version" value="2"' in body  # re-based: saving again applies it knowingly
    assert "新措施" in body


def test_an_edit_of_a_stored_plan_without_a_version_is_refused(planned):
    response = _edit(planned.client_for("clerk_chengguan"), "", measures="新措施")
    assert response.context["form"].non_field_errors() == ["表单缺少版本号，请重新打开后再保存"]
    assert VillagePlan.objects.get(village=planned.wufeng).measures == "发展茶叶产业，硬化通组道路"


def test_a_stale_township_plan_edit_is_refused(planned):
    client = planned.client_for("clerk_chengguan")
    data = {"measures": "甲", "township_leader": "赵刚", "contact_leader": "孙强", "reason": "补充", "version": "1"}
    assert client.post("/targets/township/610724100/edit/", data).status_code == 302
    response = client.post("/targets/township/610724100/edit/", {**data, "measures": "乙"})
    assert "在您打开后已被 clerk_chengguan 于 " in response.context["form"].non_field_errors()[0]
    assert planned.chengguan.target_plans.get().measures == "甲"


@pytest.mark.parametrize("user,status", [("admin", 302), ("clerk_chengguan", 403), ("leader", 403)])
def test_only_the_administrator_approves(planned, user, status):
    response = planned.client_for(user).post("/targets/village/610724100201/approve/")
    assert response.status_code == status
    approved = VillagePlan.objects.get(village=planned.wufeng).status == PlanStatus.APPROVED
    assert approved is (status == 302)


def test_approving_by_get_is_not_allowed(planned):
    assert planned.client_for("admin").get("/targets/village/610724100201/approve/").status_code == 405


@pytest.mark.parametrize("user,status", [("admin", 302), ("clerk_chengguan", 403), ("clerk_xiakou", 403)])
def test_approving_a_township_is_the_administrators(planned, user, status):
    assert planned.client_for(user).post("/targets/township/610724100/approve/").status_code == status


@pytest.mark.parametrize("user,status", [("clerk_chengguan", 200), ("clerk_xiakou", 404), ("cadre_wufeng", 403),
                                         ("admin", 200)])
def test_a_townships_plan_is_edited_by_its_clerk(planned, user, status):
    assert planned.client_for(user).get("/targets/township/610724100/edit/").status_code == status


@pytest.mark.parametrize("user,status", [("cadre_wufeng", 200), ("clerk_chengguan", 200), ("clerk_xiakou", 404),
                                         ("leader", 403), ("admin", 200)])
def test_a_villages_commitment_is_signed_by_its_cadre_or_clerk(planned, user, status):
    assert planned.client_for(user).get("/targets/commitments/2009/village/610724100201/").status_code == status


@pytest.mark.parametrize("user,status", [("clerk_chengguan", 200), ("cadre_wufeng", 404), ("clerk_xiakou", 404)])
def test_a_townships_commitment_is_signed_by_its_clerk(planned, user, status):
    assert planned.client_for(user).get("/targets/commitments/2009/township/610724100/").status_code == status


def test_a_cadre_signs_and_the_commitment_is_filed(planned):
    response = planned.client_for("cadre_wufeng").post("/targets/commitments/2009/village/610724100201/", {
        "target_grade": "3", "income_per_capita": "2800", "text": "确保晋升三类村", "signer": "李明",
        "signed_on": "2009-03-01"})
    assert response.status_code == 302
    commitment = Commitment.objects.get(village=planned.wufeng, year=2009)
    assert (commitment.signer, commitment.signed_on, commitment.archive_record.category.code) == (
        "李明", datetime.date(2009, 3, 1), "G3")


def test_a_commitment_without_a_signer_is_refused_on_the_form(planned):
    response = planned.client_for("cadre_wufeng").post("/targets/commitments/2009/village/610724100201/", {
        "target_grade": "3", "text": "确保晋升三类村", "signer": "", "signed_on": "2009-03-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["signer"] == ["请填写承诺人（签名的责任人）"]
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("user,status", [("cadre_wufeng", 200), ("leader", 200), ("clerk_xiakou", 404),
                                         ("helper1", 403)])
def test_a_commitment_pdf_is_read_in_scope(planned, user, status):
    commitment = CommitmentFactory(village=planned.wufeng)
    response = planned.client_for(user).get(f"/targets/commitments/{commitment.pk}.pdf")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"


def test_the_village_page_shows_the_targets_section(planned):
    response = planned.client_for("cadre_wufeng").get("/villages/610724100201/")
    body = response.content.decode()
    assert 'id="targets-section"' in body
    assert "发展茶叶产业，硬化通组道路" in body


def test_the_village_page_has_no_targets_section_for_a_scorer(planned):
    body = planned.client_for("scorer_tongji").get("/villages/610724100201/").content.decode()
    assert 'id="targets-section"' not in body


def test_the_dashboard_shows_the_plans_progress(planned):
    VillageGrade.objects.create(village=planned.jiangbang, year=2009, grade=2)
    response = planned.client_for("leader").get("/overview/")
    block = response.context["plan_progress"]
    assert [(y.year, y.planned, y.reached) for y in block["years"]] == [(2009, 1, 1), (2010, 0, 0), (2011, 0, 0)]
    assert 'id="plan-progress"' in response.content.decode()


def test_a_townships_commitment_is_not_filed_but_shown_on_each_of_its_villages_pages(planned):
    from archives.models import ArchiveRecord
    from targets import services

    commitment = services.commitment_save(actor=planned.users["clerk_chengguan"], year=2009,
                                          township=planned.chengguan, text="全镇三个村晋档", signer="赵刚",
                                          signed_on=datetime.date(2009, 2, 20))
    assert (commitment.archive_record, ArchiveRecord.objects.count()) == (None, 0)
    cadre = planned.client_for("cadre_wufeng")
    body = cadre.get("/targets/village/610724100201/").content.decode()
    assert (f'<td class="township-commitment">赵刚，2009-02-20\n    <a href="/targets/commitments/{commitment.pk}.pdf">'
            in body)
    assert cadre.get(f"/targets/commitments/{commitment.pk}.pdf")["Content-Type"] == "application/pdf"
    other = planned.client_for("clerk_xiakou").get("/targets/village/610724108201/").content.decode()
    assert f"/targets/commitments/{commitment.pk}.pdf" not in other
