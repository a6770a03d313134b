"""The figures behind the charts of the documents and the county overview, and the charts
themselves (SVG by xixiang.lib.svg_charts): each chart comes with the rows of its table.

- grades this year against last, for the county or one township (villages.VillageGrade:
  the grades as finalised; 2008 is the baseline);
- grades per township (the table of every township × grade × both years);
- archive completeness per township (archives.selectors.completeness);
- assistance per township (assistance.selectors.rollup, one figure chosen).

- funds per investment direction and level (projects.selectors.funds_by_level_and_direction);
- archive completeness per village of one township (the township summary).

Every function takes the user and reads through their scopes: a few queries, whatever the data.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archives import selectors as archive_selectors
from assistance import scope as assistance_scope
from assistance import selectors as assistance_selectors
from projects import scope as project_scope
from projects import selectors as project_selectors
from villages import scope as village_scope
from villages.choices import grade_label
from villages.models import Township, VillageGrade
from xixiang.lib.svg_charts import Series, bar_chart

GRADES = (1, 2, 3, 4)


@dataclass
class Chart:
    """A chart and the table behind it: `headers` and `rows` (the first cell a label, maybe a link)."""

    key: str
    title: str
    svg: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def table(self) -> list[tuple[str, list]]:
        """(link or "", row) for each row of the table (the total row has no link)."""
        return [(self.links[i] if i < len(self.links) else "", row) for i, row in enumerate(self.rows)]


@dataclass
class TownshipGrades:
    code: str
    name: str
    current: dict[int, int]
    previous: dict[int, int]

    @property
    def villages(self) -> int:
        return sum(self.current.values())


def township_grades(user, year: int) -> list[TownshipGrades]:
    """Villages per grade this year and last, per township of the user's scope (two queries)."""
    townships = list(village_scope.townships(user).order_by("code").values_list("id", "code", "name"))
    counts: dict[tuple[int, int, int], int] = {}
    for row in (
        VillageGrade.objects.filter(year__in=[year - 1, year], village__in=village_scope.villages(user))
        .values_list("village__township_id", "year", "grade")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row[:3]] = row[3]
    return [
        TownshipGrades(
            code,
            name,
            {g: counts.get((pk, year, g), 0) for g in GRADES},
            {g: counts.get((pk, year - 1, g), 0) for g in GRADES},
        )
        for pk, code, name in townships
    ]


def county_grades(rows: list[TownshipGrades]) -> tuple[dict[int, int], dict[int, int]]:
    """(this year, last year) villages per grade, added up over the township rows."""
    return (
        {g: sum(r.current[g] for r in rows) for g in GRADES},
        {g: sum(r.previous[g] for r in rows) for g in GRADES},
    )


def grade_chart(year: int, current: dict[int, int], previous: dict[int, int], *, place: str,
                link: str = "") -> Chart:
    """Villages per grade, last year beside this year (for the county or one township)."""
    title = _("%(place)s各级类村数：%(year)s 年与 %(last)s 年") % {"place": place, "year": year, "last": year - 1}
    labels = [grade_label(g) for g in GRADES]
    svg = bar_chart(
        title=title,
        labels=labels,
        series=[
            Series(_("%(year)s 年") % {"year": year - 1}, [previous[g] for g in GRADES], [link] * 4 if link else []),
            Series(_("%(year)s 年") % {"year": year}, [current[g] for g in GRADES], [link] * 4 if link else []),
        ],
    )
    rows = [[labels[i], previous[g], current[g], current[g] - previous[g]] for i, g in enumerate(GRADES)]
    before, now = sum(previous.values()), sum(current.values())
    rows.append([_("合计"), before, now, now - before])
    headers = [_("级类"), _("%(year)s 年") % {"year": year - 1}, _("%(year)s 年") % {"year": year}, _("增减")]
    return Chart("grades", title, svg, headers, rows)


def township_grade_table(year: int, rows: list[TownshipGrades]) -> tuple[list[str], list[list]]:
    """Headers and rows: every township, villages per grade this year (last year in brackets)."""
    headers = [_("乡镇"), _("村数")] + [grade_label(g) for g in GRADES] + [_("一、二类村增加")]
    table = [
        [r.name, r.villages]
        + [f"{r.current[g]}（{r.previous[g]}）" for g in GRADES]
        + [(r.current[1] + r.current[2]) - (r.previous[1] + r.previous[2])]
        for r in rows
    ]
    return headers, table


def township_upgrade_chart(year: int, rows: list[TownshipGrades], *, link_for=None) -> Chart:
    """Per township: villages in grades 1–2 last year and this year."""
    title = _("各乡镇一、二类村数：%(year)s 年与 %(last)s 年") % {"year": year, "last": year - 1}
    links = [link_for(r.code) for r in rows] if link_for else []
    svg = bar_chart(
        title=title,
        labels=[r.name for r in rows],
        series=[
            Series(_("%(year)s 年") % {"year": year - 1}, [r.previous[1] + r.previous[2] for r in rows], links),
            Series(_("%(year)s 年") % {"year": year}, [r.current[1] + r.current[2] for r in rows], links),
        ],
        horizontal=True,
    )
    headers, table = township_grade_table(year, rows)
    return Chart("township-grades", title, svg, headers, table, links)


