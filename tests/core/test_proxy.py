"""The client's address behind a trusted proxy, for the login lockout (issue 11)."""

from django.test import RequestFactory
from django.urls import reverse

from xixiang.core.proxy import client_ip


def request_from(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get(reverse("home:dashboard"), **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = frozenset()
    assert client_ip(request_from("127.0.0.1", "10.0.0.9")) == "127.0.0.1"


def test_behind_a_trusted_proxy_the_address_it_wrote_last_is_the_client(settings):
    settings.TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    assert client_ip(request_from("127.0.0.1", "1.2.3.4, 10.0.0.9")) == "10.0.0.9"
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"


def test_a_request_not_from_the_proxy_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    assert client_ip(request_from("10.0.0.5", "10.0.0.9")) == "10.0.0.5"


def test_lockout_behind_the_proxy_is_per_client_address(client, world, settings):
    settings.TRUSTED_PROXIES = frozenset({"127.0.0.1"})
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": "clerk_chengguan", "password": "wrong"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9")
    locked = client.post(reverse("login"), {"username": "clerk_chengguan", "password": "xixiang2009"},
                         REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9")
    assert locked.status_code == 429
    other = client.post(reverse("login"), {"username": "clerk_chengguan", "password": "xixiang2009"},
                        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.10")
    assert other.status_code == 302
