"""The households' xlsx exports (xixiang.core.exports): the roster workbook (农户信息表) of the
household list with its filters, its blank template, and the problems of an import batch's dry
run. They fill the roster's layout (drop-down lists, instruction sheet), so each keeps its
writer in households.roster.writer and overrides `write(out)`."""

import datetime

from django.utils.translation import gettext as _

from xixiang.core.exports import Export

from .roster import writer


class RosterExport(Export):
    """The roster of `households` (households.scope.households, filtered), streamed from the
    database in chunks; ID numbers masked when `mask_ids`."""

    default_stem = "roster"

    def __init__(self, households, *, mask_ids: bool):
        self.households, self.mask_ids = households, mask_ids
        self.filename = f"农户信息表_{datetime.date.today():%Y%m%d}.xlsx"

    def write(self, out) -> None:
        writer.write_roster(out, self.households, mask_ids=self.mask_ids)


class RosterTemplateExport(Export):
    """The blank roster: instructions, both sheets' headers, drop-down lists, text columns."""

    filename = "农户信息表模板.xlsx"
    default_stem = "roster-template"

    def __init__(self, groups=()):
        self.groups = groups  # rows of sheet 村组编码 (households.selectors.roster_group_codes)

    def write(self, out) -> None:
        writer.write_template(out, self.groups)


class RosterYearTemplateExport(Export):
    """A year's roster to fill in: last year's households (`households`: the importer's scope
    with an income record for `year - 1`, households.selectors.roster_year_households), each
    with one 农户 row of `year` and blank amounts, and its members; streamed like the roster."""

    def __init__(self, households, year: int, *, mask_ids: bool, groups=()):
        self.households, self.year, self.mask_ids, self.groups = households, year, mask_ids, groups
        self.filename = f"农户信息表_{year}年填报模板.xlsx"
        self.default_stem = f"roster-template-{year}"

    def write(self, out) -> None:
        writer.write_roster(
            out, self.households, year=self.year, blank=True, mask_ids=self.mask_ids, groups=self.groups
        )


class ImportProblemsExport(Export):
    """The errors and warnings of an import batch (households.scope.import_batches)."""

    def __init__(self, batch):
        self.batch = batch
        self.filename = _("导入批次%(id)s_错误清单.xlsx") % {"id": batch.pk}
        self.default_stem = f"import-{batch.pk}-problems"

    def write(self, out) -> None:
        writer.write_problems(out, self.batch.errors, self.batch.warnings)
