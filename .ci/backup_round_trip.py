"""CI: back up the demo county, wipe it, restore it, and find it whole.

On the database of DATABASE_URL (PostgreSQL in .ci/run; a SQLite file in a temporary folder
when unset) with its own var directory: migrate, seed the tiny demo county (archive files
included), `backup`, then drop every table and delete every stored file, migrate nothing,
`restore` (which checks each table's row count and each file's SHA-256 against the backup's
manifest), and `verify_archives` (every archive record's file present and unchanged).

Run from the project directory: `.venv/bin/python .ci/backup_round_trip.py`. Exits non-zero on
the first failure.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PYTHON = sys.executable


def main() -> None:
    var = Path(tempfile.mkdtemp(prefix="xixiang-backup-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "XIXIANG_"))}
    env.update({"XIXIANG_VAR_DIR": str(var / "var"), "DJANGO_TASKS_BACKEND": "immediate",
                "DJANGO_LOG_LEVEL": "WARNING"})
    env.setdefault("DATABASE_URL", f"sqlite:///{var / 'xixiang.sqlite3'}")
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo", "--scale", "tiny")
        manage(env, "backup", str(var / "backup"))
        wipe(env, var / "var")
        manage(env, "restore", str(var / "backup"))
        manage(env, "verify_archives")
    finally:
        shutil.rmtree(var, ignore_errors=True)
    print("backup round trip: passed")


def manage(env: dict, *args: str) -> None:
    print("backup round trip: manage.py", *args, flush=True)
    subprocess.run([PYTHON, "manage.py", *args], env=env, check=True, stdout=subprocess.DEVNULL)


def wipe(env: dict, var: Path) -> None:
    """What a lost server leaves: an empty database (no tables at all) and no stored files."""
    code = (
        "from django.db import connection\n"
        "tables = connection.introspection.table_names()\n"
        "with connection.cursor() as cursor:\n"
        "    if connection.vendor == 'postgresql':\n"
        "        cursor.execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')\n"
        "    else:\n"
        "        cursor.execute('PRAGMA foreign_keys = OFF')\n"
        "        for table in tables:\n"
        "            cursor.execute(f'DROP TABLE \"{table}\"')\n"
        "print(len(tables), 'tables dropped')\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "--no-imports", "-c", code], env=env, check=True)
    media = var / "media"
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)
    print("backup round trip: database and files wiped", flush=True)


if __name__ == "__main__":
    main()
