"""Public notices (公示) of a year's results and reward lists: what a notice posts.

domain.md §10: village-level figures only — village, township, total, grade, change, reward — and
the office's name and phone; never an ID number, a household's phone or income. The rows are
built from plain village-level columns (assessment.selectors.result_rows / reward_proposals), so
nothing personal is read at all. The notice records its publication date and posting period.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessment import selectors as assessment_selectors
from assessment.choices import GradeChange
from assessment.models import Cycle

from .charts import township_place
from .models import PublicNotice
from .models.notices import NoticeKind

#: The only columns a notice prints (a test checks that no other key reaches the template).
RESULT_COLUMNS = ("code", "village", "township", "total", "grade", "previous_grade", "change")
REWARD_COLUMNS = ("code", "village", "township", "total", "grade", "change", "amount")


@dataclass
class NoticeContent:
    notice: PublicNotice
    cycle: Cycle
    rows: list[dict]
    county_rewards: list[dict]
    township_rewards: list[dict]

    @property
    def title(self) -> str:
        place = township_place(self.notice.township)
        values = {"place": place, "year": self.cycle.year}
        if self.notice.kind == NoticeKind.REWARDS:
            return _("关于%(place)s %(year)s 年度升级晋档奖励名单的公示") % values
        return _("关于%(place)s %(year)s 年度村级组织升级晋档考核结果的公示") % values

    @property
    def filename(self) -> str:
        return f"公示-{self.notice.kind}-{self.cycle.year}-{self.notice.pk}.pdf"


def _only(row: dict, columns) -> dict:
    return {key: row.get(key) for key in columns}


def _change_labels() -> dict:
    return {c.value: str(c.label) for c in GradeChange}


def notice_content(notice: PublicNotice, cycle: Cycle) -> NoticeContent:
    """The rows a notice posts (one query for results; two for rewards)."""
    results = cycle.results.all()
    if notice.township_id:
        results = results.filter(village__township_id=notice.township_id)
    labels = _change_labels()
    if notice.kind == NoticeKind.RESULTS:
        rows = [
            _only(dict(r, change=labels.get(r["change"], r["change"])), RESULT_COLUMNS)
            for r in assessment_selectors.result_rows(results)
        ]
        return NoticeContent(notice, cycle, rows, [], [])
    proposals = assessment_selectors.reward_proposals(cycle)
    county = [dict(r, amount=cycle.county_reward_amount) for r in proposals["county"]]
    township = [dict(r, amount=cycle.township_reward_amount) for r in proposals["township"]]
    if notice.township_id:
        county = [r for r in county if r["township_id"] == notice.township_id]
        township = [r for r in township if r["township_id"] == notice.township_id]
    return NoticeContent(
        notice,
        cycle,
        [],
        [_only(dict(r, change=labels.get(r["change"], r["change"])), REWARD_COLUMNS) for r in county],
        [_only(dict(r, change=labels.get(r["change"], r["change"])), REWARD_COLUMNS) for r in township],
    )
