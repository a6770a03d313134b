"""Every page of the demonstration app: what each role may see and do, 404 outside the scope,
403 for a role without the action, the board's PDF text, the village page's section, and the
lists' fixed query counts."""

import datetime
import io
import re

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demonstration import services
from demonstration.models import Action, DemonstrationType, Designation, Meeting

from .conftest import designate_jiangbang

D = datetime.date


def board_url(name, village, year=2009):
    return reverse(f"demonstration:{name}", args=[village.code, year])


MARCH_2, MARCH_9 = D(2009, 3, 2), D(2009, 3, 9)


def add_meeting(world, designation, date=MARCH_2, due=MARCH_9, user="admin"):
    return services.meeting_record(actor=world.users[user], designation=designation, kind="progress", date=date,
                                   place="村委会", attendees="班子成员", decisions="推进项目",
                                   actions=[services.ActionInput("修通组道", "钱驻村", due)])


@pytest.mark.parametrize("user,status", [
    ("admin", 200), ("leader", 200), ("clerk_chengguan", 200), ("clerk_xiakou", 200), ("cadre_wufeng", 200),
    ("scorer_tongji", 403), ("helper1", 403), ("inspector1", 403),
])
def test_the_county_list_is_for_staff_who_read_demonstration_villages(world, demo, user, status):
    assert world.client_for(user).get(reverse("demonstration:designation_list")).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(world, demo):
    response = world.client_for("anonymous").get(board_url("board", world.wufeng))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_clerk_lists_only_their_townships_demonstration_villages(world, demo):
    designate_jiangbang(world)
    rows = world.client_for("clerk_xiakou").get(reverse("demonstration:designation_list")).context["table"].rows
    assert [row.record.village.name for row in rows] == ["江榜村"]
    rows = world.client_for("leader").get(reverse("demonstration:designation_list")).context["table"].rows
    assert sorted(row.record.village.name for row in rows) == ["五丰村", "江榜村"]


def test_the_county_list_flags_missed_weeks_and_overdue_actions(world, demo):
    add_meeting(world, demo.designation)
    html = world.client_for("admin").get(reverse("demonstration:designation_list") + "?flag=overdue").content.decode()
    record = world.client_for("admin").get(reverse("demonstration:designation_list")).context["table"].rows[0].record
    assert (record.meetings_held, record.actions_open, record.actions_overdue) == (1, 1, 1)
    assert "table-warning" in html and "五丰村" in html


def test_the_county_list_runs_a_fixed_number_of_queries(world, demo):
    client = world.client_for("admin")
    url = reverse("demonstration:designation_list")
    with CaptureQueriesContext(connection) as first:
        assert len(client.get(url).context["table"].page.object_list) == 1
    designate_jiangbang(world)
    add_meeting(world, demo.designation)
    add_meeting(world, demo.designation, date=D(2009, 3, 9))
    with CaptureQueriesContext(connection) as second:
        assert len(client.get(url).context["table"].page.object_list) == 2
    assert len(first) == len(second) == 8  # session, user, township and type choices, count, keys, rows, meetings


@pytest.mark.parametrize("user,status", [
    ("admin", 200), ("leader", 200), ("clerk_chengguan", 200), ("cadre_wufeng", 200),
    ("clerk_xiakou", 404), ("scorer_tongji", 403),
])
def test_the_board_is_seen_in_scope_only(world, demo, user, status):
    assert world.client_for(user).get(board_url("board", world.wufeng)).status_code == status


def test_a_village_cadre_cannot_open_another_villages_board(world, demo):
    designate_jiangbang(world)
    assert world.client_for("cadre_wufeng").get(board_url("board", world.jiangbang)).status_code == 404


def test_the_board_shows_type_plan_leader_team_cadre_meetings_and_actions(world, demo):
    add_meeting(world, demo.designation)
    html = world.client_for("leader").get(board_url("board", world.wufeng)).content.decode()
    html = re.sub(r"<!--.*?-->|<[^>]*>", "", html, flags=re.S)  # its text: long template lines break inside tags
    for text in ["生猪产业支撑型", "G1 五丰村示范村建设规划", "赵县长（县人民政府）",
                 "赵县长（县委常委、副县长，组长）",
                 "钱驻村（县农业局干部，2009-02-01 — 至今）", "已召开会议 1 次", "修通组道", "逾期"]:
        assert text in html, text
    assert "王建国" not in html  # no household's data on a public board
    assert "标记完成" not in html  # the leader reads only


