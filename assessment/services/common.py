"""Helpers the assessment services share: validation to DomainError, state checks."""

from django.utils.translation import gettext as _

from xixiang.accounts import roles
from xixiang.core.errors import DomainError

from ..choices import CycleStatus


def require_admin(actor) -> None:
    if not roles.is_admin(actor):
        raise DomainError(_("只有县升级晋档办（管理员）可以进行此操作"))


def require_state(cycle, *states: str, doing: str) -> None:
    """Refuse when the cycle is not in one of `states`; the message names what was refused."""
    if cycle.status in states:
        return
    if cycle.is_closed:
        raise DomainError(_("%(year)s 年度考核已定案，不能再%(doing)s") % {"year": cycle.year, "doing": doing})
    labels = "、".join(str(CycleStatus(s).label) for s in states)
    raise DomainError(
        _("%(year)s 年度考核处于“%(state)s”阶段，只有“%(allowed)s”阶段可以%(doing)s")
        % {"year": cycle.year, "state": cycle.get_status_display(), "allowed": labels, "doing": doing}
    )
