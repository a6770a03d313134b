"""The assessment's xlsx exports (xixiang.core.exports): the county results table, a village's
score sheet, the county statistics, the reward proposals and a department's score grid.

Each gets from its view what the page shows: the scoped, filtered results, or a selector's
rows (assessment.selectors)."""

from xixiang.core.exports import Export
from xixiang.lib.excel import Sheet

from .choices import Dimension, GradeChange
from .selectors import GRADE_NAMES, GRADES

DIMENSIONS = [d.value for d in Dimension]


class ResultsExport(Export):
    """The results table with the list's filters; `results` comes from assessment.scope.results."""

    default_stem = "results"

    def __init__(self, cycle, results):
        self.cycle, self.results = cycle, results
        self.filename = f"{cycle.year}年度考核结果.xlsx"

    def sheets(self):
        rows = self.results.select_related("village__township").order_by("rank_county", "village__code")
        header = [
            "全县排名",
            "乡镇",
            "村编码",
            "行政村",
            "总分",
            *[str(d.label) for d in Dimension],
            "乡镇内排名",
            "级类",
            "上年级类",
            "升降",
        ]
        yield Sheet(
            f"{self.cycle.year}考核结果",
            header,
            (
                [
                    r.rank_county,
                    r.village.township.name,
                    r.village.code,
                    r.village.name,
                    r.total,
                    *[r.subtotals.get(d, "0") for d in DIMENSIONS],
                    r.rank_township,
                    r.grade,
                    r.previous_grade,
                    str(GradeChange(r.change).label),
                ]
                for r in rows.iterator()
            ),
            widths=[8, 10, 15, 12, 8, 8, 8, 8, 8, 8, 10, 6, 8, 12],
        )


class ScoreSheetExport(Export):
    """One village's score sheet (`rows` from selectors.score_sheet)."""

    def __init__(self, cycle, village, result, rows):
        self.cycle, self.village, self.result, self.rows = cycle, village, result, rows
        self.filename = f"{cycle.year}年度考核评分表_{village.name}.xlsx"
        self.default_stem = f"score-sheet-{village.code}"

    def sheets(self):
        village, result, year = self.village, self.result, self.cycle.year
        header = [
            "编号",
            "维度",
            "指标",
            "满分",
            "计分方法",
            "填报/计算值",
            "原始得分",
            "最终得分",
            "填报人",
            "调整人",
            "调整理由",
        ]
        title = f"{village.township.name}{village.name} {year} 年度考核评分表：总分 {result.total if result else '—'}"
        yield Sheet(
            f"{village.name}评分表",
            header,
            (
                [
                    r.indicator.code,
                    r.indicator.get_dimension_display(),
                    r.indicator.name,
                    r.indicator.max_points,
                    r.indicator.method_label,
                    r.value,
                    r.original,
                    r.final,
                    str(r.entered_by or ""),
                    str(r.adjustment.adjusted_by or "") if r.adjustment else "",
                    r.adjustment.reason if r.adjustment else "",
                ]
                for r in self.rows
            ),
            widths=[6, 10, 22, 6, 20, 12, 10, 10, 16, 16, 30],
            title_rows=[title],
        )


class StatisticsExport(Export):
    """The county statistics page (`summary` from selectors.county_statistics): villages per grade
    this year and last with the net change, 新增一类村 / 新增二类村, the transition matrix and the
    grades per township."""

    default_stem = "statistics"

    def __init__(self, cycle, summary):
        self.cycle, self.summary = cycle, summary
        self.filename = f"{cycle.year}年度全县级类统计.xlsx"

    def sheets(self):
        year, summary = self.cycle.year, self.summary
        grades, previous, net = summary["grades"], summary["previous"], summary["net"]
        names = [str(GRADE_NAMES[g]) for g in GRADES]
        rows = [[str(GRADE_NAMES[g]), grades[g], previous[g], net[g]] for g in GRADES]
        rows += [
            ["新增一类村（今年一类、上年非一类）", summary["new_grade_1"], "", net[1]],
            ["新增二类村（今年二类、上年三类或四类）", summary["new_grade_2"], "", net[2]],
        ]
        yield Sheet(f"{year}全县统计", ["级类", f"{year} 年", f"{year - 1} 年", "净增减"], rows, widths=[36, 10, 10, 8])
        yield Sheet(
            "级类变动",
            [f"{year - 1} 年 ＼ {year} 年", *names, "合计"],
            [[str(name), *counts, total] for name, counts, total in summary["matrix"]],
            widths=[16, 10, 10, 10, 10, 8],
        )
        yield Sheet(
            "各乡镇级类",
            ["乡镇", *[f"{year} 年{n}" for n in names], *[f"{year - 1} 年{n}" for n in names]],
            [[t.name, *now, *before] for t, now, before in summary["townships"]],
            widths=[12] + [12] * 8,
        )


