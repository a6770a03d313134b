"""County overview, health check, login and lockout."""

import json
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import HouseholdFactory
from villages.models import VillageGrade


def test_overview_shows_county_figures_for_the_admin(world):
    VillageGrade.objects.create(village=world.wufeng, year=2008, grade=3)
    VillageGrade.objects.create(village=world.jiangbang, year=2008, grade=4)
    response = world.client_for("admin").get(reverse("home:overview"))
    context = response.context
    assert (context["township_count"], context["village_count"], context["group_count"]) == (2, 2, 2)
    assert context["totals"] == {"households": 2, "people": 6}
    assert (context["grade_year"], context["grade_counts"]) == (2008, {1: 0, 2: 0, 3: 1, 4: 1})
    assert dict((code, n) for code, _, n in context["category_counts"])["well_off"] == 2


def test_overview_figures_are_scoped_for_a_clerk(world):
    context = world.client_for("clerk_xiakou").get(reverse("home:overview")).context
    assert (context["township_count"], context["village_count"], context["totals"]["households"]) == (1, 1, 1)


def test_overview_links_each_category_to_the_filtered_household_list(world):
    page = world.client_for("admin").get(reverse("home:overview")).content.decode()
    for category in ("demonstration", "well_off", "subsistence", "needs_help", "care"):
        assert f'href="{reverse("households:household_list")}?category={category}"' in page


def test_overview_query_count_does_not_grow_with_households(world):
    client = world.client_for("admin")
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home:overview"))
    HouseholdFactory.create_batch(20, group=world.wufeng_group)
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("home:overview"))
    assert response.context["totals"]["households"] == 22
    # 13: the targets block looks for a plan (none here), the projects section reads the county and its totals (3);
    # the household figures: one scan and two reads of the generations (both after a write: the scan again)
    assert len(before) == len(after) == 13
    with CaptureQueriesContext(connection) as stored:
        client.get(reverse("home:overview"))
    assert len(stored) == 12  # the household figures from the cache


def test_anonymous_dashboard_redirects_to_login(client, db):
    response = client.get(reverse("home:dashboard"))
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={reverse('home:dashboard')}")


def test_healthz_answers_ok_without_login(client, db):
    response = client.get(reverse("core:healthz"))
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("database is down")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get(reverse("core:healthz"))
    assert (response.status_code, json.loads(response.content)) == (
        503,
        {"status": "error", "database": "OperationalError"},
    )


def test_login_with_the_right_password_reaches_the_dashboard(client, world):
    response = client.post(reverse("login"), {"username": "clerk_chengguan", "password": "xixiang2009"})
    assert (response.status_code, response.url) == (302, reverse("home:dashboard"))


def test_wrong_password_shows_a_chinese_message(client, world):
    response = client.post(reverse("login"), {"username": "clerk_chengguan", "password": "wrong"})
    assert "用户名或密码不正确。注意密码区分大小写。" in response.content.decode()


def test_five_failures_lock_the_username_from_that_address(client, world, settings):
    login = reverse("login")
    for _ in range(5):
        client.post(login, {"username": "clerk_chengguan", "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    locked = client.post(login, {"username": "clerk_chengguan", "password": "xixiang2009"}, REMOTE_ADDR="10.0.0.7")
    assert locked.status_code == 429
    assert "已被暂时锁定" in locked.content.decode()
    other_address = client.post(
        login, {"username": "clerk_chengguan", "password": "xixiang2009"}, REMOTE_ADDR="10.0.0.8"
    )
    assert (other_address.status_code, other_address.url) == (302, reverse("home:dashboard"))


def test_password_change_page_needs_login_and_works(world):
    anonymous = world.client_for("anonymous").get(reverse("password_change"))
    assert anonymous.url == f"{reverse('login')}?next={reverse('password_change')}"
    client = world.client_for("clerk_chengguan")
    response = client.post(
        reverse("password_change"),
        {"old_password": "xixiang2009", "new_password1": "Xx-2010-shengji", "new_password2": "Xx-2010-shengji"},
    )
    assert response.status_code == 302
    world.users["clerk_chengguan"].refresh_from_db()
    assert world.users["clerk_chengguan"].check_password("Xx-2010-shengji")


def test_english_is_available(world):
    client = world.client_for("admin")
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home:overview")})
    page = client.get(reverse("home:overview")).content.decode()
    assert "County overview" in page


@pytest.mark.parametrize(
    "env,expected",
    [
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be 1 or 0"),
    ],
)
def test_bad_settings_fail_loudly(env, expected, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DEBUG"],
        env={
            "DJANGO_SETTINGS_MODULE": "xixiang.settings",
            "XIXIANG_VAR_DIR": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            **env,
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert expected in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "xixiang.settings",
        "DJANGO_DEBUG": "0",
        "XIXIANG_VAR_DIR": str(tmp_path),
        "DJANGO_SECRET_KEY": "k" * 30 + "-production-secret-key-for-the-test-0123456789",
        "DJANGO_ALLOWED_HOSTS": "xixiang.example",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_chinese_is_shown_even_to_an_english_browser_until_english_is_chosen(world):
    client = world.client_for("admin")
    page = client.get(reverse("home:overview"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "全县概况" in page and "County overview" not in page


def test_tests_run_tasks_on_the_immediate_backend(settings):
    assert settings.TASKS["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"
