"""{% household_assistance_section household %}: 六到户, pairings and plans on the household
page. It reads through assistance.selectors with a fixed number of queries."""

from django import template
from django.utils import timezone

from assistance import scope as assistance_scope

from .. import selectors
from ..six_to_household import six_to_household

register = template.Library()


@register.inclusion_tag("assistance/household_section.html", takes_context=True)
def household_assistance_section(context, household):
    user = context["request"].user
    info = selectors.household_assistance(household)
    plan = info.plan
    assessed = next((p for p in info.plans if p.result_income is not None), None)
    leaders = [plan.leader.name] if plan and plan.leader_id else [p.leader.name for p in info.village_leaders]
    six = six_to_household(
        surveyed_year=household.latest_income_year,
        category_label=household.get_category_display() if household.category else "",
        cadre_names=[c.name for c in info.cadres],
        plan_year=plan.year if plan else None,
        target_income=plan.target_income if plan else None,
        leader_names=leaders,
        result_income=assessed.result_income if assessed else None,
        result_note=assessed.result_note if assessed else "",
        result_year=assessed.year if assessed else None,
        result_target=assessed.target_income if assessed else None,
    )
    can_plan = assistance_scope.can_record(user) and assistance_scope.plan_households(user).filter(pk=household.pk).exists()
    latest = max([p.year for p in info.plans], default=timezone.localdate().year - 1)
    return {"household": household, "info": info, "six": six, "can_plan": can_plan, "next_year": latest + 1,
            "request": context["request"]}
