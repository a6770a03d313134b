"""The project's middleware: no-store on every page and file, NUL bytes, session time-outs."""

import time

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from xixiang.core.middleware import RefuseNulBytesMiddleware, SessionTimeoutMiddleware


def personal_data_urls(world) -> list[str]:
    household = world.own_household
    return [
        reverse("households:household_list"),
        reverse("households:household_list") + f"?q={household.head_id_number}",
        reverse("households:household_detail", args=[household.number]),
        reverse("households:household_edit", args=[household.number]),
        reverse("audit:object_history", args=["households.household", household.pk]),
        reverse("households:roster:export"),
        reverse("households:roster:batch_list"),
        reverse("assistance:household_card", args=[household.number, 2009]),
    ]


def test_every_page_and_file_with_personal_data_is_sent_with_no_store(world):
    client = world.client_for("clerk_chengguan")
    for url in personal_data_urls(world):
        response = client.get(url)
        assert (url, response.status_code, response["Cache-Control"]) == (url, 200, "no-store")


def test_the_login_page_and_a_404_are_not_cached_either(world):
    assert world.client_for("anonymous").get(reverse("login"))["Cache-Control"] == "no-store"
    response = world.client_for("admin").get(reverse("households:household_detail", args=["no-such-household"]))
    assert (response.status_code, response["Cache-Control"]) == (404, "no-store")


@pytest.mark.parametrize("url", ["/households/%00/", "/villages/%00/", "/archives/records/%00/", "/%00"])
def test_a_nul_byte_in_the_path_answers_404(world, url):
    response = world.client_for("admin").get(url)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_nul_byte_is_refused_before_any_view_or_database_sees_it():
    def view(request):
        raise AssertionError("the request reached the view")

    middleware = RefuseNulBytesMiddleware(view)
    with pytest.raises(Http404):
        middleware(RequestFactory().get("/households/%00/"))
    with pytest.raises(SuspiciousOperation):
        middleware(RequestFactory().get(reverse("households:household_list"), {"q": "\x00"}))


def test_a_nul_byte_in_the_query_string_answers_400(world):
    response = world.client_for("admin").get(reverse("households:household_list") + "?q=%00")
    assert response.status_code == 400


def set_session_times(client, *, started: float, seen: float) -> None:
    session = client.session
    session[SessionTimeoutMiddleware.STARTED_KEY] = started
    session[SessionTimeoutMiddleware.SEEN_KEY] = seen
    session.save()


def test_session_settings_default_to_30_minutes_idle_and_10_hours_absolute():
    assert (settings.SESSION_IDLE_SECONDS, settings.SESSION_ABSOLUTE_SECONDS) == (30 * 60, 10 * 3600)
    assert settings.SESSION_COOKIE_AGE == 10 * 3600


def test_a_session_idle_for_longer_than_the_limit_is_signed_out_with_a_message(world):
    client = world.client_for("clerk_chengguan")
    now = time.time()
    set_session_times(client, started=now - 3600, seen=now - 31 * 60)
    response = client.get(reverse("households:household_list"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert [str(m) for m in response.context["messages"]] == ["您已超过 30 分钟未操作，系统已自动退出，请重新登录。"]
    assert not response.context["user"].is_authenticated


def test_a_session_used_within_the_idle_limit_stays_and_records_the_request(world):
    client = world.client_for("clerk_chengguan")
    now = time.time()
    set_session_times(client, started=now - 3600, seen=now - 29 * 60)
    assert client.get(reverse("households:household_list")).status_code == 200
    assert client.session[SessionTimeoutMiddleware.SEEN_KEY] >= now


def test_a_session_older_than_the_absolute_lifetime_is_signed_out_even_when_busy(world):
    client = world.client_for("clerk_chengguan")
    now = time.time()
    set_session_times(client, started=now - 10 * 3600 - 60, seen=now - 10)
    response = client.get(reverse("households:household_list"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert [str(m) for m in response.context["messages"]] == ["本次登录已超过 10 小时，请重新登录。"]


def test_the_limits_are_settings(world, settings):
    settings.SESSION_IDLE_SECONDS = 60
    client = world.client_for("clerk_chengguan")
    now = time.time()
    set_session_times(client, started=now - 100, seen=now - 90)
    assert client.get(reverse("households:household_list")).status_code == 302


def test_a_session_records_when_it_began_at_login(world):
    before = time.time()
    client = world.client_for("clerk_chengguan")
    session = client.session
    assert session[SessionTimeoutMiddleware.STARTED_KEY] == session[SessionTimeoutMiddleware.SEEN_KEY] >= before


def test_a_session_from_before_the_rule_gets_its_clock_at_its_next_request(world):
    client = world.client_for("clerk_chengguan")
    session = client.session
    del session[SessionTimeoutMiddleware.STARTED_KEY], session[SessionTimeoutMiddleware.SEEN_KEY]
    session.save()
    before = time.time()
    assert client.get(reverse("households:household_list")).status_code == 200
    assert client.session[SessionTimeoutMiddleware.STARTED_KEY] >= before
