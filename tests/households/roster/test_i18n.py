"""Roster messages are translated: Chinese under zh-hans (the msgids), English under en, and a
background import stores them in the language of the user who queued it.

Needs the compiled catalogue (`manage.py compilemessages`, run by `make`).
"""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import translation

from households.models import Household, ImportBatch
from households.roster.columns import HOUSEHOLD_COLUMNS
from households.roster.container import check_container
from households.roster.engine import RosterImport
from households.roster.reader import NO_VALUE_MESSAGE
from households.roster.tasks import check_batch
from households.roster.validation import parse_household, parse_member
from xixiang.lib.id_numbers import InvalidIdNumber, make_id_number, parse_id_number
from xixiang.lib.money import InvalidAmount, to_yuan
from xixiang.lib.xlsx_container import UnreadableWorkbook

from .conftest import GROUP, household_row, member_row, write_workbook

TODAY = datetime.date(2026, 11, 26)
HEAD = make_id_number("610724", datetime.date(1968, 5, 4), 123)
IMPORT_URL = reverse("households:roster:import")
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"

MESSAGES = {
    "zh-hans": {
        "blank": "不能为空",
        "year": "年度必须在 2000 到 2100 之间",
        "sex": "性别与身份证号不符（身份证号显示为男）",
        "id_length": "身份证号应为 18 位，现在是 5 位",
        "id_check": "身份证号校验码错误：最后一位应为 {expected}，而不是 {given}",
        "amount": "“abc”不是有效的金额",
        "pdf": "这是 PDF 文件，不是 Excel 工作簿；请上传 .xlsx 文件",
        "missing": "缺少必填的列：户主身份证号、年度",
        "no_value": "单元格是公式，但文件中没有保存计算结果；请在 Excel 中打开并保存，或复制后“粘贴为数值”",
    },
    "en": {
        "blank": "Cannot be blank",
        "year": "The year must be between 2000 and 2100",
        "sex": "Sex does not match the ID number (the ID number says 男)",
        "id_length": "The ID number should have 18 characters, it has 5",
        "id_check": "Wrong ID number check character: the last character should be {expected}, not {given}",
        "amount": "“abc” is not a valid amount",
        "pdf": "This is a PDF file, not an Excel workbook; please upload an .xlsx file",
        "missing": "Required columns are missing: 户主身份证号、年度",
        "no_value": ("The cell is a formula but the file holds no calculated value; open and save the file in "
                     "Excel, or copy the cells and “Paste Values”"),
    },
}


@pytest.fixture(autouse=True)
def restore_language():
    """A request activates the cookie's language for the rest of the thread (the middleware never
    deactivates it); put back the language of the test run so later tests see no English."""
    language = translation.get_language()
    yield
    translation.activate(language)


def household_cells(**values):
    row = household_row("61072410020101001", HEAD, 家庭人口=3.0, 劳动力人数=2.0, 年度=2009.0,
                        家庭总收入=15000.0, 家庭经营费用支出=3000.0)
    row.update(values)
    return [row[column.header] for column in HOUSEHOLD_COLUMNS]


