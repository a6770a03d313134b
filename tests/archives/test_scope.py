import pytest

from archives import scope as archive_scope
from archives.models import ArchiveRecord
from villages import scope as village_scope

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user, villages", [
    ("admin", {"五丰村", "江榜村"}),
    ("clerk_chengguan", {"五丰村"}),
    ("clerk_xiakou", {"江榜村"}),
    ("cadre_wufeng", {"五丰村"}),
    ("leader", set()),
    ("scorer_tongji", set()),
    ("inspector1", set()),
])
def test_upload_villages_by_role(world, user, villages):
    assert {v.name for v in archive_scope.upload_villages(world.users[user])} == villages


@pytest.mark.parametrize("user", ["admin", "leader", "clerk_chengguan", "cadre_wufeng", "scorer_tongji", "inspector1"])
def test_readable_archive_villages_are_the_villages_the_user_sees(world, user):
    assert set(archive_scope.readable_villages(world.users[user])) == set(village_scope.villages(world.users[user]))


def test_records_follow_the_village_scope(world, make_record):
    own = make_record()
    other = make_record(user="clerk_xiakou", village=world.jiangbang)
    assert list(archive_scope.records(world.users["clerk_chengguan"])) == [own]
    assert set(archive_scope.records(world.users["leader"])) == {own, other}
    assert list(archive_scope.records(world.users["inspector1"])) == [own]
    assert list(archive_scope.editable_records(world.users["leader"])) == []
    assert list(archive_scope.editable_records(world.users["cadre_wufeng"])) == [own]


def test_deleted_records_leave_every_list_but_the_administrators_restore_list(world, make_record):
    record = make_record()
    ArchiveRecord.objects.filter(pk=record.pk).update(deleted_at="2009-06-01T00:00:00Z")
    assert list(archive_scope.records(world.users["admin"])) == []
    assert list(archive_scope.files(world.users["admin"])) == []
    assert list(archive_scope.deleted_records(world.users["admin"])) == [record]
    assert list(archive_scope.deleted_records(world.users["clerk_chengguan"])) == []


def test_anonymous_user_sees_no_archives(world, make_record):
    from django.contrib.auth.models import AnonymousUser

    make_record()
    assert list(archive_scope.records(AnonymousUser())) == []
    assert list(archive_scope.files(AnonymousUser())) == []
