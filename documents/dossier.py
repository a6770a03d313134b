"""The village dossier (村级档案册, domain.md §4 and §10): a profile of the village before the index
of its archive for a year — a page and an A4 PDF in the official look (documents/official.py).

The profile: terrain, leading industries, groups; households and people per category (counts,
never a household row); the grade history; the year's score sheet (documents/score_sheets.py);
the pairings (contact leaders, paired units, assisting cadres with how many households each);
the year's projects (projects.selectors); the demonstration status; the commitments
(targets.selectors.commitments_for) of the year and the next. Then the archive index of the year
(archives.selectors.booklet_records, as the user may read it) with photos as thumbnails: the
stored 320-pixel JPEG thumbnails (never the originals), at most MAX_PHOTOS per dossier, handed to
the render in memory (xixiang.lib.pdf resources), so a dossier's memory stays small.

A dossier reads a fixed number of queries whatever the village (eighteen) plus one storage read
per thumbnail; the batch of a township's or the county's dossiers (a zip of one PDF per village)
is documents/print_kinds.py.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archives import selectors as archive_selectors
from archives import storage as archive_storage
from assessment.models import Cycle
from assistance.models import HouseholdPairing, LeaderPairing, UnitPairing
from assistance.selectors import active_q
from demonstration.models import Designation
from households.choices import Category
from households.models import Household
from projects import selectors as projects_selectors
from targets import selectors as targets_selectors
from villages.models import Village, VillageGrade
from xixiang.lib.pdf import resource_url

from . import score_sheets
from .board import grade_name
from .official import official_html

MAX_PHOTOS = 24


@dataclass
class Pairings:
    leaders: list[str]
    units: list[str]
    cadres: list[tuple[str, str, int]]  # (name, unit or, for village cadres, their village, households paired)

    @property
    def paired_households(self) -> int:
        return sum(count for _name, _unit, count in self.cadres)

    @property
    def cadre_lines(self) -> list[str]:
        """"name（unit）联系 n 户" per cadre: a village has dozens, one translation tag each in the
        template was a third of the page's rendering."""
        return [ngettext("%(name)s（%(unit)s）联系 %(n)s 户", "%(name)s（%(unit)s）联系 %(n)s 户", n)
                % {"name": name, "unit": unit, "n": n} for name, unit, n in self.cadres]


@dataclass
class Dossier:
    village: Village
    year: int
    groups: list[str]
    categories: list[tuple[str, int, int]]  # (label, households, people)
    grades: list[tuple[int, str, str]]  # (year, grade name, source)
    sheet: score_sheets.ScoreSheet | None
    pairings: Pairings
    projects: list[dict]
    projects_total: Decimal
    designation: Designation | None
    demonstration_since: int | None
    commitments: list
    archive: list  # (category, records with .live_files, each file with .thumb_src or "")
    photos: dict[str, bytes] = field(default_factory=dict)  # resource key → thumbnail JPEG (PDF only)

    @property
    def title(self) -> str:
        return _("%(township)s%(village)s %(year)s 年度村级档案册") % {
            "township": self.village.township.name, "village": self.village.name, "year": self.year}

    @property
    def filename(self) -> str:
        return f"档案册-{self.village.code}-{self.year}.pdf"

    @property
    def households(self) -> int:
        return sum(n for _label, n, _people in self.categories)

    @property
    def people(self) -> int:
        return sum(p for _label, _n, p in self.categories)

    @property
    def industries(self) -> list[str]:
        return [name for name in self.village.leading_industries.split("、") if name.strip()]

    @property
    def archive_present(self) -> int:
        return sum(1 for _category, records in self.archive if records)

    @property
    def archive_records(self) -> int:
        return sum(len(records) for _category, records in self.archive)


def _on(year: int) -> datetime.date:
    """The day the pairings are read on: the year's end, or today within the current year."""
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def _categories(village: Village) -> list[tuple[str, int, int]]:
    rows = {row["category"]: row for row in Household.objects.filter(village=village).order_by()
            .values("category").annotate(n=Count("id"), people=Sum("resident_count"))}
    return [(str(label), rows.get(code, {}).get("n", 0), rows.get(code, {}).get("people") or 0)
            for code, label in Category.choices]


