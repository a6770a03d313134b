"""What a browser would post for a rendered form: each field's value as the page shows it."""

from django import forms


def posted(*items) -> dict:
    """POST data of forms and formsets (management form included) as rendered, unchanged."""
    data = {}
    for item in items:
        members = [item.management_form, *item.forms] if hasattr(item, "management_form") else [item]
        for form in members:
            for bound in form:
                value = bound.value()
                if isinstance(bound.field.widget, forms.CheckboxInput):
                    if value:
                        data[bound.html_name] = "on"
                    continue
                if isinstance(value, list | tuple):
                    data[bound.html_name] = [str(v) for v in value]
                else:
                    data[bound.html_name] = "" if value is None else str(value)
    return data
