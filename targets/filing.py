"""A village's commitment (目标承诺书) as a PDF, filed in its archive category G3.

A township's commitment is not filed in any archive: archives are per village (domain.md §4),
and copying the township's PDF into G3 of each of its villages would mark every village's G3
present for the year without the village's own commitment, so the completeness rate (and the
月查季考 built on it) could no longer see a village that has not signed. The township's
commitment stays on the township (its PDF rendered on demand, `commitment_pdf`) and each of its
villages shows it beside its own on the village's page (the targets section, next to the
archive section; targets.views.village_context).

One page, rendered in the request (~0.3 s). Public by nature (§10): it carries the village's
figures and the responsible people's names only. Saving a commitment again replaces the PDF in
the same archive record (the earlier file is soft-deleted, so the archive keeps it).
"""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from archives import services as archive_services
from archives.models import ArchiveCategory, ArchiveFile, ArchiveRecord
from xixiang.core.errors import DomainError
from xixiang.lib.pdf import CJK_FONT_FAMILY, render_pdf

from .models import Commitment

CATEGORY = "G3"


def commitment_title(commitment: Commitment) -> str:
    return _("%(name)s%(year)s年度目标承诺书") % {
        "name": commitment.village.name if commitment.village else commitment.township.name, "year": commitment.year}


def commitment_html(commitment: Commitment) -> str:
    return render_to_string("targets/commitment_pdf.html", {
        "c": commitment, "title": commitment_title(commitment), "font_family": CJK_FONT_FAMILY,
        "printed_at": timezone.localtime(),
    })


def commitment_pdf(commitment: Commitment) -> bytes:
    return render_pdf(commitment_html(commitment))


def file_commitment(*, actor, commitment: Commitment) -> ArchiveRecord:
    """File the commitment's PDF in its village's G3 (a new record, or a new file of its record)."""
    category = ArchiveCategory.objects.filter(code=CATEGORY, is_active=True).first()
    if category is None:
        raise DomainError(_("档案类别 G3（年度目标任务）不存在或已停用，无法归档目标承诺"))
    title = commitment_title(commitment)
    upload = ContentFile(commitment_pdf(commitment), name=f"{title}.pdf")
    record = commitment.archive_record
    if record is not None and record.deleted_at is None:
        old = list(ArchiveFile.objects.live().filter(record=record))
        archive_services.archive_files_add(actor=actor, record=record, files=[upload])
        for archive_file in old:
            archive_services.archive_file_delete(actor=actor, archive_file=archive_file)
        return record
    record = archive_services.archive_record_create(
        actor=actor, village=commitment.village, year=commitment.year, category=category, medium=None,
        title=title, record_date=commitment.signed_on, description=_("目标承诺（系统生成）"), files=[upload],
    )
    commitment.archive_record = record
    commitment.save(update_fields=["archive_record"])
    return record
