"""Progress of a running import, readable by the web process while the worker writes.

A commit runs inside one database transaction, so progress written to the database would
only appear when it ends; the worker therefore writes it to a small JSON file per batch
under XIXIANG_VAR_DIR (web and worker share that directory on the county server).
"""

import json
import os
from pathlib import Path

from django.conf import settings


def _path(batch_id: int) -> Path:
    return Path(settings.VAR_DIR) / "roster-progress" / f"{batch_id}.json"


def publish(batch_id: int, phase: str, done: int, total: int) -> None:
    path = _path(batch_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"phase": phase, "done": done, "total": total}, ensure_ascii=False))
    os.replace(temporary, path)


def read(batch_id: int) -> dict | None:
    try:
        return json.loads(_path(batch_id).read_text())
    except (OSError, ValueError):
        return None


def clear(batch_id: int) -> None:
    _path(batch_id).unlink(missing_ok=True)
