"""Writes to the hierarchy: villages and groups. Codes never change once used."""

from django.db import transaction
from django.utils.translation import gettext as _

from villages import scope as village_scope
from xixiang.core.errors import DomainError, full_clean_or_raise

from .models import Group, Village


@transaction.atomic
def village_update(*, actor, village: Village) -> Village:
    """Save a village's editable fields (name, terrain, flags, industries)."""
    stored = Village.objects.select_for_update().get(pk=village.pk)
    if not village_scope.can_edit_village(actor, stored):
        raise DomainError(_("您无权修改该村"))
    if stored.code != village.code or stored.township_id != village.township_id:
        raise DomainError(_("村编码和所属乡镇不能修改"), field="code")
    full_clean_or_raise(village)
    village.save()
    return village


@transaction.atomic
def group_save(*, actor, group: Group) -> Group:
    """Create or rename a group; its code must extend its village's code by 2 digits."""
    if not village_scope.can_edit_village(actor, group.village):
        raise DomainError(_("您无权在该村建立或修改小组"))
    if group.pk:
        stored = Group.objects.select_for_update().get(pk=group.pk)
        if stored.code != group.code or stored.village_id != group.village_id:
            raise DomainError(_("组编码和所属村不能修改"), field="code")
    elif not (group.code.startswith(group.village.code) and len(group.code) == 14):
        raise DomainError(
            _("组编码必须是村编码 %(code)s 加 2 位数字") % {"code": group.village.code}, field="code"
        )
    full_clean_or_raise(group)
    group.save()
    return group
