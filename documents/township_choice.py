"""The year and township of a batch (boards, other documents): a township of the user's scope, or
none for the whole county — offered to county-wide roles only, and refused for the others."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xixiang.lib.years import FIRST_YEAR, LAST_YEAR


class TownshipOrCountyMixin(forms.Form):
    """Set `townships(user)` (the choices) and `county_allowed(user)` on the subclass."""

    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    township = forms.ModelChoiceField(label=_("乡镇"), queryset=None, to_field_name="code", required=False)

    @staticmethod
    def townships(user):
        raise NotImplementedError

    @staticmethod
    def county_allowed(user) -> bool:
        raise NotImplementedError

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["township"]
        field.queryset = self.townships(user).order_by("code")
        county = self.county_allowed(user)
        field.required = not county
        field.empty_label = _("全县") if county else None

    def clean_township(self):
        township = self.cleaned_data.get("township")
        if township is None and not self.county_allowed(self.user):
            raise forms.ValidationError(_("请选择乡镇"))
        return township
