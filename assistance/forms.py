"""Forms of the assistance app. Choice querysets come from assistance/scope.py."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance import scope as assistance_scope
from households import scope as household_scope
from villages import scope as village_scope
from xixiang.core.forms import BootstrapMixin, OpenedVersionField, VersionedFormMixin

from .choices import LEADER_LEVELS
from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name if obj.unit_id else obj.get_level_display()}）"


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.township.name} {obj.name}（{obj.code}）"


def _cadres(user, levels=None):
    qs = assistance_scope.cadres(user).filter(is_active=True).select_related("unit")
    return qs.filter(level__in=levels) if levels else qs


class LeaderPairingForm(BootstrapMixin, forms.ModelForm):
    leader = CadreChoiceField(queryset=None, label=_("联点领导"))
    village = VillageChoiceField(queryset=None, to_field_name="code", label=_("联系村"))

    class Meta:
        model = LeaderPairing
        fields = ["leader", "village", "year", "start_date", "end_date", "note"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _cadres(user, LEADER_LEVELS)
        self.fields["village"].queryset = village_scope.editable_villages(user).select_related("township")
        self.fields["year"].required = False


class UnitPairingForm(BootstrapMixin, forms.ModelForm):
    village = VillageChoiceField(queryset=None, to_field_name="code", label=_("贫困村"))

    class Meta:
        model = UnitPairing
        fields = ["unit", "village", "year", "start_date", "end_date", "note"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = village_scope.departments(user)
        self.fields["village"].queryset = (
            village_scope.editable_villages(user).filter(is_poor=True).select_related("township")
        )
        self.fields["year"].required = False


class HouseholdChoiceField(forms.ModelChoiceField):
    """A household given by its 17-digit number (a select of thousands would be useless)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(queryset=None, to_field_name="number", **kwargs)
        self.error_messages["invalid_choice"] = _("找不到该户编号，或该户不在您的管辖范围内")


class HouseholdPairingForm(BootstrapMixin, forms.ModelForm):
    cadre = CadreChoiceField(queryset=None, label=_("帮扶干部"))
    household = HouseholdChoiceField(label=_("户编号"))

    class Meta:
        model = HouseholdPairing
        fields = ["cadre", "household", "year", "start_date", "end_date", "note"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = _cadres(user)
        self.fields["household"].queryset = household_scope.households(user)
        self.fields["year"].required = False


class PairingEndForm(BootstrapMixin, forms.Form):
    end_date = forms.DateField(label=_("结束日期"), widget=DATE)
    note = forms.CharField(label=_("结束原因"), max_length=200, required=False)
    version = OpenedVersionField()


class PairingChangeForm(BootstrapMixin, forms.Form):
    """Hand over to a new partner: the field's queryset depends on the ledger."""

    change_date = forms.DateField(
        label=_("交接日期"), widget=DATE, help_text=_("原结对在前一天结束，新结对从这一天开始")
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    version = OpenedVersionField()

    def __init__(self, *args, user, ledger, **kwargs):
        super().__init__(*args, **kwargs)
        if ledger == "unit":
            field = forms.ModelChoiceField(queryset=village_scope.departments(user), label=_("新帮扶单位"))
        else:
            levels = LEADER_LEVELS if ledger == "leader" else None
            field = CadreChoiceField(
                queryset=_cadres(user, levels), label=_("新联点领导") if levels else _("新帮扶干部")
            )
        field.widget.attrs["class"] = "form-select"
        self.fields = {"partner": field, **self.fields}


class RecordForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AssistanceRecord
        fields = ["date", "kind", "amount", "quantity", "quantity_unit", "people_trained", "note"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False
        self.fields["people_trained"].required = False
        field = self.fields["people_trained"]  # the service says "不能为负数" in its own words
        field.min_value, field.validators = None, []
        field.widget.attrs.pop("min", None)

    def clean_people_trained(self):
        value = self.cleaned_data.get("people_trained")
        if value is not None and value < 0:
            raise forms.ValidationError(_("培训人次不能为负数"))
        return 0 if value is None else value

    def clean_amount(self):
        value = self.cleaned_data.get("amount")
        if value is not None and value < 0:
            raise forms.ValidationError(_("金额不能为负数"))
        return value if value is not None else 0

    def clean_quantity(self):
        value = self.cleaned_data.get("quantity")
        if value is not None and value < 0:
            raise forms.ValidationError(_("数量不能为负数"))
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("quantity") is not None
            and not cleaned.get("quantity_unit", "").strip()
            and cleaned.get("kind") != "income_card"
        ):
            self.add_error("quantity_unit", _("填写数量时必须填写计量单位"))
        return cleaned


class VisitForm(BootstrapMixin, forms.Form):
    """The one short form a cadre fills in after a visit."""

    date = forms.DateField(label=_("走访日期"), widget=DATE, initial=datetime.date.today)
    note = forms.CharField(label=_("走访情况"), max_length=200, required=False)


class PlanForm(VersionedFormMixin, BootstrapMixin, forms.ModelForm):
    cadre = CadreChoiceField(queryset=None, required=False, label=_("帮扶责任人"))
    leader = CadreChoiceField(queryset=None, required=False, label=_("责任领导"))

    class Meta:
        model = HouseholdPlan
        fields = [
            "target_income",
            "measure_industry",
            "measure_training",
            "measure_migration",
            "cadre",
            "leader",
            "result_income",
            "result_note",
        ]

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = (
            Cadre.objects.filter(household_pairings__household=household).distinct().select_related("unit")
        )
        self.fields["leader"].queryset = Cadre.objects.filter(level__in=LEADER_LEVELS).select_related("unit")


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_errors: list[str] = []  # the bad rows of a refused import, listed under the form
