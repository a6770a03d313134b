import pytest
from django.urls import reverse

from archives import demo_files as archive_samples
from archives.models import ArchiveFile, ArchiveRecord
from assessment.models import Cycle

from . import samples as bad
from .conftest import JPEG, MULTIPART, PDF, XLSX, content, multipart, stored_files, upload

pytestmark = pytest.mark.django_db

NEW = reverse("archives:record_create")
LIST = reverse("archives:record_list")


def form_data(world, **overrides):
    data = {
        "village": world.wufeng.code,
        "year": "2009",
        "category": "W3",
        "medium": "",
        "title": "推进会会议记录",
        "record_date": "2009-05-12",
        "description": "第一次推进会",
    }
    data.update(overrides)
    return data


def errors_of(response, field="uploads") -> list[str]:
    return list(response.context["form"].errors.get(field, []))


# --- list --------------------------------------------------------------------------------


def test_list_shows_records_of_the_clerks_township_only(world, make_record):
    make_record(title="五丰村的记录")
    make_record(user="clerk_xiakou", village=world.jiangbang, title="江榜村的记录")
    response = world.client_for("clerk_chengguan").get(LIST)
    assert response.status_code == 200
    assert [r.title for r in response.context["table"].page.object_list.data] == ["五丰村的记录"]


def test_list_filters_by_village_year_and_category(world, make_record):
    make_record(code="W1", title="甲")
    make_record(code="W2", title="乙")
    make_record(code="W2", year=2008, title="丙")
    response = world.client_for("admin").get(LIST, {"village": world.wufeng.code, "year": 2009, "category": "W2"})
    assert [r.title for r in response.context["table"].page.object_list.data] == ["乙"]


def test_list_runs_the_same_number_of_queries_for_more_rows(world, make_record, django_assert_num_queries):
    make_record(title="一")
    client = world.client_for("admin")
    # the deferred-join paginator reads the page keys, then the rows: constant whatever the rows
    with django_assert_num_queries(9):
        client.get(LIST)
    for n in range(5):
        make_record([content(f"{n}.pdf", PDF.replace(b"test", f"t{n:03d}".encode()))], title=f"第{n}条")
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["table"].page.object_list) == 6


def test_list_needs_login(world):
    response = world.client_for("anonymous").get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- upload ------------------------------------------------------------------------------


def test_upload_page_offers_only_villages_in_scope(world):
    response = world.client_for("clerk_chengguan").get(NEW, {"village": world.wufeng.code})
    assert response.status_code == 200
    assert list(response.context["form"].fields["village"].queryset) == [world.wufeng]
    page = response.content.decode()
    assert '<input type="file" name="uploads" multiple class="form-control"' in page
    assert '<div class="archive-dropzone" data-dropzone>' in page


def test_upload_page_offers_the_phone_camera_as_a_second_input_of_the_same_field(world):
    page = world.client_for("cadre_wufeng").get(NEW).content.decode()
    assert ('<input type="file" name="uploads" id="id_uploads_camera" class="form-control" '
            'accept="image/*,application/pdf"\n           capture="environment" multiple>') in page
    assert "{#" not in page


def test_files_of_the_chooser_and_of_the_camera_are_stored_together(world, archive_dir):
    # both inputs are named "uploads": the browser sends the chosen file and the photo under one name
    response = world.client_for("cadre_wufeng").post(
        NEW, {**form_data(world), "uploads": [upload("会议记录.pdf", PDF), upload("IMG_0001.jpg", JPEG)]})
    record = ArchiveRecord.objects.get()
    assert response.status_code == 302
    assert [f.original_name for f in record.files.order_by("id")] == ["会议记录.pdf", "IMG_0001.jpg"]


@pytest.mark.parametrize("user", ["leader", "scorer_tongji", "surveyor1"])
def test_roles_without_upload_right_get_403(world, user):
    assert world.client_for(user).get(NEW).status_code == 403


def test_upload_page_needs_login(world):
    response = world.client_for("anonymous").get(NEW)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_several_files_are_uploaded_at_once(world, archive_dir):
    response = world.client_for("cadre_wufeng").post(
        NEW,
        {
            **form_data(world),
            "uploads": [upload("会议记录.pdf", PDF), upload("照片.jpg", JPEG), upload("签到.xlsx", XLSX)],
        },
    )
    record = ArchiveRecord.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("archives:record_detail", args=[record.pk])
    assert [f.original_name for f in record.files.order_by("id")] == ["会议记录.pdf", "照片.jpg", "签到.xlsx"]
    assert (record.uploaded_by, record.medium.name) == (world.users["cadre_wufeng"], "文字")
    assert len(stored_files(archive_dir)) == 4  # three files and one thumbnail


