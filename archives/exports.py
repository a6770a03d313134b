"""The archives' xlsx export (xixiang.core.exports): the completeness matrix (the 表 of
网、表、卡、册、牌), from selectors.completeness over the user's readable villages."""

from django.utils.translation import gettext as _

from xixiang.core.exports import Export
from xixiang.lib.excel import Sheet

from .completeness import Matrix


class CompletenessExport(Export):
    """The matrix (village × category) and the township summary of one year."""

    def __init__(self, matrix: Matrix):
        self.matrix = matrix
        self.filename = _("档案完整率_%(year)s.xlsx") % {"year": matrix.year}
        self.default_stem = f"completeness-{matrix.year}"

    def sheets(self) -> list[Sheet]:
        matrix = self.matrix
        codes = [f"{c.code} {c.name}" for c in matrix.categories]
        matrix_rows = (
            [row.village.township_name, row.village.code, row.village.name, *row.counts, row.present,
             float(row.rate) if row.rate is not None else None]
            for row in matrix.rows
        )
        summary_rows = [
            [s.name, s.code, s.villages, s.complete_villages, s.present, s.cells,
             float(s.rate) if s.rate is not None else None]
            for s in [*matrix.townships, matrix.total]
        ]
        title = _("%(year)s 年度村级档案完整率（共 %(n)s 个村，%(c)s 个类别）") % {
            "year": matrix.year, "n": len(matrix.rows), "c": len(matrix.categories)}
        return [
            Sheet(
                title=_("村档案完整率"), title_rows=[title],
                header=[_("乡镇"), _("村编码"), _("村名"), *codes, _("已有类别"), _("完整率（%）")],
                rows=matrix_rows, widths=[12, 15, 12, *[7] * len(codes), 9, 11],
            ),
            Sheet(
                title=_("乡镇汇总"), title_rows=[title],
                header=[_("乡镇"), _("乡镇编码"), _("村数"), _("档案齐全的村"), _("已有格数"), _("应有格数"),
                        _("完整率（%）")],
                rows=summary_rows, widths=[12, 12, 8, 12, 10, 10, 11],
            ),
        ]
