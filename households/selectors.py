"""Reads shared by household views, exports and services."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import translation
from django.utils.translation import gettext

from xixiang.core import figures
from xixiang.lib.id_numbers import InvalidIdNumber, normalise_id_number

from . import categories
from .choices import Category
from .models import CategoryThresholds, Household, IncomeRecord, Member


def thresholds_for_year(year: int) -> categories.Thresholds:
    """The category thresholds in force for `year`: the latest row not after it, else defaults."""
    row = CategoryThresholds.objects.filter(year__lte=year).order_by("-year").first()
    return row.as_thresholds() if row else categories.Thresholds()


def import_batch_reasons(batch_id: int) -> list[str]:
    """The history reason a roster import writes for batch `batch_id` ("导入批次 #12"), in every
    language of the site: it is written in the language of the importing user."""
    reasons = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reasons.add(gettext("导入批次 #%(id)s") % {"id": batch_id})
    return sorted(reasons)


def households_of_import_batch(queryset: QuerySet[Household], batch_id: int) -> QuerySet[Household]:
    """The households of `queryset` that import batch `batch_id` created or changed: those with a
    history row of that batch for themselves, one of their income records or one of their members."""
    reasons = import_batch_reasons(batch_id)
    return queryset.filter(
        Q(pk__in=Household.history.filter(history_change_reason__in=reasons).values("id"))
        | Q(pk__in=IncomeRecord.history.filter(history_change_reason__in=reasons).values("household_id"))
        | Q(pk__in=Member.history.filter(history_change_reason__in=reasons).values("household_id"))
    )


def roster_group_codes(groups) -> list[tuple[str, str, str, str, str]]:
    """(township, village code, village, group code, group) of `groups` (a scoped Group
    queryset), by code: the roster template's sheet 村组编码."""
    return list(
        groups.order_by("code").values_list(
            "village__township__name", "village__code", "village__name", "code", "name"
        )
    )


def household_search(queryset: QuerySet[Household], text: str) -> QuerySet[Household]:
    """Search by household number (prefix), ID number (head or member, exact) or head's name.

    The kind of search follows the shape of the text so that each one can use an index:
    digits → number prefix (B-tree); an ID number → exact match; anything else → the head's
    name (trigram index on PostgreSQL).
    """
    text = text.strip()
    if not text:
        return queryset
    if len(text) == 18 or (len(text) > 17 and not text.isdigit()):
        try:
            number = normalise_id_number(text)
        except InvalidIdNumber:
            return queryset.none()
        # Resolve the member match first: OR-ing an EXISTS would scan the household table.
        member_households = list(
            Member.objects.filter(id_number=number).values_list("household_id", flat=True)
        )
        return queryset.filter(Q(head_id_number=number) | Q(pk__in=member_households))
    if text.isdigit():
        return queryset.filter(number__startswith=text)
    return queryset.filter(head_name__contains=text)


def income_records_with_category(household: Household) -> list:
    """The household's income records, newest first, each with the category its year gives.

    Thresholds are read once (one query), not per record.
    """
    from .models import IncomeRecord

    records = list(IncomeRecord.objects.filter(household=household).order_by("-year"))
    rows = list(CategoryThresholds.objects.order_by("year"))
    labels = dict(Category.choices)
    for record in records:
        applicable = [row for row in rows if row.year <= record.year]
        thresholds = applicable[-1].as_thresholds() if applicable else categories.Thresholds()
        code = household.category_for(record.per_capita_net_income, thresholds)
        record.year_category = labels[code]
    return records


def _category_figures(households: QuerySet[Household]) -> dict[str, tuple[int, int]]:
    """category → (households, people) among `households`: one scan of the households (~60 ms
    for the county's 97,005), cached (xixiang.core.figures) until a household changes."""
    rows = households.values_list("category").annotate(n=Count("id"), people=Sum("resident_count")).order_by()
    return figures.cached("category-figures", figures.query_key(rows), [Household],
                          lambda: {code: (n, people or 0) for code, n, people in rows})


def _counts(figures_by_category: dict[str, tuple[int, int]]) -> list[tuple[str, str, int]]:
    return [(code, label, figures_by_category.get(code, (0, 0))[0]) for code, label in Category.choices]


def _totals(figures_by_category: dict[str, tuple[int, int]]) -> dict[str, int]:
    rows = figures_by_category.values()
    return {"households": sum(n for n, _people in rows), "people": sum(people for _n, people in rows)}


def category_counts(households: QuerySet[Household]) -> list[tuple[str, str, int]]:
    """(code, label, count) for each of the five categories among `households`."""
    return _counts(_category_figures(households))


def household_totals(households: QuerySet[Household]) -> dict[str, int]:
    """The households among `households` and their resident people (the same cached figures as
    `category_counts`)."""
    return _totals(_category_figures(households))


def totals_and_category_counts(households: QuerySet[Household]) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """`household_totals(households)` and `category_counts(households)` from one read of the
    cached figures (the village page)."""
    figures_by_category = _category_figures(households)
    return _totals(figures_by_category), _counts(figures_by_category)


def roster_year_households(households: QuerySet[Household], year: int) -> QuerySet[Household]:
    """Last year's households among `households`: those with an income record for `year - 1`
    (the rows of `year`'s roster template)."""
    return households.filter(Exists(IncomeRecord.objects.filter(household=OuterRef("pk"), year=year - 1)))
