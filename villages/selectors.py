"""Grade figures of the hierarchy: the latest graded year, villages per grade."""

from django.db.models import Count, Max, QuerySet

from .models import VillageGrade


def latest_grade_year() -> int | None:
    return VillageGrade.objects.aggregate(year=Max("year"))["year"]


def grade_counts(villages: QuerySet, year: int | None) -> dict[int, int]:
    """Villages per grade (1–4) in `year` among `villages`; zero where none."""
    counts = {grade: 0 for grade in (1, 2, 3, 4)}
    if year is None:
        return counts
    rows = (
        VillageGrade.objects.filter(year=year, village__in=villages)
        .values("grade").annotate(n=Count("id")).order_by()
    )
    counts.update({row["grade"]: row["n"] for row in rows})
    return counts


def village_grades(village_ids, year: int | None) -> dict[int, int]:
    """village id → grade in `year`, for a page of villages (one query)."""
    if year is None:
        return {}
    return dict(
        VillageGrade.objects.filter(year=year, village_id__in=village_ids).values_list("village_id", "grade")
    )
