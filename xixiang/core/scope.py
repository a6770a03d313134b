"""Which background document jobs (DocumentJob) a user may see."""

from django.db.models import QuerySet

from xixiang.accounts.roles import is_admin, role_of

from .models import DocumentJob


def document_jobs(user) -> QuerySet[DocumentJob]:
    """Background documents: the administrator sees all, everyone else only what they asked for.

    The job's page and file also check that its subject (a village…) is still in the user's
    scope: see xixiang.core.documents.job_allowed.
    """
    if is_admin(user):
        return DocumentJob.objects.all()
    if role_of(user) is None:
        return DocumentJob.objects.none()
    return DocumentJob.objects.filter(requested_by=user)
