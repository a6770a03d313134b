import pytest
from django.urls import reverse

from .conftest import JPEG, PDF, content

pytestmark = pytest.mark.django_db

TRASH = reverse("archives:trash")


@pytest.fixture
def deleted(world, make_record):
    """A deleted record, and a deleted photo of a record that is still there."""
    gone = make_record(title="已删除的记录")
    kept = make_record(
        [content("甲.pdf", PDF.replace(b"test", b"tes2")), content("照片.jpg", JPEG)], title="保留的记录"
    )
    clerk = world.client_for("clerk_chengguan")
    clerk.post(reverse("archives:record_delete", args=[gone.pk]))
    photo = kept.files.get(original_name="照片.jpg")
    clerk.post(reverse("archives:file_delete", args=[photo.pk]))
    return gone, photo


def test_trash_lists_deleted_records_and_files(world, deleted):
    response = world.client_for("admin").get(TRASH)
    assert response.status_code == 200
    assert [r.title for r in response.context["records"].page.object_list.data] == ["已删除的记录"]
    assert [f.original_name for f in response.context["files"].page.object_list.data] == ["照片.jpg"]


def test_trash_runs_the_same_number_of_queries_for_more_rows(world, deleted, make_record, django_assert_num_queries):
    client = world.client_for("admin")
    with django_assert_num_queries(6):
        client.get(TRASH)
    for n in range(3):
        record = make_record([content(f"{n}.pdf", PDF.replace(b"test", f"t{n:03d}".encode()))])
        world.client_for("clerk_chengguan").post(reverse("archives:record_delete", args=[record.pk]))
    with django_assert_num_queries(6):
        response = client.get(TRASH)
    assert len(response.context["records"].page.object_list) == 4


def test_administrator_restores_a_record(world, deleted):
    gone, _photo = deleted
    response = world.client_for("admin").post(reverse("archives:record_restore", args=[gone.pk]))
    assert response.status_code == 302
    gone.refresh_from_db()
    assert gone.deleted_at is None
    page = world.client_for("clerk_chengguan").get(reverse("archives:record_detail", args=[gone.pk]))
    assert (page.status_code, page.context["record"].title) == (200, "已删除的记录")


def test_administrator_restores_a_file(world, deleted):
    _gone, photo = deleted
    world.client_for("admin").post(reverse("archives:file_restore", args=[photo.pk]))
    photo.refresh_from_db()
    assert photo.deleted_at is None
    download = world.client_for("leader").get(reverse("archives:file_download", args=[photo.pk]))
    assert (download.status_code, b"".join(download.streaming_content)) == (200, JPEG)


@pytest.mark.parametrize("user", ["leader", "clerk_chengguan", "cadre_wufeng"])
def test_restoring_is_for_the_administrator_only(world, deleted, user):
    gone, photo = deleted
    client = world.client_for(user)
    assert client.get(TRASH).status_code == 403
    assert client.post(reverse("archives:record_restore", args=[gone.pk])).status_code == 403
    assert client.post(reverse("archives:file_restore", args=[photo.pk])).status_code == 403


def test_trash_needs_login(world):
    response = world.client_for("anonymous").get(TRASH)
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={TRASH}")


def test_history_page_shows_who_deleted_and_restored(world, deleted):
    gone, _photo = deleted
    world.client_for("admin").post(reverse("archives:record_restore", args=[gone.pk]))
    response = world.client_for("admin").get(reverse("audit:object_history", args=["archives.archiverecord", gone.pk]))
    entries = [(e.who, e.reason) for e in response.context["entries"]]
    assert entries[:2] == [("admin", "恢复"), ("clerk_chengguan", "删除")]


def test_history_of_another_townships_record_answers_404(world, deleted):
    gone, _photo = deleted
    url = reverse("audit:object_history", args=["archives.archiverecord", gone.pk])
    assert world.client_for("clerk_xiakou").get(url).status_code == 404


def test_file_history_shows_upload_and_deletion(world, deleted):
    _gone, photo = deleted
    response = world.client_for("clerk_chengguan").get(
        reverse("audit:object_history", args=["archives.archivefile", photo.pk])
    )
    assert [(e.who, e.action, e.reason) for e in response.context["entries"]] == [
        ("clerk_chengguan", "修改", "删除"),
        ("clerk_chengguan", "新建", "上传"),
    ]
