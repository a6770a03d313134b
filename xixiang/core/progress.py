"""Progress of background jobs: reported one way, read one way, shown by one partial.

Every long job (a document, a roster check or commit, an archive check) is a model instance
with a `job_state` (a JobState value, xixiang/core/choices.py) whose task (in its app's tasks.py)
calls one service. While it runs, the service says how far it is:

    with progress.reporting(job) as report:
        report(done, total, stage)

`report` writes a small record per job outside the database: a roster commit runs in one
database transaction, so progress written through its connection would only appear when it
ends, and on SQLite a second connection cannot write while the commit holds the write lock.
With XIXIANG_REDIS_URL set the record goes to the `progress` cache (Django's RedisCache, shared
by every web and worker machine; the task queue of several machines needs Redis anyway);
without it, to a JSON file under XIXIANG_VAR_DIR/progress/ (one machine: web and worker share
that directory). A store that is away (Redis restarting) costs the report, never the job.
Each job reports at its own cadence (the roster engine at most every 0.5 s, the archive check
every 500 files, a document at each of its stages), never once per row. The report is removed
when the block ends, however it ends, and by the recovery hooks (xixiang/tasks_health) of a job whose worker died.

A progress page calls `recover(job)` (a running job whose worker died is recovered first),
then shows `Progress.of(job, …)` with templates/core/_progress.html: the same state labels,
bar, counts, messages and no-worker notice on every page. A job that ended badly carries a
message worded by `interrupted_message` or `failed_message`.
"""

import json
import logging
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

from xixiang.tasks_health import registry as tasks_health_registry
from xixiang.tasks_health.selectors import no_worker_notice
from xixiang.tasks_health.services import tasks_recover_for_page

from .choices import FINISHED_STATES, JobState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Report:
    """What a running job last reported: `done` of `total` (rows, files, or percent) and its stage."""

    done: int
    total: int
    stage: str = ""


KEEP_SECONDS = 24 * 3600  # a report left behind by a killed worker expires from the cache


def _key(job) -> str:
    """The report of `job`, keyed by its model and primary key (a hook holding only the id
    passes an unsaved `Model(pk=id)`)."""
    return f"{job._meta.label_lower}-{job.pk}"


def _cache():
    """The shared `progress` cache, or None on one machine (PROGRESS_CACHE unset: files)."""
    alias = getattr(settings, "PROGRESS_CACHE", "")
    return caches[alias] if alias else None


def _path(job) -> Path:
    return Path(settings.VAR_DIR) / "progress" / f"{_key(job)}.json"


def report(job, done: int, total: int, stage: str = "") -> None:
    """Record how far `job` is (replacing its previous report atomically)."""
    data = {"done": done, "total": total, "stage": stage}
    cache = _cache()
    if cache is not None:
        try:
            cache.set(_key(job), data, KEEP_SECONDS)
        except Exception as exc:  # the store is away: the job goes on, its page shows the last report
            logger.warning("Progress of %s not recorded (%s)", _key(job), type(exc).__name__)
        return
    path = _path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False))
    os.replace(temporary, path)


def read(job) -> Report | None:
    """The last report of `job` (None when there is none, it is being replaced, or the store is away)."""
    try:
        cache = _cache()
        data = cache.get(_key(job)) if cache is not None else json.loads(_path(job).read_text())
        return Report(int(data["done"]), int(data["total"]), str(data.get("stage", "")))
    except Exception:  # no report, a half-written file or an unreachable store alike
        return None


def clear(job) -> None:
    cache = _cache()
    if cache is None:
        _path(job).unlink(missing_ok=True)
        return
    try:
        cache.delete(_key(job))
    except Exception as exc:  # the store is away: the report expires on its own
        logger.warning("Progress of %s not removed (%s)", _key(job), type(exc).__name__)


@contextmanager
def reporting(job):
    """A block in which `job` reports its progress (`report(done, total, stage="")`); the report
    is removed when the block ends."""
    try:
        yield lambda done, total, stage="": report(job, done, total, stage)
    finally:
        clear(job)


def recover(job) -> bool:
    """For a progress page: when `job` is not finished, recover tasks whose worker died
    (xixiang/tasks_health) and read `job` again if one was. True if it was read again."""
    if tasks_recover_for_page(running=job.job_state not in FINISHED_STATES):
        job.refresh_from_db()
        return True
    return False


def interrupted_message(cause: str, *, action: str, retry: str) -> str:
    """The message of a job whose worker died (WORKER_LOST) or lost the database (DATABASE_LOST):
    '<action>中断：<what happened>，<retry>', e.g. '核验中断：处理该任务的后台进程已停止，请重新核验'."""
    if cause == tasks_health_registry.DATABASE_LOST:
        why = _("后台进程与数据库的连接中断")
    else:
        why = _("处理该任务的后台进程已停止")
    return _("%(action)s中断：%(why)s，%(retry)s") % {"action": action, "why": why, "retry": retry}


def failed_message(*, action: str) -> str:
    """The message of a job stopped by an unexpected error (logged with its traceback, never shown)."""
    return _("%(action)s失败：发生内部错误，请稍后重试或联系管理员") % {"action": action}


@dataclass(frozen=True)
class Progress:
    """What templates/core/_progress.html shows of one job.

    `stage` says what the job does now or what it came to ("正在检查：读取“农户”表", "排版",
    "发现问题"); `done`/`total` count `unit`s ("行", "个文件"; no unit: the bar only);
    `summary` follows the state ("34 张"); `message` is shown when the job failed or was
    interrupted; `poll_url` is polled every `poll_seconds` until the job is finished;
    `result_url` is a button labelled `result_label` once it is done.
    """

    state: str
    stage: str = ""
    done: int = 0
    total: int = 0
    unit: str = ""
    summary: str = ""
    message: str = ""
    poll_url: str = ""
    poll_seconds: int = 2
    no_worker: bool = False
    result_url: str = ""
    result_label: str = ""

    @classmethod
    def of(cls, job, *, stage: str = "", reported: Callable[[str], str] = str, done: int = 0, total: int = 0,
           queued_since: datetime | None = None, **shown) -> "Progress":
        """The progress of `job` as its page shows it. While it runs, its last report gives `done`,
        `total` and the stage (`stage`, then the reported stage worded by `reported`). While it
        is queued, `queued_since` (when it was queued) tells whether to say no worker is alive."""
        state = job.job_state
        live = read(job) if state == JobState.RUNNING else None
        if live is not None:
            done, total = live.done, live.total
            if live.stage:
                stage = "：".join(str(part) for part in (stage, reported(live.stage)) if part)
        waiting = state == JobState.QUEUED and queued_since is not None
        return cls(state=state, stage=stage, done=done, total=total,
                   no_worker=waiting and no_worker_notice(queued_since=queued_since), **shown)

    @property
    def state_label(self) -> str:
        return JobState(self.state).label

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def ended_badly(self) -> bool:
        return self.state in (JobState.FAILED, JobState.INTERRUPTED)

    @property
    def polls(self) -> bool:
        return bool(self.poll_url) and not self.finished

    @property
    def shows_bar(self) -> bool:
        return not self.ended_badly

    @property
    def counted(self) -> bool:
        """Whether the counts are shown ("已处理 250 / 1,000 行（25%）")."""
        return bool(self.unit) and self.state == JobState.RUNNING and self.total > 0

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def done_text(self) -> str:
        return f"{self.done:,}"

    @property
    def total_text(self) -> str:
        return f"{self.total:,}"
