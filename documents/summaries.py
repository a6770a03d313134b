"""The county summary (全县升级晋档工作汇总) and the township summary: one page and the same
document as an A4 PDF (2–4 pages), built from the owning apps' selectors, no rule recomputed:

- grades this year and last (villages.VillageGrade through documents.charts), per township;
- the transition matrix, 新增一类村 / 新增二类村 (assessment.selectors.county_statistics);
- the ten best and the ten lowest villages (county) or every village (township), from the
  cycle's results (assessment.selectors.result_rows);
- the reward proposals (assessment.selectors.reward_proposals, i.e. assessment/rewards.py; with
  the result rows cached, `results_and_rewards`);
- progress of the targets (targets.progress.year_progress);
- projects and funds with the tilt (projects.selectors.cached_programme_figures; a township's funds
  from its allocations), funds per level and direction (documents.charts.funds_chart);
- the assistance headline figures (summed from the cached roll-up per township,
  documents.charts.township_assistance: assistance.selectors.headline_figures, domain.md §5);
- archive completeness per township or per village (archives.selectors.completeness);
- the demonstration villages (demonstration.selectors.demonstration_villages).

Every read goes through the user's scopes (documents/scope.py decides who reads a summary).
The county PDF takes longer than a request should (bench/printing.py), so both PDFs are
DocumentJobs of kind "summary" (documents/apps.py); the pages render in the request.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as lazy

from assessment import selectors as assessment_selectors
from assessment.models import Cycle, VillageResult
from assistance import selectors as assistance_selectors
from demonstration import selectors as demonstration_selectors
from projects import scope as project_scope
from projects import selectors as project_selectors
from targets import progress as target_progress
from villages import scope as village_scope
from villages.choices import grade_short_label
from villages.models import Township, Village
from xixiang.core import figures
from xixiang.core.documents import Built
from xixiang.core.errors import DomainError

from . import charts, scope
from .official import official_html

KIND = "summary"
BEST = 10
ASSISTANCE_LABELS = {
    "income_cards": lazy("发放增收明白卡（张）"),
    "money": lazy("慰问金（元）"),
    "goods": lazy("物资及资金（元）"),
    "project_funds": lazy("协调项目资金（元）"),
    "trained": lazy("培训人次"),
    "visits": lazy("走访次数"),
}


@dataclass
class Summary:
    year: int
    cycle: Cycle
    township: Township | None
    statistics: dict
    charts: dict[str, charts.Chart]
    best: list[dict]
    lowest: list[dict]
    villages: list[dict]
    rewards: dict
    targets: target_progress.YearProgress
    programme: dict | None
    assistance: list[tuple[str, object]]
    demonstration: list[dict]
    notes: list[str] = field(default_factory=list)

    @property
    def place(self) -> str:
        return charts.township_place(self.township)

    @property
    def title(self) -> str:
        return _("%(place)s %(year)s 年度村级组织升级晋档工作汇总") % {"place": self.place, "year": self.year}

    @property
    def filename(self) -> str:
        return f"升级晋档汇总-{self.township.code if self.township else 'county'}-{self.year}.pdf"

    @property
    def matrix_headers(self) -> list[str]:
        return [_("上年级类 \\ 本年级类")] + [grade_short_label(g) for g in charts.GRADES] + [_("合计")]

    @property
    def township_reward_pairs(self) -> list[tuple]:
        return pairs(self.rewards["township"])

    @property
    def target_pairs(self) -> list[tuple]:
        return pairs(self.targets.townships)

    @property
    def grade_rows(self) -> list[list]:
        """Grades this year against last with the net change (the statistics' figures)."""
        s = self.statistics
        return [[grade_short_label(g), s["previous"][g], s["grades"][g], s["net"][g]] for g in charts.GRADES]


def pairs(rows: list) -> list[tuple]:
    """Rows two to a line (the first half on the left, the second on the right): long township
    lists take half the height on paper."""
    half = (len(rows) + 1) // 2
    return [(rows[i], rows[half + i] if half + i < len(rows) else None) for i in range(half)]


def _rows_with_labels(rows: list[dict]) -> list[dict]:
    return [dict(r, grade_label=grade_short_label(r["grade"]), previous_label=grade_short_label(r["previous_grade"]))
            for r in rows]


def summary(user, year: int, township: Township | None = None) -> Summary:
    """The county summary (`township` None: leader and administrator) or one township's, read
    through `user`'s scopes. A fixed number of queries whatever the county's size."""
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None:
        raise DomainError(_("没有 %(year)s 年度的考核周期") % {"year": year})
    statistics = assessment_selectors.county_statistics(cycle, township)
    grade_rows = charts.township_grades(user, year)
    mine = [r for r in grade_rows if township is None or r.code == township.code]
    current, previous = charts.county_grades(mine)
    built = {"grades": charts.grade_chart(year, current, previous, place=charts.township_place(township))}
    results = cycle.results.all() if township is None else cycle.results.filter(village__township=township)
    plain_rows, proposals = results_and_rewards(cycle, results)
    # the county shows its ten best and ten lowest villages (labelled alone), a township every village
    rows = _rows_with_labels(plain_rows if township is not None or len(plain_rows) <= 2 * BEST
                             else plain_rows[:BEST] + plain_rows[-BEST:])
    villages = village_scope.villages(user)
    assistance_rows = charts.township_assistance(user, year)
    notes = []
    if township is None:
        built["townships"] = charts.township_upgrade_chart(year, grade_rows)
        built["completeness"] = charts.completeness_chart(user, year)
        built["assistance"] = charts.assistance_chart(user, year, rows=assistance_rows)
        programme = project_selectors.cached_programme_figures(year)
        demonstration = demonstration_selectors.demonstration_villages(year)
    else:
        built["completeness"] = charts.village_completeness_chart(user, year, township)
        assistance_rows = [r for r in assistance_rows if r["township_id"] == township.pk]
        proposals = _township_rewards(proposals, township)
        allocations = project_scope.allocations(user).filter(township=township)
        programme = {"funds": project_selectors.funds_report(year, "level", allocations)}
        demonstration = [d for d in demonstration_selectors.demonstration_villages(year)
                         if d["code"].startswith(township.code)]
        notes.append(_("资金向当年升级晋档村倾斜的比例为全县口径，见全县汇总。"))
    built["funds"] = charts.funds_chart(user, year, township)
    targets = target_progress.year_progress(year, villages, township=township, with_coverage=False)
    headline = assistance_selectors.figures_total(assistance_rows)  # = headline_figures of the records
    return Summary(
        year=year, cycle=cycle, township=township, statistics=statistics, charts=built,
        best=rows[:BEST] if township is None else [], lowest=rows[-BEST:] if township is None else [],
        villages=rows if township is not None else [], rewards=proposals, targets=targets, programme=programme,
        assistance=[(str(label), headline[key]) for key, label in ASSISTANCE_LABELS.items()],
        demonstration=demonstration, notes=notes,
    )


#: What the results' rows and the reward proposals read (every model is bumped on its writes:
#: targets/apps.py, households/apps.py, and assessment.services.engine for the bulk paths).
RESULT_MODELS = (VillageResult, Village, Township, Cycle)


def results_and_rewards(cycle: Cycle, results) -> tuple[list[dict], dict]:
    """(assessment.selectors.result_rows(results), reward_proposals(cycle)), cached
    (xixiang.core.figures) under the results' SQL, the cycle and the language (the ties' key names)
    until a result, village, township or cycle changes: both read every result's scores, twice
    the slowest part of the county summary. One query when stored."""
    key = f"{figures.query_key(results)}|{cycle.pk}|{translation.get_language()}"
    return figures.cached("documents-summary-results", key, RESULT_MODELS,
                          lambda: (assessment_selectors.result_rows(results),
                                   assessment_selectors.reward_proposals(cycle)))


def _township_rewards(proposals: dict, township: Township) -> dict:
    """The reward lists restricted to the township's villages (county list) and its own first place."""
    county = [r for r in proposals["county"] if r["township_id"] == township.pk]
    mine = [r for r in proposals["township"] if r["township_id"] == township.pk]
    codes = {r["code"] for r in county + mine}
    return {**proposals, "county": county, "township": mine,
            "county_ties": [t for t in proposals["county_ties"] if set(t["codes"]) & codes],
            "township_ties": [t for t in proposals["township_ties"] if set(t["codes"]) & codes]}


# --- the background job ("summary") ------------------------------------------------------


def summary_job(year: int, township: Township | None) -> dict:
    """The document job of a summary: its kind, parameters, title and file name."""
    place = charts.township_place(township)
    return {"kind": KIND, "params": {"year": year, "township": township.code if township else ""},
            "title": _("%(place)s %(year)s 年度升级晋档工作汇总（PDF）") % {"place": place, "year": year},
            "filename": f"升级晋档汇总-{township.code if township else 'county'}-{year}.pdf"}


def _township_of(user, params: dict) -> Township | None:
    """The township of a job's parameters within `user`'s scope (None: the county)."""
    if not params.get("township"):
        return None
    return scope.document_townships(user).filter(code=params["township"]).first()


def job_allowed(user, params: dict) -> bool:
    return scope.can_read_place_documents(user, params.get("township") or "")


def job_build(user, params: dict) -> Built:
    if not job_allowed(user, params):
        raise DomainError(_("该汇总不在您的管辖范围内"))
    doc = summary(user, int(params["year"]), _township_of(user, params))
    return Built(summary_html(doc), len(doc.villages) or doc.statistics["villages"])


def job_count_text(count: int) -> str:
    return _("%(n)s 个村") % {"n": count}


def summary_html(doc: Summary) -> str:
    return official_html("documents/summary_pdf.html", {"doc": doc})
