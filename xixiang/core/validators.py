"""Django validators wrapping the pure rules in xixiang.lib."""

from django.core.exceptions import ValidationError

from xixiang.lib.id_numbers import InvalidIdNumber, parse_id_number


def validate_id_number(value: str) -> None:
    """Reject anything that is not a canonical, valid resident ID number."""
    try:
        info = parse_id_number(value)
    except InvalidIdNumber as exc:
        raise ValidationError(str(exc), code="invalid_id_number") from exc
    if info.number != value:
        raise ValidationError("身份证号格式不规范（应为 18 位，末位 X 大写）", code="id_number_not_normalised")
