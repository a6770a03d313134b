"""Optimistic concurrency: a save is refused when the row changed since the editor opened it.

Every editable row that two people may open at once (households, members, income records,
archive records, score cells, pairings, plans) has a `version` column, 1 when created. A form
carries the version it was opened with; the service claims the next version with

    UPDATE … SET version = version + 1 WHERE <the row> AND version = <opened>

before it writes. The UPDATE is atomic on SQLite and PostgreSQL (on PostgreSQL a second,
concurrent UPDATE waits for the first transaction and then finds the version moved on), so of
two saves opened at the same version exactly one wins. The loser gets a ConcurrentEditError
whose message says who changed the row and when, and lists what changed (field: the value the
editor opened → the value now), read from the history rows (django-simple-history) written
since the opened version. The claim happens inside the service's transaction, so a refusal
further on (validation, a stale child row) rolls the claim back too.

Bulk writes (the roster import, the score upload) bump `version` on every row they update, so
a form opened before them is refused after them. Imports no app.
"""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ConcurrentEditError

VERSION = "version"
#: Columns that change on every save, or never, and tell the editor nothing.
QUIET_FIELDS = {"id", VERSION, "updated_at", "created_at", "entered_at", "adjusted_at", "recorded_at"}


def opened_version(raw) -> int:
    """The version a form says it was opened with; 0 (matches no stored row) when missing or not a number."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return 0
    return max(value, 0)


def version_claim(instance, *, opened: int | None = None) -> None:
    """Claim the next version of a stored row, or raise ConcurrentEditError.

    `opened` defaults to `instance.version` (what the editor's form set). On success the
    instance's version is the claimed one, so the following `save()` (and its history row)
    stores it.
    """
    model = type(instance)
    opened = instance.version if opened is None else opened
    rows = model._base_manager.filter(pk=instance.pk, version=opened).update(version=F(VERSION) + 1)
    if rows != 1:
        raise concurrent_edit_error(model, {model._meta.pk.name: instance.pk}, opened)
    instance.version = opened + 1


def version_check(model, lookup: dict, opened: int, *, current=None) -> None:
    """Refuse a write to the row `lookup` names (or to its absence, `opened` 0) when its stored
    version is not `opened`. For rows that may not exist yet (a score cell): `current` is the
    row as locked by the caller (select_for_update), or None."""
    stored = current.version if current is not None else 0
    if stored != opened:
        raise concurrent_edit_error(model, lookup, opened)


def next_version(model, lookup: dict) -> int:
    """The version a row re-created at `lookup` starts from: one past any it had before (a score
    cell cleared and entered again must not match a form opened on the old one)."""
    versions = model.history.filter(**lookup).values_list(VERSION, flat=True)
    return max(versions, default=0) + 1


def changed_fields(stored, instance) -> list[str]:
    """Names of the concrete fields whose values differ between two instances of one model."""
    return [
        field.name for field in type(instance)._meta.concrete_fields
        if field.name not in QUIET_FIELDS and getattr(stored, field.attname) != getattr(instance, field.attname)
    ]


def concurrent_edit_error(model, lookup: dict, opened: int) -> ConcurrentEditError:
    """The refusal of a stale save: who changed the row and when, and each field's opened and current value."""
    current = model._base_manager.filter(**lookup).first()
    history = model.history.filter(**lookup).select_related("history_user").order_by("history_date", "history_id")
    rows = list(history)
    base = next((r for r in reversed(rows) if r.version <= opened), None) if opened else None
    later = [r for r in rows if r.version > opened] if opened else rows
    names = []
    for row in later:
        name = str(row.history_user) if row.history_user else _("系统导入或他人")
        if name not in names:
            names.append(name)
    subject = current if current is not None else (rows[-1].instance if rows else "")
    what = _("%(kind)s“%(name)s”") % {"kind": model._meta.verbose_name, "name": subject}
    by = _("已被 %(who)s 于 %(when)s ") % {
        "who": "、".join(names), "when": timezone.localtime(later[-1].history_date).strftime("%Y-%m-%d %H:%M"),
    } if later else _("已被他人")
    if current is None:
        summary = _("%(what)s在您打开后%(by)s删除。") % {"what": what, "by": by}
        return ConcurrentEditError(_advised(summary), summary=summary, changes=[], current_version=None)
    changes = _changes(model, base, current) if base is not None or not opened else []
    listed = "；".join(_("%(field)s：%(old)s → %(new)s") % {"field": f, "old": o, "new": n} for f, o, n in changes)
    summary = _("%(what)s在您打开后%(by)s修改。") % {"what": what, "by": by}
    if listed:
        summary += _("期间的改动：%(changes)s。") % {"changes": listed}
    return ConcurrentEditError(_advised(summary), summary=summary, changes=changes, current_version=current.version)


def _advised(summary: str) -> str:
    return summary + _("本次保存未生效：您填写的内容仍在表单中，表单已按最新版本更新，请核对后重新保存。")


def version_claims(instances) -> None:
    """`version_claim` for each stored instance (unsaved ones are skipped); one ConcurrentEditError
    naming every stale row when any is (the caller's transaction then stores nothing)."""
    errors = []
    for instance in instances:
        if instance.pk is None:
            continue
        try:
            version_claim(instance)
        except ConcurrentEditError as error:
            errors.append(error)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        summary = " ".join(error.summary for error in errors)
        raise ConcurrentEditError(_advised(summary), summary=summary,
                                  changes=[change for error in errors for change in error.changes],
                                  current_version=errors[0].current_version)


def _changes(model, base, current) -> list[tuple[str, str, str]]:
    history_fields = {field.name for field in model.history.model._meta.concrete_fields}
    changes = []
    for field in model._meta.concrete_fields:
        if field.name in QUIET_FIELDS or field.name not in history_fields:
            continue
        old = getattr(base, field.attname) if base is not None else None
        if old != getattr(current, field.attname):
            changes.append((str(field.verbose_name), _shown(base, field), _shown(current, field)))
    return changes


def _shown(obj, field) -> str:
    value = getattr(obj, field.attname) if obj is not None else None
    if value is None or value == "":
        return "—"
    if field.is_relation:
        try:
            return str(getattr(obj, field.name))
        except field.related_model.DoesNotExist:
            return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)
