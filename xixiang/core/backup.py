"""Backing up and restoring the whole system: the database and the files of every storage.

A backup is one directory:

    database.pgdump      pg_dump's custom format (PostgreSQL), or database.sqlite3 (SQLite)
    files/<alias>/...    every file of each storage in BACKUP_STORAGES, under its stored name
    manifest.json        when, which database, the row count of every table and each file's
                         size and SHA-256 — what `restore` checks the restored system against

The files are read and written through Django's storages (`STORAGES`), so the same commands
back up a local archive directory and an S3-compatible store. `restore` refuses a database
that already holds data unless told to replace it, then checks every row count and every
file's hash against the manifest. This module imports no app.
"""

import hashlib
import json
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

BACKUP_STORAGES = ("default", "archives")
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (Chinese, for the operator)."""


@dataclass
class RestoreReport:
    """What `restore` found: tables whose row count differs from the manifest, files that differ."""

    tables: int = 0
    files: int = 0
    count_mismatches: list[str] = field(default_factory=list)
    file_mismatches: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.count_mismatches and not self.file_mismatches


def row_counts() -> dict[str, int]:
    """The row count of every concrete model's table, keyed by table name."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in counts:
            continue
        counts[meta.db_table] = model._base_manager.using("default").count()
    return dict(sorted(counts.items()))


def _storage_files(storage, directory: str = ""):
    """Every file name in `storage` below `directory`, depth first (storage API: works on S3 too)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from _storage_files(storage, f"{directory}/{name}" if directory else name)


def _copy(source, target) -> str:
    """Copy the open binary file `source` to `target` in 1 MB blocks; return its SHA-256."""
    digest = hashlib.sha256()
    while block := source.read(CHUNK):
        digest.update(block)
        target.write(block)
    return digest.hexdigest()


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = {"PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432),
            "--username", str(db.get("USER") or "postgres")]
    return env, args


def _run(command: list[str], extra_env: dict) -> None:
    import os

    completed = subprocess.run(command, env={**os.environ, **extra_env}, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BackupError(_("%(program)s 失败（退出码 %(code)s）：%(stderr)s") % {
            "program": command[0], "code": completed.returncode, "stderr": completed.stderr.strip()[:2000]})


def back_up(out: Path, *, progress=print) -> dict:
    """Write a backup of the database and every storage file into the new directory `out`."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(_("备份目录 %(dir)s 不是空的") % {"dir": out})
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"created": timezone.now().isoformat(), "vendor": connection.vendor, "tables": row_counts(),
                "files": {}}
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        _run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(out / PG_DUMP),
              connection.settings_dict["NAME"]], env)
    else:
        target = sqlite3.connect(out / SQLITE_COPY)
        with target:
            connection.ensure_connection()
            connection.connection.backup(target)
        target.close()
    progress(_("数据库：%(tables)s 张表，%(rows)s 行") % {
        "tables": len(manifest["tables"]), "rows": sum(manifest["tables"].values())})
    for alias in BACKUP_STORAGES:
        storage, listed = storages[alias], {}
        for name in _storage_files(storage):
            path = out / "files" / alias / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(path, "wb") as target:
                listed[name] = {"sha256": _copy(source, target), "size": path.stat().st_size}
        manifest["files"][alias] = listed
        progress(_("存储 %(alias)s：%(n)s 个文件") % {"alias": alias, "n": len(listed)})
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def read_manifest(backup: Path) -> dict:
    path = Path(backup) / MANIFEST
    if not path.exists():
        raise BackupError(_("%(dir)s 不是备份目录（没有 %(manifest)s）") % {"dir": backup, "manifest": MANIFEST})
    return json.loads(path.read_text(encoding="utf-8"))


def database_is_empty() -> bool:
    """No table of ours holds a row (a freshly migrated database may hold the catalogues the
    migrations add; those are restored over)."""
    if "accounts_user" not in connection.introspection.table_names():
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM accounts_user LIMIT 1")
        return cursor.fetchone() is None


def restore(backup: Path, *, replace: bool = False, progress=print) -> RestoreReport:
    """Restore the backup in `backup` over this system's database and storages, then check it."""
    backup = Path(backup)
    manifest = read_manifest(backup)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(_("备份来自 %(source)s 数据库，不能恢复到 %(target)s") % {
            "source": manifest["vendor"], "target": connection.vendor})
    if not replace and not database_is_empty():
        raise BackupError(_("数据库中已有数据：确认要覆盖时加 --replace"))
    if connection.vendor == "postgresql":
        connection.close()
        env, args = _pg_env_and_args()
        _run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", connection.settings_dict["NAME"], str(backup / PG_DUMP)], env)
    else:
        connection.close()
        source = sqlite3.connect(backup / SQLITE_COPY)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    # cached figures are keyed by counters in the database, which the restore has moved back
    cache.clear()
    progress(_("数据库已恢复"))
    report = _restore_files(backup, manifest, progress)
    counts = row_counts()
    report.tables = len(counts)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            report.count_mismatches.append(_("%(table)s：备份 %(expected)s 行，恢复后 %(got)s 行") % {
                "table": table, "expected": expected, "got": counts.get(table)})
    return report


def _restore_files(backup: Path, manifest: dict, progress) -> RestoreReport:
    report = RestoreReport()
    for alias, listed in manifest["files"].items():
        storage = storages[alias]
        for name, expected in listed.items():
            source_path = backup / "files" / alias / name
            if not source_path.exists():
                report.file_mismatches.append(_("%(file)s：备份中缺少该文件") % {"file": f"{alias}/{name}"})
                continue
            if storage.exists(name):
                storage.delete(name)
            with open(source_path, "rb") as source:
                stored = storage.save(name, File(source, name=Path(name).name))
            if stored != name:
                report.file_mismatches.append(
                    _("%(file)s：存为 %(stored)s") % {"file": f"{alias}/{name}", "stored": stored})
            with storage.open(stored, "rb") as check:
                digest = hashlib.sha256()
                while block := check.read(CHUNK):
                    digest.update(block)
            if digest.hexdigest() != expected["sha256"]:
                report.file_mismatches.append(_("%(file)s：SHA-256 不符") % {"file": f"{alias}/{name}"})
            report.files += 1
        progress(_("存储 %(alias)s：%(n)s 个文件已恢复") % {"alias": alias, "n": len(listed)})
    return report

