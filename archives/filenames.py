"""Original file names: checking them and showing their sizes. Pure functions (a download's
Content-Disposition header is xixiang.lib.downloads.content_disposition)."""

import re
import unicodedata

from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 200
DRIVE_PREFIX = re.compile(r"^[A-Za-z]:")
FORBIDDEN_CHARACTERS = set('/\\<>:"|?*')


class BadFileName(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _visible(name: str) -> str:
    """The name with control characters written as escapes, for messages."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _has_control_characters(name: str) -> bool:
    return any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in name)


def check_original_name(name: str) -> str:
    """The name to keep for the file, or BadFileName: no paths, drive prefixes or control characters."""
    if name is None or not name.strip():
        raise BadFileName(_("文件名不能为空"))
    if (
        _has_control_characters(name)
        or DRIVE_PREFIX.match(name)
        or ".." in name.replace("\\", "/").split("/")
        or any(c in FORBIDDEN_CHARACTERS for c in name)
        or name.strip() in {".", ".."}
    ):
        raise BadFileName(
            _('文件名“%(name)s”不合法：不能包含路径（如 ../）、盘符（如 C:）、控制字符或 <>:"|?* 等字符')
            % {"name": _visible(name)}
        )
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise BadFileName(
            _("文件名“%(name)s…”太长（最多 %(max)s 个字符）") % {"name": name[:20], "max": MAX_NAME_LENGTH}
        )
    return unicodedata.normalize("NFC", name)


def format_size(size: int) -> str:
    """Bytes for people: 1,234 字节 / 12.3 KB / 200 MB."""
    if size < 1024:
        return _("%(n)s 字节") % {"n": f"{size:,}"}
    for unit, factor in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        value = size / factor
        if value < 1024 or unit == "GB":
            text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
            return f"{text} {unit}"
    return str(size)
