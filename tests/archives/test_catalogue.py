import pytest
from django.core.checks import Error
from django.urls import reverse

from archives.checks import archive_settings_check
from archives.models import ArchiveCategory, ArchiveClass, ArchiveMedium
from tests.factories import UserFactory
from xixiang.accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_default_catalogue_has_5_classes_18_categories_and_4_forms():
    assert list(ArchiveClass.objects.values_list("name", flat=True)) == ["文件", "建档", "规划", "农民收入", "结对帮扶"]
    categories = list(ArchiveCategory.objects.values_list("code", "name", "archive_class__name"))
    assert [c[0] for c in categories] == [
        "W1",
        "W2",
        "W3",
        "J1",
        "J2",
        "J3",
        "J4",
        "G1",
        "G2",
        "G3",
        "G4",
        "S1",
        "S2",
        "S3",
        "B1",
        "B2",
        "B3",
        "B4",
    ]
    assert categories[2] == ("W3", "会议记录", "文件")
    assert categories[-1] == ("B4", "帮扶记录", "结对帮扶")
    assert list(ArchiveMedium.objects.values_list("name", flat=True)) == ["文字", "表册", "声像", "照片"]


def test_county_administrator_edits_the_catalogue_in_the_admin():
    admin = UserFactory(username="county_admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    from django.test import Client

    client = Client()
    client.force_login(admin)
    response = client.get(reverse("admin:archives_archivecategory_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 18
    w3 = ArchiveCategory.objects.get(code="W3")
    response = client.post(
        reverse("admin:archives_archivecategory_change", args=[w3.pk]),
        {
            "archive_class": w3.archive_class_id,
            "code": "W3",
            "name": "会议纪要",
            "description": "",
            "position": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    w3.refresh_from_db()
    assert w3.name == "会议纪要"
    assert w3.history.first().history_user == admin


def test_settings_check_reports_unknown_file_types(settings):
    settings.ARCHIVE_ALLOWED_TYPES = ("pdf", "exe", "html")
    assert archive_settings_check(None) == [
        Error(
            "XIXIANG_ARCHIVE_ALLOWED_TYPES names unknown types: exe, html",
            hint="See archives/filetypes.py for the known type codes.",
            id="archives.E001",
        )
    ]


def test_default_settings_pass_the_check():
    assert archive_settings_check(None) == []


def test_records_and_indicators_are_read_only_in_the_admin():
    from django.test import Client

    from assessment.models import Indicator

    client = Client()
    client.force_login(UserFactory(username="county_admin", role=Role.ADMIN, is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:archives_archiverecord_changelist")).status_code == 200
    assert client.get(reverse("admin:archives_archiverecord_add")).status_code == 403
    indicator = Indicator.objects.first()
    assert client.get(reverse("admin:assessment_indicator_add")).status_code == 403
    assert (
        client.post(reverse("admin:assessment_indicator_delete", args=[indicator.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Indicator.objects.filter(pk=indicator.pk).exists()