def test_the_board_pdf_carries_the_board_in_chinese(world, demo):
    add_meeting(world, demo.designation)
    response = world.client_for("clerk_chengguan").get(board_url("board_pdf", world.wufeng))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    flat = text.replace("\n", "").replace(" ", "")
    phrases = ["城关镇五丰村2009年升级晋档示范村", "生猪产业支撑型", "赵县长", "钱驻村", "修通组道", "已召开会议1次"]
    for phrase in phrases:
        assert phrase in flat, phrase
    assert world.client_for("clerk_xiakou").get(board_url("board_pdf", world.wufeng)).status_code == 404


def test_the_village_page_says_the_village_is_a_demonstration_village(world, demo):
    url = reverse("villages:village_detail", args=[world.wufeng.code])
    html = world.client_for("cadre_wufeng").get(url).content.decode()
    assert "本村是 2009 年升级晋档示范村（生猪产业支撑型，2009 年起）" in html
    assert board_url("board", world.wufeng) in html
    assert "village-demonstration-flags" in html  # a year with no progress meeting at all
    other = world.client_for("clerk_xiakou").get(reverse("villages:village_detail", args=[world.jiangbang.code]))
    assert "village-demonstration" not in other.content.decode()


@pytest.mark.parametrize("user,status", [("clerk_chengguan", 200), ("admin", 200), ("clerk_xiakou", 404),
                                         ("leader", 403), ("cadre_wufeng", 403)])
def test_meetings_are_recorded_by_the_admin_and_the_clerk_of_the_township(world, demo, user, status):
    assert world.client_for(user).get(board_url("meeting_create", world.wufeng)).status_code == status


