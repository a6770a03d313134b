"""The designation's edit page and the button that marks a planned meeting held: who may use
them (403 for a role without the action, 404 outside the scope), what they refuse and what they
store (with the history's user and reason)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from demonstration import services
from demonstration.models import DemonstrationType, Designation, Meeting

MARCH_2 = datetime.date(2009, 3, 2)


def edit_url(village, year=2009):
    return reverse("demonstration:designation_update", args=[village.code, year])


def hold_url(meeting):
    return reverse("demonstration:meeting_hold", args=[meeting.pk])


def planned_meeting(world, designation, date=MARCH_2):
    return services.meeting_record(actor=world.users["admin"], designation=designation, kind="progress", date=date,
                                   place="村委会", attendees="班子成员", decisions="推进项目", held=False)


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the designation's edit page ------------------------------------------------------------

@pytest.mark.parametrize("user,status", [("admin", 200), ("leader", 403), ("clerk_chengguan", 403),
                                         ("cadre_wufeng", 403), ("clerk_xiakou", 404), ("inspector1", 403)])
def test_only_the_administrator_edits_a_designation(world, demo, user, status):
    assert world.client_for(user).get(edit_url(world.wufeng)).status_code == status


def test_a_designation_that_does_not_exist_answers_404(world, demo):
    assert world.client_for("admin").get(edit_url(world.wufeng, 2010)).status_code == 404
    assert world.client_for("admin").get(edit_url(world.jiangbang)).status_code == 404


def test_the_edit_page_starts_from_the_stored_values(world, demo):
    form = world.client_for("admin").get(edit_url(world.wufeng)).context["form"]
    assert list(form.fields) == ["kind", "reason", "plan", "contact"]
    assert form.initial == {"kind": demo.pig_type.pk, "reason": "生猪养殖基础好", "plan": demo.plan.pk,
                            "contact": demo.contact.pk}


def test_a_designation_without_a_type_is_refused_and_nothing_changes(world, demo):
    response = world.client_for("admin").post(edit_url(world.wufeng), {"kind": "", "reason": "改"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == ["请选择示范村类型"]
    stored = Designation.objects.get(pk=demo.designation.pk)
    assert (stored.kind_id, stored.reason) == (demo.pig_type.pk, "生猪养殖基础好")


def test_the_administrator_changes_the_type_and_reason_with_history(world, demo):
    tourism = DemonstrationType.objects.exclude(pk=demo.pig_type.pk).filter(is_active=True).first()
    response = world.client_for("admin").post(edit_url(world.wufeng), {
        "kind": tourism.pk, "reason": "  乡村旅游条件好 ", "plan": demo.plan.pk, "contact": ""})
    assert response.status_code == 302
    assert response["Location"] == demo.designation.get_absolute_url()
    assert texts(response) == ["已修改 五丰村 2009 年示范村"]
    stored = Designation.objects.get(pk=demo.designation.pk)
    assert (stored.kind_id, stored.reason, stored.plan_id, stored.contact_id, stored.village_id, stored.year) == (
        tourism.pk, "乡村旅游条件好", demo.plan.pk, None, world.wufeng.pk, 2009)
    latest = stored.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~", world.users["admin"], "修改示范村")


def test_the_board_links_to_the_edit_page_for_the_administrator_only(world, demo):
    url = edit_url(world.wufeng)
    assert url in world.client_for("admin").get(demo.designation.get_absolute_url()).content.decode()
    assert url not in world.client_for("clerk_chengguan").get(demo.designation.get_absolute_url()).content.decode()


# --- marking a planned meeting held ---------------------------------------------------------

@pytest.mark.parametrize("user,status", [("clerk_chengguan", 302), ("admin", 302), ("clerk_xiakou", 404),
                                         ("leader", 403), ("cadre_wufeng", 403)])
def test_a_meeting_is_marked_held_by_whoever_records_meetings(world, demo, user, status):
    meeting = planned_meeting(world, demo.designation)
    response = world.client_for(user).post(hold_url(meeting))
    assert response.status_code == status
    assert Meeting.objects.get(pk=meeting.pk).held == (status == 302)


def test_marking_held_is_a_post(world, demo):
    meeting = planned_meeting(world, demo.designation)
    assert world.client_for("admin").get(hold_url(meeting)).status_code == 405
    assert world.client_for("admin").post(reverse("demonstration:meeting_hold", args=[meeting.pk + 99])
                                          ).status_code == 404


def test_a_held_meeting_files_its_minutes_in_w3(world, demo):
    meeting = planned_meeting(world, demo.designation)
    response = world.client_for("clerk_chengguan").post(hold_url(meeting))
    assert response["Location"] == reverse("demonstration:meeting_list", args=[world.wufeng.code, 2009])
    assert texts(response) == ["已标记为已召开，会议纪要已归入本村档案 W3"]
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.held, stored.minutes.category.code) == (True, "W3")
    assert stored.history.first().history_change_reason == "标记已召开"


def test_a_meeting_in_the_future_cannot_be_marked_held(world, demo):
    future = datetime.date.today() + datetime.timedelta(days=3)
    meeting = planned_meeting(world, demo.designation, date=future)
    response = world.client_for("admin").post(hold_url(meeting))
    assert response.status_code == 302
    today = datetime.date.today()
    assert texts(response) == [f"会议日期 {future.isoformat()} 在今天（{today.isoformat()}）之后，不能标记为已召开"]
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.held, stored.minutes_id) == (False, None)


def test_a_meeting_already_held_is_not_marked_again(world, demo):
    meeting = planned_meeting(world, demo.designation)
    client = world.client_for("admin")
    client.post(hold_url(meeting))
    response = client.post(hold_url(meeting))  # the first message is still unread
    assert texts(response) == ["已标记为已召开，会议纪要已归入本村档案 W3", "该会议已标记为已召开"]


def test_the_meeting_list_offers_the_button_to_those_who_record_meetings(world, demo):
    meeting = planned_meeting(world, demo.designation)
    list_url = reverse("demonstration:meeting_list", args=[world.wufeng.code, 2009])
    assert hold_url(meeting) in world.client_for("clerk_chengguan").get(list_url).content.decode()
    for user in ("leader", "cadre_wufeng"):
        assert hold_url(meeting) not in world.client_for(user).get(list_url).content.decode()
