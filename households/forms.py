"""Household form with members and income records edited inline."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from villages import scope as village_scope
from xixiang.core.forms import BootstrapMixin, VersionedFormMixin
from xixiang.lib.id_numbers import InvalidIdNumber, normalise_id_number

from . import rules
from .choices import Industry
from .models import INCOME_ITEM_FIELDS, INDUSTRY_FIELDS, Household, IncomeRecord, Member


def clean_id_number_value(value: str) -> str:
    try:
        return normalise_id_number(value)
    except InvalidIdNumber as exc:
        raise ValidationError(str(exc)) from exc


class PersonNameField(forms.CharField):
    """A person's name under households.rules.person_name_problem, the roster import's rule (same
    messages); the rule runs before the length validator, so a long name gets its message too."""

    def __init__(self, *, minimum: int, **kwargs):
        super().__init__(max_length=rules.NAME_MAX_LENGTH, **kwargs)
        self.minimum = minimum

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            problem = rules.person_name_problem(value, minimum=self.minimum)
            if problem is not None:
                raise ValidationError(problem, code="invalid")


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.village.township.name} {obj.village.name} {obj.name}（{obj.code}）"


class HouseholdForm(VersionedFormMixin, BootstrapMixin, forms.ModelForm):
    """The household's rules are households.rules, called by the model: single fields through its
    validators, labour and the override's reason through Household.clean() (a ModelForm runs
    both); members and heads are the service's (it sees every member)."""

    group = GroupChoiceField(
        queryset=None, to_field_name="code", label=_("村民小组"),
        error_messages={"invalid_choice": _("该村民小组不存在或不在您负责的乡镇")},
    )
    industries = forms.MultipleChoiceField(
        choices=Industry.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("主导产业"),
    )
    head_name = PersonNameField(minimum=rules.HEAD_NAME_MIN_LENGTH, label=_("户主姓名"))

    class Meta:
        model = Household
        fields = [
            "number", "group", "head_name", "head_id_number", "phone", "address",
            "resident_count", "labour_count", "has_income_project", "hardship",
            "is_large_producer", "large_producer_scale", "category_override", "category_override_reason",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = village_scope.editable_groups(user).select_related("village__township")
        if self.instance.pk:
            self.fields["number"].disabled = True
            self.initial["industries"] = self.instance.industries
            self.initial["group"] = self.instance.group.code

    def clean_head_id_number(self):
        return clean_id_number_value(self.cleaned_data["head_id_number"])

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()  # then the model's validator (households.rules)

    def clean(self):
        cleaned = super().clean()
        group, number = cleaned.get("group"), cleaned.get("number")
        if group and number and not self.instance.pk and not number.startswith(group.code):
            self.add_error("number", _("户编号必须以所属小组编码 %(code)s 开头") % {"code": group.code})
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        chosen = set(self.cleaned_data.get("industries") or [])
        for code, field in INDUSTRY_FIELDS.items():
            setattr(self.instance, field, code in chosen)


class MemberForm(VersionedFormMixin, BootstrapMixin, forms.ModelForm):
    name = PersonNameField(minimum=rules.MEMBER_NAME_MIN_LENGTH, label=_("姓名"))

    class Meta:
        model = Member
        fields = ["name", "id_number", "relation", "sex", "birth_date", "labour_ability", "schooling", "health"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_id_number(self):
        return clean_id_number_value(self.cleaned_data["id_number"])


class UniqueIdNumbersFormSet(BaseInlineFormSet):
    def clean(self):
        # Replaces the model formset's generic duplicate check with a message on the row.
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            number = form.cleaned_data.get("id_number")
            if number in seen:
                form.add_error("id_number", _("身份证号在本户中重复"))
            seen.add(number)


class IncomeRecordForm(VersionedFormMixin, BootstrapMixin, forms.ModelForm):
    """Year and items under households.rules through the model (validators and IncomeRecord.clean())."""

    class Meta:
        model = IncomeRecord
        fields = ["year", *INCOME_ITEM_FIELDS]


class UniqueYearsFormSet(BaseInlineFormSet):
    def clean(self):
        # Replaces the model formset's generic duplicate check with a message on the row.
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            year = form.cleaned_data.get("year")
            if year in seen:
                form.add_error("year", _("同一年度只能有一条收入记录"))
            seen.add(year)


MemberFormSet = inlineformset_factory(
    Household, Member, form=MemberForm, formset=UniqueIdNumbersFormSet, extra=1, can_delete=True,
)
IncomeRecordFormSet = inlineformset_factory(
    Household, IncomeRecord, form=IncomeRecordForm, formset=UniqueYearsFormSet, extra=1, can_delete=True,
)
