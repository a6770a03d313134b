"""Writes to the project catalogue and its allocations.

Each service is keyword-only and atomic, checks the actor's scope through projects/scope.py,
calls full_clean_or_raise() and raises DomainError with a Chinese message. A project's
allocations never exceed its investment: every write that changes an allocation's amount (or
the investment) locks the project row first (SELECT … FOR UPDATE), so two allocations saved at
once are checked one after the other.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from xixiang.accounts.roles import is_admin
from xixiang.core import figures
from xixiang.core.concurrency import version_claim
from xixiang.core.errors import DomainError, full_clean_or_raise
from xixiang.lib.money import InvalidAmount, round_yuan, to_yuan

from . import scope as project_scope
from .choices import AllocationStatus
from .models import Allocation, AllocationOutput, OutputKind, Project
from .rules import over_investment

EVIDENCE_CATEGORY = "G4"


def amount_parse(value, label: str) -> Decimal:
    """A non-negative amount or quantity from user input, or DomainError naming `label`."""
    try:
        amount = to_yuan(value, allow_negative=True)
    except InvalidAmount as exc:
        raise DomainError(_("%(label)s“%(v)s”不是数字") % {"label": label, "v": value}) from exc
    if amount < 0:
        raise DomainError(_("%(label)s不能为负数") % {"label": label})
    return amount


def _allocated(project_id: int, *, excluding: int | None = None) -> Decimal:
    qs = Allocation.objects.filter(project_id=project_id)
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _locked_project(project_id: int) -> Project:
    return Project.objects.select_for_update().get(pk=project_id)


def over_investment_message(project: Project, allocated: Decimal, amount: Decimal) -> str:
    return _(
        "项目“%(name)s”总投资 %(investment)s 元，已安排 %(allocated)s 元，本次 %(amount)s 元将超出 %(excess)s 元"
    ) % {
        "name": project.name, "investment": round_yuan(project.investment), "allocated": round_yuan(allocated),
        "amount": round_yuan(amount), "excess": round_yuan(over_investment(project.investment, allocated, amount))}


@transaction.atomic
def project_save(*, actor, project: Project) -> Project:
    """Create or change a project of the catalogue (admin; a scorer for their department)."""
    if not project_scope.can_edit_projects(actor):
        raise DomainError(_("您无权维护项目"))
    if not is_admin(actor) and project.department_id != actor.department_id:
        raise DomainError(_("只能维护本部门的项目"), field="department")
    if project.investment is not None and project.investment < 0:
        raise DomainError(_("总投资不能为负数"), field="investment")
    if project.pk:
        if not project_scope.editable_projects(actor).filter(pk=project.pk).exists():
            raise DomainError(_("您无权修改该项目"))
        _locked_project(project.pk)
        version_claim(project)
        allocated = _allocated(project.pk)
        if project.investment is not None and allocated > project.investment:
            raise DomainError(_("该项目已安排资金 %(allocated)s 元，总投资不能少于已安排资金")
                              % {"allocated": round_yuan(allocated)}, field="investment")
        if Allocation.objects.filter(project=project).exclude(year=project.year).exists():
            Allocation.objects.filter(project=project).update(year=project.year)
            figures.bump(Allocation)  # a bulk update: no signals
    else:
        project.created_by = actor
    full_clean_or_raise(project, exclude=["created_by"])
    project.save()
    return project


def _check_evidence(allocation: Allocation) -> None:
    record = allocation.evidence
    if record is None:
        return
    if record.village_id != allocation.village_id:
        raise DomainError(_("佐证档案必须是该村的档案记录"), field="evidence")
    if record.category.code != EVIDENCE_CATEGORY:
        raise DomainError(_("佐证档案必须属于“G4 项目建设”类别"), field="evidence")
    if record.is_deleted:
        raise DomainError(_("佐证档案已删除"), field="evidence")


def _check_status_dates(allocation: Allocation) -> None:
    if allocation.status == AllocationStatus.COMPLETED and allocation.completion_date is None:
        raise DomainError(_("已完成的项目安排须填写完工日期"), field="completion_date")
    if allocation.status == AllocationStatus.UNDER_WAY and allocation.start_date is None:
        raise DomainError(_("在建的项目安排须填写开工日期"), field="start_date")
    if allocation.status != AllocationStatus.COMPLETED and allocation.completion_date is not None:
        raise DomainError(_("未完成的项目安排不能填写完工日期"), field="completion_date")


def _check_outputs(outputs) -> list[tuple[OutputKind, Decimal]]:
    seen, clean = set(), []
    for kind, quantity in outputs:
        if kind.pk in seen:
            raise DomainError(_("建设内容“%(name)s”重复") % {"name": kind.name})
        seen.add(kind.pk)
        clean.append((kind, amount_parse(quantity, _("%(name)s数量") % {"name": kind.name})))
    return clean


@transaction.atomic
def allocation_save(*, actor, allocation: Allocation, outputs=None) -> Allocation:
    """Create or change an allocation and (when given) replace its outputs [(OutputKind, quantity)].

    Refused: a project or village outside the actor's scope, a negative amount or quantity, and
    an amount that would take the project's allocations above its investment."""
    project = _locked_project(allocation.project_id)
    if not project_scope.editable_projects(actor).filter(pk=project.pk).exists():
        raise DomainError(_("您无权为该项目安排资金"), field="project")
    if not project_scope.allocatable_villages(actor).filter(pk=allocation.village_id).exists():
        raise DomainError(_("行政村“%(name)s”不在您的管辖范围内") % {"name": allocation.village.name}, field="village")
    if allocation.pk:
        stored = Allocation.objects.filter(pk=allocation.pk, project_id=project.pk).first()
        if stored is None or not project_scope.editable_allocations(actor).filter(pk=allocation.pk).exists():
            raise DomainError(_("您无权修改该项目安排"))
        version_claim(allocation)
    if allocation.amount is None:
        raise DomainError(_("请填写安排资金"), field="amount")
    if allocation.amount < 0:
        raise DomainError(_("安排资金不能为负数"), field="amount")
    allocated = _allocated(project.pk, excluding=allocation.pk)
    if over_investment(project.investment, allocated, allocation.amount):
        raise DomainError(over_investment_message(project, allocated, allocation.amount), field="amount")
    allocation.year = project.year
    allocation.township_id = allocation.village.township_id
    _check_status_dates(allocation)
    _check_evidence(allocation)
    clean_outputs = _check_outputs(outputs) if outputs is not None else None
    if not allocation.pk:
        allocation.created_by = actor
    full_clean_or_raise(allocation, exclude=["created_by", "township", "year"])
    allocation.save()
    if clean_outputs is not None:
        allocation.outputs.all().delete()
        for kind, quantity in clean_outputs:
            if quantity > 0:
                AllocationOutput.objects.create(allocation=allocation, kind=kind, quantity=quantity)
    return allocation


@transaction.atomic
def allocation_delete(*, actor, allocation: Allocation) -> None:
    if not project_scope.editable_allocations(actor).filter(pk=allocation.pk).exists():
        raise DomainError(_("您无权删除该项目安排"))
    _locked_project(allocation.project_id)
    allocation.outputs.all().delete()
    allocation.delete()
