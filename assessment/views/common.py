"""What the assessment views share: the cycle lookup and role checks (403 before 404)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from xixiang.accounts import scope

from ..models import Cycle


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def cycle_for(request, year: int) -> Cycle:
    """The cycle of `year` if the user's role reads cycles (403 otherwise, 404 when missing)."""
    qs = scope.assessment_cycles(request.user)
    require(scope.has_role(request.user, *scope.ASSESSMENT_CYCLE_READERS))
    return get_object_or_404(qs, year=year)
