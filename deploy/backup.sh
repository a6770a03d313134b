#!/usr/bin/env bash
# Nightly backup: the database (pg_dump) and every stored file (archives, generated documents)
# into /var/backups/xixiang/YYYY-MM-DD-HHMM, keeping the newest $KEEP (default 14).
# Run as the xixiang user with the service's environment, e.g. from cron:
#   30 2 * * *  xixiang  set -a; . /etc/xixiang/xixiang.env; set +a; /opt/xixiang/deploy/backup.sh
# Copy the backup directory off the machine (rsync, the object store's own replication).
set -euo pipefail
cd "$(dirname "$0")/.."
root="${XIXIANG_BACKUP_DIR:-/var/backups/xixiang}"
keep="${KEEP:-14}"
target="$root/$(date +%Y-%m-%d-%H%M)"
mkdir -p "$root"
.venv/bin/python manage.py backup "$target"
# the newest $keep backups stay
ls -1d "$root"/*/ 2>/dev/null | sort | head -n "-$keep" | xargs -r rm -rf
