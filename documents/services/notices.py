"""Publishing a public notice (公示): who may, for which year, county or township, how long."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from assessment.models import Cycle
from villages.models import Township
from xixiang.core.errors import DomainError, full_clean_or_raise

from .. import scope
from ..models import PublicNotice
from ..models.notices import MIN_POSTING_DAYS


@transaction.atomic
def notice_publish(
    *,
    actor,
    kind: str,
    year: int,
    township: Township | None,
    published_on: datetime.date,
    posting_days: int,
    contact_phone: str = "",
) -> PublicNotice:
    """Record a notice of `year`'s results or reward lists for the county (township None) or a township."""
    if township is None and not scope.can_publish_county_notices(actor):
        raise DomainError(_("只有县升级晋档办可以发布全县公示"), field="township")
    if township is not None and not scope.publishable_townships(actor).filter(pk=township.pk).exists():
        raise DomainError(_("您不能发布该乡镇的公示"), field="township")
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None or not cycle.results.exists():
        raise DomainError(_("%(year)s 年度尚无考核结果，不能公示") % {"year": year}, field="year")
    if posting_days is None or posting_days < MIN_POSTING_DAYS:
        raise DomainError(_("公示期不得少于 %(days)s 天") % {"days": MIN_POSTING_DAYS}, field="posting_days")
    notice = PublicNotice(
        kind=kind,
        year=year,
        township=township,
        published_on=published_on,
        posting_days=posting_days,
        contact_phone=contact_phone.strip(),
        issued_by=actor,
    )
    full_clean_or_raise(notice)
    notice.save()
    return notice
