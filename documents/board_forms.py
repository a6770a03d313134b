"""Forms of the notice board pages: the 公示 period of one board, and a batch's township and year."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xixiang.core.forms import BootstrapMixin

from . import board
from . import scope as board_scope
from .township_choice import TownshipOrCountyMixin


class BoardPeriodForm(BootstrapMixin, forms.Form):
    """The 公示 period printed on a board: publication date (default today) and days (≥ 5)."""

    published = forms.DateField(label=_("发布日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(
        label=_("公示天数"), required=False, min_value=board.MIN_PUBLIC_DAYS, max_value=60,
        error_messages={"min_value": _("公示天数至少 %(limit_value)s 天"),
                        "max_value": _("公示天数最多 %(limit_value)s 天")})

    def period(self) -> tuple:
        """(publication date, days) from the cleaned data, with the defaults."""
        data = self.cleaned_data
        return data.get("published") or timezone.localdate(), data.get("days") or board.DEFAULT_PUBLIC_DAYS


class BoardBatchForm(TownshipOrCountyMixin, BoardPeriodForm):
    """A batch: the year, and a township of the user's scope (empty: the whole county, county-wide roles only)."""

    townships = staticmethod(board_scope.board_townships)
    county_allowed = staticmethod(board_scope.can_print_county_boards)
    field_order = ["year", "township", "published", "days"]
