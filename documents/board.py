"""The village notice board (村公开的“牌”, domain.md §6 and §10): what a village's board says for a
year, and its HTML and PDF.

A board is public: it carries village-level figures, the names of responsible officials and the
office's telephone only — never a resident's ID number, a household's name, phone, bank,
health or income (§10). Nothing here reads a household row: the paired households are a count.

What a board says for year Y:
- the village's grade of Y−1 (grade history) and of Y, its total and five dimension scores
  (the Y cycle's result), its target for Y+1 with measures and responsible people, and the
  commitment (目标承诺) for Y+1 (or, when there is none yet, that of Y);
- the contact leader (联点领导), the paired unit (帮扶单位) and the resident cadre (驻村干部) by
  name, and how many households are paired (not which), on the publication date;
- the year's projects in the village with amounts and outputs;
- the 公示 period (publication date and days, at least 5) and the county office's telephone
  (settings.XIXIANG_COUNTY_OFFICE_PHONE).

A year with no assessment cycle has no board (DomainError, "…尚无考核周期"). A year whose cycle
is open (not finalised) prints the board with its standing clearly marked provisional: a banner
"考核尚未定案，得分与级类为暂定" and a "暂定" watermark; a village with no result yet shows
"尚未计算". This was chosen over refusing because the board's other half (target,
commitments, projects, who is responsible) is what the village is to post at the start of a year.

A board renders on one A3 landscape page; long lists are cut (the rest counted, "另有 N 项").
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.choices import Dimension
from assessment.models import Cycle, CycleIndicator, VillageResult
from assessment.models.cycle import CLOSED_STATES
from assistance.models import HouseholdPairing, LeaderPairing, UnitPairing
from assistance.selectors import active_q, paired_household_count
from demonstration.models import Designation, ResidentCadre
from projects import selectors as projects_selectors
from targets import selectors as targets_selectors
from villages.models import Village, VillageGrade
from xixiang.core.errors import DomainError

MIN_PUBLIC_DAYS = 5
DEFAULT_PUBLIC_DAYS = 7
MAX_PROJECTS = 6
MAX_NAMES = 4
GRADE_NAMES = {1: "一类村", 2: "二类村", 3: "三类村", 4: "四类村"}


def grade_name(grade: int | None) -> str:
    return _(GRADE_NAMES[grade]) if grade in GRADE_NAMES else "—"


@dataclass(frozen=True)
class Dimension5:
    label: str
    points: Decimal | None
    maximum: Decimal


@dataclass(frozen=True)
class Project:
    name: str
    amount: Decimal  # yuan
    outputs: str

    @property
    def wan(self) -> Decimal:
        """The amount in 万元 (ten thousand yuan), as boards show money."""
        return self.amount / 10000


@dataclass(frozen=True)
class Commitment:
    year: int
    target_grade: int | None
    figures: list[str]
    text: str
    signer: str
    signed_on: datetime.date | None

    @property
    def target_grade_name(self) -> str:
        return grade_name(self.target_grade) if self.target_grade else ""


@dataclass(frozen=True)
class Target:
    year: int
    grade: int | None
    measures: str
    responsible: list[str]


@dataclass(frozen=True)
class BoardYear:
    """What every board of a year shares (read once per batch): the cycle, the dimensions'
    maximum points, the 公示 period and the office's telephone."""

    year: int
    cycle: Cycle
    maxima: dict[str, Decimal]
    published: datetime.date
    days: int
    office: str
    phone: str

    @property
    def provisional(self) -> bool:
        return self.cycle.status not in CLOSED_STATES

    @property
    def until(self) -> datetime.date:
        return self.published + datetime.timedelta(days=self.days - 1)


@dataclass
class Board:
    village: Village
    at: BoardYear
    previous_grade: int | None
    grade: int | None
    total: Decimal | None
    dimensions: list[Dimension5]
    target: Target | None
    commitment: Commitment | None
    leaders: list[str]
    units: list[str]
    resident_cadres: list[str]
    paired_households: int
    projects: list[Project]
    projects_more: int = 0
    projects_total: Decimal = Decimal("0")
    notes: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.at.year

    @property
    def grade_name(self) -> str:
        return grade_name(self.grade)

    @property
    def previous_grade_name(self) -> str:
        return grade_name(self.previous_grade)

    @property
    def projects_total_wan(self) -> Decimal:
        return self.projects_total / 10000

    @property
    def target_grade_name(self) -> str:
        return grade_name(self.target.grade if self.target else None)


def board_year(year: int, *, published: datetime.date | None = None, days: int = DEFAULT_PUBLIC_DAYS) -> BoardYear:
    """The shared part of year `year`'s boards; DomainError when the year has no cycle or the
    公示 period is shorter than 5 days."""
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None:
        raise DomainError(_("%(year)s 年度尚无考核周期，不能生成公示牌") % {"year": year})
    if days < MIN_PUBLIC_DAYS:
        message = _("公示天数：至少 %(min)s 天（填写的是 %(days)s 天）") % {"min": MIN_PUBLIC_DAYS, "days": days}
        raise DomainError(message, field="days")
    maxima: dict[str, Decimal] = {}
    for dimension, points in CycleIndicator.objects.filter(cycle=cycle).values_list("dimension", "max_points"):
        maxima[dimension] = maxima.get(dimension, Decimal("0")) + points
    return BoardYear(year=year, cycle=cycle, maxima=maxima, published=published or timezone.localdate(), days=days,
                     office=settings.XIXIANG_COUNTY_OFFICE_NAME, phone=settings.XIXIANG_COUNTY_OFFICE_PHONE)


