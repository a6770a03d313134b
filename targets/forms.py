"""Forms of the plan pages: a village's targets and people, a township's plan, a commitment, an import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xixiang.core.forms import MISSING_VERSION, BootstrapMixin, OpenedVersionField

from .models import Commitment

GRADE_CHOICES = [("", _("（无目标）")), *((str(g), _("%(g)s 类") % {"g": g}) for g in (1, 2, 3, 4))]
REASON_HELP = _("规划已审定时必填；记入修改历史")


class PlanVersionMixin:
    """The hidden `version` the plan was opened with (optimistic locking, targets.services):
    0 when the village or township had no plan yet; a form on a stored plan must post it."""

    def __init__(self, *args, stored=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = stored
        self.fields["version"] = OpenedVersionField(required=False, initial=stored.version if stored else 0)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is None:
            if self.stored is not None:
                raise forms.ValidationError(MISSING_VERSION)
            cleaned["version"] = 0
        return cleaned


class VillagePlanForm(PlanVersionMixin, BootstrapMixin, forms.Form):
    measures = forms.CharField(label=_("工作措施"), required=False, max_length=2000, widget=forms.Textarea(
        attrs={"rows": 4}))
    township_leader = forms.CharField(label=_("乡镇包抓领导"), required=False, max_length=40)
    party_secretary = forms.CharField(label=_("村党支部书记"), required=False, max_length=40)
    contact_leader = forms.CharField(label=_("联系领导"), required=False, max_length=40)
    reason = forms.CharField(label=_("修改理由"), required=False, max_length=200, help_text=REASON_HELP)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in reversed(years):
            self.fields = {f"target_{year}": forms.TypedChoiceField(
                label=_("%(year)s 年目标级类") % {"year": year}, choices=GRADE_CHOICES, required=False,
                coerce=int, empty_value=None), **self.fields}
        for name in self.fields:
            if name.startswith("target_"):
                self.fields[name].widget.attrs.setdefault("class", "form-select")

    def targets(self) -> dict[int, int | None]:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years}

    def people(self) -> dict[str, str]:
        return {f: self.cleaned_data[f] for f in ("measures", "township_leader", "party_secretary", "contact_leader")}


class TownshipPlanForm(PlanVersionMixin, BootstrapMixin, forms.Form):
    measures = forms.CharField(label=_("工作措施"), required=False, max_length=2000, widget=forms.Textarea(
        attrs={"rows": 4}))
    township_leader = forms.CharField(label=_("乡镇包抓领导"), required=False, max_length=40)
    contact_leader = forms.CharField(label=_("联系领导"), required=False, max_length=40)
    reason = forms.CharField(label=_("修改理由"), required=False, max_length=200, help_text=REASON_HELP)


class CommitmentForm(BootstrapMixin, forms.ModelForm):
    target_grade = forms.TypedChoiceField(label=_("目标级类"), choices=GRADE_CHOICES, required=False, coerce=int,
                                          empty_value=None)
    signer = forms.CharField(label=_("承诺人"), max_length=40, required=False)
    signed_on = forms.DateField(label=_("承诺日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    class Meta:
        model = Commitment
        fields = ["target_grade", "income_per_capita", "road_km", "biogas_digesters", "water_works",
                  "archive_completeness", "text", "signer", "signed_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False  # the service says what is missing, in its words

    def _post_clean(self):
        pass  # the service validates (signer, date, grade against the village's current grade)

    def values(self) -> dict:
        values = {f: self.cleaned_data.get(f) for f in self.Meta.fields}
        return values | {"text": values["text"] or "", "signer": values["signer"] or ""}


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    reason = forms.CharField(label=_("修改理由"), required=False, max_length=200,
                             help_text=_("文件修改已审定的村规划时必填；记入修改历史"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_errors: list[str] = []
