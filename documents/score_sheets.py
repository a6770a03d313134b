"""A village's score sheet (考核评分表) and the results list (考核结果名册) of the county or a
township: the data, the page's and the PDF's context. One document each, rendered in the request
(documents/official.py) or by `manage.py render_score_sheet`.

The sheet reads assessment.selectors.score_sheet (value, method, original and final score, who
entered it, the inspection team's adjustment with its reason) and groups it by dimension with
the subtotals stored on the village's result.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from assessment import selectors as assessment_selectors
from assessment.choices import Dimension
from assessment.models import Cycle, VillageResult
from villages.choices import grade_label
from villages.models import Township, Village
from xixiang.core.links import url_per_key

from . import charts


@dataclass
class DimensionBlock:
    code: str
    label: str
    rows: list
    max_points: Decimal
    subtotal: str | None


@dataclass
class ScoreSheet:
    cycle: Cycle
    village: Village
    result: VillageResult | None
    dimensions: list[DimensionBlock]

    @property
    def title(self) -> str:
        return _("%(year)s 年度村级组织升级晋档考核评分表") % {"year": self.cycle.year}

    @property
    def filename(self) -> str:
        return f"评分表-{self.village.code}-{self.cycle.year}.pdf"

    @property
    def adjustments(self) -> list:
        return [row for block in self.dimensions for row in block.rows if row.adjustment]


def score_sheet(cycle: Cycle, village: Village) -> ScoreSheet:
    """The sheet of `village` (fetched with its township) in `cycle` (four queries)."""
    result = VillageResult.objects.filter(cycle=cycle, village=village).first()
    rows = assessment_selectors.score_sheet(cycle, village, result)
    subtotals = result.subtotals if result else {}
    blocks = []
    for dimension in Dimension:
        mine = [r for r in rows if r.indicator.dimension == dimension.value]
        if mine:
            blocks.append(
                DimensionBlock(
                    dimension.value,
                    str(dimension.label),
                    mine,
                    sum((r.indicator.max_points for r in mine), Decimal(0)),
                    subtotals.get(dimension.value),
                )
            )
    return ScoreSheet(cycle, village, result, blocks)


@dataclass
class ResultRow:
    """One line of the results list, its cells read once (the county's list has every village:
    no per-row lookups, filters or URL resolving in the template)."""

    code: str
    name: str
    township: str
    rank: int | None
    total: Decimal
    grade: str
    previous_grade: str
    change: str
    link: str


@dataclass
class ResultsList:
    cycle: Cycle
    township: Township | None
    results: list[VillageResult]
    grades: dict[int, int]
    previous: dict[int, int]
    township_rows: list
    chart: charts.Chart
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def place(self) -> str:
        return charts.township_place(self.township)

    @property
    def title(self) -> str:
        return _("%(place)s %(year)s 年度村级组织升级晋档考核结果") % {"place": self.place, "year": self.cycle.year}

    @property
    def filename(self) -> str:
        code = self.township.code if self.township else "county"
        return f"考核结果-{code}-{self.cycle.year}.pdf"


def results_list(user, cycle: Cycle, township: Township | None) -> ResultsList:
    """Every village's total, rank, grade and change in the county or one township (ranked), with
    villages per grade this year and last (the finalised grades) and their chart (four queries)."""
    results = VillageResult.objects.filter(cycle=cycle).select_related("village__township").defer("scores", "subtotals")
    if township is not None:
        results = results.filter(village__township=township).order_by("rank_township", "village__code")
    else:
        results = results.order_by("rank_county", "village__code")
    results = list(results)
    current = assessment_selectors.grade_counts(r.grade for r in results)
    township_rows = charts.township_grades(user, cycle.year)
    if township is not None:
        township_rows = [r for r in township_rows if r.code == township.code]
    _current, previous = charts.county_grades(township_rows)
    chart = charts.grade_chart(cycle.year, current, previous, place=charts.township_place(township))
    return ResultsList(cycle, township, results, current, previous, township_rows, chart,
                       result_rows(cycle, results, township_ranks=township is not None))


def result_rows(cycle: Cycle, results: list[VillageResult], *, township_ranks: bool) -> list[ResultRow]:
    """The lines of the results list (the score sheet's URL resolved once, the grade names once per grade)."""
    sheet_url = url_per_key("documents:score_sheet", cycle.year)
    labels: dict = {}
    changes = {value: force_str(label, strings_only=True)  # get_change_display, its choices read once
               for value, label in VillageResult._meta.get_field("change").flatchoices}

    def label(grade):
        if grade not in labels:
            labels[grade] = grade_label(grade)
        return labels[grade]

    return [ResultRow(r.village.code, r.village.name, r.village.township.name,
                      r.rank_township if township_ranks else r.rank_county, r.total, label(r.grade),
                      label(r.previous_grade), changes.get(r.change, r.change),
                      sheet_url(r.village.code))
            for r in results]
