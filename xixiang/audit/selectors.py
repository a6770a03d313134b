"""History rows of one object (and its registered child rows) with field-level changes."""

from dataclasses import dataclass

from django.db.models import Model, QuerySet

ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}
SKIPPED_FIELDS = {"updated_at", "version"}


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


def _subject(record, page_object: Model) -> str:
    """What a history row is about, by name ("收入记录 61072410020101001 2009"), not by id.

    The page's own object is named as it is now; a child row (a member, an income record) is
    its version of then, with its parent, the page's object, set on it so that naming it reads
    nothing more from the database.
    """
    model = record.instance_type
    if model is type(page_object) and record.id == page_object.pk:
        return f"{model._meta.verbose_name} {page_object}"
    instance = record.instance
    for field in model._meta.concrete_fields:
        if field.many_to_one and field.related_model is type(page_object) \
                and getattr(instance, field.attname) == page_object.pk:
            field.set_cached_value(instance, page_object)
    return f"{model._meta.verbose_name} {instance}"


def _entries(history: QuerySet, limit: int, masks: dict, page_object: Model) -> list[HistoryEntry]:
    """Entries of one history table, each diffed against the previous version of its row.

    A change that changed nothing shown (only `updated_at` or `version`, or a save without
    changes) and gives no reason is left out: it would be an empty "修改 —" row.
    """
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
        reason = record.history_change_reason or ""
        if record.history_type == "~" and not changes and not reason:
            continue
        entries.append(HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "系统",
            subject=_subject(record, page_object),
            action=ACTIONS.get(record.history_type, record.history_type),
            reason=reason,
            changes=changes,
        ))
    return entries


def object_history(obj: Model, related: list[QuerySet] = (), *, limit: int = 300,
                   masks: dict | None = None) -> list[HistoryEntry]:
    """Newest first: who changed what on `obj` and its child rows, old and new values; the
    values of the fields in `masks` (field name → mask function) shown masked."""
    masks = masks or {}
    entries = _entries(obj.history.all(), limit, masks, obj)
    for history in related:
        entries.extend(_entries(history, limit, masks, obj))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