class RewardsExport(Export):
    """The county and township reward lists (`proposals` from selectors.reward_proposals), and the
    ties their tie-break decided."""

    default_stem = "rewards"

    def __init__(self, cycle, proposals):
        self.cycle, self.proposals = cycle, proposals
        self.filename = f"{cycle.year}年度奖励建议名单.xlsx"

    def sheets(self):
        cycle, proposals = self.cycle, self.proposals
        header = ["奖励", "排序", "乡镇", "村编码", "行政村", "总分", "级类", "上年级类", "金额（元）"]
        lists = [("县级奖励", proposals["county"], cycle.county_reward_amount)]
        lists.append(("乡镇奖励", proposals["township"], cycle.township_reward_amount))
        rows = [
            [kind, r["reward_rank"], r["township"], r["code"], r["village"], r["total"], r["grade"],
             r["previous_grade"], amount]
            for kind, chosen, amount in lists
            for r in chosen
        ]
        yield Sheet(f"{cycle.year}奖励建议", header, rows, widths=[10, 6, 10, 15, 12, 8, 6, 8, 12])
        ties = [("县级奖励", t) for t in proposals["county_ties"]]
        ties += [("乡镇奖励", t) for t in proposals["township_ties"]]
        yield Sheet(
            "同分处理",
            ["奖励", "同分村（排前）", "同分村（排后）", "总分", "区分依据", "决定是否入选"],
            [
                [kind, f"{t['names'][0]}（{t['codes'][0]}）", f"{t['names'][1]}（{t['codes'][1]}）", t["total"],
                 str(t["key_name"]), "是" if t["at_cut"] else "否"]
                for kind, t in ties
            ],
            widths=[10, 24, 24, 8, 24, 12],
        )


def _column_label(indicator) -> str:
    unit = f"（{indicator.unit}）" if indicator.unit else f"（0–{indicator.max_points.normalize():f} 分）"
    return f"{indicator.code} {indicator.name}{unit}"


class GridExport(Export):
    """A department's score grid to fill in and upload again: its entered (not computed)
    indicators × the villages it scores (`rows` from selectors.grid_rows)."""

    default_stem = "score-grid"

    def __init__(self, cycle, department, indicators, rows):
        self.cycle, self.indicators, self.rows = cycle, indicators, rows
        self.filename = f"{cycle.year}年度考核评分表_{department.name if department else ''}.xlsx"

    def sheets(self):
        header = ["村编码", "乡镇", "行政村"] + [_column_label(i) for i in self.indicators]
        yield Sheet(
            f"{self.cycle.year}评分表",
            header,
            (
                [r.village.code, r.village.township.name, r.village.name] + [v for _i, v, _version in r.cells]
                for r in self.rows
            ),
            widths=[15, 10, 12] + [18] * len(self.indicators),
        )


class SurveyReportExport(Export):
    """The survey against the registry (assessment.selectors.survey_report), as the page shows it."""

    default_stem = "survey-report"

    def __init__(self, cycle, rows):
        self.cycle, self.rows = cycle, rows
        self.filename = f"{cycle.year}年度抽样调查与台账比对.xlsx"

    def sheets(self):
        header = ["乡镇", "村编码", "行政村", "调查户数", "调查人均纯收入", "标准误", "样本户台账人均纯收入",
                  "全村台账人均纯收入", "差额", "超过3倍标准误"]
        flag = {True: "是", False: "否", None: ""}
        yield Sheet(
            f"{self.cycle.year}数据比对",
            header,
            (
                [r.village.township.name, r.village.code, r.village.name, r.n, r.estimate, r.standard_error,
                 r.registry_sampled, r.registry_village, r.difference, flag[r.flagged]]
                for r in self.rows
            ),
            widths=[10, 15, 12, 8, 12, 8, 14, 14, 10, 10],
        )