def _names(lines: list[str]) -> list[str]:
    """At most MAX_NAMES names, the rest counted."""
    if len(lines) <= MAX_NAMES:
        return lines
    rest = len(lines) - MAX_NAMES
    return [*lines[:MAX_NAMES], ngettext("等 %(n)s 人", "等 %(n)s 人", rest) % {"n": rest}]


def board_for(village: Village, at: BoardYear) -> Board:
    """The board of `village` for `at.year` (a dozen queries; no household row is read)."""
    on = at.published
    result = VillageResult.objects.filter(cycle=at.cycle, village=village).first()
    previous = (VillageGrade.objects.filter(village=village, year=at.year - 1).values_list("grade", flat=True).first())
    if previous is None and result is not None:
        previous = result.previous_grade
    subtotals = result.subtotals if result else {}
    dimensions = [
        Dimension5(str(d.label), Decimal(subtotals[d.value]) if d.value in subtotals else None,
                   at.maxima.get(d.value, Decimal("0")))
        for d in Dimension
    ]
    leaders = [
        p.leader.name + (f"（{p.leader.get_level_display()}）" if p.leader.level else "")
        for p in LeaderPairing.objects.filter(active_q(on), village=village, start_date__lte=on)
        .select_related("leader").order_by("start_date", "id")
    ]
    units = list(dict.fromkeys(
        UnitPairing.objects.filter(active_q(on), village=village, start_date__lte=on)
        .order_by("start_date", "id").values_list("unit__name", flat=True)))
    paired = paired_household_count(HouseholdPairing.objects.filter(village=village, start_date__lte=on), on)
    projects, total = _projects(village, at.year)
    return Board(
        village=village, at=at, previous_grade=previous,
        grade=result.grade if result else None, total=result.total if result else None, dimensions=dimensions,
        target=_target(village, at.year + 1), commitment=_commitment(village, at.year),
        leaders=_names(leaders), units=_names(units), resident_cadres=_names(_resident_cadres(village, at.year)),
        paired_households=paired, projects=projects[:MAX_PROJECTS], projects_more=max(0, len(projects) - MAX_PROJECTS),
        projects_total=total,
    )


# --- what other apps keep (targets, projects, demonstration) ------------------------------------


def _number(value) -> str:
    """12.50 → "12.5", 3.00 → "3" (a figure on the board)."""
    text = format(Decimal(value).normalize(), "f") if value is not None else ""
    return text


def _target(village: Village, year: int) -> Target | None:
    """The village's approved target for `year` (a draft is not public), with the plan's people."""
    row = targets_selectors.village_target(village, year)
    if row is None or not row.is_approved:
        return None
    responsible = [
        f"{label}：{name}" for label, name in (
            (_("乡镇包村领导"), row.township_leader), (_("村党支部书记"), row.party_secretary),
            (_("联点领导"), row.contact_leader)) if name
    ]
    return Target(year=year, grade=row.grade, measures=row.measures, responsible=responsible)


def _commitment(village: Village, year: int) -> Commitment | None:
    """The commitment for the next year when there is one, else the year's own."""
    both = targets_selectors.commitments_for(village, (year, year + 1))
    found = both.get(year + 1) or both.get(year)
    if found is None:
        return None
    figures = [
        text for value, text in (
            (found.income_per_capita, _("农民人均纯收入达到 %(n)s 元")),
            (found.road_km, _("新修通村水泥路 %(n)s 公里")),
            (found.biogas_digesters, _("新建沼气池 %(n)s 口")),
            (found.water_works, _("新建安全饮水工程 %(n)s 处")),
            (found.archive_completeness, _("村级档案完整率达到 %(n)s%%")),
        ) if value is not None
        for text in [text % {"n": _number(value)}]
    ]
    return Commitment(year=found.year, target_grade=found.target_grade, figures=figures, text=found.text,
                      signer=found.signer, signed_on=found.signed_on)


def _resident_cadres(village: Village, year: int) -> list[str]:
    """Resident cadres (驻村干部) of the village's latest demonstration designation up to `year`
    who served during that year: "name（unit and post）"."""
    designation = Designation.objects.filter(village=village, year__lte=year).order_by("-year").first()
    if designation is None:
        return []
    served = ResidentCadre.objects.filter(designation=designation, start_date__lte=datetime.date(year, 12, 31)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))).order_by("start_date", "id")
    return [f"{cadre.name}（{cadre.unit}）" if cadre.unit else cadre.name for cadre in served]


def _projects(village: Village, year: int) -> tuple[list[Project], Decimal]:
    """The year's allocations to the village: project, amount (yuan) and outputs."""
    rows = projects_selectors.village_allocations(village, year)
    projects = [
        Project(name=row["project"], amount=row["amount"],
                outputs="、".join(f"{name} {_number(quantity)} {unit}" for name, unit, quantity in row["outputs"]))
        for row in rows
    ]
    return projects, sum((p.amount for p in projects), Decimal("0"))


# --- HTML and PDF --------------------------------------------------------------------------------


def board_title(village: Village, year: int) -> str:
    return _("%(township)s%(village)s %(year)s 年度升级晋档公示牌") % {
        "township": village.township.name, "village": village.name, "year": year}


def board_section(board: Board) -> str:
    """One board's HTML (a page of the PDF, or the body of the board's web page)."""
    return render_to_string("documents/board_sheet.html", {"board": board})


def boards_document(sections: list[str], *, title: str = "") -> str:
    """The printable HTML document of one or more boards' sections, one A3 landscape page each."""
    return render_to_string("documents/board_pdf.html", {"sections": sections, "title": title})
