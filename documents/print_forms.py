"""The form of printing many at once (documents/print_kinds.py): a kind, a year and a township
of the user's scope (empty: the whole county, for the leader and the administrator)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xixiang.core.forms import BootstrapMixin
from xixiang.lib.years import FIRST_YEAR, LAST_YEAR

from . import print_kinds, scope


class PrintForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("文书"), choices=print_kinds.KINDS)
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    township = forms.ModelChoiceField(label=_("乡镇"), queryset=None, to_field_name="code", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["township"]
        field.queryset = scope.print_townships(user).order_by("code")
        county = scope.can_print_county(user)
        field.required = not county
        field.empty_label = _("全县") if county else None

    def clean_township(self):
        township = self.cleaned_data.get("township")
        if township is None and not scope.can_print_county(self.user):
            raise forms.ValidationError(_("请选择乡镇"))
        return township
