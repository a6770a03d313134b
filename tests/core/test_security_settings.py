"""Password hashing, the Content Security Policy and database reconnection (issue 11)."""

import pytest
from django.contrib.auth.hashers import make_password
from django.db import close_old_connections, connection, connections
from django.urls import reverse

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def test_argon2_is_the_hasher_of_new_passwords():
    # conftest replaces the hashers with MD5 for speed; read what settings.py itself says
    from xixiang import settings as project_settings

    assert project_settings.PASSWORD_HASHERS == PRODUCTION_HASHERS


def test_a_pbkdf2_hash_is_upgraded_to_argon2_at_the_next_login(client, world, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = world.users["clerk_chengguan"]
    user.password = make_password("xixiang2009", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post(reverse("login"), {"username": "clerk_chengguan", "password": "xixiang2009"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("xixiang2009")


def test_every_page_sends_a_policy_that_forbids_base_and_foreign_form_targets(world):
    policy = world.client_for("admin").get(reverse("home:dashboard"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["default-src"] == "'self'"


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # see tests/conftest.py, pytest_collection_modifyitems
def test_a_dropped_database_connection_is_replaced_before_the_next_request():
    """What a PostgreSQL restart looks like to a persistent connection: the server ends it."""
    if connection.vendor != "postgresql":
        # SQLite opens a connection per request (CONN_MAX_AGE forced to 0): nothing to go stale
        assert connection.settings_dict["CONN_MAX_AGE"] == 0
        return
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    close_old_connections()  # what Django runs when a request starts
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
