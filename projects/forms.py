"""Forms of the projects app. Choice querysets come from projects/scope.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from archives.models import ArchiveRecord
from villages.models import Department
from xixiang.accounts.roles import is_admin
from xixiang.core.errors import DomainError
from xixiang.core.forms import BootstrapMixin, VersionedFormMixin

from . import scope as project_scope
from .models import Allocation, OutputKind, Project
from .services import EVIDENCE_CATEGORY, amount_parse

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount_field(label, *, required=True) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=20,
                           widget=forms.TextInput(attrs={"inputmode": "decimal"}))


def _parsed(value, label):
    if value in ("", None):
        return None
    try:
        return amount_parse(value, str(label))
    except DomainError as error:
        raise forms.ValidationError(error.message) from error


class ProjectForm(BootstrapMixin, VersionedFormMixin, forms.ModelForm):
    investment = _amount_field(_("总投资（元）"))

    class Meta:
        model = Project
        fields = ["year", "name", "level", "department", "direction", "scale", "requirements", "investment",
                  "funding_sources"]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.all()
        if not is_admin(user):
            departments = departments.filter(pk=user.department_id)
        self.fields["department"].queryset = departments
        if self.instance.pk:
            self.initial["investment"] = self.instance.investment

    def clean_investment(self):
        return _parsed(self.cleaned_data.get("investment"), _("总投资"))


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.township.name} {obj.name}（{obj.code}）"


class EvidenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} {obj.title}"


class AllocationForm(BootstrapMixin, VersionedFormMixin, forms.ModelForm):
    """An allocation with one quantity field per output kind (`output_<id>`)."""

    village = VillageChoiceField(queryset=None, to_field_name="code", label=_("行政村"))
    amount = _amount_field(_("安排资金（元）"))
    evidence = EvidenceChoiceField(queryset=None, required=False, label=_("佐证档案（G4 项目建设）"))

    class Meta:
        model = Allocation
        fields = ["village", "amount", "status", "start_date", "completion_date", "evidence", "note"]
        widgets = {"start_date": DATE, "completion_date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = project_scope.allocatable_villages(user).select_related("township")
        self.fields["village"].queryset = villages
        records = ArchiveRecord.objects.live().filter(category__code=EVIDENCE_CATEGORY)
        records = records.filter(village=self.instance.village_id) if self.instance.village_id else \
            records.filter(village__in=villages.values("pk"))
        self.fields["evidence"].queryset = records.order_by("-year", "title")
        self.kinds = list(OutputKind.objects.order_by("order", "id"))
        stored = {o.kind_id: o.quantity for o in self.instance.outputs.all()} if self.instance.pk else {}
        if self.instance.pk:
            self.initial["amount"] = self.instance.amount
        for kind in self.kinds:
            self.fields[f"output_{kind.pk}"] = forms.CharField(
                label=f"{kind.name}（{kind.unit}）", required=False, max_length=20, initial=stored.get(kind.pk),
                widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}))

    def clean_amount(self):
        return _parsed(self.cleaned_data.get("amount"), _("安排资金"))

    def clean(self):
        cleaned = super().clean()
        for kind in self.kinds:
            name = f"output_{kind.pk}"
            try:
                cleaned[name] = _parsed(cleaned.get(name), kind.name)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def outputs(self) -> list:
        return [(kind, self.cleaned_data[f"output_{kind.pk}"]) for kind in self.kinds
                if self.cleaned_data.get(f"output_{kind.pk}")]

    def output_fields(self):
        return [self[f"output_{kind.pk}"] for kind in self.kinds]


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("项目资金表（.xlsx）"))
    dry_run = forms.BooleanField(label=_("只检查，不保存"), required=False)
