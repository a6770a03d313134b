"""The sections projects adds to the village, township and county pages (page_sections)."""

from . import scope, selectors


def village_section(request, village) -> dict | None:
    """The village's projects, funds and outputs (all years), as the user may read them."""
    user = request.user
    if not scope.can_read_allocations(user):
        return None
    rows, totals = selectors.village_allocations_and_totals(village, allocations=scope.allocations(user))
    return {"village": village, "rows": rows, "totals": totals}


def _area(request, allocations, title) -> dict | None:
    if not scope.can_read_allocations(request.user):
        return None
    return {"title": title, "totals": selectors.yearly_totals(allocations),
            "can_report": scope.can_read_catalogue(request.user)}


def township_section(request, township) -> dict | None:
    return _area(request, scope.allocations(request.user).filter(township=township), township.name)


def county_section(request, county) -> dict | None:
    return _area(request, scope.allocations(request.user), None)
