"""Years: the one reading of a year typed into a query string, a form or a URL.

Every stored year lies in 2000–2100 (the models' validators and constraints); a value outside
that range, or anything that is not four plain digits, is not a year here."""

FIRST_YEAR = 2000
LAST_YEAR = 2100


def parse_year(raw) -> int | None:
    """`raw` (a query or form value, or an int from a URL) as a year, or None when it is not one."""
    text = str(raw).strip() if raw is not None else ""
    if not (text.isascii() and text.isdigit()):
        return None
    year = int(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None
