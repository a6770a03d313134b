from django.db import models
from django.utils.translation import gettext_lazy as _

from . import scoring


class Dimension(models.TextChoices):
    """The five dimensions of the assessment (domain.md §7)."""

    A = "A", _("生产发展")
    B = "B", _("生活宽裕")
    C = "C", _("村容整洁")
    D = "D", _("乡风文明")
    E = "E", _("管理民主")


class Source(models.TextChoices):
    DIRECT = scoring.DIRECT, _("直接打分")
    VALUE = scoring.VALUE, _("部门填报数值")
    SURVEY = scoring.SURVEY, _("抽样调查")
    REGISTRY = scoring.REGISTRY, _("农户数据库")
    BALLOTS = scoring.BALLOTS, _("民主测评")


class Mapping(models.TextChoices):
    NONE = "", _("—")
    LINEAR = scoring.LINEAR, _("线性")
    TIERS = scoring.TIERS, _("分档")


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SCORING = "scoring", _("部门打分")
    VERIFICATION = "verification", _("检查验收")
    FINALISED = "finalised", _("已定案")
    PUBLISHED = "published", _("已公布")


class GradeChange(models.TextChoices):
    UP_TWO = scoring.UP_TWO, _("升两级及以上")
    UP_ONE = scoring.UP_ONE, _("升一级")
    SAME = scoring.SAME, _("持平")
    DOWN = scoring.DOWN, _("下降")
    NEW = scoring.NEW, _("无上年级类")


class InspectionMethod(models.TextChoices):
    """What an inspection group does in a village (domain.md §11), each recorded as done or not."""

    VISIT = "visit", _("实地随机到户抽查")
    SITE = "site", _("察看现场")
    RECORDS = "records", _("查阅资料")
    REPORT = "report", _("听取汇报")
    EVALUATION = "evaluation", _("民主测评")
