"""Roster pages: permissions, the upload → check → commit journey (immediate task backend),
history, downloads and the export of the household list."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.models import Household, ImportBatch
from tests.factories import HouseholdFactory
from xixiang.core import progress

from .conftest import GROUP, household_row, member_row, write_workbook

IMPORT_URL = reverse("households:roster:import")


def upload(client, path):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile("农户信息表.xlsx", path.read_bytes())})


@pytest.fixture
def good_file(tmp_path, new_ids):
    head = new_ids()
    number = f"{GROUP}050"
    return write_workbook(
        tmp_path / "good.xlsx",
        [household_row(number, head)],
        [member_row(number, head, 与户主关系="户主", 姓名="张三丰")],
    )


def batch_for(world, user="clerk_chengguan", **values):
    values.setdefault("status", ImportBatch.Status.CHECKED)
    return ImportBatch.objects.create(
        created_by=world.users[user],
        township=world.users[user].township,
        original_name="a.xlsx",
        file=SimpleUploadedFile("a.xlsx", b"PK"),
        **values,
    )


@pytest.mark.parametrize("name", ["anonymous"])
def test_anonymous_visitors_are_sent_to_login(world, name):
    response = world.client_for(name).get(IMPORT_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["leader", "cadre_wufeng", "scorer_tongji", "helper1"])
def test_roles_without_registry_rights_may_not_import(world, name):
    client = world.client_for(name)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(reverse("households:roster:template")).status_code == 403
    assert client.get(reverse("households:roster:batch_list")).status_code == 403


@pytest.mark.parametrize("name", ["leader", "scorer_tongji"])
def test_roles_without_registry_rights_may_not_download_a_batchs_problems(world, name):
    batch = batch_for(world, errors=[{"sheet": "农户", "row": 2, "header": "户主姓名", "message": "不能为空"}])
    assert world.client_for(name).get(reverse("households:roster:batch_errors", args=[batch.pk])).status_code == 403


@pytest.mark.parametrize("name", ["clerk_chengguan", "admin"])
def test_clerks_and_the_administrator_see_the_import_page(world, name):
    response = world.client_for(name).get(IMPORT_URL)
    assert response.status_code == 200
    assert reverse("households:roster:template") in response.content.decode()


def test_an_upload_is_checked_then_committed_on_request(world, good_file, django_capture_on_commit_callbacks):
    client = world.client_for("clerk_chengguan")
    response = upload(client, good_file)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("households:roster:batch_detail", args=[batch.pk])
    assert (batch.status, batch.created_by, batch.township, batch.original_name, batch.error_count) == (
        ImportBatch.Status.CHECKED,
        world.users["clerk_chengguan"],
        world.chengguan,
        "农户信息表.xlsx",
        0,
    )
    assert batch.counts["households"] == {"created": 1, "updated": 0, "unchanged": 0}
    page = client.get(response.url).content.decode()
    assert 'id="commit-form"' in page and "将新增" in page
    assert not Household.objects.filter(number=f"{GROUP}050").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households:roster:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and batch.imported_at is not None
    household = Household.objects.get(number=f"{GROUP}050")
    assert household.history.get().history_change_reason == f"导入批次 #{batch.pk}"
    kept = client.get(reverse("households:roster:batch_file", args=[batch.pk]))
    assert kept.getvalue() == good_file.read_bytes()
    # the batch page and its kept file hold personal data: never cached (issue 11)
    assert (
        kept["Cache-Control"]
        == client.get(reverse("households:roster:batch_detail", args=[batch.pk]))["Cache-Control"]
        == "no-store"
    )


def test_a_file_with_errors_shows_them_and_offers_no_commit(world, tmp_path, new_ids):
    path = write_workbook(tmp_path / "bad.xlsx", [household_row(f"{GROUP}050", new_ids(), 户主姓名="")])
    client = world.client_for("clerk_chengguan")
    upload(client, path)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.error_count) == (ImportBatch.Status.INVALID, 1)
    page = client.get(reverse("households:roster:batch_detail", args=[batch.pk])).content.decode()
    assert "不能为空" in page and 'id="commit-form"' not in page
    response = client.post(reverse("households:roster:batch_commit", args=[batch.pk]), follow=True)
    assert "只有检查通过的文件才能导入（当前状态：有错误，未导入）" in response.content.decode()
    errors = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("households:roster:batch_errors", args=[batch.pk])).getvalue())
    )
    assert [[c.value for c in row] for row in errors["错误"].iter_rows()] == [
        ["工作表", "行号", "列", "说明"],
        ["农户", 2, "户主姓名", "不能为空"],
    ]


def test_an_unreadable_upload_is_recorded_with_its_message(world, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"%PDF-1.7 not a workbook")
    upload(world.client_for("admin"), path)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.message) == (
        ImportBatch.Status.INVALID,
        "这是 PDF 文件，不是 Excel 工作簿；请上传 .xlsx 文件",
    )


def test_an_empty_upload_is_refused_next_to_the_field(world):
    response = world.client_for("admin").post(IMPORT_URL, {"file": SimpleUploadedFile("a.xlsx", b"")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["所提交的是空文件。"]
    assert "所提交的是空文件。" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_batches_of_another_township_answer_404(world):
    batch = batch_for(world)
    urls = [
        reverse(f"households:roster:{name}", args=[batch.pk])
        for name in ("batch_detail", "batch_progress", "batch_errors", "batch_file")
    ]
    other = world.client_for("clerk_xiakou")
    assert [other.get(url).status_code for url in urls] == [404, 404, 404, 404]
    assert other.post(reverse("households:roster:batch_commit", args=[batch.pk])).status_code == 404
    assert world.client_for("admin").get(urls[0]).status_code == 200


def test_the_progress_fragment_polls_while_running_and_reloads_the_page_when_done(world):
    batch = batch_for(world, status=ImportBatch.Status.IMPORTING)
    progress.report(batch, 250, 1000, "导入“农户”表")
    client = world.client_for("clerk_chengguan")
    response = client.get(reverse("households:roster:batch_progress", args=[batch.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and 'hx-trigger="every 1s"' in body
    assert 'value="25"' in body and "已处理 250 / 1,000 行（25%）" in body and "导入“农户”表" in body
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTED)
    progress.clear(batch)
    response = client.get(reverse("households:roster:batch_progress", args=[batch.pk]))
    assert (response.status_code, response.headers["HX-Refresh"]) == (204, "true")


def test_the_batch_list_shows_the_townships_batches_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    for _ in range(2):
        batch_for(world)
    batch_for(world, "clerk_xiakou")
    client = world.client_for("clerk_chengguan")
    url = reverse("households:roster:batch_list")
    # session, user, count, page keys, page rows (deferred-join paginator)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(response.context["table"].rows) == 2
    for _ in range(5):
        batch_for(world)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(response.context["table"].rows) == 7


def test_the_template_has_the_instructions_both_sheets_and_drop_down_lists(world):
    response = world.client_for("clerk_chengguan").get(reverse("households:roster:template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["填写说明", "农户", "家庭成员", "村组编码"]
    assert [c.value for c in workbook["农户"][1]][:3] == ["户编号", "户主姓名", "户主身份证号"]
    lists = {str(v.sqref): v.formula1 for v in workbook["家庭成员"].data_validations.dataValidation}
    assert lists["E2:E1048576"] == '"男,女"'
    assert workbook["农户"]["C2"].number_format == "@"


def test_the_household_list_links_to_an_export_that_keeps_its_filters(world):
    client = world.client_for("clerk_chengguan")
    page = client.get(reverse("households:household_list"), {"village": world.wufeng.code}).content.decode()
    assert f'href="{reverse("households:roster:export")}?village={world.wufeng.code}"' in page
    assert 'id="import-link"' in page
    assert (
        'id="import-link"' not in world.client_for("leader").get(reverse("households:household_list")).content.decode()
    )


def test_the_export_holds_the_filtered_households_of_the_users_scope(world):
    response = world.client_for("admin").get(reverse("households:roster:export"), {"village": world.jiangbang.code})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [row[0] for row in workbook["农户"].iter_rows(min_row=2, values_only=True)] == [world.other_household.number]
    response = world.client_for("clerk_chengguan").get(reverse("households:roster:export"))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook["农户"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2]) for row in rows] == [(world.own_household.number, world.own_household.head_id_number)]


def test_the_export_masks_id_numbers_for_readers_who_do_not_edit(world):
    response = world.client_for("leader").get(reverse("households:roster:export"))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    heads = [row[2] for row in workbook["农户"].iter_rows(min_row=2, values_only=True)]
    members = [row[2] for row in workbook["家庭成员"].iter_rows(min_row=2, values_only=True)]
    assert all("********" in value for value in heads + members) and len(heads) == 2


def test_the_export_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    """Session, user, then households, their income records and members (per 2,000 households)."""
    client = world.client_for("admin")
    with django_assert_num_queries(5):
        response = client.get(reverse("households:roster:export"))
    assert zipfile.is_zipfile(io.BytesIO(b"".join(response.streaming_content)))
    HouseholdFactory.create_batch(20, group=world.wufeng_group)
    with django_assert_num_queries(5):
        response = client.get(reverse("households:roster:export"))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook["农户"].max_row == 23


def test_the_export_of_a_role_that_sees_no_households_holds_none(world):
    response = world.client_for("scorer_tongji").get(reverse("households:roster:export"))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [list(workbook[name].iter_rows(min_row=2, values_only=True)) for name in ("农户", "家庭成员")] == [[], []]


def test_the_export_is_an_attachment_named_for_its_day(world):
    today = f"{datetime.date.today():%Y%m%d}"
    response = world.client_for("admin").get(reverse("households:roster:export"))
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{today}.xlsx\"; "
        f"filename*=UTF-8''%E5%86%9C%E6%88%B7%E4%BF%A1%E6%81%AF%E8%A1%A8_{today}.xlsx"
    )


def test_anonymous_visitors_may_not_export(world):
    response = world.client_for("anonymous").get(reverse("households:roster:export"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


ZERO_COUNTS = {
    kind: {"created": 0, "updated": 0, "unchanged": 0} for kind in ("households", "income_records", "members")
}


@pytest.mark.parametrize(
    "status, errors, shown",
    [
        (ImportBatch.Status.INVALID, 1, False),
        (ImportBatch.Status.FAILED, 1, False),
        (ImportBatch.Status.FAILED, 0, False),  # a commit that stopped: nothing was stored
        (ImportBatch.Status.INTERRUPTED, 0, False),
        (ImportBatch.Status.CHECKED, 0, True),
        (ImportBatch.Status.IMPORTED, 0, True),
    ],
)
def test_only_a_batch_without_errors_shows_its_counts(world, status, errors, shown):
    batch = batch_for(world, status=status, error_count=errors, counts=ZERO_COUNTS)
    page = world.client_for("clerk_chengguan").get(reverse("households:roster:batch_detail", args=[batch.pk]))
    assert ('id="batch-counts"' in page.content.decode()) is shown
    assert page.context["counts"] == (ZERO_COUNTS if shown else None)


def test_a_committed_batch_links_to_the_households_it_created_or_changed(
    world, tmp_path, new_ids, django_capture_on_commit_callbacks
):
    """New household 050, 王建国's household changed only by a new member; the other stays out."""
    own = world.own_household
    number = f"{GROUP}050"
    head = new_ids()
    path = write_workbook(
        tmp_path / "r.xlsx",
        [household_row(number, head)],
        [
            member_row(number, head, 与户主关系="户主", 姓名="张三丰"),
            member_row(own.number, new_ids(), 与户主关系="子"),
        ],
    )
    client = world.client_for("admin")
    upload(client, path)
    batch = ImportBatch.objects.get()
    detail = reverse("households:roster:batch_detail", args=[batch.pk])
    assert 'id="batch-households"' not in client.get(detail).content.decode()  # checked, not imported yet
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("households:roster:batch_commit", args=[batch.pk]))
    listed = f"{reverse('households:household_list')}?batch={batch.pk}"
    assert f'href="{listed}"' in client.get(detail).content.decode()
    response = client.get(listed)
    assert sorted(row.record.number for row in response.context["table"].rows) == sorted([number, own.number])
    assert 'id="batch-filter-note"' in response.content.decode()
    assert 'type="hidden" name="batch"' in response.content.decode()
    other = client.get(reverse("households:household_list"), {"batch": batch.pk + 1})
    assert list(other.context["table"].rows) == []


