"""The plan's rules as pure functions: plain values in, a value or a Chinese message out.

Grades run 1 (best) to 4; a smaller number is a better grade (domain.md §6, §7).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

GRADES = (1, 2, 3, 4)


def baseline_grade(year: int, grades: dict[int, int], targets: dict[int, int]) -> int | None:
    """The grade a village starts `year` from: its grade of the year before when that year has
    one (a finalised cycle or the baseline survey), else the target it had for that year (a plan
    year not yet assessed), going back year by year; None when nothing is known."""
    earlier = [y for y in (*grades, *targets) if y < year]
    for y in range(year - 1, min(earlier, default=year) - 1, -1):
        if y in grades:
            return grades[y]
        if y in targets:
            return targets[y]
    return None


def is_upgrade(target: int | None, baseline: int | None) -> bool:
    """Whether a target plans an upgrade: better (smaller) than the grade the village starts from."""
    return target is not None and baseline is not None and target < baseline


def is_reached(target: int | None, grade: int | None) -> bool | None:
    """Whether a year's target is reached: its finalised grade at least as good; None while the
    year has no finalised grade."""
    if target is None or grade is None:
        return None
    return grade <= target


def share(part: int, whole: int) -> float | None:
    """part / whole as a fraction 0–1 rounded to 4 places; None when whole is 0."""
    return round(part / whole, 4) if whole else None


def percent(fraction: float | None) -> int:
    """A fraction as a whole percent for progress bars (0 when unknown)."""
    return round(fraction * 100) if fraction is not None else 0


def grade_threshold(grade: int, thresholds) -> Decimal | None:
    """The lowest total that earns `grade` under `thresholds` (grade1_min, grade2_min,
    grade3_min); None for grade 4, which every total earns."""
    return {1: thresholds.grade1_min, 2: thresholds.grade2_min, 3: thresholds.grade3_min}.get(grade)


def is_at_risk(total: Decimal | None, target: int | None, thresholds) -> bool:
    """A target of the open cycle is at risk when the provisional total lies below the target
    grade's threshold (unknown totals and grade-4 targets are never flagged)."""
    if total is None or target is None:
        return False
    threshold = grade_threshold(target, thresholds)
    return threshold is not None and total < threshold


def target_problem(target, *, year: int, plan_years: list[int], current_grade: int | None,
                   earlier_target: int | None = None) -> str | None:
    """Why a village's target for `year` is refused, or None.

    A target is a grade 1–4, for a year of the plan, not worse than the village's current grade
    (its latest grade before that year) nor than the target it has for an earlier year."""
    if year not in plan_years:
        return _("年度 %(year)s 不在规划期内（%(first)s–%(last)s 年）") % {
            "year": year, "first": plan_years[0], "last": plan_years[-1]}
    if target is None:
        return None
    if isinstance(target, bool) or not isinstance(target, int) or target not in GRADES:
        return _("%(year)s 年目标级类必须是 1 到 4 的整数，而不是“%(value)s”") % {"year": year, "value": target}
    if current_grade is not None and target > current_grade:
        return _("%(year)s 年目标级类 %(target)s 低于该村现有级类 %(current)s（1 类最好）") % {
            "year": year, "target": target, "current": current_grade}
    if earlier_target is not None and target > earlier_target:
        return _("%(year)s 年目标级类 %(target)s 低于上一年度的目标级类 %(earlier)s") % {
            "year": year, "target": target, "earlier": earlier_target}
    return None


def parse_grade(raw) -> int | None | str:
    """A target grade cell as typed (1, 1.0, '2', ' 3 ', '一'… blank): the int, None when blank, or
    the raw text when it is no grade at all (the caller reports it)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        return raw
    text = str(raw).strip().translate(str.maketrans("１２３４", "1234"))
    text = text.removesuffix("类")
    text = {"一": "1", "二": "2", "三": "3", "四": "4"}.get(text, text)
    if not text:
        return None
    return int(text) if text.isdigit() else str(raw)
