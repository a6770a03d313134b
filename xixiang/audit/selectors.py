"""History rows of one object (and its registered child rows) with field-level changes."""

from dataclasses import dataclass

from django.db.models import Model, QuerySet

ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}
SKIPPED_FIELDS = {"updated_at"}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: str
    subject: str
    action: str
    reason: str
    changes: list[FieldChange]


def _display(record, field_name: str, masks: dict) -> str:
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname, None)
    if field_name in masks and value not in (None, ""):
        return masks[field_name](str(value))
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _entries(history: QuerySet, limit: int, masks: dict) -> list[HistoryEntry]:
    """Entries of one history table, each diffed against the previous version of its row."""
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    records.reverse()
    previous_by_row = {}
    entries = []
    for record in records:
        previous = previous_by_row.get(record.id)
        previous_by_row[record.id] = record
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                if change.field in SKIPPED_FIELDS:
                    continue
                changes.append(FieldChange(
                    field=str(record._meta.get_field(change.field).verbose_name),
                    old=_display(previous, change.field, masks),
                    new=_display(record, change.field, masks),
                ))
        entries.append(HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "系统",
            subject=f"{record.instance_type._meta.verbose_name} {record.instance}",
            action=ACTIONS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            changes=changes,
        ))
    return entries


def object_history(obj: Model, related: list[QuerySet] = (), *, limit: int = 300,
                   masks: dict | None = None) -> list[HistoryEntry]:
    """Newest first: who changed what on `obj` and its child rows, old and new values; the
    values of the fields in `masks` (field name → mask function) shown masked."""
    masks = masks or {}
    entries = _entries(obj.history.all(), limit, masks)
    for history in related:
        entries.extend(_entries(history, limit, masks))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