def test_the_batch_filter_matches_a_batch_imported_in_english(world, tmp_path, new_ids):
    """The history reason is written in the importer's language ("Import batch #7")."""
    from django.utils import translation

    from households.roster.engine import RosterImport

    number = f"{GROUP}050"
    path = write_workbook(tmp_path / "r.xlsx", [household_row(number, new_ids())])
    with translation.override("en"):
        assert RosterImport(path, actor=world.users["admin"], commit=True, batch_id=7).run().committed
    assert Household.objects.get(number=number).history.get().history_change_reason == "Import batch #7"
    response = world.client_for("admin").get(reverse("households:household_list"), {"batch": 7})
    assert [row.record.number for row in response.context["table"].rows] == [number]


def test_the_clerks_template_lists_their_villages_and_groups_with_a_group_code_drop_down(world):
    from tests.factories import GroupFactory

    GroupFactory(village=world.wufeng, code="61072410020102", name="二组")
    response = world.client_for("clerk_chengguan").get(reverse("households:roster:template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    assert [list(row) for row in workbook["村组编码"].iter_rows(values_only=True)] == [
        ["乡镇", "行政村编码", "行政村", "村民小组编码", "村民小组"],
        ["城关镇", "610724100201", "五丰村", "61072410020101", "一组"],
        ["城关镇", "610724100201", "五丰村", "61072410020102", "二组"],
    ]  # not 峡口镇's groups
    lists = {str(v.sqref): v for v in workbook["农户"].data_validations.dataValidation}
    group_codes = lists["A2:A1048576"]
    assert (group_codes.type, group_codes.formula1, group_codes.showErrorMessage) == (
        "list", "'村组编码'!$D$2:$D$3", False,
    )
    response = world.client_for("admin").get(reverse("households:roster:template"))
    admin = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    assert [row[3] for row in admin["村组编码"].iter_rows(min_row=2, values_only=True)] == [
        "61072410020101", "61072410020102", "61072410820101",
    ]


def test_the_year_template_carries_the_codes_sheet_too(world):
    response = world.client_for("clerk_chengguan").get(reverse("households:roster:template"), {"year": "2010"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["填写说明", "农户", "家庭成员", "村组编码"]
    assert [row[3] for row in workbook["村组编码"].iter_rows(min_row=2, values_only=True)] == ["61072410020101"]
    lists = {str(v.sqref): v.formula1 for v in workbook["农户"].data_validations.dataValidation}
    assert lists["A2:A1048576"] == "'村组编码'!$D$2:$D$2"


def test_the_downloaded_template_filled_in_is_imported_without_warnings(world, tmp_path, new_ids):
    """The reader reads 农户 and 家庭成员 and leaves sheet 村组编码 alone."""
    from households.roster.engine import RosterImport

    response = world.client_for("clerk_chengguan").get(reverse("households:roster:template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    number, head = f"{GROUP}050", new_ids()
    rows = (("农户", household_row(number, head)), ("家庭成员", member_row(number, head, 与户主关系="户主")))
    for sheet, row in rows:
        ws = workbook[sheet]
        for column, cell in enumerate(ws[1], start=1):
            ws.cell(row=2, column=column, value=row[cell.value])
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    outcome = RosterImport(path, actor=world.users["clerk_chengguan"], commit=True, batch_id=3).run()
    assert (outcome.ok, outcome.committed, outcome.problems.warnings) == (True, True, [])
    assert Household.objects.get(number=number).head_id_number == head