def completeness_chart(user, year: int) -> Chart:
    """Archive completeness (share of village × category cells with a record) per township (the cached matrix)."""
    matrix = archive_selectors.cached_completeness(user, year)
    title = _("%(year)s 年各乡镇档案完整率（%%）") % {"year": year}
    url = reverse("archives:completeness")
    links = [f"{url}?year={year}&township={s.code}" for s in matrix.townships]
    svg = bar_chart(
        title=title,
        labels=[s.name for s in matrix.townships],
        series=[Series(_("完整率"), [s.rate or 0 for s in matrix.townships], links)],
        horizontal=True,
        unit="%",
    )
    headers = [_("乡镇"), _("村数"), _("档案齐全的村"), _("有档案的类别"), _("应有类别"), _("完整率")]
    rows = [[s.name, s.villages, s.complete_villages, s.present, s.cells, _rate(s.rate)] for s in matrix.townships]
    total = matrix.total
    rows.append([_("合计"), total.villages, total.complete_villages, total.present, total.cells, _rate(total.rate)])
    return Chart("completeness", title, svg, headers, rows, links)


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


ASSISTANCE_FIGURES = {  # lazy: read in the request's language, not in the one of the import
    "project_funds": gettext_lazy("协调项目资金（元）"),
    "money": gettext_lazy("慰问金（元）"),
    "visits": gettext_lazy("走访次数"),
    "trained": gettext_lazy("培训人次"),
}


def township_assistance(user, year: int | None) -> list[dict]:
    """The headline figures per township of the records the user reads (of `year` when given):
    assistance.selectors.cached_rollup, the dashboard's cached roll-up (until an assistance record
    or a township changes; it aggregates every record of the county: the slowest read of the
    charts and the summary). One query when stored, two else."""
    records = assistance_selectors.records_of_year(assistance_scope.records(user), year)
    return assistance_selectors.cached_rollup(records, "township")


def assistance_chart(user, year: int | None, figure: str = "project_funds", rows: list[dict] | None = None) -> Chart:
    """One assistance figure per township, with every headline figure in the table (`rows`:
    township_assistance already read)."""
    rows = township_assistance(user, year) if rows is None else rows
    label = str(ASSISTANCE_FIGURES[figure])
    if year:
        title = _("%(year)s 年各乡镇帮扶情况：%(figure)s") % {"year": year, "figure": label}
    else:
        title = _("各乡镇帮扶情况：%(figure)s") % {"figure": label}
    url = reverse("assistance:record_list")
    kind = assistance_selectors.FIGURE_KINDS[figure]
    year_query = f"&year={year}" if year else ""
    links = [f"{url}?township={r['township__code']}&kind={kind}{year_query}" for r in rows]
    svg = bar_chart(
        title=title,
        labels=[r["township__name"] for r in rows],
        series=[Series(label, [r[figure] or 0 for r in rows], links)],
        horizontal=True,
    )
    headers = [_("乡镇")] + [str(v) for v in ASSISTANCE_FIGURES.values()]
    table = [[r["township__name"]] + [r[key] or 0 for key in ASSISTANCE_FIGURES] for r in rows]
    return Chart("assistance", title, svg, headers, table, links)


def township_place(township: Township | None) -> str:
    return township.name if township is not None else _("全县")


def village_completeness_chart(user, year: int, township: Township) -> Chart:
    """Archive completeness per village of one township (the cached matrix)."""
    matrix = archive_selectors.cached_completeness(user, year, township)
    title = _("%(year)s 年%(place)s各村档案完整率（%%）") % {"year": year, "place": township.name}
    url = reverse("archives:completeness")
    links = [f"{url}?year={year}&township={township.code}" for _row in matrix.rows]
    svg = bar_chart(
        title=title,
        labels=[row.village.name for row in matrix.rows],
        series=[Series(_("完整率"), [row.rate or 0 for row in matrix.rows], links)],
        horizontal=True,
        unit="%",
    )
    headers = [_("村"), _("有档案的类别"), _("缺少的类别"), _("完整率")]
    rows = [[row.village.name, row.present, row.missing, _rate(row.rate)] for row in matrix.rows]
    total = matrix.total
    rows.append([_("合计"), total.present, total.cells - total.present, _rate(total.rate)])
    return Chart("village-completeness", title, svg, headers, rows, links)


def funds_chart(user, year: int, township: Township | None = None) -> Chart:
    """The year's funds per investment direction, one bar per level (中央、省、市、县), of the
    allocations the user reads (of one township when given): one query."""
    allocations = project_scope.allocations(user)
    if township is not None:
        allocations = allocations.filter(township=township)
    report = project_selectors.funds_by_level_and_direction(year, allocations)
    title = _("%(year)s 年%(place)s各层级、各投资方向资金（万元）") % {"year": year, "place": township_place(township)}
    labels = [r["direction"] for r in report["rows"]]
    url = reverse("projects:funds_report")
    links = [f"{url}?year={year}&by=level"] * len(labels)
    svg = bar_chart(
        title=title,
        labels=labels or [_("无")],
        series=[
            Series(label, [_wan(r["amounts"][i]) for r in report["rows"]] or [0], links)
            for i, (_key, label) in enumerate(report["levels"])
        ],
        horizontal=True,
    )
    headers = [_("投资方向（元）")] + [label for _key, label in report["levels"]] + [_("合计")]
    rows = [[r["direction"]] + [_yuan(a) for a in r["amounts"]] + [_yuan(r["amount"])] for r in report["rows"]]
    rows.append([_("合计")] + [_yuan(a) for a in report["total"]["amounts"]] + [_yuan(report["total"]["amount"])])
    return Chart("funds", title, svg, headers, rows, links)


def _wan(amount):
    """Yuan as 万元 with one decimal (the chart's unit)."""
    return round(float(amount) / 10000, 1)


def _yuan(amount) -> str:
    return f"{amount:,.0f}"