def test_large_upload_streams_through_a_temporary_file(world, archive_dir, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    video = b"".join(archive_samples.mp4_stream(2 * 1024 * 1024))
    response = world.client_for("clerk_chengguan").post(
        NEW, {**form_data(world), "uploads": [upload("视频.mp4", video)]}
    )
    assert response.status_code == 302
    stored = ArchiveFile.objects.get()
    assert (archive_dir / stored.stored_name).read_bytes() == video


# --- bad input through the page: a clear message, nothing stored --------------------------


def assert_nothing_stored(archive_dir):
    assert ArchiveRecord.objects.count() == 0
    assert ArchiveFile.objects.count() == 0
    assert stored_files(archive_dir) == []


def test_executable_renamed_pdf_is_refused(world, archive_dir):
    response = world.client_for("clerk_chengguan").post(
        NEW, {**form_data(world), "uploads": [upload("通知.pdf", bad.EXE)]}
    )
    assert response.status_code == 200
    assert errors_of(response) == ["文件“通知.pdf”是可执行程序，不能作为档案上传"]
    assert "文件“通知.pdf”是可执行程序，不能作为档案上传" in response.content.decode()
    assert_nothing_stored(archive_dir)


def test_html_page_renamed_pdf_is_refused(world, archive_dir):
    response = world.client_for("clerk_chengguan").post(
        NEW, {**form_data(world), "uploads": [upload("通知.pdf", bad.HTML)]}
    )
    assert errors_of(response) == ["文件“通知.pdf”的内容是网页（HTML），不能作为档案上传"]
    assert_nothing_stored(archive_dir)


def test_file_over_the_size_limit_is_refused_while_it_streams_in(world, archive_dir, settings):
    settings.ARCHIVE_MAX_FILE_SIZE = 100 * 1024
    big = b"".join(archive_samples.mp4_stream(300 * 1024))
    response = world.client_for("clerk_chengguan").post(
        NEW, {**form_data(world), "uploads": [upload("大视频.mp4", big)]}
    )
    assert errors_of(response) == ["文件“大视频.mp4”超过大小上限 100 KB"]
    assert_nothing_stored(archive_dir)


def test_image_claiming_50000_by_50000_pixels_is_refused(world, archive_dir):
    response = world.client_for("clerk_chengguan").post(
        NEW, {**form_data(world), "uploads": [upload("大图.png", bad.png_claiming(50_000, 50_000))]}
    )
    assert errors_of(response) == ["图片“大图.png”的像素数超过上限（8000 万像素）"]
    assert_nothing_stored(archive_dir)


@pytest.mark.parametrize(
    "raw_name, shown",
    [
        ("../../etc/通知.pdf", "../../etc/通知.pdf"),
        ("C:\\Users\\文书\\通知.pdf", "C:\\Users\\文书\\通知.pdf"),
        ("通知\x01.pdf", "通知\\x01.pdf"),
    ],
)
def test_file_names_with_paths_drives_or_control_characters_are_refused(world, archive_dir, raw_name, shown):
    body = multipart(form_data(world), [("好.pdf", PDF), (raw_name, PDF.replace(b"test", b"tes2"))])
    response = world.client_for("clerk_chengguan").post(NEW, body, content_type=MULTIPART)
    assert errors_of(response) == [
        f'文件名“{shown}”不合法：不能包含路径（如 ../）、盘符（如 C:）、控制字符或 <>:"|?* 等字符'
    ]
    assert_nothing_stored(archive_dir)


def test_more_files_than_allowed_are_refused(world, archive_dir, settings):
    settings.ARCHIVE_MAX_FILES_PER_UPLOAD = 2
    files = [upload(f"{n}.pdf", PDF.replace(b"test", f"te{n:02d}".encode())) for n in range(3)]
    response = world.client_for("clerk_chengguan").post(NEW, {**form_data(world), "uploads": files})
    assert errors_of(response) == ["一次最多上传 2 个文件，本次选择了 3 个"]
    assert_nothing_stored(archive_dir)


def test_upload_without_files_asks_for_them(world, archive_dir):
    response = world.client_for("clerk_chengguan").post(NEW, form_data(world))
    assert errors_of(response) == ["请选择要上传的文件"]
    assert_nothing_stored(archive_dir)


def test_empty_file_is_refused(world, archive_dir):
    response = world.client_for("clerk_chengguan").post(NEW, {**form_data(world), "uploads": [upload("空.pdf", b"")]})
    assert errors_of(response) == ["上传的文件是空文件"]
    assert_nothing_stored(archive_dir)


def test_category_that_does_not_exist_is_refused(world, archive_dir):
    response = world.client_for("clerk_chengguan").post(
        NEW, {**form_data(world, category="X9"), "uploads": [upload("通知.pdf", PDF)]}
    )
    assert errors_of(response, "category") == ["档案类别“X9”不存在"]
    assert_nothing_stored(archive_dir)


def test_year_that_does_not_exist_is_refused(world, archive_dir):
    response = world.client_for("clerk_chengguan").post(
        NEW, {**form_data(world, year="1990"), "uploads": [upload("通知.pdf", PDF)]}
    )
    assert errors_of(response, "year") == ["年度 1990 不存在"]
    assert_nothing_stored(archive_dir)


def test_village_outside_the_uploaders_scope_is_refused(world, archive_dir):
    response = world.client_for("clerk_chengguan").post(
        NEW, {**form_data(world, village=world.jiangbang.code), "uploads": [upload("通知.pdf", PDF)]}
    )
    assert errors_of(response, "village") == ["该村不存在，或您无权向该村上传档案"]
    assert_nothing_stored(archive_dir)


# --- record page, edit, add files, delete ----------------------------------------------------


def test_record_page_lists_files_with_preview_and_download_links(world, make_record):
    record = make_record([content("通知.pdf", PDF), content("照片.jpg", JPEG)])
    response = world.client_for("leader").get(reverse("archives:record_detail", args=[record.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    photo = record.files.get(original_name="照片.jpg")
    assert reverse("archives:file_thumbnail", args=[photo.pk]) in page
    assert reverse("archives:file_download", args=[photo.pk]) in page
    assert response.context["can_edit"] is False
    assert response.context["files_form"] is None


def test_record_of_another_township_answers_404(world, make_record):
    record = make_record()
    assert world.client_for("clerk_xiakou").get(reverse("archives:record_detail", args=[record.pk])).status_code == 404


def test_record_page_needs_login(world, make_record):
    url = reverse("archives:record_detail", args=[make_record().pk])
    response = world.client_for("anonymous").get(url)
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


def test_files_are_added_from_the_record_page(world, make_record):
    record = make_record()
    response = world.client_for("cadre_wufeng").post(
        reverse("archives:record_files_add", args=[record.pk]), {"uploads": [upload("补充.xlsx", XLSX)]}
    )
    assert response.status_code == 302
    assert record.files.count() == 2


def test_bad_file_added_on_the_record_page_shows_the_message(world, make_record):
    record = make_record()
    response = world.client_for("cadre_wufeng").post(
        reverse("archives:record_files_add", args=[record.pk]), {"uploads": [upload("补充.pdf", bad.EXE)]}
    )
    assert list(response.context["files_form"].errors["uploads"]) == ["文件“补充.pdf”是可执行程序，不能作为档案上传"]
    assert record.files.count() == 1


def test_adding_files_needs_the_upload_right(world, make_record):
    record = make_record()
    url = reverse("archives:record_files_add", args=[record.pk])
    assert world.client_for("leader").post(url, {"uploads": [upload("a.xlsx", XLSX)]}).status_code == 403
    assert world.client_for("clerk_xiakou").post(url, {"uploads": [upload("a.xlsx", XLSX)]}).status_code == 404


def test_record_is_edited(world, make_record):
    record = make_record()
    url = reverse("archives:record_edit", args=[record.pk])
    client = world.client_for("clerk_chengguan")
    form = client.get(url).context["form"]
    assert (form["title"].value(), form["category"].value()) == ("会议记录", "W1")
    response = client.post(
        url,
        {
            "year": "2009",
            "category": "W2",
            "medium": "text",
            "title": "新题名",
            "record_date": "",
            "description": "",
            "version": str(record.version),
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.title, record.category.code) == ("新题名", "W2")


def test_editing_needs_the_upload_right_in_that_village(world, make_record):
    record = make_record()
    url = reverse("archives:record_edit", args=[record.pk])
    assert world.client_for("leader").get(url).status_code == 403
    assert world.client_for("clerk_xiakou").get(url).status_code == 404


def test_record_is_deleted_softly(world, make_record, archive_dir):
    record = make_record()
    response = world.client_for("cadre_wufeng").post(reverse("archives:record_delete", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_deleted
    assert len(stored_files(archive_dir)) == 1
    assert world.client_for("admin").get(reverse("archives:record_detail", args=[record.pk])).status_code == 404


def test_deleting_needs_the_upload_right(world, make_record):
    record = make_record()
    url = reverse("archives:record_delete", args=[record.pk])
    assert world.client_for("leader").post(url).status_code == 403
    assert world.client_for("clerk_xiakou").post(url).status_code == 404
    assert world.client_for("anonymous").post(url).status_code == 302


# --- the upload form's defaults ------------------------------------------------------------


def test_a_village_cadre_uploads_to_their_village_without_picking_it(world):
    response = world.client_for("cadre_wufeng").get(NEW)
    page = response.content.decode()
    assert f'<input type="hidden" name="village" value="{world.wufeng.code}"' in page
    assert '<select name="village"' not in page
    assert '<div class="mb-2" id="upload-village">行政村：<strong>五丰村</strong>' in page


def test_a_clerk_still_picks_among_the_townships_villages(world):
    page = world.client_for("clerk_chengguan").get(NEW).content.decode()
    assert '<select name="village"' in page


def test_the_upload_year_defaults_to_the_working_year(world):
    Cycle.objects.create(year=2010, status="scoring", grade1_min=85, grade2_min=70, grade3_min=55,
                         sample_rate="0.1", sample_min=10, county_reward_amount=29000,
                         county_reward_count=5, township_reward_amount=23000)
    form = world.client_for("cadre_wufeng").get(NEW).context["form"]
    assert form.initial["year"] == 2010
