"""The demonstration villages' xlsx export (xixiang.core.exports): the county list with its flags."""

from django.utils.translation import gettext as _

from xixiang.core.exports import Export
from xixiang.lib.excel import Sheet

from . import selectors

WIDTHS = [8, 12, 14, 14, 16, 10, 12, 12, 10, 10]


class DesignationsExport(Export):
    """The designations of the list (scoped and filtered, `selectors.with_flags`), by year and village."""

    filename = "示范村.xlsx"
    default_stem = "demonstration-villages"

    def __init__(self, designations):
        self.designations = designations

    def sheets(self):
        header = [_("年度"), _("乡镇"), _("村编码"), _("示范村"), _("示范类型"), _("地形类型"), _("已召开会议"),
                  _("缺推进会（周）"), _("未完成事项"), _("逾期事项")]
        rows = (
            (d.year, d.township.name, d.village.code, d.village.name, d.kind.name, d.village.get_terrain_display(),
             d.meetings_held, len(selectors.missed_weeks_of(d)), d.actions_open, d.actions_overdue)
            for d in self.designations.order_by("-year", "village__code")
        )
        yield Sheet(str(_("示范村")), [str(h) for h in header], rows, widths=WIDTHS)
