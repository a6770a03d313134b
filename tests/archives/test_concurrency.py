"""Two users edit one archive record at once: the later save is refused, nothing is lost (issue 11, 16)."""

import re

import pytest
from django.urls import reverse

from tests.formdata import posted

pytestmark = pytest.mark.django_db


def open_form(client, record):
    url = reverse("archives:record_edit", args=[record.pk])
    response = client.get(url)
    assert f'type="hidden" name="version" value="{record.version}"' in response.content.decode()
    return url, posted(response.context["form"])


def test_second_user_saving_a_stale_archive_record_is_refused_with_what_changed(world, make_record):
    record = make_record(title="会议记录")
    clerk, cadre = world.client_for("clerk_chengguan"), world.client_for("cadre_wufeng")
    url, clerk_data = open_form(clerk, record)
    _url, cadre_data = open_form(cadre, record)

    assert clerk.post(url, {**clerk_data, "title": "第一次推进会会议记录"}).status_code == 302
    response = cadre.post(url, {**cadre_data, "description": "村两委参加"})

    assert response.status_code == 200
    message = response.context["form"].non_field_errors()[0]
    assert "clerk_chengguan" in message and "题名：会议记录 → 第一次推进会会议记录" in message
    record.refresh_from_db()
    assert (record.title, record.description, record.version) == ("第一次推进会会议记录", "", 2)
    rebased = posted(response.context["form"])
    assert (rebased["description"], rebased["version"]) == ("村两委参加", "2")

    assert cadre.post(url, {**rebased, "title": "第一次推进会会议记录"}).status_code == 302
    record.refresh_from_db()
    assert (record.title, record.description, record.version) == ("第一次推进会会议记录", "村两委参加", 3)


def test_an_archive_form_opened_before_the_record_was_deleted_and_restored_is_refused(world, make_record):
    from archives import services

    record = make_record()
    clerk = world.client_for("clerk_chengguan")
    url, data = open_form(clerk, record)
    services.archive_record_delete(actor=world.users["admin"], record=record)
    services.archive_record_restore(actor=world.users["admin"], record=record)

    response = clerk.post(url, {**data, "title": "新题名"})
    assert response.status_code == 200
    assert re.match(r"档案记录“会议记录”在您打开后已被 admin 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 修改。本次保存未生效",
                    response.context["form"].non_field_errors()[0])
    record.refresh_from_db()
    assert (record.title, record.version) == ("会议记录", 3)
