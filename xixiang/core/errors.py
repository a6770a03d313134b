"""The domain error every service raises; views turn it into a message next to the field."""


class DomainError(Exception):
    """A rule of the domain refused the change. `message` is Chinese, `field` optional."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def full_clean_or_raise(obj, **kwargs) -> None:
    """`obj.full_clean(**kwargs)`, turning the first validation error into a DomainError on its field."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "message_dict"):
            field, messages = next(iter(exc.message_dict.items()))
        else:
            field, messages = "__all__", exc.messages
        raise DomainError("；".join(messages), field=None if field == "__all__" else field) from exc


class ConcurrentEditError(DomainError):
    """The row was changed by someone else since the editor opened it (optimistic locking).

    `changes` lists (field label, value the editor opened, value now); `current_version` is the
    stored version, to re-base the editor's form on. Raised by xixiang.core.concurrency.
    """

    def __init__(self, message: str, *, changes: list[tuple[str, str, str]], current_version: int | None,
                 summary: str = ""):
        super().__init__(message)
        self.summary = summary or message
        self.changes = changes
        self.current_version = current_version
