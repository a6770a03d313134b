from django.db import models
from django.utils.translation import gettext_lazy as _


class CadreLevel(models.TextChoices):
    """A cadre's level. The first three are party cadres (机关干部), bound by the ≥ 2 households rule."""

    COUNTY = "county", _("县级领导")
    SECTION = "section", _("科级干部")
    STAFF = "staff", _("一般干部")
    VILLAGE = "village", _("村干部")
    DEMONSTRATION = "demonstration", _("示范户")


#: Levels that are party cadres: each must hold at least 2 households (domain.md §5).
PARTY_LEVELS = (CadreLevel.COUNTY, CadreLevel.SECTION, CadreLevel.STAFF)
#: Levels that may adopt a village as a leader contact point (领导联点).
LEADER_LEVELS = (CadreLevel.COUNTY, CadreLevel.SECTION)


class RecordKind(models.TextChoices):
    """What an assistance record gave (帮扶记录类别)."""

    VISIT = "visit", _("走访")
    MONEY = "money", _("慰问金")
    GOODS = "goods", _("物资种苗")
    TRAINING = "training", _("技术培训")
    PROJECT_FUNDS = "project_funds", _("协调项目资金")
    INCOME_CARD = "income_card", _("发放增收明白卡")


class Ledger(models.TextChoices):
    """The three pairing ledgers of 三联三帮."""

    LEADER = "leader", _("领导联点")
    UNIT = "unit", _("部门联村")
    HOUSEHOLD = "household", _("干部联户")
