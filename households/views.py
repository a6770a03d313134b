"""Household list, page, form and deletion. Thin: scope from households.scope, writes via services."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from households import scope as household_scope
from xixiang.accounts import roles
from xixiang.core import page_sections
from xixiang.core.edit import post_action, require
from xixiang.core.errors import ConcurrentEditError, DomainError
from xixiang.core.forms import add_domain_error, versions_rebased
from xixiang.core.views_mixins import ScopedTableView

from . import selectors, services
from .filters import HouseholdFilter
from .forms import HouseholdForm, IncomeRecordFormSet, MemberFormSet
from .models import Household
from .tables import HouseholdTable


class HouseholdListView(ScopedTableView):
    table_class = HouseholdTable
    filterset_class = HouseholdFilter
    template_name = "households/household_list.html"

    def scoped_queryset(self, user):
        return HouseholdTable.rows(household_scope.households(user))

    def get_table_kwargs(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        """Sections other apps add for the village the list is filtered to (the income cards' button)."""
        context = super().get_context_data(**kwargs)
        form = context["filter"].form
        village = form.cleaned_data.get("village") if form.is_bound and form.is_valid() else None
        context["sections"] = page_sections.collect("household_list", self.request, village) if village else []
        return context


def household_detail(request, number: str):
    household = get_object_or_404(
        household_scope.households(request.user).select_related("township", "village", "group"), number=number
    )
    can_edit = household_scope.can_edit_household(request.user, household)
    return render(request, "households/household_detail.html", {
        "household": household,
        "members": household.members.all(),
        "income_records": selectors.income_records_with_category(household),
        "can_edit": can_edit,
        "show_full_id_numbers": can_edit,
        "sections": page_sections.collect("household", request, household),
    })


def household_create(request):
    require(roles.can_edit_registry(request.user))
    return _household_form(request, Household())


def household_edit(request, number: str):
    household = get_object_or_404(household_scope.households(request.user), number=number)
    require(household_scope.can_edit_household(request.user, household))
    return _household_form(request, household)


def _household_form(request, household: Household):
    """The household with its members and income records: three forms, so not `form_page`,
    but the same rules (xixiang.core.edit): a DomainError is shown on the form."""
    data = request.POST if request.method == "POST" else None
    form, members, incomes = _household_forms(data, household, request.user)
    if data is not None and form.is_valid() and members.is_valid() and incomes.is_valid():
        changes = services.HouseholdChanges(
            members_to_save=members.save(commit=False),
            members_to_delete=members.deleted_objects,
            income_records_to_save=incomes.save(commit=False),
            income_records_to_delete=incomes.deleted_objects,
        )
        is_new = household.pk is None
        try:
            saved = services.household_save(actor=request.user, household=form.instance, changes=changes)
        except ConcurrentEditError as error:
            # What the user typed stays; the versions are those stored now, so saving again
            # applies it knowingly.
            rebased = versions_rebased(data, [form, *members.forms, *incomes.forms])
            household = Household.objects.filter(pk=household.pk).first()
            if household is None:
                messages.error(request, error.message)
                return redirect("households:household_list")
            form, members, incomes = _household_forms(rebased, household, request.user)
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            if is_new:  # the rolled-back insert left a primary key on the instance
                form.instance.pk = None
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存农户 %(number)s") % {"number": saved.number})
            return redirect("households:household_detail", number=saved.number)
    return render(request, "households/household_form.html", {
        "form": form, "members": members, "incomes": incomes, "household": household,
    })


def _household_forms(data, household: Household, user):
    return (HouseholdForm(data, instance=household, user=user),
            MemberFormSet(data, instance=household, prefix="members"),
            IncomeRecordFormSet(data, instance=household, prefix="incomes"))


@require_POST
def household_delete(request, number: str):
    household = get_object_or_404(household_scope.households(request.user), number=number)
    require(household_scope.can_edit_household(request.user, household))
    return post_action(
        request, act=lambda: services.household_delete(actor=request.user, household=household),
        success=_("已删除农户 %(number)s") % {"number": number},
        redirect_to="households:household_list", refused_to=("households:household_detail", number),
    )
