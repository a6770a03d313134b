"""The cached completeness matrix (archives.selectors.cached_completeness: the completeness page
and the summaries' charts) is the plain one, stored in one query, and every write that changes it
shows at once: an upload, a deletion, a restore, generated documents filed in bulk, a category
switched off. Inspectors' villages follow their assignments, which no generation tracks: theirs
is computed on every request."""

import datetime

import pytest
from django.urls import reverse

from archives import demo_files, services
from archives.models import ArchiveCategory
from archives.selectors import cached_completeness, completeness

pytestmark = pytest.mark.django_db

URL = reverse("archives:completeness")


def _present(client) -> int:
    return client.get(URL, {"year": 2009}).context["matrix"].total.present


@pytest.mark.parametrize("username,code", [("admin", None), ("admin", "610724108"), ("clerk_chengguan", None),
                                           ("inspector1", None)])
def test_the_cached_matrix_is_the_plain_one(world, make_record, username, code):
    make_record(code="W1")
    make_record(code="J1", user="clerk_xiakou", village=world.jiangbang)
    user = world.users[username]
    township = world.xiakou if code else None
    plain = completeness(user, 2009, township)
    assert plain.total.present == (1 if code or username != "admin" else 2)
    assert cached_completeness(user, 2009, township) == plain  # computed
    assert cached_completeness(user, 2009, township) == plain  # stored


def test_a_stored_matrix_reads_one_query(world, make_record, django_assert_num_queries):
    make_record(code="W1")
    admin = world.users["admin"]
    cached_completeness(admin, 2009)
    with django_assert_num_queries(1):
        assert cached_completeness(admin, 2009).total.present == 1


def test_an_upload_a_deletion_and_a_restore_show_at_once(world, make_record):
    client = world.client_for("admin")
    assert _present(client) == 0
    record = make_record(code="W1")
    assert _present(client) == 1
    services.archive_record_delete(actor=world.users["admin"], record=record)
    assert _present(client) == 0
    record.refresh_from_db()
    services.archive_record_restore(actor=world.users["admin"], record=record)
    assert _present(client) == 1


def test_generated_documents_filed_in_bulk_show_at_once(world, archive_dir):
    client = world.client_for("leader")
    assert _present(client) == 0
    documents = [services.GeneratedDocument(village=village, year=2009, title="会议纪要", record_date=datetime.date(
        2009, 3, 2), filename="纪要.pdf", content=demo_files.tiny_pdf(["纪要"])) for village in (world.wufeng,
                                                                                              world.jiangbang)]
    services.archive_documents_file(actor=world.users["admin"], category_code="W3", documents=documents)
    assert _present(client) == 2


def test_a_category_switched_off_shows_at_once(world, make_record):
    client = world.client_for("admin")
    assert client.get(URL, {"year": 2009}).context["matrix"].total.cells == 36
    category = ArchiveCategory.objects.get(code="B4")
    category.is_active = False
    category.save()
    assert client.get(URL, {"year": 2009}).context["matrix"].total.cells == 34


def test_a_village_assigned_to_an_inspector_shows_at_once(world, make_record):
    make_record(code="J1", user="clerk_xiakou", village=world.jiangbang)
    client = world.client_for("inspector1")
    assert [row.village.name for row in client.get(URL, {"year": 2009}).context["matrix"].rows] == ["五丰村"]
    world.users["inspector1"].assigned_villages.add(world.jiangbang)
    matrix = client.get(URL, {"year": 2009}).context["matrix"]
    assert ([row.village.name for row in matrix.rows], matrix.total.present) == (["五丰村", "江榜村"], 1)