def test_a_clerk_records_a_meeting_with_its_actions(world, demo):
    response = world.client_for("clerk_chengguan").post(board_url("meeting_create", world.wufeng), {
        "kind": "progress", "date": "2009-03-02", "held": "on", "place": "村委会", "attendees": "班子成员",
        "decisions": "推进项目", "actions": "修通组道｜钱驻村｜2009-03-20\n完成选址|王明|2009-03-31"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert [(a.description, a.owner, a.due_date) for a in meeting.actions.order_by("due_date")] == [
        ("修通组道", "钱驻村", D(2009, 3, 20)), ("完成选址", "王明", D(2009, 3, 31))]
    assert meeting.minutes.category.code == "W3"


def test_a_bad_action_line_is_shown_with_its_line_number(world, demo):
    response = world.client_for("clerk_chengguan").post(board_url("meeting_create", world.wufeng), {
        "kind": "progress", "date": "2009-03-02", "held": "on", "place": "村委会", "attendees": "班子成员",
        "actions": "修通组道｜钱驻村｜2009-03-20\n完成选址｜王明｜三月底"})
    assert response.status_code == 200
    assert response.context["form"].errors["actions"] == ["落实事项第 2 行的完成时限“三月底”不是日期（YYYY-MM-DD）"]
    assert not Meeting.objects.exists()


def test_a_future_meeting_marked_held_is_refused_on_the_form(world, demo):
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = world.client_for("clerk_chengguan").post(board_url("meeting_create", world.wufeng), {
        "kind": "funds", "date": future, "held": "on", "place": "县政府", "attendees": "各部门"})
    assert response.status_code == 200
    assert "不能标记为已召开" in response.context["form"].errors["held"][0]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("user,status", [("admin", 200), ("leader", 403), ("clerk_chengguan", 403)])
def test_only_the_administrator_designates_on_the_page(world, demo, user, status):
    assert world.client_for(user).get(reverse("demonstration:designation_create")).status_code == status


def test_the_administrator_designates_and_a_missing_type_is_refused(world, demo):
    client = world.client_for("admin")
    url = reverse("demonstration:designation_create")
    response = client.post(url, {"village": world.jiangbang.code, "year": "2009"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == ["请选择示范村类型"]
    response = client.post(url, {"village": world.jiangbang.code, "kind": demo.pig_type.pk})
    assert response.context["form"].errors["year"] == ["请填写示范村的年度"]
    response = client.post(reverse("demonstration:designation_create"), {
        "village": world.jiangbang.code, "year": "2009", "kind": demo.pig_type.pk, "reason": "茶叶基础好"})
    assert response.status_code == 302
    assert Designation.objects.filter(village=world.jiangbang, year=2009).exists()


@pytest.mark.parametrize("name", ["team_member_add", "resident_cadre_add"])
@pytest.mark.parametrize("user,status", [("admin", 200), ("clerk_chengguan", 403), ("clerk_xiakou", 404)])
def test_team_and_cadre_are_kept_by_the_administrator(world, demo, name, user, status):
    assert world.client_for(user).get(board_url(name, world.wufeng)).status_code == status


def test_the_administrator_adds_a_team_member_and_a_resident_cadre(world, demo):
    client = world.client_for("admin")
    response = client.post(board_url("team_member_add", world.wufeng), {"name": "孙镇长", "post": "镇长"})
    assert response.status_code == 302
    assert client.post(board_url("resident_cadre_add", world.wufeng), {
        "name": "李驻村", "unit": "县水利局干部", "start_date": "2009-06-01"}).status_code == 302
    assert [m.name for m in demo.designation.team.all()] == ["赵县长", "孙镇长"]
    assert [c.name for c in demo.designation.resident_cadres.all()] == ["钱驻村", "李驻村"]


@pytest.mark.parametrize("user,status", [("clerk_chengguan", 302), ("clerk_xiakou", 404), ("leader", 403)])
def test_an_action_is_marked_done_by_whoever_records_meetings(world, demo, user, status):
    action = add_meeting(world, demo.designation).actions.get()
    response = world.client_for(user).post(reverse("demonstration:action_done", args=[action.pk]))
    assert response.status_code == status
    assert Action.objects.get(pk=action.pk).done == (status == 302)


@pytest.mark.parametrize("user,status", [("leader", 200), ("cadre_wufeng", 200), ("clerk_xiakou", 404),
                                         ("scorer_tongji", 403)])
def test_the_meeting_list_is_seen_in_scope_only(world, demo, user, status):
    assert world.client_for(user).get(board_url("meeting_list", world.wufeng)).status_code == status


def test_the_meeting_list_runs_a_fixed_number_of_queries(world, demo):
    client = world.client_for("admin")
    add_meeting(world, demo.designation)
    with CaptureQueriesContext(connection) as first:
        assert len(client.get(board_url("meeting_list", world.wufeng)).context["table"].page.object_list) == 1
    for week in range(1, 5):
        add_meeting(world, demo.designation, date=D(2009, 3, 2) + datetime.timedelta(days=7 * week))
    with CaptureQueriesContext(connection) as second:
        assert len(client.get(board_url("meeting_list", world.wufeng)).context["table"].page.object_list) == 5
    assert len(first) == len(second)


@pytest.mark.parametrize("user,villages", [("admin", ["五丰村", "江榜村"]), ("clerk_xiakou", ["江榜村"]),
                                           ("cadre_wufeng", ["五丰村"])])
def test_the_county_list_exports_its_rows_with_their_flags(world, demo, user, villages):
    from xixiang.lib.excel import read_sheet

    designate_jiangbang(world)
    add_meeting(world, demo.designation)
    response = world.client_for(user).get(reverse("demonstration:designation_export"))
    header, rows = read_sheet(io.BytesIO(b"".join(response.streaming_content)))
    assert header == ["年度", "乡镇", "村编码", "示范村", "示范类型", "地形类型", "已召开会议", "缺推进会（周）",
                      "未完成事项", "逾期事项"]
    assert [row[3] for row in rows] == villages
    if "五丰村" in villages:
        wufeng = next(row for row in rows if row[3] == "五丰村")
        assert wufeng[6:] == [1, 52, 1, 1]


def test_a_role_without_demonstration_villages_cannot_export_them(world, demo):
    assert world.client_for("scorer_tongji").get(reverse("demonstration:designation_export")).status_code == 403


def test_the_village_page_names_the_latest_designation_its_first_year_and_overdue_actions(world, demo):
    later = services.designation_create(actor=world.users["admin"], village=world.wufeng, year=2010,
                                        kind=DemonstrationType.objects.get(name="茶叶产业支撑型"))
    url = reverse("villages:village_detail", args=[world.wufeng.code])
    client = world.client_for("clerk_chengguan")
    client.get(url)  # the household figures computed and cached: not what this test counts
    with CaptureQueriesContext(connection) as before:
        html = client.get(url).content.decode()
    assert "本村是 2010 年升级晋档示范村（茶叶产业支撑型，2009 年起）" in html
    assert "项落实事项已逾期" not in html
    add_meeting(world, later, date=D(2010, 3, 1), due=D(2010, 3, 8))
    add_meeting(world, later, date=D(2010, 3, 8), due=D(2010, 3, 15))
    add_meeting(world, demo.designation)  # the 2009 designation's overdue action is not the 2010 one's
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert "2 项落实事项已逾期" in html
    assert len(after) == len(before)
