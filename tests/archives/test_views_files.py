import pytest
from django.contrib.messages import ERROR, get_messages
from django.http import FileResponse
from django.urls import reverse

from .conftest import JPEG, PDF, XLSX, content

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(make_record):
    return make_record(
        [content("五丰村会议记录.pdf", PDF), content("现场照片.jpg", JPEG), content("签到表.xlsx", XLSX)]
    )


def file_of(record, name):
    return record.files.get(original_name=name)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_download_is_a_streamed_attachment_with_the_original_name(world, record):
    pdf = file_of(record, "五丰村会议记录.pdf")
    response = world.client_for("leader").get(reverse("archives:file_download", args=[pdf.pk]))
    assert response.status_code == 200
    assert isinstance(response, FileResponse) and response.streaming
    assert response["Content-Disposition"] == (
        'attachment; filename="file.pdf"; '
        "filename*=UTF-8''%E4%BA%94%E4%B8%B0%E6%9D%91%E4%BC%9A%E8%AE%AE%E8%AE%B0%E5%BD%95.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Length"] == str(len(PDF))
    assert body(response) == PDF


def test_spreadsheet_is_sent_with_the_type_detected_at_upload(world, record):
    sheet = file_of(record, "签到表.xlsx")
    response = world.client_for("clerk_chengguan").get(reverse("archives:file_download", args=[sheet.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert body(response) == XLSX


def test_pdf_and_photo_preview_inline(world, record):
    client = world.client_for("cadre_wufeng")
    for name, data in [("五丰村会议记录.pdf", PDF), ("现场照片.jpg", JPEG)]:
        response = client.get(reverse("archives:file_preview", args=[file_of(record, name).pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("inline; ")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert body(response) == data


def test_spreadsheet_has_no_inline_preview(world, record):
    sheet = file_of(record, "签到表.xlsx")
    assert world.client_for("admin").get(reverse("archives:file_preview", args=[sheet.pk])).status_code == 404


def test_photo_thumbnail_is_a_jpeg(world, record):
    photo = file_of(record, "现场照片.jpg")
    response = world.client_for("admin").get(reverse("archives:file_thumbnail", args=[photo.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert body(response).startswith(b"\xff\xd8")


def test_file_page_embeds_the_preview(world, record):
    photo = file_of(record, "现场照片.jpg")
    response = world.client_for("admin").get(reverse("archives:file_detail", args=[photo.pk]))
    assert response.status_code == 200
    assert f'<img src="{reverse("archives:file_preview", args=[photo.pk])}"' in response.content.decode()
    assert photo.sha256 in response.content.decode()


@pytest.mark.parametrize("view", ["file_detail", "file_download", "file_preview", "file_thumbnail"])
def test_another_townships_file_answers_404(world, record, view):
    photo = file_of(record, "现场照片.jpg")
    assert world.client_for("clerk_xiakou").get(reverse(f"archives:{view}", args=[photo.pk])).status_code == 404


@pytest.mark.parametrize("view", ["file_detail", "file_download", "file_preview", "file_thumbnail"])
def test_file_views_need_login(world, record, view):
    photo = file_of(record, "现场照片.jpg")
    response = world.client_for("anonymous").get(reverse(f"archives:{view}", args=[photo.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_file_of_a_deleted_record_is_no_longer_downloadable(world, record):
    pdf = file_of(record, "五丰村会议记录.pdf")
    world.client_for("clerk_chengguan").post(reverse("archives:record_delete", args=[record.pk]))
    assert world.client_for("admin").get(reverse("archives:file_download", args=[pdf.pk])).status_code == 404


def test_file_missing_from_storage_answers_404(world, record, archive_dir):
    pdf = file_of(record, "五丰村会议记录.pdf")
    (archive_dir / pdf.stored_name).unlink()
    assert world.client_for("admin").get(reverse("archives:file_download", args=[pdf.pk])).status_code == 404


def test_file_is_deleted_softly_from_the_record_page(world, record):
    sheet = file_of(record, "签到表.xlsx")
    response = world.client_for("cadre_wufeng").post(reverse("archives:file_delete", args=[sheet.pk]))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.deleted_by == world.users["cadre_wufeng"]
    assert world.client_for("admin").get(reverse("archives:file_download", args=[sheet.pk])).status_code == 404


def test_deleting_a_file_needs_the_upload_right(world, record):
    sheet = file_of(record, "签到表.xlsx")
    url = reverse("archives:file_delete", args=[sheet.pk])
    assert world.client_for("leader").post(url).status_code == 403
    assert world.client_for("clerk_xiakou").post(url).status_code == 404


@pytest.fixture
def video(make_record):
    from archives import demo_files as samples

    data = b"".join(samples.mp4_stream(300_000))
    record = make_record([content("宣传片.mp4", data)], code="B4")
    return record.files.get(), data


def test_video_previews_inline_and_the_file_page_embeds_a_player(world, video):
    archive_file, data = video
    client = world.client_for("leader")
    response = client.get(reverse("archives:file_preview", args=[archive_file.pk]))
    assert (response["Content-Type"], response["Accept-Ranges"]) == ("video/mp4", "bytes")
    assert body(response) == data
    page = client.get(reverse("archives:file_detail", args=[archive_file.pk])).content.decode()
    assert f'<video src="{reverse("archives:file_preview", args=[archive_file.pk])}" controls' in page


@pytest.mark.parametrize(
    "header, start, end",
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-", 1000, 299_999),
        ("bytes=-500", 299_500, 299_999),
        ("bytes=299990-400000", 299_990, 299_999),
    ],
)
def test_byte_ranges_are_answered_with_206_so_players_can_seek(world, video, header, start, end):
    archive_file, data = video
    response = world.client_for("leader").get(
        reverse("archives:file_preview", args=[archive_file.pk]), headers={"Range": header}
    )
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/300000"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == data[start : end + 1]


def test_range_beyond_the_end_answers_416(world, video):
    archive_file, _data = video
    response = world.client_for("leader").get(
        reverse("archives:file_download", args=[archive_file.pk]), headers={"Range": "bytes=300000-"}
    )
    assert (response.status_code, response["Content-Range"]) == (416, "bytes */300000")


def test_deleting_the_last_file_of_a_record_is_refused_with_a_message(world, make_record):
    only = make_record().files.get()
    response = world.client_for("cadre_wufeng").post(reverse("archives:file_delete", args=[only.pk]))
    assert (response.status_code, response.url) == (302, reverse("archives:record_detail", args=[only.record_id]))
    assert [(m.level, m.message) for m in get_messages(response.wsgi_request)] == [
        (ERROR, "这是该档案的最后一个文件；如要删除，请删除整条档案")
    ]
    only.refresh_from_db()
    assert only.deleted_at is None
