"""Forms of the assessment pages. Numbers are taken as text and checked by the services, so
every refusal carries the same Chinese message wherever it comes from."""

from decimal import Decimal

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from villages.choices import DepartmentKind
from villages.models import Department
from xixiang.core import widgets as quick
from xixiang.core.forms import BootstrapMixin

from . import scoring
from .choices import InspectionMethod
from .models import AssessmentSettings, Indicator
from .models.catalogue import NAME_SEPARATOR


class CycleOpenForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200, required=False)


SEED_REFUSED = _("随机种子必须是非负整数")


class RedrawForm(ReasonForm):
    seed = forms.IntegerField(
        label=_("随机种子（可不填）"),
        required=False,
        min_value=0,
        error_messages={"invalid": SEED_REFUSED, "min_value": SEED_REFUSED},
    )


def cooperating_departments():
    """The departments an indicator's cooperating departments are chosen among: county departments."""
    return Department.objects.filter(kind=DepartmentKind.COUNTY_DEPARTMENT).order_by("code")


class IndicatorForm(BootstrapMixin, forms.ModelForm):
    """One catalogue row; departments chosen by name, tiers typed as '4500:20, 3500:16'."""

    lead_department = forms.ChoiceField(label=_("牵头部门"), widget=quick.Select)
    # County departments only (not the enterprises or township stations); static/js/searchable-select.js
    # adds a search box, without it this is a plain multi-select.
    cooperating = forms.MultipleChoiceField(
        label=_("配合部门"),
        required=False,
        widget=quick.SelectMultiple(attrs={
            "size": 5, "class": "catalogue-field", "data-searchable": "true", "data-search-placeholder": _("搜索部门"),
        }),
        error_messages={"invalid_choice": _("“%(value)s”不是县直部门：配合部门只能从县直部门中选择")},
    )
    tiers_text = forms.CharField(label=_("分档"), required=False, help_text=_("门槛:得分，用逗号分隔"),
                                 widget=quick.TextInput)

    class Meta:
        model = Indicator
        fields = ["code", "dimension", "name", "unit", "max_points", "source", "mapping", "floor", "target", "order"]
        widgets = {"dimension": quick.Select, "source": quick.Select, "mapping": quick.Select,
                   **dict.fromkeys(("code", "name", "unit"), quick.TextInput),
                   **dict.fromkeys(("max_points", "floor", "target", "order"), quick.NumberInput)}

    def __init__(self, *args, department_choices=None, cooperating_choices=None, **kwargs):
        """The formset reads the two department lists once for all its forms (`department_choices`)."""
        super().__init__(*args, **kwargs)
        if department_choices is None:
            department_choices, cooperating_choices = department_name_choices()
        self.fields["lead_department"].choices = department_choices
        self.fields["cooperating"].choices = cooperating_choices
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            if "catalogue-field" not in css:
                field.widget.attrs["class"] = f"{css} catalogue-field".strip()
        if self.instance.pk:
            self.initial["lead_department"] = self.instance.lead_department
            self.initial["cooperating"] = self.instance.cooperating_names
            self.initial["tiers_text"] = scoring.format_tiers(self.instance.tiers)

    def clean_tiers_text(self):
        try:
            tiers = scoring.parse_tiers(self.cleaned_data["tiers_text"])
        except scoring.ScoringError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return [[str(t), str(p)] for t, p in tiers]

    def _post_clean(self):
        super()._post_clean()
        self.instance.lead_department = self.cleaned_data.get("lead_department", "")
        self.instance.cooperating_departments = NAME_SEPARATOR.join(self.cleaned_data.get("cooperating") or [])
        self.instance.tiers = self.cleaned_data.get("tiers_text") or []


def department_name_choices() -> tuple[quick.Choices, quick.Choices]:
    """(every department after a blank "—", the county departments that may cooperate) as
    (name, name) choices, read, normalised and escaped once for all the rows' selects."""
    names = [(n, n) for n in Department.objects.order_by("code").values_list("name", flat=True)]
    cooperating = [(n, n) for n in cooperating_departments().values_list("name", flat=True)]
    return quick.Choices([("", "—"), *names]), quick.Choices(cooperating)


class BaseIndicatorFormSet(BaseModelFormSet):
    def get_form_kwargs(self, index):
        if not hasattr(self, "_department_choices"):
            self._department_choices = department_name_choices()
        departments, cooperating = self._department_choices
        return {**super().get_form_kwargs(index), "department_choices": departments,
                "cooperating_choices": cooperating}

    def edited(self) -> tuple[list[Indicator], list[Indicator]]:
        """(the catalogue's indicators as edited — stored rows and filled-in new ones —, the
        stored indicators marked for deletion), from a valid formset."""
        indicators = [f.instance for f in self.forms if (f.has_changed() or f.instance.pk) and f.instance.code]
        return indicators, [f.instance for f in self.deleted_forms if f.instance.pk]


IndicatorFormSet = modelformset_factory(
    Indicator, form=IndicatorForm, formset=BaseIndicatorFormSet, extra=1, can_delete=True
)


PERCENT_REFUSED = _("抽样比例应为 0.1 到 100 之间的百分数，最多一位小数，如 10 或 12.5")


