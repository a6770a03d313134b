"""Forms of the demonstration app. Choice querysets come from the scope modules."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from archives.models import ArchiveRecord
from assistance.choices import CadreLevel
from assistance.models import LeaderPairing
from villages import scope as village_scope
from xixiang.core.forms import BootstrapMixin

from .choices import MeetingKind
from .models import DemonstrationType
from .services import PLAN_CATEGORIES, ActionInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.township.name} {obj.name}（{obj.code}）"


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} {obj.category.code} {obj.title}"


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.leader.name}（{obj.leader.unit.name if obj.leader.unit_id else ''}，{obj.year}）"


class DesignationForm(BootstrapMixin, forms.Form):
    """A new designation. The year and the type are not required here: the service refuses their
    absence with its own message (the same words for a page and a command)."""

    village = VillageChoiceField(queryset=None, to_field_name="code", label=_l("行政村"))
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, label=_l("年度"))
    kind = forms.ModelChoiceField(queryset=DemonstrationType.objects.filter(is_active=True), required=False,
                                  label=_l("示范类型"))
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_l("确定理由"))
    plan = PlanChoiceField(queryset=None, required=False, label=_l("示范村规划"),
                           help_text=_l("本村档案中的 G1 或 G2 规划"))
    contact = ContactChoiceField(queryset=None, required=False, label=_l("县级联点领导"),
                                 help_text=_l("领导联点台账中本村的县级领导"))

    def __init__(self, *args, user, village=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = village_scope.villages(user).select_related("township")
        plans = ArchiveRecord.objects.live().filter(category__code__in=PLAN_CATEGORIES).select_related("category")
        contacts = LeaderPairing.objects.filter(level=CadreLevel.COUNTY).select_related("leader__unit")
        if village is not None:
            plans, contacts = plans.filter(village=village), contacts.filter(village=village)
        self.fields["plan"].queryset = plans.order_by("-year", "id")
        self.fields["contact"].queryset = contacts.order_by("-year", "id")


class DesignationEditForm(DesignationForm):
    """A designation's type, reason, plan and contact leader (its village and year stay); the
    current type is offered even when the county has since retired it."""

    def __init__(self, *args, user, designation, **kwargs):
        initial = {"kind": designation.kind_id, "reason": designation.reason, "plan": designation.plan_id,
                   "contact": designation.contact_id}
        super().__init__(*args, user=user, village=designation.village, initial=initial, **kwargs)
        del self.fields["village"], self.fields["year"]
        self.fields["kind"].queryset = DemonstrationType.objects.filter(
            Q(is_active=True) | Q(pk=designation.kind_id))


class TeamMemberForm(BootstrapMixin, forms.Form):
    name = forms.CharField(max_length=20, label=_l("姓名"))
    post = forms.CharField(max_length=60, label=_l("职务"))
    duty = forms.CharField(max_length=60, required=False, label=_l("包抓分工"))


class ResidentCadreForm(BootstrapMixin, forms.Form):
    name = forms.CharField(max_length=20, label=_l("姓名"))
    unit = forms.CharField(max_length=60, label=_l("所在单位及职务"))
    start_date = forms.DateField(widget=DATE, label=_l("驻村开始日期"))
    end_date = forms.DateField(widget=DATE, required=False, label=_l("驻村结束日期"))


def parse_actions(text: str) -> list[ActionInput]:
    """Follow-up actions, one a line: 事项｜责任人｜完成时限 (YYYY-MM-DD). Raises ValueError naming the line."""
    actions = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
        if len(parts) != 3 or not all(parts):
            raise ValueError(
                _("落实事项第 %(n)s 行应为“事项｜责任人｜完成时限”，例如：完成选址｜王明｜2009-03-31") % {"n": number})
        try:
            due = datetime.date.fromisoformat(parts[2])
        except ValueError:
            raise ValueError(_("落实事项第 %(n)s 行的完成时限“%(value)s”不是日期（YYYY-MM-DD）") % {
                "n": number, "value": parts[2]}) from None
        actions.append(ActionInput(description=parts[0], owner=parts[1], due_date=due))
    return actions


class MeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(choices=MeetingKind.choices, initial=MeetingKind.PROGRESS, label=_l("会议类型"))
    date = forms.DateField(widget=DATE, label=_l("会议日期"))
    held = forms.BooleanField(required=False, initial=True, label=_l("已召开"),
                              help_text=_l("已召开的会议，会议纪要自动归入本村档案 W3 会议记录"))
    place = forms.CharField(max_length=100, label=_l("地点"))
    attendees = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_l("参会人员"))
    decisions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_l("议定事项"))
    actions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_l("落实事项"),
                              help_text=_l("每行一项：事项｜责任人｜完成时限（YYYY-MM-DD）"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label=_l("会议记录"))

    def clean_actions(self):
        try:
            return parse_actions(self.cleaned_data.get("actions", ""))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
