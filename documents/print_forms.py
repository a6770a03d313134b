"""The form of printing many at once (documents/print_kinds.py): a kind, a year and a township
of the user's scope (empty: the whole county, for the leader and the administrator)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xixiang.core.forms import BootstrapMixin

from . import print_kinds, scope
from .township_choice import TownshipOrCountyMixin


class PrintForm(BootstrapMixin, TownshipOrCountyMixin):
    kind = forms.ChoiceField(label=_("文书"), choices=print_kinds.KINDS)
    townships = staticmethod(scope.print_townships)
    county_allowed = staticmethod(scope.can_print_county)
    field_order = ["kind", "year", "township"]
