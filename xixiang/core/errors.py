"""The domain error every service raises; views turn it into a message next to the field."""


class DomainError(Exception):
    """A rule of the domain refused the change. `message` is Chinese, `field` optional."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
