"""Fixtures of the demonstration tests: a private archive storage per test, and 五丰村 designated
for 2009 with a plan (G1), a county-level contact leader, a team and a resident cadre."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from archives import demo_files
from archives import services as archive_services
from archives.models import ArchiveCategory, ArchiveRecord
from assistance.models import LeaderPairing
from demonstration import services
from demonstration.models import DemonstrationType, Designation
from tests.assistance.factories import CadreFactory, LeaderPairingFactory
from tests.factories import DepartmentFactory

TODAY = datetime.date(2009, 12, 31)


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    location = tmp_path / "archive-storage"
    settings.STORAGES = {
        **settings.STORAGES,
        "archives": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                     "OPTIONS": {"location": str(location), "base_url": None}},
    }
    return location


def archive_record(world, village, code: str, title: str) -> ArchiveRecord:
    return archive_services.archive_record_create(
        actor=world.users["admin"], village=village, year=2009, category=ArchiveCategory.objects.get(code=code),
        medium=None, title=title, files=[ContentFile(demo_files.tiny_pdf([title]), name=f"{code}.pdf")])


@dataclass
class Demo:
    designation: Designation
    pig_type: DemonstrationType
    plan: ArchiveRecord
    contact: LeaderPairing


@pytest.fixture
def demo(world) -> Demo:
    pig = DemonstrationType.objects.get(name="生猪产业支撑型")
    plan = archive_record(world, world.wufeng, "G1", "五丰村示范村建设规划")
    leader = CadreFactory(name="赵县长", level="county", unit=DepartmentFactory(name="县人民政府"))
    contact = LeaderPairingFactory(leader=leader, village=world.wufeng)
    designation = services.designation_create(
        actor=world.users["admin"], village=world.wufeng, year=2009, kind=pig, reason="生猪养殖基础好",
        plan=plan, contact=contact)
    services.team_member_add(actor=world.users["admin"], designation=designation, name="赵县长",
                             post="县委常委、副县长", duty="组长")
    services.resident_cadre_add(actor=world.users["admin"], designation=designation, name="钱驻村",
                                unit="县农业局干部", start_date=datetime.date(2009, 2, 1))
    return Demo(designation=designation, pig_type=pig, plan=plan, contact=contact)


def designate_jiangbang(world) -> Designation:
    return services.designation_create(actor=world.users["admin"], village=world.jiangbang, year=2009,
                                       kind=DemonstrationType.objects.get(name="茶叶产业支撑型"))


def fonts_not_embedded(content: bytes) -> list[str]:
    """The fonts of a PDF that carry no font program (FontFile, FontFile2 or FontFile3): [] when
    every font, CID descendants included, is embedded."""
    import io

    import pypdf

    missing, seen = [], 0
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for each in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = each.get("/FontDescriptor")
                if each.get("/Subtype") == "/Type0":
                    continue  # its program is in its descendant
                seen += 1
                if descriptor is None or not ({"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object())):
                    missing.append(str(each.get("/BaseFont")))
    assert seen, "the PDF has no fonts at all"
    return missing