def _pairings(village: Village, year: int) -> Pairings:
    on = _on(year)
    leaders = [
        p.leader.name + (f"（{p.leader.get_level_display()}）" if p.leader.level else "")
        for p in LeaderPairing.objects.filter(active_q(on), village=village, start_date__lte=on)
        .select_related("leader").order_by("start_date", "id")
    ]
    units = list(dict.fromkeys(UnitPairing.objects.filter(active_q(on), village=village, start_date__lte=on)
                               .order_by("start_date", "id").values_list("unit__name", flat=True)))
    cadres = [  # village cadres and demonstration households have a village instead of a unit (constraints)
        (row["cadre__name"], row["cadre__unit__name"] or row["cadre__village__name"], row["n"])
        for row in HouseholdPairing.objects.filter(active_q(on), village=village, start_date__lte=on).order_by()
        .values("cadre_id", "cadre__name", "cadre__unit__name", "cadre__village__name")
        .annotate(n=Count("household_id", distinct=True)).order_by("-n", "cadre__name")
    ]
    return Pairings(leaders, units, cadres)


def _archive(user, village: Village, year: int, *, for_pdf: bool) -> tuple[list, dict[str, bytes]]:
    """The year's archive index with the thumbnails of at most MAX_PHOTOS photos: in the page a
    link to the thumbnail view, in the PDF a resource read from the archive storage."""
    sections = archive_selectors.booklet_records(user, village, year)
    photos: dict[str, bytes] = {}
    shown = 0
    for _category, records in sections:
        for record in records:
            for archive_file in record.live_files:
                archive_file.thumb_src = ""
                if not archive_file.thumbnail_name or shown >= MAX_PHOTOS:
                    continue
                if for_pdf:
                    key = f"thumb-{archive_file.pk}.jpg"
                    try:
                        with archive_storage.open_stream(archive_file.thumbnail_name) as stream:
                            photos[key] = stream.read()
                    except OSError:  # a missing thumbnail is listed without its picture
                        continue
                    archive_file.thumb_src = resource_url(key)
                else:
                    archive_file.thumb_src = reverse("archives:file_thumbnail", args=[archive_file.pk])
                shown += 1
    return sections, photos


def _designation(village: Village, year: int) -> tuple[Designation | None, int | None]:
    """The village's latest designation up to `year` and the year of its first (one query: a
    village has a designation a year at most)."""
    designations = list(Designation.objects.filter(village=village, year__lte=year).select_related("kind")
                        .order_by("year"))
    return (designations[-1], designations[0].year) if designations else (None, None)


def dossier_for(user, village: Village, year: int, *, for_pdf: bool = False) -> Dossier:
    """The dossier of `village` (fetched with its township) for `year`, its archive as `user` may read it."""
    cycle = Cycle.objects.filter(year=year).first()
    grades = [(graded, grade_name(grade), source) for graded, grade, source in VillageGrade.objects
              .filter(village=village).order_by("year").values_list("year", "grade", "source")]
    designation, since = _designation(village, year)
    commitments = [c for _year, c in sorted(targets_selectors.commitments_for(village, (year, year + 1)).items())]
    projects = projects_selectors.village_allocations(village, year)
    archive, photos = _archive(user, village, year, for_pdf=for_pdf)
    return Dossier(
        village=village, year=year, groups=list(village.groups.order_by("code").values_list("name", flat=True)),
        categories=_categories(village), grades=grades,
        sheet=score_sheets.score_sheet(cycle, village) if cycle else None, pairings=_pairings(village, year),
        projects=projects, projects_total=sum((row["amount"] for row in projects), Decimal("0")),
        designation=designation, demonstration_since=since, commitments=commitments, archive=archive, photos=photos,
    )


def dossier_document(dossier: Dossier) -> str:
    """The printable HTML of one dossier (A4, the official look)."""
    return official_html("documents/dossier_pdf.html", {"dossier": dossier})
