"""The administrator's page of task workers (/system/workers/)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from xixiang.accounts import roles

from . import conf, selectors


def workers(request):
    """Each worker (id, host and pid, last heartbeat, alive/stale/stopped, current task), the queue
    and the failures of the last 24 hours. County administrator only."""
    if not roles.is_admin(request.user):
        raise PermissionDenied
    return render(request, "tasks_health/workers.html", {
        "overview": selectors.overview(), "uses_queue": conf.uses_worker_queue(),
    })
