"""The assistance records' xlsx exports (xixiang.core.exports): the records with the list's
filters, and the blank import template. Both have the columns assistance.import_records
reads, so an export imports again unchanged."""

import datetime

from django.utils.translation import gettext as _

from xixiang.core.exports import Export
from xixiang.lib.excel import Sheet

from .choices import Ledger
from .import_records import COLUMNS

WIDTHS = [12, 14, 10, 20, 10, 15, 10, 18, 14, 10, 10, 10, 30]


class RecordsExport(Export):
    """The records (`records` from assistance.scope.records, filtered), oldest first."""

    filename = "帮扶记录.xlsx"
    default_stem = "assistance-records"

    def __init__(self, records):
        self.records = records

    def sheets(self):
        rows = (
            (
                r.date,
                r.get_kind_display(),
                r.get_ledger_display(),
                r.household.number if r.household_id else "",
                r.household.head_name if r.household_id else "",
                r.village.code,
                r.cadre.name if r.cadre_id else "",
                r.unit.name if r.unit_id and r.ledger == Ledger.UNIT else "",
                r.amount,
                r.quantity,
                r.quantity_unit,
                r.people_trained,
                r.note,
            )
            for r in self.records.select_related("household", "village", "cadre", "unit")
            .order_by("date", "id")
            .iterator(chunk_size=2000)
        )
        yield Sheet(str(_("帮扶记录")), COLUMNS, rows, widths=WIDTHS)


class RecordTemplateExport(Export):
    """The blank import template: the columns and one example row."""

    filename = "帮扶记录导入模板.xlsx"
    default_stem = "assistance-records-template"

    def sheets(self):
        example = (
            datetime.date(2009, 5, 1),
            "走访",
            "干部联户",
            "61072410020101001",
            "",
            "",
            "张三",
            "",
            0,
            None,
            "",
            0,
            "",
        )
        yield Sheet("帮扶记录", COLUMNS, [example])
