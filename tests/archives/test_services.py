import hashlib

import pytest
from django.core.files.base import ContentFile

from archives import demo_files as samples
from archives import services
from archives.models import ArchiveFile, ArchiveRecord
from xixiang.core.errors import DomainError

from . import samples as bad
from .conftest import JPEG, PDF, XLSX, content, stored_files

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


def create_kwargs(world, get_category, files, **overrides):
    kwargs = dict(
        actor=world.users["clerk_chengguan"],
        village=world.wufeng,
        year=2009,
        category=get_category("W3"),
        medium=None,
        title="推进会会议记录",
        files=files,
    )
    kwargs.update(overrides)
    return kwargs


def test_record_with_several_files_keeps_names_types_sizes_and_hashes(world, category, archive_dir):
    record = services.archive_record_create(
        **create_kwargs(
            world, category, [content("会议记录.pdf", PDF), content("现场照片.jpg", JPEG), content("签到表.xlsx", XLSX)]
        )
    )
    files = list(record.files.order_by("id"))
    assert [(f.original_name, f.content_type, f.size, f.sha256) for f in files] == [
        ("会议记录.pdf", "application/pdf", len(PDF), hashlib.sha256(PDF).hexdigest()),
        ("现场照片.jpg", "image/jpeg", len(JPEG), hashlib.sha256(JPEG).hexdigest()),
        (
            "签到表.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            len(XLSX),
            hashlib.sha256(XLSX).hexdigest(),
        ),
    ]
    assert (archive_dir / files[1].stored_name).read_bytes() == JPEG
    assert files[1].stored_name.startswith("610724100201/2009/")
    assert (files[1].width, files[1].height) == (640, 480)
    assert files[1].thumbnail_name.startswith("610724100201/2009/thumbs/")
    assert [f.thumbnail_name for f in files if f.pk != files[1].pk] == ["", ""]
    assert len(stored_files(archive_dir)) == 4


def test_material_form_follows_the_first_file_when_not_given(world, category):
    photos = services.archive_record_create(**create_kwargs(world, category, [content("照片.jpg", JPEG)]))
    ledger = services.archive_record_create(**create_kwargs(world, category, [content("台账.xlsx", XLSX)]))
    minutes = services.archive_record_create(**create_kwargs(world, category, [content("记录.pdf", PDF)]))
    assert (photos.medium.name, ledger.medium.name, minutes.medium.name) == ("照片", "表册", "文字")


def test_upload_is_audited_with_the_uploader(world, make_record):
    record = make_record()
    history = record.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+",
        world.users["clerk_chengguan"],
        "上传",
    )


def test_village_cadre_uploads_to_own_village(world, make_record):
    record = make_record(user="cadre_wufeng")
    assert record.uploaded_by == world.users["cadre_wufeng"]


@pytest.mark.parametrize("user", ["clerk_xiakou", "leader", "scorer_tongji", "inspector1"])
def test_upload_outside_scope_is_refused_and_nothing_is_stored(world, category, archive_dir, user):
    error = refused(
        services.archive_record_create,
        **create_kwargs(world, category, [content("a.pdf", PDF)], actor=world.users[user]),
    )
    assert (error.message, error.field) == ("您无权向“五丰村”上传档案", "village")
    assert ArchiveRecord.objects.count() == 0
    assert stored_files(archive_dir) == []


def test_year_that_does_not_exist_is_refused(world, category, settings):
    error = refused(
        services.archive_record_create, **create_kwargs(world, category, [content("a.pdf", PDF)], year=1999)
    )
    assert error.message.startswith("年度 1999 不存在（可选 2000–")
    assert error.field == "year"


def test_inactive_category_is_refused(world, category):
    w1 = category("W1")
    w1.is_active = False
    w1.save()
    error = refused(
        services.archive_record_create, **create_kwargs(world, category, [content("a.pdf", PDF)], category=w1)
    )
    assert (error.message, error.field) == ("档案类别“W1”不存在或已停用", "category")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("程序.pdf", bad.EXE, "文件“程序.pdf”是可执行程序，不能作为档案上传"),
        ("网页.pdf", bad.HTML, "文件“网页.pdf”的内容是网页（HTML），不能作为档案上传"),
        ("空.pdf", b"", "文件“空.pdf”是空文件"),
        ("大图.png", bad.png_claiming(50_000, 50_000), "图片“大图.png”的像素数超过上限（8000 万像素）"),
        (
            "../../etc/passwd.pdf",
            PDF,
            '文件名“../../etc/passwd.pdf”不合法：不能包含路径（如 ../）、盘符（如 C:）、控制字符或 <>:"|?* 等字符',
        ),
        (
            "D:\\资料\\通知.pdf",
            PDF,
            '文件名“D:\\资料\\通知.pdf”不合法：不能包含路径（如 ../）、盘符（如 C:）、控制字符或 <>:"|?* 等字符',
        ),
        (
            "通知\x07.pdf",
            PDF,
            '文件名“通知\\x07.pdf”不合法：不能包含路径（如 ../）、盘符（如 C:）、控制字符或 <>:"|?* 等字符',
        ),
        ("照片.pdf", JPEG, "文件“照片.pdf”的扩展名与内容不符（内容是图片（JPEG））"),
    ],
)
def test_bad_file_refuses_the_whole_upload_and_stores_nothing(world, category, archive_dir, name, data, message):
    error = refused(
        services.archive_record_create,
        **create_kwargs(world, category, [content("好的文件.pdf", PDF), content(name, data)]),
    )
    assert (error.message, error.field) == (message, "uploads")
    assert ArchiveRecord.objects.count() == 0
    assert ArchiveFile.objects.count() == 0
    assert stored_files(archive_dir) == []


