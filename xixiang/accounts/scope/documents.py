"""Scope of background document jobs (xixiang.core.models.DocumentJob)."""

from ..choices import Role
from .registry import _role


def document_jobs(user):
    """Background documents: the administrator sees all, everyone else only what they asked for.

    The job's page and file also check that its subject (a village…) is still in the user's
    scope: see xixiang.core.documents.job_allowed.
    """
    from xixiang.core.models import DocumentJob

    role = _role(user)
    if role == Role.ADMIN:
        return DocumentJob.objects.all()
    if role is None:
        return DocumentJob.objects.none()
    return DocumentJob.objects.filter(requested_by=user)
