"""Reads shared by archive pages, exports and the village page."""

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from archives import scope as archive_scope
from villages import scope as village_scope
from villages.models import Township, Village
from xixiang.core import figures
from xixiang.lib.years import parse_year

from .completeness import CategoryColumn, Matrix, VillageInfo, build_matrix, rate
from .models import ArchiveCategory, ArchiveClass, ArchiveFile, ArchiveRecord, ArchiveVerification

#: What the completeness matrix reads (archives/apps.py and households/apps.py bump them on every
#: save; the bulk filing of generated documents bumps the records itself).
COMPLETENESS_MODELS = (ArchiveRecord, ArchiveCategory, ArchiveClass, Village, Township)


def active_categories() -> list[ArchiveCategory]:
    return list(
        ArchiveCategory.objects.filter(is_active=True)
        .select_related("archive_class")
        .order_by("archive_class__position", "position", "code")
    )


def default_year() -> int:
    """The latest year with any live record, else the current year."""
    year = ArchiveRecord.objects.live().aggregate(year=Max("year"))["year"]
    return year or timezone.localdate().year


def requested_year(raw: str | None) -> int:
    """The year a page was asked for (`?year=2019`), or `default_year()` when none or not a year."""
    return parse_year(raw) or default_year()


def live_file_count():
    """Annotation: number of live files of each record."""
    files = (
        ArchiveFile.objects.filter(record=OuterRef("pk"), deleted_at__isnull=True)
        .order_by()
        .values("record")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(files), 0)


def record_list(user) -> QuerySet[ArchiveRecord]:
    return (
        archive_scope.records(user)
        .select_related("village__township", "category", "medium", "uploaded_by")
        .annotate(file_count=live_file_count())
    )


def record_files(record: ArchiveRecord) -> QuerySet[ArchiveFile]:
    return record.files.filter(deleted_at__isnull=True).select_related("uploaded_by").order_by("id")


def _columns(categories: list[ArchiveCategory]) -> list[CategoryColumn]:
    return [CategoryColumn(c.pk, c.code, c.name, c.archive_class.name) for c in categories]


def completeness(user, year: int, township: Township | None = None) -> Matrix:
    """The village × category matrix of `year` for the user's villages (three queries)."""
    villages = archive_scope.readable_villages(user)
    if township is not None:
        villages = villages.filter(township=township)
    infos = [
        VillageInfo(*row)
        for row in villages.order_by("code").values_list("id", "code", "name", "township__code", "township__name")
    ]
    columns = _columns(active_categories())
    counts = {
        (row["village_id"], row["category_id"]): row["n"]
        for row in ArchiveRecord.objects.live()
        .filter(year=year, village__in=villages.values("pk"))
        .values("village_id", "category_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    total_name = township.name if township is not None else _("合计")
    return build_matrix(year, columns, infos, counts, total_name=total_name)


def cached_completeness(user, year: int, township: Township | None = None) -> Matrix:
    """`completeness(user, year, township)`, cached (xixiang.core.figures) until a record, a
    category, a class, a village or a township changes: the county's matrix counts every record of
    the year and builds 267 × 18 cells, on the completeness page and in the county summary. Cached
    for the users whose villages follow from their own row (villages.scope.follows_user_row),
    computed for the others. One query when stored."""
    if not village_scope.follows_user_row(user):
        return completeness(user, year, township)
    villages = archive_scope.readable_villages(user)
    key = f"{figures.query_key(villages)}|{year}|{township.pk if township else ''}|{translation.get_language()}"
    return figures.cached("archive-completeness", key, COMPLETENESS_MODELS, lambda: completeness(user, year, township))


def village_categories(user, village: Village, year: int) -> list[tuple[ArchiveCategory, int]]:
    """The village's categories for `year` with their number of live records (two queries)."""
    counts = dict(
        archive_scope.records(user)
        .filter(village=village, year=year)
        .values_list("category_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(category, counts.get(category.pk, 0)) for category in active_categories()]


def village_panel(user, village: Village, params) -> dict:
    """The archive section of the village page: the village's categories for the year asked for
    (`params["archive_year"]`, default the latest year with records), what is present, the
    completeness rate, the years to switch to, and whether the user may upload."""
    year = requested_year(params.get("archive_year"))
    categories = village_categories(user, village, year)
    present = sum(1 for _category, count in categories if count)
    return {
        "village": village,
        "year": year,
        "years": sorted(set(years_with_records(village)) | {year}, reverse=True),
        "categories": categories,
        "present": present,
        "total": len(categories),
        "rate": rate(present, len(categories)),
        "can_upload": archive_scope.can_upload_to(user, village),
    }


def years_with_records(village: Village | None = None) -> list[int]:
    records = ArchiveRecord.objects.live()
    if village is not None:
        records = records.filter(village=village)
    return list(records.order_by("-year").values_list("year", flat=True).distinct())


def last_verification() -> ArchiveVerification | None:
    return ArchiveVerification.objects.select_related("village", "started_by").first()


def booklet_records(user, village: Village, year: int):
    """(category, records with their files) for the village archive booklet, in catalogue order."""
    records = list(
        archive_scope.records(user)
        .filter(village=village, year=year)
        .select_related("category", "medium")
        .order_by("category__position", "record_date", "id")
    )
    files_by_record: dict[int, list[ArchiveFile]] = {}
    for archive_file in ArchiveFile.objects.filter(
        record__in=[r.pk for r in records], deleted_at__isnull=True
    ).order_by("id"):
        files_by_record.setdefault(archive_file.record_id, []).append(archive_file)
    by_category: dict[int, list] = {}
    for record in records:
        record.live_files = files_by_record.get(record.pk, [])
        by_category.setdefault(record.category_id, []).append(record)
    return [(category, by_category.get(category.pk, [])) for category in active_categories()]