def test_file_over_the_size_limit_is_refused(world, category, settings, archive_dir):
    settings.ARCHIVE_MAX_FILE_SIZE = 100
    error = refused(services.archive_record_create, **create_kwargs(world, category, [content("大.pdf", PDF)]))
    assert error.message == "文件“大.pdf”超过大小上限 100 字节"
    assert stored_files(archive_dir) == []


def test_more_files_than_allowed_are_refused(world, category, settings, archive_dir):
    settings.ARCHIVE_MAX_FILES_PER_UPLOAD = 2
    files = [content(f"{n}.pdf", samples.tiny_pdf([str(n)])) for n in range(3)]
    error = refused(services.archive_record_create, **create_kwargs(world, category, files))
    assert error.message == "一次最多上传 2 个文件，本次选择了 3 个"
    assert stored_files(archive_dir) == []


def test_type_outside_the_allowed_list_is_refused(world, category, settings):
    settings.ARCHIVE_ALLOWED_TYPES = ("pdf",)
    error = refused(services.archive_record_create, **create_kwargs(world, category, [content("照片.jpg", JPEG)]))
    assert error.message == "不允许上传图片（JPEG）（“照片.jpg”）；可上传：PDF 文档"


def test_no_files_is_refused(world, category):
    error = refused(services.archive_record_create, **create_kwargs(world, category, []))
    assert (error.message, error.field) == ("请选择要上传的文件", "uploads")


def test_same_content_twice_is_refused_and_the_stored_copies_removed(world, category, archive_dir):
    error = refused(
        services.archive_record_create,
        **create_kwargs(world, category, [content("甲.pdf", PDF), content("乙.pdf", PDF)]),
    )
    assert error.message == "文件“乙.pdf”与“甲.pdf”内容相同，无需重复上传"
    assert stored_files(archive_dir) == []


def test_files_are_added_to_an_existing_record(world, make_record, archive_dir):
    record = make_record()
    added = services.archive_files_add(
        actor=world.users["cadre_wufeng"], record=record, files=[content("补充.jpg", JPEG)]
    )
    assert [f.original_name for f in record.files.order_by("id")] == ["通知.pdf", "补充.jpg"]
    assert added[0].uploaded_by == world.users["cadre_wufeng"]
    assert (archive_dir / added[0].stored_name).read_bytes() == JPEG
    assert len(stored_files(archive_dir)) == 3  # the record's PDF, the photo and its thumbnail


def test_adding_files_to_another_townships_record_is_refused(world, make_record, archive_dir):
    record = make_record()
    error = refused(
        services.archive_files_add, actor=world.users["clerk_xiakou"], record=record, files=[content("补充.jpg", JPEG)]
    )
    assert error.message == "您无权向该档案添加文件"
    assert len(stored_files(archive_dir)) == 1


def test_deleting_a_record_is_soft_audited_and_restorable_by_the_administrator(world, make_record):
    record = make_record()
    services.archive_record_delete(actor=world.users["cadre_wufeng"], record=record)
    record.refresh_from_db()
    assert (record.is_deleted, record.deleted_by) == (True, world.users["cadre_wufeng"])
    latest = record.history.first()
    assert (latest.history_user, latest.history_change_reason) == (world.users["cadre_wufeng"], "删除")
    error = refused(services.archive_record_restore, actor=world.users["clerk_chengguan"], record=record)
    assert error.message == "只有县升级晋档办可以恢复已删除的档案"
    services.archive_record_restore(actor=world.users["admin"], record=record)
    record.refresh_from_db()
    assert (record.deleted_at, record.history.first().history_change_reason) == (None, "恢复")


def test_last_file_of_a_record_cannot_be_deleted_alone(world, make_record):
    record = make_record()
    error = refused(services.archive_file_delete, actor=world.users["admin"], archive_file=record.files.get())
    assert error.message == "这是该档案的最后一个文件；如要删除，请删除整条档案"


def test_deleted_file_is_restored_by_the_administrator(world, make_record):
    record = make_record([content("甲.pdf", PDF), content("乙.jpg", JPEG)])
    photo = record.files.get(original_name="乙.jpg")
    services.archive_file_delete(actor=world.users["clerk_chengguan"], archive_file=photo)
    assert list(ArchiveFile.objects.live().values_list("original_name", flat=True)) == ["甲.pdf"]
    services.archive_file_restore(actor=world.users["admin"], archive_file=photo)
    assert ArchiveFile.objects.live().count() == 2


def test_editing_keeps_the_village_and_checks_the_year(world, make_record, category):
    record = make_record()
    record.title = "新题名"
    record.category = category("W2")
    services.archive_record_update(actor=world.users["clerk_chengguan"], record=record)
    record.refresh_from_db()
    assert (record.title, record.category.code) == ("新题名", "W2")
    record.village = world.jiangbang
    error = refused(services.archive_record_update, actor=world.users["admin"], record=record)
    assert (error.message, error.field) == ("档案所属的村不能修改", "village")


def test_service_accepts_a_large_file_object_read_in_chunks(world, category, archive_dir):
    data = b"".join(samples.mp4_stream(3 * 1024 * 1024 + 17))
    record = services.archive_record_create(**create_kwargs(world, category, [ContentFile(data, name="视频.mp4")]))
    stored = record.files.get()
    assert (stored.type_code, stored.size, stored.sha256) == ("mp4", len(data), hashlib.sha256(data).hexdigest())
    assert (archive_dir / stored.stored_name).read_bytes() == data
    assert record.medium.name == "声像"
