"""Forms of the notice board pages: the 公示 period of one board, and a batch's township and year."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xixiang.core.forms import BootstrapMixin
from xixiang.lib.years import FIRST_YEAR, LAST_YEAR

from . import board
from . import scope as board_scope


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


class BoardBatchForm(BoardPeriodForm):
    """A batch: the year, and a township of the user's scope (empty: the whole county, county-wide roles only)."""

    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    township = forms.ModelChoiceField(label=_("乡镇"), queryset=None, to_field_name="code", required=False)
    field_order = ["year", "township", "published", "days"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["township"]
        field.queryset = board_scope.board_townships(user).order_by("code")
        county = board_scope.can_print_county_boards(user)
        field.required = not county
        field.empty_label = _("全县") if county else None

    def clean_township(self):
        township = self.cleaned_data.get("township")
        if township is None and not board_scope.can_print_county_boards(self.user):
            raise forms.ValidationError(_("请选择乡镇"))
        return township
