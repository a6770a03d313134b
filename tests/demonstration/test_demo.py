"""The demo county's demonstration villages (seed_demo --scale tiny, seeded once per run)."""

import io
import json

import pypdf
import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.urls import reverse

from archives.models import ArchiveFile, ArchiveRecord
from archives.storage import open_stream
from assistance.models import LeaderPairing
from demonstration import selectors
from demonstration.demo import MISSED_WEEKS, OPEN_OVERDUE
from demonstration.models import Designation, Meeting
from projects import selectors as project_selectors
from villages.models import Village
from xixiang.accounts.models import User

from .conftest import fonts_not_embedded


@pytest.fixture
def demo(demo_county, db):
    return demo_county


@pytest.fixture(autouse=True)
def archive_dir(settings, demo_county):
    """The demo county's archive files are where its seed stored them."""
    settings.STORAGES = {
        **settings.STORAGES,
        "archives": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                     "OPTIONS": {"location": str(demo_county.archive_dir), "base_url": None}},
    }
    return demo_county.archive_dir


def test_the_articles_five_villages_are_the_2009_demonstration_villages(demo):
    rows = Designation.objects.filter(year=2009).order_by("village__code")
    assert [(d.township.name, d.village.name, d.kind.name) for d in rows] == [
        ("城关镇", "五丰村", "生猪产业支撑型"), ("城关镇", "余家山村", "乡村旅游型"),
        ("杨河镇", "李河村", "工业园区带动型"), ("沙河镇", "枣园村", "观光农业型"),
        ("峡口镇", "江榜村", "茶叶产业支撑型")]


def test_2010_adds_six_villages_in_plain_hill_and_mountain_townships(demo):
    first = set(Designation.objects.filter(year=2009).values_list("village_id", flat=True))
    new = Designation.objects.filter(year=2010).exclude(village_id__in=first).select_related("village", "township")
    assert new.count() == 6
    assert Designation.objects.filter(year=2010, village_id__in=first).count() == 5
    assert sorted((d.township.name, d.village.get_terrain_display()) for d in new if d.village.name != "马桑湾村") == [
        ("子午乡", "山区"), ("柳树镇", "平川"), ("私渡镇", "平川"), ("茶镇", "丘陵"), ("高川镇", "山区")]
    assert {d.kind.name for d in new} >= {"烤烟产业支撑型", "劳务经济型"}  # types the county added


def test_each_designation_has_a_plan_a_county_leader_a_team_and_a_resident_cadre(demo):
    for d in Designation.objects.select_related("plan__category", "contact"):
        assert (d.plan.village_id, d.plan.category.code) == (d.village_id, "G1"), d
        assert (d.contact.village_id, d.contact.level, d.contact.end_date) == (d.village_id, "county", None), d
        assert d.team.count() == 5 and d.team.first().name == d.contact.leader.name
        assert d.resident_cadres.count() == 1


def test_the_leader_ledger_keeps_39_county_and_228_section_level_points(demo):
    active = LeaderPairing.objects.filter(end_date__isnull=True)
    assert (active.filter(level="county").count(), active.filter(level="section").count()) == (39, 228)
    assert active.values("village_id").distinct().count() == 267


def test_a_year_of_weekly_meetings_with_a_few_missed_weeks_and_overdue_actions(demo):
    for d in selectors.with_flags(Designation.objects.all()):
        assert len(selectors.missed_weeks_of(d)) == MISSED_WEEKS, d
        assert d.actions_overdue == OPEN_OVERDUE, d
        kinds = dict(d.meetings.order_by().values_list("kind").annotate(n=Count("id")))
        assert kinds["funds"] == 2 and kinds["site"] == 2 and kinds["progress"] >= 48, d
        assert not d.meetings.exclude(date__year=d.year).exists()


def test_every_meeting_points_at_its_villages_w3_minutes_volume_of_the_year(demo, settings):
    assert not Meeting.objects.filter(minutes__isnull=True).exists()
    assert not Meeting.objects.exclude(minutes__village=F("village")).exists()
    assert not Meeting.objects.exclude(minutes__year=F("designation__year")).exists()
    assert set(Meeting.objects.values_list("minutes__category__code", flat=True)) == {"W3"}
    volumes = Meeting.objects.values("designation").annotate(n=Count("minutes", distinct=True))
    assert {row["n"] for row in volumes} == {1}  # one volume per designation-year
    meetings = list(Meeting.objects.filter(village__name="五丰村", designation__year=2009).order_by("date", "pk"))
    record = ArchiveRecord.objects.get(pk=meetings[0].minutes_id)
    assert record.title == "五丰村2009年示范村会议记录汇编"
    stored = ArchiveFile.objects.get(record=record)
    with open_stream(stored.stored_name) as handle:
        content = handle.read()
    assert stored.size == len(content)
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == len(meetings)  # one meeting per page
    funds = next(n for n, m in enumerate(meetings) if m.kind == "funds")
    assert reader.pages[funds].extract_text().splitlines()[:5] == [
        "西乡县村级组织升级晋档、科学发展活动领导小组办公室", "五丰村项目资金协调会会议纪要（2009-02-12）",
        "村：五丰村", "会议类型：项目资金协调会", "时间：2009年2月12日"]
    assert fonts_not_embedded(content) == []


def test_the_programme_report_lists_the_demonstration_villages(demo, monkeypatch):
    try:
        import targets.selectors  # noqa: F401
    except ImportError:
        monkeypatch.setattr(project_selectors, "targeted_villages", lambda year: Village.objects.none())
    out = io.StringIO()
    call_command("programme_report", "--year", "2010", "--json", stdout=out)
    rows = json.loads(out.getvalue())["demonstration_villages"]
    assert len(rows) == 11
    wufeng = next(r for r in rows if r["name"] == "五丰村")
    assert (wufeng["type"], wufeng["since"], wufeng["meetings"]) == (
        "生猪产业支撑型", 2009, Meeting.objects.filter(designation__year=2010, village__name="五丰村").count())


def test_the_village_cadre_of_wufeng_sees_it_is_a_demonstration_village(demo, client):
    client.force_login(User.objects.get(username="cadre_wufeng"))
    wufeng = Village.objects.get(township__code="610724100", name="五丰村")
    html = client.get(reverse("villages:village_detail", args=[wufeng.code])).content.decode()
    assert "本村是 2010 年升级晋档示范村（生猪产业支撑型，2009 年起）" in html
    assert "3 周未召开推进会" in html and "2 项落实事项已逾期" in html
    board = client.get(reverse("demonstration:board", args=[wufeng.code, 2009]))
    assert board.status_code == 200 and "已召开会议" in board.content.decode()
