#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh onto this machine, then check it:
#   deploy/restore.sh /var/backups/xixiang/2026-12-01-0230 [--replace]
# Stop the web and worker services first (systemctl stop xixiang-web xixiang-worker); the
# database must exist (createdb); --replace overwrites one that already holds data.
# `restore` compares every table's row count and every file's SHA-256 with the backup's manifest,
# `verify_archives` re-hashes every archive file against its record; both exit 1 on a difference.
set -euo pipefail
cd "$(dirname "$0")/.."
backup="${1:?用法：deploy/restore.sh 备份目录 [--replace]}"
shift
.venv/bin/python manage.py restore "$backup" "$@"
.venv/bin/python manage.py verify_archives
echo "恢复完成，可以启动服务：systemctl start xixiang-web xixiang-worker"
