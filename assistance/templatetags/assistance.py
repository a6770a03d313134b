"""{% household_assistance_section household %}: 六到户, pairings and plans on the household
page. The households app (below this one) cannot ask assistance for them, so its page includes
this tag; the tag only wires the user's scope to the selector that builds the section's context
(assistance.selectors.household_section, a fixed number of queries)."""

from django import template

from assistance import scope as assistance_scope

from .. import selectors

register = template.Library()


@register.inclusion_tag("assistance/household_section.html", takes_context=True)
def household_assistance_section(context, household):
    request = context["request"]
    section = selectors.household_section(household, can_plan=assistance_scope.can_plan(request.user, household))
    return {**section, "request": request}
