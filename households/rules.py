"""The household rules every entry point shares (the web form, the roster import), pure: plain
values in, the cleaned value or a message out; no models, no database.

Messages are translated (gettext, the active language) only when a value breaks a rule, so the
roster import's checks of its ~1,000,000 valid cells never call gettext.
"""

from django.utils.translation import gettext as _

#: Characters that make a spreadsheet treat typed text as a formula ("formula injection").
FORMULA_PREFIXES = ("=", "+", "-", "@")
NAME_MAX_LENGTH = 20
HEAD_NAME_MIN_LENGTH = 2
MEMBER_NAME_MIN_LENGTH = 1


def person_name_problem(text: str, *, minimum: int) -> str | None:
    """What is wrong with a person's name (already trimmed), or None: it may not be blank, may not
    start like a formula, and has `minimum`–20 characters (a head of household at least 2)."""
    if not text:
        return _("不能为空")
    if text.startswith(FORMULA_PREFIXES):
        return _("不能以 =、+、-、@ 开头（疑似公式）")
    if not minimum <= len(text) <= NAME_MAX_LENGTH:
        return _("应为 %(minimum)s–20 个字，现在是 %(length)s 个字") % {"minimum": minimum, "length": len(text)}
    return None
