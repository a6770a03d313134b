"""What the assessment views share: the cycle lookup (403 before 404, through
xixiang.core.edit.require)."""

from django.shortcuts import get_object_or_404

from assessment import scope as assessment_scope
from xixiang.core.edit import require

from ..models import Cycle


def cycle_for(request, year: int) -> Cycle:
    """The cycle of `year` if the user's role reads cycles (403 otherwise, 404 when missing)."""
    qs = assessment_scope.cycles(request.user)
    require(assessment_scope.can_read_cycles(request.user))
    return get_object_or_404(qs, year=year)