class SettingsForm(BootstrapMixin, forms.ModelForm):
    """The assessment parameters; the sample rate is shown and typed as a percentage (10 for 10%,
    "10%" too) and stored as before, as a fraction (0.100)."""

    sample_rate = forms.CharField(label=_("抽样比例（%）"), max_length=8)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.sample_rate is not None:
            self.initial["sample_rate"] = format((self.instance.sample_rate * 100).normalize(), "f")

    def clean_sample_rate(self):
        text = self.cleaned_data["sample_rate"].strip().removesuffix("%").strip()
        try:
            percent = Decimal(text)
        except ArithmeticError:
            raise forms.ValidationError(PERCENT_REFUSED) from None
        rate = percent / 100
        if not percent.is_finite() or not 0 < percent <= 100 or rate != rate.quantize(Decimal("0.001")):
            raise forms.ValidationError(PERCENT_REFUSED)
        return rate.quantize(Decimal("0.001"))

    class Meta:
        model = AssessmentSettings
        fields = [
            "grade1_min",
            "grade2_min",
            "grade3_min",
            "sample_rate",
            "sample_min",
            "county_reward_amount",
            "county_reward_count",
            "township_reward_amount",
        ]


class GridUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("评分表（xlsx）"))


class BallotForm(BootstrapMixin, forms.Form):
    satisfied = forms.CharField(label=_("满意"), max_length=10)
    basically_satisfied = forms.CharField(label=_("基本满意"), max_length=10)
    unsatisfied = forms.CharField(label=_("不满意"), max_length=10)


class SpotCheckForm(BootstrapMixin, forms.Form):
    """A group's check of a village: date, households to draw and visited, the five methods
    (done or not, with findings) and the conclusion."""

    date = forms.DateField(label=_("抽查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    visit_size = forms.IntegerField(label=_("随机抽取户数"), min_value=1, max_value=50, initial=5, required=False,
                                    help_text=_("不填按 5 户"))
    households_visited = forms.IntegerField(label=_("走访农户数"), min_value=0, max_value=1000)
    findings = forms.CharField(label=_("发现问题及结论"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def service_arguments(self) -> dict:
        """The cleaned data as spot_check_add takes it (methods as {method: (done, findings)})."""
        data = self.cleaned_data
        methods = {m.value: (data[f"{m.value}_done"], data[f"{m.value}_findings"]) for m in InspectionMethod}
        size = data["visit_size"] or 5
        return {"date": data["date"], "visit_size": size, "methods": methods,
                "households_visited": data["households_visited"], "findings": data["findings"]}


for _method in InspectionMethod:  # a done box and a findings box per method, after the fields above
    SpotCheckForm.base_fields[f"{_method.value}_done"] = forms.BooleanField(label=_method.label, required=False)
    SpotCheckForm.base_fields[f"{_method.value}_findings"] = forms.CharField(
        label=_("发现"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 1}))


class AdjustmentForm(BootstrapMixin, forms.Form):
    indicator = forms.ChoiceField(label=_("指标"))
    points = forms.CharField(label=_("核定得分"), max_length=10)
    reason = forms.CharField(label=_("调整理由"), max_length=300, required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (i.code, f"{i.code} {i.name}（满分 {scoring.format_number(i.max_points)}）") for i in indicators
        ]


class SurveyRowForm(BootstrapMixin, forms.Form):
    """One sampled household's income items (a row of the survey page)."""

    total_income = forms.CharField(required=False, max_length=20)
    business_expenses = forms.CharField(required=False, max_length=20)
    taxes_and_fees = forms.CharField(required=False, max_length=20)
    depreciation = forms.CharField(required=False, max_length=20)
    gifts_outside = forms.CharField(required=False, max_length=20)
    resident_members = forms.CharField(required=False, max_length=3)

    def is_blank(self) -> bool:
        return not any(str(v).strip() for v in self.cleaned_data.values())


class WhatIfForm(BootstrapMixin, forms.Form):
    grade1_min = forms.DecimalField(label=_("一类村分数线"), max_digits=5, decimal_places=1)
    grade2_min = forms.DecimalField(label=_("二类村分数线"), max_digits=5, decimal_places=1)
    grade3_min = forms.DecimalField(label=_("三类村分数线"), max_digits=5, decimal_places=1)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_codes = [i.code for i in indicators]
        for i in indicators:
            self.fields[f"max_{i.code}"] = forms.DecimalField(
                label=f"{i.code} {i.name}",
                max_digits=5,
                decimal_places=1,
                min_value=0.1,
                max_value=100,
                initial=i.max_points,
            )

    def clean(self):
        cleaned = super().clean()
        try:
            scoring.check_thresholds(self.thresholds())
        except (scoring.ScoringError, TypeError) as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned

    def thresholds(self) -> scoring.Thresholds:
        c = self.cleaned_data
        return scoring.Thresholds(c.get("grade1_min"), c.get("grade2_min"), c.get("grade3_min"))

    def maxima(self) -> dict:
        return {code: self.cleaned_data[f"max_{code}"] for code in self.indicator_codes}


class FinaliseForm(BootstrapMixin, forms.Form):
    """The finalise confirmation: a reason only when scores are missing (then required by the service)."""

    reason = forms.CharField(
        label=_("强制定案理由"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("仍有未评分项时必须写明理由；理由记入考核周期的修改历史"),
    )