def wrong_check_character():
    expected = HEAD[-1]
    given = "0" if expected != "0" else "1"
    return HEAD[:17] + given, expected, given


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_messages_are_in_the_active_language(language, tmp_path):
    expected = MESSAGES[language]
    with translation.override(language):
        _row, problems = parse_household(household_cells(户主姓名="", 年度=1990), TODAY)
        assert problems == [("户主姓名", expected["blank"]), ("年度", expected["year"])]
        _row, problems = parse_member(["61072410020101001", "张三丰", HEAD, "户主", "女", "有", "健康"], TODAY)
        assert problems == [("性别", expected["sex"])]

        with pytest.raises(InvalidIdNumber) as error:
            parse_id_number("12345", today=TODAY)
        assert str(error.value) == expected["id_length"]
        wrong, right, given = wrong_check_character()
        with pytest.raises(InvalidIdNumber) as error:
            parse_id_number(wrong, today=TODAY)
        assert str(error.value) == expected["id_check"].format(expected=right, given=given)

        with pytest.raises(InvalidAmount) as error:
            to_yuan("abc")
        assert str(error.value) == expected["amount"]

        path = tmp_path / "roster.xlsx"
        path.write_bytes(PDF)
        with pytest.raises(UnreadableWorkbook) as error:
            check_container(path)
        assert str(error.value) == expected["pdf"]

        assert str(NO_VALUE_MESSAGE) == expected["no_value"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_sheet_problems_are_in_the_active_language(language, tmp_path, world, new_ids):
    headers = ["户编号", "户主姓名", "家庭人口", "劳动力人数", "家庭总收入", "家庭经营费用支出"]
    path = write_workbook(tmp_path / "r.xlsx", [household_row(f"{GROUP}050", new_ids())], household_headers=headers)
    with translation.override(language):
        outcome = RosterImport(path, actor=world.users["admin"]).run()
    assert [tuple(problem) for problem in outcome.problems.errors] == [
        ("农户", 1, "户主身份证号、年度", MESSAGES[language]["missing"])]


def english_client(world, name="clerk_chengguan"):
    client = world.client_for(name)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, data: bytes):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile("roster.xlsx", data)})


def test_an_import_queued_in_english_stores_english_messages(world, tmp_path, new_ids):
    path = write_workbook(tmp_path / "bad.xlsx", [household_row(f"{GROUP}050", new_ids(), 户主姓名="", 年度=1990)])
    upload(english_client(world), path.read_bytes())
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.INVALID
    assert [(e["header"], e["message"]) for e in batch.errors] == [
        ("户主姓名", "Cannot be blank"), ("年度", "The year must be between 2000 and 2100")]


def test_an_unreadable_upload_in_english_keeps_an_english_message(world):
    upload(english_client(world, "admin"), PDF)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.message) == (ImportBatch.Status.INVALID, MESSAGES["en"]["pdf"])


def test_a_commit_requested_in_english_runs_in_english(world, tmp_path, new_ids, django_capture_on_commit_callbacks):
    head = new_ids()
    number = f"{GROUP}050"
    path = write_workbook(tmp_path / "good.xlsx", [household_row(number, head)],
                          [member_row(number, head, 与户主关系="户主", 姓名="张三丰")])
    client = english_client(world)
    upload(client, path.read_bytes())
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("households:roster:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Household.objects.get(number=number).history.get().history_change_reason == f"Import batch #{batch.pk}"


@pytest.fixture
def queued_only(settings):
    """Tasks are recorded, not run: the test plays the worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_the_worker_runs_the_task_in_the_language_recorded_when_it_was_queued(world, tmp_path, new_ids, queued_only):
    path = write_workbook(tmp_path / "bad.xlsx", [household_row(f"{GROUP}050", new_ids(), 户主姓名="")])
    upload(english_client(world), path.read_bytes())
    [queued] = queued_only.results
    batch = ImportBatch.objects.get()
    assert list(queued.args) == [batch.pk, "en"]
    with translation.override("zh-hans"):  # the worker's own language does not matter
        check_batch.call(*queued.args)
    batch.refresh_from_db()
    assert [e["message"] for e in batch.errors] == ["Cannot be blank"]


def test_a_task_without_a_language_runs_in_the_default_language(world, tmp_path, new_ids):
    path = write_workbook(tmp_path / "bad.xlsx", [household_row(f"{GROUP}050", new_ids(), 户主姓名="")])
    batch = ImportBatch.objects.create(original_name="bad.xlsx", file=SimpleUploadedFile("bad.xlsx", path.read_bytes()))
    with translation.override("en"):
        check_batch.call(batch.pk)  # as queued before the language argument existed
    batch.refresh_from_db()
    assert [e["message"] for e in batch.errors] == ["不能为空"]


def test_the_import_command_runs_in_the_default_language(world, tmp_path, new_ids):
    path = write_workbook(tmp_path / "bad.xlsx", [household_row(f"{GROUP}050", new_ids(), 户主姓名="")])
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_households", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert error.value.returncode == 1
    assert "错误 农户 第 2 行 户主姓名：不能为空" in out.getvalue()
    assert [e["message"] for e in ImportBatch.objects.get().errors] == ["不能为空"]
