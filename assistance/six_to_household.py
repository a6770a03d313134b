"""六到户 (domain.md §3): the six items every household should have. Pure, no models.

survey (调查到户), graded record (建档到户), pairing (结对到户), income target (目标到户),
responsible leader (责任到户), assessment and reward (考核到户).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SixItem:
    key: str
    label: str
    done: bool
    detail: str


def six_to_household(
    *,
    surveyed_year: int | None,
    category_label: str,
    cadre_names: list[str],
    plan_year: int | None,
    target_income: Decimal | None,
    leader_names: list[str],
    result_income: Decimal | None,
    result_note: str = "",
    result_year: int | None = None,
    result_target: Decimal | None = None,
) -> list[SixItem]:
    """The six items, each done or not, with a short detail to show.

    The assessment item is the latest year-end result (`result_*`, from the latest plan that
    has one), compared with that year's target (`result_target`, default `target_income`).
    """
    result_target = target_income if result_target is None else result_target
    reached = None if result_income is None or result_target is None else result_income >= result_target
    result_detail = ""
    if result_income is not None:
        values = {"year": result_year, "amount": f"{result_income:,.2f}",
                  "verdict": str(_("达到目标")) if reached else str(_("未达目标"))}
        if result_year:
            result_detail = str(_("%(year)s 年 %(amount)s 元，%(verdict)s")) % values
        else:
            result_detail = str(_("%(amount)s 元，%(verdict)s")) % values
        note = _note_beyond_verdict(result_note)
        if note:
            result_detail += str(_("（%(note)s）")) % {"note": note}
    return [
        SixItem(
            "survey",
            str(_("调查到户")),
            surveyed_year is not None,
            str(_("%(year)s 年收入已调查")) % {"year": surveyed_year} if surveyed_year else "",
        ),
        SixItem("record", str(_("建档到户")), bool(category_label), category_label),
        SixItem("pairing", str(_("结对到户")), bool(cadre_names), "、".join(cadre_names)),
        SixItem(
            "target",
            str(_("目标到户")),
            target_income is not None,
            str(_("%(year)s 年目标人均纯收入 %(amount)s 元")) % {"year": plan_year, "amount": f"{target_income:,.2f}"}
            if target_income is not None
            else "",
        ),
        SixItem("leader", str(_("责任到户")), bool(leader_names), "、".join(leader_names)),
        SixItem("assessment", str(_("考核到户")), result_income is not None, result_detail),
    ]


VERDICT_WORDS = ("达到目标", "未达目标", "未达到目标")
_AFTER_VERDICT = "，,、；;。. "


def _note_beyond_verdict(note: str) -> str:
    """The year-end note without the verdict the detail already states: cadres often write
    "达到目标" or "未达目标，继续帮扶" there, which would read "达到目标（达到目标）" (and, in English,
    "target reached（达到目标）")."""
    note = note.strip()
    for word in VERDICT_WORDS:
        if note.startswith(word):
            return note[len(word):].lstrip(_AFTER_VERDICT)
    return note


def distribute(total: Decimal, weights: list[float], *, places: Decimal = Decimal("1")) -> list[Decimal]:
    """Split `total` into parts proportional to `weights`, rounded to `places`, summing exactly."""
    if not weights:
        return []
    weight_sum = sum(weights) or 1.0
    parts = [(total * Decimal(str(w / weight_sum))).quantize(places) for w in weights]
    parts[-1] += total - sum(parts)
    if parts[-1] < 0:  # rounding pushed the last part below zero: take it from the largest
        largest = max(range(len(parts) - 1), key=parts.__getitem__)
        parts[largest] += parts[-1]
        parts[-1] = Decimal("0")
    return parts
